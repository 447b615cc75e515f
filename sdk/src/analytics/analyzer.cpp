// Ingestion (row by row) and the finishing pass: per customer the kept events are sorted,
// duplicates and clock-skewed rows set aside, and the metrics computed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>

#include "core/bytes.hpp"
#include "core/string_set.hpp"
#include "core/utf8.hpp"
#include "internal.hpp"

namespace promokit::analytics {

using namespace detail;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// in: the customer wrote to the shop; out: the shop wrote to the customer.
std::optional<bool> parse_direction(std::string_view d) {
  if (d == "in") return true;  // the usual cells, before trimming and case folding
  if (d == "out") return false;
  d = trim(d);
  for (const char* s : {"in", "inbound", "incoming", "received", "customer", "from_customer"})
    if (iequals(d, s)) return true;
  for (const char* s : {"out", "outbound", "outgoing", "sent", "shop", "business", "agent", "to_customer"})
    if (iequals(d, s)) return false;
  return std::nullopt;
}

std::string json_safe(std::string_view s, std::size_t max = 60) {
  std::string out(s.substr(0, max));
  while (!out.empty() && !valid_utf8(out)) out.pop_back();  // never cut a code point in half
  return out;
}

// Examples kept per finding: a count plus the first few cases.
struct Finding {
  std::uint64_t count = 0;
  Json examples = Json::array();
  void add(std::size_t max, Json example) {
    ++count;
    if (examples.size() < max) examples.push_back(std::move(example));
  }
  Json to_json() const { return {{"count", count}, {"examples", examples}}; }
};

}  // namespace

struct Analyzer::Impl : CsvRowHandler {
  Options o;
  CsvReader reader;
  NamedTerms locations, services;
  Lexicon lex;
  bool header_done = false, finished = false;
  int c_customer = -1, c_time = -1, c_dir = -1, c_text = -1, c_amount = -1, c_name = -1;
  std::size_t needed_fields = 0;
  std::vector<CustomerAcc> accs;
  StringSet customer_ids;  // customer id -> its index in accs (insertion order)
  std::string scratch, id_buf;
  std::uint64_t data_rows = 0;
  Finding bad_rows, unparseable, foreign;
  std::map<std::string, std::uint64_t> bad_by_code;
  std::map<std::string, Money> foreign_totals;

  explicit Impl(Options opt)
      : o(std::move(opt)),
        reader(o.delimiter, o.max_row_bytes),
        locations(o.locations.is_null() ? default_locations() : named_terms_from_json(o.locations, "locations")),
        services(o.services.is_null() ? default_services() : named_terms_from_json(o.services, "services")),
        lex(build_lexicon(o, locations, services)) {}

  void bad(std::uint32_t line, ErrorCode code, std::string message) {
    bad_by_code[std::string(error_name(code))]++;
    bad_rows.add(o.max_examples, {{"line", line}, {"code", error_name(code)}, {"message", std::move(message)}});
  }

  int find_column(const CsvRow& header, const std::string& name, bool required, const char* role) {
    if (name.empty()) return -1;
    if (name[0] == '#') {
      int idx = std::stoi(name.substr(1));
      if (idx < static_cast<int>(header.fields.size())) return idx;
    } else {
      for (std::size_t i = 0; i < header.fields.size(); ++i)
        if (iequals(trim(header.fields[i]), name)) return static_cast<int>(i);
    }
    if (!required) return -1;
    std::string have;
    for (auto f : header.fields) have += (have.empty() ? "" : ", ") + json_safe(trim(f), 40);
    throw Error(ErrorCode::PK_CSV_COLUMN_MISSING,
                std::string("the ") + role + " column \"" + name + "\" is not in the header (columns: " + have + ")",
                std::string("columns.") + role, TextPosition{header.line, 1, 0, name});
  }

  void read_header(const CsvRow& r) {
    if (r.error != ErrorCode::PK_OK)
      throw Error(r.error, "the header row is malformed", "", TextPosition{r.line, 1, 0, {}});
    const Options defaults;
    c_customer = find_column(r, o.col_customer, true, "customer");
    c_time = find_column(r, o.col_timestamp, true, "timestamp");
    c_dir = find_column(r, o.col_direction, true, "direction");
    // text and amount are optional under their default names (purchase-only or message-only
    // exports); a name the caller chose must exist.
    c_text = find_column(r, o.col_text, o.col_text != defaults.col_text, "text");
    c_amount = find_column(r, o.col_amount, o.col_amount != defaults.col_amount, "amount");
    c_name = find_column(r, o.col_name, o.col_name != defaults.col_name, "name");
    for (int c : {c_customer, c_time, c_dir, c_text, c_amount, c_name})
      needed_fields = std::max(needed_fields, static_cast<std::size_t>(c + 1));
    header_done = true;
  }

