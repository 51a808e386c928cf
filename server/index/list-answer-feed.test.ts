import { describe, expect, it } from 'vitest';
import type { CfImage } from '../../src/contract/image';
import { listAnswerFeed } from './list-answer-feed';

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
  const feed = listAnswerFeed(index, (line) => logged.push(line), () => clock);
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
