import { describe, expect, it } from 'vitest';
import {
  checkExpiry,
  idFromPath,
  metadataBytes,
  parseImagePatch,
  parseImagePath,
  checkMetadata,
  parseMetadataJson,
  readDirectUploadForm,
  readDirectUploadJson,
  readUploadFields,
  validateCreator,
  validateCustomId,
  validateMetadata,
  WRITE_LIMITS,
  WriteRuleError,
} from './image-writes';

function refused(run: () => unknown, message: RegExp, status = 400, code = 5400) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WriteRuleError);
    expect((error as WriteRuleError).status).toBe(status);
    expect((error as WriteRuleError).code).toBe(code);
    expect((error as WriteRuleError).message).toMatch(message);
    return;
  }
  throw new Error('expected a WriteRuleError');
}

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i += 1) value = { a: value };
  return value;
};

describe('ids (§4, §7)', () => {
  it('accepts custom ids with slashes and refuses the table’s bad ones', () => {
    expect(validateCustomId('products/shoes/red one').ok).toBe(true);
    expect(validateCustomId('a'.repeat(1024)).ok).toBe(true);
    for (const [id, message] of [
      ['', /empty/],
      ['a'.repeat(1025), /1025 characters, maximum 1024/],
      ['/a', /start or end/],
      ['a/', /start or end/],
      ['083eb7b2-5392-4565-b69e-aff66acddd00', /UUID-shaped/],
      ['a//b', /segments/],
      ['a/../b', /segments/],
      ['a\u0000b', /control/],
    ] as const) {
      const result = validateCustomId(id);
      expect(result.ok, id).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
  });

  it('refuses the reserved words of §7, alone or followed by /, in any case', () => {
    for (const id of ['keys', 'variants', 'config', 'batch_token', 'keys/x', 'Variants/a/b', 'CONFIG', 'batch_token/1', 'stats', 'a/blob']) {
      const result = validateCustomId(id);
      expect(result.ok, id).toBe(false);
    }
    for (const id of ['keys2', 'my/keys', 'configs', 'blob', 'a/blob2']) expect(validateCustomId(id).ok, id).toBe(true);
  });

  it('decodes a path id once', () => {
    expect(idFromPath('a%2Fb')).toBe('a/b');
    expect(idFromPath('a/b%20c')).toBe('a/b c');
    expect(idFromPath('a%252F')).toBe('a%2F');
    expect(idFromPath('bad%E0%A4%A')).toBeNull();
  });
});

describe('paths after …/images/v1/ (§7)', () => {
  it('names stats, batch_token, images and blobs', () => {
    expect(parseImagePath('stats')).toEqual({ kind: 'stats' });
    expect(parseImagePath('batch_token')).toEqual({ kind: 'batch_token' });
    expect(parseImagePath('abc')).toEqual({ kind: 'image', id: 'abc' });
    expect(parseImagePath('a%2Fb/blob')).toEqual({ kind: 'blob', id: 'a/b' });
    expect(parseImagePath('083eb7b2-5392-4565-b69e-aff66acddd00')).toEqual({ kind: 'image', id: '083eb7b2-5392-4565-b69e-aff66acddd00' });
  });

  it('never names keys, variants, config or below batch_token as an image, whatever the encoding', () => {
    const tricks = [
      'keys', 'keys/', 'keys/abc', 'Keys', 'KEYS', '%6Beys', '%6beys', '%4Beys', 'k%65ys', '%256Beys', '%25256Beys', 'keys%2F',
      'keys%2Fabc', '%2Fkeys', '/keys', 'keys%5C', 'keys\\x', 'variants', 'variants/public', 'va%72iants', 'config',
      'co%6Efig%2F', 'batch_token/', 'batch_token/x', 'Batch_Token', 'batch%5Ftoken', '%62atch_token', 'keys%252F',
      'keys%20', '%20keys', 'keys%09', 'keys%0A', 'keys%C2%A0', 'variants%20/x',
    ];
    for (const rest of tricks) {
      let kind: string;
      try {
        kind = parseImagePath(rest).kind;
      } catch (error) {
        kind = error instanceof WriteRuleError ? 'invalid' : 'crash';
      }
      expect(['reserved', 'invalid'], rest).toContain(kind);
    }
  });

  it('refuses invalid ids and bad escapes with 400 / 5400', () => {
    refused(() => parseImagePath('bad%E0%A4%A'), /percent-encoding/);
    refused(() => parseImagePath('a//b'), /segments/);
    refused(() => parseImagePath('%2E%2E'), /segments/);
  });
});

describe('metadata (§7)', () => {
  it('is a JSON object of at most 1024 bytes as compact UTF-8 JSON', () => {
    expect(validateMetadata({ status: 'active' })).toEqual({ ok: true, value: { status: 'active' } });
    for (const bad of [null, [1], 'text', 5]) expect(validateMetadata(bad).ok).toBe(false);
    const exactly = { k: 'x'.repeat(1024 - '{"k":""}'.length) };
    expect(metadataBytes(exactly)).toBe(1024);
    expect(validateMetadata(exactly).ok).toBe(true);
    const over = { k: 'x'.repeat(1025 - '{"k":""}'.length) };
    const result = validateMetadata(over);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/1025 bytes as JSON, maximum 1024/);
    // Bytes, not characters: "é" is 2 bytes in UTF-8.
    expect(metadataBytes({ k: 'é' })).toBe('{"k":"é"}'.length + 1);
  });

  it('nests at most 32 levels: 33 is refused naming the limit, 100,000 costs no stack', () => {
    expect(validateMetadata(nested(32)).ok).toBe(true);
    const tooDeep = validateMetadata(nested(33));
    expect(tooDeep.ok).toBe(false);
    if (!tooDeep.ok) expect(tooDeep.error.message).toMatch(/nested 33 levels deep, maximum 32 levels/);
    refused(() => parseMetadataJson('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), /maximum 32 levels/);
    refused(() => parseMetadataJson('['.repeat(50) + ']'.repeat(50)), /maximum 32 levels/);
    expect(parseMetadataJson('{"s":"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"}')).toEqual({ s: '{'.repeat(40) });
    const deep = nested(100_000);
    expect(validateMetadata(deep).ok).toBe(false);
    expect(metadataBytes(deep)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a number JSON cannot hold (1e400) naming where, rather than storing it as null', () => {
    refused(() => parseMetadataJson('{"a":{"b":[1,1e400]}}'), /a\.b\[1\].*out of range/);
    refused(() => parseMetadataJson('{"n":-1e999}'), /'n'.*out of range/);
    refused(() => checkMetadata({ x: Number.NaN }), /'x'.*out of range/);
    expect(parseMetadataJson('{"big":1e308,"small":5e-324,"neg":-1e308}')).toEqual({ big: 1e308, small: 5e-324, neg: -1e308 });
  });

  it('refuses metadata[a][a]… form fields deeper than 32 before building them', () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.png');
    form.append('metadata' + '[a]'.repeat(5000), 'x');
    refused(() => readUploadFields(form, { allowUrl: false }), /maximum 32 levels/);
  });
});

describe('creator', () => {
  it('at most 1024 characters; empty is none', () => {
    expect(validateCreator('')).toEqual({ ok: true, value: null });
    expect(validateCreator('c'.repeat(1024)).ok).toBe(true);
    expect(validateCreator('c'.repeat(1025)).ok).toBe(false);
    expect(validateCreator(5).ok).toBe(false);
  });
});

describe('upload fields (§4, §7)', () => {
  const file = new Blob(['bytes']);
  it('needs exactly one file, or a url where allowed', () => {
    refused(() => readUploadFields(new FormData(), { allowUrl: false }), /Missing 'file'/);
    const withUrl = new FormData();
    withUrl.append('url', 'https://example.com/a.png');
    refused(() => readUploadFields(withUrl, { allowUrl: false }), /not available in local mode/);
    expect(readUploadFields(withUrl, { allowUrl: true }).url).toBe('https://example.com/a.png');
    const badUrl = new FormData();
    badUrl.append('url', 'file:///etc/passwd');
    refused(() => readUploadFields(badUrl, { allowUrl: true }), /http\(s\) URL/);
    const two = new FormData();
    two.append('file', file);
    two.append('file', file);
    refused(() => readUploadFields(two, { allowUrl: false }), /given 2 times/);
  });

  it('reads id, creator, metadata (JSON or fields) and requireSignedURLs', () => {
    const form = new FormData();
    form.append('file', file);
    form.append('id', 'a/b');
    form.append('creator', 'alice');
    form.append('metadata[status]', 'active');
    form.append('metadata[tags][]', 'x');
    const fields = readUploadFields(form, { allowUrl: false });
    expect(fields).toMatchObject({ id: 'a/b', creator: 'alice', meta: { status: 'active', tags: ['x'] }, requireSignedURLs: false });
    const priv = new FormData();
    priv.append('file', file);
    priv.append('id', 'custom');
    priv.append('requireSignedURLs', 'true');
    refused(() => readUploadFields(priv, { allowUrl: false }), /custom id/);
    const reserved = new FormData();
    reserved.append('file', file);
    reserved.append('id', 'keys');
    refused(() => readUploadFields(reserved, { allowUrl: false }), /Cloudflare's images\/v1 routes/);
  });
});

describe('direct upload fields (§7)', () => {
  const now = Date.parse('2026-12-01T12:00:00.000Z');
  it('expiry: 2 minutes to 6 hours ahead, default 30 minutes', () => {
    expect(checkExpiry(undefined, now)).toBe(now + 30 * 60_000);
    expect(checkExpiry('2026-12-01T12:02:00Z', now)).toBe(now + WRITE_LIMITS.minExpiryMs);
    expect(checkExpiry('2026-12-01T18:00:00.000Z', now)).toBe(now + WRITE_LIMITS.maxExpiryMs);
    refused(() => checkExpiry('2026-12-01T12:01:59Z', now), /2 minutes and 6 hours/);
    refused(() => checkExpiry('2026-12-01T18:00:01Z', now), /2 minutes and 6 hours/);
    refused(() => checkExpiry('tomorrow', now), /ISO 8601/);
    refused(() => checkExpiry(1_700_000_000, now), /ISO 8601/);
  });

  it('JSON and multipart: the same fields, nothing else, no file', () => {
    expect(readDirectUploadJson({ metadata: { a: 1 }, creator: 'c', requireSignedURLs: true }, now)).toEqual({
      meta: { a: 1 },
      creator: 'c',
      requireSignedURLs: true,
      expiry: now + 30 * 60_000,
    });
    refused(() => readDirectUploadJson({ file: 'x' }, now), /unknown field 'file'/);
    refused(() => readDirectUploadJson({ id: 'x', requireSignedURLs: true }, now), /custom id/);
    refused(() => readDirectUploadJson({ metadata: nested(40) }, now), /maximum 32 levels/);
    const form = new FormData();
    form.append('id', 'draft/one');
    form.append('expiry', '2026-12-01T13:00:00Z');
    expect(readDirectUploadForm(form, now)).toEqual({ id: 'draft/one', meta: {}, creator: null, requireSignedURLs: false, expiry: now + 3_600_000 });
    form.append('file', new Blob(['x']));
    refused(() => readDirectUploadForm(form, now), /uploadURL/);
  });
});

describe('PATCH bodies (§7)', () => {
  it('only metadata, creator and requireSignedURLs', () => {
    expect(parseImagePatch('{"metadata":{"a":1},"creator":"","requireSignedURLs":false}')).toEqual({ meta: { a: 1 }, creator: null, requireSignedURLs: false });
    expect(parseImagePatch('{}')).toEqual({});
    refused(() => parseImagePatch('{"id":"x"}'), /unknown field 'id'/);
    refused(() => parseImagePatch('{"filename":"x"}'), /only metadata, creator and requireSignedURLs/);
    refused(() => parseImagePatch('[1]'), /JSON object/);
    refused(() => parseImagePatch('{nope'), /not valid JSON/);
    refused(() => parseImagePatch('{"requireSignedURLs":"true"}'), /true or false/);
    refused(() => parseImagePatch(`{"metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`), /maximum 32 levels/);
    expect(parseImagePatch(`{"metadata":${JSON.stringify(nested(32))}}`).meta).toEqual(nested(32));
  });
});
