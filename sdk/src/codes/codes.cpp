// Voucher codes: keyed Feistel permutation of the code numbers + a quasigroup check symbol.
// docs/security.md states the construction and why it catches the errors it claims to.
#include "promokit/codes.hpp"

#include <cmath>
#include <cstring>

#include "promokit/crypto.hpp"
#include "promokit/error.hpp"

namespace promokit::codes {
namespace {

constexpr unsigned kFeistelRounds = 8;
constexpr std::uint64_t kMaxSpace = std::uint64_t(1) << 62;

// Irreducible polynomials of GF(2^m), m = 2..6, including the x^m term.
constexpr unsigned kGfPoly[7] = {0, 0, 0x7, 0xb, 0x13, 0x25, 0x43};

bool printable(char c) { return c > 0x20 && c < 0x7f; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t w = 0;
  for (int i = 7; i >= 0; --i) w = (w << 8) | p[i];
  return w;
}

// (x + y) mod m for x < m, y <= m: one compare instead of a second 64-bit division.
inline std::uint64_t add_mod(std::uint64_t x, std::uint64_t y, std::uint64_t m) {
  std::uint64_t t = x + y;
  return t >= m ? t - m : t;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

CodeScheme::CodeScheme(const Format& format) : pattern_(upper(format.pattern)), charset_(upper(format.charset)) {
  if (format.key.size() < 16)
    throw Error(ErrorCode::PK_CODE_KEY, "the code key must have at least 16 characters (a campaign secret)", "key");
  if (pattern_.size() > 64) throw Error(ErrorCode::PK_CODE_PATTERN, "a code pattern has at most 64 characters", "pattern");
  for (std::size_t i = 0; i < pattern_.size(); ++i) {
    if (!printable(pattern_[i]))
      throw Error(ErrorCode::PK_CODE_PATTERN, "a code pattern holds printable ASCII without spaces", "pattern");
    if (pattern_[i] == '#') slots_.push_back(static_cast<std::uint16_t>(i));
  }
  if (slots_.size() < 2)
    throw Error(ErrorCode::PK_CODE_PATTERN,
                "a code pattern needs at least two '#' positions (the last one holds the check symbol)", "pattern");

  radix_ = static_cast<unsigned>(charset_.size());
  bool power_of_two = radix_ >= 4 && radix_ <= 64 && (radix_ & (radix_ - 1)) == 0;
  if (!(power_of_two || (radix_ >= 3 && radix_ <= 63 && radix_ % 2 == 1)))
    throw Error(ErrorCode::PK_CODE_CHARSET,
                "a charset needs an odd number of symbols (3 to 63) or 4, 8, 16, 32 or 64 symbols; got " +
                    std::to_string(radix_),
                "charset");
  if (power_of_two) gf_poly_ = kGfPoly[__builtin_ctz(radix_)];
  for (auto& v : value_of_) v = -1;
  for (unsigned i = 0; i < radix_; ++i) {
    unsigned char c = static_cast<unsigned char>(charset_[i]);
    if (!printable(static_cast<char>(c)) || c == '#')
      throw Error(ErrorCode::PK_CODE_CHARSET, "charset symbols are printable ASCII other than '#' and space", "charset");
    if (value_of_[c] >= 0)
      throw Error(ErrorCode::PK_CODE_CHARSET,
                  std::string("the charset has '") + static_cast<char>(c) + "' twice (codes are case-insensitive)",
                  "charset");
    value_of_[c] = static_cast<std::int16_t>(i);
    if (c >= 'A' && c <= 'Z') value_of_[c - 'A' + 'a'] = static_cast<std::int16_t>(i);
  }

  space_ = 1;
  for (std::size_t i = 1; i < slots_.size(); ++i) {
    if (space_ > kMaxSpace / radix_)
      throw Error(ErrorCode::PK_CODE_PATTERN, "the pattern holds more than 2^62 codes; use fewer '#' positions",
                  "pattern");
    space_ *= radix_;
  }
  split_a_ = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(space_)));
  while (split_a_ * split_a_ < space_) ++split_a_;
  while (split_a_ > 1 && (split_a_ - 1) * (split_a_ - 1) >= space_) --split_a_;
  split_b_ = (space_ + split_a_ - 1) / split_a_;

