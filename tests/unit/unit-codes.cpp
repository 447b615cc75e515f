// Voucher codes: uniqueness across batches without storage, the check symbol's guarantees
// (proved exhaustively on whole small code spaces and on a sample of default-format codes),
// case-insensitive verification and clear refusals.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "promokit/codes.hpp"
#include "promokit/error.hpp"
#include "test_util.hpp"

using namespace promokit;
using namespace promokit::codes;

using pktest::error_of;

namespace {

const std::string kKey = "spring-campaign-secret-2026";

Format format(std::string pattern = std::string(kDefaultPattern), std::string charset = std::string(kDefaultCharset),
              std::string key = kKey) {
  return Format{std::move(pattern), std::move(charset), std::move(key)};
}


// Every single-symbol substitution and every swap of two neighbouring symbols (neighbours in
// the text, or across a literal such as '-') must be rejected. Returns the number checked.
std::size_t check_all_errors(const CodeScheme& scheme, const std::string& code, const std::string& charset) {
  std::vector<std::size_t> slots;
  for (std::size_t i = 0; i < scheme.pattern().size(); ++i)
    if (scheme.pattern()[i] == '#') slots.push_back(i);
  std::size_t checked = 0;
  for (std::size_t s : slots) {
    for (char c : charset) {
      if (c == code[s]) continue;
      std::string bad = code;
      bad[s] = c;
      CHECK_MESSAGE(!scheme.verify(bad), code << " -> " << bad);
      ++checked;
    }
  }
  for (std::size_t k = 0; k + 1 < slots.size(); ++k) {
    std::string bad = code;
    std::swap(bad[slots[k]], bad[slots[k + 1]]);
    if (bad == code) continue;  // equal neighbours: nothing changed
    CHECK_MESSAGE(!scheme.verify(bad), code << " -> " << bad);
    ++checked;
  }
  return checked;
}

}  // namespace

TEST_CASE("codes: default charset has no look-alikes and an odd size") {
  CHECK(kDefaultCharset.size() == 31);
  for (char c : std::string("0O1IL")) CHECK(kDefaultCharset.find(c) == std::string_view::npos);
  CodeScheme s(format());
  CHECK(s.space() == 27512614111ull);  // 31^7: seven number symbols + one check symbol
}

TEST_CASE("codes: generated codes have the pattern's shape, are unique and verify") {
  CodeScheme s(format());
  auto codes = s.generate(0, 20000);
  std::set<std::string> seen(codes.begin(), codes.end());
  CHECK(seen.size() == codes.size());
  for (std::size_t i = 0; i < codes.size(); i += 97) {
    const std::string& c = codes[i];
    REQUIRE(c.size() == 12);
    CHECK(c.substr(0, 3) == "PK-");
    CHECK(c[7] == '-');
    CHECK(s.index_of(c) == i);
  }
  for (const auto& c : codes) REQUIRE(s.verify(c));
}

TEST_CASE("codes: batch N+1 never collides with batch N, and batches are reproducible") {
  CodeScheme s(format());
  auto first = s.generate(0, 5000), second = s.generate(5000, 5000), whole = s.generate(0, 10000);
  std::set<std::string> a(first.begin(), first.end());
  for (const auto& c : second) CHECK(a.count(c) == 0);
  CHECK(std::equal(first.begin(), first.end(), whole.begin()));
  CHECK(std::equal(second.begin(), second.end(), whole.begin() + 5000));
  CHECK(generate({format(), 3, 5000}) == std::vector<std::string>(second.begin(), second.begin() + 3));
  CHECK(s.generate_joined(5000, 3, '\n') == second[0] + "\n" + second[1] + "\n" + second[2]);
  CHECK(s.generate_joined(0, 0, '\n').empty());
}

TEST_CASE("codes: the permutation is a bijection on whole small spaces (odd and power-of-two charsets)") {
  struct Case { const char *pattern, *charset; };
  const Case cases[] = {{"##", "ABC"},        {"###", "ABCDEFG"},  {"####", "ABCD"}, {"X-###", "ABCDEFGH"},
                        {"####", "23456789ABCDEFGHJKMNPQRSTUVWXYZ"}, {"###", "0123456789ABCDEFGHIJKLMNOPQRSTUV"}};
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.charset);
    CodeScheme s(format(c.pattern, c.charset));
    auto all = s.generate(0, s.space());
    std::set<std::string> seen(all.begin(), all.end());
    CHECK(seen.size() == s.space());
    for (std::uint64_t i = 0; i < s.space(); i += 1 + s.space() / 500) CHECK(s.index_of(all[i]) == i);
  }
}

TEST_CASE("codes: exhaustive proof on whole spaces: every single-symbol error and adjacent swap is caught") {
  // All codes of "###" for charset sizes 3..15 (odd) and 4, 8, 16, 32 (GF(2^m) check).
  const std::string symbols = "ABCDEFGHJKMNPQRSTUVWXYZ234567890";
  for (unsigned n : {3u, 5u, 7u, 9u, 11u, 13u, 15u, 4u, 8u, 16u, 32u}) {
    CAPTURE(n);
    std::string charset = symbols.substr(0, n);
    CodeScheme s(format("###", charset));
    std::size_t checked = 0;
    for (const auto& code : s.generate(0, s.space())) checked += check_all_errors(s, code, charset);
    CHECK(checked >= s.space() * 3 * (n - 1));
  }
}

