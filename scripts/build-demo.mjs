// Builds demo-web/ into build/demo-web with Vite (after dist/ is built), then the checkout's
// Workbox service worker with a precache manifest: the checkout page and every file it loads
// (its chunks, styles and the .wasm), found from Vite's build manifest; revision = content hash.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'demo-web');
if (!existsSync(join(root, 'dist', 'promokit.browser.mjs'))) {
  console.error('build-demo: dist/promokit.browser.mjs is missing; build the package first (scripts/build.sh)');
  process.exit(1);
}
await viteBuild({ configFile: join(root, 'demo-web', 'vite.config.mjs'), build: { manifest: true } });

// The checkout entry's closure over the Vite manifest (static and dynamic imports, CSS, assets).
const manifestFile = join(out, '.vite', 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
rmSync(join(out, '.vite'), { recursive: true, force: true });
const files = new Set(['checkout/index.html']);
const seen = new Set();
(function walk(key) {
  if (seen.has(key) || !manifest[key]) return;
  seen.add(key);
  const chunk = manifest[key];
  files.add(chunk.file);
  for (const f of [...(chunk.css || []), ...(chunk.assets || [])]) files.add(f);
  for (const k of [...(chunk.imports || []), ...(chunk.dynamicImports || [])]) walk(k);
})('checkout/index.html');
// Files a chunk names by URL (new URL('promokit-….wasm', import.meta.url)) are not always in the
// manifest: add every built asset whose name appears in the checkout's scripts.
const assets = readdirSync(join(out, 'assets'));
const scripts = [...files].filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
for (const a of assets) if (scripts.includes(a)) files.add(`assets/${a}`);
if (![...files].some((f) => f.endsWith('.wasm'))) throw new Error('build-demo: the checkout does not load a .wasm asset; the precache would not work offline');

const list = [...files].sort();
const precache = list.map((f) => ({
  url: `/${f}`,
  revision: createHash('sha256').update(readFileSync(join(out, f))).digest('hex').slice(0, 16),
}));
await esbuild({
  entryPoints: [join(root, 'demo-web', 'src', 'checkout', 'sw.js')],
  outfile: join(out, 'checkout', 'sw.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  define: { 'self.__WB_MANIFEST': JSON.stringify(precache), 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const size = list.reduce((n, f) => n + readFileSync(join(out, f)).length, 0);
console.log(`demo-web built into ${relative(root, out)} (checkout service worker precaches ${list.length} files, ${(size / 1024).toFixed(0)} KB)`);
