#include <doctest/doctest.h>

#include <filesystem>

#include "catalog_check.hpp"
#include "json/tape.hpp"
#include "test_util.hpp"

using namespace promokit;

namespace {

// What parse_json throws for text, as JSON (or null when it parses).
Json error_of_parse(const std::function<void()>& f) {
  try {
    f();
    return nullptr;
  } catch (const Error& e) {
    return {static_cast<int>(e.code()), e.what(), e.path(), e.position().line, e.position().column, e.position().offset,
            e.position().token};
  }
}

}  // namespace

TEST_CASE("JsonTape: the values of a text, as parse_json reads them") {
  const char* cases[] = {
      "null", "true", "false", "0", "-0", "-12", "18446744073709551615", "-9223372036854775808", "1.5", "-2.5e-3", "1e300",
      "\"\"", "\"plain\"", "\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"\\ud83d\\ude00 \xE4\xB8\xAD\"", "[]", "{}", "[[],{},[[]]]",
      "{\"a\":[1,2,{\"b\":null}],\"c\":{\"d\":{\"e\":[true,false]}},\"f\":\"g\"}",
      "[1,[2,[3,[4]]],{\"x\":[5,{\"y\":6}]},7]",
      "{\"\":1,\"a b\":2,\"\\u0000\":3}",
      " \n\t{ \"spaced\" :\t[ 1 , 2 ] }\r\n",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    JsonTape t = JsonTape::parse(text);
    Json dom = parse_json(text);
    CHECK(t.root().to_json() == dom);
    CHECK(json_type_name(t.root()) == json_type_name(dom));
    // From the DOM, the same values again.
    CHECK(JsonTape::from(dom).root().to_json() == dom);
  }
}

TEST_CASE("JsonTape: navigation skips whole subtrees") {
  JsonTape t = JsonTape::parse(R"({"a":[1,[2,3],{"b":4}],"c":{"d":{"e":5}},"f":"six","g":-7,"h":8.5,"i":true})");
  const auto& root = t.root();
  REQUIRE(root.is_object());
  CHECK(root.size() == 6);
  const auto* a = root.find("a");
  REQUIRE(a);
  CHECK(a->is_array());
  CHECK(a->size() == 3);
  std::vector<std::string> kinds;
  for (const auto& e : *a) kinds.emplace_back(json_type_name(e));
  CHECK(kinds == std::vector<std::string>{"integer", "array", "object"});
  REQUIRE(root.find("c"));
  REQUIRE(root.find("c")->find("d"));
  CHECK(root.find("c")->find("d")->find("e")->get<std::int64_t>() == 5);
  CHECK(root.find("f")->str() == "six");
  CHECK(root.find("f")->get<std::string>() == "six");
  CHECK(root.find("g")->get<std::int64_t>() == -7);
  CHECK(root.find("g")->is_number_integer());
  CHECK_FALSE(root.find("g")->is_number_unsigned());
  CHECK(root.find("h")->get<double>() == 8.5);
  CHECK(root.find("h")->is_number_float());
  CHECK(root.find("i")->get<bool>());
  CHECK(root.find("missing") == nullptr);
  CHECK(root.find("e") == nullptr);  // a key of a nested object is not the root's
  std::vector<std::string> keys;
  root.for_each_member([&](std::string_view k, const JsonTape::Value&) { keys.emplace_back(k); });
  CHECK(keys == std::vector<std::string>{"a", "c", "f", "g", "h", "i"});
}

TEST_CASE("JsonTape: a key given twice finds the last value, as nlohmann's DOM keeps") {
  JsonTape t = JsonTape::parse(R"({"k":1,"x":{"k":[2]},"k":3})");
  CHECK(t.root().find("k")->get<int>() == 3);
  CHECK(t.root().to_json() == parse_json(R"({"k":1,"x":{"k":[2]},"k":3})"));
  int seen = 0;
  t.root().for_each_member([&](std::string_view k, const JsonTape::Value&) { seen += k == "k"; });
  CHECK(seen == 2);  // the tape keeps both; readers that iterate fall back to the DOM on an error
}

