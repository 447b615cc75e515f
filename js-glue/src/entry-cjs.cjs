// CommonJS entry for Node (require('promokit/cjs')).
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const factory = require('promokit-factory').default;
const { loadWith } = require('./load.js');
const { PromokitError } = require('./errors.js');

function loadPromokit(options = {}) {
  const path = options.wasmPath || join(__dirname, 'promokit.wasm');
  return loadWith(factory, async (imports) => WebAssembly.instantiate(await readFile(path), imports), options);
}
module.exports = { loadPromokit, PromokitError, default: loadPromokit };
