/**
 * CI version of `npm run loadtest` (steady scenario): 16 clients for 5 s through the proxy (Node server as a child
 * process, cloudflare mode, cache off) against the fake Cloudflare API. No errors, the server alive, memory growth
 * bounded. Figures are printed, not asserted: shared CI machines are too noisy for timing goals.
 *
 * The server's heap is capped (as in docs/reliability.md): with default flags V8 grows its heap by tens of MB under
 * load and keeps it, which says nothing about leaks; capped, a leak shows as growth or an out-of-memory crash.
 */
import { describe, expect, it } from 'vitest';
import { steadyLoad, steadyTable } from '../../bench/load-scenarios';
import { TEST_API_TOKEN } from '../test-support/test-config';

const MB = 1024 * 1024;

describe('steady load through the proxy', () => {
  it('answers every request with a full page, stays up and keeps its memory', async () => {
    const result = await steadyLoad({
      concurrency: 16,
      durationMs: 5000,
      nodeArgs: ['--max-semi-space-size=2', '--max-old-space-size=96'],
    });
    console.log(`\n${steadyTable(result)}\n`);
    expect([...result.load.errorSamples]).toEqual([]);
    expect(result.load.errors).toBe(0);
    // Enough requests that "no errors" means something, even on a loaded machine.
    expect(result.load.requests).toBeGreaterThanOrEqual(50);
    expect(result.load.statuses.get(200)).toBe(result.load.requests);
    expect(result.upstreamRequests).toBeGreaterThan(0);
    expect(result.serverAlive).toBe(true);
    // The goal (50 MB over 30 s); capped, a 60 s run grows about 10 MB.
    expect(result.rssAfter - result.rssBefore).toBeLessThan(50 * MB);
    expect(result.serverOutput).not.toContain(TEST_API_TOKEN);
  }, 90_000);
});
