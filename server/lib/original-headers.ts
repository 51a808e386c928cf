/**
 * The headers that keep an uploaded original harmless when a browser opens it from this server's origin, in both
 * modes (docs/CONTRACT.md §1, §6; docs/local-mode.md): an original is someone's upload, and an SVG is a document
 * that can carry script, links and forms. Local delivery and the blob route of both modes take them from here.
 */

/** An original opened as a document runs nothing, loads nothing and posts nothing. */
export const SANDBOX_CSP = "default-src 'none'; sandbox";

/** A delivered SVG (local `original` variant) is shown inline: its own styles and `data:` images still draw. */
export const SVG_DELIVERY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/**
 * `…/images/v1/{id}/blob`'s own headers (docs/CONTRACT.md §7): a download, never a page of this origin, whatever
 * type it claims. `filename` when known (local mode); Cloudflare's blob answer names none.
 */
export function blobHeaders(filename?: string): Record<string, string> {
  const name = filename === undefined ? '' : `; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`;
  return { 'content-disposition': `attachment${name}`, 'content-security-policy': SANDBOX_CSP };
}
