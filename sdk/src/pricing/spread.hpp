#pragma once
// Largest-remainder apportioning over units: the arithmetic behind rule 4 (DESIGN.md §4).
#include <cstdint>
#include <vector>

#include "promokit/pricing.hpp"

namespace promokit::pricing {

// What each unit of one group of identical units receives: `base`, and one more for the
// first `extra` of them.
struct UnitShare {
  Money base = 0;
  std::int64_t extra = 0;
};

// Shares `amount` over groups of counts[j] units weighing weights[j] each (amount <= the sum
// of count * weight): floor shares first, then one more unit of money to each unit with the
// largest remainder, ties to the lower group index. No unit receives more than its weight.
std::vector<UnitShare> spread_units(Money amount, const std::vector<std::int64_t>& counts, const std::vector<Money>& weights);

}  // namespace promokit::pricing
