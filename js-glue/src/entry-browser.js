// ESM entry for browsers: fetch + instantiateStreaming, falling back to instantiate when the
// server sends the wrong MIME type.
import factory from 'promokit-factory';
import { loadWith } from './load.js';
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
    async (imports) => {
      if (typeof WebAssembly.instantiateStreaming === 'function') {
        try {
          return await WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports);
        } catch (err) {
          if (!(err instanceof TypeError)) throw err; // TypeError: wrong MIME type; retry the slow way
        }
      }
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return WebAssembly.instantiate(await response.arrayBuffer(), imports);
    },
    options,
    platform,
  );
}
export default loadPromokit;
