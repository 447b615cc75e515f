#pragma once
// The state a cart is priced on. Lines are merged into unit classes (same SKU, category,
// brand and unit price), so nothing below can see line order, line ids or how a quantity was
// split: that is how rule 6 (DESIGN.md §4) holds by construction. Units of a class live in
// buckets of identical units (same remaining price, same stacking groups taken); an offer
// that treats some units of a bucket differently splits it. Every amount is an integer.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "promokit/pricing.hpp"

namespace promokit::pricing {

struct UnitClass {
  std::string_view sku, category, brand;
  Money price = 0;
  std::int64_t quantity = 0;
  std::vector<std::uint32_t> lines;  // cart line indices, in cart order
};

enum class Stage : std::uint8_t { Item, Order, Points };

// One candidate offer, prepared for this cart.
struct Prepared {
  const Offer* offer = nullptr;
  std::uint32_t candidate = 0;  // index in the caller's candidate list
  Stage stage = Stage::Item;
  std::uint32_t group = 0;      // item/order stage: bit of its stacking group; points: group index
  std::vector<char> eligible;   // per class: in scope (for free_gift: the gift SKU excluded)
  std::vector<char> gift;       // per class: units of the free_gift SKU
  std::vector<std::uint32_t> touches;  // the classes it applies to (gift classes for free_gift)
  std::vector<std::uint64_t> reach;    // bitset of eligible and gift classes
  Money eligible_amount = 0;    // list prices of the eligible units
  std::int64_t eligible_units = 0;
  Money upper_bound = 0;        // the most money it can take off in any combination
  bool money_neutral = false;   // points offers, free gifts whose SKU is not in the cart
  std::string_view reason;      // non-empty: it cannot apply to this cart
};

// Plain data, so states copy as memory blocks during the search.
struct Bucket {
  std::uint32_t cls = 0;
  std::uint32_t history = 0;  // only when explaining: index into State::histories
  std::int64_t count = 0;
  Money unit = 0;             // remaining price of each unit
  std::uint64_t taken = 0;    // item-stage groups that have discounted (or used) these units
};

// What happened to a bucket's units: (prepared slot, discount per unit) in application order.
using History = std::vector<std::pair<std::uint32_t, Money>>;

struct State {
  std::vector<Bucket> buckets;
  Money total = 0;
  std::uint64_t order_groups = 0;  // order-stage groups already used
  std::int64_t gift_units = 0;     // gift units added at zero
  std::vector<History> histories;  // only when explaining; [0] is the empty history
};

// What one offer does to a state: parts of buckets and what each unit of them loses. Planned
// on a state without changing it, then committed (to that state or to a copy of it).
struct Part {
  std::uint32_t bucket;
  std::int64_t count;
  Money discount;  // per unit
  bool take;       // marks the offer's item-stage group as used on these units
};

struct Step {
  std::vector<Part> parts;  // sorted by bucket; units of a bucket without a part stay as they are
  Money discount = 0;
  std::int64_t gift_units = 0;
  bool useful() const noexcept { return discount > 0 || gift_units > 0; }
};

// Buffers reused from one offer to the next, so applying an offer allocates nothing once warm.
struct Scratch {
  Step step;
  std::vector<std::uint32_t> sel, sel2;
  std::vector<std::int64_t> counts, counts2;
  std::vector<Money> units, units2, weights, rem;
  std::vector<std::size_t> order, idx;
  std::vector<Bucket> next;
  std::vector<std::int64_t> base, extra;
};

struct Context {
  const std::vector<UnitClass>* classes = nullptr;
  Rounding rounding = Rounding::HalfEven;
  bool explain = false;
  Scratch* scratch = nullptr;
};

// The state before any offer: one bucket per class, in class order.
State initial_state(const std::vector<UnitClass>& classes);

// Plans one offer (on what `state` has left) into `step` without changing the state.
void plan_offer(const State& state, const Prepared& offer, const Context& ctx, Step& step);
// Applies a planned step to `state` (or to an identical copy of the state it was planned on).
void commit_offer(State& state, const Prepared& offer, const Step& step, std::uint32_t slot, const Context& ctx);
// Plan and commit; returns the money taken off.
Money apply_offer(State& state, const Prepared& offer, std::uint32_t slot, const Context& ctx);

}  // namespace promokit::pricing
