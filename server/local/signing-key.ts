/**
 * Local mode's signing key (CONTRACT.md §5): random, generated once and kept in `DATA_DIR/signing-key` with mode 0600,
 * so signed URLs stay valid across restarts and no other local user can read the key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates the key file whole or not at all: written and fsynced under a temporary name, then hard-linked into place
 * (`link` fails if the file exists, so two servers starting at once agree on one key, and a crash never leaves an
 * empty key file).
 */
function createKeyFile(path: string): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

export function loadOrCreateSigningKey(dataDir: string): string {
  const path = join(dataDir, 'signing-key');
  createKeyFile(path);
  // Tighten a key file that was created or copied with looser permissions.
  chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(key)) {
    throw new Error(`${path} is not a signing key written by this server; remove it to generate a new one`);
  }
  return key;
}
