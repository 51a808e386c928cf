/**
 * One preview picture. Private images are shown through a signed URL when the server can sign, otherwise a lock
 * placeholder says why; a preview that fails to load shows a placeholder too, never a broken-image icon.
 */
import { useState } from 'react';
import { flingTurnNow, mayShow, useFlingTurn } from '../lib/fling-hold';
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
  /** A grid card's or a table row's preview: its picture waits while the view flings past (lib/fling-hold.ts). */
  holdWhileFlinging?: boolean;
}

export function ImagePreview(props: ImagePreviewProps) {
  const { image, variant } = props;
  const url = variantUrl(image, variant);
  if (!url) return <Placeholder label={`${image.filename}: no ${variant} variant`} text={`No ${variant} variant`} />;
  // Public images (most of them) need no signing state: no query observer per card, which counted while scrolling.
  return image.requireSignedURLs ? <PrivatePreview {...props} url={url} /> : <HeldPicture {...props} src={url} />;
}

function PrivatePreview({ url, ...props }: ImagePreviewProps & { url: string }) {
  const { image } = props;
  const { signing } = useConfig();
  const signed = useSignedPreview(signing ? url : null);
  if (!signing) {
    return (
      <Placeholder
        lock
        label={`${image.filename}: private image`}
        text="Private: previews need a signing key"
        title="This image requires signed URLs and the server has no signing key (CLOUDFLARE_IMAGES_SIGNING_KEY)."
      />
    );
  }
  if (signed.isError) {
    return <Placeholder lock label={`${image.filename}: private image`} text="Private: could not sign a preview" />;
  }
  if (!signed.data) return <Pending />;
  return <HeldPicture {...props} src={signed.data} />;
}

function Pending() {
  return <span className="preview preview--pending" aria-hidden="true" />;
}

/** The picture, or while a fling holds it (and it has not been shown yet) the pending placeholder. */
function HeldPicture(props: ImagePreviewProps & { src: string }) {
  return props.holdWhileFlinging ? <FlingHeldPicture {...props} /> : <Picture {...props} />;
}

function FlingHeldPicture(props: ImagePreviewProps & { src: string }) {
  const [mountedTurn] = useState(flingTurnNow);
  const turn = useFlingTurn();
  return mayShow(mountedTurn, turn) ? <Picture {...props} /> : <Pending />;
}

function Picture({ image, width, height, eager, src }: ImagePreviewProps & { src: string }) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
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
      // The first rows are the first screen: fetched before anything else the page loads. The others leave the
      // attribute out (its default is `auto`): one attribute fewer for each card mounted while scrolling.
      fetchPriority={eager ? 'high' : undefined}
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
