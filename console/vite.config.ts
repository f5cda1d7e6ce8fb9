import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { bundleSize } from './bundle-size.js';

// The gateway serves the built console at `/` (gateway/src/console.ts); `npm run dev:console` proxies
// the API to a graph started by `npm start` so the console can be worked on with hot reload.
const graph = process.env.CONSOLE_GRAPH_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), bundleSize()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1_500,
  },
  server: {
    proxy: {
      '/graphql': { target: graph, ws: true },
      '/downloads': graph,
      '/console/demo-sign-in.json': graph,
    },
  },
});
