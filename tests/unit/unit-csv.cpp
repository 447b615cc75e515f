// The RFC 4180 reader: every chunking of the input gives the same rows.
#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "promokit/analytics.hpp"

using namespace promokit;
using namespace promokit::analytics;

namespace {

struct Collected {
  std::uint32_t line;
  std::vector<std::string> fields;
  ErrorCode error;
  bool operator==(const Collected& o) const { return line == o.line && fields == o.fields && error == o.error; }
};

struct Collector : CsvRowHandler {
  std::vector<Collected> rows;
  void row(const CsvRow& r) override {
    rows.push_back({r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()), r.error});
  }
};

std::vector<Collected> read_all(std::string_view text, std::size_t chunk = 0, char delim = ',',
                                std::size_t max_row = 1u << 20) {
  CsvReader reader(delim, max_row);
  Collector c;
  if (chunk == 0) chunk = text.size() ? text.size() : 1;
  for (std::size_t i = 0; i < text.size(); i += chunk) reader.feed(text.substr(i, chunk), c);
  reader.finish(c);
  return c.rows;
}

using F = std::vector<std::string>;

}  // namespace

TEST_CASE("csv: the RFC 4180 cases") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<Collected> rows;
  };
  const ErrorCode ok = ErrorCode::PK_OK;
  std::vector<Case> cases = {
      {"plain LF", "a,b\n1,2\n", {{1, F{"a", "b"}, ok}, {2, F{"1", "2"}, ok}}},
      {"CRLF", "a,b\r\n1,2\r\n", {{1, F{"a", "b"}, ok}, {2, F{"1", "2"}, ok}}},
      {"lone CR", "a,b\r1,2", {{1, F{"a", "b"}, ok}, {2, F{"1", "2"}, ok}}},
      {"no final line end", "a,b\n1,2", {{1, F{"a", "b"}, ok}, {2, F{"1", "2"}, ok}}},
      {"BOM", "\xEF\xBB\xBFid,x\n1,2\n", {{1, F{"id", "x"}, ok}, {2, F{"1", "2"}, ok}}},
      {"quoted delimiter", "\"a,b\",c\n", {{1, F{"a,b", "c"}, ok}}},
      {"escaped quote", "\"say \"\"hi\"\"\",x\n", {{1, F{"say \"hi\"", "x"}, ok}}},
      {"embedded newline keeps the start line", "h\n\"line1\nline2\",x\nnext,y\n",
       {{1, F{"h"}, ok}, {2, F{"line1\nline2", "x"}, ok}, {4, F{"next", "y"}, ok}}},
      {"embedded CRLF", "\"a\r\nb\"\r\nc\r\n", {{1, F{"a\r\nb"}, ok}, {3, F{"c"}, ok}}},
      {"empty fields", ",,\n", {{1, F{"", "", ""}, ok}}},
      {"empty quoted field", "\"\",x\n", {{1, F{"", "x"}, ok}}},
      {"empty lines are skipped", "a\n\n\nb\n", {{1, F{"a"}, ok}, {4, F{"b"}, ok}}},
      {"UTF-8 passes through", "\xE4\xB8\xAD\xE6\x96\x87,Habari \xC3\xA9\n", {{1, F{"\xE4\xB8\xAD\xE6\x96\x87", "Habari \xC3\xA9"}, ok}}},
      {"quote inside an unquoted field is literal", "ab\"c,d\n", {{1, F{"ab\"c", "d"}, ok}}},
      {"text after a closing quote is a syntax error, next row still read", "\"a\"x,b\nc,d\n",
       {{1, F{}, ErrorCode::PK_CSV_SYNTAX}, {2, F{"c", "d"}, ok}}},
      {"unclosed quote at the end", "a,b\n\"open,x\ny\n", {{1, F{"a", "b"}, ok}, {2, F{}, ErrorCode::PK_CSV_SYNTAX}}},
      {"not a BOM: EF byte kept", "\xEF" "a\n", {{1, F{"\xEF" "a"}, ok}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(7)}) {
      CAPTURE(chunk);
      auto rows = read_all(c.text, chunk);
      REQUIRE(rows.size() == c.rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].line == c.rows[i].line);
        CHECK(rows[i].error == c.rows[i].error);
        if (c.rows[i].error == ok) CHECK(rows[i].fields == c.rows[i].fields);
      }
    }
  }
}

TEST_CASE("csv: other delimiters and the row size limit") {
  auto rows = read_all("a;b\n\"x;y\";z\n", 0, ';');
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].fields == F{"x;y", "z"});

  // A row over the limit is reported, not stored; the reader goes on after it.
  std::string big = "h\n" + std::string(500, 'x') + "\nshort\n";
  rows = read_all(big, 16, ',', 100);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].error == ErrorCode::PK_CSV_ROW_TOO_LONG);
  CHECK(rows[1].line == 2);
  CHECK(rows[2].fields == F{"short"});
}

TEST_CASE("csv: regression - a quoted field ending exactly at a chunk boundary") {
  std::string text = "\"ab\"\"\",c\n";
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    auto rows = read_all(text, chunk);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == F{"ab\"", "c"});
  }
}

TEST_CASE("csv: rows read in place agree with the state machine") {
  // A row wholly inside a chunk is read in place (fields as views into the chunk); one split by
  // a chunk boundary, or with "" escapes, text after a quote, a long row, goes through the byte
  // state machine. Feeding one byte at a time takes the state machine for every row, one chunk
  // the in-place path for most: seeded random inputs must give the same rows, lines and errors.
  std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&](std::uint64_t n) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed % n;
  };
  const char* pieces[] = {"a", "xyz", " ", "\"", "\"\"", ",", "\n", "\r\n", "\r", "\xC3\xA9", "long field text ", ";"};
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    std::string text;
    std::size_t rows = 1 + next(6);
    for (std::size_t r = 0; r < rows; ++r) {
      std::size_t fields = 1 + next(4);
      for (std::size_t f = 0; f < fields; ++f) {
        if (f) text += ',';
        bool quoted = next(3) == 0;
        if (quoted) text += '"';
        for (std::size_t k = next(5); k-- > 0;) text += pieces[next(std::size(pieces))];
        if (quoted && next(4)) text += '"';
      }
      text += next(2) ? "\n" : "\r\n";
    }
    std::size_t limit = next(4) == 0 ? 8 : 1u << 20;
    auto whole = read_all(text, 0, ',', limit);
    CHECK(read_all(text, 1, ',', limit) == whole);
    CHECK(read_all(text, 1 + next(16), ',', limit) == whole);
  }
}
