#include <doctest/doctest.h>

#include "promokit/json.hpp"

using namespace promokit;

TEST_CASE("parse_json: valid documents") {
  CHECK(parse_json("{\"a\":[1,2,{\"b\":null}]}")["a"][2]["b"].is_null());
  CHECK(parse_json("  \"\xE4\xB8\xAD\" ").get<std::string>() == "\xE4\xB8\xAD");
  CHECK(parse_json("-12").get<int>() == -12);
}

TEST_CASE("parse_json: syntax errors carry line, column and token") {
  struct Case { const char* text; unsigned line, column; };
  const Case cases[] = {
      {"{\"a\": 1,}", 1, 9},
      {"{\n  \"a\": tru\n}", 2, 8},
      {"[1, 2", 1, 6},
      {"", 1, 1},
      {"{\"a\" 1}", 1, 6},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    try {
      parse_json(c.text);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_JSON_SYNTAX);
      CHECK(e.position().line == c.line);
      CHECK(e.position().column == c.column);
      CHECK(e.path().empty());
    }
  }
}

TEST_CASE("parse_json: limits are enforced with a path") {
  JsonLimits lim;
  lim.max_depth = 4;
  lim.max_string = 8;
  lim.max_entries = 3;
  lim.max_bytes = 200;
  auto code_of = [&](const std::string& text, std::string* path = nullptr) {
    try {
      parse_json(text, lim);
      return ErrorCode::PK_OK;
    } catch (const Error& e) {
      if (path) *path = e.path();
      return e.code();
    }
  };
  std::string path;
  CHECK(code_of("[[[[1]]]]") == ErrorCode::PK_OK);
  CHECK(code_of("[[[[[1]]]]]", &path) == ErrorCode::PK_JSON_TOO_DEEP);
  CHECK(path == "[0][0][0][0]");
  CHECK(code_of("{\"offers\":[1,2,3,4]}", &path) == ErrorCode::PK_JSON_ARRAY_TOO_LONG);
  CHECK(path == "offers[3]");
  CHECK(code_of("{\"a\":{\"title\":\"123456789\"}}", &path) == ErrorCode::PK_JSON_STRING_TOO_LONG);
  CHECK(path == "a.title");
  CHECK(code_of(std::string(201, ' ')) == ErrorCode::PK_JSON_TOO_LARGE);
}

TEST_CASE("regression: a 100,000-deep document is refused without recursion") {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  CHECK_THROWS_AS(parse_json(deep), Error);
  std::string deep_obj;
  for (int i = 0; i < 100000; ++i) deep_obj += "{\"a\":";
  CHECK_THROWS_AS(parse_json(deep_obj), Error);
}

TEST_CASE("path helpers quote keys that are not identifiers") {
  CHECK(path_key("", "offers") == "offers");
  CHECK(path_key("offers[3]", "reward") == "offers[3].reward");
  CHECK(path_key("title", "zh-CN") == "title[\"zh-CN\"]");
  CHECK(path_index("offers", 3) == "offers[3]");
}
