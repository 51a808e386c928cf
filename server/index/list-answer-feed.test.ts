import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CfImage } from '../../src/contract/image';
import { listAnswerFeed } from './list-answer-feed';
import { RecentWrites } from './recent-writes';
import { openSqliteIndex } from './sqlite-index';

const image = (id: string) => ({ id }) as CfImage;

/** An index whose upserts finish when the test says, on a clock the test moves. */
function rig() {
  let clock = 0;
  const recorded: string[][] = [];
  const finish: (() => void)[] = [];
  const logged: string[] = [];
  const index = {
    upsert: (images: readonly CfImage[]) =>
      new Promise<void>((resolve, reject) => {
        recorded.push(images.map((i) => i.id));
        finish.push(() => (images[0]?.id === 'bad' ? reject(new Error('disk full')) : resolve()));
      }),
  };
  const feed = listAnswerFeed(index, (line) => logged.push(line), { now: () => clock });
  return {
    feed,
    recorded,
    logged,
    tick: (ms: number) => (clock += ms),
    async finishNext() {
      finish.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('listAnswerFeed', () => {
  it('takes one answer at a time: answers that arrive while one is recorded pass unread', async () => {
    const { feed, recorded, finishNext } = rig();
    expect(feed.claim()).toBe(true);
    feed.take([image('a'), image('b')]);
    expect(feed.claim()).toBe(false);
    expect(feed.claim()).toBe(false);
    await finishNext();
    expect(recorded).toEqual([['a', 'b']]);
  });

  it('rests three times as long as the last recording took, so it never takes more than a quarter of the time', async () => {
    const { feed, tick, finishNext } = rig();
    feed.claim();
    feed.take([image('a')]);
    tick(40);
    await finishNext();
    expect(feed.claim()).toBe(false);
    tick(119);
    expect(feed.claim()).toBe(false);
    tick(1);
    expect(feed.claim()).toBe(true);
  });

  it('a released claim or an empty answer frees the feed at once', () => {
    const { feed, recorded } = rig();
    expect(feed.claim()).toBe(true);
    feed.release();
    expect(feed.claim()).toBe(true);
    feed.take([]);
    expect(feed.claim()).toBe(true);
    expect(recorded).toEqual([]);
  });

  it('a failed recording is logged and frees the feed', async () => {
    const { feed, logged, finishNext } = rig();
    feed.claim();
    feed.take([image('bad')]);
    await finishNext();
    expect(logged).toEqual(['index: could not record a list answer: Error: disk full']);
    expect(feed.claim()).toBe(true);
  });
});

describe('listAnswerFeed, on a store written on the server thread', () => {
  it('records a page in slices, one a turn of the event loop, so a request never waits behind the whole page', async () => {
    const steps: string[] = [];
    const index = {
      recordSlice: 100,
      upsert: async (images: readonly CfImage[]) => void steps.push(`upsert ${images.length}`),
    };
    const feed = listAnswerFeed(index, () => undefined);
    feed.claim();
    feed.take(Array.from({ length: 250 }, (_, i) => image(`i${i}`)));
    // Queued right after the answer was taken: it must run between two slices, not after the last.
    setImmediate(() => steps.push('a request'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['upsert 100', 'a request', 'upsert 100', 'upsert 50']);
  });

  it('rests for the time its slices took, not for the turns between them', async () => {
    let clock = 0;
    const index = {
      recordSlice: 1,
      upsert: async () => {
        clock += 10;
      },
    };
    const feed = listAnswerFeed(index, () => undefined, { now: () => clock });
    feed.claim();
    feed.take([image('a'), image('b')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock += 59; // the slices took 20 ms: it rests 60
    expect(feed.claim()).toBe(false);
    clock += 1;
    expect(feed.claim()).toBe(true);
  });
});

describe('listAnswerFeed into the SQLite index', () => {
  it('records a whole page, in slices, with requests served between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfie-feed-'));
    const opened = openSqliteIndex(dir);
    try {
      expect(opened.index.recordSlice).toBe(100);
      const page = Array.from({ length: 1000 }, (_, i): CfImage => ({
        id: `feed-${i}`,
        filename: `f-${i}.png`,
        creator: null,
        meta: { n: i },
        requireSignedURLs: false,
        uploaded: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        variants: [],
      }));
      const upsert = opened.index.upsert.bind(opened.index);
      let turns = 0;
      let slices = 0;
      const index = {
        recordSlice: opened.index.recordSlice,
        upsert: (images: readonly CfImage[]) => {
          slices += 1;
          return upsert(images);
        },
      };
      const feed = listAnswerFeed(index, (line) => expect.fail(line));
      feed.claim();
      feed.take(page);
      const counting = setInterval(() => (turns += 1), 0);
      while (slices < 10 || (await opened.index.status()).indexed < 1000) await new Promise((resolve) => setImmediate(resolve));
      clearInterval(counting);
      expect(slices).toBe(10);
      expect((await opened.index.status()).indexed).toBe(1000);
      expect(turns).toBeGreaterThan(0);
    } finally {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listAnswerFeed and the writes since the answer was asked for', () => {
  it('leaves out an image written before its slice is recorded, even between two slices', async () => {
    const recorded: string[] = [];
    const recentWrites = new RecentWrites(60_000);
    const requestedAt = Date.now() - 1000;
    recentWrites.note('a'); // written before the answer arrived
    const index = {
      recordSlice: 1,
      upsert: async (images: readonly CfImage[]) => {
        recorded.push(...images.map((i) => i.id));
        if (images[0]?.id === 'b') recentWrites.note('d'); // a write lands while the answer is being recorded
      },
    };
    const feed = listAnswerFeed(index, () => undefined, { recentWrites });
    feed.claim();
    feed.take([image('a'), image('b'), image('c'), image('d'), image('e')], requestedAt);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(recorded).toEqual(['b', 'c', 'e']);
  });
});
