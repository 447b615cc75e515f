#pragma once
// The benchmark scenario, generated from a fixed seed: a 50-line cart, 200 offers that all
// apply to it (the pricing search), and 1,000 offers with targeting rules, windows, dayparts,
// limits and scopes (eligibility for one profile). Written as JSON so the wasm run prices
// exactly the same documents.
#include <cstdint>
#include <string>

#include "promokit/json.hpp"

namespace pkbench {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::int64_t range(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(1, 100) <= percent; }
};

inline const char* kCategories[] = {"fashion", "shoes", "beauty", "food", "home", "sports", "kids", "electronics"};
inline const char* kBrands[] = {"Uniqlo", "Nike", "Adidas", "Muji", "Sephora", "Lego"};

inline std::string sku_name(int i) { return "SKU-" + std::to_string(i); }
inline const char* category_of(int sku) { return kCategories[sku % 8]; }
inline const char* brand_of(int sku) { return kBrands[(sku / 3) % 6]; }

// 50 lines over 40 SKUs (some SKUs on two lines at different prices).
inline promokit::Json make_cart(Rng& r) {
  promokit::Json lines = promokit::Json::array();
  for (int i = 0; i < 50; ++i) {
    int sku = static_cast<int>(r.range(0, 39));
    lines.push_back({{"id", "l" + std::to_string(i)}, {"sku", sku_name(sku)}, {"category", category_of(sku)},
                     {"brand", brand_of(sku)}, {"unitPrice", r.range(5, 500) * 100 - (r.chance(50) ? 1 : 0)},
                     {"quantity", r.range(1, 3)}});
  }
  return {{"currency", "CNY"}, {"store", "s1"}, {"lines", lines}};
}

// One offer; `money_only`: automatic and without targeting, so it is a pricing candidate.
inline promokit::Json make_offer(Rng& r, int i, bool money_only) {
  using promokit::Json;
  Json o = {{"id", "offer-" + std::to_string(i)}, {"title", {{"en", "Offer " + std::to_string(i)}, {"zh", "优惠" + std::to_string(i)}}}};
  int t = static_cast<int>(r.range(1, 100));
  Json reward;
  if (t <= 40) reward = {{"type", "percent"}, {"percent", r.range(1, 6) * 5}};
  else if (t <= 60) reward = {{"type", "fixed"}, {"amount", r.range(1, 20) * 500}, {"per", t <= 50 ? "order" : t <= 55 ? "item" : "unit"}};
  else if (t <= 78) reward = {{"type", "buy_x_get_y"}, {"buy", r.range(1, 3)}, {"get", 1}, {"percent", r.chance(60) ? 100 : 50}};
  else if (t <= 82) reward = {{"type", "free_gift"}, {"sku", "GIFT-" + std::to_string(r.range(1, 3))}};
  else if (t <= 86) reward = {{"type", "bonus_points"}, {"points", r.range(1, 10) * 50}};
  else if (t <= 88) reward = {{"type", "points_multiplier"}, {"factor", r.range(2, 3)}};
  else reward = {{"type", r.chance(50) ? "percent" : "fixed"}, {"target", "order"}};
  if (reward["type"] == "percent" && !reward.contains("percent")) reward["percent"] = r.range(1, 4) * 5;
  if (reward["type"] == "fixed" && !reward.contains("amount")) reward["amount"] = r.range(1, 10) * 1000;
  if (r.chance(25)) reward["maxDiscount"] = r.range(5, 50) * 100;
  o["reward"] = reward;
  int s = static_cast<int>(r.range(1, 10));
  if (s <= 4) o["scope"] = {{"categories", {kCategories[r.range(0, 7)]}}};
  else if (s <= 6) o["scope"] = {{"brands", {kBrands[r.range(0, 5)]}}};
  else if (s <= 9) o["scope"] = {{"skus", {sku_name(static_cast<int>(r.range(0, 39))), sku_name(static_cast<int>(r.range(0, 39)))}}};
  if (r.chance(20)) o["conditions"] = {{"minSpend", r.range(1, 20) * 1000}};
  int g = static_cast<int>(r.range(1, 10));
  o["stacking"] = {{"group", g <= 6 ? "" : g <= 8 ? "clearance" : "member"}, {"priority", r.range(0, 5)},
                   {"exclusive", r.chance(3)}};
  if (money_only) return o;
  if (r.chance(60)) {
    const char* rules[] = {"tier == \"gold\"", "\"fashion\" in interests", "tier == \"silver\" and gender == \"female\"",
                           "spent >= 100000", "orders > 3 and \"sports\" in interests", "city == \"Shanghai\""};
    o["targeting"] = rules[r.range(0, 5)];
  }
  if (r.chance(50)) {
    std::int64_t start = 1767225600000LL - r.range(0, 30) * 86400000LL;  // around 2026-01-01; some ended before the 6th
    Json v = {{"start", start}, {"end", start + r.range(1, 90) * 86400000LL},
              {"zone", r.chance(80) ? "Asia/Shanghai" : "Europe/Paris"}};
    if (r.chance(30)) v["dayparts"] = Json::array({{{"days", "mon-fri"}, {"from", "11:00"}, {"to", "14:00"}}, {{"days", "fri,sat"}, {"from", "22:00"}, {"to", "02:00"}}});
    o["validity"] = v;
  }
  if (r.chance(40)) o["limits"] = {{"total", r.range(10, 1000)}, {"perCustomer", r.range(1, 3)}, {"perCustomerPerDay", 1}};
  if (r.chance(20)) o["requiresClaim"] = true;
  if (r.chance(10)) o["malls"] = {r.chance(50) ? "m1" : "m2"};
  o["tags"] = {kCategories[r.range(0, 7)]};
  return o;
}

inline promokit::Json make_catalog(Rng& r, int count, bool money_only) {
  promokit::Json offers = promokit::Json::array();
  for (int i = 0; i < count; ++i) offers.push_back(make_offer(r, i, money_only));
  return {{"version", 1}, {"currency", "CNY"}, {"offers", offers}};
}

inline promokit::Json make_profile() {
  return promokit::Json::parse(R"({ "id": "u1", "tier": "gold", "gender": "female", "interests": ["fashion", "sports"],
    "mall": "m1", "city": "Shanghai", "zone": "Asia/Shanghai", "locale": "zh-CN", "registeredAt": 1700000000000,
    "spent": 123400, "orders": 12, "points": 5000 })");
}

}  // namespace pkbench
