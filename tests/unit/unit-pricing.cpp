// Cart pricing: rounding, spreading, each reward type, stacking, the search, explanations.
#include <doctest/doctest.h>

#include "pricing_util.hpp"

using namespace promokit;
using pktest::price_json;

namespace {

Json tee_cart() {
  return Json::parse(R"({ "currency": "CNY", "store": "s1",
    "lines": [{ "id": "l1", "sku": "TEE-1", "category": "fashion", "brand": "Uniqlo", "unitPrice": 9900, "quantity": 2 }] })");
}

}  // namespace

TEST_CASE("pricing: round_div rounds half-even by default and half-up on request") {
  struct Row { long long n, d; Money even, up; };
  const Row rows[] = {{125, 10, 12, 13}, {135, 10, 14, 14}, {124, 10, 12, 12}, {126, 10, 13, 13},
                      {5, 10, 0, 1},     {15, 10, 2, 2},    {0, 7, 0, 0},      {7, 7, 1, 1}};
  for (const Row& r : rows) {
    CAPTURE(r.n);
    CHECK(round_div(r.n, r.d, Rounding::HalfEven) == r.even);
    CHECK(round_div(r.n, r.d, Rounding::HalfUp) == r.up);
  }
}

TEST_CASE("pricing: largest remainder sums exactly, never exceeds a weight, ties go to the lower index") {
  CHECK(spread_largest_remainder(100, {1, 1, 1}) == std::vector<Money>{34, 33, 33});
  CHECK(spread_largest_remainder(2, {1, 1, 1}) == std::vector<Money>{1, 1, 0});
  CHECK(spread_largest_remainder(10, {3, 7}) == std::vector<Money>{3, 7});
  CHECK(spread_largest_remainder(5, {3, 7}) == std::vector<Money>{2, 3});  // 1.5 / 3.5: tie, lower index first
  CHECK(spread_largest_remainder(0, {3, 7}) == std::vector<Money>{0, 0});
  CHECK(spread_largest_remainder(7, {0, 7}) == std::vector<Money>{0, 7});
}

TEST_CASE("pricing: the DESIGN.md example (20% off fashion on 2 x 99.00)") {
  Json offers = Json::parse(R"([{ "id": "fashion-20", "reward": { "type": "percent", "percent": 20, "target": "lines", "maxDiscount": 5000 },
                                  "scope": { "categories": ["fashion"] } },
                                { "id": "vip-30", "reward": { "type": "percent", "percent": 30 }, "scope": { "categories": ["shoes"] } }])");
  Json r = price_json(tee_cart(), offers);
  CHECK(r["subtotal"] == 19800);
  CHECK(r["discountTotal"] == 3960);
  CHECK(r["total"] == 15840);
  CHECK(r["lines"][0] == Json::parse(R"({ "id": "l1", "quantity": 2, "unitPrice": 9900, "discount": 3960, "total": 15840 })"));
  CHECK(r["applied"] == Json::parse(R"([{ "offerId": "fashion-20", "amount": 3960, "lines": [{ "id": "l1", "amount": 3960 }] }])"));
  CHECK(r["rejected"] == Json::parse(R"([{ "offerId": "vip-30", "reason": "NOT_IN_SCOPE" }])"));
  CHECK(r["gifts"] == Json::array());
  CHECK(r["points"] == 0);
  CHECK(r["search"] == "exact");
}

TEST_CASE("pricing: conditions reject with reasons") {
  Json cart = tee_cart();
  cart["store"] = "s9";
  Json offers = Json::parse(R"([
    { "id": "spend", "reward": { "type": "fixed", "amount": 1000 }, "conditions": { "minSpend": 20000 } },
    { "id": "qty", "reward": { "type": "fixed", "amount": 1000 }, "conditions": { "minQuantity": 3 } },
    { "id": "store", "reward": { "type": "fixed", "amount": 1000 }, "conditions": { "stores": ["s1"] } },
    { "id": "b2g1", "reward": { "type": "buy_x_get_y", "buy": 2, "get": 1 } },
    { "id": "excl", "reward": { "type": "fixed", "amount": 1 }, "scope": { "excludeSkus": ["TEE-1"] } }])");
  Json r = price_json(cart, offers);
  CHECK(r["rejected"] == Json::parse(R"([{ "offerId": "spend", "reason": "MIN_SPEND" }, { "offerId": "qty", "reason": "MIN_QUANTITY" },
    { "offerId": "store", "reason": "STORE_MISMATCH" }, { "offerId": "b2g1", "reason": "MIN_QUANTITY" },
    { "offerId": "excl", "reason": "NOT_IN_SCOPE" }])"));
  CHECK(r["total"] == 19800);
}

TEST_CASE("pricing: buy X get Y frees the cheapest units, uses the next cheapest, repeats up to maxApplications") {
  Json cart = Json::parse(R"({ "currency": "CNY", "lines": [
    { "id": "a", "sku": "A", "unitPrice": 1000, "quantity": 2 },
    { "id": "b", "sku": "B", "unitPrice": 400, "quantity": 2 },
    { "id": "c", "sku": "C", "unitPrice": 700, "quantity": 3 }] })");
  // 7 units: 400 400 700 700 700 1000 1000. Buy 2 get 1: two applications free 400 + 400.
  Json r = price_json(cart, Json::parse(R"([{ "id": "b2g1", "reward": { "type": "buy_x_get_y", "buy": 2, "get": 1 } }])"));
  CHECK(r["discountTotal"] == 800);
  CHECK(r["applied"][0]["lines"] == Json::parse(R"([{ "id": "b", "amount": 800 }])"));
  // One application only.
  r = price_json(cart, Json::parse(R"([{ "id": "b2g1", "reward": { "type": "buy_x_get_y", "buy": 2, "get": 1, "maxApplications": 1 } }])"));
  CHECK(r["discountTotal"] == 400);
  // Buy 1 get the 2nd at 50 %: three applications, free halves of 400, 400, 700.
  r = price_json(cart, Json::parse(R"([{ "id": "half", "reward": { "type": "buy_x_get_y", "buy": 1, "get": 1, "percent": 50 } }])"));
  CHECK(r["discountTotal"] == 750);
  // The used units (bought and free) are taken for the group: a second offer of the same group
  // only gets the unit left over (one 1000), one of another group stacks on everything.
  r = price_json(cart, Json::parse(R"([{ "id": "b2g1", "reward": { "type": "buy_x_get_y", "buy": 2, "get": 1 }, "stacking": { "priority": 5 } },
                                     { "id": "ten", "reward": { "type": "percent", "percent": 10 } }])"));
  CHECK(r["discountTotal"] == 900);  // 800 + 10 % of the 1000 left; 10 % alone is only 490
  CHECK(r["applied"].size() == 2);
}
