// Pre-js for the wasm doctest runner: Emscripten 3.1.6 on Node 18+ would fetch() the .wasm by
// path, so hand it the instance ourselves.
Module['instantiateWasm'] = function (imports, receive) {
  var bytes = require('fs').readFileSync(require('path').join(__dirname, 'promokit_tests.wasm'));
  WebAssembly.instantiate(bytes, imports).then(function (result) {
    receive(result.instance, result.module);
  });
  return {};
};
