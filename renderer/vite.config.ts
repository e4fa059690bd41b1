// Builds the renderer into dist/renderer/ as static files loaded by the window (relative paths, no
// inline script, no module-preload polyfill: the CSP allows only 'self' scripts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  // Runtime assets (the app icon) are served next to the bundle.
  publicDir: fileURLToPath(new URL('../resources', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    target: 'chrome140',
  },
});
