/**
 * Local mode's signing key (CONTRACT.md §5): random, generated once and kept in `DATA_DIR/signing-key` with mode 0600,
 * so signed URLs stay valid across restarts and no other local user can read the key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadOrCreateSigningKey(dataDir: string): string {
  const path = join(dataDir, 'signing-key');
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Tighten a key file that was created or copied with looser permissions.
  chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(key)) {
    throw new Error(`${path} is not a signing key written by this server; remove it to generate a new one`);
  }
  return key;
}
