// games::Session: draws with entry costs, ticket order, daily limits and per-customer caps;
// challenges fed by tracked events; state that survives export and import.
#include <doctest/doctest.h>

#include <cmath>

#include <memory>

#include "promokit/engine.hpp"
#include "unit-games-util.hpp"

using namespace promokit;
using gtest::error_of;

namespace {

games::Session session() {
  Json c = gtest::catalog_json();
  c["challenges"] = Json::parse(R"([{ "id": "spend-300", "goal": { "type": "spend", "target": 30000 }, "period": "week",
    "reward": { "tickets": 2, "poolId": "wheel-1" } }])");
  games::Session s(read_catalog(c), "UTC", "en");
  s.set_profile(gtest::profile_json());
  s.set_now(1762788600000);  // 2025-11-10 23:30 in Shanghai
  return s;
}

Event purchase(const char* id, Millis t, Money amount) {
  Event e;
  e.id = id;
  e.type = EventType::Purchase;
  e.time = t;
  e.amount = amount;
  return e;
}

}  // namespace

TEST_CASE("session: draws use tickets in order, once, and pay the entry cost") {
  games::Session s = session();
  CHECK(s.zone() == "Asia/Shanghai");  // the profile's zone wins
  CHECK(s.locale() == "zh-CN");
  games::Outcome o = s.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 0));
  CHECK(o.ticket_id == gtest::ticket_for("wheel-1", 3, 0).ticket_id);
  CHECK(error_of([&] { s.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 0)); }) == ErrorCode::PK_TICKET_USED);
  CHECK(error_of([&] { s.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 2)); }) == ErrorCode::PK_TICKET_ORDER);
  CHECK(error_of([&] { s.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 1)); }) == ErrorCode::PK_OK);
  CHECK(error_of([&] { s.draw("nope", gtest::ticket_for("nope", 1, 0)); }) == ErrorCode::PK_POOL_NOT_FOUND);

  // The daily game: 10 points a play, once per Shanghai day.
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 0)); }) == ErrorCode::PK_OK);
  CHECK(s.points_spent() == 10);
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 1)); }) == ErrorCode::PK_DAILY_ALREADY_PLAYED);
  s.set_now(1762788600000 + 3600000);  // 00:30 the next day in Shanghai (still the 10th in UTC)
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 1)); }) == ErrorCode::PK_OK);
  CHECK(s.points_spent() == 20);
  // Points run out: 500 - 20 spent; a profile with 25 points can afford two plays only.
  Json poor = gtest::profile_json();
  poor["points"] = 25;
  s.set_profile(poor);
  s.set_now(1762788600000 + 2 * 86400000);
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 2)); }) == ErrorCode::PK_GAME_NOT_ELIGIBLE);
}

// Regression: the entry rule was compiled on every draw. It is compiled once per pool now; the
// profile it is evaluated on is still the current one.
TEST_CASE("session: the entry rule compiled once follows the current profile") {
  games::Session s = session();
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 0)); }) == ErrorCode::PK_OK);
  Json silver = gtest::profile_json();
  silver["tier"] = "silver";
  s.set_profile(silver);
  s.set_now(1762788600000 + 86400000);
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 1)); }) == ErrorCode::PK_GAME_NOT_ELIGIBLE);
  CHECK(s.points_spent() == 10);  // the refused play cost nothing
  s.set_profile(gtest::profile_json());
  CHECK(error_of([&] { s.draw("daily-1", gtest::ticket_for("daily-1", 2, 1)); }) == ErrorCode::PK_OK);
  CHECK(s.points_spent() == 20);
}

TEST_CASE("session: a prize capped per customer is substituted after it was won") {
  games::Session s = session();
  bool won = false;
  for (std::uint64_t seq = 0; seq < 300; ++seq) {
    games::Outcome o = s.draw("scratch-1", gtest::ticket_for("scratch-1", 1, seq));
    if (won) {
      CHECK(o.prize_id != "s-gift");
      CHECK(o.unavailable == std::vector<std::string>{"s-gift"});
      if (o.drawn == "s-gift") {
        CHECK(o.substituted);
        break;
      }
    }
    won = won || o.prize_id == "s-gift";
  }
  CHECK(won);
}

