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

export const listImagesResultSchema = z.object({
  images: z.array(imageSchema),
  continuation_token: z.nullable(z.string()),
}) satisfies z.ZodMiniType<ListImagesResult>;

export const listImagesEnvelopeSchema = envelopeSchema(listImagesResultSchema);

