// Challenges and spending goals: definitions read with paths, progress from events per local
// period, completion grants exactly once (replays change nothing), state export/import.
#include <doctest/doctest.h>

#include "games/internal.hpp"
#include "unit-games-util.hpp"

using namespace promokit;
using gtest::error_of;

namespace {

const char* kZone = "Asia/Shanghai";

// UTC ms of a local wall time in Shanghai.
Millis at(int y, int m, int d, int hh = 12, int mm = 0) {
  return games::cal::utc_at(games::cal::day_number(y, m, d), hh * 60 + mm, kZone);
}

Json challenges_json() {
  return Json::parse(R"([
    { "id": "spend-500-week", "title": { "en": "Spend ¥500 this week", "zh": "本周消费满500元" },
      "goal": { "type": "spend", "target": 50000 }, "period": "week", "reward": { "tickets": 1, "poolId": "wheel-1" } },
    { "id": "visit-3-month", "goal": { "type": "distinct", "field": "store", "target": 3 }, "period": "month",
      "reward": { "points": 200 } },
    { "id": "claim-2-fashion", "goal": { "type": "count", "event": "claim", "target": 2, "category": "fashion" },
      "period": "all", "reward": { "offerId": "food-10" } }
  ])");
}

Event event(const char* id, EventType type, Millis t, Money amount = 0, const char* store = "", const char* offer = "") {
  Event e;
  e.id = id;
  e.type = type;
  e.time = t;
  e.amount = amount;
  e.store = store;
  e.offer_id = offer;
  return e;
}

struct Fixture {
  Catalog catalog = read_catalog(gtest::catalog_json());
  std::vector<games::Challenge> list = games::read_challenges(challenges_json(), &catalog);
  games::ChallengeState state;
  std::vector<games::Grant> track(const Event& e) { return games::track(state, list, &catalog, e, kZone); }
  games::Progress progress_of(const std::string& id, Millis now) {
    for (auto& p : games::progress(state, list, now, kZone))
      if (p.challenge->id == id) return p;
    FAIL("no challenge " << id);
    return {};
  }
};

}  // namespace

TEST_CASE("challenges: definitions are read and checked with paths") {
  Catalog catalog = read_catalog(gtest::catalog_json());
  auto list = games::read_challenges(challenges_json(), &catalog);
  REQUIRE(list.size() == 3);
  CHECK(list[0].type == games::GoalType::Spend);
  CHECK(list[0].events == std::vector<EventType>{EventType::Purchase});
  CHECK(list[1].events == std::vector<EventType>{EventType::Purchase, EventType::Redeem});
  CHECK(list[2].reward.offer_id == "food-10");
  CHECK(games::read_challenges(nullptr).empty());

  struct Bad {
    const char* patch;  // applied to the first challenge
    ErrorCode code;
    const char* path;
  };
  const Bad cases[] = {
      {R"({ "goal": 5 })", ErrorCode::PK_SCHEMA_TYPE, "challenges[0].goal"},
      {R"({ "goal": { "type": "spend", "target": 0 } })", ErrorCode::PK_SCHEMA_RANGE, "challenges[0].goal.target"},
      {R"({ "goal": { "type": "spend", "target": null } })", ErrorCode::PK_SCHEMA_REQUIRED, "challenges[0].goal.target"},
      {R"({ "goal": { "type": "sum", "target": 3 } })", ErrorCode::PK_SCHEMA_ENUM, "challenges[0].goal.type"},
      {R"({ "goal": { "type": "count", "target": 3 } })", ErrorCode::PK_SCHEMA_REQUIRED, "challenges[0].goal.event"},
      {R"({ "goal": { "type": "count", "target": 3, "event": ["claim", "hop"] } })", ErrorCode::PK_SCHEMA_ENUM,
       "challenges[0].goal.event[1]"},
      {R"({ "goal": { "type": "distinct", "field": "colour", "target": 3 } })", ErrorCode::PK_SCHEMA_ENUM, "challenges[0].goal.field"},
      {R"({ "period": "year" })", ErrorCode::PK_SCHEMA_ENUM, "challenges[0].period"},
      {R"({ "reward": { "tickets": 0 } })", ErrorCode::PK_SCHEMA_REQUIRED, "challenges[0].reward"},
      {R"({ "reward": { "tickets": 2, "poolId": null } })", ErrorCode::PK_SCHEMA_REQUIRED, "challenges[0].reward.poolId"},
      {R"({ "reward": { "offerId": "ghost" } })", ErrorCode::PK_SCHEMA_REFERENCE, "challenges[0].reward.offerId"},
      {R"({ "reward": { "tickets": 1, "poolId": "ghost" } })", ErrorCode::PK_SCHEMA_REFERENCE, "challenges[0].reward.poolId"},
      {R"({ "id": "visit-3-month" })", ErrorCode::PK_SCHEMA_DUPLICATE, "challenges[1].id"},
      {R"({ "title": 5 })", ErrorCode::PK_SCHEMA_TYPE, "challenges[0].title"},
  };
  for (const Bad& b : cases) {
    CAPTURE(std::string(b.patch));
    Json section = challenges_json();
    section[0].merge_patch(Json::parse(b.patch));
    if (section[0].contains("id") && section[0]["id"] == "visit-3-month") std::swap(section[0], section[1]);
    try {
      games::read_challenges(section, &catalog);
      FAIL("accepted: " << section[0].dump());
    } catch (const Error& e) {
      CHECK(e.code() == b.code);
      CHECK(e.path() == b.path);
    }
  }
}

