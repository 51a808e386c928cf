import { describe, expect, it } from 'vitest';
import { setView, viewFrom } from './view-param';

describe('view param', () => {
  it('reads table only when asked, grid otherwise, and writes grid as no parameter', () => {
    expect(viewFrom(new URLSearchParams('view=table'))).toBe('table');
    expect(viewFrom(new URLSearchParams('view=nonsense'))).toBe('grid');
    expect(viewFrom(new URLSearchParams(''))).toBe('grid');
    const params = new URLSearchParams('creator=a&view=table');
    setView(params, 'grid');
    expect(params.toString()).toBe('creator=a');
    setView(params, 'table');
    expect(params.toString()).toBe('creator=a&view=table');
  });
});
