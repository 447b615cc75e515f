// The two release modules (docs/js-api.md, "Two modules"): the shopper module's bindings are the
// full module's less exactly the ones js-glue/src/api.js lists in ADMIN_ONLY, so every binding
// the shopper module leaves out answers PK_UNSUPPORTED there instead of failing as a missing
// function. Reads the Emscripten factories scripts/build-dist.mjs generated (build/js-gen/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, flavour } from './load-dist.mjs';

const skip = flavour !== 'release' && 'the shopper module is built in release only';

async function bindingsOf(name, wasmFile) {
  const { default: factory } = await import(pathToFileURL(join(root, 'build', 'js-gen', 'release', `${name}-factory.js`)).href);
  const bytes = readFileSync(join(root, 'dist', wasmFile));
  const native = await factory({
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(bytes, imports).then((r) => done(r.instance, r.module));
      return {};
    },
    print() {},
    printErr() {},
  });
  // Embind's functions and classes: '_name' functions and capitalised class constructors.
  return new Set(Object.keys(native).filter((k) => /^_[a-z]/.test(k) && typeof native[k] === 'function'));
}

test('the shopper module binds the full one\'s functions less exactly ADMIN_ONLY', { skip }, async () => {
  const full = await bindingsOf('promokit', 'promokit.wasm');
  const shopper = await bindingsOf('promokit-shopper', 'shopper/promokit.wasm');
  const source = readFileSync(join(root, 'js-glue', 'src', 'api.js'), 'utf8');
  const list = /const ADMIN_ONLY = \[([\s\S]*?)\n\];/.exec(source)[1];
  const adminOnly = [...list.matchAll(/\['(_\w+)'/g)].map((m) => m[1]).sort();
  assert.ok(adminOnly.length >= 6, adminOnly.join());
  assert.ok(full.has('_createEngine') && shopper.has('_createEngine') && full.size > 30, [...full].join());
  assert.deepEqual([...shopper].filter((k) => !full.has(k)), [], 'the shopper module binds nothing the full one lacks');
  assert.deepEqual([...full].filter((k) => !shopper.has(k)).sort(), adminOnly);
});
