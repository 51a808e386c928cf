/**
 * The person's display choices: preview variant, copy format, signed-URL expiry. Kept in localStorage (they are
 * habits, not part of a shareable link), read through `useSyncExternalStore` so every card agrees.
 */
import { useSyncExternalStore } from 'react';
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
const listeners = new Set<() => void>();
let current: Preferences = load();

function load(): Preferences {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return DEFAULTS;
    const r = raw as Record<string, unknown>;
    return {
      previewVariant: typeof r.previewVariant === 'string' ? r.previewVariant : null,
      copyFormat: COPY_FORMATS.includes(r.copyFormat as CopyFormat) ? (r.copyFormat as CopyFormat) : 'url',
      copySize: typeof r.copySize === 'string' && r.copySize.length <= 256 ? r.copySize : null,
      signExpiry: SIGN_EXPIRY_CHOICES.some((c) => c.seconds === r.signExpiry) ? (r.signExpiry as number) : 3600,
    };
  } catch {
    return DEFAULTS;
  }
}

export function setPreferences(patch: Partial<Preferences>): void {
  current = { ...current, ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode or storage full: the choice still holds for this page.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, () => current, () => DEFAULTS);
}
