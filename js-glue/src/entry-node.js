// ESM entry for Node: reads promokit.wasm beside this file.
import { readFile } from 'node:fs/promises';
import factory from 'promokit-factory';
import { loadWith } from './load.js';

export { PromokitError } from './errors.js';

export function loadPromokit(options = {}) {
  const path = options.wasmPath || new URL('./promokit.wasm', import.meta.url);
  return loadWith(factory, async (imports) => WebAssembly.instantiate(await readFile(path), imports), options);
}
export default loadPromokit;
