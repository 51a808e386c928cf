/**
 * The write rules of the Images API (docs/CONTRACT.md §4, §7): image ids, image ids in paths, metadata, creator,
 * the upload form's fields, direct-upload fields and PATCH bodies. The local API enforces them, the proxy checks
 * every write with them before forwarding it, and the dashboard checks them before sending. Pure TypeScript with Web
 * APIs only (FormData, TextEncoder): runs in Node, Workers and the browser.
 *
 * Each rule comes in two forms: `validateX` answers `{ok, value}` or `{ok: false, error}` (for forms in the UI), and
 * the readers of whole requests (`readUploadFields`, `readDirectUploadFields`, `readImagePatch`) throw a
 * `WriteRuleError`, which the server answers as Cloudflare's envelope with its status and code.
 */
import { ErrorCode, type ApiMessage } from './envelope';

export const WRITE_LIMITS = {
  /** Metadata as compact JSON, in UTF-8 bytes. */
  maxMetadataBytes: 1024,
  /** Nesting of metadata: the top object is level 1. */
  maxMetadataDepth: 32,
  maxCreatorLength: 1024,
  maxIdLength: 1024,
  /** Direct upload `expiry`: 2 minutes to 6 hours ahead, default 30 minutes. */
  minExpiryMs: 2 * 60_000,
  maxExpiryMs: 6 * 3_600_000,
  defaultExpiryMs: 30 * 60_000,
  /** A PATCH body (JSON) larger than this is refused with 413 before it is parsed. */
  maxPatchBodyBytes: 64 * 1024,
  /** An upload's file (§4: "at most 10 MB"): larger is 413 / 5413. The dashboard refuses it before sending. */
  maxUploadBytes: 10 * 1024 * 1024,
} as const;

/** `images/v1/<word>` routes of Cloudflare's that are not images (§7): never forwarded, never an image id. */
export const RESERVED_IMAGE_PATHS = ['keys', 'variants', 'config', 'batch_token'] as const;

/** A broken rule, with the HTTP status and the contract's code to answer it with. */
export class WriteRuleError extends Error {
  readonly status: 400 | 404 | 409 | 410 | 413 | 415;
  readonly code: number;

  constructor(message: string, status: WriteRuleError['status'] = 400, code: number = ErrorCode.invalidRequest) {
    super(message);
    this.name = 'WriteRuleError';
    this.status = status;
    this.code = code;
  }

  get apiMessage(): ApiMessage {
    return { code: this.code, message: this.message };
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: WriteRuleError };

function attempt<T>(run: () => T): Checked<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof WriteRuleError) return { ok: false, error };
    throw error;
  }
}

const invalid = (message: string) => new WriteRuleError(message);

// ---------------------------------------------------------------------------------------------------------------
// Ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuidShaped(id: string): boolean {
  return UUID.test(id);
}

/** Custom ids are exactly the ids that are not UUID-shaped (a custom id may not look like one). */
export function isCustomId(id: string): boolean {
  return !isUuidShaped(id);
}

/**
 * The reserved word an id (or an id-like path) names, compared case-insensitively with `\` read as `/` and
 * surrounding whitespace ignored, or `null`. `keys`, `Keys`, ` keys`, `keys/x` and `keys\x` all name `keys`.
 */
export function reservedWordOf(id: string): string | null {
  // Whitespace around the word is ignored too: a server that trims `keys%20` must not reach `keys`.
  const first = id.replace(/\\/g, '/').split('/')[0]!.trim().toLowerCase();
  return (RESERVED_IMAGE_PATHS as readonly string[]).includes(first) ? first : null;
}

/**
 * The rules every image id obeys, generated or custom, except the custom id's "not UUID-shaped": at most 1024
 * characters, no `/` at either end, no control characters, no empty, `.` or `..` segment (URL normalisation would
 * change such an id; docs/decisions.md), not a reserved word of §7 (nor starting with one and `/`), not `stats`,
 * and no last segment `blob` (`…/images/v1/<id>/blob` is the blob route).
 */
