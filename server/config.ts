/** The server's configuration, built once from the environment (server/env.ts) and passed to `createApp`. */

export type CloudflareAuth = { type: 'token'; token: string } | { type: 'key'; email: string; key: string };

export interface AppConfig {
  /** `cloudflare`: forward to the API with server-held credentials. `local`: the embedded Images API. */
  mode: 'local' | 'cloudflare';
  /** One human sentence: why this mode is active. Never contains a secret. */
  modeReason: string;
  /** The account id list requests must name (CONTRACT.md §2: 403 / 9109 otherwise). */
  accountId: string;
  version: string;
  cloudflare?: {
    baseUrl: string;
    auth: CloudflareAuth;
    /** `CLOUDFLARE_IMAGES_ACCOUNT_HASH`; otherwise learnt from variant URLs in list answers. */
    imagesAccountHash?: string;
    /** `CLOUDFLARE_IMAGES_SIGNING_KEY`: without it, private images cannot be previewed. */
    signingKey?: string;
  };
  /** Writes, the rate budget and the batch API (docs/CONTRACT.md §7, §9, §10). */
  writes: {
    /** Local mode: always. Cloudflare mode: `ALLOW_WRITES=true`. */
    allowed: boolean;
    /** `RATE_BUDGET`: upstream requests per rolling five minutes (default 1000). */
    rateBudget: number;
    /** `BATCH_RATE`: batch API requests per second per token (default 150). */
    batchRate: number;
    /** `CLOUDFLARE_BATCH_URL` without a trailing slash (default `https://batch.imagedelivery.net`). */
    batchUrl: string;
    /** `LOCAL_IMAGES_ALLOWED`: local mode's `stats.count.allowed` (default 100000). */
    localImagesAllowed: number;
  };
  upstreamTimeoutMs: number;
  /** 0 turns the list cache off. */
  cacheTtlMs: number;
  access: {
    host: string;
    port: number;
    dashboardUser: string;
    dashboardPassword?: string;
    /** Extra `Host` names accepted besides loopback ones (DNS-rebinding guard). */
    allowedHosts: string[];
  };
  /** The account index (docs/CONTRACT.md §8). */
  index: {
    /** `INDEX=off` turns it off: `/api/images` answers 404 / 7003. */
    enabled: boolean;
    /** `INDEX_REFRESH_MINUTES`: how often the account is walked again (cloudflare mode). */
    refreshMinutes: number;
  };
  local: {
    dataDir: string;
    demoImages: number;
    demoSeed: number;
  };
}

/** Account id used in local mode when `CLOUDFLARE_ACCOUNT_ID` is not given. Shown in `/api/config`. */
export const LOCAL_ACCOUNT_ID = '10ca1000000000000000000000000000';

/** Account hash of local delivery URLs (`/cdn-cgi/imagedelivery/{hash}/…`). */
export const LOCAL_ACCOUNT_HASH = 'LocalImagesExplorer000';
