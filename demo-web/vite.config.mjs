// Builds the demo pages (admin preview tool, offline checkout) into build/demo-web, bundling
// the SDK from the built dist/ (never from sources). Run by scripts/build-demo.mjs.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  resolve: {
    alias: [
      // the checkout loads promokit/shopper, the admin tool the full module
      { find: /^promokit\/shopper$/, replacement: join(here, '..', 'dist', 'shopper', 'promokit.browser.mjs') },
      { find: /^promokit$/, replacement: join(here, '..', 'dist', 'promokit.browser.mjs') },
    ],
  },
  build: {
    outDir: join(here, '..', 'build', 'demo-web'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0, // keep promokit.wasm a separate, cacheable file
    rollupOptions: {
      input: {
        index: join(here, 'index.html'),
        admin: join(here, 'admin', 'index.html'),
        checkout: join(here, 'checkout', 'index.html'),
      },
    },
  },
});
