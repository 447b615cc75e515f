// Recommending: the model document, compact weights, determinism and exploration, context
// rules, diversity, live reaction to track(), reasons, and exact state round trips.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "promokit/crypto.hpp"
#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

using namespace promokit;
using namespace promokit::ranking;

namespace {

constexpr Millis kDay = 86400000;
constexpr Millis kNoon = 1772424000000;    // 2026-03-02 12:00 in Shanghai (04:00 UTC), a Monday
constexpr Millis kEvening = kNoon + 8 * 3600000;

// A catalog of `per` offers in each category; ids "<category>-<n>", brands alternate.
Json catalog_doc(const std::vector<std::string>& categories, int per, Json model = nullptr) {
  Json offers = Json::array();
  for (const auto& c : categories)
    for (int i = 0; i < per; ++i)
      offers.push_back({{"id", c + "-" + std::to_string(i)},
                        {"reward", {{"type", "percent"}, {"percent", 10 + i}}},
                        {"category", c},
                        {"tags", Json::array({c})},
                        {"brand", c + "-brand-" + std::to_string(i % 2)}});
  Json doc = {{"version", 1}, {"offers", offers}};
  if (!model.is_null()) doc["model"] = model;
  return doc;
}

Profile shopper(const char* id = "u1") {
  Profile p;
  p.id = id;
  p.zone = "Asia/Shanghai";
  return p;
}

Event event(EventType type, const std::string& offer, Millis time) {
  Event e;
  e.type = type;
  e.offer_id = offer;
  e.time = time;
  return e;
}

std::vector<std::string> ids(const std::vector<Recommendation>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r.offer_id);
  return out;
}

std::size_t position(const std::vector<Recommendation>& list, const std::string& id) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].offer_id == id) return i;
  return list.size();
}

RecommendOptions no_explore(std::size_t limit = 10) {
  RecommendOptions o;
  o.limit = limit;
  o.explore = false;
  return o;
}

RecommendOptions by_score(std::size_t limit = 10) {  // no exploration, no diversity re-rank
  RecommendOptions o = no_explore(limit);
  o.diversity = false;
  return o;
}

Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an error");
  return Error(ErrorCode::PK_INTERNAL, "");
}

}  // namespace

TEST_CASE("ranking model: defaults, and every malformed field named by its path") {
  Model m = read_model(nullptr);
  CHECK(m.bits == 0);
  CHECK(m.config.explore);
  CHECK(m.config.max_category_share == 0.8);
  struct Case {
    const char* doc;
    ErrorCode code;
    const char* path;
  } cases[] = {
      {R"([])", ErrorCode::PK_MODEL_INVALID, "model"},
      {R"({"version":2})", ErrorCode::PK_MODEL_VERSION, "model.version"},
      {R"({"bias":"x"})", ErrorCode::PK_MODEL_INVALID, "model.bias"},
      {R"({"weigths":{}})", ErrorCode::PK_MODEL_INVALID, "model.weigths"},
      {R"({"weights":{"bits":18,"data":"!!"}})", ErrorCode::PK_MODEL_INVALID, "model.weights.data"},
      {R"({"priors":{"interest":100}})", ErrorCode::PK_MODEL_INVALID, "model.priors.interest"},
      {R"({"exploration":{"enabled":1}})", ErrorCode::PK_MODEL_INVALID, "model.exploration.enabled"},
      {R"({"diversity":{"maxCategoryShare":0}})", ErrorCode::PK_MODEL_INVALID, "model.diversity.maxCategoryShare"},
      {R"({"context":{"dayparts":[{"daypart":"brunch","boost":1}]}})", ErrorCode::PK_MODEL_INVALID, "model.context.dayparts[0].daypart"},
      {R"({"context":{"dayparts":[{"daypart":"lunch","categories":[1]}]}})", ErrorCode::PK_MODEL_INVALID,
       "model.context.dayparts[0].categories[0]"},
      {R"({"context":{"pins":"a"}})", ErrorCode::PK_MODEL_INVALID, "model.context.pins"},
      {R"({"labels":{"fashion":{"zh":3}}})", ErrorCode::PK_MODEL_INVALID, "model.labels.fashion.zh"},
      {R"({"offerStats":{"a":{"clicks":-1}}})", ErrorCode::PK_MODEL_INVALID, "model.offerStats.a.clicks"},
      {R"({"autoTags":{"minImpressions":0}})", ErrorCode::PK_MODEL_INVALID, "model.autoTags.minImpressions"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.doc);
    Error e = error_of([&] { read_model(Json::parse(c.doc)); });
    CHECK(e.code() == c.code);
    CHECK(e.path() == c.path);
  }
}

