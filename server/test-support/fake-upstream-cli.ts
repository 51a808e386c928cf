/**
 * The fake Cloudflare API as its own process, for benches and load tests that must not share a CPU thread with
 * the clients: `node --import tsx server/test-support/fake-upstream-cli.ts [images] [delayMs]` prints one line
 * `FAKE_UPSTREAM http://127.0.0.1:<port>/client/v4` (the `CLOUDFLARE_BASE_URL`) and serves the default list
 * behaviour (each answer `delayMs` late, to stand in for a distant API) until SIGTERM / SIGINT.
 */
import { startFakeUpstream } from './fake-upstream';

const images = Number(process.argv[2] ?? 1000);
const delayMs = Number(process.argv[3] ?? 0);
const upstream = await startFakeUpstream({ images });
if (delayMs > 0) upstream.setDefault({ type: 'delay', ms: delayMs, then: { type: 'list' } });
console.log(`FAKE_UPSTREAM ${upstream.baseUrl}`);

async function stop() {
  await upstream.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
