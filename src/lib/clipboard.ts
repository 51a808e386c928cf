/**
 * Copies text. The async Clipboard API needs a secure context (https or localhost, which includes
 * `http://127.0.0.1`) and a focused document; when it is missing or refuses, a hidden textarea and
 * `document.execCommand('copy')` do it the old way.
 */
export async function copyText(text: string): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Permission denied or document not focused: try the fallback.
    }
  }
  copyWithTextarea(text);
}

function copyWithTextarea(text: string): void {
  const active = document.activeElement as HTMLElement | null;
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.setAttribute('aria-hidden', 'true');
  textarea.className = 'visually-hidden';
  document.body.append(textarea);
  textarea.focus({ preventScroll: true });
  textarea.select();
  try {
    if (!document.execCommand('copy')) throw new Error('The browser refused to copy');
  } finally {
    textarea.remove();
    active?.focus({ preventScroll: true });
  }
}
