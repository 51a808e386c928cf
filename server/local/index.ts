/**
 * The embedded local Images API (CONTRACT.md §1, local mode): a real store on disk in `DATA_DIR`, Cloudflare's
 * routes for list v2, upload, one image and delivery, and its own signing key. See docs/local-mode.md.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { handleError } from '../errors';
import { BatchTokens } from './batch-tokens';
import { Drafts } from './drafts';
import type { LocalImagesApi } from '../app';
import type { AppConfig } from '../config';
import { prerenderDemoThumbnails } from './demo/prerender';
import { seedDemoImages } from './demo/seed';
import { ImageStore } from './image-store';
import { Originals } from './originals';
import { batchRoutes } from './routes/batch';
import { deliveryRoutes } from './routes/delivery';
import { imageExtrasRoutes } from './routes/image-extras';
import { imageRoutes } from './routes/images';
import { listImagesRoutes } from './routes/list-images';
import { loadOrCreateSigningKey } from './signing-key';
import { sweepDataDir } from './sweep';
import { VariantRenderer } from './variants';

export interface LocalImagesApiHandle extends LocalImagesApi {
  /** The store, for tests and the bench. */
  store: ImageStore;
  close(): void;
}

/** Opens (or creates) the store in `config.local.dataDir`, seeds demo images on the first start, builds the routes. */
export async function createLocalImagesApi(config: AppConfig): Promise<LocalImagesApiHandle> {
  const dataDir = resolve(config.local.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = new ImageStore(dataDir);
  try {
    const originals = new Originals(dataDir);
    // What a crash or a kill left behind; the store is locked, so nothing is being written (sweep.ts).
    await sweepDataDir(store, originals);
    const signingKey = loadOrCreateSigningKey(dataDir);
    seedDemoImages(store, config.local.demoImages, config.local.demoSeed);

    // A render whose image was deleted meanwhile ends without leaving files (variants.ts).
    const renderer = new VariantRenderer(originals, (image) => store.fileUsers(image.file) > 0);
    const drafts = new Drafts(store.db);
    const batchTokens = new BatchTokens();
    const routes = new Hono();
    routes.route('/', listImagesRoutes(store));
    routes.route('/', imageExtrasRoutes({ store, originals, drafts, batchTokens, imagesAllowed: config.writes.localImagesAllowed }));
    routes.route('/', imageRoutes(store, originals, drafts));
    routes.route('/', deliveryRoutes(store, renderer, signingKey));
    // The batch host answers with the account routes above (routes/batch.ts); errors as the envelope.
    const accountRoutes = new Hono().route('/', routes).onError((err, c) => handleError(err, c));
    routes.route('/', batchRoutes({ tokens: batchTokens, accountId: config.accountId, dispatch: (request) => accountRoutes.fetch(request) }));
    // The first screen's thumbnails, drawn in the background before the browser asks (demo/prerender.ts).
    const prerendering = prerenderDemoThumbnails(store, renderer);
    const close = () => {
      prerendering.stop();
      store.close();
    };
    return { routes, signingKey, store, close };
  } catch (error) {
    store.close();
    throw error;
  }
}
