/** One image as the local store keeps it. */

import type { ImageFormat } from '../../src/contract/image-file';

export type { ImageFormat } from '../../src/contract/image-file';

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

export interface StoredImage {
  /** Insertion sequence: the stable tie-breaker after `uploaded` (never reused: AUTOINCREMENT). */
  seq: number;
  id: string;
  filename: string;
  /** `null` when not set (an empty creator is stored as none). */
  creator: string | null;
  /** Parsed metadata, `{}` when none. Never mutated: replaced as a whole. */
  meta: Record<string, unknown>;
  requireSignedURLs: boolean;
  /** Milliseconds since the epoch. */
  uploaded: number;
  format: ImageFormat;
  /** The original's path relative to `originals/`: content-addressed for uploads, `demo/…` for demo pictures. */
  file: string;
  /** Identity of the original's bytes (sha256 for uploads): names the variant cache and makes the ETag. */
  contentKey: string;
}
