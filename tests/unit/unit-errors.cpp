#include <doctest/doctest.h>

#include <set>

#include "promokit/error.hpp"
#include "test_util.hpp"

using namespace promokit;

TEST_CASE("error table: names and numbers are unique and documented") {
  std::size_t n = 0;
  const ErrorInfo* t = error_table(n);
  REQUIRE(n > 10);
  std::set<std::uint16_t> numbers;
  std::set<std::string_view> names;
  std::string doc = pktest::read_file(pktest::source_path("docs/errors.md"));
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(numbers.insert(t[i].number).second);
    CHECK(names.insert(t[i].name).second);
    CHECK(t[i].name.substr(0, 3) == "PK_");
    // docs/errors.md has a row "| number | NAME | meaning |" for every code.
    std::string row = "| " + std::to_string(t[i].number) + " | `" + std::string(t[i].name) + "` |";
    CHECK_MESSAGE(doc.find(row) != std::string::npos, "docs/errors.md lacks the row for " << t[i].name);
  }
}

TEST_CASE("error: name, describe and unknown codes") {
  Error e(ErrorCode::PK_SCHEMA_RANGE, "must be 0 < p <= 100", "offers[3].reward.percent");
  CHECK(e.name() == "PK_SCHEMA_RANGE");
  CHECK(e.describe() == "offers[3].reward.percent: must be 0 < p <= 100");
  CHECK(error_name(static_cast<ErrorCode>(9999)) == "PK_UNKNOWN");
  CHECK(error_name(ErrorCode::PK_OK) == "PK_OK");
  Error p(ErrorCode::PK_JSON_SYNTAX, "bad", "", position_at("{\n  x", 4));
  CHECK(p.describe() == "2:3: bad");
}

TEST_CASE("position_at counts lines and UTF-8 code points") {
  auto p = position_at("ab\ncd", 4);
  CHECK(p.line == 2);
  CHECK(p.column == 2);
  auto q = position_at("\xE4\xB8\xAD\xE6\x96\x87x", 6);  // two Chinese characters, then x
  CHECK(q.line == 1);
  CHECK(q.column == 3);
  CHECK(position_at("abc", 99).offset == 3);
}
