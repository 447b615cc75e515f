#pragma once
// Shared between the analytics translation units: the compact per-message event, the text
// lexicon, the per-customer metrics the report, campaign plan and experiment read.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_set.hpp"
#include "promokit/analytics.hpp"

namespace promokit::analytics::detail {

constexpr std::int64_t kMinuteMs = 60000;
constexpr double kDayMinutes = 1440;

inline Money minor_per_major_exp(int exponent) {
  Money s = 1;
  for (int k = 0; k < exponent; ++k) s *= 10;
  return s;
}
inline Money minor_per_major(std::string_view currency) { return minor_per_major_exp(currency_exponent(currency)); }
inline Money high_value_threshold(const Options& o) {
  return o.thresholds.high_value_spent ? *o.thresholds.high_value_spent : 100000 * minor_per_major(o.currency);
}

// ---------------------------------------------------------------------------------------------
// Text classification: one trie over every term; a message is scanned once.

enum TermKind : std::uint8_t { kComplaint = 1, kSwahili = 2, kEnglish = 4, kPayment = 8, kLocation = 16, kService = 32 };

struct TextFacts {
  int complaint = 0, swahili = 0, english = 0, cjk = 0;
  bool payment = false;
  int location = -1, service = -1;  // the first one mentioned
};

class Lexicon {
 public:
  Lexicon();
  // term: words separated by spaces (normalised like message text); a trailing '*' matches
  // any word that starts with the term. id: the location / service index.
  void add(std::string_view term, TermKind kind, int id = -1);
  TextFacts scan(std::string_view text, std::string& scratch) const;

 private:
  struct Node {
    std::uint8_t exact = 0, stem = 0;  // TermKind masks ending here (word end / any continuation)
    std::int16_t location = -1, service = -1;
  };
  // A transition: the child node, with kHasKinds set when some term ends at it (only then is
  // the node itself read).
  static constexpr std::uint32_t kHasKinds = 1u << 31;
  std::uint32_t child(std::uint32_t node, unsigned char c) const { return next_[node * classes_ + class_[c]]; }
  void add_class(unsigned char c);
  void apply(TextFacts& f, std::uint8_t kinds, int location, int service) const;
  std::vector<Node> nodes_;
  // A dense transition table over byte classes (the bytes some term has; class 0: all others,
  // which lead nowhere): one load per byte, where walking sibling lists or probing a hash
  // table mispredicted branches on every word of every message.
  std::array<std::uint8_t, 256> class_{};
  std::size_t classes_ = 1;
  std::vector<std::uint32_t> next_;  // [node * classes_ + class] -> transition, 0: none
  // Chinese terms: no spaces between words, so they match anywhere in a message with CJK text.
  struct Infix {
    std::string text;
    TermKind kind;
    int id;
  };
  std::vector<Infix> infix_;
};

// Lower-case ASCII, drop apostrophes, every run of non-word bytes becomes one space.
void normalize_text(std::string_view text, std::string& out);

struct NamedTerms {
  std::vector<std::string> names;                // index = id
  std::vector<std::vector<std::string>> terms;   // per id
};
NamedTerms default_locations();
NamedTerms default_services();
NamedTerms named_terms_from_json(const Json& j, const char* option);
std::vector<std::string> default_complaint_terms();
Lexicon build_lexicon(const Options& options, const NamedTerms& locations, const NamedTerms& services);

// ---------------------------------------------------------------------------------------------
// What ingestion keeps per message (16 bytes) and per purchase.

enum EvFlags : std::uint32_t {
  kInbound = 1u << 0,
  kComplaintMsg = 1u << 1,
  kLangShift = 2,          // 2 bits: 0 unknown, 1 sw, 2 en, 3 zh
  kLocationShift = 4,      // 6 bits: location id + 1
  kServiceShift = 10,      // 6 bits: service id + 1
  kDuplicate = 1u << 31,   // set while finishing
};

struct Ev {
  std::uint32_t minute, line, hash, flags;
};
static_assert(sizeof(Ev) == 16);

struct Buy {
  Money amount;  // report currency, minor units; negative: a refund
  std::uint32_t minute, line, hash;
  bool from_text;
};

// One customer's rows, by position in the analyzer's id set (customer_id() gives the id).
struct CustomerAcc {
  std::string name;
  std::vector<Ev> events;
  std::vector<Buy> buys;
};

// The shop's outreach answered within the reply window: a run of consecutive outbound messages
// is one outreach; it is answered when the customer's next message comes within the window of
// the run's last message.
struct ReplyTracker {
  std::int64_t outreach = 0, answered = 0;
  bool pending = false;
  std::uint32_t last_out = 0;
  void step(bool inbound, std::uint32_t minute, std::uint32_t window_minutes) {
    if (!inbound) {
      if (!pending) ++outreach;
      pending = true;
      last_out = minute;
    } else if (pending) {
      if (minute - last_out <= window_minutes) ++answered;
      pending = false;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Segments and per-customer metrics.

enum Segment : std::uint8_t { kHighValue, kInactive, kNew, kComplaintSeg, kLoyal, kSegmentCount };
constexpr const char* kSegmentNames[kSegmentCount] = {"high_value", "inactive", "new", "complaint", "loyal"};
// A customer in several segments gets the offer of the first in this order (docs/analytics.md).
constexpr Segment kOfferPriority[kSegmentCount] = {kComplaintSeg, kInactive, kLoyal, kHighValue, kNew};

struct CustomerMetrics {
  std::uint32_t acc = 0;  // index into the accumulators
  std::uint32_t first = 0, last = 0;  // minutes
  std::int64_t in = 0, out = 0, purchases = 0, refunds = 0, complaints = 0;
  std::uint32_t last_complaint = 0;
  Money spent = 0, largest = 0;
  std::uint32_t largest_line = 0;
  std::int64_t outreach = 0, answered = 0;
  double recency_days = 0, tenure_days = 0, age_days = 0, engagement = 0, loyalty = 0;
  int r = 1, f = 1, m = 1;
  std::string language;
  std::vector<std::pair<int, int>> locations, services;  // (id, mentions), most mentioned first
  std::uint32_t segments = 0;  // bit per Segment
  bool outlier = false;
  // experiment outcome window
  bool responded = false, converted = false;
  Money outcome_revenue = 0;
};

bool in_segment(const CustomerMetrics& c, Segment s);
Segment offer_segment(const CustomerMetrics& c);  // kSegmentCount: none

// Days since 1970-01-01 -> civil date (Hinnant's civil_from_days).
struct Civil {
  int year;
  unsigned month, day;
};
inline Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2)), m, d};
}

