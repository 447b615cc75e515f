#include "promokit/error.hpp"

namespace promokit {
namespace {
constexpr ErrorInfo kTable[] = {
#define X(num, name, meaning) {num, #name, meaning},
#include "promokit/error_codes.def"
#undef X
};
const ErrorInfo* find(ErrorCode code) noexcept {
  for (const auto& e : kTable)
    if (e.number == static_cast<std::uint16_t>(code)) return &e;
  return nullptr;
}
}  // namespace

std::string_view error_name(ErrorCode code) noexcept {
  if (code == ErrorCode::PK_OK) return "PK_OK";
  const ErrorInfo* e = find(code);
  return e ? e->name : std::string_view("PK_UNKNOWN");
}

std::string_view error_meaning(ErrorCode code) noexcept {
  const ErrorInfo* e = find(code);
  return e ? e->meaning : std::string_view("unknown error");
}

const ErrorInfo* error_table(std::size_t& count) noexcept {
  count = sizeof(kTable) / sizeof(kTable[0]);
  return kTable;
}

std::string Error::describe() const {
  std::string out;
  if (!path_.empty()) out += path_ + ": ";
  else if (position_.line) out += std::to_string(position_.line) + ":" + std::to_string(position_.column) + ": ";
  return out + what();
}

TextPosition position_at(std::string_view text, std::size_t offset) {
  TextPosition p;
  p.line = 1;
  p.column = 1;
  if (offset > text.size()) offset = text.size();
  p.offset = static_cast<std::uint32_t>(offset);
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') { ++p.line; p.column = 1; }
    else if ((c & 0xC0) != 0x80) ++p.column;  // count code points, not continuation bytes
  }
  return p;
}

}  // namespace promokit
