// Instantiates the module once per factory; every loader passes instantiateWasm, since
// Emscripten 3.1.6 would otherwise try to fetch the .wasm by path (fails on Node 18+ and in
// WeChat). `getInstance(imports)` resolves to a WebAssembly.Instance-like object; `platform`
// holds the host's default storage, network and page-hide hook (see api.js).
import { createApi } from './api.js';
import { PromokitError } from './errors.js';

const cache = new WeakMap();

export function loadWith(factory, getInstance, options = {}, platform = {}) {
  if (cache.has(factory)) return cache.get(factory);
  const promise = new Promise((resolve, reject) => {
    const instantiateWasm =
      options.instantiateWasm ||
      ((imports, done) => {
        Promise.resolve()
          .then(() => getInstance(imports))
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
