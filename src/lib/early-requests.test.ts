import { describe, expect, it } from 'vitest';
import { earlyRequestsStarted, putEarlyRequest, takeEarlyResponse } from './early-requests';

const answer = (body: string) => Promise.resolve(new Response(body));

describe('early requests', () => {
  it('hands the answer over once, for the URL it was started for', async () => {
    putEarlyRequest('a', Promise.resolve({ url: '/x?per_page=1000', response: answer('first') }));
    const response = await takeEarlyResponse('a', '/x?per_page=1000');
    expect(await response?.text()).toBe('first');
    // A second ask (Retry, a refetch) fetches anew.
    expect(await takeEarlyResponse('a', '/x?per_page=1000')).toBeNull();
  });

  it('gives nothing for another URL (the address bar changed, another page size)', async () => {
    putEarlyRequest('b', Promise.resolve({ url: '/x?per_page=50', response: answer('small') }));
    expect(await takeEarlyResponse('b', '/x?per_page=1000')).toBeNull();
  });

  it('gives nothing when nothing was started, or when the early script gave up', async () => {
    expect(await takeEarlyResponse('never', '/x')).toBeNull();
    putEarlyRequest('c', Promise.resolve(null));
    expect(await takeEarlyResponse('c', '/x')).toBeNull();
    putEarlyRequest('d', Promise.reject(new Error('config unreachable')));
    expect(await takeEarlyResponse('d', '/x')).toBeNull();
  });

  it('a failed early fetch fails the taker as fetch would, so it is reported the usual way', async () => {
    putEarlyRequest('e', Promise.resolve({ url: '/x', response: Promise.reject(new TypeError('Failed to fetch')) }));
    await expect(takeEarlyResponse('e', '/x')).rejects.toThrow('Failed to fetch');
  });

  it('waits for a request whose URL is not known yet (the list waits for the config)', async () => {
    let start!: (url: string) => void;
    putEarlyRequest('f', new Promise((resolve) => (start = (url) => resolve({ url, response: answer('late') }))));
    const taken = takeEarlyResponse('f', '/late');
    start('/late');
    expect(await (await taken)?.text()).toBe('late');
  });
});

describe('earlyRequestsStarted', () => {
  it('settles when every early request has started, or after the time given, whichever is first', async () => {
    let start!: () => void;
    putEarlyRequest('later', new Promise((resolve) => (start = () => resolve({ url: '/x', response: new Promise(() => undefined) }))));
    let settled = false;
    const waiting = earlyRequestsStarted(60_000).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    start();
    await waiting;
    expect(settled).toBe(true);
    putEarlyRequest('never', new Promise(() => undefined));
    const t0 = Date.now();
    await earlyRequestsStarted(20);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
