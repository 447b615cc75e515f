#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "promokit/event_fields.hpp"
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
    if (c.contains("message")) CHECK(r.errors[0].message == c["message"].get<std::string>());
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

// validate_text reads a catalog off a tape first and the DOM's way only when that reports
// anything: the reports must be the DOM's, whichever way the text went.
TEST_CASE("validate: a catalog's text gives the DOM's reports, read off a tape or not") {
  Json table = pktest::read_json("tests/data/bad-documents.json");
  std::vector<Json> catalogs{pktest::read_json("tests/data/catalog-sample.json"), Json::parse(R"({"version":1,"offers":[]})")};
  for (const auto& c : table["cases"]) {
    if (c["kind"] == "catalog") catalogs.push_back(c["doc"]);
    if (c["kind"] == "offer") catalogs.push_back(Json{{"version", 1}, {"offers", Json::array({c["doc"]})}});
  }
  for (bool all : {false, true}) {
    ValidateOptions options;
    options.all = all;
    for (const Json& doc : catalogs) {
      std::string text = doc.dump();
      CAPTURE(text);
      CHECK(validate_text(DocKind::Catalog, text, options).to_json() == validate(DocKind::Catalog, doc, options).to_json());
    }
  }
  // A key given twice: the DOM keeps the last one, and so does the report.
  CHECK(validate_text(DocKind::Catalog, R"({"version":1,"offers":5,"offers":[]})").ok);
  CHECK(validate_text(DocKind::Catalog, R"({"version":1,"offers":[],"offers":5})").errors.at(0).path == "offers");
  // Text errors as parse_json reports them.
  auto syntax = validate_text(DocKind::Catalog, "{\"version\":1,\n \"offers\": [}");
  REQUIRE(!syntax.ok);
  CHECK(syntax.errors[0].code == ErrorCode::PK_JSON_SYNTAX);
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

// read_event_fields must accept only what read_event accepts from the same fields as a JSON
// object (the JS number's JSON text: an integral double prints as an integer, others as floats),
// and read the same event.
TEST_CASE("validate: read_event_fields agrees with read_event") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::string long_id(129, 'x'), max_id(128, 'y');
  struct Case {
    std::string id, type, offer, category;
    double time, amount;
  };
  const Case cases[] = {
      {"e1", "click", "o1", "", 1700000000000, 0},       {"e2", "purchase", "", "food", 0, 1999},
      {"e3", "view", "", "", 253402300799999, -5},       {max_id, "game_play", max_id, "", 1, 1e15},
      {"", "click", "", "", 1, 0},                       {"e4", "clicked", "", "", 1, 0},
      {"e5", "Click", "", "", 1, 0},                     {"e6", "click", "", "", -1, 0},
      {"e7", "click", "", "", 253402300800000, 0},       {"e8", "click", "", "", 1.5, 0},
      {"e9", "click", "", "", nan, 0},                   {"e10", "click", "", "", inf, 0},
      {"e11", "click", "", "", 1e21, 0},                 {"e12", "click", "", "", 1, 1e15 + 1},
      {"e13", "click", "", "", 1, -1e15 - 1},            {"e14", "click", "", "", 1, 0.25},
      {long_id, "click", "", "", 1, 0},                  {"e15", "click", long_id, "", 1, 0},
      {"e16", "click", "", long_id, 1, 0},               {"e17", "dismiss", "", "", -0.0, -0.0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.id);
    CAPTURE(c.type);
    CAPTURE(c.time);
    CAPTURE(c.amount);
    Json doc = {{"id", c.id}, {"type", c.type}, {"offerId", c.offer}, {"category", c.category}, {"brand", "b"}};
    auto number = [](double x) -> Json {
      if (!std::isfinite(x)) return nullptr;  // JSON.stringify writes null
      if (std::floor(x) == x && std::fabs(x) < 9e18) return static_cast<std::int64_t>(x);  // larger: a float in JSON
      return x;
    };
    doc["time"] = number(c.time);
    doc["amount"] = number(c.amount);
    std::optional<Event> read;
    try {
      read = read_event(doc);
    } catch (const Error&) {
    }
    std::optional<Event> fields = read_event_fields({c.id, c.type, "", c.offer, "", c.category, "b", "", "", c.time, c.amount});
    if (!read) {
      CHECK(!fields);
      continue;
    }
    REQUIRE(fields);
    CHECK(fields->id == read->id);
    CHECK(fields->type == read->type);
    CHECK(fields->time == read->time);
    CHECK(fields->amount == read->amount);
    CHECK(fields->offer_id == read->offer_id);
    CHECK(fields->category == read->category);
    CHECK(fields->brand == read->brand);
    CHECK(fields->customer_id.empty());
  }
  // Every event type of the schema is read.
  for (const char* type : {"view", "click", "claim", "redeem", "purchase", "dismiss", "share", "game_play", "complaint", "message"})
    CHECK(read_event_fields({"e", type, "", "", "", "", "", "", "", 5, 0}).has_value());
}
