// CommonJS entry for WeChat Mini Programs: no WebAssembly global, no fetch, no eval.
// WXWebAssembly.instantiate takes only a path to a file inside the code package (.wasm, or
// .wasm.br from base library 2.14.0); "build npm" puts this package at miniprogram_npm/promokit/.
const factory = require('promokit-factory').default;
const { loadWith } = require('./load.js');
const { PromokitError } = require('./errors.js');
const adapters = require('./adapters.js');

const DEFAULT_WASM_PATH = '/miniprogram_npm/promokit/promokit.wasm.br';

const platform = {
  defaultStorage: () => adapters.createWxStorage(),
  defaultNetwork: () => adapters.createWxNetwork(),
  // wx.onAppHide: the mini program goes to the background (it may be killed there).
  onHide(fn) {
    if (typeof wx === 'undefined' || typeof wx.onAppHide !== 'function') return () => {};
    wx.onAppHide(fn);
    return () => typeof wx.offAppHide === 'function' && wx.offAppHide(fn);
  },
  onOnline(fn) {
    if (typeof wx === 'undefined' || typeof wx.onNetworkStatusChange !== 'function') return () => {};
    const listener = (res) => res && res.isConnected && fn();
    wx.onNetworkStatusChange(listener);
    return () => typeof wx.offNetworkStatusChange === 'function' && wx.offNetworkStatusChange(listener);
  },
};

function loadPromokit(options = {}) {
  const path = options.wasmPath || DEFAULT_WASM_PATH;
  return loadWith(
    factory,
    (imports) => {
      if (typeof WXWebAssembly === 'undefined') throw new Error('WXWebAssembly is not available (base library 2.13.0+ needed)');
      return WXWebAssembly.instantiate(path, imports); // resolves to the instance or { instance }
    },
    options,
    platform,
  );
}
module.exports = { loadPromokit, PromokitError, DEFAULT_WASM_PATH, ...adapters, default: loadPromokit };
