/**
 * The person's display choices: preview variant, copy format, signed-URL expiry. Kept in localStorage (they are
 * habits, not part of a shareable link), read through `useSyncExternalStore` so every card agrees.
 */
import { parseJson, storedValue, useStoredValue } from '../../../lib/local-store';
import { COPY_FORMATS, type CopyFormat } from '../lib/copy-formats';

export interface Preferences {
  /** `null`: the default (`thumbnail` when the account has it, else the first variant). */
  previewVariant: string | null;
  copyFormat: CopyFormat;
  /**
   * The size "Copy N URLs" and exports use: a variant name, or flexible options (`w=400,fit=cover`) from the size
   * builder; `null`: the preview variant. A copy button of one variant always copies that variant.
   */
  copySize: string | null;
  /** Seconds a copied signed URL stays valid. */
  signExpiry: number;
}

export const SIGN_EXPIRY_CHOICES = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '1 day' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
] as const;

const KEY = 'cfie:preferences';
const DEFAULTS: Preferences = { previewVariant: null, copyFormat: 'url', copySize: null, signExpiry: 3600 };

function parsePreferences(raw: string | null): Preferences {
  const stored = parseJson(raw);
  if (!stored || typeof stored !== 'object') return DEFAULTS;
  const r = stored as Record<string, unknown>;
  return {
    previewVariant: typeof r.previewVariant === 'string' ? r.previewVariant : null,
    copyFormat: COPY_FORMATS.includes(r.copyFormat as CopyFormat) ? (r.copyFormat as CopyFormat) : 'url',
    copySize: typeof r.copySize === 'string' && r.copySize.length <= 256 ? r.copySize : null,
    signExpiry: SIGN_EXPIRY_CHOICES.some((c) => c.seconds === r.signExpiry) ? (r.signExpiry as number) : 3600,
  };
}

/** The store (src/lib/local-store.ts); a choice storage refuses (private mode, full) still holds for this page. */
const preferences = storedValue(KEY, { parse: parsePreferences });

export function setPreferences(patch: Partial<Preferences>): void {
  preferences.update((current) => ({ ...current, ...patch }));
}

export function usePreferences(): Preferences {
  return useStoredValue(preferences, DEFAULTS);
}
