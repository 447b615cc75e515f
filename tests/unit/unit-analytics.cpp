// Customer analytics on small, hand-checked histories: every metric, segment and data-quality
// finding below is worked out by hand in the comments.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "promokit/analytics.hpp"
#include "test_util.hpp"

using namespace promokit;
using namespace promokit::analytics;

namespace {

// BOM, CRLF, quotes, an embedded newline, three timestamp formats, bad rows, a duplicate.
const std::string kShop =
    "\xEF\xBB\xBF"
    "customer_id,timestamp,direction,text,amount\r\n"
    // A: 100,000 from the amount column + 50,000 from text (the shop's receipt 10 minutes later
    // confirms the same payment and is not counted again) = 150,000 -> high_value; first
    // contact 29 days before now -> new. Outreach: 2 runs, 1 answered within 48 h.
    "A,2025-06-01 10:00:00,in,\"Habari,\r\nnataka kusuka braids leo\",\r\n"
    "A,2025-06-01 10:05:00,out,Karibu! Bei ni TZS 50000,\r\n"
    "A,2025-06-01 12:00:00,in,Nimelipa,\"100,000\"\r\n"
    "A,2025-06-20 09:00:00,in,\"Nimelipa Tsh 50,000 kwa M-Pesa\",\r\n"
    "A,2025-06-20 09:10:00,out,\"Tumepokea malipo ya TZS 50,000. Asante!\",\r\n"
    // B: last activity 2025-03-01 10:30 -> 120.6 days -> inactive; English; asks about nails.
    "B,2025-03-01 10:00,in,\"Hello, what is the price of a manicure?\",\r\n"
    "B,2025-03-01 10:30,out,\"Hi! Manicure is TZS 20,000\",\r\n"
    // C: DD/MM/YYYY, five days old -> new; mentions Arusha and massage.
    "C,25/06/2025 08:00,in,Habari za asubuhi naomba bei ya massage Arusha,\r\n"
    // D: a Swahili complaint, at +03:00; its first row appears twice (a duplicate).
    "D,2025-05-10T09:00:00+03:00,in,\"Huduma mbaya sana, nimekasirika!\",\r\n"
    "D,2025-05-10T09:30:00+03:00,out,\"Pole sana, tutashughulikia\",\r\n"
    "D,2025-05-10T09:00:00+03:00,in,\"Huduma mbaya sana, nimekasirika!\",\r\n"
    // E: five purchases of 15,000 over 236 days, every outreach answered -> loyal
    // (loyalty 0.4 + 0.3 + 0.3 * (1 - 4.58/90) = 0.985, engagement 1.0); spent 75,000.
    "E,2024-11-01 10:00,out,Ofa ya wiki hii: kusuka TZS 15000,\r\n"
    "E,2024-11-01 11:00,in,Nataka,15000\r\n"
    "E,2025-01-05 10:00,out,Karibu tena,\r\n"
    "E,2025-01-05 12:00,in,sawa,15000\r\n"
    "E,2025-03-01 10:00,out,Ofa mpya,\r\n"
    "E,2025-03-01 10:30,in,nakuja,15000\r\n"
    "E,2025-05-01 10:00,out,Habari,\r\n"
    "E,2025-05-01 10:20,in,nakuja kesho,15000\r\n"
    "E,2025-06-25 10:00,out,Karibu,\r\n"
    "E,2025-06-25 10:05,in,asante,15000\r\n"
    // bad rows: no id, unreadable time, unknown direction, too few fields
    ",2025-06-01 10:00,in,no id,\r\n"
    "F,yesterday,in,hi,\r\n"
    "G,2025-06-01 10:00,sideways,hi,\r\n"
    "H,2025-06-01 10:00\r\n"
    // I: the amount is unreadable (letter O) -> the row counts as a message, not a purchase
    "I,2025-06-01 10:00,in,nimelipa,15O000\r\n";

std::uint32_t line_of(const std::string& csv, const std::string& row_start) {
  auto pos = csv.find("\r\n" + row_start);
  REQUIRE(pos != std::string::npos);
  return static_cast<std::uint32_t>(std::count(csv.begin(), csv.begin() + static_cast<long>(pos) + 2, '\n') + 1);
}

const Json& customer(const Json& report, const std::string& id) {
  for (const auto& c : report["customers"])
    if (c["id"] == id) return c;
  FAIL("no customer " << id);
  static Json none;
  return none;
}

std::vector<std::string> members(const Json& report, const std::string& segment) {
  std::vector<std::string> ids;
  for (const auto& c : report["customers"])
    for (const auto& s : c["segments"])
      if (s == segment) ids.push_back(c["id"].get<std::string>());
  return ids;
}

Options with_now(const char* now) {
  Json o = {{"now", now}};
  return Options::from_json(o);
}

}  // namespace

