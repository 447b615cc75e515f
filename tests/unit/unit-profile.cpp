// Behavioral learning: decay formula, event weights, which keys an event feeds, top-K bounds,
// replays, exact export/import, and interest(tag) in rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "promokit/profile.hpp"
#include "promokit/validate.hpp"

using namespace promokit;

namespace {

constexpr Millis kDay = 86400000;
constexpr Millis kT0 = 1772452800000;  // 2026-03-02 12:00 UTC (20:00 in Shanghai)

Event ev(EventType type, Millis time, std::string offer = "", std::string category = "", std::string id = "") {
  Event e;
  e.id = std::move(id);
  e.type = type;
  e.time = time;
  e.offer_id = std::move(offer);
  e.category = std::move(category);
  return e;
}

Offer fashion_offer() {
  return read_offer(Json::parse(R"({"id":"f20","reward":{"type":"percent","percent":20},"category":"fashion",
    "tags":["fashion","summer","high_ctr"],"brand":"Uniqlo","format":"carousel"})"));
}

}  // namespace

TEST_CASE("profile: a score is the half-life decayed sum of event weights, in any arrival order") {
  LearningOptions o;
  o.half_life_days = 10;
  LearnedProfile a(o), b(o);
  Event e1 = ev(EventType::Click, kT0, "", "food"), e2 = ev(EventType::Claim, kT0 + 4 * kDay, "", "food");
  a.learn(e1, nullptr, "");
  a.learn(e2, nullptr, "");
  b.learn(e2, nullptr, "");
  b.learn(e1, nullptr, "");
  Millis now = kT0 + 20 * kDay;
  double expected = 1.0 * std::exp2(-20.0 / 10) + 2.0 * std::exp2(-16.0 / 10);
  CHECK(a.raw(ScoreDimension::Interest, "food", now) == doctest::Approx(expected).epsilon(1e-12));
  CHECK(b.raw(ScoreDimension::Interest, "food", now) == doctest::Approx(expected).epsilon(1e-12));
  // One half-life halves it; affinity saturates: raw == saturation gives 0.5.
  CHECK(a.raw(ScoreDimension::Interest, "food", now + 10 * kDay) == doctest::Approx(expected / 2).epsilon(1e-12));
  CHECK(a.affinity_of_raw(o.saturation) == doctest::Approx(0.5));
  CHECK(a.affinity_of_raw(-o.saturation) == doctest::Approx(-0.5));
  CHECK(a.raw(ScoreDimension::Interest, "never", now) == 0);
}

TEST_CASE("profile: each event type carries its documented weight") {
  struct Case {
    EventType type;
    double weight;
  } cases[] = {{EventType::View, 0.25},    {EventType::Click, 1},    {EventType::Claim, 2},
               {EventType::Redeem, 3},     {EventType::Purchase, 3}, {EventType::Dismiss, -1},
               {EventType::Share, 1.5},    {EventType::GamePlay, 0.5}, {EventType::Complaint, 0},
               {EventType::Message, 0}};
  for (const auto& c : cases) {
    CAPTURE(to_string(c.type));
    LearnedProfile p;
    p.learn(ev(c.type, kT0, "", "beauty"), nullptr, "");
    CHECK(p.raw(ScoreDimension::Interest, "beauty", kT0) == c.weight);
  }
}

TEST_CASE("profile: an offer event feeds category, tags, brand, format and promotion type") {
  Offer f = fashion_offer();
  LearnedProfile p;
  p.learn(ev(EventType::Click, kT0, "f20"), &f, "Asia/Shanghai");
  CHECK(p.raw(ScoreDimension::Interest, "fashion", kT0) == 1);  // category and tag, counted once
  CHECK(p.raw(ScoreDimension::Interest, "summer", kT0) == 1);
  CHECK(p.raw(ScoreDimension::Interest, "high_ctr", kT0) == 0);  // automatic tags are not interests
  CHECK(p.raw(ScoreDimension::Brand, "Uniqlo", kT0) == 1);
  CHECK(p.raw(ScoreDimension::Format, "carousel", kT0) == 1);
  CHECK(p.raw(ScoreDimension::PromoType, "percent", kT0) == 1);
  CHECK(p.raw(ScoreDimension::Daypart, "evening", kT0) == 1);  // 20:00 in Shanghai
  // Fields of the event win over the offer's.
  Event e = ev(EventType::Purchase, kT0, "", "shoes");
  e.brand = "Muji";
  p.learn(e, nullptr, "");
  CHECK(p.raw(ScoreDimension::Brand, "Muji", kT0) == 3);
  CHECK(p.raw(ScoreDimension::Daypart, "lunch", kT0) == 1);  // 12:00 UTC without a zone
}