  std::string_view normalize_id(std::string_view id) {
    // only phone-number characters with at least one digit (a byte loop: find_first_of with a
    // set costs a strlen and a memchr per byte)
    bool digit = false, drop = false;
    for (char c : id) {
      if (c >= '0' && c <= '9') digit = true;
      else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') drop = true;
      else if (c != '+') return id;
    }
    if (!digit) return id;
    // nothing to drop and nothing to prefix: the id as it is (the usual "+255..." export)
    const std::string& cc = o.phone_country_code;
    if (!drop && (cc.empty() || id[0] == '+')) return id;
    id_buf.clear();
    for (char c : id)
      if ((c >= '0' && c <= '9') || c == '+') id_buf += c;
    if (!cc.empty() && id_buf.size() >= 9) {
      if (id_buf[0] == '0' && id_buf.size() > 1 && id_buf[1] != '0') id_buf = "+" + cc + id_buf.substr(1);
      else if (id_buf.compare(0, cc.size(), cc) == 0) id_buf = "+" + id_buf;
      else if (id_buf.compare(0, 2, "00") == 0) id_buf = "+" + id_buf.substr(2);
    }
    return id_buf;
  }

  std::uint32_t customer(std::string_view id) {
    auto [k, added] = customer_ids.intern(id);
    if (added) accs.emplace_back();
    return k;
  }

  // An amount in another currency counts only with an exchange rate (option exchangeRates).
  std::optional<Money> to_report_currency(const MoneyValue& v, std::uint32_t line) {
    if (v.currency == o.currency) return v.minor;
    if (o.exchange_rates.is_object() && o.exchange_rates.contains(v.currency)) {
      long double major = static_cast<long double>(v.minor) / std::pow(10.0L, currency_exponent(v.currency));
      long double rate = o.exchange_rates[v.currency].get<double>();
      return static_cast<Money>(std::llround(major * rate * std::pow(10.0L, currency_exponent(o.currency))));
    }
    foreign_totals[v.currency] += v.minor;
    foreign.add(o.max_examples, {{"line", line}, {"amount", format_money(v.minor, v.currency)}});
    return std::nullopt;
  }

  void row(const CsvRow& r) override {
    if (!header_done) return read_header(r);
    ++data_rows;
    if (r.error == ErrorCode::PK_CSV_SYNTAX) return bad(r.line, r.error, "malformed quoting");
    if (r.error != ErrorCode::PK_OK) return bad(r.line, r.error, "row longer than maxRowBytes");
    if (r.fields.size() < needed_fields)
      return bad(r.line, ErrorCode::PK_CSV_FIELD_COUNT,
                 "expected " + std::to_string(needed_fields) + " fields, found " + std::to_string(r.fields.size()));
    std::string_view id = trim(r.fields[c_customer]);
    if (id.empty()) return bad(r.line, ErrorCode::PK_ANALYTICS_CUSTOMER_ID, "empty customer id");
    if (!valid_utf8(id)) return bad(r.line, ErrorCode::PK_CSV_ENCODING, "customer id is not valid UTF-8");
    std::string_view ts = r.fields[c_time];
    auto t = parse_timestamp(ts, o.utc_offset_minutes, o.date_order);
    if (!t || *t / kMinuteMs > 0xFFFFFFFFLL)
      return bad(r.line, ErrorCode::PK_ANALYTICS_TIMESTAMP, "unreadable timestamp \"" + json_safe(ts, 40) + "\"");
    auto inbound = parse_direction(r.fields[c_dir]);
    if (!inbound)
      return bad(r.line, ErrorCode::PK_ANALYTICS_DIRECTION,
                 "direction \"" + json_safe(r.fields[c_dir], 20) + "\" is neither in nor out");
    std::string_view name = c_name >= 0 ? trim(r.fields[c_name]) : std::string_view();
    if (!valid_utf8(name)) return bad(r.line, ErrorCode::PK_CSV_ENCODING, "name is not valid UTF-8");

    std::string_view text = c_text >= 0 ? r.fields[c_text] : std::string_view();
    std::string_view amount_cell = c_amount >= 0 ? trim(r.fields[c_amount]) : std::string_view();
    auto minute = static_cast<std::uint32_t>(*t / kMinuteMs);
    const std::uint64_t head = static_cast<std::uint64_t>(*t / 1000 % 60) << 1 | (*inbound ? 1u : 0u);
    const auto hash = static_cast<std::uint32_t>(mix_bytes(mix_bytes(head, text), amount_cell));

    std::uint32_t flags = *inbound ? std::uint32_t{kInbound} : 0u;
    TextFacts facts;
    if (!text.empty()) {
      facts = lex.scan(text, scratch);
      if (*inbound) {
        if (facts.complaint) flags |= kComplaintMsg;
        std::uint32_t lang = facts.cjk >= 2 && facts.cjk >= facts.swahili + facts.english ? 3
                             : facts.swahili > facts.english                              ? 1
                             : facts.english > facts.swahili                              ? 2
                                                                                          : 0;
        flags |= lang << kLangShift;
        if (facts.location >= 0) flags |= static_cast<std::uint32_t>(facts.location + 1) << kLocationShift;
        if (facts.service >= 0) flags |= static_cast<std::uint32_t>(facts.service + 1) << kServiceShift;
      }
    }
    CustomerAcc& acc = accs[customer(normalize_id(id))];
    if (acc.name.empty() && !name.empty()) acc.name = std::string(name);
    if (!amount_cell.empty()) {
      // The amount column is authoritative: a row with an amount never adds a text purchase.
      auto money = parse_money(amount_cell, o.currency);
      if (!money) {
        unparseable.add(o.max_examples, {{"line", r.line}, {"value", json_safe(amount_cell, 40)}});
      } else if (money->minor != 0) {
        if (auto v = to_report_currency(*money, r.line)) acc.buys.push_back(Buy{*v, minute, r.line, hash, false});
      }
    } else if (facts.payment) {
      if (auto money = find_money(text, o.currency); money && money->minor > 0)
        if (auto v = to_report_currency(*money, r.line)) acc.buys.push_back(Buy{*v, minute, r.line, hash, true});
    }
    acc.events.push_back(Ev{minute, r.line, hash, flags});
  }

