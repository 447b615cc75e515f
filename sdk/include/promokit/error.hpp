#pragma once
// One error type for the whole core: a stable numeric code, a message, and where known the
// JSON path (offers[3].reward.percent) or text position (line, column, token) of the fault.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace promokit {

enum class ErrorCode : std::uint16_t {
  PK_OK = 0,
#define X(num, name, meaning) name = num,
#include "promokit/error_codes.def"
#undef X
};

// "PK_SCHEMA_TYPE" for ErrorCode::PK_SCHEMA_TYPE; "PK_UNKNOWN" for a number not in the table.
std::string_view error_name(ErrorCode code) noexcept;
std::string_view error_meaning(ErrorCode code) noexcept;
// Every code in the table, in order (for docs checks and the JS layer).
struct ErrorInfo { std::uint16_t number; std::string_view name; std::string_view meaning; };
const ErrorInfo* error_table(std::size_t& count) noexcept;

// A place in source text: 1-based line and column, byte offset, and the offending token.
struct TextPosition {
  std::uint32_t line = 0, column = 0, offset = 0;  // line == 0: unknown
  std::string token;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::string path = {}, TextPosition position = {})
      : std::runtime_error(message), code_(code), path_(std::move(path)), position_(std::move(position)) {}
  ErrorCode code() const noexcept { return code_; }
  std::string_view name() const noexcept { return error_name(code_); }
  const std::string& path() const noexcept { return path_; }
  const TextPosition& position() const noexcept { return position_; }
  // "offers[3].reward.percent: must be 0 < p <= 100" — the path first when there is one.
  std::string describe() const;

 private:
  ErrorCode code_;
  std::string path_;
  TextPosition position_;
};

// Line and column (1-based, columns counted in UTF-8 code points) of a byte offset in text.
TextPosition position_at(std::string_view text, std::size_t offset);

}  // namespace promokit
