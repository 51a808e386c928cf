/**
 * CI version of the fault scenario of `npm run loadtest`: 16 clients while the fake upstream flaps (500s, 503s,
 * timeouts, connection resets, HTML pages, rate limits), then recovers. The server never crashes, every answer is
 * a valid success or a valid Cloudflare error envelope, and after recovery every answer is a success.
 */
import { describe, expect, it } from 'vitest';
import { faultLoad, faultTable } from '../../bench/load-scenarios';
import { TEST_API_TOKEN } from '../test-support/test-config';

describe('faults under load', () => {
  it('survives a flapping upstream with valid envelopes, and recovers', async () => {
    const result = await faultLoad({ concurrency: 16, durationMs: 8000, upstreamTimeoutMs: 3000, seed: 7 });
    console.log(`\n${faultTable(result)}\n`);
    expect(result.serverAlive).toBe(true);
    expect([...result.healthy.errorSamples]).toEqual([]);
    expect([...result.flapping.errorSamples]).toEqual([]);
    expect([...result.recovered.errorSamples]).toEqual([]);
    // The flapping phase really failed: the upstream went through bad moods and clients saw errors.
    expect([...result.moods.keys()].filter((mood) => mood !== 'list' && mood !== 'delay').length).toBeGreaterThanOrEqual(5);
    const failed = [...result.flapping.statuses].filter(([status]) => status >= 500).reduce((n, [, c]) => n + c, 0);
    expect(failed).toBeGreaterThan(0);
    // Recovered: enough answers, all 200 with a full page.
    expect(result.recovered.requests).toBeGreaterThanOrEqual(10);
    expect(result.recovered.statuses.get(200)).toBe(result.recovered.requests);
    expect(result.serverOutput).not.toContain(TEST_API_TOKEN);
  }, 90_000);
});
