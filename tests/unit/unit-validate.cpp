#include <doctest/doctest.h>

#include "promokit/validate.hpp"
#include "test_util.hpp"

using namespace promokit;

TEST_CASE("validate: the bad-document table (tests/data/bad-documents.json)") {
  Json table = pktest::read_json("tests/data/bad-documents.json");
  REQUIRE(table["cases"].size() >= 40);
  for (const auto& c : table["cases"]) {
    std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    DocKind kind = doc_kind_from_string(c["kind"].get<std::string>());
    ValidationReport r = validate(kind, c["doc"]);
    REQUIRE(!r.ok);
    CHECK(error_name(r.errors[0].code) == c["code"].get<std::string>());
    CHECK(r.errors[0].path == c["path"].get<std::string>());
    CHECK(!r.errors[0].message.empty());
    // The throwing reader reports the same first violation.
    try {
      switch (kind) {
        case DocKind::Catalog: read_catalog(c["doc"]); break;
        case DocKind::Offer: read_offer(c["doc"]); break;
        case DocKind::PrizePool: read_prize_pool(c["doc"]); break;
        case DocKind::Profile: read_profile(c["doc"]); break;
        case DocKind::Event: read_event(c["doc"]); break;
        case DocKind::Cart: read_cart(c["doc"]); break;
      }
      FAIL("no error thrown");
    } catch (const Error& e) {
      CHECK(e.path() == c["path"].get<std::string>());
    }
  }
}

TEST_CASE("validate: the sample catalog and minimal documents are valid") {
  Json sample = pktest::read_json("tests/data/catalog-sample.json");
  auto r = validate(DocKind::Catalog, sample);
  CHECK(r.ok);
  Catalog c = read_catalog(sample);
  REQUIRE(c.offers.size() == 8);
  CHECK(c.offers[0].reward.percent_bp == 2000);
  CHECK(c.offers[0].reward.max_discount == 5000);
  CHECK(c.offers[0].title.at("zh") == "时尚类8折");
  CHECK(c.offers[0].validity.dayparts[0].days == 0x1f);
  CHECK(c.offers[0].validity.dayparts[0].from_minute == 660);
  CHECK(c.offers[1].title.at("") == "¥30 off ¥200");
  CHECK(c.offers[1].reward.target == RewardTarget::Order);
  CHECK(c.offers[2].reward.buy == 1);
  CHECK(c.offers[2].reward.get == 1);
  CHECK(c.offers[2].reward.percent_bp == 10000);
  CHECK(c.offers[2].reward.max_applications == 2);
  CHECK(!c.offers[3].reward.max_applications.has_value());
  CHECK(c.offers[5].reward.percent_bp == 1250);
  CHECK(c.offers[5].code.value == "SPRING20");
  CHECK(c.offers[6].reward.factor_pct == 200);
  CHECK(c.prize_pools[0].prizes[0].stock == 100);
  CHECK(validate(DocKind::Catalog, Json::parse(R"({"version":1,"offers":[]})")).ok);
  CHECK(validate(DocKind::Offer, Json::parse(R"({"id":"x","reward":{"type":"fixed","amount":1}})")).ok);
  CHECK(validate(DocKind::Cart, Json::parse(R"({"currency":"CNY","lines":[]})")).ok);
  CHECK(validate(DocKind::Profile, Json::parse(R"({"id":"u1","birthday":"2000-02-29"})")).ok);
  CHECK(validate(DocKind::Event, Json::parse(R"({"id":"e","type":"game_play","time":0})")).ok);
}

TEST_CASE("validate: all=true reports every violation") {
  Json doc = Json::parse(R"({"version":-1,"offers":[{"id":""},{"reward":{"type":"x"}}]})");
  ValidateOptions all;
  all.all = true;
  auto r = validate(DocKind::Catalog, doc, all);
  CHECK(r.errors.size() >= 4);
  auto first = validate(DocKind::Catalog, doc);
  CHECK(first.errors.size() == 1);
}

TEST_CASE("validate: JSON text errors become reports") {
  auto r = validate_text(DocKind::Catalog, std::string_view("{\"version\": 1,\n \"offers\": [}"));
  REQUIRE(!r.ok);
  CHECK(r.errors[0].code == ErrorCode::PK_JSON_SYNTAX);
  CHECK_THROWS_AS(doc_kind_from_string("coupon"), Error);
}

TEST_CASE("helpers: days, times and dates") {
  CHECK(parse_days("mon-fri") == 0x1f);
  CHECK(parse_days("sat,sun") == 0x60);
  CHECK(parse_days("fri-mon") == (0x10 | 0x20 | 0x40 | 0x01));
  CHECK(parse_days("weekends") == 0x60);
  CHECK(parse_days("") == -1);
  CHECK(parse_days("mon,,tue") == -1);
  CHECK(parse_hhmm("00:00") == 0);
  CHECK(parse_hhmm("24:00") == 1440);
  CHECK(parse_hhmm("24:01") == -1);
  CHECK(parse_hhmm("9:00") == -1);
  CHECK(is_calendar_date("2024-02-29"));
  CHECK(!is_calendar_date("2100-02-29"));
  CHECK(is_calendar_date("2000-02-29"));
  CHECK(!is_calendar_date("2023-13-01"));
}
