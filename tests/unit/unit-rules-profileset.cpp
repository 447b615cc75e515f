// ProfileSet: the columnar scan gives exactly what Rule::matches gives profile by profile.
#include <doctest/doctest.h>

#include <random>

#include "promokit/rules.hpp"
#include "unit-rules-util.hpp"

using namespace promokit;

#ifdef __EMSCRIPTEN__
constexpr int kRounds = 150;
#else
constexpr int kRounds = 600;
#endif

namespace {

// Seeded generator of profile-shaped data with awkward values mixed in (missing fields, nulls,
// numbers as strings, strings where lists are expected).
struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int pick(int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
  bool chance(int pct) { return pick(100) < pct; }

  Json scalar() {
    switch (pick(8)) {
      case 0: return nullptr;
      case 1: return chance(50);
      case 2: return pick(5);
      case 3: return std::to_string(pick(5));
      case 4: return "gold";
      case 5: return "";
      case 6: return 2.5;
      default: return Json::array({"gold", pick(3)});
    }
  }
  Json profile(int i) {
    static const char* tiers[] = {"gold", "silver", "bronze", "Gold"};
    static const char* tags[] = {"fashion", "food", "kids", "sports", "beauty"};
    Json p = Json::object();
    if (chance(90)) p["id"] = "u" + std::to_string(i);
    if (chance(85)) p["tier"] = chance(95) ? Json(tiers[pick(4)]) : scalar();
    if (chance(80)) p["gender"] = chance(50) ? "male" : "female";
    if (chance(85)) {
      Json list = Json::array();
      for (int k = pick(4); k > 0; --k) list.push_back(tags[pick(5)]);
      p["interests"] = chance(95) ? list : scalar();
    }
    if (chance(85)) p["spent"] = chance(90) ? Json(pick(200000)) : scalar();
    if (chance(50)) p["age"] = 15 + pick(60);
    if (chance(60)) p["consents"] = {{"email", chance(50)}, {"wechat", chance(50) ? Json(true) : scalar()}};
    if (chance(30)) p["consents"] = scalar();
    if (chance(40)) p["attributes"] = {{"vip", scalar()}, {"list", Json::array({1, "2", nullptr})}};
    if (chance(50)) p["mall"] = "m" + std::to_string(pick(5));
    if (chance(30)) p["tags"] = Json::array({tags[pick(5)]});
    return p;
  }

  // Every field present with its usual type, as a shop's export gives them: the columns are
  // uniform, which the scan decides with its tightest loops.
  Json clean_profile(int i) {
    static const char* tiers[] = {"gold", "silver", "bronze", "platinum"};
    static const char* tags[] = {"fashion", "food", "kids", "sports", "beauty"};
    Json list = Json::array();
    for (int k = pick(4); k > 0; --k) list.push_back(tags[pick(5)]);
    return {{"id", "u" + std::to_string(i)}, {"tier", tiers[pick(4)]}, {"gender", chance(50) ? "male" : "female"},
            {"interests", list}, {"tags", Json::array({tags[pick(5)]})}, {"spent", pick(200000)}, {"age", 15 + pick(60)},
            {"consents", {{"email", chance(50)}, {"wechat", chance(50)}}}, {"mall", "m" + std::to_string(pick(5))},
            {"attributes", {{"vip", chance(20)}, {"list", Json::array({1, "2"})}}}};
  }

  Json var_expr() {
    static const char* paths[] = {"tier",      "gender",       "interests",   "spent", "age",  "consents.email",
                                  "consents.wechat", "attributes.vip", "attributes.list", "mall", "tags", "id",
                                  "tier.length", "interests.0", "nope", "consents"};
    Json v = {{"var", paths[pick(16)]}};
    if (chance(10)) v = {{"var", Json::array({paths[pick(16)], scalar()})}};
    return v;
  }
  Json value() { return chance(60) ? var_expr() : scalar(); }
  Json rule(int depth) {
    int k = depth > 3 ? pick(10) : pick(16);
    static const char* cmps[] = {"==", "!=", "===", "!==", "<", "<=", ">", ">="};
    switch (k) {
      case 0: case 1: case 2: return {{cmps[pick(8)], Json::array({var_expr(), scalar()})}};
      case 3: return {{">=", Json::array({{{"var", "spent"}}, pick(200000)})}};
      case 4: return {{"in", Json::array({chance(70) ? Json("fashion") : scalar(), var_expr()})}};
      case 5: return {{"in", Json::array({var_expr(), Json::array({"gold", "silver", 1})})}};
      case 6: return {{"<", Json::array({18, {{"var", "age"}}, 40})}};
      case 7: {
        static const char* quantifiers[] = {"some", "all", "none"};
        Json cond = chance(50) ? Json{{"==", Json::array({{{"var", ""}}, "food"})}}
                               : Json{{"in", Json::array({{{"var", ""}}, Json::array({"kids", "fashion"})})}};
        return {{quantifiers[pick(3)], Json::array({{{"var", chance(80) ? "interests" : "tags"}}, cond})}};
      }
      case 8: return var_expr();
      case 9: return {{"==", Json::array({{{"cat", Json::array({var_expr(), "x"})}}, "goldx"})}};
      case 10: case 11: {
        Json args = Json::array();
        for (int n = 1 + pick(3); n > 0; --n) args.push_back(rule(depth + 1));
        return {{chance(50) ? "and" : "or", args}};
      }
      case 12: return {{"!", Json::array({rule(depth + 1)})}};
      case 13: return {{"if", Json::array({rule(depth + 1), rule(depth + 1), rule(depth + 1)})}};
      case 14: return {{"!!", rule(depth + 1)}};
      default: return {{"==", Json::array({{{"var", "tier"}}, {{"var", "gender"}}})}};
    }
  }
};

}  // namespace

