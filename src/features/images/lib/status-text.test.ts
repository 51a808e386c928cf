import { describe, expect, it } from 'vitest';
import { statusText } from './status-text';

describe('statusText', () => {
  it('says more are available without inventing a total', () => {
    expect(statusText({ loaded: 1000, hasMore: true, isLoading: false })).toBe('1,000 images loaded · more available');
  });
  it('gives the total once the last page is in', () => {
    expect(statusText({ loaded: 1204, hasMore: false, isLoading: false })).toBe('All 1,204 images loaded');
  });
  it('handles loading, none and one', () => {
    expect(statusText({ loaded: 0, hasMore: false, isLoading: true })).toBe('Loading images…');
    expect(statusText({ loaded: 0, hasMore: false, isLoading: false })).toBe('No images found');
    expect(statusText({ loaded: 1, hasMore: false, isLoading: false })).toBe('The only image is loaded');
    expect(statusText({ loaded: 1, hasMore: true, isLoading: false })).toBe('1 image loaded · more available');
  });
  it('says a new query is loading while the old images stay on screen', () => {
    expect(statusText({ loaded: 100, hasMore: false, isLoading: true })).toBe('Loading…');
    expect(statusText({ loaded: 100, hasMore: true, isLoading: true })).toBe('Loading…');
  });
  it('does not claim an empty list when the request failed', () => {
    expect(statusText({ loaded: 0, hasMore: false, isLoading: false, failed: true })).toBe('No images loaded yet');
    expect(statusText({ loaded: 10, hasMore: true, isLoading: false, failed: true })).toBe('10 images loaded · more available');
  });
});
