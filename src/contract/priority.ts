/**
 * The dashboard's own request header (docs/CONTRACT.md §9, docs/decisions.md): a request that belongs to a bulk job
 * or a walk over every matching image says so, and the server's rate budget serves it after people's own requests.
 * Anything else, or none, is a person's request.
 */
export const PRIORITY_HEADER = 'x-explorer-priority';

/** What a bulk request sends. */
export const BULK_HEADERS: Readonly<Record<string, string>> = { [PRIORITY_HEADER]: 'bulk' };

/** Whether a request's `x-explorer-priority` value marks it bulk. */
export function isBulkPriority(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'bulk';
}