TEST_CASE("ranking weights: sparse, 16-bit quantized, exact to half a step, refused when corrupt") {
  const int bits = 12;
  std::vector<float> w(1u << bits, 0.0f);
  for (std::size_t i = 0; i < w.size(); i += 7) w[i] = static_cast<float>(std::sin(static_cast<double>(i)) * 3.0);
  std::string blob = encode_weights(w, bits);
  std::vector<float> back;
  CHECK(decode_weights(blob, back) == bits);
  REQUIRE(back.size() == w.size());
  float scale = 3.0f / 32767.0f;
  float worst = 0;
  for (std::size_t i = 0; i < w.size(); ++i) worst = std::max(worst, std::fabs(back[i] - w[i]));
  CHECK(worst <= scale * 0.51f);
  CHECK(blob.size() < w.size() / 7 * 4 + 16);  // about 3-4 bytes per nonzero weight (float32 dense: 16 KB)
  // The model document carries it as base64url and reads back the same table.
  Model m;
  m.bits = bits;
  m.weights = back;
  m.bias = -2.5;
  Model again = read_model(to_json(m));
  CHECK(again.weights == back);
  CHECK(again.bias == -2.5);

  struct Bad {
    std::string bytes;
    ErrorCode code;
  } bad[] = {{"PKW2" + blob.substr(4), ErrorCode::PK_MODEL_VERSION},
             {"XXXX" + blob.substr(4), ErrorCode::PK_MODEL_INVALID},
             {blob.substr(0, blob.size() - 1), ErrorCode::PK_MODEL_INVALID},
             {blob + "x", ErrorCode::PK_MODEL_INVALID},
             {blob.substr(0, 4) + std::string(1, '\x20') + blob.substr(5), ErrorCode::PK_MODEL_INVALID}};
  for (const auto& b : bad) {
    std::vector<float> out;
    CHECK(error_of([&] { decode_weights(b.bytes, out); }).code() == b.code);
  }
  // Most weights set: the dense layout (2 bytes a weight) is smaller, and reads back the same.
  std::vector<float> full(1u << bits);
  for (std::size_t i = 0; i < full.size(); ++i) full[i] = static_cast<float>(std::cos(static_cast<double>(i))) + 1.5f;
  std::string dense_blob = encode_weights(full, bits);
  CHECK(dense_blob[5] == 1);
  CHECK(dense_blob.size() == 10 + 2 * full.size());
  std::vector<float> full_back;
  decode_weights(dense_blob, full_back);
  float worst_dense = 0;
  for (std::size_t i = 0; i < full.size(); ++i) worst_dense = std::max(worst_dense, std::fabs(full_back[i] - full[i]));
  CHECK(worst_dense <= 2.5f / 32767 * 0.51f);
  std::string layout2 = dense_blob;
  layout2[5] = 2;
  CHECK(error_of([&] { decode_weights(layout2, full_back); }).code() == ErrorCode::PK_MODEL_VERSION);
  // A large table is written in chunks (under the ingest's 64 KiB string limit) and read back.
  Model big;
  big.bits = 16;
  big.weights.assign(1u << 16, 0.25f);
  Json doc = to_json(big);
  REQUIRE(doc["weights"]["data"].is_array());
  for (const auto& chunk : doc["weights"]["data"]) CHECK(chunk.get<std::string>().size() <= 49152);
  CHECK(read_model(parse_json(doc.dump())).weights == big.weights);
}

