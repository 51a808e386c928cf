/**
 * Parses the environment once (hono-open-api-starter's env.ts habit). Nothing else reads `process.env`:
 * Node passes `process.env`, Workers pass their bindings. Every problem is reported at once, naming the variable.
 */
import { z } from 'zod';
import { LOCAL_ACCOUNT_ID, type AppConfig } from './config';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? String(fallback) : value.trim()))
    .pipe(z.string().regex(/^[0-9]+$/, { message: `must be a whole number from ${min} to ${max}` }))
    .transform(Number)
    .pipe(z.number().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

const EnvSchema = z.object({
  PORT: integer(8787, 0, 65535),
  HOST: optionalText,
  CLOUDFLARE_ACCOUNT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, { message: 'must be the 32-character hexadecimal account id' })
      .optional(),
  ),
  CLOUDFLARE_API_TOKEN: optionalText,
  CLOUDFLARE_EMAIL: optionalText,
  CLOUDFLARE_API_KEY: optionalText,
  CLOUDFLARE_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  CLOUDFLARE_IMAGES_ACCOUNT_HASH: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be the account hash from your delivery URLs' }).optional(),
  ),
  CLOUDFLARE_IMAGES_SIGNING_KEY: optionalText,
  UPSTREAM_TIMEOUT_MS: integer(20_000, 100, 600_000),
  CACHE_TTL_MS: integer(10_000, 0, 3_600_000),
  DASHBOARD_USER: optionalText,
  DASHBOARD_PASSWORD: optionalText,
  ALLOWED_HOSTS: optionalText,
  DATA_DIR: optionalText,
  DEMO_IMAGES: integer(1200, 0, 1_000_000),
  DEMO_SEED: integer(1, 0, 2 ** 31 - 1),
  // Writes, the rate budget and the batch API (docs/CONTRACT.md §7, §9, §10; docs/actions.md).
  ALLOW_WRITES: optionalText.pipe(z.enum(['true', 'false'], { message: 'must be true or false' }).optional()),
  // Cloudflare allows 1200 per five minutes; more only makes sense against a stand-in (load tests, a local API).
  RATE_BUDGET: integer(1000, 1, 1_000_000),
  BATCH_RATE: integer(150, 1, 200),
  CLOUDFLARE_BATCH_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  LOCAL_IMAGES_ALLOWED: integer(100_000, 0, 1_000_000_000),
  // The account index (docs/CONTRACT.md §8, docs/index.md).
  INDEX: optionalText.pipe(z.enum(['on', 'off'], { message: "must be 'on' or 'off'" }).optional()),
  INDEX_REFRESH_MINUTES: integer(60, 1, 10_080),
});

export type EnvInput = Record<string, string | undefined>;

/** `warnings`: one line each, for settings that work but put something at risk (printed at start-up). */
export type EnvResult = { ok: true; config: AppConfig; warnings: string[] } | { ok: false; problems: string[] };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Builds the app's configuration from environment variables, or lists every problem found. */
export function parseEnv(env: EnvInput, version = '0.0.0'): EnvResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const problems: string[] = [];

  const hasToken = e.CLOUDFLARE_API_TOKEN !== undefined;
  const hasKey = e.CLOUDFLARE_EMAIL !== undefined || e.CLOUDFLARE_API_KEY !== undefined;
  if (hasKey && (e.CLOUDFLARE_EMAIL === undefined || e.CLOUDFLARE_API_KEY === undefined)) {
    problems.push('CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY: set both (legacy API key), or use CLOUDFLARE_API_TOKEN');
  }
  const hasCredentials = hasToken || (e.CLOUDFLARE_EMAIL !== undefined && e.CLOUDFLARE_API_KEY !== undefined);
  if (hasCredentials && e.CLOUDFLARE_ACCOUNT_ID === undefined) {
    problems.push('CLOUDFLARE_ACCOUNT_ID: required with Cloudflare credentials (Dashboard → Images → Account ID)');
  }

  // `[::1]` is how an IPv6 address is written in a URL; the socket wants it bare.
  const host = (e.HOST ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackHost(host) && e.DASHBOARD_PASSWORD === undefined) {
    problems.push(
      `HOST: binding to ${host} exposes the dashboard beyond this machine; set DASHBOARD_PASSWORD to allow it, or keep HOST=127.0.0.1`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };

  const warnings: string[] = [];
  if (e.CLOUDFLARE_BASE_URL !== undefined && hasCredentials) {
    const base = new URL(e.CLOUDFLARE_BASE_URL);
    if (base.protocol === 'http:' && !isLoopbackHost(base.hostname)) {
      // Warned, not refused: a test double on another host of a private network is a real use (docs/decisions.md).
      warnings.push(
        `CLOUDFLARE_BASE_URL: ${base.origin} is plain http to another machine, so the API credentials travel in clear text; use https:// unless that network is yours alone`,
      );
    }
  }

  const mode = hasCredentials ? 'cloudflare' : 'local';
  const auth =
    hasToken && e.CLOUDFLARE_API_TOKEN
      ? ({ type: 'token', token: e.CLOUDFLARE_API_TOKEN } as const)
      : ({ type: 'key', email: e.CLOUDFLARE_EMAIL ?? '', key: e.CLOUDFLARE_API_KEY ?? '' } as const);

  return {
    ok: true,
    warnings,
    config: {
      mode,
      modeReason:
        mode === 'cloudflare'
          ? `CLOUDFLARE_ACCOUNT_ID and ${auth.type === 'token' ? 'CLOUDFLARE_API_TOKEN' : 'CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY'} are set`
          : 'no Cloudflare credentials are set (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY)',
      accountId: e.CLOUDFLARE_ACCOUNT_ID ?? LOCAL_ACCOUNT_ID,
      version,
      cloudflare:
        mode === 'cloudflare'
          ? {
              baseUrl: (e.CLOUDFLARE_BASE_URL ?? 'https://api.cloudflare.com/client/v4').replace(/\/+$/, ''),
              auth,
              imagesAccountHash: e.CLOUDFLARE_IMAGES_ACCOUNT_HASH,
              signingKey: e.CLOUDFLARE_IMAGES_SIGNING_KEY,
            }
          : undefined,
      writes: {
        allowed: mode === 'local' || e.ALLOW_WRITES === 'true',
        rateBudget: e.RATE_BUDGET,
        batchRate: e.BATCH_RATE,
        batchUrl: (e.CLOUDFLARE_BATCH_URL ?? 'https://batch.imagedelivery.net').replace(/\/+$/, ''),
        localImagesAllowed: e.LOCAL_IMAGES_ALLOWED,
      },
      upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
      cacheTtlMs: e.CACHE_TTL_MS,
      access: {
        host,
        port: e.PORT,
        dashboardUser: e.DASHBOARD_USER ?? 'admin',
        dashboardPassword: e.DASHBOARD_PASSWORD,
        allowedHosts: (e.ALLOWED_HOSTS ?? '')
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      },
      index: {
        enabled: e.INDEX !== 'off',
        refreshMinutes: e.INDEX_REFRESH_MINUTES,
      },
      local: {
        dataDir: e.DATA_DIR ?? './.data',
        demoImages: e.DEMO_IMAGES,
        demoSeed: e.DEMO_SEED,
      },
    },
  };
}
