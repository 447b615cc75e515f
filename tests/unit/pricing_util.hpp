#pragma once
// Helpers for the pricing tests: carts and offers from JSON text, results as JSON.
#include <string>
#include <vector>

#include "promokit/pricing.hpp"
#include "promokit/validate.hpp"

namespace pktest {

inline std::vector<promokit::Offer> offers_from(const promokit::Json& list) {
  std::vector<promokit::Offer> out;
  for (const auto& o : list) out.push_back(promokit::read_offer(o));
  return out;
}

inline promokit::Json price_json(const promokit::Json& cart, const promokit::Json& offers, const promokit::PricingOptions& o = {}) {
  return promokit::price_cart(promokit::read_cart(cart), offers_from(offers), o).to_json();
}

// The totals of a result as one comparable value.
inline std::string totals(const promokit::PricingResult& r) {
  return std::to_string(r.subtotal) + "/" + std::to_string(r.discount_total) + "/" + std::to_string(r.total) + "/" +
         std::to_string(r.points);
}

}  // namespace pktest
