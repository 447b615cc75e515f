#pragma once
// Customer analytics: a shop's message and purchase history (CSV) in, per-customer metrics,
// segments, a data-quality report, a campaign plan and A/B measurement out. The input is read
// row by row: a row's text is discarded as soon as it is classified, and what is kept is a
// 16-byte event per message plus per-customer aggregates (docs/analytics.md, "Memory").
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/error.hpp"
#include "promokit/json.hpp"
#include "promokit/model.hpp"

namespace promokit::analytics {

// ---------------------------------------------------------------------------------------------
// RFC 4180 CSV, incremental: feed() any chunking of the text, rows come out as they complete.

struct CsvRow {
  std::uint32_t line = 0;                // physical line (1-based) where the row starts
  std::vector<std::string_view> fields;  // valid until the handler returns
  ErrorCode error = ErrorCode::PK_OK;    // PK_CSV_SYNTAX or PK_CSV_ROW_TOO_LONG: fields are unusable
};

class CsvRowHandler {
 public:
  virtual ~CsvRowHandler() = default;
  virtual void row(const CsvRow& row) = 0;
};

class CsvReader {
 public:
  explicit CsvReader(char delimiter = ',', std::size_t max_row_bytes = 1u << 20);
  // Quotes ("" inside quotes is one quote), embedded newlines, CRLF / LF / CR line ends and a
  // leading UTF-8 BOM are handled; empty lines are skipped. A malformed row is delivered with
  // `error` set, and reading goes on with the next row.
  void feed(std::string_view chunk, CsvRowHandler& handler);
  void finish(CsvRowHandler& handler);  // delivers a last row without a line end

 private:
  enum class State : std::uint8_t { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCR };
  void end_field();
  void end_row(CsvRowHandler& handler);
  void append(const char* p, std::size_t n);
  bool whole_row(const char*& p, const char* end, CsvRowHandler& handler);