TEST_CASE("codes: exhaustive error check over a sample of default-format codes") {
  CodeScheme s(format());
#ifdef __EMSCRIPTEN__
  const std::uint64_t sample = 200;
#else
  const std::uint64_t sample = 2000;
#endif
  std::size_t checked = 0;
  for (const auto& code : s.generate(123456, sample)) checked += check_all_errors(s, code, std::string(kDefaultCharset));
  CHECK(checked >= sample * 8 * 30);
}

TEST_CASE("codes: verification is case-insensitive, ignores surrounding spaces, rejects other shapes") {
  CodeScheme s(format());
  std::string c = s.code(42);
  std::string lower = c;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(s.verify(lower));
  CHECK(s.verify("  " + c + "\n"));
  CHECK_FALSE(s.verify(c.substr(1)));
  CHECK_FALSE(s.verify(c + "2"));
  std::string other_literal = c;
  other_literal[0] = 'Q';
  CHECK_FALSE(s.verify(other_literal));
  std::string no_dash = c.substr(0, 7) + c.substr(8);
  CHECK_FALSE(s.verify(no_dash));
  std::string zero = c;
  zero[3] = '0';  // not in the charset
  CHECK_FALSE(s.verify(zero));
  CHECK(verify(lower, {format(), std::nullopt}));
}

TEST_CASE("codes: the key matters: other keys give other codes and fail most codes") {
  CodeScheme a(format()), b(format(std::string(kDefaultPattern), std::string(kDefaultCharset), "another-campaign-secret"));
  auto ca = a.generate(0, 3000);
  int accepted = 0;
  for (const auto& c : ca) accepted += b.verify(c);
  // A wrong key shifts the check symbol: about 1 in 31 codes still passes by chance.
  CHECK(accepted < 3000 / 31 * 2);
  CHECK(b.code(0) != ca[0]);
}

TEST_CASE("codes: issued limits verification to code numbers already handed out") {
  VerifyOptions v{format(), 100};
  CodeScheme s(format());
  CHECK(verify(s.code(0), v));
  CHECK(verify(s.code(99), v));
  CHECK_FALSE(verify(s.code(100), v));
  CHECK_FALSE(verify(s.code(5000), v));
}

TEST_CASE("codes: refusals carry their own codes") {
  CHECK(error_of([] { CodeScheme(format("PK-###")).generate(0, 962); }) == ErrorCode::PK_CODE_SPACE_EXHAUSTED);
  CHECK(error_of([] { CodeScheme(format("PK-###")).generate(961, 1); }) == ErrorCode::PK_CODE_SPACE_EXHAUSTED);
  CHECK(error_of([] { CodeScheme(format("PK-###")).generate(960, 1); }) == ErrorCode::PK_OK);
  CHECK(error_of([] { CodeScheme(format("PK-###")).generate(0, 961); }) == ErrorCode::PK_OK);
  CHECK(error_of([] { CodeScheme(format("PK-###")).code(961); }) == ErrorCode::PK_CODE_SPACE_EXHAUSTED);
  CHECK(error_of([] { CodeScheme(format()).generate(0, kMaxBatch + 1); }) == ErrorCode::PK_INVALID_ARGUMENT);
  CHECK(error_of([] { CodeScheme(format(std::string(kDefaultPattern), std::string(kDefaultCharset), "short")); }) ==
        ErrorCode::PK_CODE_KEY);
  CHECK(error_of([] { CodeScheme(format("PK-#")); }) == ErrorCode::PK_CODE_PATTERN);
  CHECK(error_of([] { CodeScheme(format("PK ####")); }) == ErrorCode::PK_CODE_PATTERN);
  CHECK(error_of([] { CodeScheme(format(std::string(14, '#'))); }) == ErrorCode::PK_CODE_PATTERN);  // 31^13 > 2^62
  CHECK(error_of([] { CodeScheme(format(std::string(13, '#'))); }) == ErrorCode::PK_OK);
  CHECK(error_of([] { CodeScheme(format("####", "ABCDEF")); }) == ErrorCode::PK_CODE_CHARSET);  // 6: even, not 2^m
  CHECK(error_of([] { CodeScheme(format("####", "ABCa")); }) == ErrorCode::PK_CODE_CHARSET);    // 'A' twice
  CHECK(error_of([] { CodeScheme(format("####", "AB#")); }) == ErrorCode::PK_CODE_CHARSET);
  try {
    CodeScheme(format("PK-###")).generate(0, 1000);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("961") != std::string::npos);
    CHECK(e.path() == "count");
  }
}

TEST_CASE("codes: fixed vectors (the same on every platform and build)") {
  CodeScheme s(format());
  CHECK(s.code(0) == "PK-3N5Z-XW9V");
  CHECK(s.code(1) == "PK-X323-4QDU");
  CHECK(s.code(s.space() - 1) == "PK-A2FQ-FTTP");
  CodeScheme g(format("GF-#####", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"));  // 32 symbols: the GF(2^5) check
  CHECK(g.code(0) == "GF-DZAPW");
  CHECK(g.code(777) == "GF-YBN71");
}