TEST_CASE("ranking: the same seed, state and now give the same list; exploration follows the seed") {
  Catalog cat = read_catalog(catalog_doc({"fashion", "food", "electronics", "beauty"}, 6));
  Ranker r(cat, read_model(cat.model));
  LearnedProfile learned;
  Profile p = shopper();
  RecommendOptions o;
  o.seed = "seed-1";
  auto a = r.recommend(p, learned, kNoon, o), b = r.recommend(p, learned, kNoon, o);
  CHECK(ids(a) == ids(b));
  CHECK(a[0].score == b[0].score);
  std::set<std::vector<std::string>> seen;
  for (int s = 0; s < 8; ++s) {
    o.seed = "seed-" + std::to_string(s);
    seen.insert(ids(r.recommend(p, learned, kNoon, o)));
  }
  CHECK(seen.size() > 4);  // new offers: wide posteriors, so the seed reorders them
  // Switched off: the seed no longer matters.
  RecommendOptions off = no_explore();
  off.seed = "x";
  auto c = r.recommend(p, learned, kNoon, off);
  off.seed = "y";
  CHECK(ids(r.recommend(p, learned, kNoon, off)) == ids(c));
  for (const auto& item : c) CHECK(item.components.exploration == 0);
}

TEST_CASE("ranking: Beta posteriors narrow with evidence; the evidence term follows the offer's CTR") {
  Json stats = {{"food-0", {{"impressions", 100000}, {"clicks", 5000}}},
                {"food-1", {{"impressions", 100000}, {"clicks", 10000}}},
                {"food-2", {{"impressions", 100000}, {"clicks", 2000}}}};
  Catalog cat = read_catalog(catalog_doc({"food"}, 4, {{"offerStats", stats}}));
  Ranker r(cat, read_model(cat.model));
  LearnedProfile learned;
  Profile p = shopper();
  double spread_known = 0, spread_new = 0;
  for (int s = 0; s < 30; ++s) {
    RecommendOptions o;
    o.seed = std::to_string(s);
    o.diversity = false;
    for (const auto& item : r.recommend(p, learned, kNoon, o)) {
      if (item.offer_id == "food-0") spread_known += std::fabs(item.components.exploration);
      if (item.offer_id == "food-3") spread_new += std::fabs(item.components.exploration);
    }
  }
  CHECK(spread_known * 10 < spread_new);
  auto list = r.recommend(p, learned, kNoon, no_explore());
  CHECK(ids(list)[0] == "food-1");  // twice the baseline CTR
  CHECK(ids(list)[3] == "food-2");
  CHECK(evidence_term({100000, 10000, 0, 0}, 17000.0 / 300000, 20) > 0);
  CHECK(evidence_term({}, 0.05, 20) == doctest::Approx(0.0));
}

TEST_CASE("ranking: context rules — daypart boosts, mall proximity, business boost and pins") {
  Json model = {{"context", {{"dayparts", {{{"daypart", "lunch"}, {"categories", {"food"}}, {"boost", 2.0}}}}, {"mallBoost", 1.5}}}};
  Json doc = catalog_doc({"fashion", "food"}, 3, model);
  doc["offers"][1]["malls"] = {"m1"};          // fashion-1 at mall m1
  doc["offers"][2]["boost"] = 3.0;             // fashion-2 boosted by the business
  Catalog cat = read_catalog(doc);
  Ranker r(cat, read_model(cat.model));
  LearnedProfile learned;
  Profile p = shopper();
  auto lunch = r.recommend(p, learned, kNoon, by_score());
  auto evening = r.recommend(p, learned, kEvening, by_score());
  CHECK(ids(lunch)[0] == "fashion-2");
  CHECK(ids(evening)[0] == "fashion-2");
  CHECK(position(lunch, "food-0") < position(evening, "food-0"));
  CHECK(lunch[position(lunch, "food-0")].components.context == doctest::Approx(2.0));
  CHECK(evening[position(evening, "food-0")].components.context == 0);
  // The daypart can be given by the caller.
  RecommendOptions at_lunch = by_score();
  at_lunch.daypart = "lunch";
  CHECK(ids(r.recommend(p, learned, kEvening, at_lunch)) == ids(lunch));
  // Mall proximity: the profile's mall, or the context's.
  RecommendOptions at_mall = by_score();
  at_mall.mall = "m1";
  auto near = r.recommend(p, learned, kEvening, at_mall);
  CHECK(position(near, "fashion-1") < position(evening, "fashion-1"));
  p.mall = "m1";
  CHECK(ids(r.recommend(p, learned, kEvening, by_score())) == ids(near));
  // Pins come first in the order given; a pin that is not eligible is skipped.
  RecommendOptions pinned = by_score(3);
  pinned.pins = {"food-2", "nope", "fashion-0"};
  std::vector<std::uint32_t> eligible = {0, 1, 2, 3, 5};  // food-2 (index 5) eligible, food-1 not
  auto list = r.recommend(eligible, p, learned, kEvening, pinned);
  CHECK(ids(list) == std::vector<std::string>{"food-2", "fashion-0", "fashion-2"});
  CHECK(list[0].components.pinned);
  CHECK_FALSE(list[2].components.pinned);
}

