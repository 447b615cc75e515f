// Wasm memory (DESIGN.md §5): dispose() frees at once, the FinalizationRegistry frees what a
// caller forgets, and a long run of API calls keeps the heap bounded. Needs --expose-gc (the
// test command passes it). PROMOKIT_SOAK_CALLS sets the soak size (bench/js/run.sh runs 1,000,000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { pk, PromokitError, flavour } from './load-dist.mjs';

// The debug build runs unoptimised: a shorter soak shows the same bound there.
const SOAK_CALLS = Number(process.env.PROMOKIT_SOAK_CALLS || (flavour === 'debug' ? 8_000 : 40_000));
// A rule big enough that 200 of them are plainly visible on the heap.
const ruleText = (i) =>
  `tier == "gold" and ("fashion" in interests or spent >= ${i}) and city in ["Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu"]`;

async function collect(until) {
  for (let round = 0; round < 50 && !until(); round++) {
    global.gc();
    await tick(); // finalizers run in a later task than the collection
  }
}

test('--expose-gc is on (the test command passes it)', () => {
  assert.equal(typeof global.gc, 'function');
});

test('dispose() frees the wasm memory of a native object at once', () => {
  pk.compileRule(ruleText(0)).dispose(); // one-time set-up inside the core (tables, statics) is not a leak
  const base = pk.memory();
  const rules = Array.from({ length: 200 }, (_, i) => pk.compileRule(ruleText(i)));
  const held = pk.memory();
  assert.equal(held.liveObjects - base.liveObjects, 200);
  assert.ok(held.used - base.used > 200 * 64, `200 compiled rules hold only ${held.used - base.used} bytes`);
  for (const r of rules) r.dispose();
  const after = pk.memory();
  assert.equal(after.liveObjects, base.liveObjects);
  assert.ok(after.used - base.used <= 1024, `${after.used - base.used} bytes still used after dispose()`);
  rules[0].dispose(); // a second dispose is harmless
  assert.equal(rules[0].disposed, true);
  assert.throws(() => rules[0].evaluate({}), (e) => e instanceof PromokitError && e.code === 'PK_DISPOSED');
});

test('the FinalizationRegistry frees what a caller forgets', async () => {
  await collect(() => false); // settle earlier garbage first
  const base = pk.memory();
  (() => {
    for (let i = 0; i < 200; i++) pk.compileRule(ruleText(i)).evaluate({ tier: 'gold', interests: ['fashion'] });
  })();
  const held = pk.memory();
  assert.ok(held.used - base.used > 200 * 64, `forgotten rules hold only ${held.used - base.used} bytes`);
  await collect(() => pk.memory().liveObjects === base.liveObjects);
  const after = pk.memory();
  assert.equal(after.liveObjects, base.liveObjects, 'the registry did not free every forgotten rule');
  assert.ok(after.used - base.used <= 1024, `${after.used - base.used} bytes still used after collection`);
});

test(`soak: ${SOAK_CALLS.toLocaleString('en')} API calls keep the wasm heap bounded`, async () => {
  const rule = pk.compileRule('tier == "gold" and spent >= 1000');
  const event = { id: 'e-1', type: 'click', time: 1761990000000, offerId: 'fashion-20', amount: 0 };
  const profile = { tier: 'gold', spent: 5000, interests: ['fashion'] };
  const round = (calls) => {
    for (let i = 0; i < calls; i += 4) {
      rule.evaluate(profile, { now: 0 });
      pk.validate('event', event);
      pk.compileRule({ '>=': [{ var: 'spent' }, i] }).dispose();
      try {
        pk.compileRule('tier ==');
      } catch (e) {
        assert.equal(e.code, 'PK_RULE_SYNTAX');
      }
    }
  };
  round(Math.min(SOAK_CALLS, 8_000)); // warm-up: the allocator reaches its working set
  const base = pk.memory();
  round(SOAK_CALLS);
  const after = pk.memory();
  rule.dispose();
  assert.equal(after.heapSize, base.heapSize, 'the wasm heap grew during the soak');
  assert.ok(after.used - base.used < 16 * 1024, `heap in use grew by ${after.used - base.used} bytes`);
  assert.equal(after.liveObjects, base.liveObjects);
});
