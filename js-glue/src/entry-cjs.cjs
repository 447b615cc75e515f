// CommonJS entry for Node (require('promokit/cjs')).
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const factory = require('promokit-factory').default;
const { loadWith, instantiateChecked } = require('./load.js');
const { PromokitError } = require('./errors.js');
const adapters = require('./adapters.js');
const { createFileStorage } = require('./storage/file.js');

const platform = { defaultStorage: () => adapters.createMemoryStorage(), defaultNetwork: () => adapters.createFetchNetwork() };

function loadPromokit(options = {}) {
  const path = options.wasmPath || join(__dirname, 'promokit.wasm');
  const compile = async () => WebAssembly.compile(await readFile(path));
  return loadWith(factory, (imports, verify) => instantiateChecked(compile(), imports, verify), options, platform);
}
module.exports = { loadPromokit, PromokitError, ...adapters, createFileStorage, default: loadPromokit };
