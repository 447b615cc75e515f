#pragma once
// Choosing the combination of offers (rule 3 of DESIGN.md §4): the subset with the lowest
// total, an exclusive offer only ever alone. docs/pricing.md describes the strategy.
#include <cstdint>
#include <vector>

#include "cart_state.hpp"

namespace promokit::pricing {

struct Outcome {
  Money total = 0;
  std::int64_t points = 0, gift_units = 0;
};

// True when a is better for the shopper: lower total, then more points, then more gifts.
bool better(const Outcome& a, const Outcome& b) noexcept;

struct Plan {
  std::vector<std::uint32_t> slots;  // chosen offers, in application (= prepared) order
  Outcome outcome;
  bool exact = true;
};

// Points the chosen points offers add on the final state, and which of them count: one per
// points group (the one adding most). `points_slots` is reduced to the counted ones.
std::int64_t points_of(const std::vector<Prepared>& prepared, const State& final_state, std::vector<std::uint32_t>& points_slots,
                       const PricingOptions& options, std::vector<std::int64_t>* per_slot = nullptr);

// Applies `slots` (application order) to `start`, one after the other.
State run_all(const std::vector<Prepared>& prepared, const Context& ctx, const std::vector<std::uint32_t>& slots, State start);

// `prepared` is in application order (stage, priority high first, id).
Plan choose(const std::vector<Prepared>& prepared, const std::vector<UnitClass>& classes, const PricingOptions& options);

}  // namespace promokit::pricing
