// libFuzzer target: arbitrary bytes as a catalog's JSON text, read both ways — read_catalog_text
// (off a tape, createEngine's path) and read_catalog(parse_json(text)) (off a Json document).
// Both must give the same catalog, or the same error (code, message, path, text position).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../unit/catalog_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!pktest::catalog_readings_differ(text).empty()) __builtin_trap();
  return 0;
}