  std::string finish();
};

Analyzer::Analyzer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Analyzer::~Analyzer() = default;

void Analyzer::feed(std::string_view chunk) {
  if (impl_->finished) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the analysis is already finished");
  // In slices: wasm engines swap a function's optimized code in only at its next call, and the
  // reader's loop would otherwise run a whole file (one segment() call) in baseline code.
  constexpr std::size_t kSlice = 64 << 10;
  for (std::size_t at = 0; at < chunk.size(); at += kSlice) impl_->reader.feed(chunk.substr(at, kSlice), *impl_);
}

std::string Analyzer::finish_text() {
  if (impl_->finished) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the analysis is already finished");
  impl_->finished = true;
  impl_->reader.finish(*impl_);
  return impl_->finish();
}

Json Analyzer::finish() {
  JsonLimits unlimited;
  unlimited.max_bytes = unlimited.max_string = unlimited.max_entries = SIZE_MAX;
  return parse_json(finish_text(), unlimited);
}

Json analyze(std::string_view csv, const Options& options) {
  Analyzer a(options);
  a.feed(csv);
  return a.finish();
}

std::string analyze_text(std::string_view csv, const Options& options) {
  Analyzer a(options);
  a.feed(csv);
  return a.finish_text();
}

namespace {

// Rows far beyond the data's bulk are clock-skewed (a phone set to 2031, a reset to 1970):
// scanning inwards from each end, a gap longer than `gap_days` with at most 0.5 % of the rows
// beyond it marks those rows. Needs 200 rows to judge. Returns [lo, hi] in minutes.
std::pair<std::uint32_t, std::uint32_t> trusted_range(const std::map<std::int64_t, std::uint64_t>& days,
                                                       std::uint64_t rows) {
  std::uint32_t lo = 0, hi = 0xFFFFFFFFu;
  if (rows < 200 || days.size() < 2) return {lo, hi};
  const std::uint64_t limit = std::max<std::uint64_t>(1, rows / 200);
  constexpr std::int64_t kFutureGap = 30, kPastGap = 180;
  std::uint64_t tail = 0;
  for (auto it = days.rbegin(); std::next(it) != days.rend(); ++it) {
    tail += it->second;
    if (tail > limit) break;
    if (it->first - std::next(it)->first > kFutureGap) hi = static_cast<std::uint32_t>((std::next(it)->first + 1) * 1440 - 1);
  }
  tail = 0;
  for (auto it = days.begin(); std::next(it) != days.end(); ++it) {
    tail += it->second;
    if (tail > limit) break;
    if (std::next(it)->first - it->first > kPastGap) lo = static_cast<std::uint32_t>(std::next(it)->first * 1440);
  }
  return {lo, hi};
}

// Runs f(i) in a function of its own: a wasm engine swaps optimized code in only when a
// function is next called, so a pass over every customer written as one loop in finish()
// (called once) would run in baseline code from start to end.
template <class F>
[[gnu::noinline]] void call_apart(const F& f, std::uint32_t i) {
  f(i);
}

void add_count(std::vector<std::pair<int, int>>& counts, int id) {
  for (auto& [k, n] : counts)
    if (k == id) {
      ++n;
      return;
    }
  counts.emplace_back(id, 1);
}

void sort_counts(std::vector<std::pair<int, int>>& counts) {
  std::sort(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
}

// Quintile scores: 1 + floor(5 * (customers with a strictly worse value) / n); ties share a score.
template <class Key>
void quintiles(std::vector<CustomerMetrics>& cs, Key key, int CustomerMetrics::*score) {
  std::vector<std::int64_t> v;
  v.reserve(cs.size());
  for (const auto& c : cs) v.push_back(key(c));
  std::sort(v.begin(), v.end());
  for (auto& c : cs) {
    auto below = static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), key(c)) - v.begin());
    c.*score = 1 + static_cast<int>(5 * below / cs.size());
  }
}

}  // namespace

