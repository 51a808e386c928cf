/**
 * Display and copy choices, and selecting every loaded image. Narrow windows fold them behind one "Options" button
 * (a disclosure: the panel holds form fields, so it is not an ARIA menu) to keep the images' height.
 */
import { lazy, useEffect, useId, useRef, useState } from 'react';
import { OnDemand } from '../../../components/ui/on-demand';
import { MoreIcon } from '../../../components/ui/icons';
import { useConfig } from '../../../lib/config';
import { NARROW_QUERY, useMediaQuery } from '../../../lib/use-media-query';
import { isFlexibleVariant, parseFlexibleOptions, variantLabel } from '../../../contract/variants';
import { sizeFromText, useDelivery } from '../hooks/use-delivery';
import { useImagesWorkspace } from '../hooks/use-grid-images';
import { SIGN_EXPIRY_CHOICES, setPreferences, usePreferences } from '../hooks/use-preferences';
import { useSelection } from '../hooks/use-selection';
import { COPY_FORMATS, COPY_FORMAT_LABELS, type CopyFormat } from '../lib/copy-formats';

// The size builder for a selection, loaded when asked for: not part of the first screen.
const CustomSizeDialog = lazy(() => import('./custom-size-dialog'));

export function ImagesToolbar() {
  const narrow = useMediaQuery(NARROW_QUERY);
  return (
    <div className="toolbar" role="toolbar" aria-label="Image display and copy options">
      {narrow ? <FoldedOptions /> : <ToolbarOptions />}
    </div>
  );
}

function FoldedOptions() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);
  return (
    <div
      ref={rootRef}
      className="toolbar__fold"
      onKeyDown={(event) => {
        // Esc in a dialog opened from the panel ("Custom size…") closes that dialog, not the panel under it.
        if ((event.target as Element).closest('dialog')) return;
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <MoreIcon /> Options
      </button>
      <div id={panelId} className="toolbar__panel" hidden={!open}>
        <ToolbarOptions />
      </div>
    </div>
  );
}

function ToolbarOptions() {
  const { ids, variants, previewVariant } = useImagesWorkspace();
  const { signing } = useConfig();
  const prefs = usePreferences();
  const selection = useSelection();
  const ctx = useDelivery(variants);
  const label = (name: string) => {
    const info = ctx.variants.find((v) => v.name === name);
    return info ? variantLabel(info) : name;
  };
  // A custom size from the size builder stays a choice while it is valid for this account.
  const customSize = prefs.copySize && isFlexibleVariant(prefs.copySize) && sizeFromText(prefs.copySize, ctx) ? prefs.copySize : null;
  const [sizing, setSizing] = useState(false);
  return (
    <>
      <label className="field">
        <span className="field__label">Preview</span>
        <select value={previewVariant} onChange={(e) => setPreferences({ previewVariant: e.target.value })}>
          {variants.map((variant) => (
            <option key={variant} value={variant}>
              {label(variant)}
            </option>
          ))}
        </select>
      </label>
      <div className="toolbar__group toolbar__copy-size">
        <label className="field">
          <span className="field__label">Copy size</span>
          <select
            value={sizeFromText(prefs.copySize, ctx) ? (prefs.copySize ?? '') : ''}
            onChange={(e) => setPreferences({ copySize: e.target.value || null })}
          >
            <option value="">as previewed</option>
            {variants.map((variant) => (
              <option key={variant} value={variant}>
                {label(variant)}
              </option>
            ))}
            {customSize ? <option value={customSize}>{customSizeLabel(customSize)}</option> : null}
          </select>
        </label>
        <button type="button" className="button" aria-haspopup="dialog" onClick={() => setSizing(true)}>
          Custom size…
        </button>
      </div>
      {sizing ? (
        <OnDemand what="The size dialog">
          <CustomSizeDialog onClose={() => setSizing(false)} />
        </OnDemand>
      ) : null}
      <label className="field">
        <span className="field__label">Copy as</span>
        <select value={prefs.copyFormat} onChange={(e) => setPreferences({ copyFormat: e.target.value as CopyFormat })}>
          {COPY_FORMATS.map((format) => (
            <option key={format} value={format}>
              {COPY_FORMAT_LABELS[format]}
            </option>
          ))}
        </select>
      </label>
      {signing ? (
        <label className="field">
          <span className="field__label">Signed URLs valid</span>
          <select value={prefs.signExpiry} onChange={(e) => setPreferences({ signExpiry: Number(e.target.value) })}>
            {SIGN_EXPIRY_CHOICES.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="toolbar__spacer" />
      <button
        type="button"
        className="button button--quiet"
        onClick={() => selection.selectAll(ids)}
        disabled={ids.length === 0}
      >
        Select all loaded
      </button>
    </>
  );
}

/** "custom · 400×300 cover webp q80" for a size from the size builder (`w=400,h=300,fit=cover,format=webp,q=80`). */
export function customSizeLabel(text: string): string {
  const parsed = parseFlexibleOptions(text);
  if (!parsed.ok) return `custom · ${text}`;
  const { width = null, height = null, fit = null, format, quality, dpr } = parsed.options;
  const extra = [format && format !== 'auto' ? format : '', quality ? `q${quality}` : '', dpr ? `${dpr}x` : ''].filter(Boolean);
  const size = width === null && height === null ? 'custom · any size' : variantLabel({ name: 'custom', width, height, fit });
  return [size, ...extra].join(' ');
}
