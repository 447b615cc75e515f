// ESM entry for browsers: fetch + instantiateStreaming, falling back to instantiate when the
// server sends the wrong MIME type.
import factory from 'promokit-factory';
import { loadWith } from './load.js';

export { PromokitError } from './errors.js';

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
  );
}
export default loadPromokit;
