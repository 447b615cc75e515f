// Targeting rules: the text syntax (round trip, errors), domain operators, segments and bounds.
#include <doctest/doctest.h>

#include "promokit/rules.hpp"
#include "rules/value.hpp"
#include "test_util.hpp"
#include "unit-rules-util.hpp"

using namespace promokit;

namespace {

Json J(const char* s) { return Json::parse(s); }

RuleContext open_context() {  // no field list: any field
  RuleContext c;
  c.add_default_segments();
  return c;
}

Error thrown(const std::function<void()>& f) {  // the whole error, for its position
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an error");
  return Error(ErrorCode::PK_INTERNAL, "");
}

constexpr Millis kDay = 86400000;
// 2026-03-02 (a Monday) 12:00 UTC
constexpr Millis kMonNoonUtc = 1772452800000;

}  // namespace

TEST_CASE("rules text: compiles to the same program as JsonLogic") {
  struct Case {
    const char* text;
    const char* json;
  } cases[] = {
      {R"(tier == "gold" and gender == "male" and "fashion" in interests)",
       R"({"and":[{"==":[{"var":"tier"},"gold"]},{"==":[{"var":"gender"},"male"]},{"in":["fashion",{"var":"interests"}]}]})"},
      {"days_since(lastActiveAt) >= 90", R"({">=":[{"days_since":[{"var":"lastActiveAt"}]},90]})"},
      {R"(daypart("11:00-14:00", "mon-fri"))", R"({"daypart":["11:00-14:00","mon-fri"]})"},
      {R"(spent >= 100000 or segment("high_value"))", R"({"or":[{">=":[{"var":"spent"},100000]},{"segment":"high_value"}]})"},
      {"1 < age < 3", R"({"<":[1,{"var":"age"},3]})"},
      {"a + b + c - d", R"({"-":[{"+":[{"var":"a"},{"var":"b"},{"var":"c"}]},{"var":"d"}]})"},
      {"(a + b) + c", R"({"+":[{"+":[{"var":"a"},{"var":"b"}]},{"var":"c"}]})"},
      {"a * b / c % d", R"({"%":[{"/":[{"*":[{"var":"a"},{"var":"b"}]},{"var":"c"}]},{"var":"d"}]})"},
      {"not a or !b", R"({"or":[{"!":[{"var":"a"}]},{"!":[{"var":"b"}]}]})"},
      {R"("x" not in tags)", R"({"!":[{"in":["x",{"var":"tags"}]}]})"},
      {"-x + -5", R"({"+":[{"-":[{"var":"x"}]},-5]})"},
      {"a ? b : c ? d : e", R"({"?:":[{"var":"a"},{"var":"b"},{"?:":[{"var":"c"},{"var":"d"},{"var":"e"}]}]})"},
      {"some(orders, amount > 100 and it.x == 1)",
       R"({"some":[{"var":"orders"},{"and":[{">":[{"var":"amount"},100]},{"==":[{"var":"it.x"},1]}]}]})"},
      {"all(items, it >= 1)", R"({"all":[{"var":"items"},{">=":[{"var":""},1]}]})"},
      {R"(op("+", 1))", R"({"+":[1]})"},
      {R"([1, "a", {"k": 1, "j": [2]}, []])", R"([1,"a",{"k":1,"j":[2]},[]])"},
      {"!!x", R"({"!!":[{"var":"x"}]})"},
      {"a.b.0.c == null", R"({"==":[{"var":"a.b.0.c"},null]})"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    Rule t = compile_rule_text(c.text, open_context());
    Rule j = compile_rule(J(c.json), open_context());
    CHECK(t.to_json_logic() == j.to_json_logic());
    CHECK(compile_rule_text(t.to_text(), open_context()).to_json_logic() == t.to_json_logic());
  }
}

TEST_CASE("rules text: every suite rule round-trips through text and JsonLogic") {
  Json suite = pktest::read_json("tests/data/jsonlogic-tests.json");
  int n = 0;
  for (const auto& t : suite) {
    if (t.is_string()) continue;
    RuleContext ctx;
    Rule r = compile_json_logic(t[0], ctx);
    std::string text = r.to_text();
    CAPTURE(text);
    Rule back = compile_rule_text(text, ctx);
    CHECK(back.to_json_logic() == r.to_json_logic());
    CHECK(compile_json_logic(r.to_json_logic(), ctx).to_json_logic() == r.to_json_logic());
    // and the round-tripped program computes the same
    Json a = r.evaluate(t[1]), b = back.evaluate(t[1]);
    CHECK((a.is_discarded() ? b.is_discarded() : pktest::same_value(a, b)));
    ++n;
  }
  CHECK(n == 277);
}

TEST_CASE("rules text: errors carry position, token, caret and suggestions") {
  RuleContext ctx = RuleContext::for_profiles();
  auto e = thrown([&] { compile_rule_text("tier == \"gold\" and\n  interest == 1", ctx); });
  CHECK(e.code() == ErrorCode::PK_RULE_UNKNOWN_FIELD);
  CHECK(e.position().line == 2);
  CHECK(e.position().column == 3);
  CHECK(e.position().token == "interest");
  CHECK(std::string(e.what()).find("unknown field 'interest' \xE2\x80\x94 did you mean 'interests'?") != std::string::npos);
  CHECK(std::string(e.what()).find("\n    interest == 1\n    ^^^^^^^^") != std::string::npos);

  struct Case {
    const char* text;
    ErrorCode code;
    unsigned column;
    const char* token;
    const char* fragment;
  } cases[] = {
      {"tier = \"gold\"", ErrorCode::PK_RULE_SYNTAX, 6, "=", "did you mean '=='?"},
      {"days_snce(lastActiveAt) > 3", ErrorCode::PK_RULE_UNKNOWN_OPERATOR, 1, "days_snce", "did you mean 'days_since'?"},
      {"segment(\"high_valu\")", ErrorCode::PK_RULE_UNKNOWN_SEGMENT, 1, "segment", "did you mean 'high_value'?"},
      {"spent >= ", ErrorCode::PK_RULE_SYNTAX, 10, "", "ends too early"},
      {"(spent >= 1", ErrorCode::PK_RULE_SYNTAX, 12, "", "expected ')'"},
      {"spent >= 1 1", ErrorCode::PK_RULE_SYNTAX, 12, "1", "after a complete rule"},
      {"tier == \"gold", ErrorCode::PK_RULE_SYNTAX, 9, "\"", "never closed"},
      {"1 < spent <= 3", ErrorCode::PK_RULE_SYNTAX, 11, "<=", "same operator"},
      {"a == b == c", ErrorCode::PK_RULE_UNKNOWN_FIELD, 1, "a", "unknown field"},
      {"spent == 1 == 2", ErrorCode::PK_RULE_SYNTAX, 12, "==", "do not chain"},
      {"starts_with(name)", ErrorCode::PK_RULE_ARITY, 1, "starts_with", "takes 2"},
      {"spent @ 3", ErrorCode::PK_RULE_SYNTAX, 7, "@", "unexpected character"},
      {"{\"a\": 1}", ErrorCode::PK_RULE_SYNTAX, 1, "{", "exactly one key"},
      {"tier == \"a\\qb\"", ErrorCode::PK_RULE_SYNTAX, 9, "\"a\\qb\"", "invalid escape"},
      {"tier == \"\\ud800\"", ErrorCode::PK_RULE_SYNTAX, 9, "\"\\ud800\"", "invalid escape"},
      {"tier == \"a\tb\"", ErrorCode::PK_RULE_SYNTAX, 9, "\"a\tb\"", "invalid escape"},  // a raw tab
      {"tier == \"\xff\"", ErrorCode::PK_RULE_SYNTAX, 9, "\"\xff\"", "invalid escape"},      // not UTF-8
      {"tier == \"\xed\xa0\x80\"", ErrorCode::PK_RULE_SYNTAX, 9, "\"\xed\xa0\x80\"", "invalid escape"},  // a surrogate
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto err = thrown([&] { compile_rule_text(c.text, ctx); });
    CHECK(err.code() == c.code);
    CHECK(err.position().line == 1);
    CHECK(err.position().column == c.column);
    CHECK(err.position().token == c.token);
    CHECK(std::string(err.what()).find(c.fragment) != std::string::npos);
  }
  // A literal past the rule's limit (not the JSON parser's, which is larger) is too large.
  RuleContext small = ctx;
  small.limits.max_string = 3;
  CHECK(thrown([&] { compile_rule_text("tier == \"gold\"", small); }).code() == ErrorCode::PK_RULE_TOO_LARGE);
  CHECK(compile_rule_text("tier == \"\\u00e9t\\u00e9\"", ctx).to_json_logic() == J(R"({"==":[{"var":"tier"},"\u00e9t\u00e9"]})"));
  CHECK(compile_rule_text("tier == \"\xc3\xa9t\xc3\xa9\"", ctx).to_json_logic() == J(R"({"==":[{"var":"tier"},"\u00e9t\u00e9"]})"));
  CHECK(compile_rule_text("tier == \"\"", ctx).to_json_logic() == J(R"({"==":[{"var":"tier"},""]})"));
  // JsonLogic errors name the JSON path.
  auto j = thrown([&] { compile_rule(J(R"({"and":[true,{"bogus":[1]}]})")); });
  CHECK(j.code() == ErrorCode::PK_RULE_UNKNOWN_OPERATOR);
  CHECK(j.path() == "and[1].bogus");
  CHECK(pktest::error_of([&] { compile_rule(J(R"({"daypart":["25:00-26:00"]})")); }) == ErrorCode::PK_RULE_ARITY);
  CHECK(pktest::error_of([&] { compile_rule(J(R"({"sem_ver":["1.0.0","=>","1.0.0"]})")); }) == ErrorCode::PK_RULE_ARITY);
}

TEST_CASE("rules bounds: 100,000-deep rules and texts fail cleanly") {
  Json deep = Json::object();
  Json* cur = &deep;
  for (int i = 0; i < 100000; ++i) {
    (*cur)["!"] = Json::array({Json::object()});
    cur = &(*cur)["!"][0];
  }
  (*cur) = true;
  auto e = thrown([&] { compile_rule(deep); });
  CHECK(e.code() == ErrorCode::PK_RULE_TOO_DEEP);
  std::string text(100000, '(');
  text += "1";
  text += std::string(100000, ')');
  CHECK(pktest::error_of([&] { compile_rule_text(text); }) == ErrorCode::PK_RULE_TOO_DEEP);
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "not ";
  CHECK(pktest::error_of([&] { compile_rule_text(nots + "true"); }) == ErrorCode::PK_RULE_TOO_DEEP);
  CHECK(pktest::error_of([&] { compile_rule_text(std::string(100000, '-') + "1"); }) == ErrorCode::PK_RULE_TOO_DEEP);
  CHECK(pktest::error_of([&] { compile_rule_text(std::string(100000, '[')); }) == ErrorCode::PK_RULE_TOO_DEEP);
  // Deep data is walked only as deep as a path goes; turning it into text is bounded.
  Json data = Json::array();
  Json* d = &data;
  for (int i = 0; i < 2000; ++i) {
    d->push_back(Json::array());
    d = &(*d)[0];
  }
  CHECK(pktest::error_of([&] { compile_rule(J(R"({"cat":[{"var":""}]})")).evaluate(data); }) == ErrorCode::PK_RULE_TOO_DEEP);
  RuleLimits small;
  small.max_nodes = 10;
  RuleContext ctx;
  ctx.limits = small;
  CHECK(pktest::error_of([&] { compile_rule_text("1+2+3+4+5+6+7+8+9+10+11", ctx); }) == ErrorCode::PK_RULE_TOO_LARGE);
  ctx.limits = RuleLimits{};
  ctx.limits.max_string = 4;
  CHECK(pktest::error_of([&] { compile_rule_text("\"hello\"", ctx); }) == ErrorCode::PK_RULE_TOO_LARGE);
  ctx.limits = RuleLimits{};
  ctx.limits.max_eval_bytes = 1000;
  Rule grow = compile_rule(J(R"({"reduce":[{"var":"xs"},{"merge":[{"var":"accumulator"},{"var":"accumulator"},1]},[]]})"), ctx);
  Json xs = Json::array();
  for (int i = 0; i < 40; ++i) xs.push_back(i);
  CHECK(pktest::error_of([&] { grow.evaluate(Json{{"xs", xs}}); }) == ErrorCode::PK_RULE_TOO_LARGE);
}

TEST_CASE("rules segments: inlined, cycles rejected, defaults with thresholds") {
  RuleContext ctx = RuleContext::for_profiles();
  ctx.segments["vip"] = "tier == \"gold\" and segment(\"high_value\")";
  ctx.segments["a"] = "segment(\"b\")";
  ctx.segments["b"] = Json::parse(R"({"segment":"a"})");
  Rule vip = compile_rule_text("segment(\"vip\")", ctx);
  CHECK(vip.matches(J(R"({"tier":"gold","spent":100000})")));
  CHECK_FALSE(vip.matches(J(R"({"tier":"gold","spent":99999})")));
  CHECK(vip.to_text() == "segment(\"vip\")");
  auto e = thrown([&] { compile_rule_text("segment(\"a\")", ctx); });
  CHECK(e.code() == ErrorCode::PK_RULE_SEGMENT_CYCLE);
  CHECK(std::string(e.what()).find("a -> b -> a") != std::string::npos);

  SegmentThresholds t;
  t.high_value_spent = 500;
  RuleContext custom = RuleContext::for_profiles(t);
  CHECK(compile_rule_text("segment(\"high_value\")", custom).matches(J(R"({"spent":500})")));
  EvalContext now{kMonNoonUtc, "UTC"};
  auto seg = [&](const char* name, const char* profile) {
    return compile_rule_text(std::string("segment(\"") + name + "\")", ctx).matches(J(profile), now);
  };
  std::string active90 = "{\"lastActiveAt\":" + std::to_string(kMonNoonUtc - 90 * kDay) + "}";
  std::string active89 = "{\"lastActiveAt\":" + std::to_string(kMonNoonUtc - 89 * kDay) + "}";
  CHECK(seg("inactive", active90.c_str()));
  CHECK_FALSE(seg("inactive", active89.c_str()));
  CHECK_FALSE(seg("inactive", "{}"));
  std::string joined = "{\"registeredAt\":" + std::to_string(kMonNoonUtc - 30 * kDay) + "}";
  CHECK(seg("new", joined.c_str()));
  CHECK_FALSE(seg("new", "{}"));
  CHECK(seg("complaint", R"({"lastEvents":{"complaint":1}})"));
  CHECK_FALSE(seg("complaint", "{}"));
  CHECK(seg("loyal", R"({"scores":{"loyalty":0.7,"engagement":0.6}})"));
  CHECK_FALSE(seg("loyal", R"({"scores":{"loyalty":0.9,"engagement":0.5}})"));
}

namespace {
struct Hooks : EvalHooks {
  std::optional<double> interest(std::string_view tag) const override {
    if (tag == "fashion") return 0.8;
    return std::nullopt;
  }
  std::optional<Millis> last_visit(std::string_view store) const override {
    if (store == "12") return kMonNoonUtc - 3 * kDay;
    return std::nullopt;
  }
  std::optional<std::int64_t> count_events(std::string_view type, Millis since) const override {
    return type == "purchase" && since <= kMonNoonUtc - kDay ? 1 : 0;
  }
};

Millis at_utc(int y, int m, int d, int hh, int mm) {
  std::int64_t days = 0;
  // days from civil (test-local copy, checked against known instants below)
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  days = era * 146097 + doe - 719468;
  return (days * 1440 + hh * 60 + mm) * 60000;
}
}  // namespace

// Regression: the default segments were text, formatted from the thresholds and parsed again
// whenever a context was made (every engine); they are JsonLogic now and must compile to the
// program the text gave, for the default thresholds and for custom ones.
TEST_CASE("rules segments: the default segments compile as their text syntax does") {
  auto text_of = [](const SegmentThresholds& t) {
    auto n = [](double d) {
      std::string s;
      rules::append_number(d, s);
      return s;
    };
    return std::vector<std::pair<std::string, std::string>>{
        {"high_value", "spent >= " + n(t.high_value_spent)},
        {"inactive", "days_since(lastActiveAt) >= " + n(t.inactive_days)},
        {"new", "registeredAt != null and days_since(registeredAt) <= " + n(t.new_days)},
        {"complaint", "has_event(\"complaint\")"},
        {"loyal", "score(\"loyalty\") >= " + n(t.loyal_loyalty) + " and score(\"engagement\") >= " + n(t.loyal_engagement)}};
  };
  SegmentThresholds custom;
  custom.high_value_spent = 1234.5;
  custom.inactive_days = 45;
  custom.new_days = 7.25;
  custom.loyal_loyalty = 0.55;
  custom.loyal_engagement = 1;
  for (const SegmentThresholds& t : {SegmentThresholds{}, custom}) {
    RuleContext ctx = RuleContext::for_profiles(t);
    auto expected = text_of(t);
    CHECK(ctx.segments.size() == expected.size());
    for (const auto& entry : expected) {  // not a structured binding: CAPTURE's lambda takes it
      const std::string& name = entry.first;
      const std::string& text = entry.second;
      CAPTURE(name);
      REQUIRE(ctx.segments.count(name) == 1);
      CHECK(compile_rule(ctx.segments.at(name), ctx).to_json_logic() == compile_rule_text(text, ctx).to_json_logic());
    }
  }
}

TEST_CASE("rules domain operators") {
  CHECK(at_utc(2026, 3, 2, 12, 0) == kMonNoonUtc);
  RuleContext ctx;
  auto eval = [&](const char* text, const char* data, EvalContext ec) { return compile_rule_text(text, ctx).evaluate(J(data), ec); };
  Hooks hooks;
  EvalContext utc{kMonNoonUtc, "UTC", &hooks};

  SUBCASE("days_since: ms and dates, in the zone") {
    std::string d = "{\"t\":" + std::to_string(kMonNoonUtc - 10 * kDay - 1) + "}";
    CHECK(eval("days_since(t)", d.c_str(), utc) == 10);
    CHECK(eval("days_since(t)", R"({"t":"2026-02-28"})", utc) == 2);
    CHECK(eval("days_since(t)", "{}", utc).is_null());
    // 2026-03-01 20:00 UTC is already Monday 2026-03-02 in Shanghai
    EvalContext sh{at_utc(2026, 3, 1, 20, 0), "Asia/Shanghai"};
    CHECK(eval("days_since(t)", R"({"t":"2026-03-01"})", sh) == 1);
  }
  SUBCASE("daypart: windows, days, crossing midnight, zones and DST") {
    CHECK(eval(R"(daypart("11:00-14:00", "mon-fri"))", "{}", utc) == true);
    CHECK(eval(R"(daypart("11:00-14:00", "sat,sun"))", "{}", utc) == false);
    CHECK(eval(R"(daypart("12:00-12:01"))", "{}", utc) == true);
    CHECK(eval(R"(daypart("11:00-12:00"))", "{}", utc) == false);  // the end is exclusive
    // Shanghai: 20:00 local (Mon); Dubai 16:00; the data's zone is used when the context has none
    CHECK(eval(R"(daypart("19:00-21:00", "mon"))", "{}", EvalContext{kMonNoonUtc, "Asia/Shanghai"}) == true);
    CHECK(eval(R"(daypart("16:00-17:00"))", R"({"zone":"Asia/Dubai"})", EvalContext{kMonNoonUtc, ""}) == true);
    CHECK(eval(R"(daypart("15:00-16:00"))", R"({"zone":"Africa/Dar_es_Salaam"})", EvalContext{kMonNoonUtc, ""}) == true);
    // 22:00-02:00 on Fridays: Friday 23:30 yes, Saturday 01:30 yes (the window began Friday), Sunday 01:30 no
    Millis fri2330 = at_utc(2026, 3, 6, 23, 30);
    CHECK(eval(R"(daypart("22:00-02:00", "fri"))", "{}", EvalContext{fri2330, "UTC"}) == true);
    CHECK(eval(R"(daypart("22:00-02:00", "fri"))", "{}", EvalContext{fri2330 + 2 * 3600000, "UTC"}) == true);
    CHECK(eval(R"(daypart("22:00-02:00", "fri"))", "{}", EvalContext{fri2330 + 26 * 3600000, "UTC"}) == false);
    // New York: 2026-03-08 is the DST switch (07:00 UTC). 13:30 UTC is 08:30 EST on the 7th, 09:30 EDT on the 9th.
    CHECK(eval(R"(daypart("08:00-09:00"))", "{}", EvalContext{at_utc(2026, 3, 7, 13, 30), "America/New_York"}) == true);
    CHECK(eval(R"(daypart("09:00-10:00"))", "{}", EvalContext{at_utc(2026, 3, 9, 13, 30), "America/New_York"}) == true);
    // Europe: 2026-03-29 01:00 UTC; Paris 11:30 UTC is 12:30 CET before, 13:30 CEST after; back on 2026-10-25
    CHECK(eval(R"(daypart("12:00-13:00"))", "{}", EvalContext{at_utc(2026, 3, 28, 11, 30), "Europe/Paris"}) == true);
    CHECK(eval(R"(daypart("13:00-14:00"))", "{}", EvalContext{at_utc(2026, 3, 29, 11, 30), "Europe/Paris"}) == true);
    CHECK(eval(R"(daypart("12:00-13:00"))", "{}", EvalContext{at_utc(2026, 10, 25, 11, 30), "Europe/Paris"}) == true);
    CHECK(local_time(at_utc(2026, 3, 29, 0, 59), "Europe/London").offset_minutes == 0);
    CHECK(local_time(at_utc(2026, 3, 29, 1, 0), "Europe/London").offset_minutes == 60);
    CHECK(local_time(at_utc(2026, 11, 1, 5, 59), "America/New_York").offset_minutes == -240);
    CHECK(local_time(at_utc(2026, 11, 1, 6, 0), "America/New_York").offset_minutes == -300);
    CHECK(local_time(at_utc(2026, 1, 15, 0, 0), "Australia/Sydney").offset_minutes == 660);
    CHECK(local_time(at_utc(2026, 7, 15, 0, 0), "Australia/Sydney").offset_minutes == 600);
    CHECK(local_time(kMonNoonUtc, "UTC+05:30").minute_of_day == 17 * 60 + 30);
    CHECK_THROWS_AS(local_time(0, "Mars/Olympus"), Error);
  }
  SUBCASE("birthday_within: year wrap, Feb 29, zone") {
    EvalContext dec30{at_utc(2025, 12, 30, 12, 0), "UTC"};
    CHECK(eval("birthday_within(3)", R"({"birthday":"1990-01-02"})", dec30) == true);
    CHECK(eval("birthday_within(2)", R"({"birthday":"1990-01-02"})", dec30) == false);
    CHECK(eval("birthday_within(0)", R"({"birthday":"1990-12-30"})", dec30) == true);
    CHECK(eval("birthday_within(300)", R"({"birthday":"1990-12-29"})", dec30) == false);  // passed: next year is 364 days away
    EvalContext feb27{at_utc(2026, 2, 27, 12, 0), "UTC"};
    CHECK(eval("birthday_within(1)", R"({"birthday":"2000-02-29"})", feb27) == true);  // Feb 28 in 2026
    EvalContext feb27leap{at_utc(2028, 2, 27, 12, 0), "UTC"};
    CHECK(eval("birthday_within(1)", R"({"birthday":"2000-02-29"})", feb27leap) == false);  // Feb 29 in 2028: 2 days
    // Dec 31 23:00 UTC is already Jan 1 in Shanghai
    EvalContext nye{at_utc(2025, 12, 31, 23, 0), "Asia/Shanghai"};
    CHECK(eval("birthday_within(0)", R"({"birthday":"1990-01-01"})", nye) == true);
    CHECK(eval("birthday_within(7)", R"({"birthday":"bad"})", dec30) == false);
    CHECK(eval("birthday_within(7)", "{}", dec30) == false);
  }
  SUBCASE("interest, score, has_tag, visited_store, has_event") {
    CHECK(eval(R"(interest("fashion") >= 0.8)", "{}", utc) == true);
    CHECK(eval(R"(interest("food"))", R"({"scores":{"interest":{"food":0.25}}})", utc) == 0.25);
    CHECK(eval(R"(interest("toys"))", "{}", utc) == 0);
    CHECK(eval(R"(score("loyalty"))", R"({"scores":{"loyalty":0.5}})", utc) == 0.5);
    CHECK(eval(R"(has_tag("vip"))", R"({"tags":["a","vip"]})", utc) == true);
    CHECK(eval(R"(has_tag("vip"))", R"({"tags":"vip"})", utc) == false);
    CHECK(eval(R"(visited_store("12"))", "{}", utc) == true);
    CHECK(eval(R"(visited_store("12", 3))", "{}", utc) == true);
    CHECK(eval(R"(visited_store("12", 2))", "{}", utc) == false);
    CHECK(eval(R"(visited_store("13"))", "{}", utc) == false);
    CHECK(eval(R"(visited_store("13", 1))", R"({"visits":{"13":1772400000000}})", EvalContext{kMonNoonUtc}) == true);
    CHECK(eval(R"(has_event("purchase", 1))", "{}", utc) == true);
    CHECK(eval(R"(has_event("purchase"))", "{}", utc) == true);
  }
  SUBCASE("starts_with, ends_with, sem_ver (flagd)") {
    CHECK(eval(R"(starts_with(email, "vip."))", R"({"email":"vip.x@a.cn"})", utc) == true);
    CHECK(eval(R"(ends_with(email, "@a.cn"))", R"({"email":"vip.x@a.cn"})", utc) == true);
    CHECK(eval(R"(ends_with(email, "@a.cn"))", R"({"email":5})", utc) == false);
    struct V {
      const char* a;
      const char* op;
      const char* b;
      bool r;
    } vs[] = {{"1.2.3", ">=", "1.2.0", true},     {"v1.2.3", "=", "1.2.3", true},          {"1.2.3-alpha", "<", "1.2.3", true},
              {"1.0.0-alpha.1", "<", "1.0.0-alpha.beta", true}, {"1.0.0-beta.11", ">", "1.0.0-beta.2", true},
              {"1.0.0-rc.1", ">", "1.0.0-beta.11", true}, {"2.1.0", "^", "2.0.9", true},   {"2.1.0", "~", "2.0.9", false},
              {"2.1.5", "~", "2.1.0", true},      {"1.2.3+build", "=", "1.2.3", true},    {"1.2", "<", "1.2.1", true},
              {"x.y", "=", "x.y", false},         {"1.2.3", "!=", "1.2.4", true}};
    for (const auto& v : vs) {
      CAPTURE(v.a);
      CAPTURE(v.b);
      Json r = compile_rule(Json{{"sem_ver", {v.a, v.op, v.b}}}).evaluate(Json::object());
      CHECK(r == v.r);
    }
  }
}

TEST_CASE("rules: matches() agrees with evaluate() truthiness and the JSON-string form is text") {
  Rule r = compile_rule(Json("spent >= 10 and tier in [\"gold\", \"silver\"]"));
  CHECK(r.matches(J(R"({"spent":10,"tier":"gold"})")));
  CHECK_FALSE(r.matches(J(R"({"spent":10,"tier":"bronze"})")));
  CHECK(r.to_text() == R"(spent >= 10 and tier in ["gold", "silver"])");
  CHECK(r.to_json_logic() == J(R"({"and":[{">=":[{"var":"spent"},10]},{"in":[{"var":"tier"},["gold","silver"]]}]})"));
}
