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

namespace {

// What reading a snapshot gives: the catalog's dump, or the error's code.
Json snapshot_reading(std::string_view bytes, const JsonLimits& limits = {}) {
  try {
    return pktest::catalog_dump(read_catalog_snapshot(bytes, limits));
  } catch (const Error& e) {
    return static_cast<int>(e.code());
  }
}

std::string sample_snapshot() {
  return catalog_snapshot(R"({"version":3,"currency":"CNY","offers":[{"id":"a","title":{"zh":"\u4f18\u60e0","en":"Ten off"},)"
                          R"("reward":{"type":"percent","percent":12.5},"tags":["x","y"],"boost":-1.5,"targeting":"tier == \"gold\""}],)"
                          R"("model":{"k":[1,-2,null,true,{"z":""}]}})");
}

}  // namespace

TEST_CASE("JsonTape: serialize and load give back the same values") {
  for (const char* text : {"null", "[true,false,0,-1,18446744073709551615,-9223372036854775808,1.5e-7,\"\"]", "{\"a\":{\"b\":[[],{}]},\"\":\"\\u00e9\"}",
                           "{\"k\":1,\"k\":2}"}) {
    CAPTURE(text);
    JsonTape t = JsonTape::parse(text);
    JsonTape back = JsonTape::load(t.serialize());
    CHECK(back.root().to_json() == parse_json(text));
    CHECK(back.serialize() == t.serialize());
  }
  JsonTape dup = JsonTape::load(JsonTape::parse(R"({"k":1,"x":2,"k":3})").serialize());
  CHECK(dup.root().find("k")->get<int>() == 3);  // the key masks are rebuilt on load
  CHECK(dup.root().find("x")->get<int>() == 2);
  CHECK(dup.root().find("y") == nullptr);
}

TEST_CASE("read_catalog_snapshot: the catalog read_catalog_text gives") {
  std::string sample = pktest::read_file(pktest::source_path("tests/data/catalog-sample.json"));
  CHECK(snapshot_reading(catalog_snapshot(sample)) == pktest::reading(sample, true));
  CHECK(snapshot_reading(catalog_snapshot_of(parse_json(sample))) == pktest::reading(sample, true));
  for (const auto& entry : std::filesystem::directory_iterator(pktest::source_path("tests/fuzz/corpus/catalog_text"))) {
    std::string text = pktest::read_file(entry.path().string());
    CAPTURE(entry.path().filename().string());
    Json expected = pktest::reading(text, true);
    if (expected.contains("error")) {
      // No snapshot of a bad catalog: its own error, as createEngine would give it.
      try {
        catalog_snapshot(text);
        FAIL("a snapshot of a bad catalog");
      } catch (const Error& e) {
        CHECK(static_cast<int>(e.code()) == expected["error"]);
        CHECK(e.path() == expected["path"]);
      }
    } else {
      CHECK(snapshot_reading(catalog_snapshot(text)) == expected);
    }
  }
}

TEST_CASE("regression: a snapshot of a catalog with a locale given twice reads as the DOM keeps it") {
  std::string text = R"({"version":1,"offers":[{"id":"a","title":{"en":1,"en":"Ten off"},"reward":{"type":"percent","percent":10}}]})";
  CHECK(read_catalog_snapshot(catalog_snapshot(text)).offers[0].title.at("en") == "Ten off");
}