TEST_CASE("challenges: spend this week completes once, and replays change nothing") {
  Fixture f;
  const Millis mon = at(2025, 11, 10, 10), wed = at(2025, 11, 12, 19);
  std::vector<Event> events = {event("e1", EventType::Purchase, mon, 20000), event("e2", EventType::Purchase, wed, 25000),
                               event("e3", EventType::View, wed, 90000)};
  for (const auto& e : events) CHECK(f.track(e).empty());
  games::Progress p = f.progress_of("spend-500-week", wed);
  CHECK(p.value == 45000);
  CHECK(p.target == 50000);
  CHECK_FALSE(p.completed);
  CHECK(p.period_key == "2025-W46");
  CHECK(p.period_end == at(2025, 11, 17, 0));  // next Monday, local midnight

  auto grants = f.track(event("e4", EventType::Purchase, wed + 60000, 6000));
  REQUIRE(grants.size() == 1);
  CHECK(grants[0].grant_id == "spend-500-week@2025-W46");
  CHECK(grants[0].reward.tickets == 1);
  CHECK(grants[0].reward.pool_id == "wheel-1");
  for (const auto& e : events) CHECK(f.track(e).empty());  // replay
  CHECK(f.track(event("e4", EventType::Purchase, wed + 60000, 6000)).empty());
  CHECK(f.track(event("e5", EventType::Purchase, wed + 120000, 90000)).empty());  // done for this week
  CHECK(f.progress_of("spend-500-week", wed).completed);
  CHECK(f.progress_of("spend-500-week", wed).value == 51000);  // the total, beyond the target

  // Next week starts over: Sunday 23:30 and Monday 00:30 local are different weeks.
  CHECK(games::period_key(games::Period::Week, at(2025, 11, 16, 23, 30), kZone) == "2025-W46");
  CHECK(games::period_key(games::Period::Week, at(2025, 11, 17, 0, 30), kZone) == "2025-W47");
  CHECK(games::period_key(games::Period::Week, at(2025, 11, 17, 0, 30), "UTC") == "2025-W46");
  CHECK(f.track(event("e6", EventType::Purchase, at(2025, 11, 17, 0, 30), 60000)).size() == 1);
  CHECK(f.progress_of("spend-500-week", at(2025, 11, 17, 12)).completed);
}

TEST_CASE("challenges: ISO week keys at year ends") {
  CHECK(games::period_key(games::Period::Week, at(2026, 1, 1), kZone) == "2026-W01");   // Thursday
  CHECK(games::period_key(games::Period::Week, at(2027, 1, 1), kZone) == "2026-W53");   // Friday
  CHECK(games::period_key(games::Period::Week, at(2024, 12, 30), kZone) == "2025-W01");  // Monday
  CHECK(games::period_key(games::Period::Month, at(2025, 2, 28), kZone) == "2025-02");
  CHECK(games::period_key(games::Period::Day, at(2025, 2, 28, 23, 59), kZone) == "2025-02-28");
  CHECK(games::period_key(games::Period::All, 0, kZone) == "all");
}

