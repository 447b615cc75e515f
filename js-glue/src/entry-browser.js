// ESM entry for browsers: fetch + compileStreaming (the module compiles while it downloads, as
// with instantiateStreaming), falling back to compiling the whole response when the server sends
// the wrong MIME type; the module's build is checked (load.js) before it is instantiated.
import factory from 'promokit-factory';
import { loadWith, instantiateChecked } from './load.js';
import { createMemoryStorage, createLocalStorage, createFetchNetwork } from './adapters.js';
import { createIndexedDbStorage } from './storage/indexeddb.js';

export { PromokitError } from './errors.js';
export * from './adapters.js';
export { createIndexedDbStorage };

const platform = {
  // IndexedDB where there is one, else localStorage, else memory (e.g. a sandboxed frame).
  defaultStorage() {
    if (typeof indexedDB !== 'undefined') return createIndexedDbStorage();
    if (typeof localStorage !== 'undefined') return createLocalStorage();
    return createMemoryStorage();
  },
  defaultNetwork: () => createFetchNetwork(),
  // Page hide: the last moment a page can reliably send (visibilitychange also covers mobile
  // tab switches, where pagehide may never come).
  onHide(fn) {
    if (typeof addEventListener !== 'function' || typeof document === 'undefined') return () => {};
    const onVisibility = () => document.visibilityState === 'hidden' && fn();
    document.addEventListener('visibilitychange', onVisibility);
    addEventListener('pagehide', fn);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      removeEventListener('pagehide', fn);
    };
  },
  onOnline(fn) {
    if (typeof addEventListener !== 'function') return () => {};
    addEventListener('online', fn);
    return () => removeEventListener('online', fn);
  },
};

export function loadPromokit(options = {}) {
  const url = options.wasmPath || new URL('./promokit.wasm', import.meta.url);
  return loadWith(
    factory,
    async (imports, verify) => {
      let module = null;
      if (typeof WebAssembly.compileStreaming === 'function') {
        try {
          module = await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
        } catch (err) {
          if (!(err instanceof TypeError)) throw err; // TypeError: wrong MIME type; retry the slow way
        }
      }
      if (!module) {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        module = await WebAssembly.compile(await response.arrayBuffer());
      }
      return instantiateChecked(module, imports, verify);
    },
    options,
    platform,
  );
}
export default loadPromokit;
