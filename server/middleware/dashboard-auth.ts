import { createMiddleware } from 'hono/factory';
import { auth } from 'hono/utils/basic-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
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
 * HTTP Basic auth for the whole dashboard when `DASHBOARD_PASSWORD` is set (CONTRACT.md §6, RFC 7617).
 * User and password are compared in constant time (hashed first, so their lengths do not leak either).
 */
export function dashboardAuth(options: DashboardAuthOptions = {}) {
  const { password, user = 'admin', publicPaths = ['/healthz'], realm = 'cf-images-explorer' } = options;
  const challenge = `Basic realm="${realm}", charset="UTF-8"`;
  return createMiddleware(async function dashboardAuth(c, next) {
    if (password === undefined || publicPaths.includes(c.req.path)) return next();
    const given = auth(c.req.raw);
    if (given) {
      const [userOk, passwordOk] = await Promise.all([
        timingSafeEqual(user, given.username),
        timingSafeEqual(password, given.password),
      ]);
      if (userOk && passwordOk) return next();
    }
    throw new ApiError(
      401,
      {
        code: ErrorCode.unauthorized,
        message: given ? 'Wrong dashboard user or password' : 'Dashboard password required (HTTP Basic auth)',
      },
      { headers: { 'WWW-Authenticate': challenge } },
    );
  });
}