  char delimiter_;
  std::size_t max_row_bytes_;
  State state_ = State::FieldStart;
  std::string buf_;                  // the current row's field bytes
  std::vector<std::uint32_t> ends_;  // end offset of each completed field in buf_
  std::uint32_t line_ = 1, row_line_ = 1;
  std::size_t bom_checked_ = 0;      // bytes of the stream start compared with the BOM so far
  bool row_has_bytes_ = false;
  ErrorCode row_error_ = ErrorCode::PK_OK;
  CsvRow row_;
};

// ---------------------------------------------------------------------------------------------
// Field parsers (exposed for tests and for callers with their own row source).

enum class DateOrder { DMY, MDY };  // for slash dates: 05/03/2025 is 5 March (DMY) or May 3 (MDY)

// ISO 8601 (2025-03-05T14:30:00Z, +03:00, fractions, date only), "YYYY-MM-DD HH:MM[:SS]" and
// "DD/MM/YYYY HH:MM[:SS]". A time without a zone is local time at `utc_offset_minutes`.
std::optional<Millis> parse_timestamp(std::string_view text, int utc_offset_minutes = 0,
                                      DateOrder order = DateOrder::DMY);
// "+03:00", "-0530", "Z" -> minutes east of UTC.
std::optional<int> parse_utc_offset(std::string_view text);
std::string format_date(Millis t);  // "2025-03-05"

struct MoneyValue {
  Money minor = 0;       // integer minor units of `currency`
  std::string currency;  // ISO 4217 code
};
// Digits of the currency's minor unit (TZS 2, UGX 0, JPY 0 ...); 2 for a code not in the table.
int currency_exponent(std::string_view code);
// An amount cell: "150000", "150,000", "TZS 150,000", "150,000/=", "¥200", "-5000" (a refund).
std::optional<MoneyValue> parse_money(std::string_view cell, std::string_view default_currency);
// The first money mention in free text: a number with a currency mark ("TZS 150,000",
// "Tsh 150000", "150,000/=", "¥200", "USD 25.50", "45k tsh"). A bare number is not money.
std::optional<MoneyValue> find_money(std::string_view text, std::string_view default_currency);
// "TZS 1,960,000,000" (minor units rendered in major units, no decimals when they are zero).
std::string format_money(Money minor, std::string_view currency);

// ---------------------------------------------------------------------------------------------
// Options (read from JSON with paths in errors, defaults documented in docs/analytics.md).

// The default segments, with the names and meanings of the targeting rules' defaults
// (promokit/rules.hpp SegmentThresholds, RuleContext::add_default_segments).
struct Thresholds {
  std::optional<Money> high_value_spent;  // minor units; default: 100,000 of the report currency
  double inactive_days = 90;              // whole days since the last activity >= this
  double new_days = 30;                   // whole days since the first activity <= this
  double loyal_loyalty = 0.7, loyal_engagement = 0.6;  // loyalty >= and engagement >= (complaint: any)
};

struct Experiment {
  std::string id;
  struct Arm { std::string name; double weight = 1; };
  std::vector<Arm> arms;        // the first arm is the control
  Millis start = 0;             // campaign send time: history before, outcomes after
  std::optional<Millis> end;    // outcome window end (default: the data's end)
  std::string segment;          // only customers in this segment at `start` (empty: all)
};

struct Options {
  // Column names in the header (case-insensitive), or "#3" for the 4th column.
  // text, amount and name may be absent under their default names; a name the caller sets
  // must exist.
  std::string col_customer = "customer_id", col_timestamp = "timestamp", col_direction = "direction",
              col_text = "text", col_amount = "amount", col_name = "name";  // text, amount, name: optional
  char delimiter = ',';
  // Phone numbers as ids: spaces, dashes, dots and brackets are dropped; with a country code
  // ("255") a local "0754..." and "255754..." both become "+255754...".
  std::string phone_country_code;
  std::size_t max_row_bytes = 1u << 20;
  std::string currency = "TZS";
  int utc_offset_minutes = 0;  // for timestamps without a zone
  DateOrder date_order = DateOrder::DMY;
  std::optional<Millis> now;   // default: the latest trustworthy timestamp in the data
  Thresholds thresholds;
  double reply_window_hours = 48;
  std::string default_language = "sw";
  std::vector<std::string> complaint_terms;  // empty: the built-in English + Swahili lexicon
  std::vector<std::string> extra_complaint_terms;
  Json locations;  // { "Arusha": ["arusha", "njiro"], ... } replaces the built-in list when set
  Json services;   // same shape, for "preferred services"
  Json exchange_rates;  // { "CNY": 330 }: one unit of CNY in report-currency units
  Json campaign;        // per-segment overrides of the campaign plan (docs/analytics.md)
  std::optional<Experiment> experiment;
  std::size_t max_examples = 20;  // examples kept per data-quality finding
  std::size_t top_customers = 10;
  bool include_customers = true;  // per-customer rows in the report (exports need them)

  static Options from_json(const Json& j);  // throws PK_ANALYTICS_OPTION with a path
};

// ---------------------------------------------------------------------------------------------
// The analysis. Feed CSV text in chunks of any size, then finish() builds the report (JSON,
// field names in docs/analytics.md). finish() or finish_text() may be called once.

class Analyzer {
 public:
  explicit Analyzer(Options options);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;
  void feed(std::string_view chunk);
  Json finish();
  // The report as compact JSON text (what finish().dump() writes), without building the
  // document: the wasm API and servers hand the text on.
  std::string finish_text();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Json analyze(std::string_view csv, const Options& options = {});
std::string analyze_text(std::string_view csv, const Options& options = {});

// Exports of a finished report.
std::string report_to_csv(const Json& report);   // customer -> segments, scores, recommended offer
std::string report_to_html(const Json& report);  // standalone page, inline SVG charts, no network

// The documented score formulas (docs/analytics.md), shared by the analysis and the demo
// generator's ground truth.
double loyalty_score(std::int64_t purchases, double tenure_days, double recency_days);
double engagement_score(std::int64_t answered_outreach, std::int64_t outreach);

// Deterministic A/B assignment: hash(experiment, customer) -> an arm index by weight.
std::size_t assign_arm(std::string_view experiment, std::string_view customer, const std::vector<double>& weights);

// ---------------------------------------------------------------------------------------------
// Seeded demo data: a realistic shop history with known segment counts and deliberate faults.

struct DemoOptions {
  std::uint64_t seed = 1;
  std::size_t customers = 5143;  // messages follow from the customer mix (~14.8 per customer)
};

struct DemoData {
  std::string csv;
  Json truth;  // the segment counts, quality faults and line numbers the analysis must find
};

DemoData generate_demo(const DemoOptions& options);

}  // namespace promokit::analytics
