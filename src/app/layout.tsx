/**
 * The page layout: header (mode and account), a side panel for filters, and the main area. From 1001 px up the
 * filters sit beside the images; narrower (phones, split windows) they move into a drawer opened by "Filters", so
 * the images keep the whole height and nothing scrolls sideways from 320 px up.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FilterIcon } from '../components/ui/icons';
import type { PublicConfig } from '../lib/config';
import { NARROW_QUERY, useMediaQuery } from '../lib/use-media-query';
import { useSearchParams } from '../lib/use-search-params';

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
  const narrow = useMediaQuery(NARROW_QUERY);
  // Destructured: the React Compiler's lint takes any object holding a `ref` for a ref object.
  const { open: drawerOpen, show, close, closeRef, openerRef } = useFiltersDrawer(narrow);
  const open = narrow && drawerOpen;
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#images"
        onClick={(event) => {
          // Focus the results without writing "#images" to the address bar, where it would ride along in shared links.
          const results = document.getElementById('images');
          if (!results) return;
          event.preventDefault();
          results.focus();
          results.scrollIntoView({ block: 'start' });
        }}
      >
        Skip to images
      </a>
      <header className="shell__header" inert={open}>
        <h1 className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Cloudflare Images Explorer
        </h1>
        {headerExtra}
        <AccountBadge config={config} />
      </header>
      <div className={filters ? 'shell__body shell__body--with-filters' : 'shell__body'}>
        {filters ? (
          <aside
            // Kept mounted while the drawer is shut: an edit not yet applied survives closing it.
            hidden={narrow && !open}
            className={open ? 'shell__filters shell__filters--drawer' : 'shell__filters'}
            aria-label="Filters"
            onKeyDown={(event) => {
              if (open && event.key === 'Escape' && !event.defaultPrevented) {
                event.preventDefault();
                close();
              }
            }}
          >
            {/* The drawer's dialog role on a plain element inside the landmark (an <aside> may not be a dialog);
                always there, so opening the drawer does not remount the filters. */}
            <div role={open ? 'dialog' : undefined} aria-modal={open || undefined} aria-label={open ? 'Filters' : undefined}>
              {open ? (
                <div className="shell__drawer-bar">
                  <button ref={closeRef} type="button" className="button" onClick={close}>
                    Close filters
                  </button>
                </div>
              ) : null}
              {filters}
            </div>
          </aside>
        ) : null}
        <main className="shell__main" inert={open}>
          <div className="shell__toolbar">
            {filters && narrow ? (
              <button
                ref={openerRef}
                type="button"
                className="button"
                aria-expanded={open}
                aria-haspopup="dialog"
                onClick={show}
              >
                <FilterIcon /> Filters
              </button>
            ) : null}
            {toolbar}
          </div>
          {children}
        </main>
      </div>
    </div>
  );
}

/**
 * The drawer's state: opened by "Filters", closed by its Close button, Esc, or once a new list query is applied
 * (the person wants to see the result). Focus moves into the drawer and back to "Filters" on close.
 */
function useFiltersDrawer(narrow: boolean) {
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [params] = useSearchParams();
  const listQuery = [...params].filter(([name]) => name !== 'image' && name !== 'view').join('&');
  const [shownFor, setShownFor] = useState(listQuery);
  if (shownFor !== listQuery) {
    setShownFor(listQuery);
    if (open) setOpen(false);
  }
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open && narrow) closeRef.current?.focus();
    else if (wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open && narrow;
  }, [open, narrow]);
  return { open, show: () => setOpen(true), close: () => setOpen(false), closeRef, openerRef };
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
