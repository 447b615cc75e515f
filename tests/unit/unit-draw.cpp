// Verifiable draws: determinism, every kind of tampering rejected with its own code, ticket
// order and single use, daily plays per local day, stock-out substitution, scratch grids, entry
// rules, and the cross-build vectors (tests/data/games/draw-vectors.json) that the native and
// the wasm runs of this suite both check.
#include <doctest/doctest.h>

#include <map>

#include "test_util.hpp"
#include "unit-games-util.hpp"

using namespace promokit;
using gtest::error_of;

namespace {

struct Fixture {
  Catalog catalog = read_catalog(gtest::catalog_json());
  Json profile_doc = gtest::profile_json();
  Profile profile = read_profile(profile_doc);
  const PrizePool& pool(const std::string& id) const { return games::pool_or_throw(catalog, id); }
  games::Distribution dist(const PrizePool& p) const { return games::distribution(p, &catalog, games::interests_of(profile, profile_doc)); }
  games::VerifyOptions verify_options() const {
    games::VerifyOptions v;
    v.catalog = &catalog;
    v.interests = games::interests_of(profile, profile_doc);
    return v;
  }
  games::Outcome draw(const PrizePool& p, const tickets::Ticket& t, games::DrawOptions o = {}) const {
    if (o.now == 0) o.now = 1760000000000;
    return games::draw(p, t, profile, dist(p), o);
  }
  // The first ticket (by sequence from `from`) that draws `prize`.
  tickets::Ticket ticket_drawing(const PrizePool& p, const std::string& prize, std::uint64_t from = 0) const {
    for (std::uint64_t s = from; s < from + 2000; ++s) {
      auto t = gtest::ticket_for(p.id, p.version, s);
      if (draw(p, t).drawn == prize) return t;
    }
    FAIL("no ticket draws " << prize);
    return {};
  }
};

}  // namespace

TEST_CASE("draw: the same ticket gives the same outcome, and the verifier agrees") {
  Fixture f;
  for (const char* id : {"wheel-1", "scratch-1", "daily-1", "lean-1"}) {
    CAPTURE(id);
    const PrizePool& p = f.pool(id);
    auto t = gtest::ticket_for(p.id, p.version, 4);
    games::Outcome a = f.draw(p, t), b = f.draw(p, t);
    CHECK(games::to_json(a) == games::to_json(b));
    CHECK(a.prize_id == p.prizes[a.index].id);
    CHECK(a.proof.size() == 64);
    auto opts = f.verify_options();
    opts.verify_key = gtest::kVerifyKey;
    games::Verified v = games::verify_draw(t, p, f.profile, a, opts);
    CHECK(p.prizes[v.granted].id == a.prize_id);
    CHECK(games::to_json(games::outcome_from_json(games::to_json(a))) == games::to_json(a));
  }
}

TEST_CASE("draw: different tickets spread over the prizes") {
  Fixture f;
  const PrizePool& p = f.pool("wheel-1");
  std::map<std::string, int> seen;
  for (std::uint64_t s = 0; s < 400; ++s) ++seen[f.draw(p, gtest::ticket_for(p.id, p.version, s)).prize_id];
  CHECK(seen.size() == 3);
  CHECK(seen["p-none"] > 250);  // 80 % expected
}

