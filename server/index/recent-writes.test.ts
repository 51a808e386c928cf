import { describe, expect, it } from 'vitest';
import { RecentWrites } from './recent-writes';

const images = (...ids: string[]) => ids.map((id) => ({ id }));

describe('RecentWrites', () => {
  it('leaves out of an answer the images written since its request, the write’s own millisecond included', () => {
    let clock = 1000;
    const writes = new RecentWrites(60_000, () => clock);
    writes.note('a'); // before the request
    clock = 2000;
    const requestedAt = clock;
    writes.note('b'); // the same millisecond
    clock = 2500;
    writes.note('c');
    expect(writes.unchangedSince(images('a', 'b', 'c', 'd'), requestedAt).map((i) => i.id)).toEqual(['a', 'd']);
  });

  it('forgets writes older than it keeps, and records nothing of an answer older than that', () => {
    let clock = 0;
    const writes = new RecentWrites(1000, () => clock);
    writes.note('a');
    clock = 900;
    writes.note('b');
    clock = 1500;
    // 'a' is forgotten (written 1,500 ms ago), 'b' is not; an answer asked for at 400 is too old to tell.
    expect(writes.unchangedSince(images('a', 'b'), 600).map((i) => i.id)).toEqual(['a']);
    expect(writes.unchangedSince(images('a', 'b'), 400)).toEqual([]);
  });

  it('an image written again counts from its last write', () => {
    let clock = 0;
    const writes = new RecentWrites(1000, () => clock);
    writes.note('a');
    clock = 800;
    writes.note('b');
    writes.note('a');
    clock = 1200; // the first write of 'a' would be forgotten; its second is not
    expect(writes.unchangedSince(images('a', 'b'), 700)).toEqual([]);
  });
});
