// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToastProvider } from '../../../components/ui/toast';
import FilterPanel from './filter-panel';

afterEach(cleanup);
beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

const images = [{ meta: { status: 'active' } }];

/** The app's providers: server state (the Value suggestions ask the facets route) and toasts. */
function Providers({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}

describe('FilterPanel and the address bar', () => {
  it('applies with Enter, pushing one history entry and keeping view and image', async () => {
    window.history.replaceState(null, '', '/?view=table&image=abc');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const length = window.history.length;
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    const row = screen.getByRole('group', { name: 'Filter 1' });
    await user.type(within(row).getByRole('combobox', { name: 'Field' }), 'region.name');
    await user.type(within(row).getByRole('combobox', { name: 'Value' }), 'eu-west');
    expect(screen.getByText('Changes not applied yet')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(screen.queryByText('Changes not applied yet')).toBeNull();
    expect([...new URLSearchParams(window.location.search)]).toEqual([
      ['meta.region.name[eq]', 'eu-west'],
      ['view', 'table'],
      ['image', 'abc'],
    ]);
    expect(window.history.length).toBe(length + 1);
    // Focus stays where the person was: the form is reset, not remounted.
    expect(document.activeElement).toBe(within(screen.getByRole('group', { name: 'Filter 1' })).getByRole('combobox', { name: 'Value' }));
  });

  it('reads values holding &, +, = and %xx back exactly as the address bar holds them', async () => {
    window.history.replaceState(null, '', '/?creator=R%26D&meta.note[eq]=a%2Bb%20c%25d%3De&view=table');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    expect(screen.getByRole('textbox', { name: 'Creator ID' })).toHaveProperty('value', 'R&D');
    expect(within(screen.getByRole('group', { name: 'Filter 1' })).getByRole('combobox', { name: 'Value' })).toHaveProperty('value', 'a+b c%d=e');
    // Applying what is shown changes nothing the server is asked.
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    const params = new URLSearchParams(window.location.search);
    expect(params.get('creator')).toBe('R&D');
    expect(params.get('meta.note[eq]')).toBe('a+b c%d=e');
    expect(params.get('view')).toBe('table');
  });

  it('follows Back: the rows become what the address bar says', async () => {
    window.history.replaceState(null, '', '/?meta.status[eq]=active');
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    expect(within(screen.getByRole('group', { name: 'Filter 1' })).getByRole('combobox', { name: 'Value' })).toHaveProperty('value', 'active');
    act(() => {
      window.history.replaceState(null, '', '/?meta.status[eq]=pending&per_page=1000');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(within(screen.getByRole('group', { name: 'Filter 1' })).getByRole('combobox', { name: 'Value' })).toHaveProperty('value', 'pending');
    expect(screen.getByRole('textbox', { name: 'Page size' })).toHaveProperty('value', '1000');
  });

  it('opens a malformed link as written, with the contract’s message beside the value', async () => {
    window.history.replaceState(null, '', '/?meta.ratings[gte:number]=lots');
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const row = screen.getByRole('group', { name: 'Filter 1' });
    expect(
      await within(row).findByText("Invalid number 'lots' for metadata filter 'meta.ratings[gte:number]': expected a number such as 5, -2 or 4.5"),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show the request' })).toBeNull();
  });

  it('opens an unknown operator as a row: field and value kept, the operator to choose, then applies', async () => {
    window.history.replaceState(null, '', '/?meta.status[bogus]=active&view=table');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const row = screen.getByRole('group', { name: 'Filter 1' });
    expect(within(row).getByRole('combobox', { name: 'Field' })).toHaveProperty('value', 'status');
    expect(within(row).getByRole('combobox', { name: 'Value' })).toHaveProperty('value', 'active');
    const operator = within(row).getByRole('combobox', { name: 'Operator' });
    expect(operator).toHaveProperty('value', '');
    expect(await within(row).findByText(/^Unsupported metadata filter operator: 'bogus'\. Choose one in the list/)).toBeTruthy();
    expect(operator.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(operator.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/eq, eq:string/);

    await user.selectOptions(operator, 'is');
    expect(within(row).queryByText(/Unsupported metadata filter operator/)).toBeNull();
    expect(operator.getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect([...new URLSearchParams(window.location.search)]).toEqual([
      ['meta.status[eq]', 'active'],
      ['view', 'table'],
    ]);
  });

  it('shows a link’s wrong sort order and page size on their own controls, and applies once they are fixed', async () => {
    window.history.replaceState(null, '', '/?sort_order=sideways&per_page=50000&meta.status[eq]=active');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const sort = screen.getByRole('combobox', { name: 'Sort order' });
    expect(sort).toHaveProperty('value', '');
    const sortMessage = await screen.findByText("Invalid sort_order 'sideways': must be 'asc' or 'desc'. Choose one in the list");
    expect(sort.getAttribute('aria-invalid')).toBe('true');
    expect(sort.getAttribute('aria-describedby')).toBe(sortMessage.id);
    const perPage = screen.getByRole('textbox', { name: 'Page size' });
    expect(perPage).toHaveProperty('value', '50000');
    expect(perPage.getAttribute('aria-invalid')).toBe('true');

    await user.selectOptions(sort, 'Oldest first');
    expect(sort.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText(sortMessage.textContent ?? '')).toBeNull();
    await user.clear(perPage);
    await user.type(perPage, '50');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect([...new URLSearchParams(window.location.search)]).toEqual([
      ['per_page', '50'],
      ['sort_order', 'asc'],
      ['meta.status[eq]', 'active'],
    ]);
  });

  it('saves the applied filters as a view and opens it again', async () => {
    window.history.replaceState(null, '', '/?meta.status[eq]=active&view=table');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    await user.type(screen.getByRole('textbox', { name: 'View name' }), 'Active{Enter}');
    act(() => {
      window.history.replaceState(null, '', '/?view=table');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await user.click(screen.getByRole('button', { name: 'Open view Active' }));
    expect(window.location.search).toBe('?meta.status[eq]=active&view=table');
    expect(screen.getByRole('button', { name: 'Open view Active' }).getAttribute('aria-current')).toBe('true');
  });

  it('a view keeps the search, the upload dates and Private: opening it restores the whole query', async () => {
    window.history.replaceState(null, '', '/?q=nebula&uploaded[gte]=2026-06-01&uploaded[lt]=2026-07-01&private=true&meta.sta[eq]=pending');
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    await user.type(screen.getByRole('textbox', { name: 'View name' }), 'June{Enter}');
    act(() => {
      window.history.replaceState(null, '', '/?q=other&private=false&view=table');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    const open = screen.getByRole('button', { name: 'Open view June' });
    expect(open.getAttribute('aria-current')).toBeNull();
    await user.click(open);
    const sorted = (search: string) => [...new URLSearchParams(search)].sort(([a], [b]) => a.localeCompare(b));
    expect(sorted(window.location.search)).toEqual(
      sorted('q=nebula&uploaded[gte]=2026-06-01&uploaded[lt]=2026-07-01&private=true&meta.sta[eq]=pending&view=table'),
    );
    expect(screen.getByRole('button', { name: 'Open view June' }).getAttribute('aria-current')).toBe('true');
  });

  it('gives focus a place after a view is deleted, and after a rename is saved or cancelled', async () => {
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const name = screen.getByRole('textbox', { name: 'View name' });
    await user.type(name, 'One{Enter}');
    await user.type(name, 'Two{Enter}');
    await user.click(screen.getByRole('button', { name: 'Rename view One' }));
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open view One' }));
    await user.click(screen.getByRole('button', { name: 'Rename view One' }));
    await user.keyboard('{Control>}a{/Control}Uno{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open view Uno' }));
    await user.click(screen.getByRole('button', { name: 'Delete view Uno' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open view Two' }));
    await user.click(screen.getByRole('button', { name: 'Delete view Two' }));
    expect(document.activeElement).toBe(name);
  });

  it('clears a clashing name’s message once that view is deleted, and Undo in the toast brings the view back', async () => {
    const user = userEvent.setup();
    render(<FilterPanel images={images} defaultPerPage={100} />, { wrapper: Providers });
    const name = screen.getByRole('textbox', { name: 'View name' });
    await user.type(name, 'Mine');
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    await user.type(name, 'Mine');
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Delete view Mine' }));
    expect(name.getAttribute('aria-invalid')).toBeNull();
    const toasts = screen.getByRole('region', { name: 'Notifications' });
    expect(toasts.textContent).toContain('Deleted view “Mine”');
    await user.click(within(toasts).getByRole('button', { name: 'Undo' }));
    expect(screen.getByRole('button', { name: 'Open view Mine' })).toBeTruthy();
  });
});
