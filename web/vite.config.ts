// Builds the cockpit's web UI into web/dist, which the daemon serves; `vite` alone proxies /api to a local daemon.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      // The event stream is long-lived; the proxy must not buffer or time it out.
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false, timeout: 0 },
    },
  },
});