TEST_CASE("analytics: the hand-checked shop history") {
  Json r = analyze(kShop, with_now("2025-06-30T00:00:00Z"));
  CHECK(r["summary"]["customers"] == 6);
  CHECK(members(r, "high_value") == std::vector<std::string>{"A"});
  CHECK(members(r, "inactive") == std::vector<std::string>{"B"});
  CHECK(members(r, "new") == std::vector<std::string>{"A", "C", "I"});
  CHECK(members(r, "complaint") == std::vector<std::string>{"D"});
  CHECK(members(r, "loyal") == std::vector<std::string>{"E"});

  const Json& a = customer(r, "A");
  CHECK(a["spent"] == 15000000);  // TZS 150,000 in minor units
  CHECK(a["orders"] == 2);
  CHECK(a["messagesIn"] == 3);
  CHECK(a["messagesOut"] == 2);
  CHECK(a["scores"]["engagement"] == 0.5);
  CHECK(a["locale"] == "sw");
  CHECK(a["interests"] == Json::array({"braids"}));
  CHECK(a["registeredAt"] == *parse_timestamp("2025-06-01 10:00:00"));
  CHECK(a["lastActiveAt"] == *parse_timestamp("2025-06-20 09:00:00"));  // the shop's receipt is not her activity
  CHECK(a["offer"]["segment"] == "high_value");  // high_value comes before new in offer priority
  CHECK(a["offer"]["message"].get<std::string>().find("TZS 150,000") != std::string::npos);

  const Json& b = customer(r, "B");
  CHECK(b["locale"] == "en");
  CHECK(b["recencyDays"] == doctest::Approx(120.6));  // 2025-03-01 10:00, her own message
  CHECK(b["interests"] == Json::array({"nails"}));
  CHECK(b["offer"]["offerId"] == "winback-30");

  const Json& c = customer(r, "C");
  CHECK(c["city"] == "Arusha");
  CHECK(c["interests"] == Json::array({"massage"}));

  const Json& d = customer(r, "D");
  CHECK(d["complaints"] == 1);
  CHECK(d["messagesIn"] == 1);  // the duplicate counted once
  CHECK(d["registeredAt"] == *parse_timestamp("2025-05-10T06:00:00Z"));
  CHECK(d["lastEvents"]["complaint"] == *parse_timestamp("2025-05-10T06:00:00Z"));
  CHECK(d["offer"]["offerId"] == "recovery-25");

  const Json& e = customer(r, "E");
  CHECK(e["orders"] == 5);
  CHECK(e["spent"] == 7500000);
  CHECK(e["scores"]["engagement"] == 1.0);
  CHECK(e["scores"]["loyalty"] == doctest::Approx(0.985).epsilon(0.001));

  const Json& q = r["quality"];
  CHECK(q["rows"] == 26);
  CHECK(q["badRows"]["count"] == 4);
  std::vector<std::pair<std::string, std::string>> bad = {{",2025", "PK_ANALYTICS_CUSTOMER_ID"},
                                                          {"F,yesterday", "PK_ANALYTICS_TIMESTAMP"},
                                                          {"G,2025", "PK_ANALYTICS_DIRECTION"},
                                                          {"H,2025", "PK_CSV_FIELD_COUNT"}};
  for (std::size_t i = 0; i < bad.size(); ++i) {
    CHECK(q["badRows"]["examples"][i]["line"] == line_of(kShop, bad[i].first));
    CHECK(q["badRows"]["examples"][i]["code"] == bad[i].second);
  }
  CHECK(q["duplicates"]["count"] == 1);
  CHECK(q["duplicates"]["examples"][0]["line"] == line_of(kShop, "D,2025-05-10T09:00:00+03:00,in") + 2);
  CHECK(q["unparseableAmounts"]["count"] == 1);
  CHECK(q["unparseableAmounts"]["examples"][0]["line"] == line_of(kShop, "I,"));
  CHECK(q["now"]["source"] == "option");
}