TEST_CASE("challenges: three different stores this month") {
  Fixture f;
  const Millis t = at(2025, 11, 3);
  CHECK(f.track(event("v1", EventType::Purchase, t, 100, "s1")).empty());
  CHECK(f.track(event("v2", EventType::Purchase, t + 1000, 100, "s1")).empty());  // same store
  CHECK(f.track(event("v3", EventType::View, t + 2000, 0, "s2")).empty());       // a view is no visit
  CHECK(f.track(event("v4", EventType::Redeem, t + 3000, 0, "s2")).empty());
  CHECK(f.progress_of("visit-3-month", t).value == 2);
  auto g = f.track(event("v5", EventType::Purchase, at(2025, 11, 29), 100, "s3"));
  REQUIRE(g.size() == 1);
  CHECK(g[0].reward.points == 200);
  CHECK(g[0].grant_id == "visit-3-month@2025-11");
  CHECK(f.progress_of("visit-3-month", at(2025, 12, 1)).value == 0);  // December starts over
}

TEST_CASE("challenges: claim 2 fashion offers (category from the catalog offer)") {
  Fixture f;
  const Millis t = at(2025, 11, 3);
  CHECK(f.track(event("c1", EventType::Claim, t, 0, "", "fashion-20")).empty());
  CHECK(f.track(event("c2", EventType::Claim, t + 1, 0, "", "food-10")).empty());  // not fashion
  CHECK(f.track(event("c1", EventType::Claim, t, 0, "", "fashion-20")).empty());   // replayed
  CHECK(f.progress_of("claim-2-fashion", t).value == 1);
  Event tagged = event("c3", EventType::Claim, t + 2, 0, "", "unknown-offer");
  tagged.category = "fashion";  // the event's own category counts too
  auto g = f.track(tagged);
  REQUIRE(g.size() == 1);
  CHECK(g[0].reward.offer_id == "food-10");
  CHECK(g[0].grant_id == "claim-2-fashion@all");
  CHECK(f.track(event("c4", EventType::Claim, at(2026, 5, 1), 0, "", "fashion-20")).empty());  // "all": once ever
}

TEST_CASE("challenges: events without an id count once by their content") {
  Fixture f;
  Event e = event("", EventType::Purchase, at(2025, 11, 11), 30000);
  f.track(e);
  f.track(e);
  CHECK(f.progress_of("spend-500-week", at(2025, 11, 11)).value == 30000);
  e.amount = 30001;
  f.track(e);
  CHECK(f.progress_of("spend-500-week", at(2025, 11, 11)).completed);
}

TEST_CASE("challenges: state exports, imports and prunes ended periods") {
  Fixture f;
  f.track(event("a", EventType::Purchase, at(2025, 11, 4), 10000, "s1"));
  f.track(event("b", EventType::Claim, at(2025, 11, 4), 0, "", "fashion-20"));
  f.track(event("c", EventType::Purchase, at(2025, 11, 11), 60000, "s2"));
  Json exported = f.state.to_json();
  games::ChallengeState back = games::ChallengeState::from_json(exported);
  CHECK(back.to_json() == exported);
  CHECK(back.completed.count("spend-500-week@2025-W46") == 1);
  // Replaying into the imported state still changes nothing.
  CHECK(games::track(back, f.list, &f.catalog, event("b", EventType::Claim, at(2025, 11, 4), 0, "", "fashion-20"), kZone).empty());

  games::prune(f.state, f.list, at(2025, 11, 12), kZone);
  CHECK(f.state.windows.count("spend-500-week@2025-W45") == 0);  // last week's window is gone
  CHECK(f.state.windows.count("visit-3-month@2025-11") == 1);
  CHECK(f.state.windows.count("claim-2-fashion@all") == 1);
  CHECK(f.state.completed.count("spend-500-week@2025-W46") == 1);  // completions stay

  Json j = games::to_json(f.progress_of("spend-500-week", at(2025, 11, 12)), "zh-CN");
  CHECK(j["title"] == "本周消费满500元");
  CHECK(j["completed"] == true);
  CHECK(j["ratio"] == 1.0);
  CHECK(j["reward"]["tickets"] == 1);
  CHECK(games::to_json(f.progress_of("visit-3-month", at(2025, 11, 12)), "en")["title"] == "");

  CHECK(error_of([] { games::ChallengeState::from_json(Json{{"v", 1}, {"windows", {{"k", 1}}}}); }) == ErrorCode::PK_GAME_STATE);
  CHECK(error_of([] { games::ChallengeState::from_json(Json::array()); }) == ErrorCode::PK_GAME_STATE);
}
