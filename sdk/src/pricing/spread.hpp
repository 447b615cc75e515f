#pragma once
// Largest-remainder apportioning over units: the arithmetic behind rule 4 (DESIGN.md §4).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "promokit/pricing.hpp"

namespace promokit::pricing {

struct SpreadBuffers {
  std::vector<Money> rem;
  std::vector<std::size_t> order;
};

// Shares `amount` over n groups of counts[j] units weighing weights[j] each (amount <= the
// sum of count * weight): each unit of group j gets base[j], and the first extra[j] of them
// one more (the units with the largest remainders; ties to the lower group index). No unit
// receives more than its weight.
void spread_units(Money amount, const std::int64_t* counts, const Money* weights, std::size_t n, Money* base,
                  std::int64_t* extra, SpreadBuffers& buffers);

}  // namespace promokit::pricing
