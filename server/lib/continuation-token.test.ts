import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/contract/list-query';
import { decodeContinuationToken, encodeContinuationToken, parseContinuationToken } from './continuation-token';

const cursor = fc.record({
  uploaded: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  seq: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
});

describe('continuation tokens', () => {
  it('round-trip every position and fit the contract’s length limit', () => {
    fc.assert(
      fc.property(cursor, (c) => {
        const token = encodeContinuationToken(c);
        expect(token.length).toBeLessThanOrEqual(LIMITS.maxContinuationTokenLength);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeContinuationToken(token)).toEqual(c);
      }),
    );
  });

  it('refuse any single-character change of a token', () => {
    const token = encodeContinuationToken({ uploaded: 1_790_000_000_123, seq: 4242 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i += 1) {
      for (const ch of alphabet) {
        if (ch === token[i]) continue;
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        expect(decodeContinuationToken(changed), changed).toBeNull();
      }
    }
  });

  it('refuse garbage, truncation and padding', () => {
    const token = encodeContinuationToken({ uploaded: 5, seq: 6 });
    for (const bad of ['', 'abc', token.slice(0, -1), `${token}A`, `${token}=`, 'x'.repeat(20), '%%%%%%%%%%%%%%%%%%%%']) {
      expect(decodeContinuationToken(bad), bad).toBeNull();
    }
    expect(() => parseContinuationToken('nope')).toThrow(/continuation_token/);
  });
});
