// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkFilterValue } from '../../../contract/list-query';
import { TOO_MANY_FILTERS_REASON } from '../lib/filter-form-schema';
import { DEFAULT_FORM_VALUES, type FilterFormValues } from '../lib/form-values';
import { FilterBuilder } from './filter-builder';

afterEach(cleanup);

const images = [
  { meta: { status: 'active', ratings: 5, region: { name: 'eu-west' }, featured: true } },
  { meta: { status: 'pending', ratings: 4, region: { name: 'us-east' } } },
];

function setup(values: Partial<FilterFormValues> = {}) {
  const onApply = vi.fn();
  const user = userEvent.setup();
  // Server state as in the app: the Value suggestions ask the facets route first (here nothing answers it).
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={client}>
      <FilterBuilder defaultValues={{ ...DEFAULT_FORM_VALUES, ...values }} images={images} onApply={onApply} />
    </QueryClientProvider>,
  );
  return { user, onApply, ...view };
}

async function addFilter(user: ReturnType<typeof userEvent.setup>, n: number) {
  await user.click(screen.getByRole('button', { name: 'Add filter' }));
  return screen.getByRole('group', { name: `Filter ${n}` });
}

describe('FilterBuilder', () => {
  it('builds filters from named controls and applies them', async () => {
    const { user, onApply } = setup();
    const first = await addFilter(user, 1);
    // "Add filter" moves focus into the new row.
    expect(document.activeElement).toBe(within(first).getByRole('combobox', { name: 'Field' }));
    await user.type(within(first).getByRole('combobox', { name: 'Field' }), 'region.name');
    await user.type(within(first).getByRole('combobox', { name: 'Value' }), 'eu-west');

    const second = await addFilter(user, 2);
    await user.type(within(second).getByRole('combobox', { name: 'Field' }), 'ratings');
    await user.selectOptions(within(second).getByRole('combobox', { name: 'Operator' }), 'is one of (numbers)');
    const chips = within(second).getByRole('combobox', { name: 'Value' });
    await user.type(chips, '4{Enter}5,');
    expect(within(second).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['4×', '5×']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Creator' }), 'Exactly…');
    await user.type(screen.getByRole('textbox', { name: 'Creator ID' }), 'user123');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort order' }), 'Oldest first');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(onApply).toHaveBeenCalledWith({
      perPage: 1000,
      sortOrder: 'asc',
      creator: 'user123',
      filters: [
        { path: ['region', 'name'], operator: 'eq', value: 'eu-west' },
        { path: ['ratings'], operator: 'in:number', value: '4|5' },
      ],
    });
  });

  it("refuses an invalid number inline with the contract's message", async () => {
    const { user, onApply } = setup();
    const row = await addFilter(user, 1);
    await user.type(within(row).getByRole('combobox', { name: 'Field' }), 'ratings');
    await user.selectOptions(within(row).getByRole('combobox', { name: 'Operator' }), 'greater than');
    const value = within(row).getByRole('combobox', { name: 'Value' });
    await user.type(value, 'abc{Enter}');

    const expected = checkFilterValue({ path: ['ratings'], operator: 'gt', value: 'abc' })?.message ?? '';
    expect(within(row).getByText(expected)).toBeTruthy();
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(value.getAttribute('aria-describedby')).toContain(within(row).getByText(expected).id);
    expect(document.activeElement).toBe(value);
    expect(onApply).not.toHaveBeenCalled();

    await user.clear(value);
    await user.type(value, '4.5');
    expect(within(row).queryByText(expected)).toBeNull();
  });

  it('stops at five filters and says why', async () => {
    const { user } = setup();
    for (let n = 1; n <= 5; n += 1) await addFilter(user, n);
    const add = screen.getByRole('button', { name: 'Add filter' });
    expect(add).toHaveProperty('disabled', true);
    expect(screen.getByText(TOO_MANY_FILTERS_REASON).id).toBe(add.getAttribute('aria-describedby'));
    expect(screen.queryByRole('group', { name: 'Filter 6' })).toBeNull();

    await user.click(within(screen.getByRole('group', { name: 'Filter 5' })).getByRole('button', { name: 'Remove filter' }));
    expect(screen.getByRole('button', { name: 'Add filter' })).toHaveProperty('disabled', false);
    expect(screen.queryByText(TOO_MANY_FILTERS_REASON)).toBeNull();
  });

  it('groups every operator by type, in words', () => {
    setup({ filters: [{ path: 'status', operator: 'eq', value: 'active', list: [] }] });
    const select = screen.getByRole('combobox', { name: 'Operator' });
    const groups = [...select.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)]);
    expect(groups.map(([label]) => label)).toEqual(['text', 'number', 'true/false', 'list', 'range']);
    expect(groups.flatMap(([, options]) => options)).toContain('at least');
    expect(select.querySelectorAll('option')).toHaveLength(15);
  });

  it('offers the metadata keys of the loaded images with their types', () => {
    setup({ filters: [{ path: '', operator: 'eq', value: '', list: [] }] });
    const field = screen.getByRole('combobox', { name: 'Field' });
    const list = document.getElementById(field.getAttribute('list') ?? '');
    expect([...(list?.querySelectorAll('option') ?? [])].map((o) => o.textContent)).toEqual([
      'featured · true/false',
      'ratings · number',
      'region.name · text',
      'status · text',
    ]);
  });

  it('switches the value control with the operator: a true/false switch', async () => {
    const { user, onApply } = setup({ filters: [{ path: 'featured', operator: 'eq', value: 'yes', list: [] }] });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Operator' }), 'is (true/false)');
    const toggle = screen.getByRole('switch', { name: 'Value' });
    expect(toggle).toHaveProperty('checked', false);
    await user.click(toggle);
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply.mock.calls[0]?.[0].filters).toEqual([{ path: ['featured'], operator: 'eq:boolean', value: 'true' }]);
  });

  it('removes a chip with its button and keeps a typed value on apply', async () => {
    const { user, onApply } = setup({ filters: [{ path: 'status', operator: 'in', value: '', list: ['pending', 'deleted'] }] });
    await user.click(screen.getByRole('button', { name: 'Remove value pending' }));
    await user.type(screen.getByRole('combobox', { name: 'Value' }), 'flagged');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply.mock.calls[0]?.[0].filters).toEqual([{ path: ['status'], operator: 'in', value: 'deleted|flagged' }]);
  });

  it('warns about contradictions without blocking', async () => {
    const { user, onApply } = setup({
      filters: [
        { path: 'priority', operator: 'eq:number', value: '5', list: [] },
        { path: 'priority', operator: 'gt', value: '7', list: [] },
      ],
    });
    expect(screen.getByText(/cannot both hold/).textContent).toContain('Filter 1 (priority is (number) “5”) and Filter 2 (priority greater than “7”) cannot both hold');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledTimes(1);
  });

  it('suggests the values seen for the chosen field, kinds the operator takes only, from the loaded images when the index cannot answer', async () => {
    const { user } = setup();
    const row = await addFilter(user, 1);
    await user.type(within(row).getByRole('combobox', { name: 'Field' }), 'status');
    const value = within(row).getByRole('combobox', { name: 'Value' });
    const options = () => [...(value as HTMLInputElement).list!.querySelectorAll('option')].map((o) => [o.value, o.textContent]);
    await vi.waitFor(() => expect(options()).toEqual([['active', '1 image'], ['pending', '1 image']]), { timeout: 5000 });

    // Another field: its own values.
    await user.clear(within(row).getByRole('combobox', { name: 'Field' }));
    await user.type(within(row).getByRole('combobox', { name: 'Field' }), 'ratings');
    await vi.waitFor(() => expect(options()).toEqual([['4', '1 image'], ['5', '1 image']]), { timeout: 5000 });
    // A text operator takes no numbers.
    await user.selectOptions(within(row).getByRole('combobox', { name: 'Operator' }), 'eq:string');
    await vi.waitFor(() => expect(options()).toEqual([]), { timeout: 5000 });
  });

  it('asks for a row’s value suggestions once the person is in that row, not for every row a link opens with', async () => {
    const fetches = vi.spyOn(globalThis, 'fetch');
    try {
      const { user } = setup({
        filters: [
          { path: 'status', operator: 'eq', value: 'active', list: [] },
          { path: 'ratings', operator: 'eq:number', value: '5', list: [] },
          { path: 'region.name', operator: 'eq', value: 'eu-west', list: [] },
        ],
      });
      const asked = () => fetches.mock.calls.filter(([url]) => String(url instanceof Request ? url.url : url).includes('/api/images/facets')).length;
      const second = screen.getByRole('group', { name: 'Filter 2' });
      const value = within(second).getByRole('combobox', { name: 'Value' });
      const options = () => [...(value as HTMLInputElement).list!.querySelectorAll('option')].map((o) => o.value);
      // Give any request a chance to start: none does.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(asked()).toBe(0);
      expect(options()).toEqual([]);

      await user.click(value);
      await vi.waitFor(() => expect(options()).toEqual(['4', '5']), { timeout: 5000 });
      expect(asked()).toBe(1);
    } finally {
      fetches.mockRestore();
    }
  });
});
