// @vitest-environment jsdom
/**
 * "Clear filters" (the empty state and the malformed-link banner) drops the whole query the results come from:
 * list v2's parameters and the index's (`q`, `uploaded[gte]`, `uploaded[lt]`, `private`: docs/CONTRACT.md §8),
 * and keeps the dashboard's own (`view`, `image`).
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../contract/search-query';
import { EmptyState } from './empty-state';
import { InvalidLinkBanner } from './invalid-link-banner';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const params = () => [...new URLSearchParams(window.location.search)];

describe('Clear filters', () => {
  it('in the empty state clears q, the upload dates and private as well as the metadata filters', async () => {
    window.history.replaceState(
      null,
      '',
      '/?q=invoice&uploaded[gte]=2026-05-01&uploaded[lt]=2026-06-01&private=true&meta.status[eq]=active&creator=user123&view=table&per_page=100',
    );
    render(<EmptyState filtered />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(params()).toEqual([
      ['view', 'table'],
      ['per_page', '100'],
    ]);
  });

  it('in the banner of a malformed link clears a malformed private or date too', async () => {
    window.history.replaceState(null, '', '/?private=maybe&uploaded[lt]=yesterday&q=cat&image=abc');
    const parsed = parseSearchQuery(window.location.search);
    expect(parsed.ok).toBe(false);
    render(<InvalidLinkBanner errors={parsed.ok ? [] : parsed.errors} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(params()).toEqual([['image', 'abc']]);
  });
});