TEST_CASE("draw: every tampering is rejected with its own code") {
  Fixture f;
  const PrizePool& p = f.pool("wheel-1");
  const auto t = gtest::ticket_for(p.id, p.version, 9);
  const games::Outcome o = f.draw(p, t);
  const auto base = f.verify_options();
  auto verify = [&](const tickets::Ticket& ticket, const PrizePool& pool, const Profile& profile, const games::Outcome& out,
                    games::VerifyOptions opts) { return error_of([&] { games::verify_draw(ticket, pool, profile, out, opts); }); };
  CHECK(verify(t, p, f.profile, o, base) == ErrorCode::PK_OK);

  SUBCASE("an edited seed fails without the key") {
    auto bad = t;
    bad.seed[5] = bad.seed[5] == 'a' ? 'b' : 'a';
    CHECK(verify(bad, p, f.profile, o, base) == ErrorCode::PK_DRAW_PROOF);
  }
  SUBCASE("a claimed prize that was not drawn fails without the key") {
    games::Outcome claim = o;
    std::size_t other = (o.index + 1) % p.prizes.size();
    claim.prize_id = claim.drawn = p.prizes[other].id;
    claim.index = other;
    CHECK(verify(t, p, f.profile, claim, base) == ErrorCode::PK_DRAW_OUTCOME_MISMATCH);
  }
  SUBCASE("an edited proof fails") {
    games::Outcome claim = o;
    claim.proof[40] = claim.proof[40] == '0' ? '1' : '0';
    CHECK(verify(t, p, f.profile, claim, base) == ErrorCode::PK_DRAW_PROOF);
  }
  SUBCASE("an outcome drawn from an edited pool fails") {
    PrizePool edited = p;
    edited.prizes[0].weight = 1000;  // the coupon, nearly always
    games::Outcome forged = games::draw(edited, t, f.profile, games::distribution(edited, &f.catalog, {}), {1760000000000});
    CHECK(verify(t, p, f.profile, forged, base) == ErrorCode::PK_POOL_EDITED);
  }
  SUBCASE("a ticket for another pool version fails") {
    PrizePool newer = p;
    newer.version = 4;
    CHECK(verify(t, newer, f.profile, o, base) == ErrorCode::PK_TICKET_POOL_MISMATCH);
    CHECK(error_of([&] { f.draw(newer, t); }) == ErrorCode::PK_TICKET_POOL_MISMATCH);
  }
  SUBCASE("someone else's ticket fails") {
    Profile other = f.profile;
    other.id = "u2";
    CHECK(verify(t, p, other, o, base) == ErrorCode::PK_TICKET_CUSTOMER_MISMATCH);
    CHECK(error_of([&] { games::draw(p, t, other, f.dist(p), {1760000000000}); }) == ErrorCode::PK_TICKET_CUSTOMER_MISMATCH);
  }
  SUBCASE("a forged ticket passes the recomputation but not the signature") {
    auto forged = t;
    forged.seed = std::string(64, 'f');  // chosen by the attacker, outcome recomputed to match
    games::Outcome consistent = f.draw(p, forged);
    CHECK(verify(forged, p, f.profile, consistent, base) == ErrorCode::PK_OK);
    auto keyed = base;
    keyed.verify_key = gtest::kVerifyKey;
    CHECK(verify(forged, p, f.profile, consistent, keyed) == ErrorCode::PK_TICKET_SIGNATURE);
    keyed.verify_key = tokens::verify_key_for(tokens::signing_key_from_seed(std::string(32, '\x08')));
    CHECK(verify(t, p, f.profile, o, keyed) == ErrorCode::PK_TICKET_SIGNATURE);
  }
  SUBCASE("an expired ticket fails") {
    CHECK(error_of([&] { f.draw(p, t, {t.expiry}); }) == ErrorCode::PK_TICKET_EXPIRED);
    auto timed = base;
    timed.now = t.expiry + 1;
    CHECK(verify(t, p, f.profile, o, timed) == ErrorCode::PK_TICKET_EXPIRED);
  }
  SUBCASE("an outcome of another ticket fails") {
    auto next = gtest::ticket_for(p.id, p.version, 10);
    CHECK(verify(next, p, f.profile, o, base) == ErrorCode::PK_DRAW_OUTCOME_MISMATCH);
  }
  SUBCASE("an unknown draw version is refused") {
    games::Outcome future = o;
    future.version = 2;
    CHECK(verify(t, p, f.profile, future, base) == ErrorCode::PK_UNSUPPORTED);
  }
  SUBCASE("malformed outcome documents name the field") {
    Json j = games::to_json(o);
    j.erase("proof");
    CHECK(error_of([&] { games::outcome_from_json(j); }) == ErrorCode::PK_DRAW_MALFORMED);
    j = games::to_json(o);
    j["proof"] = "zz";
    CHECK(verify(t, p, f.profile, games::outcome_from_json(j), base) == ErrorCode::PK_DRAW_MALFORMED);
    j = games::to_json(o);
    j["unavailable"] = "p-coupon";
    CHECK(error_of([&] { games::outcome_from_json(j); }) == ErrorCode::PK_DRAW_MALFORMED);
  }
}

TEST_CASE("draw: a personalized outcome is checked against the verifier's view of the shopper") {
  Fixture f;
  const PrizePool& p = f.pool("lean-1");
  const auto t = gtest::ticket_for(p.id, p.version, 1);
  const games::Outcome o = f.draw(p, t);
  auto opts = f.verify_options();
  CHECK(error_of([&] { games::verify_draw(t, p, f.profile, o, opts); }) == ErrorCode::PK_OK);
  opts.interests = games::Interests{};  // the server does not know about "fashion"
  CHECK(error_of([&] { games::verify_draw(t, p, f.profile, o, opts); }) == ErrorCode::PK_DRAW_PROFILE_MISMATCH);
}