TEST_CASE("analytics: now defaults to the latest timestamp; thresholds are options") {
  Json r = analyze(kShop);
  CHECK(r["now"] == *parse_timestamp("2025-06-25 10:05"));
  CHECK(r["quality"]["now"]["source"] == "data");
  Json o = {{"thresholds", {{"highValueSpent", 7000000}, {"inactiveDays", 30}, {"newDays", 5}}}};
  r = analyze(kShop, Options::from_json(o));
  CHECK(members(r, "high_value") == std::vector<std::string>{"A", "E"});
  CHECK(members(r, "inactive") == std::vector<std::string>{"B", "D"});
  CHECK(members(r, "new") == std::vector<std::string>{"C"});
}

TEST_CASE("analytics: a now far after the data is flagged") {
  // 21 customers, each active once in June 2025; now a year later makes all of them inactive.
  std::string csv = "customer_id,timestamp,direction,text\n";
  for (int i = 0; i < 21; ++i) csv += "c" + std::to_string(i) + ",2025-06-0" + std::to_string(1 + i % 9) + " 10:00,in,hi\n";
  Json r = analyze(csv, with_now("2026-06-30 00:00"));
  CHECK(r["quality"]["now"]["suspicious"] == true);
  CHECK(r["quality"]["now"]["inactiveShare"] == 1.0);
  bool warned = false;
  for (const auto& w : r["quality"]["warnings"]) warned |= w.get<std::string>().find("inactive") != std::string::npos;
  CHECK(warned);
  CHECK(analyze(csv)["quality"]["now"]["suspicious"] == false);
}

TEST_CASE("analytics: column mapping, phone ids, other delimiters") {
  std::string csv =
      "Phone;Date;Type;Message;Paid (TZS);Name\n"
      "+255 754 123 456;05/03/2025 10:00;received;Habari;20,000;Asha\n"
      "0754-123-456;06/03/2025 10:00;sent;Karibu Asha;;\n"
      "255754123456;07/03/2025 10:00;received;Asante;;\n";
  Json o = {{"columns", {{"customer", "phone"}, {"timestamp", "date"}, {"direction", "type"}, {"text", "message"},
                         {"amount", "Paid (TZS)"}, {"name", "name"}}},
            {"delimiter", ";"},
            {"phoneCountryCode", "255"}};
  Json r = analyze(csv, Options::from_json(o));
  REQUIRE(r["customers"].size() == 1);
  CHECK(r["customers"][0]["id"] == "+255754123456");
  CHECK(r["customers"][0]["name"] == "Asha");
  CHECK(r["customers"][0]["messagesIn"] == 2);
  CHECK(r["customers"][0]["spent"] == 2000000);

  // columns by position
  Json byIndex = {{"columns", {{"customer", 0}, {"timestamp", 1}, {"direction", 2}, {"text", 3}, {"amount", 4}}},
                  {"delimiter", ";"}};
  // without a country code the three spellings stay apart; the one only the shop wrote to
  // has no activity of their own and is counted, not listed
  Json r2 = analyze(csv, Options::from_json(byIndex));
  CHECK(r2["summary"]["customers"] == 2);
  CHECK(r2["quality"]["contactsWithoutActivity"] == 1);
}

