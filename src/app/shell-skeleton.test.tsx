import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ShellSkeleton } from './shell-skeleton';

describe('the shell skeleton', () => {
  it('is in index.html as the app draws it, so the page shows it before any script runs and nothing moves when React takes over', () => {
    const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
    expect(html).toContain(`<div id="root">${renderToStaticMarkup(<ShellSkeleton />)}</div>`);
  });
});
