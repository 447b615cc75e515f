// libFuzzer target: arbitrary bytes as a catalog snapshot (read_catalog_snapshot must give a
// catalog or a promokit::Error, never read out of bounds), and as a catalog's JSON text, whose
// snapshot must read back to the catalog read_catalog_text gives.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../unit/catalog_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    promokit::read_catalog_snapshot(bytes);
  } catch (const promokit::Error&) {
  }
  promokit::Json direct = pktest::reading(bytes, true);
  if (direct.contains("error")) return 0;
  std::string snapshot = promokit::catalog_snapshot(bytes);
  if (pktest::catalog_dump(promokit::read_catalog_snapshot(snapshot)) != direct) __builtin_trap();
  return 0;
}
