/**
 * Builds the Hono app from a config object. The runtime entries (server/node.ts, server/worker.ts) only run it,
 * so tests and every runtime use the same app (hono-open-api-starter's createApp habit).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { ErrorCode, errorEnvelope } from '../src/contract/envelope';
import { LOCAL_VARIANT_INFO, type VariantInfo } from '../src/contract/variants';
import { LOCAL_ACCOUNT_HASH, type AppConfig } from './config';
import { pageConfig } from './lib/page-config';
import { ApiError, handleError } from './errors';
import { dashboardAuth } from './middleware/dashboard-auth';
import { hostAllowList } from './middleware/host-allow-list';
import { requestLog, type LogSink } from './middleware/request-log';
import { sameOriginWrites } from './middleware/same-origin-writes';
import { CLOUDFLARE_UPLOAD_ORIGIN, securityHeaders, type SecurityHeaderOptions } from './middleware/security-headers';
import { AccountHashStore } from './proxy/account-hash';
import { credentialHeaders } from './proxy/batch-client';
import { createImageRoutes } from './proxy/image-routes';
import { createListProxy, type ProxyTuning } from './proxy/list-proxy';
import { createUpstreamServices, rateBudgetAnswer, type UpstreamServices } from './proxy/upstream-services';
import type { RawUpstreamFetch } from './proxy/upstream';
import { createSignRoutes, type SigningTarget } from './routes/sign';
import { createImageSearchRoutes } from './routes/images';
import type { AccountIndex } from './index/account-index';
import { listAnswerFeed } from './index/list-answer-feed';
import { budgeted, type RateBudget } from './proxy/rate-budget';
import { callUpstream } from './proxy/upstream';
import { createVariantCatalog, type AccountGet, type VariantCatalog, type VariantCatalogState } from './proxy/variant-catalog';

/** The embedded local Images API (server/local). Built by the Node entry: it needs SQLite and sharp. */
export interface LocalImagesApi {
  /** Routes under `/client/v4/accounts/:account_id/images/…` and `/cdn-cgi/imagedelivery/…`. */
  routes: Hono;
  /** Local mode's own signing key (CONTRACT.md §5). */
  signingKey: string;
}

export interface AppOptions {
  /** Required in local mode. */
  local?: LocalImagesApi;
  /** Serves the built dashboard; runtime-specific (Node: dist/ on disk; Workers: the assets binding). */
  assets?: MiddlewareHandler;
  /**
   * The transport sets the security headers itself (Node: `securityHeaderList` on every outgoing response), so the
   * app does not add them to each answer afterwards (docs/performance.md). Default: the app adds them.
   */
  securityHeadersByTransport?: boolean;
  /** Where the request log and unexpected errors go; default `console.log`. `false` silences the request log. */
  log?: LogSink | false;
  /** The proxy's `fetch` (Workers: a service binding); default the global one. */
  fetch?: typeof fetch;
  /**
   * The proxy's transport when it hands bodies over undecoded (Node: server/proxy/node-upstream.ts); it then
   * takes precedence over `fetch`, and gzip from Cloudflare is passed through to clients as is.
   */
  upstreamFetch?: RawUpstreamFetch;
  /** The rate budget and batch client (server/proxy/upstream-services.ts); default: built from the config. */
  upstream?: UpstreamServices;
  /** Proxy knobs (retry backoff, buffer and cache caps); tests shorten the waits. */
  proxy?: Partial<ProxyTuning>;
  /**
   * The account index (docs/CONTRACT.md §8): the local store, SQLite or D1, chosen by the runtime entry. Without it
   * (or with `INDEX=off`) `/api/images` answers 404 / 7003.
   */
  index?: AccountIndex;
}

/** What `/api/config` answers: everything the UI needs to start, never a secret. */
export interface PublicConfig {
  mode: AppConfig['mode'];
  accountId: string;
  /** Delivery account hash when known (local mode, or `CLOUDFLARE_IMAGES_ACCOUNT_HASH`). */
  accountHash: string | null;
  /**
   * The variants with their sizes (CONTRACT.md §11). Cloudflare mode reads them from the account; when it cannot
   * (no permission), this is empty and the dashboard learns the names from list answers.
   */
  variants: VariantInfo[];
  /** Whether flexible variants (`…/w=400,fit=cover`) are on for the account; local mode: always. */
  flexibleVariants: boolean;
  signing: boolean;
  /** Whether the write routes answer (docs/CONTRACT.md §7): local mode always, cloudflare mode with ALLOW_WRITES=true. */
  writes: boolean;
  version: string;
}

