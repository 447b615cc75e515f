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
  std::vector<pricing::UnitShare> shares = pricing::spread_units(amount, std::vector<std::int64_t>(weights.size(), 1), weights);
  std::vector<Money> out(weights.size());
  for (std::size_t j = 0; j < out.size(); ++j) out[j] = shares[j].base + shares[j].extra;
  return out;
}

namespace pricing {

std::vector<UnitShare> spread_units(Money amount, const std::vector<std::int64_t>& counts, const std::vector<Money>& weights) {
  const std::size_t n = counts.size();
  std::vector<UnitShare> out(n);
  __int128 total = 0;
  for (std::size_t j = 0; j < n; ++j) total += static_cast<__int128>(counts[j]) * weights[j];
  if (total == 0 || amount == 0) return out;
  std::vector<Money> rem(n);
  __int128 left = amount;
  for (std::size_t j = 0; j < n; ++j) {
    __int128 x = static_cast<__int128>(amount) * weights[j];
    out[j].base = static_cast<Money>(x / total);
    rem[j] = static_cast<Money>(x % total);
    left -= static_cast<__int128>(out[j].base) * counts[j];
  }
  if (left == 0) return out;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
  for (std::size_t j : order) {
    if (left == 0) break;
    std::int64_t e = static_cast<std::int64_t>(std::min<__int128>(left, counts[j]));
    out[j].extra = e;
    left -= e;
  }
  return out;
}

}  // namespace pricing
}  // namespace promokit