TEST_CASE("analytics: a missing required column is the one fatal error") {
  try {
    analyze("id,when,dir\n1,2025-01-01,in\n");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::PK_CSV_COLUMN_MISSING);
    CHECK(e.path() == "columns.customer");
    CHECK(std::string(e.what()).find("id, when, dir") != std::string::npos);
  }
  // a chosen amount column must exist; the default one is optional
  CHECK_THROWS_AS(analyze("customer_id,timestamp,direction\n", Options::from_json({{"columns", {{"amount", "paid"}}}})),
                  Error);
  CHECK(analyze("customer_id,timestamp,direction\n1,2025-01-01,in\n")["summary"]["customers"] == 1);
}

TEST_CASE("analytics: options are validated with paths") {
  struct Case {
    Json options;
    const char* path;
  };
  Case cases[] = {
      {{{"thresold", 1}}, "thresold"},
      {{{"thresholds", {{"loyalLoyalty", 2}}}}, "thresholds.loyalLoyalty"},
      {{{"now", "next week"}}, "now"},
      {{{"currency", "shilling"}}, "currency"},
      {{{"delimiter", ",,"}}, "delimiter"},
      {{{"columns", {{"customer", ""}}}}, "columns.customer"},
      {{{"locations", {{"Arusha", "arusha"}}}}, "locations.Arusha"},
      {{{"experiment", {{"id", "x"}, {"arms", {"A"}}, {"start", 0}}}}, "experiment.arms"},
      {{{"experiment", {{"id", "x"}, {"arms", {"A", "A"}}, {"start", 0}}}}, "experiment.arms[1]"},
      {{{"campaign", {{"vip", {{"percent", 10}}}}}}, "campaign.vip"},
      {{{"utcOffset", "EAT"}}, "utcOffset"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.options.dump());
    try {
      Options::from_json(c.options);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_ANALYTICS_OPTION);
      CHECK(e.path() == c.path);
    }
  }
}

TEST_CASE("analytics: the same report whatever the chunking") {
  Options o = with_now("2025-06-30T00:00:00Z");
  Json whole = analyze(kShop, o);
  for (std::size_t chunk : {1, 5, 64}) {
    Analyzer an(o);
    for (std::size_t i = 0; i < kShop.size(); i += chunk) an.feed(std::string_view(kShop).substr(i, chunk));
    CHECK(an.finish() == whole);
  }
}

TEST_CASE("analytics: complaint lexicon is configurable") {
  std::string csv = "customer_id,timestamp,direction,text\nx,2025-01-01 10:00,in,the colour is meh\n"
                    "y,2025-01-01 10:00,in,Huduma mbaya\n";
  CHECK(members(analyze(csv), "complaint") == std::vector<std::string>{"y"});
  CHECK(members(analyze(csv, Options::from_json({{"extraComplaintTerms", {"meh"}}})), "complaint") ==
        std::vector<std::string>{"x", "y"});
  CHECK(members(analyze(csv, Options::from_json({{"complaintTerms", {"meh"}}})), "complaint") ==
        std::vector<std::string>{"x"});
}

TEST_CASE("analytics: score formulas (docs/analytics.md)") {
  CHECK(loyalty_score(0, 0, 0) == doctest::Approx(0.3));
  CHECK(loyalty_score(5, 180, 0) == doctest::Approx(1.0));
  CHECK(loyalty_score(10, 400, 200) == doctest::Approx(0.7));
  CHECK(loyalty_score(2, 90, 45) == doctest::Approx(0.4 * 0.4 + 0.3 * 0.5 + 0.3 * 0.5));
  CHECK(engagement_score(0, 0) == 0);
  CHECK(engagement_score(3, 4) == 0.75);
}

