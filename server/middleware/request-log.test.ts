import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN, cloudflareConfig } from '../test-support/test-config';
import { redactQuery } from './request-log';

describe('request log', () => {
  it('writes one line per request: method, path, redacted query, status, ms', async () => {
    const lines: string[] = [];
    const app = createApp(cloudflareConfig('http://127.0.0.1:9/client/v4', { DASHBOARD_PASSWORD: 'pw-secret-1234' }), {
      log: (line) => lines.push(line),
    });
    await app.request('/healthz?sig=abc123&per_page=10&continuation_token=ct1&api_key=k1&x=1', {
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, cookie: 'session=s3cr3t' },
    });
    await app.request(`/api/config?note=${TEST_API_TOKEN}`, { headers: { authorization: `Basic ${btoa('admin:pw-secret-1234')}` } });
    await app.request(`/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2?per_page=5`, {
      headers: { authorization: `Basic ${btoa('admin:wrong')}` },
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^GET \/healthz\?sig=REDACTED&per_page=10&continuation_token=ct1&api_key=REDACTED&x=1 200 \d+ms$/,
    );
    expect(lines[1]).toMatch(/^GET \/api\/config\?note=REDACTED 200 \d+ms$/);
    expect(lines[2]).toMatch(/^GET \/client\/v4\/accounts\/0123456789abcdef0123456789abcdef\/images\/v2\?per_page=5 401 \d+ms$/);
    const all = lines.join('\n');
    for (const secret of [TEST_API_TOKEN, 'pw-secret-1234', 's3cr3t', 'abc123', 'k1&']) expect(all).not.toContain(secret);
  });

  it('keeps lines short and on one line whatever the query', () => {
    expect(redactQuery(`?a=${'x'.repeat(1000)}`, 50)).toHaveLength(52);
    expect(redactQuery('?a=%0d%0aGET%20/fake 200')).not.toMatch(/[\r\n]/);
    expect(redactQuery('')).toBe('');
  });
});
