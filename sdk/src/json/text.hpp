#pragma once
// JSON text written straight into a string, byte for byte as nlohmann's dump() writes it
// (UTF-8 kept, the same escapes, the same shortest round-trip numbers). For large outputs
// (recommendation lists, an analytics report's customer rows) building a Json document only
// to dump it cost more than the work that produced the values.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "promokit/json.hpp"

namespace promokit::json_text {

inline void put_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // the first character not yet written
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char hex[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(hex, sizeof hex);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

inline void put_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

inline void put_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace promokit::json_text
