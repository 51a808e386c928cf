/**
 * Issue 12, defect 4: metadata nested deeper than 32 levels, as JSON or as `metadata[a][a]…` form fields, on upload
 * or PATCH, is 400 / 5400 naming the limit, never a 500 (docs/CONTRACT.md §7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTestApp, pngBytes, upload, uploadForm, V1, type LocalTestApp } from '../test-helpers';

let t: LocalTestApp;
let png: Blob;

beforeAll(async () => {
  t = await localTestApp();
  png = new Blob([new Uint8Array(await pngBytes())]);
});
afterAll(() => t.close());

const nestedJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const nestedField = (levels: number) => 'metadata' + '[a]'.repeat(levels);

async function expectDepthRefusal(res: Response) {
  const body = (await res.json()) as { success: boolean; errors: { code: number; message: string }[] };
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(400);
  expect(body.success).toBe(false);
  expect(body.errors[0]?.code).toBe(5400);
  expect(body.errors[0]?.message).toMatch(/maximum 32 levels/);
}

describe('metadata nesting', () => {
  it('upload: JSON 5,000 levels deep is 400 / 5400 naming the limit', async () => {
    await expectDepthRefusal(await t.app.request(V1, { method: 'POST', body: uploadForm({ file: png, metadata: nestedJson(5000) }) }));
  });

  it('upload: a metadata[a][a]… field 5,000 deep is 400 / 5400 naming the limit', async () => {
    const form = uploadForm({ file: png });
    form.append(nestedField(5000), 'x');
    await expectDepthRefusal(await t.app.request(V1, { method: 'POST', body: form }));
  });

  it('PATCH: metadata 5,000 levels deep is 400 / 5400, and the image is unchanged', async () => {
    const { body } = await upload(t.app, uploadForm({ file: png, metadata: '{"keep":true}' }));
    const url = `${V1}/${body.result.id}`;
    const text = `{"metadata":${nestedJson(5000)}}`;
    await expectDepthRefusal(await t.app.request(url, { method: 'PATCH', body: text, headers: { 'content-type': 'application/json' } }));
    const got = (await (await t.app.request(url)).json()) as { result: { meta: unknown } };
    expect(got.result.meta).toEqual({ keep: true });
  });

  it('32 levels are accepted, 33 refused, as JSON and as form fields', async () => {
    const ok = await upload(t.app, uploadForm({ file: png, metadata: nestedJson(32) }));
    expect(ok.status).toBe(200);
    await expectDepthRefusal(await t.app.request(V1, { method: 'POST', body: uploadForm({ file: png, metadata: nestedJson(33) }) }));
    const form32 = uploadForm({ file: png });
    form32.append(nestedField(32), 'x');
    expect((await upload(t.app, form32)).status).toBe(200);
    const form33 = uploadForm({ file: png });
    form33.append(nestedField(33), 'x');
    await expectDepthRefusal(await t.app.request(V1, { method: 'POST', body: form33 }));
  });
});