std::string Analyzer::Impl::finish() {
  if (!header_done) throw Error(ErrorCode::PK_CSV_COLUMN_MISSING, "the input has no header row", "columns");
  Analysis a;
  a.options = &o;
  a.accs = &accs;
  a.ids = &customer_ids;
  a.locations = locations;
  a.services = services;

  // 1. order each customer's events and set exact duplicates aside (same minute and same
  //    second, direction, text and amount).
  Finding duplicates;
  std::map<std::int64_t, std::uint64_t> days;
  std::uint64_t kept = 0;
  auto by_time = [](const auto& x, const auto& y) { return x.minute != y.minute ? x.minute < y.minute : x.line < y.line; };
  auto order = [&](std::uint32_t ai) {
    CustomerAcc& acc = accs[ai];
    std::sort(acc.events.begin(), acc.events.end(), by_time);
    std::sort(acc.buys.begin(), acc.buys.end(), by_time);
    for (std::size_t i = 0; i < acc.events.size(); ++i) {
      Ev& e = acc.events[i];
      // compare with the earlier events of the same minute (usually none or one)
      for (std::size_t k = i; k-- > 0 && acc.events[k].minute == e.minute;) {
        if (acc.events[k].hash == e.hash && !(acc.events[k].flags & kDuplicate)) {
          e.flags |= kDuplicate;
          duplicates.add(o.max_examples, {{"line", e.line}, {"duplicateOf", acc.events[k].line}, {"customer", customer_ids.at(ai)}});
          break;
        }
      }
      if (!(e.flags & kDuplicate)) {
        ++days[e.minute / 1440];
        ++kept;
      }
    }
  };
  for (std::uint32_t ai = 0; ai < accs.size(); ++ai) call_apart(order, ai);

  // 2. the trusted time range and `now`
  const auto range = trusted_range(days, kept);
  const std::uint32_t lo = range.first, hi = range.second;  // (lambdas cannot capture bindings in C++20)
  std::uint32_t data_end = 0, data_start = 0xFFFFFFFFu;
  for (const auto& acc : accs)
    for (const auto& e : acc.events)
      if (!(e.flags & kDuplicate) && e.minute >= lo && e.minute <= hi) {
        data_end = std::max(data_end, e.minute);
        data_start = std::min(data_start, e.minute);
      }
  const Experiment* exp = o.experiment ? &*o.experiment : nullptr;
  if (o.now) {
    a.now = *o.now;
    a.now_from_data = false;
  } else if (exp) {
    a.now = exp->start;
    a.now_from_data = false;
  } else {
    a.now = static_cast<Millis>(data_end) * kMinuteMs;
  }
  const Millis outcome_end = exp && exp->end ? *exp->end : INT64_MAX;
  const auto window = static_cast<std::uint32_t>(std::lround(o.reply_window_hours * 60));
  const Money high_value = high_value_threshold(o);

  // 3. per-customer metrics from the trusted events up to `now`; later events are the
  //    experiment's outcomes (or, without an experiment, reported as after `now`).
  Finding skewed;
  std::uint64_t after_now = 0, inactive_contacts = 0;
  // The month of a minute and its stats: a customer's events are in time order, so the last
  // day's answer is usually the next one's (a civil date and a map lookup per event otherwise).
  std::uint32_t cached_day = 0xFFFFFFFFu;
  std::pair<int, MonthStats*> cached{0, nullptr};
  auto month_of = [&](std::uint32_t minute) {
    if (minute / 1440 != cached_day) {
      cached_day = minute / 1440;
      Civil d = civil_from_days(cached_day);
      cached.first = d.year * 12 + static_cast<int>(d.month) - 1;
      cached.second = &a.months[cached.first];
    }
    return cached;
  };
  // Memory: the metrics are reserved at once (growing the vector held both copies: a 1M-row
  // file's peak), and each customer's events and purchases are freed once read.
  a.customers.reserve(accs.size());
  auto measure = [&](std::uint32_t ai) {
    CustomerAcc& acc = accs[ai];
    struct Release {
      CustomerAcc& acc;
      ~Release() {
        std::vector<Ev>().swap(acc.events);
        std::vector<Buy>().swap(acc.buys);
      }
    } release{acc};
    CustomerMetrics c;
    c.acc = ai;
    ReplyTracker replies;
    bool known = false;
    int lang[4] = {0, 0, 0, 0};
    int active_month = -1;
    for (const Ev& e : acc.events) {
      if (e.flags & kDuplicate) continue;
      if (e.minute < lo || e.minute > hi) {
        skewed.add(o.max_examples, {{"line", e.line}, {"customer", customer_ids.at(ai)}, {"date", format_date(Millis(e.minute) * kMinuteMs)}});
        continue;
      }
      Millis t = Millis(e.minute) * kMinuteMs;
      bool inbound = e.flags & kInbound;
      if (t > a.now) {
        ++after_now;
        if (exp && t <= outcome_end && inbound) c.responded = true;
        continue;
      }
      // activity is the customer's own: their messages and (below) purchases, not the shop's
      if (inbound) {
        if (!known) c.first = e.minute;
        known = true;
        c.last = e.minute;
      }
      (inbound ? c.in : c.out)++;
      replies.step(inbound, e.minute, window);
      auto [month, stats] = month_of(e.minute);
      MonthStats& ms = *stats;
      (inbound ? ms.in : ms.out)++;
      if (month != active_month) {
        ++ms.active;
        active_month = month;
      }
      if (inbound) {
        auto local = (static_cast<std::int64_t>(e.minute) + o.utc_offset_minutes) % 1440;
        ++a.inbound_hours[static_cast<std::size_t>((local + 1440) % 1440 / 60)];
      }
      if (!inbound) continue;
      if (e.flags & kComplaintMsg) {
        ++c.complaints;
        c.last_complaint = e.minute;
      }
      ++lang[(e.flags >> kLangShift) & 3];
      if (auto l = (e.flags >> kLocationShift) & 63) add_count(c.locations, static_cast<int>(l) - 1);
      if (auto s = (e.flags >> kServiceShift) & 63) add_count(c.services, static_cast<int>(s) - 1);
    }
    // purchases: duplicates of a row and text confirmations of a purchase already counted
    // (same amount within 48 hours) count once
    std::vector<const Buy*> counted;
    for (std::size_t i = 0; i < acc.buys.size(); ++i) {
      const Buy& b = acc.buys[i];
      if (b.minute < lo || b.minute > hi) continue;
      bool dup = false;
      for (std::size_t k = i; k-- > 0 && acc.buys[k].minute == b.minute;) dup |= acc.buys[k].hash == b.hash;
      if (dup) continue;
      if (b.from_text) {
        bool confirmation = false;
        for (auto it = counted.rbegin(); it != counted.rend() && b.minute - (*it)->minute <= 2880; ++it)
          confirmation |= (*it)->amount == b.amount;
        if (confirmation) continue;
      }
      counted.push_back(&b);
      Millis t = Millis(b.minute) * kMinuteMs;
      if (t > a.now) {
        if (exp && t <= outcome_end && b.amount > 0) {
          c.converted = true;
          c.outcome_revenue += b.amount;
        }
        continue;
      }
      if (!known || b.minute < c.first) c.first = b.minute;
      if (!known || b.minute > c.last) c.last = b.minute;
      known = true;
      c.spent += b.amount;
      MonthStats& ms = *month_of(b.minute).second;
      ms.revenue += b.amount;
      if (b.amount > 0) {
        ++ms.purchases;
        ++c.purchases;
        if (b.amount > c.largest) {
          c.largest = b.amount;
          c.largest_line = b.line;
        }
      } else {
        ++c.refunds;
      }
    }
    if (!known) {
      ++inactive_contacts;
      return;
    }
    c.outreach = replies.outreach;
    c.answered = replies.answered;
    Millis last_ms = Millis(c.last) * kMinuteMs, first_ms = Millis(c.first) * kMinuteMs;
    c.recency_days = static_cast<double>(a.now - last_ms) / 86400000.0;
    c.age_days = static_cast<double>(a.now - first_ms) / 86400000.0;
    c.tenure_days = (c.last - c.first) / kDayMinutes;
    c.engagement = engagement_score(c.answered, c.outreach);
    c.loyalty = loyalty_score(c.purchases, c.tenure_days, c.recency_days);
    // the language of most of the customer's own messages; a tie or none: the default
    static const char* kLang[4] = {"", "sw", "en", "zh"};
    int best = 1;
    for (int k = 2; k < 4; ++k)
      if (lang[k] > lang[best]) best = k;
    bool tie = false;
    for (int k = 1; k < 4; ++k) tie |= k != best && lang[k] == lang[best];
    c.language = lang[best] == 0 || tie ? o.default_language : kLang[best];
    sort_counts(c.locations);
    sort_counts(c.services);

    const auto& th = o.thresholds;
    if (c.spent >= high_value) c.segments |= 1u << kHighValue;
    if (c.recency_days >= th.inactive_days) c.segments |= 1u << kInactive;
    // whole days elapsed, as days_since() in the targeting rules
    if (std::floor(c.age_days) <= th.new_days) c.segments |= 1u << kNew;
    if (c.complaints > 0) c.segments |= 1u << kComplaintSeg;
    if (c.loyalty >= th.loyal_loyalty && c.engagement >= th.loyal_engagement) c.segments |= 1u << kLoyal;
    a.customers.push_back(std::move(c));
  };
  for (std::uint32_t ai = 0; ai < accs.size(); ++ai) call_apart(measure, ai);

  if (!a.customers.empty()) {
    quintiles(a.customers, [](const CustomerMetrics& c) { return std::int64_t(c.last); }, &CustomerMetrics::r);
    quintiles(a.customers, [](const CustomerMetrics& c) { return c.purchases; }, &CustomerMetrics::f);
    quintiles(a.customers, [](const CustomerMetrics& c) { return c.spent; }, &CustomerMetrics::m);
  }

  Json bad = bad_rows.to_json();
  bad["byCode"] = bad_by_code;
  Json foreign_json = foreign.to_json();
  foreign_json["totals"] = Json::object();
  for (const auto& [cur, v] : foreign_totals) foreign_json["totals"][cur] = format_money(v, cur);
  Json skew = skewed.to_json();
  skew["trustedFrom"] = lo ? Json(format_date(Millis(lo) * kMinuteMs)) : Json();
  skew["trustedTo"] = hi != 0xFFFFFFFFu ? Json(format_date(Millis(hi) * kMinuteMs)) : Json();
  a.quality = {{"rows", data_rows},
               {"badRows", bad},
               {"unparseableAmounts", unparseable.to_json()},
               {"foreignCurrency", foreign_json},
               {"duplicates", duplicates.to_json()},
               {"clockSkew", skew},
               {"afterNow", {{"count", after_now}}},
               // contacts with no message or purchase of their own up to now (only the shop wrote)
               {"contactsWithoutActivity", inactive_contacts},
               {"dataStart", data_start <= data_end ? Json(Millis(data_start) * kMinuteMs) : Json()},
               {"dataEnd", data_end ? Json(Millis(data_end) * kMinuteMs) : Json()}};
  if (exp) a.experiment = evaluate_experiment(a, *exp);
  return build_report(a);
}

double loyalty_score(std::int64_t purchases, double tenure_days, double recency_days) {
  double p = std::min(1.0, static_cast<double>(purchases) / 5.0);
  double t = std::min(1.0, std::max(0.0, tenure_days) / 180.0);
  double r = std::max(0.0, 1.0 - std::max(0.0, recency_days) / 90.0);
  return 0.4 * p + 0.3 * t + 0.3 * r;
}

double engagement_score(std::int64_t answered, std::int64_t outreach) {
  return outreach > 0 ? static_cast<double>(answered) / static_cast<double>(outreach) : 0.0;
}

}  // namespace promokit::analytics
