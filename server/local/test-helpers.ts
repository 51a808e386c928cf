/** Test support for the local Images API: a real store in a fresh temporary DATA_DIR, the real app, no server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CfImage } from '../../src/contract/image';
import type { EnvInput } from '../env';
import { createApp } from '../app';
import type { AppConfig } from '../config';
import { configFrom } from '../test-support/test-config';
import { createLocalImagesApi, type LocalImagesApiHandle } from './index';

export const ACCOUNT = '10ca1000000000000000000000000000';
export const V1 = `/client/v4/accounts/${ACCOUNT}/images/v1`;
export const V2 = `/client/v4/accounts/${ACCOUNT}/images/v2`;

export interface LocalTestApp {
  app: ReturnType<typeof createApp>;
  local: LocalImagesApiHandle;
  config: AppConfig;
  dataDir: string;
  close(): void;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cfie-local-'));
}

/** The app in local mode over a temporary store (no demo images unless `env` asks). */
export async function localTestApp(env: EnvInput = {}, dataDir = tempDataDir()): Promise<LocalTestApp> {
  const config = configFrom({ DATA_DIR: dataDir, DEMO_IMAGES: '0', ...env });
  const local = await createLocalImagesApi(config);
  const app = createApp(config, { local, log: false });
  return {
    app,
    local,
    config,
    dataDir,
    close() {
      local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real PNG of the given size and colour. */
export function pngBytes(width = 64, height = 48, color = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

export function uploadForm(fields: Record<string, string | Blob>, fileName = 'picture.png'): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Blob) form.append(key, value, fileName);
    else form.append(key, value);
  }
  return form;
}

/** `POST …/images/v1` with a form; returns status and parsed envelope (`result` is null on errors). */
export async function upload(app: LocalTestApp['app'], form: FormData) {
  const res = await app.request(V1, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { success: boolean; errors: { code: number; message: string }[]; result: CfImage } };
}
