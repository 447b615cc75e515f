// Offers: validity windows and dayparts in a zone, card text, eligibility reasons and filters.
#include <doctest/doctest.h>

#include "promokit/engine.hpp"
#include "promokit/validate.hpp"
#include "test_util.hpp"

using namespace promokit;

namespace {

// 2026-01-05 is a Monday. Shanghai is UTC+8 all year; Paris is UTC+1 in winter.
constexpr Millis kMon0000Shanghai = 1767542400000LL;  // 2026-01-05T00:00+08:00
constexpr Millis kMinute = 60000, kHour = 3600000, kDay = 86400000;

Offer offer_from(const char* text) { return read_offer(Json::parse(text)); }

}  // namespace

TEST_CASE("offers: local days and dayparts, including windows that cross midnight") {
  LocalDay d = local_day(kMon0000Shanghai + 11 * kHour, "Asia/Shanghai");
  CHECK(d.key() == 20260105);
  CHECK(d.weekday == 0);
  CHECK(d.minute_of_day == 660);
  CHECK(local_day(kMon0000Shanghai, "UTC").key() == 20260104);  // still Sunday in UTC

  Offer lunch = offer_from(R"({ "id": "x", "reward": { "type": "fixed", "amount": 1 },
    "validity": { "zone": "Asia/Shanghai", "dayparts": [{ "days": "mon-fri", "from": "11:00", "to": "14:00" }] } })");
  Offer night = offer_from(R"({ "id": "y", "reward": { "type": "fixed", "amount": 1 },
    "validity": { "zone": "Asia/Shanghai", "dayparts": [{ "days": "fri", "from": "22:00", "to": "02:00" }] } })");
  struct Row {
    Millis t;
    bool lunch, night;
  };
  const Row rows[] = {
      {kMon0000Shanghai + 11 * kHour, true, false},                 // Mon 11:00
      {kMon0000Shanghai + 14 * kHour - kMinute, true, false},       // Mon 13:59
      {kMon0000Shanghai + 14 * kHour, false, false},                // Mon 14:00 (end excluded)
      {kMon0000Shanghai + 5 * kDay + 12 * kHour, false, false},     // Sat 12:00
      {kMon0000Shanghai + 4 * kDay + 22 * kHour, true && false, true},  // Fri 22:00
      {kMon0000Shanghai + 5 * kDay + 1 * kHour, false, true},       // Sat 01:00, Friday's night
      {kMon0000Shanghai + 5 * kDay + 2 * kHour, false, false},      // Sat 02:00
      {kMon0000Shanghai + 1 * kHour, false, false},                 // Mon 01:00: Sunday had no night
  };
  for (const Row& r : rows) {
    CAPTURE(r.t);
    CHECK(window_reason(lunch.validity, r.t, "UTC").empty() == r.lunch);
    CHECK(window_reason(night.validity, r.t, "UTC").empty() == r.night);
  }
  // The engine's zone applies when the offer names none.
  Offer plain = offer_from(R"({ "id": "z", "reward": { "type": "fixed", "amount": 1 },
    "validity": { "start": 1767542400000, "end": 1767628800000, "dayparts": [{ "days": "mon", "from": "00:00", "to": "01:00" }] } })");
  CHECK(window_reason(plain.validity, kMon0000Shanghai + 30 * kMinute, "Asia/Shanghai").empty());
  CHECK(window_reason(plain.validity, kMon0000Shanghai + 30 * kMinute, "Europe/Paris") == reason::kOutsideWindow);
  CHECK(window_reason(plain.validity, kMon0000Shanghai - 1, "Asia/Shanghai") == reason::kNotStarted);
  CHECK(window_reason(plain.validity, kMon0000Shanghai + kDay, "Asia/Shanghai") == reason::kExpired);
}

TEST_CASE("offers: discount and condition text in English and Chinese") {
  struct Row {
    const char* offer;
    const char* en;
    const char* zh;
  };
  const Row rows[] = {
      {R"({"id":"a","reward":{"type":"percent","percent":20}})", "20% off", "8折"},
      {R"({"id":"a","reward":{"type":"percent","percent":12.5}})", "12.5% off", "8.75折"},
      {R"({"id":"a","reward":{"type":"percent","percent":20},"conditions":{"minSpend":20000}})", "20% off", "满200享8折"},
      {R"({"id":"a","reward":{"type":"fixed","amount":3000,"target":"order"},"conditions":{"minSpend":20000}})", "¥30 off ¥200", "满200减30"},
      {R"({"id":"a","reward":{"type":"fixed","amount":2990}})", "¥29.90 off", "立减29.9元"},
      {R"({"id":"a","reward":{"type":"fixed","amount":500,"per":"unit"}})", "¥5 off each", "每件减5元"},
      {R"({"id":"a","reward":{"type":"buy_x_get_y","buy":2,"get":1}})", "Buy 2 get 1 free", "买2送1"},
      {R"({"id":"a","reward":{"type":"bogo"}})", "Buy 1 get 1 free", "买一送一"},
      {R"({"id":"a","reward":{"type":"buy_x_get_y","buy":1,"get":1,"percent":50}})", "Buy 1 get 1 at 50% off", "第2件5折"},
      {R"({"id":"a","reward":{"type":"free_gift","sku":"TOTE"},"conditions":{"minSpend":10000}})", "Free gift with ¥100+", "满100送赠品"},
      {R"({"id":"a","reward":{"type":"bonus_points","points":200}})", "+200 points", "赠200积分"},
      {R"({"id":"a","reward":{"type":"points_multiplier","factor":2}})", "2× points", "2倍积分"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.offer);
    Offer o = offer_from(r.offer);
    CHECK(discount_text(o, "en", "CNY") == r.en);
    CHECK(discount_text(o, "zh-CN", "CNY") == r.zh);
  }
  Offer capped = offer_from(R"({"id":"a","reward":{"type":"percent","percent":20,"maxDiscount":5000},"conditions":{"minSpend":20000,"firstPurchase":true}})");
  CHECK(conditions_text(capped, "en", "CNY") == "Min. spend ¥200 · First purchase only · Up to ¥50 off");
  CHECK(conditions_text(capped, "zh", "CNY") == "仅限首单 · 最高减50元");
  CHECK(format_money(123456, "USD") == "$1234.56");
  CHECK(format_money(1230, "EUR") == "€12.30");
  CHECK(format_money(500, "JPY") == "JP¥500");
  CHECK(format_money(1200, "CHF") == "CHF 12");
  CHECK(localized({{"en", "Hi"}, {"zh", "你好"}}, "zh-CN") == "你好");
  CHECK(localized({{"", "plain"}}, "fr") == "plain");
}

