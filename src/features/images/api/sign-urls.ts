/**
 * `POST /api/sign` `{urls, expiresIn}` → `{urls}` (CONTRACT.md §5). Used to copy signed URLs of private images
 * and to preview them. Previews of the cards on screen are batched into one request.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callRoute } from '../../../lib/api-client';
import { imageKeys } from './image-keys';

/** Keeps request bodies small; the server signs any count, but one huge request delays every card. */
const SIGN_CHUNK = 100;

export async function signUrls(urls: readonly string[], expiresIn: number): Promise<string[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < urls.length; i += SIGN_CHUNK) chunks.push(urls.slice(i, i + SIGN_CHUNK));
  const signed = await Promise.all(
    chunks.map((chunk) =>
      callRoute('/api/sign', { json: { urls: chunk, expiresIn } }).then((result) => {
        if (result.urls.length !== chunk.length) throw new Error('The signing answer has the wrong number of URLs');
        return result.urls;
      }),
    ),
  );
  return signed.flat();
}

/** Previews are signed for an hour and re-signed after 50 minutes, so a shown preview never expires mid-use. */
export const PREVIEW_SIGN_SECONDS = 3600;
const PREVIEW_FRESH_MS = 50 * 60 * 1000;

type Pending = { url: string; resolve: (signed: string) => void; reject: (error: unknown) => void };
let pending: Pending[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

/** Collects the URLs asked for within one tick (every card that mounted together) into one request. */
function signPreviewBatched(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    pending.push({ url, resolve, reject });
    timer ??= setTimeout(flush, 16);
  });
}

function flush(): void {
  const batch = pending;
  pending = [];
  timer = null;
  const urls = [...new Set(batch.map((p) => p.url))];
  signUrls(urls, PREVIEW_SIGN_SECONDS).then(
    (signed) => {
      const byUrl = new Map(urls.map((url, i) => [url, signed[i] ?? url]));
      for (const p of batch) p.resolve(byUrl.get(p.url) ?? p.url);
    },
    (error: unknown) => batch.forEach((p) => p.reject(error)),
  );
}

export const signedPreviewQueryOptions = (url: string) =>
  queryOptions({
    queryKey: imageKeys.signedUrl(url),
    queryFn: () => signPreviewBatched(url),
    staleTime: PREVIEW_FRESH_MS,
    gcTime: PREVIEW_FRESH_MS,
  });

/** A signed preview URL for a private image's delivery URL; idle when `url` is null. */
export function useSignedPreview(url: string | null) {
  return useQuery({ ...signedPreviewQueryOptions(url ?? ''), enabled: url !== null });
}
