/**
 * CI version of `npm run loadtest` (steady scenario): 16 clients for 5 s through the proxy (Node server as a child
 * process, cloudflare mode, cache off) against the fake Cloudflare API. No errors, the server alive, memory growth
 * bounded. Figures are printed, not asserted: shared CI machines are too noisy for timing goals.
 */
import { describe, expect, it } from 'vitest';
import { steadyLoad, steadyTable } from '../../bench/load-scenarios';
import { TEST_API_TOKEN } from '../test-support/test-config';

const MB = 1024 * 1024;

describe('steady load through the proxy', () => {
  it('answers every request with a full page, stays up and keeps its memory', async () => {
    const result = await steadyLoad({ concurrency: 16, durationMs: 5000 });
    console.log(`\n${steadyTable(result)}\n`);
    expect([...result.load.errorSamples]).toEqual([]);
    expect(result.load.errors).toBe(0);
    // Enough requests that "no errors" means something, even on a loaded machine.
    expect(result.load.requests).toBeGreaterThanOrEqual(50);
    expect(result.load.statuses.get(200)).toBe(result.load.requests);
    expect(result.upstreamRequests).toBeGreaterThan(0);
    expect(result.serverAlive).toBe(true);
    // The goal is 50 MB over 30 s; 5 s on a noisy machine gets three times the slack.
    expect(result.rssAfter - result.rssBefore).toBeLessThan(150 * MB);
    expect(result.serverOutput).not.toContain(TEST_API_TOKEN);
  }, 90_000);
});
