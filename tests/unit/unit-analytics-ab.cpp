// A/B: deterministic weighted assignment, and per-arm outcomes counted from the events after
// the experiment's start, with intervals and a verdict.
#include <doctest/doctest.h>

#include <string>

#include "promokit/analytics.hpp"

using namespace promokit;
using namespace promokit::analytics;

TEST_CASE("A/B: assignment is deterministic, weighted and independent across experiments") {
  const int n = 20000;
  int first = 0, heavy = 0, same = 0;
  for (int i = 0; i < n; ++i) {
    std::string c = "+2557" + std::to_string(10000000 + i);
    std::size_t a = assign_arm("spring", c, {1, 1});
    CHECK(a == assign_arm("spring", c, {1, 1}));
    first += a == 0;
    heavy += assign_arm("spring", c, {3, 1}) == 0;
    same += a == assign_arm("autumn", c, {1, 1});
  }
  CHECK(first / double(n) == doctest::Approx(0.5).epsilon(0.04));
  CHECK(heavy / double(n) == doctest::Approx(0.75).epsilon(0.03));
  CHECK(same / double(n) == doctest::Approx(0.5).epsilon(0.04));  // no correlation between experiments
  CHECK(assign_arm("x", "y", {1}) == 0);
}

namespace {

// 400 customers: even ones active in May, odd ones last seen in January (inactive at the
// start). After the start on 1 June, a customer replies / buys by a pattern that depends on
// the arm, so the expected per-arm figures are known exactly.
struct Synthetic {
  std::string csv = "customer_id,timestamp,direction,text,amount\n";
  int n[2] = {0, 0}, responded[2] = {0, 0}, converted[2] = {0, 0}, inactive[2] = {0, 0}, retained[2] = {0, 0};
  Money revenue[2] = {0, 0};
};

Synthetic synthetic(int buy_a, int buy_b) {
  Synthetic s;
  for (int i = 0; i < 400; ++i) {
    std::string id = "c" + std::to_string(i);
    int arm = static_cast<int>(assign_arm("june", id, {1, 1}));
    bool was_inactive = i % 2 == 1;
    s.csv += id + (was_inactive ? ",2025-01-10 10:00" : ",2025-05-20 10:00") + ",in,Habari,\n";
    ++s.n[arm];
    s.inactive[arm] += was_inactive;
    int k = i / 2 % 10;  // the same pattern for active and inactive customers
    bool reply = k < (arm == 0 ? 3 : 6), buy = k < (arm == 0 ? buy_a : buy_b);
    s.csv += id + ",2025-06-02 09:00,out,Ofa maalum,\n";
    if (reply) s.csv += id + ",2025-06-02 12:00,in,Asante nitakuja,\n";
    if (buy) s.csv += id + ",2025-06-05 12:00,in,Malipo,\"40,000\"\n";
    s.responded[arm] += reply;
    s.converted[arm] += buy;
    s.revenue[arm] += buy ? 4000000 : 0;
    s.retained[arm] += was_inactive && (reply || buy);
  }
  return s;
}

Json run(const Synthetic& s) {
  Json o = {{"experiment", {{"id", "june"}, {"arms", {"control", "winback"}}, {"start", "2025-06-01 00:00"}}}};
  return analyze(s.csv, Options::from_json(o))["experiment"];
}

}  // namespace

TEST_CASE("A/B: per-arm outcomes, intervals and a verdict") {
  Synthetic s = synthetic(1, 4);
  Json e = run(s);
  REQUIRE(e["arms"].size() == 2);
  CHECK(e["population"] == 400);
  for (int a = 0; a < 2; ++a) {
    const Json& arm = e["arms"][a];
    CAPTURE(a);
    CHECK(arm["customers"] == s.n[a]);
    CHECK(arm["responded"] == s.responded[a]);
    CHECK(arm["converted"] == s.converted[a]);
    CHECK(arm["revenue"] == s.revenue[a]);
    CHECK(arm["previouslyInactive"] == s.inactive[a]);
    CHECK(arm["retained"] == s.retained[a]);
    for (const char* k : {"responseRate", "conversionRate", "retentionRate"}) {
      CHECK(arm[k]["low"].get<double>() <= arm[k]["value"].get<double>());
      CHECK(arm[k]["value"].get<double>() <= arm[k]["high"].get<double>());
    }
  }
  const Json& c = e["comparisons"][0];
  CHECK(c["outcome"] == "better");
  CHECK(c["conversionDiff"]["low"].get<double>() > 0);
  CHECK(e["verdict"].get<std::string>().rfind("winback converts better than control", 0) == 0);

  // the same rate in both arms: no clear difference
  Json same = run(synthetic(3, 3));
  CHECK(same["comparisons"][0]["outcome"] == "inconclusive");
  CHECK(same["verdict"].get<std::string>().find("No clear difference") == 0);
  // only the segment's customers take part
  Json o = {{"experiment", {{"id", "june"}, {"arms", {"control", "winback"}}, {"start", "2025-06-01 00:00"},
                            {"segment", "inactive"}}}};
  CHECK(analyze(s.csv, Options::from_json(o))["experiment"]["population"] == 200);
}