TEST_CASE("profile: dayparts follow local time") {
  struct Case {
    int hour;
    const char* daypart;
  } cases[] = {{5, "night"}, {6, "morning"}, {10, "morning"}, {11, "lunch"}, {13, "lunch"},
               {14, "afternoon"}, {17, "evening"}, {20, "evening"}, {21, "night"}, {0, "night"}};
  Millis shanghai_midnight = kT0 - 20 * 3600000;  // 2026-03-02 00:00 in Shanghai
  for (const auto& c : cases) {
    CAPTURE(c.hour);
    CHECK(daypart_of(shanghai_midnight + c.hour * 3600000, "Asia/Shanghai") == c.daypart);
  }
}

TEST_CASE("profile: memory stays within top-K per dimension, the weakest entry leaves") {
  LearningOptions o;
  o.top_k = 4;
  LearnedProfile p(o);
  for (int i = 0; i < 10; ++i) {
    Event e = ev(EventType::Click, kT0 + i * kDay, "", "c" + std::to_string(i));
    e.brand = "b" + std::to_string(i);
    p.learn(e, nullptr, "");
    p.learn(ev(EventType::Redeem, kT0 + i * kDay, "", "strong"), nullptr, "");
  }
  for (std::size_t d = 0; d < kScoreDimensions; ++d) CHECK(p.entries(static_cast<ScoreDimension>(d)).size() <= 4);
  auto top = p.top(ScoreDimension::Interest, kT0 + 10 * kDay, 4);
  REQUIRE(top.size() == 4);
  CHECK(top[0].first == "strong");
  CHECK(top[1].first == "c9");  // the most recent survive
  CHECK(p.raw(ScoreDimension::Interest, "c0", kT0 + 10 * kDay) == 0);
}

TEST_CASE("profile: a replayed event id changes nothing") {
  LearnedProfile p;
  CHECK(p.learn(ev(EventType::Click, kT0, "o1", "food", "e-1"), nullptr, ""));
  CHECK_FALSE(p.learn(ev(EventType::Click, kT0, "o1", "food", "e-1"), nullptr, ""));
  CHECK(p.raw(ScoreDimension::Interest, "food", kT0) == 1);
  CHECK(p.event_count() == 1);
  CHECK(p.offer("o1")->clicks == 1);
}

TEST_CASE("profile: offer memory counts views and clicks; a click after a dismissal clears it") {
  LearnedProfile p;
  p.learn(ev(EventType::View, kT0, "o1"), nullptr, "");
  p.learn(ev(EventType::View, kT0 + 1, "o1"), nullptr, "");
  p.learn(ev(EventType::Dismiss, kT0 + 2, "o1"), nullptr, "");
  REQUIRE(p.offer("o1"));
  CHECK(p.offer("o1")->views == 2);
  CHECK(p.offer("o1")->dismissed == kT0 + 2);
  p.learn(ev(EventType::Claim, kT0 + 3, "o1"), nullptr, "");
  CHECK_FALSE(p.offer("o1")->dismissed);
  CHECK(p.offer("o1")->clicks == 1);
  LearningOptions small;
  small.offer_memory = 2;
  LearnedProfile q(small);
  for (int i = 0; i < 5; ++i) q.learn(ev(EventType::View, kT0 + i, "o" + std::to_string(i)), nullptr, "");
  CHECK(q.offers().size() == 2);
  CHECK(q.offer("o4"));
  CHECK_FALSE(q.offer("o0"));
}

