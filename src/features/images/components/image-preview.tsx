/**
 * One preview picture. Private images are shown through a signed URL when the server can sign, otherwise a lock
 * placeholder says why; a preview that fails to load shows a placeholder too, never a broken-image icon.
 */
import { useState } from 'react';
import type { CfImage } from '../../../contract/image';
import { LockIcon } from '../../../components/ui/icons';
import { useConfig } from '../../../lib/config';
import { useSignedPreview } from '../api/sign-urls';
import { variantUrl } from '../lib/copy-formats';

export interface ImagePreviewProps {
  image: CfImage;
  variant: string;
  /** Intrinsic size hints; CSS sizes the box, these only reserve the aspect ratio before load. */
  width: number;
  height: number;
  eager?: boolean;
}

export function ImagePreview({ image, variant, width, height, eager }: ImagePreviewProps) {
  const { signing } = useConfig();
  const url = variantUrl(image, variant);
  const isPrivate = image.requireSignedURLs;
  const signed = useSignedPreview(isPrivate && signing && url ? url : null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);

  if (!url) return <Placeholder label={`${image.filename}: no ${variant} variant`} text={`No ${variant} variant`} />;
  if (isPrivate && !signing) {
    return (
      <Placeholder
        lock
        label={`${image.filename}: private image`}
        text="Private: previews need a signing key"
        title="This image requires signed URLs and the server has no signing key (CLOUDFLARE_IMAGES_SIGNING_KEY)."
      />
    );
  }
  if (isPrivate && signed.isError) {
    return <Placeholder lock label={`${image.filename}: private image`} text="Private: could not sign a preview" />;
  }
  const src = isPrivate ? signed.data : url;
  if (!src) return <span className="preview preview--pending" aria-hidden="true" />;
  if (failedSrc === src) {
    return <Placeholder label={`${image.filename}: preview unavailable`} text="Preview unavailable" />;
  }
  return (
    <img
      className="preview"
      src={src}
      alt={image.filename}
      width={width}
      height={height}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      draggable={false}
      onError={() => setFailedSrc(src)}
    />
  );
}

function Placeholder({ label, text, title, lock }: { label: string; text: string; title?: string; lock?: boolean }) {
  return (
    <span className="preview preview--placeholder" role="img" aria-label={label} title={title}>
      {lock ? <LockIcon /> : null}
      <span aria-hidden="true">{text}</span>
    </span>
  );
}