TEST_CASE("JsonTape: syntax and limit errors are parse_json's, code, message, path and position") {
  JsonLimits lim;
  lim.max_depth = 4;
  lim.max_string = 8;
  lim.max_entries = 3;
  lim.max_bytes = 200;
  const std::string cases[] = {
      "{\"a\": 1,}", "{\n  \"a\": tru\n}", "[1, 2", "", "{\"a\" 1}", "\"\\ud800\"", "\"\x01\"", "[1e999]", "nul",
      "[[[[[1]]]]]", "{\"offers\":[1,2,3,4]}", "{\"a\":{\"title\":\"123456789\"}}", "{\"123456789\":1}", std::string(201, ' '),
      "{\"a\":1} x",
  };
  for (const auto& text : cases) {
    CAPTURE(text);
    Json dom = error_of_parse([&] { parse_json(text, lim); });
    REQUIRE(!dom.is_null());
    CHECK(error_of_parse([&] { JsonTape::parse(text, lim); }) == dom);
  }
}

TEST_CASE("regression: a 100,000-deep document is refused by the tape without recursion") {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  CHECK(error_of_parse([&] { JsonTape::parse(deep); }) == error_of_parse([&] { parse_json(deep); }));
}

TEST_CASE("read_catalog_text: the same catalogs and the same errors as read_catalog(parse_json(text))") {
  SUBCASE("the sample catalog") {
    std::string text = pktest::read_file(pktest::source_path("tests/data/catalog-sample.json"));
    CHECK(pktest::catalog_readings_differ(text) == "");
    CHECK(pktest::catalog_dump(read_catalog_text(text)) == pktest::catalog_dump(read_catalog(parse_json(text))));
    CHECK(read_catalog_text(text).offers.size() == read_catalog(parse_json(text)).offers.size());
  }
  SUBCASE("every catalog and offer of the bad-document table, as a catalog's text") {
    Json table = pktest::read_json("tests/data/bad-documents.json");
    int n = 0;
    for (const auto& c : table["cases"]) {
      std::string kind = c["kind"].get<std::string>();
      if (kind != "catalog" && kind != "offer") continue;
      Json doc = kind == "catalog" ? c["doc"] : Json{{"version", 1}, {"offers", {c["doc"]}}};
      CAPTURE(c["name"].get<std::string>());
      std::string text = doc.dump();
      CHECK(pktest::catalog_readings_differ(text) == "");
      CHECK_THROWS_AS(read_catalog_text(text), Error);
      ++n;
    }
    CHECK(n >= 20);
  }
  SUBCASE("bad JSON and limits") {
    for (const char* text : {"", "{", "[]", "{\"version\":1,\"offers\":[{]}", "{\"version\":1,\"offers\":[]} ]"})
      CHECK(pktest::catalog_readings_differ(text) == "");
  }
}

TEST_CASE("regression: a title object whose locales are both bad reports the DOM's first, not the text's") {
  // The tape iterates members in the text's order ("zh" first); nlohmann's DOM sorts them.
  std::string text = R"({"version":1,"offers":[{"id":"a","title":{"zh":1,"en":2},"reward":{"type":"percent","percent":10}}]})";
  CHECK(pktest::catalog_readings_differ(text) == "");
  try {
    read_catalog_text(text);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.path() == "offers[0].title.en");
  }
}

TEST_CASE("regression: a locale given twice, a number then text, reads as the DOM keeps it (the last)") {
  std::string text = R"({"version":1,"offers":[{"id":"a","title":{"en":1,"en":"Ten off"},"reward":{"type":"percent","percent":10}}]})";
  CHECK(pktest::catalog_readings_differ(text) == "");
  CHECK(read_catalog_text(text).offers[0].title.at("en") == "Ten off");
}

TEST_CASE("read_catalog_text: the kept fuzz corpus (tests/fuzz/corpus/catalog_text)") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(pktest::source_path("tests/fuzz/corpus/catalog_text"))) {
    CAPTURE(entry.path().filename().string());
    CHECK(pktest::catalog_readings_differ(pktest::read_file(entry.path().string())) == "");
    ++n;
  }
  CHECK(n >= 5);
}
