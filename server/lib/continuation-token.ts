/**
 * Keyset continuation tokens (CONTRACT.md §2 "Pages"): the position of the last image of a page, `(uploaded, seq)`,
 * so that the next page starts strictly after it whatever was uploaded or deleted in between.
 *
 * Layout: version byte, uploaded ms (6 bytes), seq (6 bytes), 2-byte check; base64url → 20 characters (≤ 32).
 * The check is not a secret (the token only names a position the client could reach anyway); it makes a mistyped
 * or truncated token fail loudly instead of silently starting somewhere else.
 */
import { badRequest } from '../errors';

/** A position in upload order: the sort key of one image. */
export interface Cursor {
  uploaded: number;
  seq: number;
}

const VERSION = 1;
const BYTES = 15;
const MAX_48 = 2 ** 48 - 1;

function check(bytes: Uint8Array): number {
  // Fletcher-16 over the payload: cheap, and catches single-byte edits and truncation.
  let a = 0;
  let b = 0;
  for (let i = 0; i < BYTES - 2; i += 1) {
    a = (a + (bytes[i] ?? 0)) % 255;
    b = (b + a) % 255;
  }
  return (b << 8) | a;
}

export function encodeContinuationToken(cursor: Cursor): string {
  if (!Number.isSafeInteger(cursor.uploaded) || cursor.uploaded < 0 || cursor.uploaded > MAX_48) {
    throw new RangeError(`uploaded out of range: ${cursor.uploaded}`);
  }
  if (!Number.isSafeInteger(cursor.seq) || cursor.seq < 0 || cursor.seq > MAX_48) {
    throw new RangeError(`seq out of range: ${cursor.seq}`);
  }
  const bytes = new Uint8Array(BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  writeUint48(view, 1, cursor.uploaded);
  writeUint48(view, 7, cursor.seq);
  view.setUint16(13, check(bytes));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function writeUint48(view: DataView, at: number, value: number): void {
  view.setUint16(at, Math.floor(value / 2 ** 32));
  view.setUint32(at + 2, value % 2 ** 32);
}

function readUint48(view: DataView, at: number): number {
  return view.getUint16(at) * 2 ** 32 + view.getUint32(at + 2);
}

/** The cursor in a token, or `null` when the token is not one this server issued. */
export function decodeContinuationToken(token: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{20}$/.test(token)) return null;
  const bytes = Uint8Array.from(atob(token.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  if (bytes.length !== BYTES || view.getUint8(0) !== VERSION) return null;
  if (view.getUint16(13) !== check(bytes)) return null;
  // Re-encoding must give the same text: rejects non-canonical base64url (stray low bits in the last character).
  const cursor = { uploaded: readUint48(view, 1), seq: readUint48(view, 7) };
  return encodeContinuationToken(cursor) === token ? cursor : null;
}

/** Decodes or throws the contract's 400 / 5400. */
export function parseContinuationToken(token: string): Cursor {
  const cursor = decodeContinuationToken(token);
  if (!cursor) {
    throw badRequest(
      'Invalid continuation_token: not a token from a previous page of this server; use the token of the previous answer, or leave it out to start from the first page',
    );
  }
  return cursor;
}
