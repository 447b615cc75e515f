// The official JsonLogic conformance suite (tests/data/jsonlogic-tests.json, 277 cases) plus
// json-logic-js behaviours the suite does not pin down.
#include <doctest/doctest.h>

#include <cmath>

#include "promokit/rules.hpp"
#include "unit-rules-util.hpp"
#include "test_util.hpp"

using namespace promokit;
using pktest::same_value;

TEST_CASE("jsonlogic: official conformance suite passes 277/277") {
  Json suite = pktest::read_json("tests/data/jsonlogic-tests.json");
  int cases = 0, passed = 0;
  for (const auto& t : suite) {
    if (t.is_string()) continue;
    ++cases;
    Json got;
    try {
      got = json_logic_apply(t[0], t[1]);
    } catch (const Error& e) {
      got = Json("threw: " + std::string(e.what()));
    }
    bool ok = same_value(got, t[2]);
    CHECK_MESSAGE(ok, "rule " << t[0].dump() << " data " << t[1].dump() << " expected " << t[2].dump() << " got "
                              << (got.is_discarded() ? "undefined" : got.dump()));
    passed += ok;
  }
  CHECK(cases == 277);
  CHECK(passed == 277);
}

TEST_CASE("jsonlogic: json-logic-js edge semantics") {
  struct Case {
    const char* rule;
    const char* data;
    const char* expected;  // "undefined" for an undefined result
  };
  const Case cases[] = {
      {R"({"and":[]})", "{}", "undefined"},
      {R"({"or":[]})", "{}", "undefined"},
      {R"({"*":["3"]})", "{}", R"("3")"},                   // one factor is returned as is
      {R"({"+":[]})", "{}", "0"},
      {R"({"+":["3abc", " 4"]})", "{}", "7"},               // parseFloat
      {R"({"+":[null]})", "{}", "null"},                    // parseFloat(null) is NaN (JSON null)
      {R"({"-":["5"]})", "{}", "-5"},
      {R"({"==":[[],false]})", "{}", "true"},
      {R"({"==":[[1,2],"1,2"]})", "{}", "true"},
      {R"({"==":[null,0]})", "{}", "false"},
      {R"({"==":[[1],[1]]})", "{}", "false"},               // two array literals are two objects
      {R"({"==":[{"var":"a"},{"var":"a"}]})", R"({"a":[1]})", "true"},  // the same object twice
      {R"({"<":["a","b"]})", "{}", "true"},
      {R"({"<":["10","9"]})", "{}", "true"},                // string comparison
      {R"({"<":[10,"9"]})", "{}", "false"},
      {R"({">":[null,-1]})", "{}", "true"},
      {R"({"in":[1,"a1b"]})", "{}", "true"},
      {R"({"in":["a",""]})", "{}", "false"},
      {R"({"in":["a",{"var":"o"}]})", R"({"o":{"a":1}})", "false"},
      {R"({"cat":[null,true,[1,[2,null]],{}]})", "{}", R"("true1,2,[object Object]")"},
      {R"({"cat":[0.1,1e21,1e-7,-0]})", "{}", R"("0.11e+211e-70")"},
      {R"({"substr":["jsonlogic",-5,"-1"]})", "{}", R"("")"},  // 5 + "-1" is "5-1": NaN -> 0
      {R"({"substr":["中文字符",1,2]})", "{}", R"("文字")"},
      {R"({"var":"a.length"})", R"({"a":"héllo"})", "5"},
      {R"({"var":"1"})", R"(["x","y"])", R"("y")"},
      {R"({"var":1.5})", R"({"1":{"5":"deep"}})", R"("deep")"},
      {R"({"var":["x",7]})", R"({"x":null})", "null"},      // null is present
      {R"({"var":"a.b"})", R"({"a":"str"})", "null"},
      {R"({"some":["abc",{"==":[{"var":""},"b"]}]})", "{}", "false"},  // only arrays are iterated
      {R"({"all":[5,true]})", "{}", "false"},
      {R"({"none":[{},true]})", "{}", "true"},
      {R"({"all":[{"var":"o"},{"var":""}]})", R"({"o":{"length":1,"0":"x"}})", "false"},
      {R"({"none":[null,true]})", "{}", "true"},
      {R"({"reduce":[[1,2],{"var":""},0]})", "{}", R"({"current":2,"accumulator":{"current":1,"accumulator":0}})"},
      {R"({"missing":[["a",{"var":"d"}]]})", R"({"d":"b"})", R"(["a","b"])"},
      {R"({"missing":[{"var":"k"}]})", R"({"k":["x","y"],"x":1})", R"(["y"])"},
      {R"({"missing":[[["x","y"]]]})", R"({"x":""})", R"([["x","y"]])"},  // key [x, y] is var "x" with default "y"
      {R"({"missing_some":[1,"abc"]})", R"({"abc":1})", "[]"},
      {R"({"merge":[1,[2,[3]],null]})", "{}", "[1,2,[3],null]"},
      {R"({"min":[]})", "{}", "1e999"},
      {R"({"max":[1,"x"]})", "{}", "null"},
      {R"({"%":[-7,2]})", "{}", "-1"},
      {R"({"if":[]})", "{}", "null"},
      {R"({"if":[false,1]})", "{}", "null"},
      {R"({"!":[]})", "{}", "true"},
      {R"({"!!":["0"]})", "{}", "true"},
      {R"({"filter":[[1,0,2],{"var":""}]})", "{}", "[1,2]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.rule);
    Json got = json_logic_apply(Json::parse(c.rule), Json::parse(c.data));
    if (std::string(c.expected) == "undefined") CHECK(got.is_discarded());
    else if (std::string(c.expected) == "1e999") CHECK(got == Json(INFINITY));
    else CHECK_MESSAGE(same_value(got, Json::parse(c.expected)), (got.is_discarded() ? "undefined" : got.dump()));
  }
}

TEST_CASE("jsonlogic: undefined inside built arrays and reduce scopes stays undefined") {
  Json m = json_logic_apply(Json::parse(R"({"map":[{"var":"x"}]})"), Json::parse(R"({"x":[1,2]})"));
  REQUIRE(m.is_array());
  CHECK(m.size() == 2);
  CHECK(m[0].is_discarded());
  Json s = json_logic_apply(Json::parse(R"({"reduce":[[1],{"var":""}]})"), Json::object());
  CHECK(s["current"] == 1);
  CHECK(s["accumulator"].is_null());
}

TEST_CASE("jsonlogic: where json-logic-js throws, evaluation throws PK_RULE_TYPE") {
  const char* rules[] = {R"({"*":[]})", R"({"in":["a",{"var":"o"}]})", R"({"and":[true,{"*":[]}]})"};
  Json data = Json::parse(R"({"o":{"indexOf":1}})");
  for (const char* r : rules) {
    CAPTURE(r);
    try {
      json_logic_apply(Json::parse(r), data);
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_RULE_TYPE);
    }
  }
}
