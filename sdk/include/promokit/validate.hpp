#pragma once
// Reading and validating documents. read_<kind>() returns the typed document or throws the
// first violation as promokit::Error; validate() reports the first (or all) violations.
#include <string>
#include <string_view>
#include <vector>

#include "promokit/model.hpp"

namespace promokit {

enum class DocKind { Catalog, Offer, PrizePool, Profile, Event, Cart };

// "catalog" | "offer" | "prizePool" | "profile" | "event" | "cart"; throws PK_SCHEMA_KIND.
DocKind doc_kind_from_string(std::string_view name);
std::string_view to_string(DocKind kind) noexcept;

struct Issue {
  ErrorCode code;
  std::string path, message;
};

// Where violations go: the first one throws (collect_all == false) or all are gathered, up to
// max_issues.
class Diagnostics {
 public:
  explicit Diagnostics(bool collect_all = false, std::size_t max_issues = 100)
      : collect_all_(collect_all), max_issues_(max_issues) {}
  void report(ErrorCode code, std::string path, std::string message);
  const std::vector<Issue>& issues() const noexcept { return issues_; }
  bool ok() const noexcept { return issues_.empty(); }
  bool full() const noexcept { return issues_.size() >= max_issues_; }

 private:
  bool collect_all_;
  std::size_t max_issues_;
  std::vector<Issue> issues_;
};

Catalog read_catalog(const Json& doc, Diagnostics& diag);
Offer read_offer(const Json& doc, Diagnostics& diag, const std::string& path = "");
PrizePool read_prize_pool(const Json& doc, Diagnostics& diag, const std::string& path = "");
Profile read_profile(const Json& doc, Diagnostics& diag, const std::string& path = "");
Event read_event(const Json& doc, Diagnostics& diag, const std::string& path = "");
Cart read_cart(const Json& doc, Diagnostics& diag, const std::string& path = "");

// Throwing conveniences: the first violation becomes an Error.
inline Catalog read_catalog(const Json& doc) { Diagnostics d; return read_catalog(doc, d); }
inline Offer read_offer(const Json& doc) { Diagnostics d; return read_offer(doc, d); }
inline PrizePool read_prize_pool(const Json& doc) { Diagnostics d; return read_prize_pool(doc, d); }
inline Profile read_profile(const Json& doc) { Diagnostics d; return read_profile(doc, d); }
inline Event read_event(const Json& doc) { Diagnostics d; return read_event(doc, d); }
inline Cart read_cart(const Json& doc) { Diagnostics d; return read_cart(doc, d); }

// A catalog's JSON text parsed and read in one step, without a Json document (createEngine's
// path: the DOM and freeing it were most of the work). The same catalog, limits and errors as
// read_catalog(parse_json(text, limits)); a catalog that fails is read again that way for them.
Catalog read_catalog_text(std::string_view text, const JsonLimits& limits = {});

// A catalog snapshot: the catalog's JSON as bytes the core reads without parsing text (the
// tape of sdk/src/json/tape.hpp, serialized; a few times the JSON's size). Made only of a
// catalog that reads without error (else that error); an app keeps it to start again fast.
// read_catalog_snapshot checks the bytes whole first (PK_JSON_SNAPSHOT for damaged, hostile or
// other-version bytes) and gives the catalog read_catalog_text gives for the same JSON, errors
// included. The bytes hold the JSON, not the engine's structures: they stay valid across engine
// versions as long as the snapshot format (JsonTape::kSnapshotVersion) does.
std::string catalog_snapshot(std::string_view catalog_text, const JsonLimits& limits = {});
std::string catalog_snapshot_of(const Json& catalog);  // the same of a Json value
Catalog read_catalog_snapshot(std::string_view bytes, const JsonLimits& limits = {});

struct ValidateOptions {
  bool all = false;  // report every violation instead of the first
  JsonLimits limits;
};

struct ValidationReport {
  bool ok = true;
  std::vector<Issue> errors;
  Json to_json() const;  // { ok, errors: [{ code, path, message }] }
};

// Validates a document given as JSON text (syntax and limit errors are reported too).
ValidationReport validate_text(DocKind kind, std::string_view json_text, const ValidateOptions& options = {});
ValidationReport validate(DocKind kind, const Json& doc, const ValidateOptions& options = {});

// Helpers shared by modules that read their own catalog sections.
// "YYYY-MM-DD" -> true when a real calendar date.
bool is_calendar_date(std::string_view s);
// "mon-fri", "sat,sun", "daily", "weekdays", "weekends" -> day bitmask (bit 0 = Monday); -1 if invalid.
int parse_days(std::string_view s);
// "HH:MM" (00:00-24:00) -> minutes; -1 if invalid.
int parse_hhmm(std::string_view s);

}  // namespace promokit
