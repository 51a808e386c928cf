import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies API and delivery routes to the Hono server (`npm run dev` starts both).
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '8787'}`;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/client': apiTarget,
      '/cdn-cgi': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
