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

// Each .wasm carries its build id (scripts/build-dist.mjs, a "promokit" custom section) and each
// entry refuses another's module before running it (js-glue/src/load.js): without the check the
// shopper glue ran the full module against the wrong imports and aborted inside, printing
// "Aborted()" hundreds of times.
test('a module of another build is refused with PK_LOAD_FAILED before it runs; the entry then loads its own', async () => {
  const sectionOf = (bytes) => {
    const found = WebAssembly.Module.customSections(new WebAssembly.Module(bytes), 'promokit');
    return found.length ? Buffer.from(found[0]).toString('ascii') : null;
  };
  const full = join(root, 'dist', 'promokit.wasm');
  const debug = join(root, 'dist', 'debug', 'promokit.wasm');
  const shopper = join(root, 'dist', 'shopper', 'promokit.wasm');
  const ids = [full, debug, shopper].map((f) => sectionOf(readFileSync(f)));
  assert.match(ids[0], /^promokit-release-[0-9a-f]{16}$/);
  assert.match(ids[1], /^promokit-debug-[0-9a-f]{16}$/);
  assert.match(ids[2], /^promokit-shopper-release-[0-9a-f]{16}$/);
  const { brotliDecompressSync } = await import('node:zlib');
  assert.equal(sectionOf(brotliDecompressSync(readFileSync(join(root, 'dist', 'miniprogram', 'promokit.wasm.br')))), ids[2]);

  // Entries this process has not loaded yet (load-dist.mjs loaded the flavour's full one).
  const otherFull = flavour === 'release' ? 'debug' : '';
  const cases = [
    { entry: join(root, 'dist', 'shopper', 'promokit.node.mjs'), wrong: full, module: 'shopper' },
    { entry: join(root, 'dist', otherFull, 'promokit.node.mjs'), wrong: shopper, module: 'full' },
  ];
  const warnings = [];
  const warn = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    for (const c of cases) {
      const { loadPromokit, PromokitError } = await import(pathToFileURL(c.entry).href);
      await assert.rejects(loadPromokit({ wasmPath: c.wrong }), (e) => {
        assert.ok(e instanceof PromokitError);
        assert.equal(e.code, 'PK_LOAD_FAILED');
        assert.match(e.message, /^cannot load promokit\.wasm: it is build promokit-\S+, this entry is build promokit-\S+: each entry loads its own module/);
        return true;
      });
      const pk = await loadPromokit();
      assert.equal(pk.module, c.module);
      assert.equal(pk.validate('offer', { id: 'x', reward: { type: 'percent', percent: 10 } }).ok, true);
    }
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, [], 'nothing of the refused module ran');
});
