/**
 * The size builder's fields, one draft for the whole page: the detail panel's builder and the copy menu's are the
 * same component over the same draft, so a size started in one is there in the other. It starts from the custom
 * copy size chosen earlier, if any (kept in the preferences), else 400×300 cover.
 */
import { useSyncExternalStore } from 'react';
import { isFlexibleVariant, parseFlexibleOptions, type FlexibleFormat, type FlexibleOptions, type VariantFit } from '../../../contract/variants';
import { usePreferences } from './use-preferences';

export interface SizeFields {
  width: string;
  height: string;
  fit: VariantFit | '';
  format: FlexibleFormat | '';
  quality: string;
}

export const INITIAL_SIZE_FIELDS: SizeFields = { width: '400', height: '300', fit: 'cover', format: '', quality: '' };

/** Flexible options for the fields (left to `flexibleOptionsProblem` to judge). */
export function optionsFromFields(fields: SizeFields): FlexibleOptions {
  const options: FlexibleOptions = {};
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const width = number(fields.width);
  const height = number(fields.height);
  const quality = number(fields.quality);
  if (width !== undefined) options.width = width;
  if (height !== undefined) options.height = height;
  if (fields.fit) options.fit = fields.fit;
  if (fields.format) options.format = fields.format;
  if (quality !== undefined) options.quality = quality;
  return options;
}

/** The fields for a stored custom size (`w=400,h=300,fit=cover`); `null` for a variant name or a size that does not parse. */
export function fieldsFromSize(text: string | null): SizeFields | null {
  if (!text || !isFlexibleVariant(text)) return null;
  const parsed = parseFlexibleOptions(text);
  if (!parsed.ok) return null;
  const { width, height, fit, format, quality } = parsed.options;
  const asText = (n: number | undefined) => (n === undefined ? '' : String(n));
  return { width: asText(width), height: asText(height), fit: fit ?? '', format: format === 'auto' ? '' : (format ?? ''), quality: asText(quality) };
}

let draft: SizeFields | null = null;
const listeners = new Set<() => void>();

export function setSizeDraft(patch: Partial<SizeFields>): void {
  draft = { ...(draft ?? INITIAL_SIZE_FIELDS), ...patch };
  listeners.forEach((listener) => listener());
}

/** Forgets the edits: the draft follows the stored custom size again (a new page; tests). */
export function clearSizeDraft(): void {
  draft = null;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The draft; until someone edits it, the custom copy size chosen earlier (or 400×300 cover). */
export function useSizeDraft(): SizeFields {
  const { copySize } = usePreferences();
  const edited = useSyncExternalStore(subscribe, () => draft, () => null);
  return edited ?? fieldsFromSize(copySize) ?? INITIAL_SIZE_FIELDS;
}
