// docs/js-api.md's module tour runs against the built package, so the page stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pk, root } from './load-dist.mjs';

test('docs/js-api.md: the module tour runs and gives what its comments say', async () => {
  const page = readFileSync(join(root, 'docs', 'js-api.md'), 'utf8');
  const block = /```js module-tour\n([\s\S]*?)\n```/.exec(page);
  assert.ok(block, 'the tour block is in the page');
  const run = new Function('pk', block[1]);
  const out = run(pk);
  assert.deepEqual(out.texts, ['20% off', '¥10 off']);
  assert.deepEqual([...out.ranked].sort(), ['coupon-10', 'fashion-20']);
  assert.deepEqual([out.total, out.money], [6920, '¥69.20']);
  // A call on a disposed engine is the documented PK_DISPOSED, not a crash.
  const e = pk.createEngine({ version: 1, offers: [] }, { now: 0 });
  e.dispose();
  assert.throws(() => e.offers(), (err) => err.code === 'PK_DISPOSED');
});

// Every entry point the package exports has its row in the page's table, and every member of the
// instance (dist/index.d.ts's Promokit) is named on the page.
test('docs/js-api.md: names every import of the package and every member of the instance', () => {
  const page = readFileSync(join(root, 'docs', 'js-api.md'), 'utf8');
  const { exports } = JSON.parse(readFileSync(join(root, 'dist', 'package.json'), 'utf8'));
  const imports = Object.keys(exports).filter((k) => !/\.(wasm|json)$/.test(k)).map((k) => `promokit${k.slice(1)}`);
  assert.ok(imports.includes('promokit/shopper'));
  for (const name of imports) assert.ok(page.includes(`'${name}'`), `docs/js-api.md does not name '${name}'`);
  const types = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
  const body = /export interface Promokit \{([\s\S]*?)\n\}/.exec(types)[1];
  const members = [...body.matchAll(/^ {2}(?:readonly )?([A-Za-z]+)[(:?]/gm)].map((m) => m[1]);
  assert.ok(members.length >= 15 && members.includes('module'), members.join(','));
  for (const m of members) assert.ok(page.includes(`pk.${m}`), `docs/js-api.md does not name pk.${m}`);
});
