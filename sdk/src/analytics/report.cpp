// The report: summary, segments, distributions, data quality (with the checks that need every
// customer: outliers and a suspicious `now`), the campaign plan and per-customer rows.
#include <algorithm>
#include <cmath>

#include "internal.hpp"
#include "json/text.hpp"
#include "promokit/version.hpp"

namespace promokit::analytics::detail {

bool in_segment(const CustomerMetrics& c, Segment s) { return c.segments & (1u << s); }

Segment offer_segment(const CustomerMetrics& c) {
  for (Segment s : kOfferPriority)
    if (in_segment(c, s)) return s;
  return kSegmentCount;
}

namespace {

// Rounded for display: v * 10^d rounded, divided back (dividing gives the nearest double).
double round_to(double v, int decimals) {
  double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

double quantile(const std::vector<double>& sorted, double q) {
  double pos = q * static_cast<double>(sorted.size() - 1);
  auto i = static_cast<std::size_t>(pos);
  double frac = pos - static_cast<double>(i);
  return i + 1 < sorted.size() ? sorted[i] * (1 - frac) + sorted[i + 1] * frac : sorted[i];
}

// Customers whose total spend is far above the rest: log10(spent) beyond Q3 + max(3 IQR, 1)
// of the buyers' log10 spend (at least 10x the upper quartile). Needs 20 buyers.
void mark_outliers(std::vector<CustomerMetrics>& cs) {
  std::vector<double> logs;
  for (const auto& c : cs)
    if (c.spent > 0) logs.push_back(std::log10(static_cast<double>(c.spent)));
  if (logs.size() < 20) return;
  std::sort(logs.begin(), logs.end());
  double q1 = quantile(logs, 0.25), q3 = quantile(logs, 0.75);
  double fence = q3 + std::max(3 * (q3 - q1), 1.0);
  for (auto& c : cs) c.outlier = c.spent > 0 && std::log10(static_cast<double>(c.spent)) > fence;
}

Json histogram(const std::vector<std::string>& labels, const std::vector<std::int64_t>& counts) {
  Json out = Json::array();
  for (std::size_t i = 0; i < labels.size(); ++i) out.push_back({{"label", labels[i]}, {"count", counts[i]}});
  return out;
}

// Buckets [edges[i], edges[i+1]); the last is open.
template <class T>
Json bucketed(const std::vector<CustomerMetrics>& cs, T CustomerMetrics::*field, const std::vector<T>& edges,
              const std::vector<std::string>& labels) {
  std::vector<std::int64_t> counts(labels.size(), 0);
  for (const auto& c : cs) {
    std::size_t b = 0;
    while (b + 1 < edges.size() && c.*field >= edges[b + 1]) ++b;
    ++counts[b];
  }
  return histogram(labels, counts);
}

std::string name_or_id(const Analysis& a, const CustomerMetrics& c) {
  const auto& acc = (*a.accs)[c.acc];
  return acc.name.empty() ? std::string(customer_id(a, c.acc)) : acc.name;
}

// The segments as targeting rules (text syntax) over the exported customer rows: the same
// definitions as the rules module's default segments, with this analysis' thresholds.
Json segment_rules(const Options& o) {
  const Thresholds& t = o.thresholds;
  auto num = [](double v) { return Json(v).dump(); };
  return {{"high_value", "spent >= " + std::to_string(high_value_threshold(o))},
          {"inactive", "days_since(lastActiveAt) >= " + num(t.inactive_days)},
          {"new", "registeredAt != null and days_since(registeredAt) <= " + num(t.new_days)},
          {"complaint", "has_event(\"complaint\")"},
          {"loyal", "score(\"loyalty\") >= " + num(t.loyal_loyalty) + " and score(\"engagement\") >= " +
                        num(t.loyal_engagement)}};
}

// One customer row. Profile field names (DESIGN.md §4) so rows import as profiles and the
// rules' default segments evaluate on them: registeredAt is the first activity. Members in
// nlohmann's (sorted) order: the text is what dump() of the same object writes.
void put_customer(std::string& out, const Analysis& a, const CustomerMetrics& c, const std::vector<OfferTexts>& offers) {
  using json_text::put_int;
  using json_text::put_number;
  using json_text::put_string;
  const auto& acc = (*a.accs)[c.acc];
  auto put_names = [&](const std::vector<std::pair<int, int>>& ids, const NamedTerms& terms) {
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i) out += ',';
      put_string(out, terms.names[static_cast<std::size_t>(ids[i].first)]);
    }
    out += ']';
  };
  out += "{\"city\":";
  if (c.locations.empty()) out += "null";
  else put_string(out, a.locations.names[static_cast<std::size_t>(c.locations[0].first)]);
  out += ",\"complaints\":";
  put_int(out, c.complaints);
  out += ",\"id\":";
  put_string(out, customer_id(a, c.acc));
  out += ",\"interests\":";
  put_names(c.services, a.services);
  out += ",\"lastActiveAt\":";
  put_int(out, Millis(c.last) * kMinuteMs);
  if (c.complaints) {
    out += ",\"lastEvents\":{\"complaint\":";
    put_int(out, Millis(c.last_complaint) * kMinuteMs);
    out += '}';
  }
  out += ",\"locale\":";
  put_string(out, c.language);
  out += ",\"locations\":";
  put_names(c.locations, a.locations);
  out += ",\"messagesIn\":";
  put_int(out, c.in);
  out += ",\"messagesOut\":";
  put_int(out, c.out);
  if (!acc.name.empty()) {
    out += ",\"name\":";
    put_string(out, acc.name);
  }
  std::size_t before_offer = out.size();
  out += ",\"offer\":";
  if (!put_customer_offer(out, a, c, offers)) out.resize(before_offer);
  out += ",\"orders\":";
  put_int(out, c.purchases);
  if (c.outlier) out += ",\"outlier\":true";
  out += ",\"recencyDays\":";
  put_number(out, round_to(c.recency_days, 1));
  if (c.refunds) {
    out += ",\"refunds\":";
    put_int(out, c.refunds);
  }
  out += ",\"registeredAt\":";
  put_int(out, Millis(c.first) * kMinuteMs);
  const char rfm[] = {',', '"', 'r', 'f', 'm', '"', ':', '"', static_cast<char>('0' + c.r), static_cast<char>('0' + c.f),
                      static_cast<char>('0' + c.m), '"'};
  out.append(rfm, sizeof rfm);
  out += ",\"scores\":{\"engagement\":";
  put_number(out, round_to(c.engagement, 3));
  out += ",\"loyalty\":";
  put_number(out, round_to(c.loyalty, 3));
  out += "},\"segments\":[";
  bool first = true;
  for (int s = 0; s < kSegmentCount; ++s)
    if (in_segment(c, Segment(s))) {
      if (!first) out += ',';
      first = false;
      out += '"';
      out += kSegmentNames[s];
      out += '"';
    }
  out += "],\"spent\":";
  put_int(out, c.spent);
  out += '}';
}

}  // namespace

