#pragma once
// Shared by the games, draw, challenges and notify tests: a small catalog with a wheel, a
// scratch card, a daily draw and a personalized pool, a shopper, keys and an error probe.
#include <functional>
#include <string>

#include "promokit/games.hpp"
#include "promokit/tokens.hpp"
#include "promokit/validate.hpp"

namespace gtest {

using namespace promokit;

inline const std::string kSigningKey = tokens::signing_key_from_seed(std::string(32, '\x07'));
inline const std::string kVerifyKey = tokens::verify_key_for(kSigningKey);

inline Json catalog_json() {
  return Json::parse(R"({
    "version": 7, "currency": "CNY",
    "offers": [
      { "id": "fashion-20", "title": { "en": "20% off fashion", "zh": "时尚类8折" }, "reward": { "type": "percent", "percent": 20 }, "tags": ["fashion"], "category": "fashion" },
      { "id": "food-10", "reward": { "type": "fixed", "amount": 1000 }, "tags": ["food"], "category": "food" },
      { "id": "tv-jackpot", "reward": { "type": "fixed", "amount": 100000 }, "tags": ["electronics"] },
      { "id": "bday-gift", "title": { "en": "Birthday gift", "zh": "生日礼" }, "reward": { "type": "bonus_points", "points": 500 } }
    ],
    "prizePools": [
      { "id": "wheel-1", "game": "wheel", "version": 3, "budget": 800, "personalize": false,
        "prizes": [{ "id": "p-coupon", "kind": "offer", "offerId": "fashion-20", "weight": 10, "stock": 100, "cost": 2000, "maxProb": 0.2 },
                   { "id": "p-points", "kind": "points", "points": 50, "weight": 10, "cost": 50 },
                   { "id": "p-none", "kind": "none", "weight": 80, "cost": 0 }] },
      { "id": "scratch-1", "game": "scratch", "version": 1,
        "prizes": [{ "id": "s-food", "kind": "offer", "offerId": "food-10", "weight": 20, "cost": 1000 },
                   { "id": "s-gift", "kind": "gift", "sku": "TOTE", "weight": 5, "cost": 3000, "perCustomer": 1 },
                   { "id": "s-points", "kind": "points", "points": 20, "weight": 25, "cost": 20 },
                   { "id": "s-none", "kind": "none", "weight": 50, "cost": 0 }] },
      { "id": "daily-1", "game": "daily", "version": 2, "entry": { "rule": "tier == \"gold\"", "pointsCost": 10 },
        "prizes": [{ "id": "d-points", "kind": "points", "points": 5, "weight": 30, "cost": 5 },
                   { "id": "d-none", "kind": "none", "weight": 70, "cost": 0 }] },
      { "id": "lean-1", "game": "wheel", "version": 1, "budget": 700, "personalize": true,
        "prizes": [{ "id": "l-fashion", "kind": "offer", "offerId": "fashion-20", "weight": 20, "cost": 2000, "minProb": 0.05, "maxProb": 0.3 },
                   { "id": "l-food", "kind": "offer", "offerId": "food-10", "weight": 20, "cost": 1000, "minProb": 0.05, "maxProb": 0.5 },
                   { "id": "l-tv", "kind": "offer", "offerId": "tv-jackpot", "weight": 0.01, "cost": 400000, "maxProb": 0.0002 },
                   { "id": "l-none", "kind": "none", "weight": 59.99, "cost": 0, "minProb": 0.2 }] }
    ]
  })");
}

inline Json profile_json() {
  return Json::parse(R"({ "id": "u1", "name": "Li Wei", "tier": "gold", "gender": "male", "birthday": "1990-02-14",
    "interests": ["fashion"], "zone": "Asia/Shanghai", "locale": "zh-CN", "points": 500,
    "consents": { "wechat": true, "email": false, "inApp": true } })");
}

inline tickets::Ticket ticket_for(const std::string& pool, std::int64_t version, std::uint64_t sequence,
                                  const std::string& customer = "u1", Millis expiry = 1800000000000) {
  tickets::IssueRequest r;
  r.pool_id = pool;
  r.pool_version = version;
  r.customer_id = customer;
  r.start = sequence;
  r.expiry = expiry;
  return tickets::issue(r, kSigningKey).front();
}

inline ErrorCode error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::PK_OK;
}

}  // namespace gtest
