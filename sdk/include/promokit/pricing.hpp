#pragma once
// Cart pricing: the six rules of DESIGN.md §4 "How a cart is priced" as one pure function.
// price_cart() takes a cart and the offers that may apply to it (the engine has already
// checked who the shopper is, when it is and what was claimed or entered as a code) and
// returns the lowest total reachable under the stacking rules, with every applied offer
// explained per line and every other one rejected with a reason. docs/pricing.md states the
// rules with worked examples (tests/data/pricing-examples.json, read by the unit tests).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/model.hpp"

namespace promokit {

enum class Rounding { HalfEven, HalfUp };

// Rounds numerator / denominator (both >= 0, denominator > 0) to an integer.
Money round_div(__int128 numerator, __int128 denominator, Rounding mode) noexcept;

// Splits `amount` over parts in proportion to `weights` (sum of weights >= amount >= 0) by
// largest remainder: every part gets floor(amount * w / W), the units left over go to the
// largest remainders, ties to the lower index. The parts sum exactly to `amount` and no part
// exceeds its weight.
std::vector<Money> spread_largest_remainder(Money amount, const std::vector<Money>& weights);

struct PricingOptions {
  Rounding rounding = Rounding::HalfEven;
  // Sets of at most this many money offers are searched exactly (branch and bound); larger
  // sets follow the strategy of docs/pricing.md: the item stage splits into parts that share
  // no unit, each searched exactly up to part_exact_limit offers and greedily improved above
  // it, then the order stage.
  std::size_t exact_limit = 16;
  std::size_t part_exact_limit = 16;
  // Work budgets, in offers evaluated: one exact search (when it runs out, the large-set
  // strategy takes over and the better answer is kept), and the greedy improvement of a part.
  std::size_t exact_budget = 200000;
  std::size_t improve_budget = 2000;
  // Base loyalty points: earn_points for every earn_per minor units of the total (0: none).
  std::int64_t earn_points = 0;
  std::int64_t earn_per = 100;
  // Offers rejected before pricing (not eligible, no code, not claimed...): copied into
  // PricingResult::rejected so one result explains every offer the shopper could have had.
  std::vector<std::pair<std::string, std::string>> pre_rejected;  // (offerId, reason)
};

// Rejection reasons (machine-readable, stable). Those price_cart itself produces:
namespace reason {
inline constexpr std::string_view kNotInScope = "NOT_IN_SCOPE";              // no eligible unit in the cart
inline constexpr std::string_view kMinSpend = "MIN_SPEND";                   // eligible lines below minSpend
inline constexpr std::string_view kMinQuantity = "MIN_QUANTITY";             // too few eligible units
inline constexpr std::string_view kStoreMismatch = "STORE_MISMATCH";         // cart.store not in conditions.stores
inline constexpr std::string_view kExclusiveConflict = "EXCLUSIVE_CONFLICT"; // an exclusive offer won, or lost to a combination
inline constexpr std::string_view kNotBest = "NOT_BEST";                     // the best combination leaves it out
}  // namespace reason

struct LineAmount {
  std::string id;
  Money amount = 0;
};

struct AppliedOffer {
  std::string offer_id;
  Money amount = 0;              // money taken off by this offer
  std::vector<LineAmount> lines; // where it was taken off (lines with a non-zero share, in cart order)
  std::int64_t points = 0;       // loyalty points it adds (bonus_points, points_multiplier)
  std::int64_t gift_quantity = 0;  // gift units added at zero (free_gift whose SKU was not in the cart)
};

struct Rejection {
  std::string offer_id, reason;
};

struct Gift {
  std::string offer_id, sku;
  std::int64_t quantity = 0;
};

struct PricedLine {
  std::string id;
  std::int64_t quantity = 0;
  Money unit_price = 0, discount = 0, total = 0;
};

struct PricingResult {
  std::string currency;
  Money subtotal = 0, discount_total = 0, total = 0;
  std::vector<PricedLine> lines;     // in cart order
  std::vector<AppliedOffer> applied; // in application order
  std::vector<Rejection> rejected;   // pre-rejected first, then in candidate order
  std::vector<Gift> gifts;
  std::int64_t points = 0;           // base points + every applied offer's points
  bool exact = true;                 // false: the large-set strategy chose the combination
  // The wire shape of DESIGN.md §4: { subtotal, discountTotal, total, lines, applied,
  // rejected, gifts, points } plus currency and search ("exact" | "heuristic").
  Json to_json() const;
};

// Prices `cart` with the candidate offers (those the shopper may use; see PricingOptions for
// rejected ones). Throws Error(PK_CART_TOO_LARGE) when the subtotal exceeds 10^15 minor units
// and PK_UNSUPPORTED when the candidates use more than 64 item-stage stacking groups.
PricingResult price_cart(const Cart& cart, const std::vector<const Offer*>& candidates, const PricingOptions& options = {});
PricingResult price_cart(const Cart& cart, const std::vector<Offer>& candidates, const PricingOptions& options = {});

}  // namespace promokit