std::string build_report(Analysis& a) {
  const Options& o = *a.options;
  auto& cs = a.customers;
  mark_outliers(cs);

  // summary
  std::int64_t purchases = 0, messages = 0;
  Money revenue = 0, revenue_clean = 0;
  for (const auto& c : cs) {
    purchases += c.purchases;
    messages += c.in + c.out;
    revenue += c.spent;
    if (!c.outlier) revenue_clean += c.spent;
  }
  Json summary = {{"customers", cs.size()},
                  {"messages", messages},
                  {"purchases", purchases},
                  {"revenue", revenue},
                  {"revenueExcludingOutliers", revenue_clean},
                  {"firstActivity", a.quality["dataStart"]},
                  {"lastActivity", a.quality["dataEnd"]}};

  // segments
  Json rules = segment_rules(o);
  Json segments = Json::array();
  for (int s = 0; s < kSegmentCount; ++s) {
    std::vector<const CustomerMetrics*> members;
    double eng = 0, loy = 0;
    Money spent = 0;
    for (const auto& c : cs)
      if (in_segment(c, Segment(s))) {
        members.push_back(&c);
        eng += c.engagement;
        loy += c.loyalty;
        spent += c.spent;
      }
    std::sort(members.begin(), members.end(), [&](auto* x, auto* y) {
      return x->spent != y->spent ? x->spent > y->spent : customer_id(a, x->acc) < customer_id(a, y->acc);
    });
    Json top = Json::array();
    for (std::size_t i = 0; i < members.size() && i < o.top_customers; ++i)
      top.push_back({{"id", customer_id(a, members[i]->acc)},
                     {"name", name_or_id(a, *members[i])},
                     {"spent", members[i]->spent},
                     {"lastActiveAt", Millis(members[i]->last) * kMinuteMs}});
    double n = static_cast<double>(members.size());
    segments.push_back({{"id", kSegmentNames[s]},
                        {"count", members.size()},
                        {"share", cs.empty() ? 0.0 : round_to(n / static_cast<double>(cs.size()), 4)},
                        {"rule", rules[kSegmentNames[s]]},
                        {"spent", spent},
                        {"averageSpent", members.empty() ? 0 : spent / static_cast<Money>(members.size())},
                        {"averageEngagement", members.empty() ? 0.0 : round_to(eng / n, 3)},
                        {"averageLoyalty", members.empty() ? 0.0 : round_to(loy / n, 3)},
                        {"topCustomers", top}});
  }

  // distributions
  const Money t = high_value_threshold(o);
  Json dist;
  dist["spent"] = bucketed<Money>(cs, &CustomerMetrics::spent, {INT64_MIN, 1, t / 10, t / 2, t, 5 * t, 10 * t},
                                  {"none", "< " + format_money(t / 10, o.currency), "< " + format_money(t / 2, o.currency),
                                   "< " + format_money(t, o.currency), "< " + format_money(5 * t, o.currency),
                                   "< " + format_money(10 * t, o.currency), ">= " + format_money(10 * t, o.currency)});
  dist["recencyDays"] = bucketed<double>(cs, &CustomerMetrics::recency_days, {-1e300, 7, 30, 60, 90, 180, 365},
                                         {"0-7", "7-30", "30-60", "60-90", "90-180", "180-365", "365+"});
  std::vector<double> tenths;
  std::vector<std::string> tenth_labels;
  for (int k = 0; k < 10; ++k) {
    tenths.push_back(k == 0 ? -1e300 : k / 10.0);
    tenth_labels.push_back(Json(k / 10.0).dump() + "-" + Json((k + 1) / 10.0).dump());
  }
  dist["engagement"] = bucketed<double>(cs, &CustomerMetrics::engagement, tenths, tenth_labels);
  dist["loyalty"] = bucketed<double>(cs, &CustomerMetrics::loyalty, tenths, tenth_labels);
  Json langs = Json::object(), cities = Json::object(), services = Json::object();
  std::vector<std::int64_t> rfm[3] = {std::vector<std::int64_t>(5), std::vector<std::int64_t>(5), std::vector<std::int64_t>(5)};
  for (const auto& c : cs) {
    langs[c.language] = langs.value(c.language, 0) + 1;
    std::string city = c.locations.empty() ? "unknown" : a.locations.names[static_cast<std::size_t>(c.locations[0].first)];
    cities[city] = cities.value(city, 0) + 1;
    for (auto [id, n] : c.services) {
      const std::string& sname = a.services.names[static_cast<std::size_t>(id)];
      services[sname] = services.value(sname, 0) + 1;
    }
    ++rfm[0][c.r - 1];
    ++rfm[1][c.f - 1];
    ++rfm[2][c.m - 1];
  }
  dist["languages"] = langs;
  dist["cities"] = cities;
  dist["services"] = services;
  dist["rfm"] = {{"r", rfm[0]}, {"f", rfm[1]}, {"m", rfm[2]}};
  Json months = Json::array();
  for (const auto& [key, m] : a.months) {
    char label[24];
    std::snprintf(label, sizeof label, "%04d-%02d", key / 12, key % 12 + 1);
    months.push_back({{"month", label}, {"messagesIn", m.in}, {"messagesOut", m.out}, {"purchases", m.purchases},
                      {"revenue", m.revenue}, {"activeCustomers", m.active}});
  }
  dist["monthly"] = months;
  dist["inboundByHour"] = a.inbound_hours;

  // data quality: outliers and `now`
  Json& q = a.quality;
  Json outliers = Json::array();
  std::vector<double> spends;
  for (const auto& c : cs)
    if (c.spent > 0) spends.push_back(static_cast<double>(c.spent));
  std::sort(spends.begin(), spends.end());
  double median = spends.empty() ? 0 : quantile(spends, 0.5);
  for (const auto& c : cs)
    if (c.outlier)
      outliers.push_back({{"customer", customer_id(a, c.acc)},
                          {"spent", c.spent},
                          {"spentText", format_money(c.spent, o.currency)},
                          {"timesMedian", std::llround(static_cast<double>(c.spent) / median)},
                          {"largestAmount", format_money(c.largest, o.currency)},
                          {"line", c.largest_line}});
  q["outliers"] = outliers;
  std::int64_t inactive = 0;
  for (const auto& c : cs) inactive += in_segment(c, kInactive);
  double inactive_share = cs.empty() ? 0 : static_cast<double>(inactive) / static_cast<double>(cs.size());
  Json warnings = Json::array();
  Millis data_end = q["dataEnd"].is_null() ? 0 : q["dataEnd"].get<Millis>();
  bool suspicious = cs.size() >= 20 && inactive_share > 0.8;
  Json now_check = {{"value", a.now},
                    {"date", format_date(a.now)},
                    {"source", a.now_from_data ? "data" : "option"},
                    {"inactiveShare", round_to(inactive_share, 4)},
                    {"suspicious", suspicious}};
  if (suspicious)
    warnings.push_back("now (" + format_date(a.now) + ") makes " + std::to_string(std::lround(inactive_share * 100)) +
                       "% of customers inactive; the data ends on " + format_date(data_end) +
                       " - pass the export date as now");
  if (!a.now_from_data && data_end && a.now - data_end > 86400000LL * 30)
    warnings.push_back("now is " + std::to_string((a.now - data_end) / 86400000) + " days after the last record (" +
                       format_date(data_end) + ")");
  q["now"] = now_check;
  auto count = [&](const char* k) { return q[k]["count"].get<std::uint64_t>(); };
  if (count("badRows")) warnings.push_back(std::to_string(count("badRows")) + " rows could not be read and were skipped");
  if (count("unparseableAmounts"))
    warnings.push_back(std::to_string(count("unparseableAmounts")) + " amounts could not be read as money (not counted)");
  if (count("duplicates")) warnings.push_back(std::to_string(count("duplicates")) + " duplicate messages were counted once");
  if (count("clockSkew"))
    warnings.push_back(std::to_string(count("clockSkew")) + " rows have clock-skewed timestamps and were left out");
  if (count("foreignCurrency"))
    warnings.push_back(std::to_string(count("foreignCurrency")) +
                       " amounts are in another currency; pass exchangeRates to count them");
  if (!a.experiment.is_object() && q["afterNow"]["count"].get<std::uint64_t>())
    warnings.push_back(std::to_string(q["afterNow"]["count"].get<std::uint64_t>()) +
                       " messages are later than now and were left out");
  for (const auto& out : outliers)
    warnings.push_back("customer " + out["customer"].get<std::string>() + " spent " + out["spentText"].get<std::string>() +
                       " (" + out["timesMedian"].dump() + "x the median buyer; largest amount on line " +
                       out["line"].dump() + ") - check before trusting revenue totals");
  q["warnings"] = warnings;

  Json plan = campaign_plan(a);
  Json report = {{"version", 1},
                 {"generator", std::string("promokit ") + version()},
                 {"currency", o.currency},
                 {"now", a.now},
                 {"nowDate", format_date(a.now)},
                 {"thresholds",
                  {{"highValueSpent", high_value_threshold(o)},
                   {"inactiveDays", o.thresholds.inactive_days},
                   {"newDays", o.thresholds.new_days},
                   {"loyalLoyalty", o.thresholds.loyal_loyalty},
                   {"loyalEngagement", o.thresholds.loyal_engagement}}},
                 {"summary", summary},
                 {"segments", segments},
                 {"distributions", dist},
                 {"quality", q},
                 {"campaign", plan}};
  if (a.experiment.is_object()) report["experiment"] = a.experiment;
  // The customer rows are written as text where the document has them (a placeholder keeps
  // their place in the sorted members): as Json objects they cost more than the analysis.
  if (o.include_customers) report["customers"] = nullptr;
  std::string out;
  out.reserve(512 + (o.include_customers ? 560 * cs.size() : 0));
  out += '{';
  for (auto it = report.begin(); it != report.end(); ++it) {
    if (out.size() > 1) out += ',';
    json_text::put_string(out, it.key());
    out += ':';
    if (it.key() != "customers") {
      out += it.value().dump(-1, ' ', false, Json::error_handler_t::replace);
      continue;
    }
    std::vector<OfferTexts> offers = offer_texts(plan);
    out += '[';
    for (std::size_t i = 0; i < cs.size(); ++i) {
      if (i) out += ',';
      put_customer(out, a, cs[i], offers);
    }
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace promokit::analytics::detail
