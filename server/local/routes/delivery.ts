/**
 * `GET /cdn-cgi/imagedelivery/{account_hash}/{image_id}/{variant}` (CONTRACT.md §1, §4, §5): the local stand-in
 * for imagedelivery.net. Private images need a valid, unexpired `exp`/`sig` (403 otherwise).
 */
import { Hono } from 'hono';
import { ErrorCode } from '../../../src/contract/envelope';
import { LOCAL_VARIANTS, type LocalVariant } from '../../../src/contract/image';
import { isFlexibleVariant, parseFlexibleOptions } from '../../../src/contract/variants';
import { LOCAL_ACCOUNT_HASH } from '../../config';
import { ApiError } from '../../errors';
import { SVG_DELIVERY_CSP } from '../../lib/original-headers';
import { verifySignedPath } from '../../lib/signing';
import { idFromPath } from '../../../src/contract/image-writes';
import { flexibleCacheName, outputFor } from '../flexible-render';
import type { ImageStore } from '../image-store';
import { DELIVERY_PREFIX } from '../to-cf-image';
import { ImageGoneError, type VariantRenderer } from '../variants';

function notFound(message: string): ApiError {
  return new ApiError(404, { code: ErrorCode.notFound, message });
}

function isVariant(name: string): name is LocalVariant {
  return (LOCAL_VARIANTS as readonly string[]).includes(name);
}

/** `If-None-Match` holds this ETag (or `*`); weak comparison, as RFC 9110 §13.1.2 asks for GET. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

export function deliveryRoutes(store: ImageStore, renderer: VariantRenderer, signingKey: string): Hono {
  const app = new Hono();

  app.get(`${DELIVERY_PREFIX}/*`, async (c) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.slice(DELIVERY_PREFIX.length + 1).split('/');
    if (segments.length < 3) throw notFound('Expected /cdn-cgi/imagedelivery/<account_hash>/<image_id>/<variant>');
    const [hash] = segments;
    const variant = segments.at(-1)!;
    const id = idFromPath(segments.slice(1, -1).join('/'));
    if (hash !== LOCAL_ACCOUNT_HASH) throw notFound(`Unknown account hash '${hash!.slice(0, 64)}'`);
    if (id === null) {
      throw new ApiError(400, {
        code: ErrorCode.invalidRequest,
        message: 'Malformed delivery path: the image id is not valid percent-encoding (write % as %25)',
      });
    }
    const image = store.get(id);
    if (!image) throw notFound(`No image with id '${id.slice(0, 100)}'`);
    const flexible = isFlexibleVariant(variant) ? parseFlexibleOptions(variant) : null;
    if (flexible && !flexible.ok) throw new ApiError(400, { code: ErrorCode.invalidRequest, message: flexible.message });
    if (!flexible && !isVariant(variant)) {
      throw notFound(`No variant '${variant.slice(0, 64)}': use one of ${LOCAL_VARIANTS.join(', ')}, or flexible options such as w=400`);
    }
    if (flexible && image.requireSignedURLs) {
      // Cloudflare: flexible variants cannot be used for images that require signed URLs.
      throw new ApiError(403, {
        code: ErrorCode.forbidden,
        message: 'Flexible variants cannot be used on an image that requires signed URLs: use a named variant, signed',
      });
    }
    if (image.requireSignedURLs) {
      const valid = await verifySignedPath(url.pathname, url.searchParams, signingKey, Math.floor(Date.now() / 1000));
      if (!valid) {
        throw new ApiError(403, {
          code: ErrorCode.forbidden,
          message: 'This image requires a signed URL: exp/sig missing, invalid or expired (sign it with POST /api/sign)',
        });
      }
    }

    const output = flexible ? outputFor(flexible.options, image.format, c.req.header('accept')) : null;
    const etag = flexible
      ? `"${image.contentKey}-${flexibleCacheName(flexible.options, output!)}"`
      : `"${image.contentKey}-${variant}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      'Cache-Control': image.requireSignedURLs ? 'private, max-age=300' : 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      // Like imagedelivery.net, images may be embedded by any page: a snippet copied from the dashboard works when
      // pasted into a site under development (the app's default is same-origin).
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    // format=auto answers by the Accept header, so caches must key on it.
    if (flexible && (flexible.options.format ?? 'auto') === 'auto') headers.Vary = 'Accept';
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    let rendered;
    try {
      rendered =
        flexible && output ? await renderer.renderFlexible(image, flexible.options, output) : await renderer.render(image, variant as LocalVariant);
    } catch (error) {
      if (error instanceof ImageGoneError) throw notFound(error.message);
      throw error;
    }
    headers['Content-Type'] = rendered.contentType;
    if (rendered.format === 'svg') headers['Content-Security-Policy'] = SVG_DELIVERY_CSP;
    return c.body(new Uint8Array(rendered.bytes), 200, headers);
  });

  return app;
}
