import { describe, expect, it } from 'vitest';
import { applyToMetadata, performStep, type ImageClient } from './job-steps';

/** An in-memory image store with PATCH's replace semantics (docs/CONTRACT.md §7). */
function memoryClient(images: Record<string, Record<string, unknown>>) {
  const writes: string[] = [];
  const client: ImageClient = {
    get: async (id) => {
      const meta = images[id];
      if (!meta) throw Object.assign(new Error(`No image with id '${id}'`), { status: 404 });
      return { id, meta };
    },
    patch: async (id, patch) => {
      writes.push(id);
      if (patch.metadata) images[id] = patch.metadata;
      return { id };
    },
    delete: async (id) => {
      if (!images[id]) throw Object.assign(new Error(`No image with id '${id}'`), { status: 404 });
      delete images[id];
    },
  };
  return { client, images, writes };
}

describe('bulk steps', () => {
  it('merges a key into the metadata the image has now, and keeps the rest', async () => {
    const { client, images } = memoryClient({ a: { keep: 1, tag: 'old' } });
    const result = await performStep(client, { kind: 'set-key', key: 'tag', value: 'new' }, 'a');
    expect(result).toEqual({ outcome: 'done', previous: { keep: 1, tag: 'old' } });
    expect(images.a).toEqual({ keep: 1, tag: 'new' });
  });

  it('sees an edit made by someone else between two images (read-modify-write per image)', async () => {
    const { client, images } = memoryClient({ a: { x: 1 } });
    await performStep(client, { kind: 'set-key', key: 'k', value: true }, 'a');
    images.a = { ...images.a, other: 'tab' };
    await performStep(client, { kind: 'remove-key', key: 'k' }, 'a');
    expect(images.a).toEqual({ x: 1, other: 'tab' });
  });

  it('skips an image whose merged metadata would exceed 1,024 bytes, with the reason', async () => {
    const { client, images, writes } = memoryClient({ a: { big: 'x'.repeat(1000) } });
    const result = await performStep(client, { kind: 'set-key', key: 'more', value: 'y'.repeat(40) }, 'a');
    expect(result.outcome).toBe('skipped');
    expect(result.error).toMatch(/1060 bytes as JSON, maximum 1024/);
    expect(writes).toEqual([]);
    expect(images.a).toEqual({ big: 'x'.repeat(1000) });
  });

  it('writes nothing when the key already has the value', async () => {
    const { client, writes } = memoryClient({ a: { k: [1, 2] } });
    expect(await performStep(client, { kind: 'set-key', key: 'k', value: [1, 2] }, 'a')).toEqual({ outcome: 'done', error: 'unchanged' });
    expect(writes).toEqual([]);
  });

  it('counts a delete of an image already gone as done; other errors are thrown to the runner', async () => {
    const { client } = memoryClient({});
    expect((await performStep(client, { kind: 'delete' }, 'gone')).outcome).toBe('done');
    await expect(performStep(client, { kind: 'set-key', key: 'k', value: 1 }, 'gone')).rejects.toThrow(/No image/);
  });

  it('skips making a custom-id image private', async () => {
    const { client, writes } = memoryClient({ 'folder/a': {} });
    expect((await performStep(client, { kind: 'private', value: true }, 'folder/a')).outcome).toBe('skipped');
    expect(writes).toEqual([]);
  });

  it('applies and removes keys without touching the input, __proto__ included', () => {
    const meta = { a: 1 };
    const set = applyToMetadata(meta, { kind: 'set-key', key: '__proto__', value: 'x' });
    expect(JSON.stringify(set)).toBe('{"a":1,"__proto__":"x"}');
    expect(meta).toEqual({ a: 1 });
    expect(applyToMetadata(meta, { kind: 'remove-key', key: 'zz' })).toBe(meta);
  });
});
