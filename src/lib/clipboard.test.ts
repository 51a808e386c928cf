// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

afterEach(() => vi.restoreAllMocks());

describe('copyText', () => {
  it('falls back to a hidden textarea and execCommand without the Clipboard API', async () => {
    let copied = '';
    const exec = vi.fn(() => {
      copied = (document.activeElement as HTMLTextAreaElement).value;
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    await copyText('https://example.test/a');
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('https://example.test/a');
    expect(document.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
  it('reports a refused copy', async () => {
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    await expect(copyText('x')).rejects.toThrow(/refused/);
  });
});