  std::string context = "promokit/codes/v1";
  context.push_back('\0');
  context += pattern_;
  context.push_back('\0');
  context += charset_;
  crypto::Digest256 material = crypto::hmac_sha256(format.key, context);
  sip_k0_ = load_le64(material.data());
  sip_k1_ = load_le64(material.data() + 8);
  check_offset_ = static_cast<unsigned>(load_le64(material.data() + 16) % radix_);
}

std::uint64_t CodeScheme::round_value(unsigned round, std::uint64_t half) const noexcept {
  return crypto::siphash24_u64({sip_k0_, sip_k1_}, (std::uint64_t(round) << 56) | half);
}

// One pass of the alternating Feistel network over Z_a x Z_b (x = l + a * r); each round adds
// a keyed function of one half to the other, so every round, and the whole, is a bijection.
// Cycle walking maps [0, a*b) back into [0, space_): repeat until the value is in range.
std::uint64_t CodeScheme::permute(std::uint64_t x) const noexcept {
  const std::uint64_t a = split_a_, b = split_b_;
  do {
    std::uint64_t l = x % a, r = x / a;
    for (unsigned i = 0; i < kFeistelRounds; ++i) {
      if (i % 2 == 0) l = add_mod(l, round_value(i, r) % a, a);
      else r = add_mod(r, round_value(i, l) % b, b);
    }
    x = l + a * r;
  } while (x >= space_);
  return x;
}

std::uint64_t CodeScheme::unpermute(std::uint64_t y) const noexcept {
  const std::uint64_t a = split_a_, b = split_b_;
  do {
    std::uint64_t l = y % a, r = y / a;
    for (unsigned i = kFeistelRounds; i-- > 0;) {
      if (i % 2 == 0) l = add_mod(l, a - round_value(i, r) % a, a);
      else r = add_mod(r, b - round_value(i, l) % b, b);
    }
    y = l + a * r;
  } while (y >= space_);
  return y;
}

// The quasigroup x * v = 2x + v (mod n) for odd n, or x * v = x·t + v in GF(2^m) for n = 2^m.
// Both make the check catch every single change (v -> v') and every adjacent swap (v w -> w v):
// see docs/security.md.
unsigned CodeScheme::check_step(unsigned state, unsigned symbol) const noexcept {
  if (gf_poly_ == 0) return (2 * state + symbol) % radix_;
  unsigned doubled = state << 1;
  if (doubled & radix_) doubled ^= gf_poly_;
  return doubled ^ symbol;
}

// The symbol c that brings the running state to 0: state * c == 0.
unsigned CodeScheme::check_symbol(const unsigned* symbols) const noexcept {
  unsigned state = check_offset_;
  for (std::size_t i = 0; i + 1 < slots_.size(); ++i) state = check_step(state, symbols[i]);
  const unsigned t = check_step(state, 0);  // state * c == t + c (odd n) or t ^ c (GF(2^m))
  return gf_poly_ ? t : (radix_ - t) % radix_;
}

void CodeScheme::write(std::uint64_t index, char* out) const noexcept {
  unsigned symbols[64];
  std::uint64_t y = permute(index);
  const std::size_t payload = slots_.size() - 1;
  for (std::size_t i = payload; i-- > 0; y /= radix_) symbols[i] = static_cast<unsigned>(y % radix_);
  symbols[payload] = check_symbol(symbols);
  std::memcpy(out, pattern_.data(), pattern_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) out[slots_[i]] = charset_[symbols[i]];
}

std::string CodeScheme::code(std::uint64_t index) const {
  if (index >= space_)
    throw Error(ErrorCode::PK_CODE_SPACE_EXHAUSTED,
                "code number " + std::to_string(index) + " is past the " + std::to_string(space_) + " codes of " + pattern_);
  std::string out(pattern_.size(), '\0');
  write(index, out.data());
  return out;
}

void CodeScheme::check_batch(std::uint64_t start, std::uint64_t count) const {
  if (count > kMaxBatch)
    throw Error(ErrorCode::PK_INVALID_ARGUMENT,
                "at most " + std::to_string(kMaxBatch) + " codes per call; generate larger sets in batches", "count");
  if (start > space_ || count > space_ - start)
    throw Error(ErrorCode::PK_CODE_SPACE_EXHAUSTED,
                "asked for codes " + std::to_string(start) + " to " + std::to_string(start + count) + " (exclusive) but " +
                    pattern_ + " over " + std::to_string(radix_) + " symbols holds only " + std::to_string(space_) +
                    " distinct codes",
                "count");
}

std::vector<std::string> CodeScheme::generate(std::uint64_t start, std::uint64_t count) const {
  check_batch(start, count);
  std::vector<std::string> out(count, std::string(pattern_.size(), '\0'));
  for (std::uint64_t i = 0; i < count; ++i) write(start + i, out[i].data());
  return out;
}

std::string CodeScheme::generate_joined(std::uint64_t start, std::uint64_t count, char separator) const {
  check_batch(start, count);
  const std::size_t width = pattern_.size() + 1;
  std::string out(count * width, separator);
  for (std::uint64_t i = 0; i < count; ++i) write(start + i, out.data() + i * width);
  if (!out.empty()) out.pop_back();
  return out;
}

std::optional<std::uint64_t> CodeScheme::index_of(std::string_view code) const {
  code = trim(code);
  if (code.size() != pattern_.size()) return std::nullopt;
  unsigned state = check_offset_;
  std::uint64_t y = 0;
  std::size_t slot = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (slot < slots_.size() && slots_[slot] == i) {
      int v = value_of_[static_cast<unsigned char>(code[i])];
      if (v < 0) return std::nullopt;
      state = check_step(state, static_cast<unsigned>(v));
      if (++slot < slots_.size()) y = y * radix_ + static_cast<unsigned>(v);
    } else if (upper(code[i]) != pattern_[i]) {
      return std::nullopt;
    }
  }
  if (state != 0) return std::nullopt;
  return unpermute(y);
}

