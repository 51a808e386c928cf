import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AccountHashStore, detailsAnswerHash, learnAccountHash, listAnswerHash } from './account-hash';

const HASH = 'Abc_def-123';
const image = (id: string, hash = HASH, extra: Record<string, unknown> = {}) => ({
  id,
  filename: 'a.png',
  meta: {},
  ...extra,
  variants: ['public', 'thumbnail'].map((v) => `https://imagedelivery.net/${hash}/${id}/${v}`),
});
const list = (...images: unknown[]) => ({ success: true, errors: [], messages: [], result: { images, continuation_token: null } });

describe('the delivery hash of an answer (issue 12 #2)', () => {
  it('is the one hash every variant names under its own image id', () => {
    expect(listAnswerHash(list(image('a'), image('b/c')))).toBe(HASH);
    expect(listAnswerHash(list(image('a b'), { ...image('x'), variants: [`https://imagedelivery.net/${HASH}/a%20b/public`], id: 'a b' }))).toBe(HASH);
    expect(detailsAnswerHash({ success: true, errors: [], messages: [], result: image('a') })).toBe(HASH);
  });

  it('is nothing when the answer disagrees with itself, is an error, is empty, or hides URLs elsewhere', () => {
    const evil = 'https://imagedelivery.net/Evil/a/public';
    expect(listAnswerHash(list(image('a'), image('b', 'Other')))).toBeUndefined();
    expect(listAnswerHash(list({ ...image('a'), variants: [`https://imagedelivery.net/${HASH}/b/public`] }))).toBeUndefined();
    expect(listAnswerHash(list({ ...image('a'), variants: [] }))).toBeUndefined();
    expect(listAnswerHash(list({ ...image('a'), variants: [`http://imagedelivery.net/${HASH}/a/public`] }))).toBeUndefined();
    expect(listAnswerHash(list({ ...image('a'), variants: [`https://imagedelivery.net.evil.example/${HASH}/a/public`] }))).toBeUndefined();
    expect(listAnswerHash(list({ id: 'a', filename: evil, meta: { u: evil }, variants: [] }))).toBeUndefined();
    expect(listAnswerHash(list())).toBeUndefined();
    expect(listAnswerHash({ success: false, errors: [{ code: 1, message: evil }], result: { images: [image('a')] } })).toBeUndefined();
    expect(listAnswerHash('not an envelope')).toBeUndefined();
    expect(detailsAnswerHash({ success: true, result: { id: 'a', variants: ['https://imagedelivery.net/X/b/public'] } })).toBeUndefined();
  });

  it('is learnt from a gzip or plain body, never over a configured hash, and not from a broken body', async () => {
    const bytes = (text: string) => new Uint8Array(Buffer.from(text));
    const zipped = new AccountHashStore();
    await learnAccountHash(zipped, new Uint8Array(gzipSync(JSON.stringify(list(image('a'))))), 'gzip', 'list');
    expect(zipped.get()).toBe(HASH);

    const plain = new AccountHashStore();
    await learnAccountHash(plain, bytes(JSON.stringify(list(image('a', 'Plain')))), 'identity', 'list');
    expect(plain.get()).toBe('Plain');
    await learnAccountHash(plain, bytes(JSON.stringify(list(image('a', 'Later')))), 'identity', 'list');
    expect(plain.get()).toBe('Plain');

    const configured = new AccountHashStore('Configured');
    await learnAccountHash(configured, bytes(JSON.stringify(list(image('a')))), 'identity', 'list');
    expect(configured.get()).toBe('Configured');

    const broken = new AccountHashStore();
    await learnAccountHash(broken, bytes('{"success":true,"result":{"images":['), 'identity', 'list');
    await learnAccountHash(broken, bytes('not gzip'), 'gzip', 'list');
    expect(broken.get()).toBeUndefined();
  });
});
