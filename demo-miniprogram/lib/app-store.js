// The one store of the running app, for pages: app.js sets it once the SDK is loaded; pages
// wait for it (a page can open before the wasm is instantiated).
let current = null;
let failure = null;
let waiting = [];

function setStore(store) {
  current = store;
  failure = null;
  for (const w of waiting) w.resolve(store);
  waiting = [];
}

// The SDK could not load (no WXWebAssembly, a broken package): pages show the error.
function setFailure(err) {
  failure = err;
  for (const w of waiting) w.reject(err);
  waiting = [];
}

function whenReady() {
  if (current) return Promise.resolve(current);
  if (failure) return Promise.reject(failure);
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function reset() {
  current = null;
  failure = null;
  waiting = [];
}

module.exports = { setStore, setFailure, whenReady, reset, get: () => current };
