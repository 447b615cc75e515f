// Timestamps and money as shops export them.
#include <doctest/doctest.h>

#include "promokit/analytics.hpp"

using namespace promokit;
using namespace promokit::analytics;

TEST_CASE("analytics: the three timestamp formats") {
  const Millis t = 1741185000000;  // 2025-03-05T14:30:00Z
  struct Case {
    const char* text;
    int offset;
    std::optional<Millis> expect;
  };
  Case cases[] = {
      {"2025-03-05T14:30:00Z", 0, t},
      {"2025-03-05T17:30:00+03:00", 0, t},
      {"2025-03-05T17:30:00+0300", 0, t},
      {"2025-03-05T14:30:00.250Z", 0, t + 250},
      {"2025-03-05T14:30Z", 0, t},
      {"2025-03-05 14:30:00", 0, t},
      {"2025-03-05 17:30:00", 180, t},      // local time at the caller's offset
      {"2025-03-05 17:30:00 +03:00", 0, t},
      {"05/03/2025 14:30", 0, t},
      {"5/3/2025 14:30", 0, t},
      {"05/03/2025 14:30:00", 0, t},
      {"  05/03/2025 17:30 ", 180, t},
      {"2025-03-05", 0, t - (14 * 60 + 30) * 60000LL},
      {"2024-02-29 00:00:00", 0, 1709164800000},
      // refused
      {"2025-02-29 10:00:00", 0, std::nullopt},
      {"2025-13-01 10:00:00", 0, std::nullopt},
      {"2025-03-05 24:00:00", 0, std::nullopt},
      {"32/01/2025 10:00", 0, std::nullopt},
      {"2025/03/05 10:00", 0, std::nullopt},
      {"yesterday", 0, std::nullopt},
      {"", 0, std::nullopt},
      {"1969-12-31 23:00:00", 0, std::nullopt},
      {"2025-03-05T14:30:00+25:00", 0, std::nullopt},
      {"2025-03-05 14:30:00 junk", 0, std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_timestamp(c.text, c.offset) == c.expect);
  }
  CHECK(parse_timestamp("03/05/2025 14:30", 0, DateOrder::MDY) == t);
  CHECK(format_date(t) == "2025-03-05");
  CHECK(parse_utc_offset("+03:00") == 180);
  CHECK(parse_utc_offset("-05:30") == -330);
  CHECK(parse_utc_offset("Z") == 0);
  CHECK(!parse_utc_offset("3"));
}

TEST_CASE("analytics: amount cells") {
  struct Case {
    const char* cell;
    std::optional<Money> minor;
    const char* currency;
  };
  Case cases[] = {
      {"150000", 15000000, "TZS"},
      {"150,000", 15000000, "TZS"},
      {"TZS 150,000", 15000000, "TZS"},
      {"Tsh 150000", 15000000, "TZS"},
      {"TSh. 150,000", 15000000, "TZS"},
      {"150,000/=", 15000000, "TZS"},
      {"150000 TZS", 15000000, "TZS"},
      {"150000.50", 15000050, "TZS"},
      {"1,960,000,000", 196000000000, "TZS"},
      {"150.000", 15000000, "TZS"},       // a lone ".ddd" is a thousands group for 2-decimal currencies
      {"1.250.000", 125000000, "TZS"},
      {"-5,000", -500000, "TZS"},          // a refund
      {"(5,000)", -500000, "TZS"},
      {"¥200", 20000, "CNY"},
      {"200元", 20000, "CNY"},
      {"USD 25.50", 2550, "USD"},
      {"$25", 2500, "USD"},
      {"KES 1,000", 100000, "KES"},
      {"45k", 4500000, "TZS"},
      {"0", 0, "TZS"},
      // refused
      {"15O,000", std::nullopt, ""},      // letter O
      {"abc", std::nullopt, ""},
      {"1,2,3", std::nullopt, ""},
      {"150,00", std::nullopt, ""},       // not a thousands group, not two decimals after a ","? -> refused
      {"TZS", std::nullopt, ""},
      {"150000.555", std::nullopt, ""},  // more decimals than TZS has
      {"99999999999999999999", std::nullopt, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.cell);
    auto m = parse_money(c.cell, "TZS");
    REQUIRE(m.has_value() == c.minor.has_value());
    if (m) {
      CHECK(m->minor == *c.minor);
      CHECK(m->currency == c.currency);
    }
  }
  CHECK(parse_money("5000", "UGX")->minor == 5000);  // UGX has no minor unit
}

TEST_CASE("analytics: money mentioned in message text") {
  struct Case {
    const char* text;
    std::optional<Money> minor;
    const char* currency;
  };
  Case cases[] = {
      {"Nimelipa TZS 150,000 kwa M-Pesa", 15000000, "TZS"},
      {"nimelipa tsh 150000 leo", 15000000, "TZS"},
      {"Payment of 150,000/= received, asante", 15000000, "TZS"},
      {"我付了¥200", 20000, "CNY"},
      {"paid 45k tsh for braids", 4500000, "TZS"},
      {"Sh. 20,000 imepokelewa", 2000000, "TZS"},
      {"I paid 25 USD", 2500, "USD"},
      // no money: bare numbers are phone numbers, dates, counts
      {"call me on 0754 123 456", std::nullopt, ""},
      {"nitakuja tarehe 12/05 saa 4", std::nullopt, ""},
      {"order 2 wigs please", std::nullopt, ""},
      {"Asante sh", std::nullopt, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto m = find_money(c.text, "TZS");
    REQUIRE(m.has_value() == c.minor.has_value());
    if (m) {
      CHECK(m->minor == *c.minor);
      CHECK(m->currency == c.currency);
    }
  }
  CHECK(format_money(196000000000, "TZS") == "TZS 1,960,000,000");
  CHECK(format_money(15000050, "TZS") == "TZS 150,000.50");
  CHECK(format_money(-500000, "TZS") == "TZS -5,000");
  CHECK(format_money(5000, "UGX") == "UGX 5,000");
}
