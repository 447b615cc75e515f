// The demo generator's ground truth, reproduced exactly by the analysis: the segment counts,
// languages and cities from the true events, and every deliberate fault at its line.
#include <doctest/doctest.h>

#include <algorithm>

#include "promokit/analytics.hpp"

using namespace promokit;
using namespace promokit::analytics;

namespace {

std::vector<std::uint32_t> lines_of(const Json& finding) {
  std::vector<std::uint32_t> out;
  for (const auto& e : finding["examples"]) out.push_back(e["line"].get<std::uint32_t>());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::uint32_t> sorted(const Json& lines) {
  auto v = lines.get<std::vector<std::uint32_t>>();
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("analytics demo: the analysis reproduces the generator's ground truth") {
#ifdef __EMSCRIPTEN__
  const std::uint64_t seeds[] = {2025};  // the wasm suite stays fast; natively two seeds
#else
  const std::uint64_t seeds[] = {1, 2025};
#endif
  for (std::uint64_t seed : seeds) {
    CAPTURE(seed);
    DemoData demo = generate_demo({seed, 5143});
    const Json& t = demo.truth;
    CHECK(t["customers"] == 5143);
    CHECK(t["messages"].get<std::int64_t>() > 74000);
    CHECK(t["messages"].get<std::int64_t>() < 80000);

    Json options = t["options"];
    options["maxExamples"] = 1000;
    Json r = analyze(demo.csv, Options::from_json(options));

    CHECK(r["now"] == t["now"]);
    CHECK(r["summary"]["customers"] == t["customers"]);
    CHECK(r["summary"]["messages"] == t["messages"]);
    CHECK(r["summary"]["purchases"] == t["purchases"]);
    CHECK(r["summary"]["revenue"] == t["revenue"]);
    for (const auto& s : r["segments"]) {
      CAPTURE(s["id"]);
      CHECK(s["count"] == t["segments"][s["id"].get<std::string>()]);
    }
    CHECK(r["distributions"]["languages"] == t["languages"]);
    CHECK(r["distributions"]["cities"] == t["cities"]);

    const Json& q = r["quality"];
    const Json& tq = t["quality"];
    CHECK(q["rows"] == t["rows"]);
    for (const char* k : {"badRows", "duplicates", "clockSkew", "unparseableAmounts"}) {
      CAPTURE(k);
      CHECK(q[k]["count"] == tq[k]["count"]);
      CHECK(lines_of(q[k]) == sorted(tq[k]["lines"]));
    }
    std::vector<std::string> codes;
    for (const auto& e : q["badRows"]["examples"]) codes.push_back(e["code"].get<std::string>());
    auto truth_codes = tq["badRows"]["codes"].get<std::vector<std::string>>();
    std::sort(codes.begin(), codes.end());
    std::sort(truth_codes.begin(), truth_codes.end());
    CHECK(codes == truth_codes);
    CHECK(q["foreignCurrency"]["count"] == tq["foreignCurrency"]);
    REQUIRE(q["outliers"].size() == 1);
    CHECK(q["outliers"][0]["customer"] == tq["outliers"][0]);
    CHECK(q["outliers"][0]["spentText"] == "TZS 1,960,000,000");
    CHECK(q["now"]["suspicious"] == false);
  }
}

TEST_CASE("analytics demo: seeded and deterministic") {
  DemoData a = generate_demo({42, 300}), b = generate_demo({42, 300}), c = generate_demo({43, 300});
  CHECK(a.csv == b.csv);
  CHECK(a.truth == b.truth);
  CHECK(a.csv != c.csv);
  CHECK(a.truth["segments"] != c.truth["segments"]);
}

TEST_CASE("analytics demo: a now a year late makes almost everyone inactive, and says so") {
  DemoData demo = generate_demo({3, 400});
  Json options = demo.truth["options"];
  options["now"] = demo.truth["now"].get<Millis>() + 365LL * 86400000;
  Json r = analyze(demo.csv, Options::from_json(options));
  CHECK(r["quality"]["now"]["suspicious"] == true);
  CHECK(r["quality"]["now"]["inactiveShare"].get<double>() > 0.99);
}
