// The wallet: claims (targeting, windows, limits, points), idempotence, the server's answers,
// redemption, expiry, pricing with claims and codes, and the state round trip.
#include <doctest/doctest.h>

#include "promokit/codes.hpp"
#include "promokit/engine.hpp"
#include "promokit/validate.hpp"

using namespace promokit;

namespace {

constexpr Millis kNow = 1767542400000LL;  // 2026-01-05T00:00+08:00, a Monday
constexpr Millis kDay = 86400000;

Json catalog() {
  return Json::parse(R"({ "version": 1, "currency": "CNY", "offers": [
    { "id": "coupon", "reward": { "type": "fixed", "amount": 3000, "target": "order" }, "conditions": { "minSpend": 10000 },
      "requiresClaim": true, "pointsCost": 100, "limits": { "perCustomer": 2, "perCustomerPerDay": 1 },
      "validity": { "end": 1768147200000 } },
    { "id": "vip", "reward": { "type": "percent", "percent": 50 }, "requiresClaim": true, "targeting": "tier == \"vip\"" },
    { "id": "spring", "reward": { "type": "percent", "percent": 10 }, "code": { "mode": "shared", "value": "SPRING20" } },
    { "id": "unique", "reward": { "type": "fixed", "amount": 700 }, "code": { "mode": "unique", "pattern": "PK-####-####" } },
    { "id": "stock", "reward": { "type": "fixed", "amount": 100 }, "requiresClaim": true, "limits": { "total": 5 } } ] })");
}

Json cart() {
  return Json::parse(R"({ "currency": "CNY", "store": "s1", "lines": [
    { "id": "l1", "sku": "TEE", "category": "fashion", "unitPrice": 6000, "quantity": 2 } ] })");
}

Engine make_engine(Json options = Json::object()) {
  options["now"] = kNow;
  options["zone"] = "Asia/Shanghai";
  options["seed"] = 7;
  Engine e(catalog(), options);
  e.set_profile(Json::parse(R"({ "id": "u1", "tier": "gold", "points": 250 })"));
  return e;
}

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::PK_OK;
}

}  // namespace

TEST_CASE("wallet: claim, idempotence, confirmation, use, limits and points") {
  Engine e = make_engine();
  WalletEntry a = e.claim("coupon");
  CHECK(a.status == ClaimStatus::Pending);
  CHECK(a.claim_id.rfind("c-", 0) == 0);
  CHECK(e.points() == 150);
  WalletEntry again = e.claim("coupon");  // idempotent: same entry, no second charge
  CHECK(again.claim_id == a.claim_id);
  CHECK(e.points() == 150);
  CHECK(e.wallet().size() == 1);

  // Pending claims already price (offline use); the server then confirms.
  Json priced = e.price_cart_json(read_cart(cart()), {});
  CHECK(priced["discountTotal"] == 3000);
  WalletEntry c = e.confirm_claim(a.claim_id, "TOKEN-1");
  CHECK(c.status == ClaimStatus::Active);
  CHECK(c.token == "TOKEN-1");
  CHECK(e.confirm_claim(a.claim_id, "TOKEN-1").status == ClaimStatus::Active);  // repeated answer
  CHECK(code_of([&] { e.confirm_claim("nope"); }) == ErrorCode::PK_CLAIM_NOT_FOUND);

  // Used at checkout; a second claim the same day hits perCustomerPerDay.
  Json receipt = e.checkout(read_cart(cart()), {}, "o-1");
  CHECK(receipt["usedClaims"] == Json::array({a.claim_id}));
  CHECK(e.wallet()[0].status == ClaimStatus::Used);
  CHECK(code_of([&] { e.redeem(a.claim_id); }) == ErrorCode::PK_CLAIM_STATE);
  CHECK(code_of([&] { e.claim("coupon"); }) == ErrorCode::PK_LIMIT_REACHED);
  e.set_now(kNow + kDay);
  WalletEntry b = e.claim("coupon");
  CHECK(b.claim_id != a.claim_id);
  CHECK(e.points() == 50);
  // perCustomer 2: the third claim is refused, also on a new day.
  e.redeem(b.claim_id, "scanned at the till");
  e.set_now(kNow + 2 * kDay);
  CHECK(code_of([&] { e.claim("coupon"); }) == ErrorCode::PK_LIMIT_REACHED);
  CHECK(e.wallet()[1].history.back().note == "scanned at the till");

  // Targeting, points and unknown offers.
  CHECK(code_of([&] { e.claim("vip"); }) == ErrorCode::PK_OFFER_NOT_ELIGIBLE);
  CHECK(code_of([&] { e.claim("missing"); }) == ErrorCode::PK_OFFER_NOT_FOUND);
  Engine poor = make_engine();
  poor.set_profile(Json::parse(R"({ "id": "u1", "points": 10 })"));
  CHECK(code_of([&] { poor.claim("coupon"); }) == ErrorCode::PK_INSUFFICIENT_POINTS);
  CHECK(poor.points() == 10);
}

