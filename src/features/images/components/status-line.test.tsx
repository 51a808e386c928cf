// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusLine } from './status-line';

describe('StatusLine', () => {
  it('is a status region with the loaded count and the selection', () => {
    render(<StatusLine loaded={1000} hasMore isLoading={false} selected={3} />);
    expect(screen.getByRole('status').textContent).toBe('1,000 images loaded · more available');
    expect(screen.getByText('3 selected')).toBeTruthy();
  });
});