TEST_CASE("draw: tickets are used once and in issue order") {
  Fixture f;
  const PrizePool& p = f.pool("wheel-1");
  games::GameState state;
  auto use = [&](std::uint64_t seq) {
    return error_of([&] {
      auto t = gtest::ticket_for(p.id, p.version, seq);
      games::check_ticket(state, p, t, "");
      games::record_draw(state, p, t, f.draw(p, t));
    });
  };
  CHECK(use(3) == ErrorCode::PK_OK);  // the first ticket seen sets the sequence
  CHECK(use(3) == ErrorCode::PK_TICKET_USED);
  CHECK(use(5) == ErrorCode::PK_TICKET_ORDER);  // 4 is still unused: no picking the best ticket
  CHECK(use(4) == ErrorCode::PK_OK);
  CHECK(use(2) == ErrorCode::PK_TICKET_USED);
  state.forfeit_before("u1", p.id, 7);  // the server retired 5 and 6 (expired)
  CHECK(use(6) == ErrorCode::PK_TICKET_USED);
  CHECK(use(7) == ErrorCode::PK_OK);
  // The state survives export and import.
  games::GameState back = games::GameState::from_json(state.to_json());
  CHECK(back.to_json() == state.to_json());
  CHECK(error_of([&] { games::check_ticket(back, p, gtest::ticket_for(p.id, p.version, 7), ""); }) == ErrorCode::PK_TICKET_USED);
  CHECK(error_of([] { games::GameState::from_json(Json{{"v", 1}, {"pools", 3}}); }) == ErrorCode::PK_GAME_STATE);
  CHECK(error_of([] { games::GameState::from_json(Json{{"v", 9}}); }) == ErrorCode::PK_GAME_STATE);
}

TEST_CASE("draw: the daily game plays once per local day in the shopper's zone") {
  Fixture f;
  const PrizePool& p = f.pool("daily-1");
  games::GameState state;
  // 2025-11-10 23:30 and 2025-11-11 00:30 in Shanghai are the same UTC day (15:30 and 16:30).
  const Millis late = 1762788600000, after_midnight = late + 3600000;
  CHECK(games::local_day(late, "Asia/Shanghai") == "2025-11-10");
  CHECK(games::local_day(after_midnight, "Asia/Shanghai") == "2025-11-11");
  CHECK(games::local_day(after_midnight, "UTC") == "2025-11-10");
  auto play = [&](std::uint64_t seq, Millis now) {
    return error_of([&] {
      auto t = gtest::ticket_for(p.id, p.version, seq);
      games::Outcome o = f.draw(p, t, {now});
      games::check_ticket(state, p, t, o.day);
      games::record_draw(state, p, t, o);
    });
  };
  CHECK(play(0, late) == ErrorCode::PK_OK);
  CHECK(play(1, late + 60000) == ErrorCode::PK_DAILY_ALREADY_PLAYED);
  CHECK(play(1, after_midnight) == ErrorCode::PK_OK);
  auto t = gtest::ticket_for(p.id, p.version, 2);
  games::Outcome o = f.draw(p, t, {after_midnight + 86400000});
  CHECK(o.day == "2025-11-12");
  games::Outcome moved = o;
  moved.day = "2025-11-13";  // claiming another day breaks the proof
  CHECK(error_of([&] { games::verify_draw(t, p, f.profile, moved, f.verify_options()); }) == ErrorCode::PK_DRAW_PROOF);
}

TEST_CASE("draw: entry rules and point costs") {
  Fixture f;
  const PrizePool& p = f.pool("daily-1");
  CHECK(games::check_entry(p, f.catalog, f.profile, f.profile_doc, 0, "") == 10);
  Json silver = f.profile_doc;
  silver["tier"] = "silver";
  CHECK(error_of([&] { games::check_entry(p, f.catalog, read_profile(silver), silver, 0, ""); }) == ErrorCode::PK_GAME_NOT_ELIGIBLE);
  Json poor = f.profile_doc;
  poor["points"] = 5;
  CHECK(error_of([&] { games::check_entry(p, f.catalog, read_profile(poor), poor, 0, ""); }) == ErrorCode::PK_GAME_NOT_ELIGIBLE);
  CHECK(games::check_entry(f.pool("wheel-1"), f.catalog, f.profile, f.profile_doc, 0, "") == 0);
  CHECK(error_of([&] { games::pool_or_throw(f.catalog, "nope"); }) == ErrorCode::PK_POOL_NOT_FOUND);
}

