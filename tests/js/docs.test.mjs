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
