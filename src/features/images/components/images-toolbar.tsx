/** Display and copy choices, and what to do with the selection. */
import { useConfig } from '../../../lib/config';
import { plural } from '../../../lib/format';
import { useCopyActions } from '../hooks/use-copy-actions';
import { useImagesWorkspace } from '../hooks/use-grid-images';
import { SIGN_EXPIRY_CHOICES, setPreferences, usePreferences } from '../hooks/use-preferences';
import { useSelection } from '../hooks/use-selection';
import { COPY_FORMATS, COPY_FORMAT_LABELS, type CopyFormat } from '../lib/copy-formats';

export function ImagesToolbar() {
  const { images, ids, variants, previewVariant } = useImagesWorkspace();
  const { signing } = useConfig();
  const prefs = usePreferences();
  const selection = useSelection();
  const { copyImages } = useCopyActions();
  const selectedImages = () => images.filter((image) => selection.selected.has(image.id));
  const exportAs = async (format: 'csv' | 'json') => {
    const { downloadImages } = await import('../lib/export-images');
    downloadImages(selectedImages(), format, previewVariant);
  };
  const count = selection.count;

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
      <div className="toolbar__group" role="group" aria-label="Selection">
        <button type="button" className="button button--quiet" onClick={() => selection.selectAll(ids)} disabled={ids.length === 0}>
          Select all loaded
        </button>
        {count > 0 ? (
          <>
            <button type="button" className="button button--primary" onClick={() => void copyImages(selectedImages(), previewVariant)}>
              Copy {plural(count, 'URL')}
            </button>
            <button type="button" className="button" onClick={() => void exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" className="button" onClick={() => void exportAs('json')}>
              Export JSON
            </button>
            <button type="button" className="button button--quiet" onClick={selection.clear}>
              Clear selection
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