TEST_CASE("ranking: diversity caps a category at 80 % yet strong interest shows") {
  Catalog cat = read_catalog(catalog_doc({"electronics", "fashion", "food", "beauty"}, 8));
  Ranker r(cat, read_model(cat.model));
  LearnedProfile learned;
  Profile p = shopper();
  for (int i = 0; i < 6; ++i) learned.learn(event(EventType::Click, "electronics-" + std::to_string(i), kNoon - i * 3600000),
                                            &cat.offers[static_cast<std::size_t>(i)], "Asia/Shanghai");
  auto list = r.recommend(p, learned, kNoon, no_explore(10));
  REQUIRE(list.size() == 10);
  auto electronics = std::count_if(list.begin(), list.end(), [](const Recommendation& x) { return x.offer_id.rfind("electronics", 0) == 0; });
  CHECK(electronics >= 5);  // several electronics offers
  CHECK(electronics <= 8);  // never more than 80 % of the list
  CHECK(list[0].offer_id.rfind("electronics", 0) == 0);
  // Without the re-rank the list would be all electronics.
  RecommendOptions plain = no_explore(10);
  plain.diversity = false;
  auto flat = r.recommend(p, learned, kNoon, plain);
  CHECK(std::all_of(flat.begin(), flat.begin() + 8, [](const Recommendation& x) { return x.offer_id.rfind("electronics", 0) == 0; }));
  // With only one category eligible the cap yields rather than shortening the list.
  std::vector<std::uint32_t> only = {0, 1, 2, 3, 4};
  CHECK(r.recommend(only, p, learned, kNoon, no_explore(5)).size() == 5);
}

TEST_CASE("ranking: live reaction — a dismissed offer leaves, a clicked category rises") {
  Catalog cat = read_catalog(catalog_doc({"fashion", "food", "beauty"}, 5));
  Recommender rec(cat);
  rec.set_profile(shopper());
  auto before = rec.recommend(kNoon, no_explore(15));
  std::string first = before[0].offer_id;
  CHECK(rec.track(event(EventType::Dismiss, first, kNoon)));
  auto after = rec.recommend(kNoon + 1000, no_explore(15));
  CHECK(position(after, first) == after.size());
  // Configurable: shown again when hiding is off, and after the hiding period.
  RecommendOptions keep = no_explore(15);
  keep.hide_dismissed = false;
  CHECK(position(rec.recommend(kNoon + 1000, keep), first) < 15);
  CHECK(position(rec.recommend(kNoon + 31 * kDay, no_explore(15)), first) < 15);

  std::size_t beauty_before = position(after, "beauty-3");
  rec.track(event(EventType::Click, "beauty-0", kNoon + 2000));
  rec.track(event(EventType::Click, "beauty-1", kNoon + 3000));
  auto later = rec.recommend(kNoon + 4000, no_explore(15));
  CHECK(position(later, "beauty-3") < beauty_before);
  CHECK(later[0].offer_id.rfind("beauty", 0) == 0);
}

