#pragma once
// The module's scratch buffer for calls that cross as raw bytes instead of Embind strings
// (js-glue/src/api.js packAscii/unpackAscii; docs/architecture.md "Crossing the boundary").
// One buffer for the module: wasm runs one call at a time.
#include <cstddef>
#include <string>
#include <string_view>

#include "promokit/json.hpp"

namespace promokit::bindings {

std::string& io_bytes();
int io_buffer(int size);  // makes the buffer at least size bytes; its address (0 on failure)

// The `count` strings packAscii wrote (views into the buffer); false when they overrun it.
bool io_strings(std::string_view* out, std::size_t count);

// The catalog of `catalog` (its JSON text, model.weights.data "") with the weights' text put
// back from the buffer, where packCatalog (js-glue/src/io.js) wrote it: `chunks` strings, or one
// string for -1 — the document the JSON path parses. The buffer is released (megabytes).
Json catalog_with_io_weights(const std::string& catalog, int chunks);

}  // namespace promokit::bindings
