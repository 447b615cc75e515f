#pragma once
// The module's scratch buffer for calls that cross as raw bytes instead of Embind strings
// (js-glue/src/api.js packAscii/unpackAscii; docs/architecture.md "Crossing the boundary").
// One buffer for the module: wasm runs one call at a time.
#include <string>

namespace promokit::bindings {

std::string& io_bytes();
int io_buffer(int size);  // makes the buffer at least size bytes; its address (0 on failure)

}  // namespace promokit::bindings
