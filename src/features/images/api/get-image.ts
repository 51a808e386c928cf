/** `GET /client/v4/accounts/{account_id}/images/v1/{image_id}`: one image by id (docs/CONTRACT.md §7). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { imageKeys } from './image-keys';
import { imageSchema } from './schemas';

const imageEnvelopeSchema = envelopeSchema(imageSchema);

/** The id is one path segment here: `/` in a custom id is sent as `%2F`, which the route decodes once (§7). */
export function imageUrl(accountId: string, imageId: string): string {
  return `/client/v4/accounts/${encodeURIComponent(accountId)}/images/v1/${encodeURIComponent(imageId)}`;
}

export const imageQueryOptions = (accountId: string, imageId: string) =>
  queryOptions({
    queryKey: [...imageKeys.all, 'detail', accountId, imageId] as const,
    queryFn: async ({ signal }) => (await fetchJson(imageUrl(accountId, imageId), imageEnvelopeSchema, { signal })).result,
  });

/** One image, asked for only when `enabled` (a link names an image that is not among the loaded ones). */
export function useImage(accountId: string, imageId: string, enabled: boolean) {
  return useQuery({ ...imageQueryOptions(accountId, imageId), enabled });
}