namespace {

// Every seeded random rule gives, over the set, exactly the rows Rule::matches accepts one by one
// (or both throw).
void check_random_rules(Gen& g, const std::vector<Json>& profiles) {
  ProfileSet set(profiles);
  CHECK(set.size() == profiles.size());
  EvalContext ctx{1772452800000, "UTC"};
  int errors = 0;
  for (int round = 0; round < kRounds; ++round) {
    Json rj = g.rule(0);
    CAPTURE(rj.dump());
    Rule rule = compile_json_logic(rj);
    std::vector<std::uint32_t> expected;
    bool threw = false;
    try {
      for (std::uint32_t r = 0; r < profiles.size(); ++r)
        if (rule.matches(profiles[r], ctx)) expected.push_back(r);
    } catch (const Error&) {
      threw = true;
    }
    if (threw) {
      ++errors;
      CHECK_THROWS_AS(set.count(rule, ctx), Error);
      continue;
    }
    CHECK(set.match_rows(rule, ctx) == expected);
    CHECK(set.count(rule, ctx) == expected.size());
  }
  CHECK(errors < kRounds / 4);
}

}  // namespace

TEST_CASE("ProfileSet: count and match equal per-profile matches (seeded random rules)") {
  Gen g(20260301);
  std::vector<Json> profiles;
  for (int i = 0; i < 300; ++i) profiles.push_back(g.profile(i));
  check_random_rules(g, profiles);
}

TEST_CASE("ProfileSet: uniform columns (every field present and typed) equal per-profile matches") {
  Gen g(20261123);
  std::vector<Json> profiles;
  for (int i = 0; i < 203; ++i) profiles.push_back(g.clean_profile(i));  // not a multiple of 64: a partial last word
  check_random_rules(g, profiles);
}

TEST_CASE("ProfileSet: targeting rules, ids, limits and domain operators") {
  std::vector<Json> profiles = {
      Json::parse(R"({"id":"a","tier":"gold","gender":"male","interests":["fashion","food"],"spent":150000,"birthday":"1990-03-05"})"),
      Json::parse(R"({"id":"b","tier":"gold","gender":"female","interests":["kids"],"spent":5000})"),
      Json::parse(R"({"id":7,"tier":"silver","gender":"male","interests":["fashion"],"spent":"120000"})"),
      Json::parse(R"({"tier":"gold","gender":"male","interests":"fashion","tags":["vip"]})"),
  };
  ProfileSet set(profiles);
  RuleContext ctx = RuleContext::for_profiles();
  auto rule = [&](const char* t) { return compile_rule_text(t, ctx); };
  CHECK(set.count(rule(R"(tier == "gold" and gender == "male" and "fashion" in interests)")) == 2);  // "fashion" in "fashion" is a substring test
  CHECK(set.match(rule(R"("fashion" in interests)"), 10) == std::vector<std::string>{"a", "7", "3"});
  CHECK(set.match(rule(R"("fashion" in interests)"), 2) == std::vector<std::string>{"a", "7"});
  CHECK(set.count(rule("segment(\"high_value\")")) == 2);  // "120000" >= 100000 too
  CHECK(set.count(rule("has_tag(\"vip\")")) == 1);
  EvalContext march1{1772366400000, "UTC"};  // 2026-03-01 12:00 UTC
  CHECK(set.count(rule("birthday_within(7)"), march1) == 1);
  CHECK_THROWS_AS(ProfileSet(std::vector<Json>{Json::array()}), Error);
  CHECK(set.memory_bytes() > 0);
}

TEST_CASE("regression: a path with no column of its own (array index, string length) is not read as null") {
  std::vector<Json> profiles = {
      Json::parse(R"({"id":"a","tier":"gold","interests":["gold","food"]})"),
      Json::parse(R"({"id":"b","tier":"silver","interests":["food"]})"),
      Json::parse(R"({"id":"c"})"),
  };
  ProfileSet set(profiles);
  auto ids = [&](const char* rule) { return set.match(compile_rule(Json::parse(rule)), 10); };
  CHECK(ids(R"({"==":[{"var":"interests.0"},"gold"]})") == std::vector<std::string>{"a"});
  CHECK(ids(R"({"==":[{"var":"tier.length"},6]})") == std::vector<std::string>{"b"});
  CHECK(ids(R"({"==":[{"var":"interests.1"},null]})") == std::vector<std::string>{"b", "c"});
}

TEST_CASE("regression: \"x\" in list for a string no list holds is false (its missing bit read as bit 2^32-1)") {
  std::vector<Json> profiles = {
      Json::parse(R"({"id":"a","tier":"gold","interests":["food"]})"),
      Json::parse(R"({"id":"b","tier":"silver","interests":["kids","food"]})"),
  };
  ProfileSet set(profiles);
  auto ids = [&](const char* rule) { return set.match(compile_rule(Json::parse(rule)), 10); };
  CHECK(ids(R"({"in":["gold",{"var":"interests"}]})").empty());  // "gold" is a string of the set, in no list
  CHECK(ids(R"({"in":["nowhere",{"var":"interests"}]})").empty());
  CHECK(ids(R"({"in":["kids",{"var":"interests"}]})") == std::vector<std::string>{"b"});
}
