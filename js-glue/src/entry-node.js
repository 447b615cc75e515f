// ESM entry for Node: reads promokit.wasm beside this file.
import { readFile } from 'node:fs/promises';
import factory from 'promokit-factory';
import { loadWith } from './load.js';
import { createMemoryStorage, createFetchNetwork } from './adapters.js';

export { PromokitError } from './errors.js';
export * from './adapters.js';
export { createFileStorage } from './storage/file.js';

const platform = { defaultStorage: () => createMemoryStorage(), defaultNetwork: () => createFetchNetwork() };

export function loadPromokit(options = {}) {
  const path = options.wasmPath || new URL('./promokit.wasm', import.meta.url);
  return loadWith(
    factory,
    async (imports, verify) => {
      const module = await WebAssembly.compile(await readFile(path));
      verify(module);
      return { instance: await WebAssembly.instantiate(module, imports), module };
    },
    options,
    platform,
  );
}
export default loadPromokit;
