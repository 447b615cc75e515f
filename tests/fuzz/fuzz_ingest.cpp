// libFuzzer target: arbitrary bytes into JSON ingest and every document reader. Nothing may
// crash, leak or hit UB; every failure must be a promokit::Error with a known code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "promokit/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the document kind; the rest is the text.
  auto kind = static_cast<promokit::DocKind>(data[0] % 6);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  promokit::ValidateOptions options;
  options.all = (data[0] & 0x80) != 0;
  options.limits.max_depth = 64;
  auto report = promokit::validate_text(kind, text, options);
  for (const auto& e : report.errors)
    if (promokit::error_name(e.code) == "PK_UNKNOWN") __builtin_trap();
  return 0;
}