// Regression for the bucket counts (HashCounts) that let learn() skip scanning the replay ring
// and the offer memory: across ring wrap-around, evictions and an import, replays are dropped
// exactly while their id is among the last recent_ids, and the memory keeps the most recent
// offers — as a plain model of both says.
TEST_CASE("profile: replay ring and offer memory agree with a plain model through wrap-around and import") {
  for (std::size_t ring : {1u, 3u, 64u}) {
    for (std::size_t memory : {1u, 2u, 5u}) {
      CAPTURE(ring);
      CAPTURE(memory);
      LearningOptions o;
      o.recent_ids = ring;
      o.offer_memory = memory;
      LearnedProfile p(o);
      std::vector<std::string> recent;  // the model: last `ring` ids learned
      std::vector<std::string> offers;  // the model: offers by last event, most recent last
      std::uint64_t x = 12345;
      for (int i = 0; i < 600; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        std::string id = "e" + std::to_string((x >> 33) % 40);  // many replays
        std::string offer = "o" + std::to_string((x >> 45) % 9);
        bool fresh = std::find(recent.begin(), recent.end(), id) == recent.end();
        CHECK(p.learn(ev(EventType::View, kT0 + i, offer, "", id), nullptr, "") == fresh);
        if (fresh) {
          recent.push_back(id);
          if (recent.size() > ring) recent.erase(recent.begin());
          offers.erase(std::remove(offers.begin(), offers.end(), offer), offers.end());
          offers.push_back(offer);
          if (offers.size() > memory) offers.erase(offers.begin());
        }
        for (int k = 0; k < 9; ++k) {
          std::string o9 = "o" + std::to_string(k);
          CHECK((p.offer(o9) != nullptr) == (std::find(offers.begin(), offers.end(), o9) != offers.end()));
        }
        if (i == 300) p = LearnedProfile::from_json(p.to_json(), o);  // the counts are rebuilt on import
      }
    }
  }
}

TEST_CASE("profile: export and import are exact, and learning continues identically") {
  Offer f = fashion_offer();
  LearnedProfile a;
  for (int i = 0; i < 40; ++i) {
    Event e = ev(static_cast<EventType>(i % 8), kT0 + i * 3600007LL, i % 3 ? "f20" : "", i % 2 ? "food" : "", "e" + std::to_string(i));
    a.learn(e, i % 3 ? &f : nullptr, "Asia/Shanghai");
  }
  Json state = a.to_json();
  LearnedProfile b = LearnedProfile::from_json(Json::parse(state.dump()));
  CHECK(b == a);
  CHECK(b.to_json() == state);
  Event next = ev(EventType::Click, kT0 + 50 * 3600000LL, "f20", "", "e-next");
  a.learn(next, &f, "Asia/Shanghai");
  b.learn(next, &f, "Asia/Shanghai");
  CHECK(b == a);
  CHECK_FALSE(b.learn(ev(EventType::Click, kT0, "", "", "e39"), nullptr, ""));  // replay memory survived
}

TEST_CASE("profile: a malformed state is refused with its path") {
  struct Case {
    const char* state;
    const char* path;
  } cases[] = {
      {R"([])", "state"},
      {R"({"v":2,"events":0,"interest":[],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[]})", "state.v"},
      {R"({"v":1,"interest":[],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[]})", "state.events"},
      {R"({"v":1,"events":0,"interest":[["a","x",1]],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[]})",
       "state.interest[0]"},
      {R"({"v":1,"events":0,"interest":[["a",1,1.5]],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[]})",
       "state.interest[0][2]"},
      {R"({"v":1,"events":0,"interest":[],"brand":{},"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[]})", "state.brand"},
      {R"({"v":1,"events":0,"interest":[],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[["o",1,0,5,"x"]],"recent":[]})",
       "state.offers[0][4]"},
      {R"({"v":1,"events":0,"interest":[],"brand":[],"format":[],"promoType":[],"daypart":[],"offers":[],"recent":[1]})", "state.recent[0]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.state);
    try {
      LearnedProfile::from_json(Json::parse(c.state));
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_PROFILE_STATE);
      CHECK(e.path() == c.path);
    }
  }
}

