// StringSet (sdk/src/core/string_set.hpp), the engine's set of tracked event ids and analytics'
// customer index: against std::set and std::map over many strings and growths, with the cases
// hashing by 8-byte steps could get wrong.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/string_set.hpp"

using namespace promokit;

TEST_CASE("string set: inserts once, finds, keeps insertion order") {
  struct Case {
    const char* name;
    std::vector<std::string> in;
    std::size_t size;
  };
  using namespace std::string_literals;
  const Case cases[] = {
      {"empty string is a member like any other", {"", "", "a"}, 2},
      {"split points differ (length in the hash)", {"ab", "c", "abc", "a", "bc"}, 5},
      {"8-byte boundaries", {"12345678", "123456789", "1234567", "12345678", "1234567890abcdef", "1234567890abcdeg"}, 5},
      {"embedded NUL bytes", {"a\0b"s, "a\0c"s, "a\0b"s, "a"}, 3},
      {"UTF-8", {"优惠券", "优惠卷", "优惠券"}, 2},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    StringSet s;
    std::vector<std::string> order;
    for (const auto& x : c.in) {
      bool fresh = std::find(order.begin(), order.end(), x) == order.end();
      CHECK(s.insert(x) == fresh);
      if (fresh) order.push_back(x);
    }
    CHECK(s.size() == c.size);
    for (std::size_t i = 0; i < order.size(); ++i) {
      CHECK(s.at(i) == order[i]);
      CHECK(s.contains(order[i]));
    }
    CHECK_FALSE(s.contains("never added"));
  }
}

TEST_CASE("string set: agrees with std::set across growths, and clear() empties it") {
  StringSet s;
  std::set<std::string> model;
  std::uint64_t x = 99;
  for (int i = 0; i < 200000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    // ids like an app's: short, long, many repeats
    std::string id = (x >> 60) % 2 ? "evt-" + std::to_string((x >> 20) % 90000) : std::to_string((x >> 24) % 90000) + "-session-long-suffix";
    bool fresh = model.insert(id).second;
    REQUIRE(s.insert(id) == fresh);
  }
  CHECK(s.size() == model.size());
  std::set<std::string> back;
  for (std::size_t i = 0; i < s.size(); ++i) back.insert(std::string(s.at(i)));
  CHECK(back == model);
  for (const auto& id : model) REQUIRE(s.contains(id));
  CHECK_FALSE(s.contains("evt-90001"));
  s.clear();
  CHECK(s.size() == 0);
  CHECK_FALSE(s.contains(*model.begin()));
  CHECK(s.insert(*model.begin()));
}

TEST_CASE("string set: intern() gives each string its position in insertion order, across growths") {
  // Analytics' customer index keeps its rows by these positions: a position must never move.
  StringSet s;
  std::map<std::string, std::uint32_t> model;
  std::uint64_t x = 7;
  for (int i = 0; i < 100000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    std::string id = "+2557" + std::to_string((x >> 24) % 30000);
    auto [at, added] = s.intern(id);
    auto [it, fresh] = model.emplace(id, static_cast<std::uint32_t>(model.size()));
    REQUIRE(added == fresh);
    REQUIRE(at == it->second);
    REQUIRE(s.at(at) == id);
  }
  CHECK(s.size() == model.size());
  CHECK(s.intern("").second);
  CHECK(s.intern("") == std::pair<std::uint32_t, bool>{static_cast<std::uint32_t>(model.size()), false});
}

// The core's tables (this set, analytics' customer index) take a slot from mix_bytes' low bits.
// Before its last multiply, keys alike but for their last bytes ("brand0".."brand39", "ev-1234")
// shared those bits and fell into one probe run: a lookup then scanned the whole run.
TEST_CASE("regression: mix_bytes spreads keys alike but for their last bytes over the low bits") {
  struct Case {
    const char* prefix;
    int width;  // digits after the prefix, zero-padded
  };
  const Case cases[] = {{"brand", 0}, {"cat-", 0}, {"ev-", 4}, {"e", 6}, {"r0-", 0}, {"+25471234", 4}, {"offer-000", 3}};
  for (const auto& c : cases) {
    CAPTURE(c.prefix);
    std::set<std::uint64_t> low8;
    for (int i = 0; i < 256; ++i) {
      std::string digits = std::to_string(i);
      if (static_cast<int>(digits.size()) < c.width) digits.insert(0, c.width - digits.size(), '0');
      low8.insert(mix_bytes(0, c.prefix + digits) & 255);
    }
    // 256 random keys in 256 bins fill about 162; a clustered hash fills a handful.
    CHECK(low8.size() >= 128);
  }
}
