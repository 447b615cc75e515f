// Counter-mode SHA-256 generator (construction in docs/security.md).
#include "promokit/crypto.hpp"

namespace promokit::crypto {

CounterRng::CounterRng(std::string_view seed) { prefix_.update(seed); }

std::uint64_t CounterRng::next_u64() noexcept {
  if (word_ == 4) {
    std::uint8_t ctr[8];
    for (int i = 0; i < 8; ++i) ctr[i] = static_cast<std::uint8_t>(counter_ >> (56 - 8 * i));
    Sha256 h = prefix_;  // copy: the seed is absorbed once
    block_ = h.update(std::string_view(reinterpret_cast<const char*>(ctr), 8)).finish();
    ++counter_;
    word_ = 0;
  }
  std::uint64_t w = 0;
  for (int i = 0; i < 8; ++i) w = (w << 8) | block_[word_ * 8 + i];
  ++word_;
  return w;
}

std::uint64_t CounterRng::uniform(std::uint64_t n) noexcept {
  // Accept only words below the largest multiple of n that fits in 2^64; the rest would
  // favour small results. At most half the words are rejected, on average far fewer.
  if (n == 0) return 0;
  const std::uint64_t reject_from = (0 - n) % n;  // (2^64 - n) mod n == 2^64 mod n
  for (;;) {
    std::uint64_t w = next_u64();
    if (w >= reject_from) return w % n;
  }
}

double CounterRng::uniform01() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

}  // namespace promokit::crypto