TEST_CASE("ranking: every item carries true, localized reasons — a new shopper's too") {
  Json doc = catalog_doc({"fashion", "food"}, 3,
                         {{"labels", {{"fashion", {{"en", "Fashion"}, {"zh", "时尚"}}}}},
                          {"offerStats", {{"food-0", {{"impressions", 5000}, {"clicks", 900}}}, {"food-1", {{"impressions", 5000}, {"clicks", 100}}},
                                          {"fashion-0", {{"impressions", 5000}, {"clicks", 100}}}}}});
  doc["offers"][0]["tags"] = {"fashion", "gold_members"};
  doc["offers"][0]["validity"] = {{"end", kNoon + 6 * 3600000}};       // ends today (18:00 Shanghai)
  doc["offers"][1]["validity"] = {{"start", kNoon - 2 * kDay}};        // started two days ago
  doc["offers"][3]["malls"] = {"m1"};                                  // food-0, popular, at m1
  doc["offers"][4]["reward"] = {{"type", "bogo"}};
  Catalog cat = read_catalog(doc);
  Ranker r(cat, read_model(cat.model));
  Profile newbie = shopper();
  newbie.mall = "m1";
  LearnedProfile none;
  auto reasons_of = [&](const std::vector<Recommendation>& list, const std::string& id) {
    std::map<std::string, std::string> out;
    for (const auto& x : list)
      if (x.offer_id == id)
        for (const auto& reason : x.reasons) out[reason.code] = reason.text;
    return out;
  };
  auto list = r.recommend(newbie, none, kNoon, no_explore());
  REQUIRE(list.size() == 6);
  for (const auto& x : list) {
    CAPTURE(x.offer_id);
    CHECK_FALSE(x.reasons.empty());
    CHECK(x.reasons.size() <= 3);
  }
  CHECK(reasons_of(list, "fashion-0")["ends_today"] == "Ends today");
  CHECK(reasons_of(list, "fashion-0").count("tier") == 0);  // not gold
  CHECK(reasons_of(list, "fashion-1")["new"] == "New this week");
  CHECK(reasons_of(list, "food-0")["mall_popular"] == "Popular at your mall");
  CHECK(reasons_of(list, "food-1")["reward"] == "Buy 1 get 1 free");
  CHECK(reasons_of(list, "food-2")["reward"] == "12% off");
  CHECK(reasons_of(list, "food-1").count("popular") == 0);  // below the baseline: never "Popular"

  Profile gold = newbie;
  gold.tier = "gold";
  gold.locale = "zh-CN";
  LearnedProfile learned;
  learned.learn(event(EventType::Claim, "fashion-2", kNoon - 3600000), &cat.offers[2], "Asia/Shanghai");
  auto zh = r.recommend(gold, learned, kNoon, no_explore());
  CHECK(reasons_of(zh, "fashion-0")["interest"] == "因为你喜欢时尚");
  CHECK(reasons_of(zh, "fashion-0")["tier"] == "金卡会员专享");
  CHECK(reasons_of(zh, "fashion-0")["ends_today"] == "今天截止");
  RecommendOptions zh_new = no_explore();
  zh_new.locale = "zh-CN";
  CHECK(reasons_of(r.recommend(newbie, none, kNoon, zh_new), "food-2")["reward"] == "8.8折");
  RecommendOptions en = no_explore();
  en.locale = "en";
  CHECK(reasons_of(r.recommend(gold, learned, kNoon, en), "fashion-1")["interest"] == "Because you like Fashion");
  CHECK(reasons_of(r.recommend(gold, learned, kNoon, en), "fashion-0")["tier"] == "Gold member exclusive");
  // Declared interests count as liking too.
  Profile declared = shopper();
  declared.interests = {"food"};
  CHECK(reasons_of(r.recommend(declared, none, kNoon, en), "food-2")["interest"] == "Because you like Food");
}

