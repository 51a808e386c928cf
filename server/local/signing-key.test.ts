import { chmodSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from './signing-key';
import { tempDataDir } from './test-helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateSigningKey', () => {
  it('creates a random key once, readable only by its owner, and returns it again afterwards', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const key = loadOrCreateSigningKey(dir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'signing-key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigningKey(dir)).toBe(key);
    expect(readdirSync(dir)).toEqual(['signing-key']);
    const other = tempDataDir();
    dirs.push(other);
    expect(loadOrCreateSigningKey(other)).not.toBe(key);
  });

  it('tightens loose permissions and refuses a file it did not write', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const key = loadOrCreateSigningKey(dir);
    chmodSync(join(dir, 'signing-key'), 0o644);
    expect(loadOrCreateSigningKey(dir)).toBe(key);
    expect(statSync(join(dir, 'signing-key')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'signing-key'), 'hunter2');
    expect(() => loadOrCreateSigningKey(dir)).toThrow(/not a signing key/);
  });
});