TEST_CASE("session: tracked events drive challenges and grants, once") {
  games::Session s = session();
  // Monday 2025-11-10, 21:06 and 22:30 in Shanghai: the same ISO week.
  CHECK(s.track(purchase("p1", 1762780000000, 20000)).empty());
  auto g = s.track(purchase("p2", 1762785000000, 15000));
  REQUIRE(g.size() == 1);
  CHECK(g[0].reward.tickets == 2);
  CHECK(s.track(purchase("p2", 1762785000000, 15000)).empty());
  CHECK(s.grants().size() == 1);
  CHECK(*s.last_activity() == 1762785000000);
  Json ch = s.challenges_json();
  REQUIRE(ch.size() == 1);
  CHECK(ch[0]["completed"] == true);
  CHECK(ch[0]["value"] == 35000);
  CHECK(s.preview("lean-1")["personalized"] == true);
}

TEST_CASE("session: state survives export and import; a bad state changes nothing") {
  games::Session a = session();
  a.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 5));
  a.draw("daily-1", gtest::ticket_for("daily-1", 2, 0));
  a.track(purchase("p1", 1762700000000, 40000));
  Json state = a.export_state();
  games::Session b = session();
  b.import_state(state);
  CHECK(b.export_state() == state);
  CHECK(error_of([&] { b.draw("wheel-1", gtest::ticket_for("wheel-1", 3, 5)); }) == ErrorCode::PK_TICKET_USED);
  CHECK(error_of([&] { b.draw("daily-1", gtest::ticket_for("daily-1", 2, 1)); }) == ErrorCode::PK_DAILY_ALREADY_PLAYED);
  CHECK(b.points_spent() == 10);
  CHECK(b.grants().size() == 1);

  Json bad = state;
  bad["draws"]["pools"][0]["wins"] = {{"p-none", -1}};
  try {
    b.import_state(bad);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::PK_GAME_STATE);
    CHECK(e.path().rfind("draws.pools[0].wins", 0) == 0);
  }
  CHECK(b.export_state() == state);
  CHECK(error_of([&] { b.import_state(Json{{"v", 1}, {"grants", {{{"grantId", 1}}}}}); }) == ErrorCode::PK_GAME_STATE);
  CHECK(b.export_state() == state);
}

// The session keeps each pool's distribution between draws; every draw must still be the one
// the free functions compute from the session's current pool and profile.
TEST_CASE("session: the kept distribution follows the profile and the catalog") {
  auto fresh = [](const games::Session& s, const char* pool_id, const tickets::Ticket& t) {
    const PrizePool& pool = games::pool_or_throw(s.catalog(), pool_id);
    games::DrawOptions o;
    o.now = s.now();
    return games::draw(pool, t, s.profile(), games::distribution(pool, &s.catalog(), games::interests_of(s.profile(), s.profile_doc())), o);
  };
  games::Session s = session();
  games::Outcome first = s.draw("lean-1", gtest::ticket_for("lean-1", 1, 0));
  CHECK(first.proof == fresh(s, "lean-1", gtest::ticket_for("lean-1", 1, 0)).proof);
  // Other interests lean the personalized pool elsewhere: the next draw commits to the new weights.
  Json foodie = gtest::profile_json();
  foodie["interests"] = Json::array({"food"});
  s.set_profile(foodie);
  games::Outcome second = s.draw("lean-1", gtest::ticket_for("lean-1", 1, 1));
  CHECK(second.dist_hash != first.dist_hash);
  CHECK(second.proof == fresh(s, "lean-1", gtest::ticket_for("lean-1", 1, 1)).proof);

  // A pool edited in a new catalog (weights moved, same version) draws from the edited pool.
  Json c = gtest::catalog_json();
  c["prizePools"][0]["prizes"][2]["weight"] = 0;
  c["prizePools"][0]["prizes"][1]["weight"] = 90;
  games::Session edited(read_catalog(c), "UTC", "en");
  edited.set_profile(gtest::profile_json());
  edited.set_now(s.now());
  games::Session before = session();
  for (std::uint64_t seq = 0; seq < 8; ++seq) {
    auto t = gtest::ticket_for("wheel-1", 3, seq);
    games::Outcome a = before.draw("wheel-1", t), b = edited.draw("wheel-1", t);
    CHECK(a.pool_hash != b.pool_hash);
    CHECK(b.prize_id != "p-none");
    CHECK(b.proof == fresh(edited, "wheel-1", t).proof);
  }
}