export function publicConfig(
  config: AppConfig,
  options: AppOptions,
  learntHash?: string,
  catalog: VariantCatalogState = { variants: null, flexibleVariants: false },
): PublicConfig {
  const local = config.mode === 'local';
  return {
    mode: config.mode,
    accountId: config.accountId,
    accountHash: local ? LOCAL_ACCOUNT_HASH : (config.cloudflare?.imagesAccountHash ?? learntHash ?? null),
    variants: local ? [...LOCAL_VARIANT_INFO] : (catalog.variants ?? []),
    flexibleVariants: local ? true : catalog.flexibleVariants,
    signing: local ? Boolean(options.local) : Boolean(config.cloudflare?.signingKey),
    writes: config.writes.allowed,
    version: config.version,
  };
}

/** The security headers' options for this configuration (the upload origin the CSP allows in cloudflare mode). */
export function securityHeaderOptions(config: AppConfig): SecurityHeaderOptions {
  return { uploadOrigin: config.mode === 'cloudflare' ? CLOUDFLARE_UPLOAD_ORIGIN : undefined };
}

export function createApp(config: AppConfig, options: AppOptions = {}) {
  if (config.mode === 'local' && !options.local) {
    throw new Error('createApp: local mode needs options.local (the embedded Images API)');
  }
  const app = new Hono();
  const log: LogSink = options.log === false ? () => undefined : (options.log ?? console.log);
  const upstream = options.upstream ?? createUpstreamServices(config, options, log);
  // Shared with the index's walk, which learns it too (upstream-services.ts).
  const accountHash = upstream?.accountHash ?? new AccountHashStore(config.cloudflare?.imagesAccountHash);

  // Order matters: the log sees every refusal; the headers go on every response, refusals included; the Host check
  // runs before the password prompt so a rebinding page learns nothing (CONTRACT.md §6).
  app.use(
    requestLog({
      sink: log,
      secrets: [
        config.cloudflare?.auth.type === 'token' ? config.cloudflare.auth.token : config.cloudflare?.auth.key,
        config.cloudflare?.signingKey,
        config.access.dashboardPassword,
        options.local?.signingKey,
      ],
    }),
  );
  if (!options.securityHeadersByTransport) app.use(securityHeaders(securityHeaderOptions(config)));
  app.use(hostAllowList({ allowedHosts: config.access.allowedHosts }));
  app.use(dashboardAuth({ password: config.access.dashboardPassword, user: config.access.dashboardUser }));
  app.use(sameOriginWrites());

  const catalog = config.cloudflare ? createVariantCatalog(accountReader(config, options, upstream?.budget)) : null;
  const currentConfig = async () =>
    publicConfig(config, options, accountHash.get(), catalog ? await catalogWithin(catalog, CATALOG_WAIT_MS) : undefined);
  // The dashboard's own routes, chained so that Hono infers their answers: `AppType` carries them to the dashboard's
  // typed client (src/lib/api-client.ts), so each answer's shape is written once, here.
  const routes = app
    .get('/healthz', (c) => c.json({ ok: true }))
    .get('/api/config', async (c) => c.json(await currentConfig()))
    .get('/api/rate-budget', (c) => c.json(rateBudgetAnswer(config, upstream)))
    .route('/', createSignRoutes({ target: (url) => signingTarget(config, options, accountHash, url) }));
  const index = config.index.enabled ? options.index : undefined;
  if (index) app.route('/', createImageSearchRoutes(index));

  // The API answers HEAD with 404 / 7003 in both modes (docs/decisions.md): Hono would answer it with a GET route's
  // headers, and in cloudflare mode that would start an upstream body nobody reads. Delivery URLs still answer HEAD.
  app.use('/client/v4/*', async (c, next) => {
    if (c.req.method === 'HEAD') return noRoute(c);
    await next();
  });

  // CONTRACT.md §2: the path's account must be the configured one (403 / 9109), checked before any route.
  app.use('/client/v4/accounts/:account_id/*', async (c, next) => {
    if (c.req.param('account_id') !== config.accountId) {
      throw new ApiError(403, {
        code: ErrorCode.forbidden,
        message: `Account '${c.req.param('account_id').slice(0, 64)}' is not the account this server is configured for`,
      });
    }
    await next();
  });

  if (options.local) app.route('/', options.local.routes);
  if (config.mode === 'cloudflare') {
    const recentWrites = upstream?.recentWrites;
    const proxy = createListProxy({
      config,
      accountHash,
      fetch: options.fetch,
      rawFetch: options.upstreamFetch,
      tuning: options.proxy,
      budget: upstream?.budget,
      // List answers that pass through refresh what the index knows of those images (§8), at a bounded cost.
      listAnswers: index ? listAnswerFeed(index, log, { recentWrites }) : undefined,
    });
    app.route('/', proxy);
    // Every write that succeeds through the proxy updates the index before it is answered (§8).
    app.route(
      '/',
      createImageRoutes({
        config,
        accountHash,
        budget: upstream!.budget,
        batch: upstream!.batch,
        fetch: options.fetch,
        tuning: options.proxy,
        index,
        recentWrites,
        log,
      }),
    );
  }

  // API paths no route answered get the envelope rather than the dashboard's index.html.
  app.all('/client/v4/*', noRoute);
  app.all('/api/*', noRoute);
  // The dashboard page carries `/api/config`'s answer, so its first list request needs no round trip (page-config.ts).
  if (options.assets) app.use('*', pageConfig(currentConfig), options.assets);

  app.onError((err, c) => handleError(err, c, options.log === false ? console.error : log));
  app.notFound(noRoute);
  return routes;
}