TEST_CASE("wallet: rejection refunds points, expiry shows as expired, stock hints") {
  Engine e = make_engine();
  WalletEntry a = e.claim("coupon");
  CHECK(e.points() == 150);
  WalletEntry r = e.reject_claim(a.claim_id, "LIMIT_REACHED");
  CHECK(r.status == ClaimStatus::Rejected);
  CHECK(r.reason == "LIMIT_REACHED");
  CHECK(e.points() == 250);
  CHECK(e.ledger().back().reason == "claim_refund");
  // A rejected claim does not count against the limits: claim again.
  WalletEntry b = e.claim("coupon");
  e.set_now(1768147200000);  // the offer's end
  CHECK(e.wallet()[1].status == ClaimStatus::Expired);
  CHECK(code_of([&] { e.redeem(b.claim_id); }) == ErrorCode::PK_CLAIM_STATE);
  CHECK(code_of([&] { e.claim("coupon"); }) == ErrorCode::PK_OUTSIDE_WINDOW);

  Engine s = make_engine();
  s.set_inventory("stock", 1);
  s.claim("stock");
  OfferQuery all;
  all.include_ineligible = true;
  Json cards = s.offers(all);
  CHECK(cards[4]["remaining"] == 0);
  CHECK(cards[4]["wallet"]["status"] == "pending");
  CHECK(cards[4]["eligible"] == true);  // the claim keeps it usable
  Engine t = make_engine();
  t.set_inventory("stock", 0);
  CHECK(code_of([&] { t.claim("stock"); }) == ErrorCode::PK_LIMIT_REACHED);
}