TEST_CASE("offers: eligibility reasons and filters through the engine") {
  Json catalog = Json::parse(R"({ "version": 1, "currency": "CNY", "offers": [
    { "id": "gold", "reward": { "type": "percent", "percent": 10 }, "targeting": "tier == \"gold\"", "tags": ["gold_members"], "malls": ["m1"] },
    { "id": "silver", "reward": { "type": "percent", "percent": 5 }, "targeting": "tier == \"silver\"" },
    { "id": "soon", "reward": { "type": "fixed", "amount": 500 }, "validity": { "end": 1767600000000 }, "category": "food" },
    { "id": "later", "reward": { "type": "fixed", "amount": 500 }, "validity": { "start": 1767700000000 } },
    { "id": "first", "reward": { "type": "fixed", "amount": 500 }, "conditions": { "firstPurchase": true } },
    { "id": "gone", "reward": { "type": "fixed", "amount": 500 }, "limits": { "total": 0 } } ] })");
  Engine engine(catalog, Json{{"now", kMon0000Shanghai}, {"zone", "Asia/Shanghai"}});
  engine.set_profile(Json::parse(R"({ "id": "u1", "tier": "gold", "orders": 3 })"));
  auto ids = [](const Json& cards) {
    std::vector<std::string> out;
    for (const auto& c : cards) out.push_back(c["offerId"].get<std::string>());
    return out;
  };
  CHECK(ids(engine.offers({})) == std::vector<std::string>{"gold", "soon"});
  OfferQuery all;
  all.include_ineligible = true;
  Json cards = engine.offers(all);
  REQUIRE(cards.size() == 6);
  CHECK(cards[1]["reasons"] == Json::array({"NOT_IN_SEGMENT"}));
  CHECK(cards[3]["reasons"] == Json::array({"NOT_STARTED"}));
  CHECK(cards[4]["reasons"] == Json::array({"FIRST_PURCHASE_ONLY"}));
  CHECK(cards[5]["reasons"] == Json::array({"LIMIT_REACHED"}));
  CHECK(cards[5]["remaining"] == 0);
  CHECK(cards[0]["discountText"] == "10% off");
  CHECK(cards[0]["eligible"] == true);

  OfferQuery q;
  q.tier = "gold";
  CHECK(ids(engine.offers(q)) == std::vector<std::string>{"gold"});
  q = {};
  q.mall = "m2";
  CHECK(ids(engine.offers(q)) == std::vector<std::string>{"soon"});
  q = {};
  q.interest = "food";
  CHECK(ids(engine.offers(q)) == std::vector<std::string>{"soon"});
  q = {};
  q.expiring_within = kDay;
  CHECK(ids(engine.offers(q)) == std::vector<std::string>{"soon"});
  CHECK(ids(engine.offers(OfferQuery::from_json(Json::parse(R"({ "filter": { "expiringSoon": true } })")))) == std::vector<std::string>{"soon"});

  // Time moves: "soon" expires, "later" starts.
  engine.set_now(1767700000000);
  CHECK(ids(engine.offers({})) == std::vector<std::string>{"gold", "later"});
  CHECK(engine.reasons(2) == std::vector<std::string_view>{"EXPIRED"});
}

TEST_CASE("offers: a targeting rule that does not compile names its offer") {
  Json catalog = Json::parse(R"({ "version": 1, "offers": [
    { "id": "ok", "reward": { "type": "percent", "percent": 10 } },
    { "id": "bad", "reward": { "type": "percent", "percent": 10 }, "targeting": "tier == " } ] })");
  try {
    Engine engine(catalog, Json::object());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.path().rfind("offers[1].targeting", 0) == 0);
  }
  CHECK_THROWS_AS(Engine(Json::parse(R"({ "version": 1, "offers": [] })"), Json{{"zone", "Mars/Base"}}), Error);
}
