import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

// The dev server proxies API and delivery routes to the Hono server (`npm run dev` starts both).
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '8787'}`;

/**
 * src/early.ts as an entry of its own, loaded by index.html ahead of the app: it starts the first screen's requests
 * while the main bundle downloads (docs/performance.md "Dashboard"). Vite bundles every module script of an HTML
 * page into one entry, so the script tag is added here, after the build has named the file; modules both entries
 * use (the list-query contract, src/lib/early-requests.ts) land in a chunk they share, so the app and the early
 * script see one instance.
 */
function earlyEntry(): Plugin {
  const source = fileURLToPath(new URL('./src/early.ts', import.meta.url));
  return {
    name: 'cfie-early-entry',
    config: () => ({
      build: {
        rollupOptions: {
          input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), early: source },
        },
      },
    }),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((file) => file.type === 'chunk' && file.isEntry && file.name === 'early');
        if (ctx.bundle && chunk?.type !== 'chunk') throw new Error('earlyEntry: the build has no early chunk');
        const src = chunk?.type === 'chunk' ? `/${chunk.fileName}` : '/src/early.ts';
        const imports = chunk?.type === 'chunk' ? chunk.imports : [];
        const tags = [
          ...imports.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`),
          `<script type="module" crossorigin src="${src}"></script>`,
        ].join('\n    ');
        // Before the app's script: module scripts run in document order, and this one must run first. (Not `async`:
        // an async script may run after the app when both come from the cache, and then it has nothing left to do.)
        const at = html.indexOf('<script type="module"');
        return at === -1 ? html.replace('</head>', `  ${tags}\n  </head>`) : `${html.slice(0, at)}${tags}\n    ${html.slice(at)}`;
      },
    },
  };
}

const config = {
  plugins: [react(), earlyEntry()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // No `modulepreload` polyfill: every browser the dashboard supports has the link type (Safari since 17); one
    // without it still loads every chunk, only without the head start (docs/decisions.md).
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/client': apiTarget,
      '/cdn-cgi': apiTarget,
      '/healthz': apiTarget,
    },
  },
} satisfies UserConfig;

export default defineConfig(({ command }) => {
  // A build is the production bundle whatever NODE_ENV the shell or a test runner holds (vitest sets `test`):
  // otherwise React's development build and the JSX development transform (source paths included) would ship.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});
