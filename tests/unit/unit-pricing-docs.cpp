// The worked examples of docs/pricing.md are tests: every ```json pricing-example block is priced
// and each field of its "expect" compared (for "lines", the fields given per line).
#include <doctest/doctest.h>

#include "pricing_util.hpp"
#include "test_util.hpp"

using namespace promokit;

namespace {

std::vector<Json> doc_examples() {
  const std::string doc = pktest::read_file(pktest::source_path("docs/pricing.md"));
  const std::string open = "```json pricing-example\n", close = "\n```";
  std::vector<Json> out;
  for (std::size_t at = doc.find(open); at != std::string::npos; at = doc.find(open, at)) {
    at += open.size();
    std::size_t end = doc.find(close, at);
    out.push_back(Json::parse(doc.substr(at, end - at)));
    at = end;
  }
  return out;
}

}  // namespace

TEST_CASE("pricing docs: the worked examples of docs/pricing.md") {
  std::vector<Json> examples = doc_examples();
  REQUIRE(examples.size() >= 19);
  for (const Json& ex : examples) {
    std::string name = ex["name"].get<std::string>();
    CAPTURE(name);
    PricingOptions o;
    if (ex.contains("options")) {
      const Json& opt = ex["options"];
      if (opt.value("rounding", "") == "half-up") o.rounding = Rounding::HalfUp;
      o.earn_points = opt.value("earnPoints", 0);
      o.earn_per = opt.value("earnPer", 100);
    }
    Json got = pktest::price_json(ex["cart"], ex["offers"], o);
    for (const auto& item : ex["expect"].items()) {
      // Named copies: clang 14 cannot capture structured bindings in doctest's lambdas.
      const std::string key = item.key();
      const Json& want = item.value();
      CAPTURE(key);
      if (key != "lines") {
        CHECK(got[key] == want);
        continue;
      }
      REQUIRE(got["lines"].size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i)
        for (const auto& f : want[i].items()) CHECK(got["lines"][i][f.key()] == f.value());
    }
  }
}
