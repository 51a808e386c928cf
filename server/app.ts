/**
 * Builds the Hono app from a config object. The runtime entries (server/node.ts, server/worker.ts) only run it,
 * so tests and every runtime use the same app (hono-open-api-starter's createApp habit).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { ErrorCode, errorEnvelope } from '../src/contract/envelope';
import { LOCAL_VARIANTS } from '../src/contract/image';
import { LOCAL_ACCOUNT_HASH, type AppConfig } from './config';
import { ApiError, handleError } from './errors';

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
}

/** What `/api/config` answers: everything the UI needs to start, never a secret. */
export interface PublicConfig {
  mode: AppConfig['mode'];
  accountId: string;
  /** Delivery account hash when known (local mode, or `CLOUDFLARE_IMAGES_ACCOUNT_HASH`). */
  accountHash: string | null;
  /** Variant names when known up front; in Cloudflare mode the UI learns them from list answers. */
  variants: string[];
  signing: boolean;
  version: string;
}

export function publicConfig(config: AppConfig, options: AppOptions): PublicConfig {
  const local = config.mode === 'local';
  return {
    mode: config.mode,
    accountId: config.accountId,
    accountHash: local ? LOCAL_ACCOUNT_HASH : (config.cloudflare?.imagesAccountHash ?? null),
    variants: local ? [...LOCAL_VARIANTS] : [],
    signing: local ? Boolean(options.local) : Boolean(config.cloudflare?.signingKey),
    version: config.version,
  };
}

export function createApp(config: AppConfig, options: AppOptions = {}): Hono {
  if (config.mode === 'local' && !options.local) {
    throw new Error('createApp: local mode needs options.local (the embedded Images API)');
  }
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/api/config', (c) => c.json(publicConfig(config, options)));

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

  app.all('/client/v4/*', (c) =>
    c.json(errorEnvelope({ code: ErrorCode.noRoute, message: 'No route for the URI' }), 404),
  );
  app.all('/api/*', (c) => c.json(errorEnvelope({ code: ErrorCode.noRoute, message: 'No route for the URI' }), 404));
  if (options.assets) app.use('*', options.assets);

  app.onError(handleError);
  app.notFound((c) => c.json(errorEnvelope({ code: ErrorCode.noRoute, message: 'No route for the URI' }), 404));
  return app;
}

