// Instantiates the module once per factory; every loader passes instantiateWasm, since
// Emscripten 3.1.6 would otherwise try to fetch the .wasm by path (fails on Node 18+ and in
// WeChat). `getInstance(imports, verify)` resolves to a WebAssembly.Instance-like object (or
// { instance, module }); where it compiles the module itself it calls verify(module) before
// instantiating it. `platform` holds the host's default storage, network and page-hide hook
// (see api.js).
import { createApi } from './api.js';
import { PromokitError } from './errors.js';

const cache = new WeakMap();

// The build id scripts/build-dist.mjs gave this bundle and put in its .wasm's "promokit" custom
// section: another module (the shopper one under the full glue, a stale copy from a cache) would
// run against the wrong imports and abort inside, so it is refused before it runs.
const BUILD = typeof __PROMOKIT_BUILD__ === 'string' ? __PROMOKIT_BUILD__ : '';

// Throws when a compiled module carries another build id. A module without one (a tool stripped
// the section) or a host without WebAssembly.Module.customSections (WeChat) is let through.
function verify(module) {
  if (!BUILD || typeof WebAssembly !== 'object' || !WebAssembly.Module || typeof WebAssembly.Module.customSections !== 'function') return;
  const sections = WebAssembly.Module.customSections(module, 'promokit');
  const found = sections.length ? String.fromCharCode.apply(null, new Uint8Array(sections[0])) : null;
  if (found !== null && found !== BUILD) {
    throw new Error(
      `it is build ${found}, this entry is build ${BUILD}: each entry loads its own module ` +
        "(promokit/shopper's is shopper/promokit.wasm, the mini program's promokit.wasm.br, the others' promokit.wasm)",
    );
  }
}

// The loaders' last step where they compile the module themselves (Node, browsers): the build
// checked, then instantiated. `module` is a WebAssembly.Module or a promise of one.
export async function instantiateChecked(module, imports, verify) {
  const compiled = await module;
  verify(compiled);
  return { instance: await WebAssembly.instantiate(compiled, imports), module: compiled };
}

export function loadWith(factory, getInstance, options = {}, platform = {}) {
  if (cache.has(factory)) return cache.get(factory);
  const promise = new Promise((resolve, reject) => {
    const instantiateWasm =
      options.instantiateWasm ||
      ((imports, done) => {
        Promise.resolve()
          .then(() => getInstance(imports, verify))
          .then((result) => {
            const instance = result && result.instance ? result.instance : result; // accept both shapes
            done(instance, result && result.module);
          })
          .catch((err) => reject(new PromokitError('PK_LOAD_FAILED', `cannot load promokit.wasm: ${err.message || err}`, { number: 6, cause: err })));
        return {};
      });
    factory({
      instantiateWasm,
      print: () => {},
      printErr: (text) => console.warn('[promokit]', text),
      onAbort: (what) => reject(new PromokitError('PK_LOAD_FAILED', `promokit aborted: ${what}`, { number: 6 })),
    }).then((native) => resolve(createApi(native, platform)), reject);
  });
  cache.set(factory, promise);
  promise.catch(() => cache.delete(factory)); // a failed load may be retried
  return promise;
}
