// SipHash-2-4: two compression rounds per 8-byte word, four finalization rounds.
#include "promokit/crypto.hpp"

namespace promokit::crypto {
namespace {

struct SipState {
  std::uint64_t v0, v1, v2, v3;

  [[gnu::always_inline]] explicit SipState(const SipKey& k) noexcept
      : v0(k.k0 ^ 0x736f6d6570736575ull), v1(k.k1 ^ 0x646f72616e646f6dull),
        v2(k.k0 ^ 0x6c7967656e657261ull), v3(k.k1 ^ 0x7465646279746573ull) {}

  [[gnu::always_inline]] static constexpr std::uint64_t rotl(std::uint64_t x, unsigned b) noexcept { return (x << b) | (x >> (64 - b)); }

  [[gnu::always_inline]] void round() noexcept {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  }

  [[gnu::always_inline]] void word(std::uint64_t m) noexcept {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }

  [[gnu::always_inline]] std::uint64_t finish() noexcept {
    v2 ^= 0xff;
    round(); round(); round(); round();
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

}  // namespace

std::uint64_t siphash24(const SipKey& key, std::string_view data) noexcept {
  SipState s(key);
  auto p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t n = data.size(), whole = n & ~std::size_t(7);
  auto load_le = [&](std::size_t at, std::size_t count) {
    std::uint64_t m = 0;
    for (std::size_t i = 0; i < count; ++i) m |= std::uint64_t(p[at + i]) << (8 * i);
    return m;
  };
  for (std::size_t i = 0; i < whole; i += 8) s.word(load_le(i, 8));
  s.word(load_le(whole, n - whole) | (std::uint64_t(n & 0xff) << 56));
  return s.finish();
}

std::uint64_t siphash24_u64(const SipKey& key, std::uint64_t word) noexcept {
  SipState s(key);
  s.word(word);
  s.word(std::uint64_t(8) << 56);  // the length block of an 8-byte message
  return s.finish();
}

}  // namespace promokit::crypto