TEST_CASE("draw: a stock-out grants the documented substitute, and the server's stock decides") {
  Fixture f;
  const PrizePool& p = f.pool("wheel-1");
  const auto t = f.ticket_drawing(p, "p-coupon");
  games::Outcome o = f.draw(p, t, {1760000000000, "", {"p-coupon"}});
  CHECK(o.drawn == "p-coupon");
  CHECK(o.substituted);
  CHECK(o.prize_id == "p-none");  // the cheapest available prize
  CHECK(o.unavailable == std::vector<std::string>{"p-coupon"});
  auto opts = f.verify_options();
  games::Verified v = games::verify_draw(t, p, f.profile, o, opts);  // the server still has coupons
  CHECK(p.prizes[v.granted].id == "p-coupon");
  CHECK_FALSE(v.substituted);
  games::Outcome fresh = f.draw(p, t);  // the client thought it had stock; the server has none
  opts.unavailable = {"p-coupon"};
  v = games::verify_draw(t, p, f.profile, fresh, opts);
  CHECK(p.prizes[v.granted].id == "p-none");
  CHECK(v.substituted);
  // Claiming a substitution the stock view does not imply fails.
  games::Outcome claim = o;
  claim.unavailable.clear();
  CHECK(error_of([&] { games::verify_draw(t, p, f.profile, claim, f.verify_options()); }) == ErrorCode::PK_DRAW_OUTCOME_MISMATCH);
  // Nothing left at all.
  CHECK(error_of([&] { f.draw(p, t, {1760000000000, "", {"p-coupon", "p-points", "p-none"}}); }) == ErrorCode::PK_POOL_EXHAUSTED);
}

TEST_CASE("draw: substitutes never cost more, ties go to the likelier prize") {
  Fixture f;
  const PrizePool& p = f.pool("scratch-1");
  games::Distribution d = games::base_distribution(p);
  CHECK(*games::substitute(p, d, 1, {false, true, false, false}) == 3);  // s-gift -> s-none (cost 0)
  CHECK(*games::substitute(p, d, 1, {false, true, false, true}) == 2);   // then s-points (20)
  CHECK(*games::substitute(p, d, 0, {false, true, false, true}) == 0);   // available: itself
  CHECK_FALSE(games::substitute(p, d, 0, {true, true, true, true}));
}

TEST_CASE("draw: per-customer caps and stock 0 make prizes unavailable") {
  Fixture f;
  const PrizePool& p = f.pool("scratch-1");
  games::GameState state;
  CHECK(games::unavailable_for(state, p, "u1").empty());
  auto t = f.ticket_drawing(p, "s-gift");
  games::record_draw(state, p, t, f.draw(p, t));
  CHECK(games::unavailable_for(state, p, "u1") == std::vector<std::string>{"s-gift"});
  CHECK(games::unavailable_for(state, p, "u2").empty());
  PrizePool sold = f.pool("wheel-1");
  sold.prizes[0].stock = 0;
  CHECK(games::unavailable_for(state, sold, "u1") == std::vector<std::string>{"p-coupon"});
}

TEST_CASE("draw: a scratch card shows the prize three times and no other prize three times") {
  Fixture f;
  const PrizePool& p = f.pool("scratch-1");
  for (std::uint64_t s = 0; s < 50; ++s) {
    games::Outcome o = f.draw(p, gtest::ticket_for(p.id, p.version, s));
    REQUIRE(o.grid.size() == 9);
    std::map<std::string, int> count;
    for (const auto& c : o.grid) ++count[c];
    CHECK(count[o.prize_id] == 3);
    for (const auto& [id, n] : count)
      if (id != o.prize_id) CHECK(n <= 2);
  }
  CHECK(f.draw(f.pool("wheel-1"), gtest::ticket_for("wheel-1", 3, 0)).grid.empty());
}

TEST_CASE("draw: cross-build vectors (the same outcomes natively and in wasm)") {
  Fixture f;
  Json vectors = pktest::read_json("tests/data/games/draw-vectors.json");
  REQUIRE(vectors["cases"].size() >= 8);
  CHECK(vectors["drawVersion"] == games::kDrawVersion);
  const std::string sk = tokens::signing_key_from_seed(*crypto::hex_decode(vectors["signingSeed"].get<std::string>()));
  Catalog catalog = read_catalog(vectors["catalog"]);
  for (const Json& c : vectors["cases"]) {
    CAPTURE(c["name"].get<std::string>());
    tickets::IssueRequest req = tickets::issue_request_from_json(c["request"]);
    tickets::Ticket t = tickets::issue(req, sk).front();
    CHECK(tickets::to_json(t) == c["ticket"]);  // ticket issue is deterministic too
    Profile profile = read_profile(c["profile"]);
    const PrizePool& pool = games::pool_or_throw(catalog, req.pool_id);
    games::Distribution d = games::distribution(pool, &catalog, games::interests_of(profile, c["profile"]));
    games::DrawOptions opts;
    opts.now = c["now"].get<Millis>();
    opts.unavailable = c.value("unavailable", std::vector<std::string>{});
    CHECK(games::to_json(games::draw(pool, t, profile, d, opts)) == c["outcome"]);
    games::VerifyOptions v;
    v.verify_key = tokens::verify_key_for(sk);
    v.catalog = &catalog;
    v.interests = games::interests_of(profile, c["profile"]);
    CHECK(error_of([&] { games::verify_draw(t, pool, profile, games::outcome_from_json(c["outcome"]), v); }) == ErrorCode::PK_OK);
  }
}
