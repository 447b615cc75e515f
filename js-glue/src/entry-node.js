// ESM entry for Node: reads promokit.wasm beside this file.
import { readFile } from 'node:fs/promises';
import factory from 'promokit-factory';
import { loadWith, instantiateChecked } from './load.js';
import { createMemoryStorage, createFetchNetwork } from './adapters.js';

export { PromokitError } from './errors.js';
export * from './adapters.js';
export { createFileStorage } from './storage/file.js';

const platform = { defaultStorage: () => createMemoryStorage(), defaultNetwork: () => createFetchNetwork() };

export function loadPromokit(options = {}) {
  const path = options.wasmPath || new URL('./promokit.wasm', import.meta.url);
  const compile = async () => WebAssembly.compile(await readFile(path));
  return loadWith(factory, (imports, verify) => instantiateChecked(compile(), imports, verify), options, platform);
}
export default loadPromokit;
