/** Display and copy choices, and selecting every loaded image. */
import { useConfig } from '../../../lib/config';
import { useImagesWorkspace } from '../hooks/use-grid-images';
import { SIGN_EXPIRY_CHOICES, setPreferences, usePreferences } from '../hooks/use-preferences';
import { useSelection } from '../hooks/use-selection';
import { COPY_FORMATS, COPY_FORMAT_LABELS, type CopyFormat } from '../lib/copy-formats';

export function ImagesToolbar() {
  const { ids, variants, previewVariant } = useImagesWorkspace();
  const { signing } = useConfig();
  const prefs = usePreferences();
  const selection = useSelection();

  return (
    <div className="toolbar" role="toolbar" aria-label="Image display and copy options">
      <label className="field">
        <span className="field__label">Preview</span>
        <select value={previewVariant} onChange={(e) => setPreferences({ previewVariant: e.target.value })}>
          {variants.map((variant) => (
            <option key={variant} value={variant}>
              {variant}
            </option>
          ))}
        </select>
      </label>
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
          <select
            value={prefs.signExpiry}
            onChange={(e) => setPreferences({ signExpiry: Number(e.target.value) })}
          >
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
    </div>
  );
}