TEST_CASE("ranking: the Recommender's state survives export and import exactly") {
  Catalog cat = read_catalog(catalog_doc({"fashion", "food", "beauty"}, 4));
  Recommender a(cat);
  a.set_profile(shopper());
  for (int i = 0; i < 12; ++i) {
    Event e = event(static_cast<EventType>(i % 7), (i % 2 ? "food-" : "beauty-") + std::to_string(i % 4), kNoon + i * 600000);
    e.id = "e" + std::to_string(i);
    a.track(e);
  }
  Json state = a.export_state();
  Recommender b(cat);
  b.set_profile(shopper());
  b.import_state(Json::parse(state.dump()));
  CHECK(b.export_state() == state);
  RecommendOptions o;
  o.seed = "s";
  o.limit = 12;
  auto x = a.recommend(kNoon + kDay, o), y = b.recommend(kNoon + kDay, o);
  REQUIRE(x.size() == y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(x[i].offer_id == y[i].offer_id);
    CHECK(x[i].score == y[i].score);
  }
  Error e = error_of([&] { b.import_state(Json::parse(R"({"v":1,"profileId":"u1","learned":{"v":1}})")); });
  CHECK(e.code() == ErrorCode::PK_PROFILE_STATE);
  CHECK(e.path() == "state.learned.events");
  CHECK(error_of([&] { b.import_state(Json::parse(R"({"v":3})")); }).path() == "state.v");
  // A failed import leaves the state as it was.
  CHECK(b.export_state() == state);
  // Learned scores for the admin preview: strongest first.
  Json scores = learned_scores(a.learned(), kNoon + kDay);
  CHECK(scores["events"] == 12);
  REQUIRE(scores["interest"].size() >= 2);
  CHECK(scores["interest"][0]["raw"].get<double>() >= scores["interest"][1]["raw"].get<double>());
}

// The list as a Json document, as the bindings built it before recommendations_json wrote the
// text directly: the reference the writer must match byte for byte.
std::string reference_json(const std::vector<Recommendation>& list, bool explain) {
  Json out = Json::array();
  for (const auto& r : list) {
    Json reasons = Json::array(), codes = Json::array();
    for (const auto& reason : r.reasons) {
      reasons.push_back(reason.text);
      codes.push_back(reason.code);
    }
    Json item = {{"offerId", r.offer_id}, {"score", r.score}, {"reasons", std::move(reasons)}, {"reasonCodes", std::move(codes)}};
    if (explain) {
      const ScoreComponents& c = r.components;
      item["components"] = {{"model", c.model},     {"personal", c.personal}, {"evidence", c.evidence},
                            {"exploration", c.exploration}, {"context", c.context}, {"pinned", c.pinned}};
    }
    out.push_back(std::move(item));
  }
  return out.dump();
}

TEST_CASE("ranking: recommendations_json writes the text Json::dump() writes") {
  // Escapes, UTF-8, control characters, and the numbers whose text differs most.
  struct Case {
    const char* id;
    const char* text;
    double score;
  } cases[] = {{"plain", "Because you like Fashion", 0.5},
               {"quote\"and\\slash", "tab\there\nnew\rline\b\f", 1.0},
               {"ctl\x01\x1f\x7f", "\u56e0\u4e3a\u4f60\u559c\u6b22", 0.0},
               {"", "", -0.0},
               {"e", "x", 1e-300},
               {"big", "y", 123456789.125},
               {"third", "z", 1.0 / 3.0},
               {"nan", "n", std::nan("")},
               {"inf", "i", HUGE_VAL}};
  std::vector<Recommendation> list;
  for (const auto& c : cases) {
    Recommendation r;
    r.offer_id = c.id;
    r.score = c.score;
    r.reasons = {{"interest", c.text}, {"new", "New this week"}};
    r.components = {c.score, -c.score, 0.25, -1e-9, 3.0, list.size() % 2 == 0};
    list.push_back(r);
  }
  for (bool explain : {false, true}) {
    CAPTURE(explain);
    CHECK(recommendations_json(list, explain) == reference_json(list, explain));
    CHECK(recommendations_json({}, explain) == "[]");
  }
  // And a real list.
  Recommender rec(read_catalog(catalog_doc({"fashion", "food", "beauty"}, 8)));
  rec.set_profile(shopper());
  RecommendOptions o;
  o.seed = "s";
  o.limit = 10;
  auto got = rec.recommend(kNoon, o);
  REQUIRE(got.size() == 10);
  CHECK(recommendations_json(got, true) == reference_json(got, true));
}

