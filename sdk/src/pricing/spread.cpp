// Rounding and largest-remainder apportioning, in 128-bit intermediates: amounts reach 10^15
// and percentages are basis points, so products reach 10^19 and beyond.
#include "spread.hpp"

#include <algorithm>
#include <numeric>

namespace promokit {

Money round_div(__int128 n, __int128 d, Rounding mode) noexcept {
  __int128 q = n / d, r = n % d;
  if (2 * r > d || (2 * r == d && (mode == Rounding::HalfUp || q % 2 == 1))) ++q;
  return static_cast<Money>(q);
}

std::vector<Money> spread_largest_remainder(Money amount, const std::vector<Money>& weights) {
  const std::size_t n = weights.size();
  std::vector<std::int64_t> ones(n, 1), extra(n);
  std::vector<Money> out(n);
  pricing::SpreadBuffers buffers;
  pricing::spread_units(amount, ones.data(), weights.data(), n, out.data(), extra.data(), buffers);
  for (std::size_t j = 0; j < n; ++j) out[j] += extra[j];
  return out;
}

namespace pricing {

void spread_units(Money amount, const std::int64_t* counts, const Money* weights, std::size_t n, Money* base,
                  std::int64_t* extra, SpreadBuffers& buf) {
  __int128 total = 0;
  for (std::size_t j = 0; j < n; ++j) {
    total += static_cast<__int128>(counts[j]) * weights[j];
    base[j] = 0;
    extra[j] = 0;
  }
  if (total == 0 || amount == 0) return;
  buf.rem.resize(n);
  __int128 left = amount;
  for (std::size_t j = 0; j < n; ++j) {
    __int128 x = static_cast<__int128>(amount) * weights[j];
    base[j] = static_cast<Money>(x / total);
    buf.rem[j] = static_cast<Money>(x % total);
    left -= static_cast<__int128>(base[j]) * counts[j];
  }
  if (left == 0) return;
  buf.order.resize(n);
  std::iota(buf.order.begin(), buf.order.end(), std::size_t{0});
  std::sort(buf.order.begin(), buf.order.end(), [&](std::size_t a, std::size_t b) {
    return buf.rem[a] != buf.rem[b] ? buf.rem[a] > buf.rem[b] : a < b;
  });
  for (std::size_t j : buf.order) {
    if (left == 0) break;
    extra[j] = static_cast<std::int64_t>(std::min<__int128>(left, counts[j]));
    left -= extra[j];
  }
}

}  // namespace pricing
}  // namespace promokit