struct MonthStats {
  std::int64_t in = 0, out = 0, purchases = 0, active = 0;
  Money revenue = 0;
};

struct Analysis {
  const Options* options = nullptr;
  std::vector<CustomerAcc>* accs = nullptr;
  const StringSet* ids = nullptr;  // customer ids, at the positions of accs
  std::vector<CustomerMetrics> customers;
  NamedTerms locations, services;
  Millis now = 0;
  bool now_from_data = true;
  std::map<int, MonthStats> months;        // key: year * 12 + month - 1
  std::array<std::int64_t, 24> inbound_hours{};  // customers' messages by local hour
  Json quality;     // filled by the analyzer, completed by the report builder
  Json experiment;  // filled when options.experiment is set
};

// The id of customer acc (its position in accs), as the data wrote it after normalization.
inline std::string_view customer_id(const Analysis& a, std::uint32_t acc) noexcept { return a.ids->at(acc); }

// Wilson score interval of k successes in n trials (z = 1.96: 95 %).
std::pair<double, double> wilson(std::int64_t k, std::int64_t n, double z);

// Report sections (report.cpp, campaign.cpp, experiment.cpp).
Json campaign_plan(const Analysis& a);
// A plan entry as each customer row reads it, taken from the plan once per report.
struct OfferTexts {
  std::string segment, offer_id, percent;  // offer_id, percent: JSON text
  std::string sw, en, default_location;    // message templates, the branch when none is known
};
std::vector<OfferTexts> offer_texts(const Json& plan);
// Writes the "offer" object of a customer row: the offer of their first segment in priority
// order, the message rendered in their language. False (nothing written): no segment.
bool put_customer_offer(std::string& out, const Analysis& a, const CustomerMetrics& c, const std::vector<OfferTexts>& offers);
Json evaluate_experiment(const Analysis& a, const Experiment& e);
// The report as JSON text, byte for byte what Json::dump() of the same document writes.
std::string build_report(Analysis& a);

}  // namespace promokit::analytics::detail
