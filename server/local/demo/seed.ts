/**
 * Seeds demo images once, on the first start: a `settings` row remembers it, so a person who deletes every image
 * does not get the demo back on the next restart.
 */
import type { ImageStore } from '../image-store';
import { demoImages } from './demo-images';

export function seedDemoImages(store: ImageStore, count: number, seed: number): number {
  const { db } = store;
  db.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const seeded = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get('demo_seeded');
  if (seeded || store.size > 0 || count === 0) return 0;
  const images = demoImages(count, seed);
  db.transaction(() => {
    store.insertMany(images);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('demo_seeded', JSON.stringify({ count, seed }));
  })();
  return images.length;
}
