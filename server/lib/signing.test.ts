import { describe, expect, it } from 'vitest';
import { hmacHex, signUrl, verifySignedPath } from './signing';

describe('signing (CONTRACT.md §5)', () => {
  it('matches the contract test vector', async () => {
    const sig = await hmacHex(
      'test-signing-key',
      '/ZWd9g1K7eljCn_KDTu_MWA/083eb7b2-5392-4565-b69e-aff66acddd00/public?exp=1700000000',
    );
    expect(sig).toBe('794b883fde815084b61bae4f81a5a97086cd037742bf79b6e977d793c2d2f7e0');
  });

  it('signs a delivery URL with exp then sig', async () => {
    const url = await signUrl(
      'https://imagedelivery.net/ZWd9g1K7eljCn_KDTu_MWA/083eb7b2-5392-4565-b69e-aff66acddd00/public',
      'test-signing-key',
      1700000000,
    );
    expect(url).toBe(
      'https://imagedelivery.net/ZWd9g1K7eljCn_KDTu_MWA/083eb7b2-5392-4565-b69e-aff66acddd00/public?exp=1700000000&sig=794b883fde815084b61bae4f81a5a97086cd037742bf79b6e977d793c2d2f7e0',
    );
  });

  it('signs the local delivery route over the same path as imagedelivery.net', async () => {
    const local = new URL(await signUrl('http://127.0.0.1:8787/cdn-cgi/imagedelivery/h/i/public', 'k', 1700000000));
    const remote = new URL(await signUrl('https://imagedelivery.net/h/i/public', 'k', 1700000000));
    expect(local.searchParams.get('sig')).toBe(remote.searchParams.get('sig'));
    expect(await verifySignedPath('/cdn-cgi/imagedelivery/h/i/public', local.searchParams, 'k', 1)).toBe(true);
  });

  it('verifies a valid signature and refuses expired, altered or missing ones', async () => {
    const path = '/hash/id/public';
    const signed = new URL(await signUrl(`https://x${path}`, 'k', 2000)).searchParams;
    expect(await verifySignedPath(path, signed, 'k', 1000)).toBe(true);
    expect(await verifySignedPath(path, signed, 'k', 2001)).toBe(false);
    expect(await verifySignedPath('/hash/id/hero', signed, 'k', 1000)).toBe(false);
    expect(await verifySignedPath(path, signed, 'other', 1000)).toBe(false);
    expect(await verifySignedPath(path, new URLSearchParams('exp=2000'), 'k', 1000)).toBe(false);
    expect(await verifySignedPath(path, new URLSearchParams('exp=x&sig=zz'), 'k', 1000)).toBe(false);
  });
});
