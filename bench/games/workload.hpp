#pragma once
// The games benchmark's workload, shared by the native bench and (as JSON) the wasm half:
// 1,000 offers, a wheel, a personalized pool, notification templates and a shopper.
#include <string>

#include "promokit/json.hpp"

namespace bench_games {

inline promokit::Json catalog(int offers) {
  using promokit::Json;
  Json list = Json::array();
  const char* cats[] = {"fashion", "food", "electronics", "beauty", "home", "sports"};
  for (int i = 0; i < offers; ++i)
    list.push_back({{"id", "o" + std::to_string(i)},
                    {"title", {{"en", "Offer " + std::to_string(i)}, {"zh", "优惠" + std::to_string(i)}}},
                    {"reward", {{"type", "percent"}, {"percent", 5 + i % 30}}},
                    {"tags", {cats[i % 6]}},
                    {"category", cats[i % 6]}});
  Json c = {{"version", 1}, {"currency", "CNY"}, {"offers", list}};
  c["prizePools"] = Json::parse(R"([
    { "id": "wheel", "game": "wheel", "version": 1, "budget": 800,
      "prizes": [{ "id": "coupon", "kind": "offer", "offerId": "o0", "weight": 10, "cost": 2000 },
                 { "id": "points", "kind": "points", "points": 50, "weight": 20, "cost": 50 },
                 { "id": "gift", "kind": "gift", "sku": "TOTE", "weight": 2, "cost": 3000 },
                 { "id": "jackpot", "kind": "offer", "offerId": "o2", "weight": 0.01, "cost": 400000 },
                 { "id": "none", "kind": "none", "weight": 67.99, "cost": 0 }] },
    { "id": "lean", "game": "wheel", "version": 1, "budget": 700, "personalize": true,
      "prizes": [{ "id": "f", "kind": "offer", "offerId": "o0", "weight": 20, "cost": 2000, "minProb": 0.05, "maxProb": 0.3 },
                 { "id": "d", "kind": "offer", "offerId": "o1", "weight": 20, "cost": 1000, "minProb": 0.05, "maxProb": 0.5 },
                 { "id": "e", "kind": "offer", "offerId": "o2", "weight": 0.01, "cost": 400000, "maxProb": 0.0002 },
                 { "id": "n", "kind": "none", "weight": 59.99, "cost": 0, "minProb": 0.2 }] }
  ])");
  c["templates"] = Json::parse(R"([
    { "id": "bday", "kind": "birthday", "daysBefore": 3, "text": { "en": "Happy birthday, {name}!", "zh": "{name}，生日快乐！" } },
    { "id": "miss", "kind": "we_miss_you", "inactiveDays": 30, "text": { "en": "We miss you, {name}", "zh": "{name}，好久不见" } },
    { "id": "deal", "kind": "deal", "minScore": 0.5, "channels": ["inApp"], "text": { "en": "For you: {offer}", "zh": "为您推荐：{offer}" } },
    { "id": "goal", "kind": "goal", "threshold": 0.8, "channels": ["inApp"], "text": { "en": "{amount} to go", "zh": "还差{amount}" } }
  ])");
  c["challenges"] = Json::parse(R"([{ "id": "spend", "goal": { "type": "spend", "target": 50000 }, "period": "week", "reward": { "points": 100 } }])");
  return c;
}

inline promokit::Json profile() {
  return promokit::Json::parse(R"({ "id": "u1", "name": "Li Wei", "tier": "gold", "birthday": "1990-06-01", "interests": ["fashion"],
    "zone": "Asia/Shanghai", "locale": "zh-CN", "lastActiveAt": 1760000000000, "consents": { "wechat": true, "inApp": true } })");
}

inline constexpr long long kNow = 1762788600000;  // 2025-11-10 23:30 in Shanghai

}  // namespace bench_games
