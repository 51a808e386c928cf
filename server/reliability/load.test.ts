/**
 * CI version of `npm run loadtest` (steady scenario), asserting shape only: 16 clients for 2 s through the proxy
 * (Node server as a child process, cloudflare mode, cache off) against the fake Cloudflare API; every answer a full
 * page, no errors, the server alive, no token in its output. Throughput and memory growth are figures, printed here
 * and checked against their goals by `npm run loadtest`: shared CI machines are too noisy to assert them.
 *
 * The server's heap is capped (as in docs/reliability.md), so that a leak shows as an out-of-memory crash.
 */
import { describe, expect, it } from 'vitest';
import { steadyLoad, steadyTable } from '../../bench/load-scenarios';
import { TEST_API_TOKEN } from '../test-support/test-config';

describe('steady load through the proxy', () => {
  it('answers every request with a full page and stays up', async () => {
    const result = await steadyLoad({
      concurrency: 16,
      durationMs: 2000,
      nodeArgs: ['--max-semi-space-size=2', '--max-old-space-size=96'],
    });
    console.log(`\n${steadyTable(result)}\n`);
    expect([...result.load.errorSamples]).toEqual([]);
    expect(result.load.errors).toBe(0);
    expect(result.load.requests).toBeGreaterThan(0);
    expect(result.load.statuses.get(200)).toBe(result.load.requests);
    expect(result.upstreamRequests).toBeGreaterThan(0);
    expect(result.serverAlive).toBe(true);
    expect(result.serverOutput).not.toContain(TEST_API_TOKEN);
  }, 90_000);
});
