import { describe, expect, it } from 'vitest';
import { BULK_HEADERS, isBulkPriority, PRIORITY_HEADER } from './priority';

describe('the priority header', () => {
  it('marks bulk requests, whatever the case and spaces; anything else is a person’s request', () => {
    expect(isBulkPriority(BULK_HEADERS[PRIORITY_HEADER])).toBe(true);
    expect(isBulkPriority(' Bulk ')).toBe(true);
    expect(isBulkPriority('list')).toBe(false);
    expect(isBulkPriority('bulky')).toBe(false);
    expect(isBulkPriority(undefined)).toBe(false);
  });
});
