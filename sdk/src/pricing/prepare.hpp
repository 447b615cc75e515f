#pragma once
// Preparing a cart for pricing: unit classes, and each candidate offer's eligible classes,
// applicability (or its rejection reason) and bound.
#include <vector>

#include "cart_state.hpp"

namespace promokit::pricing {

// Lines merged into classes, sorted by (sku, category, brand, unit price). Throws
// PK_CART_TOO_LARGE past a 10^15 subtotal.
std::vector<UnitClass> make_classes(const Cart& cart);

// The candidates in application order (stage, priority high first, id); a repeated id counts once.
std::vector<Prepared> prepare_candidates(const Cart& cart, const std::vector<const Offer*>& candidates,
                                         const std::vector<UnitClass>& classes);

}  // namespace promokit::pricing
