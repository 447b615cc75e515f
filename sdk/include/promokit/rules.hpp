#pragma once
// Targeting rules (DESIGN.md §6): JsonLogic with json-logic-js semantics, a readable text
// syntax that compiles to the same program, domain operators (segments, recency, dayparts,
// birthdays, interest scores, app versions), and columnar bulk evaluation over many profiles.
//
//   Rule r = compile_rule("tier == \"gold\" and \"fashion\" in interests", RuleContext::for_profiles());
//   bool hit = r.matches(profile_json, EvalContext{now_ms, "Asia/Shanghai"});
//   Json value = r.evaluate(data);            // exactly what json-logic-js apply() returns
//   r.to_json_logic(); r.to_text();           // both round-trip to the same program
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"
#include "promokit/model.hpp"

namespace promokit {

// Bounds on a rule (and on what one evaluation may build). A rule that breaks one is rejected at
// compile time with PK_RULE_TOO_DEEP / PK_RULE_TOO_LARGE; nothing recurses deeper than max_depth.
struct RuleLimits {
  std::size_t max_depth = 64;          // nesting of operators (and of data an operator walks)
  std::size_t max_nodes = 20000;       // program nodes after segments are inlined
  std::size_t max_string = 16u << 10;  // one string literal, bytes
  std::size_t max_array = 10000;       // one array literal
  std::size_t max_text = 256u << 10;   // rule text, bytes
  std::size_t max_eval_bytes = 64u << 20;  // memory one evaluation may use for built arrays/strings
};

// Thresholds of the default segments (RuleContext::add_default_segments).
struct SegmentThresholds {
  double high_value_spent = 100000;  // minor units: spent >= this
  double inactive_days = 90;         // days_since(lastActiveAt) >= this
  double new_days = 30;              // days_since(registeredAt) <= this
  double loyal_loyalty = 0.7;        // score("loyalty") >= this
  double loyal_engagement = 0.6;     // and score("engagement") >= this
};

// What a rule is compiled against: named segments (text or JsonLogic), the fields text rules
// may name (empty: any), and limits.
struct RuleContext {
  RuleLimits limits;
  std::map<std::string, Json, std::less<>> segments;  // name -> rule (string: text syntax; else JsonLogic)
  std::vector<std::string> fields;  // known field paths for text rules; "prefix.*" allows a subtree
  // Profile fields of DESIGN.md §4 plus the default segments.
  static RuleContext for_profiles(const SegmentThresholds& thresholds = {});
  // Adds high_value, inactive, new, complaint, loyal (an existing name is kept).
  void add_default_segments(const SegmentThresholds& thresholds = {});
  // Adds catalog.segments (id -> rule).
  void add_segments(const std::vector<Segment>& segments);
};

// Facts a rule may ask about that are not in the data document. The offers and personalization
// modules implement this; without hooks the operators fall back to fields of the data (see
// docs/rules.md) and otherwise answer "unknown" (no score, no visit, no event).
class EvalHooks {
 public:
  virtual ~EvalHooks() = default;
  virtual std::optional<double> interest(std::string_view tag) const { return std::nullopt; }
  virtual std::optional<double> score(std::string_view name) const { return std::nullopt; }
  // Time of the most recent visit to a store, if any.
  virtual std::optional<Millis> last_visit(std::string_view store) const { return std::nullopt; }
  // Number of events of a type at or after `since`.
  virtual std::optional<std::int64_t> count_events(std::string_view type, Millis since) const { return std::nullopt; }
};

struct EvalContext {
  Millis now = 0;                   // the engine's clock (Unix ms)
  std::string zone;                 // IANA zone for local times; empty: the data's "zone" field, else UTC
  const EvalHooks* hooks = nullptr;
};

namespace rules { struct Program; }  // the compiled form (sdk/src/rules/program.hpp)
class ProfileSet;

class Rule {
 public:
  Rule();
  ~Rule();
  Rule(Rule&&) noexcept;
  Rule& operator=(Rule&&) noexcept;
  Rule(const Rule&);
  Rule& operator=(const Rule&);

  // json-logic-js apply(): the same value on JSON data. JavaScript's undefined (e.g. {"and":[]},
  // also inside arrays built by map/merge) is a discarded Json (is_discarded()); NaN and
  // Infinity are doubles. Throws PK_RULE_TYPE where json-logic-js throws.
  Json evaluate(const Json& data, const EvalContext& ctx = {}) const;
  // Truthiness of evaluate() without building the result.
  bool matches(const Json& data, const EvalContext& ctx = {}) const;
  Json to_json_logic() const;  // canonical JsonLogic
  std::string to_text() const;  // the text syntax
  std::size_t node_count() const noexcept;
  const rules::Program& program() const noexcept { return *program_; }

 private:
  friend Rule compile_rule(const Json&, const RuleContext&);
  friend Rule compile_json_logic(const Json&, const RuleContext&);
  friend Rule compile_rule_text(std::string_view, const RuleContext&);
  std::shared_ptr<const rules::Program> program_;
};

// A rule as offers carry it: a string is the text syntax, anything else JsonLogic.
Rule compile_rule(const Json& rule, const RuleContext& ctx = {});
// Strictly JsonLogic: a string is a string literal (as json-logic-js reads it).
Rule compile_json_logic(const Json& rule, const RuleContext& ctx = {});
// Text syntax in; errors carry line, column, token, a caret snippet and a did-you-mean.
Rule compile_rule_text(std::string_view text, const RuleContext& ctx = {});

// One-shot json-logic-js apply() (compiles with default limits and no segments).
Json json_logic_apply(const Json& rule, const Json& data);

// A day's local calendar position in a zone; the zones known are listed by known_zones().
struct LocalTime {
  int year, month, day;  // month 1-12
  int weekday;           // 0 = Monday ... 6 = Sunday
  int minute_of_day;     // 0-1439
  int offset_minutes;    // UTC offset in force
};
LocalTime local_time(Millis utc, std::string_view zone);  // throws PK_RULE_UNKNOWN_ZONE
bool is_known_zone(std::string_view zone) noexcept;
std::vector<std::string> known_zones();

// Many profiles held column by column for scanning: interned strings, typed columns, bitsets for
// string lists. count/match give exactly what Rule::matches gives profile by profile.
class ProfileSet {
 public:
  explicit ProfileSet(const std::vector<Json>& profiles);  // each a profile document (JSON object)
  ~ProfileSet();
  ProfileSet(ProfileSet&&) noexcept;
  ProfileSet& operator=(ProfileSet&&) noexcept;

  std::size_t size() const noexcept;
  std::size_t count(const Rule& rule, const EvalContext& ctx = {}) const;
  // Ids (the "id" field, or the row number as a string) of the first `limit` matching profiles.
  std::vector<std::string> match(const Rule& rule, std::size_t limit, const EvalContext& ctx = {}) const;
  // Row numbers of all matches (for callers that want to join with their own data).
  std::vector<std::uint32_t> match_rows(const Rule& rule, const EvalContext& ctx = {}) const;
  std::size_t memory_bytes() const noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace promokit