TEST_CASE("tickets: ticket_from_fields checks like ticket_from_json, with the same errors") {
  tickets::Ticket t = gtest::ticket_for("wheel-1", 3, 0);
  auto from_fields = [](const Json& j) {
    auto text = [&](const char* k) { return j[k].get<std::string>(); };
    return tickets::ticket_from_fields(text("ticketId"), text("seed"), text("poolId"), j["poolVersion"].get<double>(), text("customerId"),
                                       j["expiry"].get<double>(), j["sequence"].get<double>(), text("signature"));
  };
  auto outcome = [](auto read) -> std::string {
    try {
      return tickets::to_json(read()).dump();
    } catch (const Error& e) {
      return std::string(e.name()) + " " + e.path() + " " + e.what();
    }
  };
  Json good = tickets::to_json(t);
  CHECK(outcome([&] { return from_fields(good); }) == outcome([&] { return tickets::ticket_from_json(good); }));
  std::vector<std::pair<const char*, Json>> edits = {
      {"ticketId", ""},           {"ticketId", std::string(129, 'x')}, {"seed", ""},         {"poolId", std::string(200, 'p')},
      {"poolVersion", -1},        {"poolVersion", 1.5},                {"expiry", 1e300},   {"expiry", 9007199254740992.0},
      {"sequence", -0.5},         {"sequence", 2.0},                   {"signature", ""},   {"signature", std::string(129, 's')},
      {"customerId", "u\xe4\xb8\x80"}};
  for (const auto& [key, value] : edits) {
    Json j = good;
    j[key] = value;
    CAPTURE(j.dump());
    CHECK(outcome([&] { return from_fields(j); }) == outcome([&] { return tickets::ticket_from_json(j); }));
  }
  CHECK(error_of([] { tickets::ticket_from_fields("t", "s", "p", 1, "c", std::nan(""), 0, "x"); }) == ErrorCode::PK_TICKET_MALFORMED);
}

TEST_CASE("session: over an engine's catalog, shared rather than copied, and kept after the engine") {
  Json c = gtest::catalog_json();
  c["challenges"] = Json::parse(R"([{ "id": "spend-300", "goal": { "type": "spend", "target": 30000 }, "period": "week",
    "reward": { "tickets": 2, "poolId": "wheel-1" } }])");
  auto engine = std::make_unique<Engine>(read_catalog(c), EngineOptions{});
  games::Session s(engine->shared_catalog(), "UTC", "en");
  CHECK(&s.catalog() == &engine->catalog());  // one catalog, not a copy
  engine.reset();                             // the session keeps it alive
  s.set_profile(gtest::profile_json());
  s.set_now(1762788600000);
  CHECK(s.track(purchase("p1", 1762780000000, 20000)).empty());
  CHECK(s.track(purchase("p2", 1762785000000, 15000)).size() == 1);
  CHECK(s.preview("lean-1")["personalized"] == true);
  CHECK(error_of([] { games::Session(std::shared_ptr<const Catalog>(), "UTC"); }) == ErrorCode::PK_INVALID_ARGUMENT);
}
