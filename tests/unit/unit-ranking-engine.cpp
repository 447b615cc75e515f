// Personalization attached to the Engine: events the engine accepts are learned, the learned
// interests answer interest(tag) in targeting, recommend() ranks only what is eligible, and the
// state round-trips.
#include <doctest/doctest.h>

#include <algorithm>

#include "promokit/engine.hpp"
#include "promokit/ranking.hpp"

using namespace promokit;
using namespace promokit::ranking;

namespace {

constexpr Millis kNoon = 1772424000000;  // 2026-03-02 12:00 in Shanghai

Json catalog() {
  Json offers = Json::array();
  for (const char* c : {"fashion", "food", "beauty"})
    for (int i = 0; i < 3; ++i)
      offers.push_back({{"id", std::string(c) + "-" + std::to_string(i)}, {"reward", {{"type", "percent"}, {"percent", 10 + i}}},
                        {"category", c}, {"tags", {c}}});
  // Only for shoppers who showed interest in fashion; and one offer that has ended.
  offers.push_back({{"id", "fashion-fans"}, {"reward", {{"type", "percent"}, {"percent", 30}}}, {"category", "fashion"},
                    {"targeting", "interest(\"fashion\") > 0.3"}});
  offers.push_back({{"id", "over"}, {"reward", {{"type", "percent"}, {"percent", 50}}}, {"validity", {{"end", kNoon - 1}}}});
  return {{"version", 1}, {"offers", offers}};
}

Json event(const char* id, const char* type, const std::string& offer, Millis time) {
  return {{"id", id}, {"type", type}, {"offerId", offer}, {"time", time}};
}

std::vector<std::string> ids(const std::vector<Recommendation>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r.offer_id);
  return out;
}

RecommendOptions plain(std::size_t limit = 20) {
  RecommendOptions o;
  o.limit = limit;
  o.explore = false;
  return o;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("ranking engine: tracked events feed interest(tag) in targeting and the ranking") {
  Engine engine(catalog(), Json{{"now", kNoon}, {"zone", "Asia/Shanghai"}, {"seed", 7}});
  engine.set_profile(Json{{"id", "u1"}});
  RecommenderOptions ro;
  ro.zone = "Asia/Shanghai";
  EnginePersonalization pz(engine, ro);

  auto before = ids(pz.recommend(plain()));
  CHECK(before.size() == 9);  // "fashion-fans" is not eligible yet, "over" has ended
  CHECK_FALSE(contains(before, "fashion-fans"));
  CHECK_FALSE(contains(before, "over"));

  engine.track(Json::array({event("e1", "click", "fashion-0", kNoon - 60000), event("e2", "claim", "fashion-1", kNoon - 30000)}));
  auto after = pz.recommend(plain());
  CHECK(contains(ids(after), "fashion-fans"));     // the rule saw the learned interest
  CHECK(after[0].offer_id.rfind("fashion", 0) == 0);  // and the clicked category leads

  // A replayed event changes nothing; a dismissal removes the offer at once.
  Json scores = pz.learned_scores();
  CHECK(engine.track(event("e1", "click", "fashion-0", kNoon - 60000)).duplicates == 1);
  CHECK(pz.learned_scores() == scores);
  engine.track(event("e3", "dismiss", after[0].offer_id, kNoon));
  CHECK_FALSE(contains(ids(pz.recommend(plain())), after[0].offer_id));
}

TEST_CASE("ranking engine: the learned state round-trips and follows the shopper") {
  Engine a(catalog(), Json{{"now", kNoon}, {"zone", "Asia/Shanghai"}});
  a.set_profile(Json{{"id", "u1"}});
  EnginePersonalization pa(a);
  a.track(Json::array({event("e1", "claim", "beauty-0", kNoon - 1000), event("e2", "view", "food-2", kNoon - 500)}));
  Json state = pa.export_state();
  CHECK(state["profileId"] == "u1");

  Engine b(catalog(), Json{{"now", kNoon}, {"zone", "Asia/Shanghai"}});
  EnginePersonalization pb(b);
  pb.import_state(Json::parse(state.dump()));  // before the profile is set
  b.set_profile(Json{{"id", "u1"}});
  CHECK(pb.export_state() == state);
  RecommendOptions o;
  o.seed = "s";
  CHECK(ids(pb.recommend(o)) == ids(pa.recommend(o)));
  CHECK(pb.recommend(o)[0].score == pa.recommend(o)[0].score);

  // Another shopper starts afresh.
  b.set_profile(Json{{"id", "u2"}});
  CHECK(pb.learned_scores()["events"] == 0);
  CHECK(pb.export_state()["profileId"] == "u2");
}

TEST_CASE("ranking engine: destroying the attachment before the engine is safe") {
  Engine engine(catalog(), Json{{"now", kNoon}});
  engine.set_profile(Json{{"id", "u1"}});
  {
    EnginePersonalization pz(engine);
    engine.track(event("e1", "click", "fashion-0", kNoon));
  }
  engine.track(event("e2", "click", "fashion-1", kNoon));  // the hook's state is still alive
  CHECK(engine.eligible().size() == 10);  // two clicks: interest 0.5, so "fashion-fans" is eligible
}