TEST_CASE("ranking: offers are found by id, the first of duplicate ids wins") {
  // Validation refuses duplicate ids; a Catalog built in code may still hold them.
  Catalog cat = read_catalog(catalog_doc({"fashion", "food"}, 3));
  cat.offers.push_back(cat.offers[1]);  // a second "fashion-1"
  Recommender rec(cat);
  for (std::uint32_t i = 0; i < 6; ++i) CHECK(rec.ranker().index_of(cat.offers[i].id) == i);
  CHECK(rec.ranker().index_of("fashion-1") == 1u);
  CHECK_FALSE(rec.ranker().index_of("fashion-9").has_value());
  CHECK_FALSE(rec.ranker().index_of("").has_value());
}

TEST_CASE("ranking: recommend options are read with paths") {
  RecommendOptions o = read_recommend_options(Json::parse(
      R"({"limit":5,"explore":false,"context":{"mall":"m1","daypart":"lunch","pins":["a"],"locale":"zh"},"seed":"s"})"));
  CHECK(o.limit == 5);
  CHECK(o.explore == false);
  CHECK(o.mall == "m1");
  CHECK(o.pins == std::vector<std::string>{"a"});
  struct Case {
    const char* doc;
    const char* path;
  } cases[] = {{R"({"limit":-1})", "options.limit"},
               {R"({"limit":"5"})", "options.limit"},
               {R"({"context":{"daypart":"brunch"}})", "options.context.daypart"},
               {R"({"context":{"where":1}})", "options.context.where"},
               {R"({"zone":"Mars/Base"})", "options.zone"},
               {R"({"explore":"yes"})", "options.explore"}};
  for (const auto& c : cases) {
    CAPTURE(c.doc);
    Error e = error_of([&] { read_recommend_options(Json::parse(c.doc)); });
    CHECK(e.code() == ErrorCode::PK_RANKING_OPTION);
    CHECK(e.path() == c.path);
  }
}

TEST_CASE("ranking: the served score uses exactly the features the trainer learns from") {
  Json doc = catalog_doc({"fashion", "food", "beauty"}, 4);
  Model m;
  m.bits = 10;  // small table: collisions are part of what must agree
  m.bias = -1.25;
  m.weights.resize(1u << m.bits);
  for (std::size_t i = 0; i < m.weights.size(); ++i) m.weights[i] = static_cast<float>(std::sin(i * 1.7)) / 4;
  doc["model"] = to_json(m);
  doc["offers"][2]["malls"] = {"m1"};
  Catalog cat = read_catalog(doc);
  Ranker r(cat, read_model(cat.model));
  Profile p = shopper();
  p.mall = "m1";
  p.tier = "gold";
  p.gender = "female";
  p.interests = {"food"};
  LearnedProfile learned;
  for (int i = 0; i < 9; ++i)
    learned.learn(event(static_cast<EventType>(i % 6), cat.offers[static_cast<std::size_t>(i)].id, kNoon - i * 60000),
                  &cat.offers[static_cast<std::size_t>(i)], "Asia/Shanghai");
  RecommendOptions o = by_score(12);
  o.mall = "m1";
  o.hide_dismissed = false;  // the dismissed offer's memory features are part of the check
  auto list = r.recommend(p, learned, kNoon, o);
  REQUIRE(list.size() == 12);
  for (const auto& item : list) {
    CAPTURE(item.offer_id);
    std::vector<Feature> x;
    double personal = r.features(p, learned, item.index, kNoon, "Asia/Shanghai", x);
    double dot = r.model().bias;
    for (const Feature& f : x) dot += r.model().weights[f.index] * f.value;
    CHECK(item.components.model == doctest::Approx(dot).epsilon(1e-6));  // float products summed in another order
    CHECK(item.components.personal == doctest::Approx(personal).epsilon(1e-12));
  }
}
