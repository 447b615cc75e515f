// Builds demo-web/ into build/demo-web with Vite (after dist/ is built), then the checkout's
// Workbox service worker with a precache manifest of the built files (revision = content hash).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'demo-web');
await viteBuild({ configFile: join(root, 'demo-web', 'vite.config.mjs') });

const files = ['checkout/index.html', ...readdirSync(join(out, 'assets')).map((f) => `assets/${f}`)];
const manifest = files.map((f) => ({
  url: `/${f}`,
  revision: createHash('sha256').update(readFileSync(join(out, f))).digest('hex').slice(0, 16),
}));
await esbuild({
  entryPoints: [join(root, 'demo-web', 'src', 'checkout', 'sw.js')],
  outfile: join(out, 'checkout', 'sw.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  define: { 'self.__WB_MANIFEST': JSON.stringify(manifest), 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const size = files.reduce((n, f) => n + readFileSync(join(out, f)).length, 0);
console.log(`demo-web built into ${relative(root, out)} (service worker precaches ${files.length} files, ${(size / 1024).toFixed(0)} KB)`);