TEST_CASE("analytics: CSV and HTML exports") {
  Json r = analyze(kShop, with_now("2025-06-30T00:00:00Z"));
  std::string csv = report_to_csv(r);
  // read back with the same RFC 4180 reader: a header and one row per customer
  struct Rows : CsvRowHandler {
    std::vector<std::vector<std::string>> rows;
    void row(const CsvRow& row) override { rows.emplace_back(row.fields.begin(), row.fields.end()); }
  } rows;
  CsvReader reader;
  reader.feed(csv, rows);
  reader.finish(rows);
  REQUIRE(rows.rows.size() == 7);
  CHECK(rows.rows[0][0] == "customer_id");
  CHECK(rows.rows[0].size() == rows.rows[1].size());
  CHECK(rows.rows[1][0] == "A");
  CHECK(rows.rows[1][2] == "high_value;new");
  CHECK(rows.rows[1][3] == "vip-20");
  CHECK(rows.rows[1][8] == "TZS 150,000");
  CHECK(rows.rows[1].back().find("TZS 150,000") != std::string::npos);

  // a name a spreadsheet would run as a formula is defused
  Json evil = analyze("customer_id,timestamp,direction,name\n=HYPERLINK(1),2025-01-01 10:00,in,\"=cmd|' /C calc'!A0\"\n");
  std::string evil_csv = report_to_csv(evil);
  CHECK(evil_csv.find("\n'=HYPERLINK(1),'=cmd|") != std::string::npos);

  std::string html = report_to_html(r);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("1 duplicate messages were counted once") != std::string::npos);
  // names are escaped
  Json tricky = analyze("customer_id,timestamp,direction,name\n<b>x</b>,2025-01-01 10:00,in,<script>\n");
  std::string th = report_to_html(tricky);
  CHECK(th.find("<script>") == std::string::npos);
}

TEST_CASE("analytics: the report text is what dump() of its document writes") {
  // finish_text() writes the customer rows as text (no Json objects); the members must come in
  // nlohmann's order with its number formats and escapes, so the wasm API, the CLI and the
  // server give the same report. Names with quotes, backslashes, control characters and UTF-8;
  // refunds, complaints, outliers, customers without an offer.
  std::string csv = kShop +
                    "J,2025-06-02 10:00,in,\"nimelipa\",\"-5,000\"\r\n"
                    "K,2025-06-03 10:00,in,huduma mbaya,\r\n";
  std::string named = "customer_id,timestamp,direction,text,amount,name\n"
                      "n1,2025-06-01 10:00,in,hi,\"1,000\",\"Ann \"\"the\"\" \\\\ boss\"\n"
                      "n2,2025-06-01 11:00,in,hi,,\"Tab\there\x01\"\n"
                      "n3,2025-06-01 12:00,in,\xE4\xBD\xA0\xE5\xA5\xBD,,\xE7\x8E\x8B\xE8\x8A\xB3\n";
  for (int k = 0; k < 40; ++k)
    named += "b" + std::to_string(k) + ",2025-05-0" + std::to_string(1 + k % 9) + " 10:00,in,paid," +
             (k == 0 ? "\"900,000,000\"" : std::to_string(10000 + 137 * k)) + ",\n";
  Json camp = {{"inactive", {{"percent", 12.5}, {"templates", {{"en", "Hi {name} \"{percent}\""}}}}}};
  Json opts[] = {{{"now", "2025-06-30T00:00:00Z"}},
                 {{"now", "2025-06-30T00:00:00Z"}, {"includeCustomers", false}},
                 {{"now", "2026-06-30T00:00:00Z"}, {"campaign", camp}, {"defaultLanguage", "en"}}};
  for (const std::string* text : {&csv, &named}) {
    for (const Json& o : opts) {
      CAPTURE(o.dump());
      std::string report = analyze_text(*text, Options::from_json(o));
      Json doc = parse_json(report, JsonLimits{});
      CHECK(doc.dump() == report);
      CHECK(doc == analyze(*text, Options::from_json(o)));
      CHECK(doc.contains("customers") == o.value("includeCustomers", true));
    }
  }
  Json r = analyze(named, Options::from_json(opts[0]));
  CHECK(customer(r, "n1")["name"] == "Ann \"the\" \\\\ boss");
  CHECK(customer(r, "n2")["name"] == "Tab\there\x01");
  CHECK(customer(r, "n3")["name"] == "\xE7\x8E\x8B\xE8\x8A\xB3");
  CHECK(customer(r, "b0")["outlier"] == true);
}
