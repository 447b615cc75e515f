// Automatic performance tags: Wilson score intervals (published values) and tagging against the
// catalog baseline with minimum sample sizes.
#include <doctest/doctest.h>

#include "promokit/ranking.hpp"

using namespace promokit;
using namespace promokit::ranking;

TEST_CASE("autotags: Wilson score intervals match published values") {
  struct Case {
    std::int64_t x, n;
    double low, high;
  } cases[] = {
      {1, 10, 0.0179, 0.4042},     // Newcombe (1998), table I
      {0, 10, 0.0, 0.2775},        // zero successes: the lower bound is 0
      {81, 263, 0.2553, 0.3662},   // Wikipedia, "Binomial proportion confidence interval"
      {10, 10, 0.7225, 1.0},       // all successes: mirror of 0 of 10
  };
  for (const auto& c : cases) {
    CAPTURE(c.x);
    CAPTURE(c.n);
    Interval ci = wilson_interval(c.x, c.n, 1.96);
    CHECK(ci.low == doctest::Approx(c.low).epsilon(5e-4));
    CHECK(ci.high == doctest::Approx(c.high).epsilon(5e-4));
  }
  Interval none = wilson_interval(0, 0, 1.96);
  CHECK(none.low == 0);
  CHECK(none.high == 1);
}

TEST_CASE("autotags: tags against the catalog baseline, only above the minimum sample") {
  // Baseline CTR: 1000 / 20000 = 5 %; redemptions per claim: 300 / 1000 = 30 %.
  std::map<std::string, OfferStats> stats = {
      {"hot", {2000, 200, 100, 60}},      // CTR 10 %: clearly high; 60 % redeemed: high
      {"cold", {4000, 100, 100, 10}},     // CTR 2.5 %: clearly low; 10 %: low
      {"usual", {13800, 690, 750, 225}},  // at the baseline
      {"fewviews", {150, 15, 40, 5}},     // 10 % CTR, but below 200 impressions and 50 claims
      {"zero", {50, 0, 10, 0}},
  };
  AutoTags t = automatic_tags(stats);
  CHECK(t.ctr_baseline == doctest::Approx(1005.0 / 20000));
  CHECK(t.redemption_baseline == doctest::Approx(300.0 / 1000));
  CHECK(t.tags["hot"] == std::vector<std::string>{"high_ctr", "high_redemption"});
  CHECK(t.tags["cold"] == std::vector<std::string>{"low_ctr", "low_redemption"});
  CHECK_FALSE(t.tags.count("usual"));
  CHECK_FALSE(t.tags.count("fewviews"));
  CHECK_FALSE(t.tags.count("zero"));
  // A lower minimum lets the small sample speak once its interval clears the baseline.
  AutoTagOptions loose;
  loose.min_impressions = 100;
  CHECK(automatic_tags(stats, loose).tags["fewviews"] == std::vector<std::string>{"high_ctr"});
  // A stricter z widens intervals: a modest lift no longer counts.
  std::map<std::string, OfferStats> modest = {{"a", {1000, 70, 0, 0}}, {"b", {9000, 450, 0, 0}}};
  CHECK(automatic_tags(modest).tags.count("a") == 1);
  AutoTagOptions strict;
  strict.z = 3.29;
  CHECK(automatic_tags(modest, strict).tags.count("a") == 0);
}

TEST_CASE("autotags: statistics are read with paths; the JSON report lists the tags") {
  auto read = [](const char* s) { return read_offer_stats(Json::parse(s)); };
  CHECK(read(R"({"a":{"impressions":10,"clicks":2}})").at("a").clicks == 2);
  struct Case {
    const char* doc;
    const char* path;
  } bad[] = {{R"([])", "offerStats"},
             {R"({"a":{"impressions":-1}})", "offerStats.a.impressions"},
             {R"({"a":{"impressions":1,"clicks":2}})", "offerStats.a.clicks"},
             {R"({"a":{"views":1}})", "offerStats.a.views"},
             {R"({"a":{"claims":1.5}})", "offerStats.a.claims"}};
  for (const auto& c : bad) {
    CAPTURE(c.doc);
    try {
      read(c.doc);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_MODEL_INVALID);
      CHECK(e.path() == c.path);
    }
  }
  Json j = to_json(automatic_tags({{"x", {1000, 300, 0, 0}}, {"y", {1000, 10, 0, 0}}}));
  CHECK(j["tags"]["x"] == Json::array({"high_ctr"}));
  CHECK(j["tags"]["y"] == Json::array({"low_ctr"}));
  CHECK(j["ctrBaseline"].get<double>() == doctest::Approx(0.155));
}
