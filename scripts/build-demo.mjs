// Builds demo-web/ into build/demo-web with Vite (after dist/ is built), then a Workbox
// service worker that precaches the checkout so it works offline after the first load.
import { build } from 'vite';
import { generateSW } from 'workbox-build';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'demo-web');
await build({ configFile: join(root, 'demo-web', 'vite.config.mjs') });
const { count, size } = await generateSW({
  globDirectory: out,
  globPatterns: ['checkout/index.html', 'assets/**/*.{js,css,wasm}'],
  swDest: join(out, 'checkout', 'sw.js'),
  modifyURLPrefix: { '': '/' },
  navigateFallback: '/checkout/index.html',
  navigateFallbackAllowlist: [/^\/checkout\//],
  maximumFileSizeToCacheInBytes: 8 << 20,
  runtimeCaching: [{ urlPattern: /\/v1\/catalog/, handler: 'NetworkFirst', options: { cacheName: 'promokit-catalog' } }],
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
});
console.log(`demo-web built into build/demo-web (service worker precaches ${count} files, ${(size / 1024).toFixed(0)} KB)`);
