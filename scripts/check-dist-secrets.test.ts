/**
 * docs/CONTRACT.md §3, "the credentials appear in no file the browser loads": the built dashboard (`dist/`) must hold no
 * credential value and no code that reads a secret from the environment. It scans what is shipped, every run: when
 * `dist/` is missing or older than its sources it builds it first (scripts/ensure-build.mjs, as `npm start` does; `npm
 * test` builds before the unit tests, so there it finds the build fresh), and it fails loudly when there is still no
 * bundle to scan. It also proves on a planted file that the scanner finds what it looks for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_API_KEY, TEST_API_TOKEN, TEST_SIGNING_KEY } from '../server/test-support/test-config';

/** Variables whose values are secrets (server/env.ts). */
const SECRET_VARIABLES = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_IMAGES_SIGNING_KEY', 'DASHBOARD_PASSWORD'];

/**
 * How a secret gets bundled without its value being known here: an environment object inlined by a bundler
 * (`define: {'process.env': …}` leaves `"CLOUDFLARE_API_TOKEN":"…"`), a leftover `import.meta.env.X` read of a
 * secret, or a `VITE_`-prefixed secret variable (Vite inlines those). A name in text is fine: the dashboard's
 * "copy as SDK code" snippet says `apiToken: process.env.CLOUDFLARE_API_TOKEN` for the user's own server.
 */
const names = SECRET_VARIABLES.join('|');
const SECRET_READ = new RegExp(
  [
    String.raw`["']?\b(?:${names})["']?\s*:\s*["'\x60]`,
    String.raw`import\.meta\.env\s*(?:\.\s*|\[\s*["'\x60])(?:${names})\b`,
    String.raw`\bVITE_\w*(?:TOKEN|KEY|SECRET|PASSWORD)\b`,
  ].join('|'),
);

/** Secret values known here: the environment's (CI may hold a real token), a local `.env`, the test suite's own. */
function knownSecretValues(): string[] {
  const values = [TEST_API_TOKEN, TEST_API_KEY, TEST_SIGNING_KEY];
  for (const name of SECRET_VARIABLES) {
    const value = process.env[name];
    if (value) values.push(value);
  }
  if (existsSync('.env')) {
    for (const line of readFileSync('.env', 'utf8').split('\n')) {
      const match = /^\s*(?:export\s+)?(\w+)\s*=\s*["']?(.*?)["']?\s*$/.exec(line);
      if (match?.[1] && SECRET_VARIABLES.includes(match[1]) && match[2]) values.push(match[2]);
    }
  }
  // Short values would match by accident; no real credential is this short.
  return values.filter((v) => v.length >= 8);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every problem found under `dir`: which file holds a secret value (never printing it) or reads a secret. */
export function scanForSecrets(dir: string, secrets: string[]): string[] {
  const problems: string[] = [];
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file).toString('latin1'); // byte-for-byte, binary files included
    secrets.forEach((secret, i) => {
      if (text.includes(secret)) problems.push(`${file}: contains secret value #${i}`);
    });
    const read = SECRET_READ.exec(text);
    if (read) problems.push(`${file}: reads a secret variable (${read[0]})`);
  }
  return problems;
}

describe('secrets in the browser bundle', () => {
  it('the scanner finds planted secret values and secret reads, and passes clean files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dist-scan-'));
    try {
      writeFileSync(
        join(dir, 'clean.js'),
        'const help = "Set CLOUDFLARE_API_TOKEN on the server"; const code = `new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN })`;',
      );
      expect(scanForSecrets(dir, knownSecretValues())).toEqual([]);
      writeFileSync(join(dir, 'a.js'), `const t = "${TEST_API_TOKEN}";`);
      writeFileSync(join(dir, 'b.js'), 'var env = {"CLOUDFLARE_API_TOKEN":"abc","NODE_ENV":"production"};');
      writeFileSync(join(dir, 'c.js'), 'const k = import.meta.env["DASHBOARD_PASSWORD"]');
      writeFileSync(join(dir, 'd.js'), 'const k = import.meta.env.VITE_CF_API_TOKEN');
      const problems = scanForSecrets(dir, knownSecretValues());
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).not.toContain(TEST_API_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dist/ (built now when missing or stale) holds no credential and reads no secret variable', () => {
    execFileSync(process.execPath, ['scripts/ensure-build.mjs'], { stdio: 'inherit' });
    if (!existsSync(join('dist', 'index.html'))) {
      throw new Error('dist/ is missing after scripts/ensure-build.mjs: there is no built dashboard to scan (run `npm run build`)');
    }
    const scripts = filesUnder('dist').filter((f) => f.endsWith('.js'));
    expect(scripts.length, 'dist/ holds no JavaScript: the scan would prove nothing').toBeGreaterThan(0);
    expect(scanForSecrets('dist', knownSecretValues())).toEqual([]);
  }, 300_000);
});
