/**
 * `POST /api/sign` (CONTRACT.md §5): signs delivery URLs of the configured account so the dashboard can preview
 * private images. Only URLs under the account's delivery prefix are signed; anything else is a 400, so the endpoint
 * cannot be used to mint signatures for other paths. Request and response shapes: docs/api.md.
 */
import { zValidator } from '@hono/zod-validator';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError, badRequest } from '../errors';
import { signUrl } from '../lib/signing';

export const SIGN_LIMITS = {
  maxUrls: 1000,
  maxUrlLength: 2048,
  maxBodyBytes: 2_500_000,
  expiresInMin: 1,
  expiresInMax: 604_800,
  expiresInDefault: 3600,
} as const;

/** What may be signed for one request, and with which key. */
export interface SigningTarget {
  key: string;
  /** `https://imagedelivery.net`, or the server's own origin for local delivery. */
  origin: string;
  /** Path every signed URL must start with, ending in `/`: `/<hash>/` or `/cdn-cgi/imagedelivery/<hash>/`. */
  pathPrefix: string;
  /** Local mode: root-relative URLs (`/cdn-cgi/imagedelivery/…`) are accepted and answered relative. */
  allowRelative: boolean;
}

export interface SignRoutesOptions {
  /** Per request (the local origin depends on it): the target, or the error saying why signing is unavailable. */
  target: (requestUrl: URL) => SigningTarget | ApiError;
  /** Seconds since the epoch. */
  nowSeconds?: () => number;
}

const SignRequest = z.strictObject({
  urls: z
    .array(z.string().max(SIGN_LIMITS.maxUrlLength, `each URL may be at most ${SIGN_LIMITS.maxUrlLength} characters`))
    .min(1, 'give at least one URL')
    .max(SIGN_LIMITS.maxUrls, `at most ${SIGN_LIMITS.maxUrls} URLs per request`),
  expiresIn: z
    .number()
    .int(`must be a whole number of seconds`)
    .min(SIGN_LIMITS.expiresInMin, `must be at least ${SIGN_LIMITS.expiresInMin}`)
    .max(SIGN_LIMITS.expiresInMax, `must be at most ${SIGN_LIMITS.expiresInMax} (7 days)`)
    .default(SIGN_LIMITS.expiresInDefault),
});

export interface SignResponse {
  urls: string[];
  /** When the signatures expire, seconds since the epoch (the `exp` of every URL). */
  expiresAt: number;
}

/** Routes for `/api/sign`. */
export function createSignRoutes(options: SignRoutesOptions) {
  const { target, nowSeconds = () => Math.floor(Date.now() / 1000) } = options;
  // Chained and returned as built, so the route's types reach `AppType` (server/app.ts).
  return new Hono().post(
    '/api/sign',
    bodyLimit({
      maxSize: SIGN_LIMITS.maxBodyBytes,
      onError: () => {
        throw new ApiError(413, { code: ErrorCode.tooLarge, message: `Request body larger than ${SIGN_LIMITS.maxBodyBytes} bytes` });
      },
    }),
    jsonBody('{"urls": ["…"], "expiresIn": 3600}'),
    zValidator('json', SignRequest, (parsed) => {
      if (!parsed.success) {
        throw new ApiError(
          400,
          parsed.error.issues.slice(0, 10).map((issue) => ({
            code: ErrorCode.invalidRequest,
            message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
          })),
        );
      }
    }),
    async (c) => {
      const signing = target(new URL(c.req.url));
      if (signing instanceof ApiError) throw signing;
      const body = c.req.valid('json');
      const expiresAt = nowSeconds() + body.expiresIn;
      const urls = await Promise.all(
        body.urls.map(async (raw, index) => {
          const url = deliveryUrl(raw, signing);
          if (!url) {
            throw badRequest(
              `urls.${index}: not a delivery URL of this account; expected ${signing.origin}${signing.pathPrefix}<image id>/<variant>`,
            );
          }
          const signed = await signUrl(url.href, signing.key, expiresAt);
          if (signing.allowRelative && raw.startsWith('/')) {
            const out = new URL(signed);
            return `${out.pathname}${out.search}`;
          }
          return signed;
        }),
      );
      return c.json({ urls, expiresAt } satisfies SignResponse);
    },
  );
}

/**
 * JSON only, parsed once (the validator after it reads Hono's cached body): a cross-site form cannot send JSON
 * without a CORS preflight, which this server never grants; a body that does not parse gets an example to follow.
 */
function jsonBody(example: string): MiddlewareHandler {
  return async (c, next) => {
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw badRequest('Send the body as JSON with Content-Type: application/json');
    }
    try {
      await c.req.json();
    } catch {
      throw badRequest(`Request body is not valid JSON: expected ${example}`);
    }
    await next();
  };
}

/** The URL when it is a delivery URL under the target's prefix (after the URL parser resolved `..` and `%2e`). */
function deliveryUrl(raw: string, target: SigningTarget): URL | null {
  const relative = raw.startsWith('/') && !raw.startsWith('//');
  if (relative && !target.allowRelative) return null;
  if (!URL.canParse(raw, target.origin)) return null;
  const url = new URL(raw, target.origin);
  if (url.origin !== target.origin || url.username !== '' || url.password !== '' || url.hash !== '') return null;
  if (!url.pathname.startsWith(target.pathPrefix)) return null;
  // At least `<id>/<variant>` after the prefix, no empty segments.
  const rest = url.pathname.slice(target.pathPrefix.length).split('/');
  if (rest.length < 2 || rest.some((segment) => segment === '')) return null;
  return url;
}
