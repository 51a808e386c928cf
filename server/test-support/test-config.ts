/**
 * Configurations for tests, built through the real `parseEnv` so that tests exercise what production parses.
 */
import { parseEnv, type EnvInput } from '../env';
import type { AppConfig } from '../config';

export const TEST_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
/** Long and unmistakable, so a leak is found by a plain substring search. */
export const TEST_API_TOKEN = 'tok_SECRET_8f3a1c9e5b7d2f4a6c8e0b1d3f5a7c9e';
export const TEST_API_KEY = 'key_SECRET_1b3d5f7a9c2e4a6c8e0b2d4f6a8c0e2f';
export const TEST_EMAIL = 'ops@example.com';
export const TEST_SIGNING_KEY = 'sign_SECRET_5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b';

/** Parses `env` or throws with every problem, for tests that expect a valid configuration. */
export function configFrom(env: EnvInput): AppConfig {
  const parsed = parseEnv(env, '9.9.9-test');
  if (!parsed.ok) throw new Error(`test configuration invalid: ${parsed.problems.join('; ')}`);
  return parsed.config;
}

/** Cloudflare mode against `baseUrl` (a fake upstream), token auth unless `env` says otherwise. */
export function cloudflareConfig(baseUrl: string, env: EnvInput = {}): AppConfig {
  return configFrom({
    CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
    CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
    CLOUDFLARE_BASE_URL: baseUrl,
    CACHE_TTL_MS: '0',
    UPSTREAM_TIMEOUT_MS: '2000',
    ...env,
  });
}