TEST_CASE("read_catalog_snapshot: damaged bytes are PK_JSON_SNAPSHOT, never a crash") {
  const std::string good = sample_snapshot();
  REQUIRE(snapshot_reading(good).is_object());
  const int damaged = static_cast<int>(ErrorCode::PK_JSON_SNAPSHOT);
  auto with = [&](std::size_t at, std::string bytes) {
    std::string s = good;
    s.replace(at, bytes.size(), bytes);
    return s;
  };
  auto u32 = [](std::uint32_t x) { return std::string{char(x), char(x >> 8), char(x >> 16), char(x >> 24)}; };
  const std::size_t n = static_cast<unsigned char>(good[8]) | static_cast<unsigned char>(good[9]) << 8;
  const std::size_t chars_at = 16 + 16 * n;
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"empty", ""},
      {"JSON text", "{\"version\":1,\"offers\":[]}"},
      {"another magic", with(0, "PKT2")},
      {"format version 2", with(4, u32(2))},
      {"one value more than there are", with(8, u32(static_cast<std::uint32_t>(n + 1)))},
      {"one string byte fewer", with(12, u32(static_cast<std::uint32_t>(good.size() - chars_at - 1)))},
      {"the root spans one value too many", with(16, u32(7 | static_cast<std::uint32_t>(n + 1) << 4))},
      {"the root spans one value too few", with(16, u32(7 | static_cast<std::uint32_t>(n - 1) << 4))},
      {"the root is said to hold one member more", with(20, u32(5))},
      {"the root is an array of key/value pairs", with(16, u32(6 | static_cast<std::uint32_t>(n) << 4))},
      {"a kind past the last", with(16 + 16, u32(9 | 1 << 4))},
      {"a key that is a number", with(16 + 16, u32(2 | 1 << 4))},
      {"a scalar spanning two values", with(16 + 32, u32(2 | 2 << 4))},
      {"a string past the string bytes", with(16 + 16 + 8, u32(0x7fffffff))},
      {"a boolean of 2", [&] {
         JsonTape t = JsonTape::parse("[true]");
         std::string s = t.serialize();
         s[16 + 16 + 8] = 2;
         return s;
       }()},
      {"a NaN", [&] {
         JsonTape t = JsonTape::parse("[1.5]");
         std::string s = t.serialize();
         s.replace(16 + 16 + 8, 8, std::string("\x00\x00\x00\x00\x00\x00\xf8\x7f", 8));
         return s;
       }()},
      {"a string that is not UTF-8", [&] {
         std::string s = JsonTape::parse("[\"ab\"]").serialize();
         s[s.size() - 1] = '\xff';
         return s;
       }()},
      {"a value after the document", [&] {
         std::string s = JsonTape::parse("[1]").serialize();
         s.replace(8, 4, u32(3));
         s.insert(16 + 32, JsonTape::parse("2").serialize().substr(16, 16));
         return s;
       }()},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(snapshot_reading(c.bytes) == damaged);
  }
  // Every truncation, and every byte replaced by a few others: an error or a catalog, nothing else
  // (ASan and UBSan watch the reads).
  int errors = 0;
  for (std::size_t k = 0; k < good.size(); ++k) errors += snapshot_reading(good.substr(0, k)).is_number();
  CHECK(errors == static_cast<int>(good.size()));
  for (std::size_t k = 0; k < good.size(); ++k)
    for (char b : {'\x00', '\x01', '\x7f', '\x80', '\xff'}) {
      std::string s = good;
      s[k] = b;
      Json r = snapshot_reading(s);
      CHECK((r.is_number() || r.is_object()));
    }
}

TEST_CASE("regression: values past the first decode slice are checked too (JsonTape::load decodes 4,096 at a time)") {
  // 10,000 booleans: the slices end at 4,096 and 8,192; each damaged value names its own index.
  std::string text = "[";
  for (int i = 0; i < 10000; ++i) text += i ? ",true" : "true";
  text += "]";
  const std::string good = JsonTape::parse(text).serialize();
  CHECK(JsonTape::load(good).root().size() == 10000);
  for (std::size_t index : {std::size_t{1}, std::size_t{4095}, std::size_t{4096}, std::size_t{4097}, std::size_t{8192}, std::size_t{10000}}) {
    CAPTURE(index);
    std::string s = good;
    s[16 + 16 * index + 8] = 2;  // value `index` (the array is value 0) becomes a boolean of 2
    try {
      JsonTape::load(s);
      FAIL("a damaged value was loaded");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_JSON_SNAPSHOT);
      CHECK(std::string(e.what()) == "not a usable catalog snapshot: value " + std::to_string(index) + " is a boolean of 2");
    }
  }
}

TEST_CASE("read_catalog_snapshot: the limits hold, with the JSON codes") {
  std::string text = R"({"version":1,"offers":[],"model":{"a":{"b":{"c":["a long enough string"]}}}})";
  std::string snapshot = catalog_snapshot(text);
  JsonLimits shallow;
  shallow.max_depth = 3;
  CHECK(snapshot_reading(snapshot, shallow) == static_cast<int>(ErrorCode::PK_JSON_TOO_DEEP));
  JsonLimits short_strings;
  short_strings.max_string = 8;
  CHECK(snapshot_reading(snapshot, short_strings) == static_cast<int>(ErrorCode::PK_JSON_STRING_TOO_LONG));
  JsonLimits few;
  few.max_entries = 2;
  CHECK(snapshot_reading(snapshot, few) == static_cast<int>(ErrorCode::PK_JSON_ARRAY_TOO_LONG));
  JsonLimits small;
  small.max_bytes = snapshot.size() / 4 - 1;
  CHECK(snapshot_reading(snapshot, small) == static_cast<int>(ErrorCode::PK_JSON_TOO_LARGE));
}

TEST_CASE("read_catalog_snapshot: the kept fuzz corpus (tests/fuzz/corpus/catalog_snapshot)") {
  int snapshots = 0;
  for (const auto& entry : std::filesystem::directory_iterator(pktest::source_path("tests/fuzz/corpus/catalog_snapshot"))) {
    std::string bytes = pktest::read_file(entry.path().string());
    CAPTURE(entry.path().filename().string());
    Json r = snapshot_reading(bytes);
    CHECK((r.is_number() || r.is_object()));
    if (entry.path().extension() == ".bin") {
      CHECK(r.is_object());  // the kept snapshots are good ones
      CHECK(JsonTape::load(bytes).serialize() == bytes);
      ++snapshots;
    } else if (!pktest::reading(bytes, true).contains("error")) {
      CHECK(snapshot_reading(catalog_snapshot(bytes)) == pktest::reading(bytes, true));
    }
  }
  CHECK(snapshots >= 2);
}
