/** Validation at the edge: list answers are checked, not trusted (docs/CONTRACT.md §2, "Response"). */
import { z } from 'zod/mini';
import type { CfImage, ListImagesResult } from '../../../contract/image';
import { envelopeSchema } from '../../../lib/api-client';

export const imageSchema = z.object({
  id: z.string(),
  filename: z.string(),
  creator: z.nullable(z.string()),
  meta: z.record(z.string(), z.unknown()),
  requireSignedURLs: z.boolean(),
  uploaded: z.string(),
  variants: z.array(z.string()),
}) satisfies z.ZodMiniType<CfImage>;

const listImagesFields = { continuation_token: z.nullable(z.string()) };

export const listImagesResultSchema = z.object({
  images: z.array(imageSchema),
  ...listImagesFields,
}) satisfies z.ZodMiniType<ListImagesResult>;

export const listImagesEnvelopeSchema = envelopeSchema(listImagesResultSchema);

/**
 * The list answer with its images left for `imageSchema`, a slice at a time (`fetchJsonWithItems`): together,
 * the same checks as `listImagesEnvelopeSchema`.
 */
export const listImagesHeadSchema = envelopeSchema(z.object({ images: z.array(z.unknown()), ...listImagesFields }));

