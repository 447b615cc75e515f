#pragma once
// The module's scratch buffer for calls that cross as raw bytes instead of Embind strings
// (js-glue/src/api.js packAscii/unpackAscii; docs/architecture.md "Crossing the boundary").
// One buffer for the module: wasm runs one call at a time.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "promokit/json.hpp"
#include "promokit/model.hpp"

namespace promokit::bindings {

std::string& io_bytes();
int io_buffer(int size);  // makes the buffer at least size bytes; its address (0 on failure)

// The first `size` bytes of the buffer (io.js packSlices wrote them); throws when it is shorter.
std::string_view io_prefix(int size);
// Puts `text` in the buffer after its byte length (uint32, little-endian) and returns the
// buffer's address: a large result JS decodes in one TextDecoder call (io.js unpackText), where
// an Embind string return scans and decodes it in JS loops. JS releases it (_ioRelease).
int io_result(std::string_view text);
void io_release();
// Frees the buffer at the end of the scope (it held megabytes); the JS side forgets it.
struct IoRelease {
  IoRelease() = default;
  IoRelease(const IoRelease&) = delete;
  IoRelease& operator=(const IoRelease&) = delete;
  ~IoRelease() { io_release(); }
};

// The `count` strings packAscii wrote (views into the buffer); false when they overrun it.
bool io_strings(std::string_view* out, std::size_t count);

// The event whose nine strings packAscii wrote (id, type, customerId, offerId, sku, category,
// brand, store, format; js-glue/src/io.js packEvent) with `time` and `amount`, or nothing when
// they overrun the buffer or the core's read_event might refuse them: the JS layer then takes
// the JSON path, which reports the fault.
std::optional<Event> io_event(double time, double amount);

// The handle raw exports (pk_*) take: the bound object's address, which JS asks for once
// (handle()) after checking the object is not disposed.
template <class T>
std::uint32_t handle_of(const T& object) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&object));
}
template <class T>
T& from_handle(std::uint32_t handle) {
  return *reinterpret_cast<T*>(static_cast<std::uintptr_t>(handle));
}

// The catalog of `catalog` (its JSON text, model.weights.data "") with the weights' text put
// back from the buffer, where packCatalog (js-glue/src/io.js) wrote it: `chunks` strings, or one
// string for -1 — the document the JSON path parses. For kCatalogInBuffer the whole JSON text is
// the buffer's one string (packDocument) and `catalog` is empty; it is read without a Json
// document (read_catalog_text). The buffer is released.
// For kSnapshotInBuffer the buffer's one string is a catalog snapshot (catalog_snapshot;
// io.js packBytes).
inline constexpr int kCatalogInBuffer = -2;
inline constexpr int kSnapshotInBuffer = -3;
Catalog read_catalog_from_io(const std::string& catalog, int chunks);

}  // namespace promokit::bindings