std::vector<std::string> generate(const GenerateOptions& options) {
  return CodeScheme(options.format).generate(options.start, options.count);
}

bool verify(std::string_view code, const VerifyOptions& options) {
  auto index = CodeScheme(options.format).index_of(code);
  return index && (!options.issued || *index < *options.issued);
}

namespace {

std::string string_field(const Json& j, const char* key, std::string_view fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string(fallback);
  if (!it->is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be a string", key);
  return it->get<std::string>();
}

std::optional<std::uint64_t> count_field(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || it->get<double>() < 0 || std::floor(it->get<double>()) != it->get<double>() ||
      it->get<double>() > 9007199254740991.0)
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be a non-negative integer", key);
  return it->is_number_unsigned() ? it->get<std::uint64_t>() : static_cast<std::uint64_t>(it->get<double>());
}

}  // namespace

Format format_from_json(const Json& j) {
  if (!j.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "code options must be an object");
  return {string_field(j, "pattern", kDefaultPattern), string_field(j, "charset", kDefaultCharset), string_field(j, "key", "")};
}

GenerateOptions generate_options_from_json(const Json& j) {
  GenerateOptions o{format_from_json(j)};
  o.count = count_field(j, "count").value_or(1);
  o.start = count_field(j, "start").value_or(0);
  return o;
}

VerifyOptions verify_options_from_json(const Json& j) { return {format_from_json(j), count_field(j, "issued")}; }

}  // namespace promokit::codes
