import { createMiddleware } from 'hono/factory';
import { basicAuth } from 'hono/basic-auth';
import { HTTPException } from 'hono/http-exception';
import { auth } from 'hono/utils/basic-auth';
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError } from '../errors';

export interface DashboardAuthOptions {
  /** `DASHBOARD_PASSWORD`. Without it the middleware lets everything through. */
  password?: string;
  /** `DASHBOARD_USER`. */
  user?: string;
  /** Paths that never ask for a password (liveness probes). */
  publicPaths?: readonly string[];
  realm?: string;
}

/**
 * HTTP Basic auth for the whole dashboard when `DASHBOARD_PASSWORD` is set (CONTRACT.md §6, RFC 7617): Hono's
 * `basicAuth` (user and password compared in constant time, hashed first so their lengths do not leak either),
 * except on `publicPaths`, with its refusal answered as Cloudflare's envelope.
 */
export function dashboardAuth(options: DashboardAuthOptions = {}) {
  const { password, user = 'admin', publicPaths = ['/healthz'], realm = 'cf-images-explorer' } = options;
  const challenge = `Basic realm="${realm}", charset="UTF-8"`;
  const basic = password === undefined ? undefined : basicAuth({ username: user, password, realm });
  return createMiddleware(async function dashboardAuth(c, next) {
    if (!basic || publicPaths.includes(c.req.path)) return next();
    try {
      return await basic(c, next);
    } catch (error) {
      if (!(error instanceof HTTPException) || error.status !== 401) throw error;
      throw new ApiError(
        401,
        {
          code: ErrorCode.unauthorized,
          message: auth(c.req.raw) ? 'Wrong dashboard user or password' : 'Dashboard password required (HTTP Basic auth)',
        },
        { headers: { 'WWW-Authenticate': challenge } },
      );
    }
  });
}