function checkIdShape(id: string): void {
  if (id.length === 0) throw invalid("Invalid id: empty; leave 'id' out to get a generated one");
  if (id.length > WRITE_LIMITS.maxIdLength) {
    throw invalid(`Invalid id: ${id.length} characters, maximum ${WRITE_LIMITS.maxIdLength}`);
  }
  if (id.startsWith('/') || id.endsWith('/')) throw invalid("Invalid id: must not start or end with '/'");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) throw invalid('Invalid id: must not contain control characters');
  const segments = id.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw invalid("Invalid id: segments between '/' must not be empty, '.' or '..'");
  }
  const reserved = reservedWordOf(id);
  if (reserved !== null || id.toLowerCase() === 'stats') {
    throw invalid(
      `Invalid id: '${reserved ?? 'stats'}' names one of Cloudflare's images/v1 routes (${RESERVED_IMAGE_PATHS.join(', ')}, stats); choose another id`,
    );
  }
  if (segments.length > 1 && segments[segments.length - 1]!.toLowerCase() === 'blob') {
    throw invalid("Invalid id: must not end with '/blob' (that path is the original's route); choose another id");
  }
}

/** Checks a custom id (§4, §7); throws `WriteRuleError` (400 / 5400) with the reason. */
export function checkCustomId(id: string): void {
  checkIdShape(id);
  if (isUuidShaped(id)) throw invalid('Invalid id: a custom id must not be UUID-shaped; leave it out to get a UUID');
}

export function validateCustomId(id: string): Checked<string> {
  return attempt(() => {
    checkCustomId(id);
    return id;
  });
}

/** Checks an id named in a path: a UUID or a valid custom id (§7: 400 / 5400 otherwise). */
export function checkImageId(id: string): void {
  if (isUuidShaped(id)) return;
  checkIdShape(id);
}

/**
 * The image id in the rest of a path after `…/images/v1/` (still percent-encoded), decoded once (§7): `a%2Fb` and
 * `a/b` are the same id, `%252F` is the id with a literal `%2F`. `null` when the escapes are invalid.
 */
