// The package check: the code package as uploaded (packOptions.ignore applied, miniprogram_npm
// built) stays within WeChat's 2 MB main-package limit, holds only file types the platform
// accepts, and the SDK's share is reported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeAppPackage } from './support.mjs';

const LIMIT = 2 * 1024 * 1024;
// The code package's accepted file types (WeChat DevTools refuses to upload others).
const ALLOWED = /\.(js|json|wxml|wxss|wxs|png|jpe?g|gif|svg|webp|wasm|br|cer|mp3|aac|m4a|mp4|wav|ogg|silk|ttf|otf|woff2?|txt)$/;

let dir;
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function files(root) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(root, p), size: statSync(p).size });
    }
  };
  walk(root);
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test('main package within 2 MB; the SDK\'s share reported', async () => {
  dir = await makeAppPackage();
  const all = files(dir);
  const total = all.reduce((s, f) => s + f.size, 0);
  const sdk = all.filter((f) => f.path.startsWith('miniprogram_npm/promokit/')).reduce((s, f) => s + f.size, 0);
  const wasm = all.filter((f) => f.path.endsWith('.wasm.br')).reduce((s, f) => s + f.size, 0);
  const vendored = all.filter((f) => f.path.startsWith('miniprogram_npm/') && !f.path.startsWith('miniprogram_npm/promokit/')).reduce((s, f) => s + f.size, 0);
  console.log(
    `main package ${kb(total)} of ${kb(LIMIT)} (${((100 * total) / LIMIT).toFixed(1)} %): ` +
      `SDK ${kb(sdk)} = ${((100 * sdk) / total).toFixed(1)} % of the package (wasm.br ${kb(wasm)}), other npm ${kb(vendored)}, app ${kb(total - sdk - vendored)}; ${all.length} files`,
  );
  assert.ok(total <= LIMIT, `main package ${total} bytes > ${LIMIT}`);
  assert.ok(sdk > 0 && wasm > 0, 'the SDK and its wasm are in the package');
  assert.ok(!all.some((f) => f.path.endsWith('.wasm') && !f.path.endsWith('.wasm.br')), 'only the brotli wasm ships');
  for (const f of all) assert.match(f.path, ALLOWED, `${f.path}: a file type the code package does not accept`);
  for (const f of all) assert.ok(!/^(tests|tools|node_modules)\//.test(f.path) && f.path !== 'README.md', `${f.path} should be left out`);
});