/** The app's routes and their answers, for Hono's typed client (`hc<AppType>`, src/lib/api-client.ts). */
export type AppType = ReturnType<typeof createApp>;

/** `404 / 7003`, Cloudflare's answer for a path it has no route for. */
function noRoute(c: Context): Response {
  return c.json(errorEnvelope({ code: ErrorCode.noRoute, message: 'No route for the URI' }), 404);
}

/** Which delivery URLs `/api/sign` may sign in this mode, with which key (CONTRACT.md §5). */
function signingTarget(
  config: AppConfig,
  options: AppOptions,
  accountHash: AccountHashStore,
  requestUrl: URL,
): SigningTarget | ApiError {
  if (config.mode === 'local') {
    if (!options.local) return notConfigured('Signing is not available: the local Images API is not running');
    return {
      key: options.local.signingKey,
      origin: requestUrl.origin,
      pathPrefix: `/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/`,
      allowRelative: true,
    };
  }
  const key = config.cloudflare?.signingKey;
  if (!key) {
    return notConfigured(
      'Signing is not configured: set CLOUDFLARE_IMAGES_SIGNING_KEY on the server (Cloudflare dashboard → Images → Keys)',
    );
  }
  const hash = accountHash.get();
  if (!hash) {
    return notConfigured(
      'The delivery account hash is not known yet: set CLOUDFLARE_IMAGES_ACCOUNT_HASH, or list images first so the server can learn it from their variant URLs',
    );
  }
  return { key, origin: 'https://imagedelivery.net', pathPrefix: `/${hash}/`, allowRelative: false };
}

function notConfigured(message: string): ApiError {
  return new ApiError(400, { code: ErrorCode.notConfigured, message });
}


/**
 * The first `/api/config` of a server waits at most this long for the account's variants; after that it answers
 * without them (the dashboard learns names from list answers) and the next one has them.
 */
const CATALOG_WAIT_MS = 1500;

async function catalogWithin(catalog: VariantCatalog, ms: number): Promise<VariantCatalogState> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<VariantCatalogState>((resolve) => {
    timer = setTimeout(() => resolve({ variants: null, flexibleVariants: false }), ms);
  });
  try {
    return await Promise.race([catalog.get(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GETs `…/accounts/{id}/images/v1/{variants|config}` with the server's credentials (never for a browser), each a
 * request of the rate budget (CONTRACT.md §9, §11).
 */
function accountReader(config: AppConfig, options: AppOptions, budget: RateBudget | undefined): AccountGet {
  const cloudflare = config.cloudflare!;
  const auth = credentialHeaders(cloudflare.auth);
  const fetchImpl = budgeted(options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init)), budget, 'list');
  return async (path) => {
    const url = `${cloudflare.baseUrl}/accounts/${encodeURIComponent(config.accountId)}/images/v1/${path}`;
    const outcome = await callUpstream(
      url,
      { accept: 'application/json', ...auth },
      { timeoutMs: config.upstreamTimeoutMs, maxRetries: 0, retryBaseMs: 0, maxRetryAfterMs: 0 },
      fetchImpl,
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.response;
  };
}