TEST_CASE("wallet: prices with claims and codes, and says why the rest did not apply") {
  Engine e = make_engine();
  Json r = e.price_cart_json(read_cart(cart()), PriceRequest::from_json(Json::parse(R"({ "codes": [" spring20 "] })")));
  CHECK(r["discountTotal"] == 1200);
  CHECK(r["codes"] == Json::parse(R"([{ "code": "SPRING20", "offerId": "spring", "valid": true }])"));
  Json rejected = Json::object();
  for (const auto& x : r["rejected"]) rejected[x["offerId"].get<std::string>()] = x["reason"];
  CHECK(rejected == Json::parse(R"({ "coupon": "NOT_CLAIMED", "vip": "NOT_IN_SEGMENT", "unique": "CODE_REQUIRED", "stock": "NOT_CLAIMED" })"));

  // Unique codes: verified with the key when the engine has one, else by the pattern's shape.
  codes::Format f{"PK-####-####", std::string(codes::kDefaultCharset), "a-key-of-sixteen-chars"};
  std::string good = codes::CodeScheme(f).code(42);
  Engine keyed = make_engine(Json{{"codeKeys", {{"unique", f.key}}}});
  std::string typo = good;
  typo[3] = typo[3] == 'A' ? 'B' : 'A';
  CHECK(keyed.price_cart_json(read_cart(cart()), {{good}, {}})["discountTotal"] == 700);
  CHECK(keyed.price_cart_json(read_cart(cart()), {{typo}, {}})["discountTotal"] == 0);
  CHECK(keyed.price_cart_json(read_cart(cart()), {{typo}, {}})["codes"][0]["valid"] == false);
  Engine unkeyed = make_engine();
  CHECK(unkeyed.price_cart_json(read_cart(cart()), {{typo}, {}})["discountTotal"] == 700);
  CHECK(unkeyed.price_cart_json(read_cart(cart()), {{"PK-12"}, {}})["discountTotal"] == 0);

  // Only the listed claims are used.
  WalletEntry a = e.claim("coupon");
  CHECK(e.price_cart_json(read_cart(cart()), PriceRequest{{}, std::vector<std::string>{}})["discountTotal"] == 0);
  CHECK(e.price_cart_json(read_cart(cart()), PriceRequest{{}, std::vector<std::string>{a.claim_id}})["discountTotal"] == 3000);
  CHECK(code_of([&] { e.price_cart(read_cart(cart()), PriceRequest{{}, std::vector<std::string>{"c-nope"}}); }) ==
        ErrorCode::PK_CLAIM_NOT_FOUND);
}

TEST_CASE("wallet: exportState/importState round-trip exactly; a bad state changes nothing") {
  Engine e = make_engine();
  WalletEntry a = e.claim("coupon");
  e.confirm_claim(a.claim_id, "T");
  e.checkout(read_cart(cart()), {}, "o-1");
  e.track(Json::parse(R"([{ "id": "e1", "type": "view", "time": 1767542400000, "offerId": "coupon" }])"));
  e.set_inventory("stock", 3);
  Json state = e.export_state();
  CHECK(state["kind"] == "promokit.engine-state");
  CHECK(state["version"] == 1);

  Engine f(catalog(), Json{{"now", kNow}, {"zone", "Asia/Shanghai"}, {"seed", 7}});
  f.import_state(state);
  CHECK(f.export_state() == state);
  CHECK(f.export_state().dump() == state.dump());
  CHECK(f.points() == e.points());
  CHECK(f.track(Json::parse(R"({ "id": "e1", "type": "view", "time": 1767542400000 })")).duplicates == 1);
  // The next claim id continues the sequence, as in the original.
  e.set_now(kNow + kDay);
  f.set_now(kNow + kDay);
  CHECK(e.claim("coupon").claim_id == f.claim("coupon").claim_id);

  struct Bad {
    const char* what;
    std::function<void(Json&)> edit;
    const char* path;
  };
  const Bad bads[] = {
      {"kind", [](Json& s) { s["kind"] = "other"; }, "kind"},
      {"version", [](Json& s) { s["version"] = 2; }, "version"},
      {"negative points", [](Json& s) { s["points"] = -1; }, "points"},
      {"wallet status", [](Json& s) { s["wallet"][0]["status"] = "lost"; }, "wallet[0].status"},
      {"ledger type", [](Json& s) { s["ledger"][0]["delta"] = "x"; }, "ledger[0].delta"},
      {"profile", [](Json& s) { s["profile"]["points"] = -5; }, "profile.points"},
      {"missing", [](Json& s) { s.erase("uses"); }, "uses"},
  };
  for (const Bad& b : bads) {
    CAPTURE(b.what);
    Json broken = state;
    b.edit(broken);
    Engine g = make_engine();
    Json before = g.export_state();
    try {
      g.import_state(broken);
      FAIL("accepted");
    } catch (const Error& err) {
      CHECK(err.code() == ErrorCode::PK_STATE_INVALID);
      CHECK(err.path() == b.path);
    }
    CHECK(g.export_state() == before);
  }
}
