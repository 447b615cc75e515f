// CommonJS entry for Node (require('promokit/cjs')).
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const factory = require('promokit-factory').default;
const { loadWith } = require('./load.js');
const { PromokitError } = require('./errors.js');
const adapters = require('./adapters.js');
const { createFileStorage } = require('./storage/file.js');

const platform = { defaultStorage: () => adapters.createMemoryStorage(), defaultNetwork: () => adapters.createFetchNetwork() };

function loadPromokit(options = {}) {
  const path = options.wasmPath || join(__dirname, 'promokit.wasm');
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
module.exports = { loadPromokit, PromokitError, ...adapters, createFileStorage, default: loadPromokit };
