/**
 * Saved views: named list queries kept in localStorage. What comes back from storage is untrusted (another
 * version of the app, another tab, a person in devtools): each entry is checked with zod and with the contract
 * module, and a corrupt one is dropped alone, never taking the page or the other views down.
 */
import { z } from 'zod/mini';
import { parseSearchQuery, serializeSearchQuery, type SearchQuery } from '../../../contract/search-query';
import { browserStorage } from '../../../lib/local-store';

export const SAVED_VIEWS_KEY = 'cfie:saved-views:v1';
export const MAX_VIEW_NAME_LENGTH = 100;

const savedViewSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_VIEW_NAME_LENGTH)),
  /**
   * The contract's query string, as the address bar carries it: the list query and the index's `q`, upload dates and
   * `private` (docs/CONTRACT.md §8), all that selects the images.
   */
  query: z.string().check(z.maxLength(20_000)),
  savedAt: z.iso.datetime(),
});

export type SavedView = z.infer<typeof savedViewSchema>;

export interface LoadedViews {
  views: SavedView[];
  /** How many stored entries were unreadable and left out. */
  dropped: number;
}

/** Parses what storage holds. Never throws. */
export function parseSavedViews(raw: string | null): LoadedViews {
  if (raw === null) return { views: [], dropped: 0 };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { views: [], dropped: 1 };
  }
  if (!Array.isArray(data)) return { views: [], dropped: 1 };
  const views: SavedView[] = [];
  let dropped = 0;
  for (const entry of data) {
    const parsed = savedViewSchema.safeParse(entry);
    if (parsed.success && parseSearchQuery(parsed.data.query).ok) views.push(parsed.data);
    else dropped += 1;
  }
  return { views, dropped };
}

export interface ViewStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadSavedViews(storage: ViewStorage | null = browserStorage() ?? null): LoadedViews {
  try {
    return parseSavedViews(storage?.getItem(SAVED_VIEWS_KEY) ?? null);
  } catch {
    return { views: [], dropped: 0 };
  }
}

/** Writes the views; `false` when storage refused (full, disabled). */
export function storeSavedViews(views: SavedView[], storage: ViewStorage | null = browserStorage() ?? null): boolean {
  try {
    if (!storage) return false;
    storage.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
    return true;
  } catch {
    return false;
  }
}

/** A view's query string; one without the index's parameters reads as views saved before they were kept. */
export function viewQueryString(query: Omit<SearchQuery, 'continuationToken'>): string {
  return serializeSearchQuery({ ...query, continuationToken: undefined });
}

export function createView(name: string, query: Omit<SearchQuery, 'continuationToken'>, now = new Date()): SavedView {
  const id = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${now.getTime()}-${Math.random()}`;
  return { id, name: name.trim(), query: viewQueryString(query), savedAt: now.toISOString() };
}

/** The problem with a view name, or `null`. Names are unique, ignoring case, so that "Open …" buttons are unambiguous. */
export function viewNameProblem(name: string, views: readonly SavedView[], exceptId?: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the view';
  if (trimmed.length > MAX_VIEW_NAME_LENGTH) return `At most ${MAX_VIEW_NAME_LENGTH} characters`;
  const taken = views.some((view) => view.id !== exceptId && view.name.toLowerCase() === trimmed.toLowerCase());
  return taken ? `A view named “${trimmed}” exists already` : null;
}
