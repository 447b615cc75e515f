// Hex, base32 and base64url (RFC 4648, no padding), and a constant-time compare.
#include <array>

#include "promokit/crypto.hpp"

namespace promokit::crypto {
namespace {

// Packs bytes into Bits-bit symbols, most significant bit first.
template <unsigned Bits>
std::string encode_bits(std::string_view bytes, const char* alphabet) {
  std::string out;
  out.reserve((bytes.size() * 8 + Bits - 1) / Bits);
  std::uint32_t acc = 0;
  unsigned have = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    have += 8;
    while (have >= Bits) {
      have -= Bits;
      out.push_back(alphabet[(acc >> have) & ((1u << Bits) - 1)]);
    }
  }
  if (have) out.push_back(alphabet[(acc << (Bits - have)) & ((1u << Bits) - 1)]);
  return out;
}

// The inverse; value(c) gives a symbol's value or -1. Leftover bits must be zero and fewer
// than a byte, so each byte string has exactly one encoding.
template <unsigned Bits, class Value>
std::optional<std::string> decode_bits(std::string_view text, Value value) {
  std::string out;
  out.reserve(text.size() * Bits / 8);
  std::uint32_t acc = 0;
  unsigned have = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << Bits) | static_cast<std::uint32_t>(v);
    have += Bits;
    if (have >= 8) {
      have -= 8;
      out.push_back(static_cast<char>((acc >> have) & 0xff));
    }
  }
  if (have >= Bits || (acc & ((1u << have) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// Hex is on every draw's path: written in place rather than a character at a time (libc++'s
// push_back is an out-of-line call in the wasm build).
std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  char* p = out.data();  // even operator[] is an out-of-line call there
  for (unsigned char c : bytes) {
    *p++ = kDigits[c >> 4];
    *p++ = kDigits[c & 15];
  }
  return out;
}

// A table rather than range tests, and raw pointers: in the wasm build even string_view's
// operator[] stays an out-of-line call, and a draw decodes a 64-digit seed.
bool hex_decode_to(std::string_view text, char* out) noexcept {
  static constexpr auto kValue = [] {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) v = -1;
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<std::int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<std::int8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<std::int8_t>(c - 'A' + 10);
    return t;
  }();
  const std::size_t n = text.size();
  if (n % 2) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < n; i += 2) {
    int hi = kValue[p[i]], lo = kValue[p[i + 1]];
    if ((hi | lo) < 0) return false;
    *out++ = static_cast<char>(hi << 4 | lo);
  }
  return true;
}

std::optional<std::string> hex_decode(std::string_view text) {
  std::string out(text.size() / 2, '\0');
  if (!hex_decode_to(text, out.data())) return std::nullopt;  // data(): even operator[] is a call in wasm
  return out;
}

std::string base32_encode(std::string_view bytes) { return encode_bits<5>(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"); }

std::optional<std::string> base32_decode(std::string_view text) {
  return decode_bits<5>(text, [](char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
  });
}

std::string base64url_encode(std::string_view bytes) {
  return encode_bits<6>(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

std::optional<std::string> base64url_decode(std::string_view text) {
  return decode_bits<6>(text, [](char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  });
}

}  // namespace promokit::crypto
