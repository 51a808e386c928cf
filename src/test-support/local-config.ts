/**
 * For component tests: the `/api/config` answer of a local-mode server, put straight into a query client, so that
 * components reading the config render at once and no request is made for it.
 */
import type { QueryClient } from '@tanstack/react-query';
import { LOCAL_VARIANT_INFO } from '../contract/variants';
import { configQueryOptions, type PublicConfig } from '../lib/config';

export function setLocalConfig(client: QueryClient, overrides: Partial<PublicConfig> = {}): void {
  client.setQueryData(configQueryOptions().queryKey, {
    mode: 'local',
    accountId: 'acc',
    accountHash: 'hash',
    variants: LOCAL_VARIANT_INFO.slice(0, 2),
    flexibleVariants: true,
    signing: false,
    writes: true,
    version: 'test',
    ...overrides,
  } as PublicConfig);
}
