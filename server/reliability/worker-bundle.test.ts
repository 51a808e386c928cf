/**
 * The Worker bundle, built exactly as `wrangler deploy` would (`--dry-run --outdir`): it builds without
 * nodejs_compat, carries none of the Node-only local mode (SQLite, sharp, the filesystem), and no secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, readWranglerConfig, wranglerWorkspace, type WranglerWorkspace } from './wrangler-harness';

const CANARY = {
  CLOUDFLARE_API_TOKEN: 'canary-token-5f1c0e7d9a2b4c6e8f0a1b2c3d4e5f60',
  DASHBOARD_PASSWORD: 'canary-password-a8b7c6d5e4',
  CLOUDFLARE_IMAGES_SIGNING_KEY: 'canary-signing-key-0f9e8d7c6b',
};

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  let workspace: WranglerWorkspace;
  let bundle: Awaited<ReturnType<typeof bundleWorker>>;

  beforeAll(async () => {
    workspace = wranglerWorkspace({ ...CANARY, CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef' }, '<!doctype html>');
    // The canaries are also in wrangler's own environment: nothing may inline them at build time.
    bundle = await bundleWorker(workspace, CANARY);
  }, 120_000);
  afterAll(() => workspace?.remove());

  it('builds and binds the static assets', () => {
    expect(bundle.output).toMatch(/env\.ASSETS\s+Assets/);
    expect(bundle.code.length).toBeGreaterThan(1000);
  });

  it('contains none of the Node-only local mode, nor the Node upstream transport (Workers use their fetch)', () => {
    const nodeOnly = bundle.sources.filter((s) =>
      /server\/local\/|server\/node\.ts|server\/proxy\/node-upstream|better-sqlite3|\/sharp\/|@hono\/node-server|@img\//.test(s),
    );
    expect(nodeOnly).toEqual([]);
    expect(bundle.code).not.toMatch(/\b(?:import|require)\s*\(?\s*["']node:/);
    expect(bundle.code).not.toMatch(/better-sqlite3|\bsharp\b/);
    // The app itself is in: the worker entry and the app builder.
    expect(bundle.sources.some((s) => s.endsWith('server/worker.ts'))).toBe(true);
    expect(bundle.sources.some((s) => s.endsWith('server/app.ts'))).toBe(true);
  });

  it('contains no secret', () => {
    for (const secret of Object.values(CANARY)) expect(bundle.code).not.toContain(secret);
  });
});

describe('wrangler.jsonc', () => {
  const config = readWranglerConfig();

  it('keeps secrets out of the committed config', () => {
    const vars = (config.vars ?? {}) as Record<string, unknown>;
    const secretNames = Object.keys(vars).filter((name) => /TOKEN|PASSWORD|API_KEY|SIGNING_KEY|SECRET/i.test(name));
    expect(secretNames).toEqual([]);
  });

  it('runs the Worker before assets, with the SPA fallback, and without nodejs_compat', () => {
    expect(config.assets.binding).toBe('ASSETS');
    expect(config.assets.not_found_handling).toBe('single-page-application');
    // true: auth and security headers must cover the dashboard too (CONTRACT.md §6).
    expect(config.assets.run_worker_first).toBe(true);
    expect((config.compatibility_flags as string[] | undefined) ?? []).not.toContain('nodejs_compat');
    expect(config.main).toBe('server/worker.ts');
  });
});