export function idFromPath(rest: string): string | null {
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

/** An id as path segments: each segment percent-encoded, `/` kept (delivery URLs and forwarded paths). */
export function encodeIdPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

/** What the rest of a path after `…/images/v1/` names. */
export type ImagePath =
  | { kind: 'stats' }
  | { kind: 'batch_token' }
  | { kind: 'image'; id: string }
  | { kind: 'blob'; id: string }
  /** `keys`, `variants`, `config` (and `batch_token` below its own path) or anything below them: 404 / 7003. */
  | { kind: 'reserved'; word: string };

/** Decodes repeatedly (at most 5 times) to see through double encoding; stops at the first invalid escape. */
function decodedForms(text: string): string[] {
  const forms = [text];
  let current = text;
  for (let i = 0; i < 5; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      break;
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

/**
 * Reads the path rest after `…/images/v1/` (raw, as received). Every decoded form of it (once, twice, … ; `\` as
 * `/`; any case; slashes at either end ignored) is compared with the reserved words, so that no encoding reaches
 * Cloudflare's `keys`, `variants`, `config` or `batch_token`. Throws `WriteRuleError` 400 / 5400 for an invalid id.
 */
export function parseImagePath(rest: string): ImagePath {
  if (rest === 'batch_token') return { kind: 'batch_token' };
  for (const form of decodedForms(rest)) {
    const word = reservedWordOf(form.replace(/\\/g, '/').replace(/^\/+|\/+$/g, ''));
    if (word !== null) return { kind: 'reserved', word };
  }
  if (rest === 'stats') return { kind: 'stats' };
  const blob = rest.endsWith('/blob') && rest.length > '/blob'.length;
  const idPart = blob ? rest.slice(0, -'/blob'.length) : rest;
  const id = idFromPath(idPart);
  if (id === null) throw invalid('Invalid image id in the path: not valid percent-encoding (write % as %25)');
  if (id === '') throw invalid('Missing image id: use …/images/v1/<image_id>');
  checkImageId(id);
  return blob ? { kind: 'blob', id } : { kind: 'image', id };
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata and creator

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * How deeply a value nests objects and arrays (`{}` and `{"a":1}` are 1, `{"a":{"b":1}}` is 2), counted without
 * recursion, and only up to `limit + 1`: a value nested 100,000 deep costs as much as one nested `limit + 1`.
 */
export function nestingDepth(value: unknown, limit: number = WRITE_LIMITS.maxMetadataDepth): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 1;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

function depthError(depth: number): WriteRuleError {
  const max = WRITE_LIMITS.maxMetadataDepth;
  const found = depth > max + 1 ? `more than ${max}` : String(depth);
  return invalid(`Invalid metadata: nested ${found} levels deep, maximum ${max} levels; flatten it`);
}

/** Metadata as compact JSON, and its size in UTF-8 bytes (the 1024-byte budget the editor's meter shows). */
export function metadataBytes(meta: Record<string, unknown>): number {
  if (nestingDepth(meta) > WRITE_LIMITS.maxMetadataDepth) return Number.POSITIVE_INFINITY;
  return utf8Length(JSON.stringify(meta));
}

/**
 * Metadata must be a JSON object, at most 32 levels deep, at most 1024 bytes as compact UTF-8 JSON (§7). Returns a
 * plain copy (no prototypes, no `undefined`). Throws `WriteRuleError` 400 / 5400 naming the limit.
 */
export function checkMetadata(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Invalid metadata: must be a JSON object such as {"status":"active"}');
  }
  const depth = nestingDepth(value);
  if (depth > WRITE_LIMITS.maxMetadataDepth) throw depthError(depth);
  // JSON.stringify would write it as null: the value sent would be lost without a word.
  const outOfRange = nonFiniteAt(value, '');
  if (outOfRange !== null) {
    throw invalid(`Invalid metadata: the number at '${outOfRange.slice(0, 100)}' is out of range (JSON numbers here are finite, up to about 1.8e308); write it as a string`);
  }
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    throw invalid('Invalid metadata: cannot be written as JSON (a cycle, or a value JSON has no form for)');
  }
  const bytes = utf8Length(json);
  if (bytes > WRITE_LIMITS.maxMetadataBytes) {
    throw invalid(`Invalid metadata: ${bytes} bytes as JSON, maximum ${WRITE_LIMITS.maxMetadataBytes}`);
  }
  return JSON.parse(json) as Record<string, unknown>;
}

/** Where the first number that is not finite (1e400 parsed, NaN) lies, as `a.b[1]`; `null` when none. Depth is checked first. */
function nonFiniteAt(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nonFiniteAt(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const found = nonFiniteAt(child, path === '' ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

export function validateMetadata(value: unknown): Checked<Record<string, unknown>> {
  return attempt(() => checkMetadata(value));
}

/**
 * Metadata given as JSON text (the upload's `metadata` field, the editor's JSON tab). The nesting is measured on
 * the text before parsing, so a 100,000-level document is refused without building it.
 */
export function parseMetadataJson(text: string): Record<string, unknown> {
  const depth = textNestingDepth(text);
  if (depth > WRITE_LIMITS.maxMetadataDepth) throw depthError(depth);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Invalid metadata: not valid JSON; expected a JSON object such as {"status":"active"}');
  }
  return checkMetadata(parsed);
}

export function validateMetadataJson(text: string): Checked<Record<string, unknown>> {
  return attempt(() => parseMetadataJson(text));
}

/** Bracket depth of JSON text outside strings (stops counting at `limit + 1`). */
function textNestingDepth(text: string, limit: number = WRITE_LIMITS.maxMetadataDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i += 1;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (ch === 0x7d || ch === 0x5d) depth -= 1;
  }
  return deepest;
}

/** A creator of at most 1024 characters; an empty creator is none (`null`). */
export function checkCreator(value: unknown): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid('Invalid creator: must be a string');
  if (value.length > WRITE_LIMITS.maxCreatorLength) {
    throw invalid(`Invalid creator: ${value.length} characters, maximum ${WRITE_LIMITS.maxCreatorLength}`);
  }
  return value;
}

export function validateCreator(value: unknown): Checked<string | null> {
  return attempt(() => checkCreator(value));
}

export function privateCustomIdError(): WriteRuleError {
  return invalid(
    'Invalid requireSignedURLs: an image with a custom id cannot require signed URLs; upload it without an id to make it private',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Forms: upload and direct upload

function oneText(form: FormData, name: string): string | undefined {
  const values = form.getAll(name);
  if (values.length > 1) throw invalid(`Field '${name}' given ${values.length} times; give it once`);
  const value = values[0];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Field '${name}' must be a text field, not a file`);
  return value;
}

type Tree = { [key: string]: Tree | string | Array<Tree | string> };

const METADATA_FIELD = /^metadata(\[[^[\]]*\])+$/;

/**
 * Builds metadata from the official SDK's `metadata[a][b]=x` / `metadata[tags][]=x` fields (null-prototype objects:
 * no `__proto__` tricks). A field nested deeper than the limit is refused before anything is built.
 */
function metadataFromFields(fields: Array<[string, string]>): Record<string, unknown> {
  const root = Object.create(null) as Tree;
  for (const [key, value] of fields) {
    const shown = key.slice(0, 100);
    const segments = [...key.slice('metadata'.length).matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
    if (segments.length > WRITE_LIMITS.maxMetadataDepth) throw depthError(segments.length);
    const conflict = () => invalid(`Invalid metadata field '${shown}': conflicts with another metadata field`);
    let node: Tree = root;
    for (let i = 0; i < segments.length; i += 1) {
      const segment = segments[i]!;
      const last = i === segments.length - 1;
      if (segment === '') throw invalid(`Invalid metadata field '${shown}': '[]' only after a key`);
      const next = segments[i + 1];
      if (last) {
        if (segment in node) throw conflict();
        node[segment] = value;
      } else if (next === '' && i + 1 === segments.length - 1) {
        const list = (node[segment] ??= []) as Tree[string];
        if (!Array.isArray(list)) throw conflict();
        list.push(value);
        break;
      } else {
        const child = (node[segment] ??= Object.create(null) as Tree);
        if (typeof child !== 'object' || Array.isArray(child)) throw conflict();
        node = child;
      }
    }
  }
  return root as Record<string, unknown>;
}

/** `metadata` as one JSON field or as `metadata[key]` fields (not both); `{}` when neither. */
export function readMetadataFields(form: FormData): Record<string, unknown> {
  const json = oneText(form, 'metadata');
  const fields: Array<[string, string]> = [];
  for (const [key, value] of form) {
    if (!key.startsWith('metadata[')) continue;
    if (!METADATA_FIELD.test(key)) throw invalid(`Invalid metadata field '${key.slice(0, 100)}'`);
    if (typeof value !== 'string') throw invalid(`Field '${key.slice(0, 100)}' must be a text field, not a file`);
    fields.push([key, value]);
  }
  if (json !== undefined && fields.length > 0) {
    throw invalid("Give metadata either as one JSON 'metadata' field or as 'metadata[key]' fields, not both");
  }
  if (json !== undefined) return parseMetadataJson(json);
  return checkMetadata(metadataFromFields(fields));
}

function readRequireSigned(value: string | boolean | undefined): boolean {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw invalid(`Invalid requireSignedURLs '${String(value).slice(0, 20)}': must be true or false`);
}

/** The checked fields of an upload or a direct upload, besides the file. */
export interface ImageFields {
  /** A checked custom id, or absent for a generated UUID. */
  id?: string;
  meta: Record<string, unknown>;
  creator: string | null;
  requireSignedURLs: boolean;
}

export interface UploadFields extends ImageFields {
  /** `url` (cloudflare mode only: the local API refuses it). */
  url?: string;
  /** The `file` part; absent when `url` is given. */
  file?: Blob;
}

function readImageFields(form: FormData): ImageFields {
  const id = oneText(form, 'id');
  if (id !== undefined) checkCustomId(id);
  const creator = checkCreator(oneText(form, 'creator') ?? null);
  const meta = readMetadataFields(form);
  const requireSignedURLs = readRequireSigned(oneText(form, 'requireSignedURLs'));
  if (requireSignedURLs && id !== undefined) throw privateCustomIdError();
  return { ...(id !== undefined ? { id } : {}), meta, creator, requireSignedURLs };
}

/**
 * The fields of `POST …/images/v1` (§4, §7): exactly one of `file` (a file part) and `url` (an http(s) URL), and
 * the checked image fields. Whether `url` is available is the caller's to say (`allowUrl`: cloudflare mode).
 * The file's size and bytes are the server's to check.
 */
export function readUploadFields(form: FormData, options: { allowUrl: boolean }): UploadFields {
  const url = oneText(form, 'url');
  const files = form.getAll('file');
  if (url !== undefined) {
    if (!options.allowUrl) {
      throw invalid("Uploading from a URL ('url') is not available in local mode; send the image bytes as 'file'");
    }
    if (files.length > 0) throw invalid("Give either 'file' or 'url', not both");
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw invalid(`Invalid url '${url.slice(0, 100)}': must be an http(s) URL of the image`);
    }
    return { ...readImageFields(form), url };
  }
  if (files.length === 0) throw invalid("Missing 'file': send the image as a multipart file field named 'file'");
  if (files.length > 1) throw invalid(`Field 'file' given ${files.length} times; upload one image per request`);
  const file = files[0];
  if (!(file instanceof Blob)) throw invalid("Field 'file' must be a file part, not a text field");
  return { ...readImageFields(form), file };
}

export interface DirectUploadFields extends ImageFields {
  /** When the upload URL stops working, ms since the epoch. */
  expiry: number;
}

/** `expiry`: ISO 8601, 2 minutes to 6 hours from `now`; default 30 minutes. */
export function checkExpiry(value: unknown, now: number): number {
  if (value === undefined || value === null || value === '') return now + WRITE_LIMITS.defaultExpiryMs;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw invalid(`Invalid expiry '${String(value).slice(0, 40)}': must be an ISO 8601 date-time such as 2026-12-01T12:00:00Z`);
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw invalid(`Invalid expiry '${value.slice(0, 40)}': not a real date-time`);
  if (at < now + WRITE_LIMITS.minExpiryMs || at > now + WRITE_LIMITS.maxExpiryMs) {
    throw invalid(`Invalid expiry '${value.slice(0, 40)}': must be between 2 minutes and 6 hours from now`);
  }
  return at;
}

/** The fields of `POST …/images/v2/direct_upload` as multipart (§7). A `file` is refused: it goes to `uploadURL`. */
export function readDirectUploadForm(form: FormData, now: number): DirectUploadFields {
  if (form.has('file') || form.has('url')) {
    throw invalid("A direct upload creates an upload URL; post the file to the answer's 'uploadURL', not here");
  }
  return { ...readImageFields(form), expiry: checkExpiry(oneText(form, 'expiry'), now) };
}

/** The fields of `POST …/images/v2/direct_upload` sent as JSON text (empty: all defaults). */
export function readDirectUploadText(text: string, now: number): DirectUploadFields {
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw invalid('Invalid body: not valid JSON; send {"metadata"?: {...}, "expiry"?: "<ISO time>", …} or multipart/form-data');
    }
  }
  return readDirectUploadJson(body, now);
}

const DIRECT_UPLOAD_KEYS = new Set(['id', 'metadata', 'creator', 'requireSignedURLs', 'expiry']);

/** The fields of `POST …/images/v2/direct_upload` as a JSON body (§7). Unknown fields are refused. */
export function readDirectUploadJson(body: unknown, now: number): DirectUploadFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('Invalid body: expected a JSON object such as {"metadata":{"status":"active"}}');
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !DIRECT_UPLOAD_KEYS.has(key));
  if (unknown.length > 0) {
    throw invalid(`Invalid body: unknown field '${unknown[0]!.slice(0, 50)}'; allowed: ${[...DIRECT_UPLOAD_KEYS].join(', ')}`);
  }
  let id: string | undefined;
  if (fields.id !== undefined) {
    if (typeof fields.id !== 'string') throw invalid('Invalid id: must be a string');
    checkCustomId(fields.id);
    id = fields.id;
  }
  const meta = fields.metadata === undefined ? {} : checkMetadata(fields.metadata);
  const creator = fields.creator === undefined ? null : checkCreator(fields.creator);
  const rs = fields.requireSignedURLs;
  if (rs !== undefined && typeof rs !== 'boolean' && rs !== 'true' && rs !== 'false') {
    throw invalid('Invalid requireSignedURLs: must be true or false');
  }
  const requireSignedURLs = readRequireSigned(rs as boolean | string | undefined);
  if (requireSignedURLs && id !== undefined) throw privateCustomIdError();
  return { ...(id !== undefined ? { id } : {}), meta, creator, requireSignedURLs, expiry: checkExpiry(fields.expiry, now) };
}

// ---------------------------------------------------------------------------------------------------------------
// PATCH

/** What a PATCH may change (§7): `metadata` replaces the stored metadata. */
export interface ImagePatch {
  meta?: Record<string, unknown>;
  creator?: string | null;
  requireSignedURLs?: boolean;
}

const PATCH_KEYS = new Set(['metadata', 'creator', 'requireSignedURLs']);

/** A PATCH body, already parsed: `{metadata?, creator?, requireSignedURLs?}` and nothing else (§7). */
export function readImagePatch(body: unknown): ImagePatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('Invalid body: expected a JSON object such as {"metadata":{"status":"active"}}');
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !PATCH_KEYS.has(key));
  if (unknown.length > 0) {
    throw invalid(
      `Invalid body: unknown field '${unknown[0]!.slice(0, 50)}'; a PATCH may set only metadata, creator and requireSignedURLs`,
    );
  }
  const patch: ImagePatch = {};
  if (fields.metadata !== undefined) patch.meta = checkMetadata(fields.metadata);
  if (fields.creator !== undefined) patch.creator = checkCreator(fields.creator);
  if (fields.requireSignedURLs !== undefined) {
    if (typeof fields.requireSignedURLs !== 'boolean') throw invalid('Invalid requireSignedURLs: must be true or false');
    patch.requireSignedURLs = fields.requireSignedURLs;
  }
  return patch;
}

/** A PATCH body as text: the depth is checked on the text before parsing, then `readImagePatch`. */
export function parseImagePatch(text: string): ImagePatch {
  const depth = textNestingDepth(text, WRITE_LIMITS.maxMetadataDepth + 1);
  if (depth > WRITE_LIMITS.maxMetadataDepth + 1) throw depthError(depth - 1);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('Invalid body: not valid JSON; expected {"metadata"?: {...}, "creator"?: "...", "requireSignedURLs"?: true|false}');
  }
  return readImagePatch(body);
}

/** The JSON a PATCH sends for a patch (what the dashboard and the batch client write). */
export function imagePatchBody(patch: ImagePatch): Record<string, unknown> {
  return {
    ...(patch.meta !== undefined ? { metadata: patch.meta } : {}),
    ...(patch.creator !== undefined ? { creator: patch.creator ?? '' } : {}),
    ...(patch.requireSignedURLs !== undefined ? { requireSignedURLs: patch.requireSignedURLs } : {}),
  };
}
