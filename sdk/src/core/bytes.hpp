#pragma once
// Hashing and comparing short strings 8 bytes a step, for the core's own hash tables (analytics'
// customer index, the engine's event ids). In wasm, byte-serial loops and memcmp (a byte at a
// time, behind a call) cost several times this.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace promokit {

// Multiply and fold (byte-serial FNV-1a was a dependent multiply per byte). The length goes into
// the last step, so "ab" + "c" and "a" + "bc" differ. Not a published hash: nothing stores it.
inline std::uint64_t mix_bytes(std::uint64_t h, std::string_view s) noexcept {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  std::uint64_t w = 0;
  if (n) std::memcpy(&w, p, n);  // (an empty view may have no data pointer)
  h = (h ^ w ^ (static_cast<std::uint64_t>(s.size()) << 56)) * kMul;
  // A product's low bits see only the factors' low bits: keys alike but for their last bytes
  // ("brand3", "brand7") shared them, and a table indexed by the low bits put them in one run.
  // The high half folded down and multiplied again reaches every bit.
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  return h ^ (h >> 32);
}

inline bool same_bytes(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (std::uint64_t x, y; i + 8 <= a.size(); i += 8) {
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace promokit
