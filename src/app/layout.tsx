/**
 * The page layout: header (mode and account), an optional side panel for filters, and the main area.
 * Works from a 1280 px laptop to a wide monitor: the side panel collapses above the content on narrow screens.
 */
import type { ReactNode } from 'react';
import type { PublicConfig } from '../lib/config';

export interface LayoutProps {
  config: PublicConfig;
  /** FILTER PANEL SLOT: the filters feature mounts its panel here (see src/app/dashboard.tsx). */
  filters?: ReactNode;
  /** In the header, before the account: the account's image count. */
  headerExtra?: ReactNode;
  /** Above the results: view switch, variant picker, selection actions. */
  toolbar: ReactNode;
  children: ReactNode;
}

export function Layout({ config, filters, headerExtra, toolbar, children }: LayoutProps) {
  return (
    <div className="shell">
      <header className="shell__header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Cloudflare Images Explorer
        </span>
        {headerExtra}
        <AccountBadge config={config} />
      </header>
      <div className={filters ? 'shell__body shell__body--with-filters' : 'shell__body'}>
        {filters ? (
          <aside className="shell__filters" aria-label="Filters">
            {filters}
          </aside>
        ) : null}
        <main className="shell__main">
          <div className="shell__toolbar">{toolbar}</div>
          {children}
        </main>
      </div>
    </div>
  );
}

function AccountBadge({ config }: { config: PublicConfig }) {
  const local = config.mode === 'local';
  return (
    <p className="account">
      <span className={local ? 'mode mode--local' : 'mode mode--cloudflare'}>
        {local ? 'Local demo' : 'Cloudflare account'}
      </span>
      <span className="account__id" title={`Account ID ${config.accountId}`}>
        <span className="visually-hidden">Account </span>
        {config.accountId}
      </span>
      <span className="account__version">v{config.version}</span>
    </p>
  );
}