TEST_CASE("profile: learned interest answers interest(tag) and score(dim:key) in rules") {
  Offer f = fashion_offer();
  LearnedProfile p;
  Rule likes = compile_rule_text(R"(interest("fashion") > 0.3)");
  Rule brand = compile_rule_text(R"(score("brand:Uniqlo") >= 0.5)");
  Json data = Json::parse(R"({"id":"u1","scores":{"interest":{"fashion":0.9}}})");
  {
    LearnedInterestHooks hooks(p, kT0);
    CHECK(likes.matches(data, EvalContext{kT0, "", &hooks}));  // nothing learned: the data's score answers
    CHECK_FALSE(brand.matches(data, EvalContext{kT0, "", &hooks}));
  }
  p.learn(ev(EventType::Dismiss, kT0, "f20"), &f, "");
  {
    LearnedInterestHooks hooks(p, kT0);
    CHECK_FALSE(likes.matches(data, EvalContext{kT0, "", &hooks}));  // learned dislike wins over the data
  }
  for (int i = 0; i < 3; ++i) p.learn(ev(EventType::Claim, kT0 + i, "f20"), &f, "");
  LearnedInterestHooks hooks(p, kT0 + 3);
  CHECK(likes.matches(data, EvalContext{kT0 + 3, "", &hooks}));
  CHECK(brand.matches(data, EvalContext{kT0 + 3, "", &hooks}));
  CHECK(*hooks.interest("fashion") == doctest::Approx(p.affinity(ScoreDimension::Interest, "fashion", kT0 + 3)));
  CHECK_FALSE(hooks.score("unknown:x"));
  CHECK(*hooks.score("format:qr") == 0);
}

// Regression for the ranks (log2|v| + t/H) that choose which entry of a full dimension makes room
// without decaying every entry: across in-order and out-of-order events, dismissals (negative
// weights, values through zero), replaced entries and an import, the keys kept are those a plain
// model keeps — it decays each entry to the event's time (undecayed when newer) and drops the
// weakest, the first of equals.
TEST_CASE("profile: a full dimension drops the weakest entry, as a plain model of decayed magnitudes says") {
  struct Plain {
    std::string key;
    double value;
    Millis time;
  };
  for (bool in_order : {true, false}) {
    for (std::size_t k : {1u, 3u, 8u}) {
      CAPTURE(in_order);
      CAPTURE(k);
      LearningOptions o;
      o.top_k = k;
      o.half_life_days = 2;
      LearnedProfile p(o);
      const double h = 2 * 86400000.0;
      auto decay = [&](Millis dt) { return dt <= 0 ? 1.0 : std::exp2(-static_cast<double>(dt) / h); };
      std::vector<Plain> model;
      std::uint64_t x = 777;
      for (int i = 0; i < 800; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        auto type = static_cast<EventType>((x >> 20) % 8);
        Millis t = kT0 + i * 3 * 3600000LL;
        if (!in_order) t -= static_cast<Millis>((x >> 40) % 5) * kDay;  // up to four days late
        Event e = ev(type, t, "", "", "e" + std::to_string(i));
        e.brand = "b" + std::to_string((x >> 50) % 13);
        p.learn(e, nullptr, "");
        double w = o.weight[static_cast<std::size_t>(type)];
        if (w != 0) {
          auto same = std::find_if(model.begin(), model.end(), [&](const Plain& m) { return m.key == e.brand; });
          if (same != model.end()) {
            if (t >= same->time) {
              same->value = same->value * decay(t - same->time) + w;
              same->time = t;
            } else {
              same->value += w * decay(same->time - t);
            }
          } else if (model.size() < k) {
            model.push_back({e.brand, w, t});
          } else {
            std::size_t weakest = 0;
            for (std::size_t j = 1; j < model.size(); ++j)
              if (std::fabs(model[j].value) * decay(t - model[j].time) < std::fabs(model[weakest].value) * decay(t - model[weakest].time)) weakest = j;
            model[weakest] = {e.brand, w, t};
          }
        }
        const auto& got = p.entries(ScoreDimension::Brand);
        REQUIRE(got.size() == model.size());
        for (std::size_t j = 0; j < model.size(); ++j) {
          CHECK(got[j].key == model[j].key);
          CHECK(got[j].value == model[j].value);
        }
        if (i == 400) p = LearnedProfile::from_json(p.to_json(), o);  // the ranks are rebuilt on import
      }
    }
  }
}
