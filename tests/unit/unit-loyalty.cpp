// Loyalty points: earned per purchase (base rate, multipliers, bonuses), spent to claim,
// refunded on rejection, never negative, and every change in the ledger.
#include <doctest/doctest.h>

#include "promokit/engine.hpp"
#include "promokit/validate.hpp"

using namespace promokit;

namespace {

Json catalog() {
  return Json::parse(R"({ "version": 1, "currency": "CNY",
    "config": { "loyalty": { "earn": { "points": 1, "per": 100 } } },
    "offers": [
      { "id": "double-fashion", "reward": { "type": "points_multiplier", "factor": 2 }, "scope": { "categories": ["fashion"] } },
      { "id": "triple", "reward": { "type": "points_multiplier", "factor": 3 }, "scope": { "categories": ["fashion"] },
        "conditions": { "minSpend": 100000 } },
      { "id": "bonus", "reward": { "type": "bonus_points", "points": 200 }, "stacking": { "group": "welcome" } },
      { "id": "ten", "reward": { "type": "percent", "percent": 10 } },
      { "id": "reward", "reward": { "type": "fixed", "amount": 500 }, "requiresClaim": true, "pointsCost": 300 } ] })");
}

Json cart() {
  return Json::parse(R"({ "currency": "CNY", "lines": [
    { "id": "a", "sku": "TEE", "category": "fashion", "unitPrice": 10000, "quantity": 2 },
    { "id": "b", "sku": "MUG", "category": "home", "unitPrice": 5000, "quantity": 1 } ] })");
}

}  // namespace

TEST_CASE("loyalty: points per purchase with multipliers and bonuses, explained in the ledger") {
  Engine e(catalog(), Json{{"now", 1767542400000LL}});
  e.set_profile(Json::parse(R"({ "id": "u1", "points": 0 })"));
  Json r = e.checkout(read_cart(cart()), {}, "o-1");
  // Total 25000 - 10 % = 22500 -> 225 base points; fashion 18000 -> 180 more (2x; 3x needs 1000.00);
  // bonus 200 in its own group.
  CHECK(r["total"] == 22500);
  CHECK(r["points"] == 225 + 180 + 200);
  CHECK(r["pointsEarned"] == 605);
  Json applied = Json::object();
  for (const auto& a : r["applied"]) applied[a["offerId"].get<std::string>()] = a.value("points", 0);
  CHECK(applied == Json::parse(R"({ "ten": 0, "double-fashion": 180, "bonus": 200 })"));
  CHECK(e.points() == 605);
  const LedgerEntry& last = e.ledger().back();
  CHECK(last.reason == "purchase");
  CHECK(last.delta == 605);
  CHECK(last.balance == 605);
  CHECK(last.order_id == "o-1");
  CHECK(last.note == "earned on the total; bonus +200, double-fashion +180");  // application order: stage, priority, id
}

TEST_CASE("loyalty: spending, refunds and a balance that never goes negative") {
  Engine e(catalog(), Json{{"now", 1767542400000LL}});
  e.set_profile(Json::parse(R"({ "id": "u1", "points": 350 })"));
  WalletEntry c = e.claim("reward");
  CHECK(e.points() == 50);
  CHECK(e.claim("reward").claim_id == c.claim_id);  // idempotent: no second charge
  CHECK(e.points() == 50);
  e.reject_claim(c.claim_id, "OUT_OF_STOCK");
  CHECK(e.points() == 350);
  std::vector<std::string> reasons;
  std::int64_t balance = 0;
  for (const LedgerEntry& l : e.ledger()) {
    reasons.push_back(l.reason);
    CHECK(l.balance == balance + l.delta);  // every change explained, in order
    CHECK(l.balance >= 0);
    balance = l.balance;
  }
  CHECK(reasons == std::vector<std::string>{"profile", "claim", "claim_refund"});
  CHECK(e.ledger()[1].claim_id == c.claim_id);

  Engine poor(catalog(), Json{{"now", 1767542400000LL}});
  poor.set_profile(Json::parse(R"({ "id": "u2", "points": 100 })"));
  std::size_t before = poor.ledger().size();
  CHECK_THROWS_AS(poor.claim("reward"), Error);
  CHECK(poor.points() == 100);
  CHECK(poor.ledger().size() == before);
  // A new profile snapshot sets the balance, and the ledger says so.
  poor.set_profile(Json::parse(R"({ "id": "u2", "points": 40 })"));
  CHECK(poor.points() == 40);
  CHECK(poor.ledger().back().delta == -60);
  CHECK(poor.ledger().back().reason == "profile");
}
