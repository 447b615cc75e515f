#pragma once
// Unique voucher codes without a code table (DESIGN.md §7, docs/security.md).
//
// A pattern such as "PK-####-####" has one symbol from the charset at each '#'; every other
// character is literal. The last '#' holds a check symbol; the others spell a number below
// charset_size^(symbols - 1). Code number i (0, 1, 2, ...) is the image of i under a keyed
// permutation of that range (a Feistel network with cycle walking), so codes issued in
// batches [0, n), [n, m), ... never repeat and never need to be stored, yet look random and
// cannot be enumerated without the key. The check symbol (a Damm-style quasigroup check,
// offset by the key) catches every single-symbol error and every adjacent transposition.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"

namespace promokit::codes {

// No look-alikes: 0/O, 1/I/L are left out. 31 symbols.
inline constexpr std::string_view kDefaultCharset = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::string_view kDefaultPattern = "PK-####-####";
inline constexpr std::uint64_t kMaxBatch = 10'000'000;  // codes per generate() call

struct Format {
  std::string pattern{kDefaultPattern};
  std::string charset{kDefaultCharset};
  std::string key;  // campaign secret, at least 16 characters
};

// A compiled format: validates once (PK_CODE_PATTERN, PK_CODE_CHARSET, PK_CODE_KEY) and
// derives the permutation and check keys from HMAC-SHA256(key, pattern, charset).
class CodeScheme {
 public:
  explicit CodeScheme(const Format& format);

  std::uint64_t space() const noexcept { return space_; }  // how many distinct codes exist
  const std::string& pattern() const noexcept { return pattern_; }

  // Code number `index` (< space()).
  std::string code(std::uint64_t index) const;
  // Codes start .. start + count - 1; PK_CODE_SPACE_EXHAUSTED past space().
  std::vector<std::string> generate(std::uint64_t start, std::uint64_t count) const;
  // The same codes in one string, separated by `separator` (one allocation for a whole batch).
  std::string generate_joined(std::uint64_t start, std::uint64_t count, char separator) const;
  // Case-insensitive; surrounding spaces are ignored. nullopt for a code of another shape,
  // with a symbol outside the charset, or whose check symbol does not match.
  std::optional<std::uint64_t> index_of(std::string_view code) const;
  bool verify(std::string_view code) const { return index_of(code).has_value(); }

 private:
  void check_batch(std::uint64_t start, std::uint64_t count) const;
  // Out of line on purpose: V8 has no on-stack replacement for wasm, so a batch loop with
  // these inlined would run its whole length in baseline code; called, they are tiered up.
  [[gnu::noinline]] std::uint64_t permute(std::uint64_t x) const noexcept;
  [[gnu::noinline]] std::uint64_t unpermute(std::uint64_t y) const noexcept;
  std::uint64_t round_value(unsigned round, std::uint64_t half) const noexcept;
  unsigned check_step(unsigned state, unsigned symbol) const noexcept;
  unsigned check_symbol(const unsigned* symbols) const noexcept;
  void write(std::uint64_t index, char* out) const noexcept;

  std::string pattern_;                 // upper-cased
  std::vector<std::uint16_t> slots_;    // positions of '#' in pattern_
  std::string charset_;                 // upper-cased
  std::int16_t value_of_[256];          // symbol -> value, -1 outside the charset
  unsigned radix_ = 0;                  // charset size
  unsigned gf_poly_ = 0;                // radix 2^m: reduction polynomial of GF(2^m); 0 for odd radix
  std::uint64_t space_ = 0;             // radix^(slots - 1)
  std::uint64_t split_a_ = 0, split_b_ = 0;  // Feistel domain Z_a x Z_b, a * b >= space_
  std::uint64_t sip_k0_ = 0, sip_k1_ = 0;
  unsigned check_offset_ = 0;
};

// The JS-facing shapes (DESIGN.md §5).
struct GenerateOptions {
  Format format;
  std::uint64_t count = 0;
  std::uint64_t start = 0;
};
std::vector<std::string> generate(const GenerateOptions& options);

struct VerifyOptions {
  Format format;
  std::optional<std::uint64_t> issued;  // if set, only code numbers below it are accepted
};
bool verify(std::string_view code, const VerifyOptions& options);

// From the JS / HTTP shapes { pattern?, charset?, key, count?, start?, issued? }: the format
// fields, then the rest; PK_INVALID_ARGUMENT with the field's path for a wrong type.
Format format_from_json(const Json& j);
GenerateOptions generate_options_from_json(const Json& j);
VerifyOptions verify_options_from_json(const Json& j);

}  // namespace promokit::codes
