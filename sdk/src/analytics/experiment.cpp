// A/B measurement. Assignment is a pure function of (experiment, customer), so the shop can
// assign at send time and measure weeks later without storing the split. Outcomes are the
// events after the experiment's start: a reply (response), a purchase (conversion), revenue,
// and for customers who were inactive at the start, whether they came back (retention).
#include <cmath>
#include <cstdio>

#include "internal.hpp"

namespace promokit::analytics {

std::size_t assign_arm(std::string_view experiment, std::string_view customer, const std::vector<double>& weights) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64 over "experiment \x1f customer"
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  };
  mix(experiment);
  mix("\x1f");
  mix(customer);
  h ^= h >> 30;  // SplitMix64 finalizer: spreads FNV's weak low bits over the whole word
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  double u = static_cast<double>(h >> 11) * 0x1.0p-53;
  double total = 0;
  for (double w : weights) total += w;
  double acc = 0;
  for (std::size_t i = 0; i + 1 < weights.size(); ++i) {
    acc += weights[i] / total;
    if (u < acc) return i;
  }
  return weights.empty() ? 0 : weights.size() - 1;
}

namespace detail {

namespace {

struct ArmStats {
  std::int64_t n = 0, responded = 0, converted = 0, inactive = 0, retained = 0;
  double revenue = 0, revenue_sq = 0;  // minor units, for the mean and its variance
};

double r4(double v) { return std::round(v * 10000) / 10000; }

Json rate(std::int64_t k, std::int64_t n) {
  auto [lo, hi] = wilson(k, n, 1.96);
  return {{"value", n ? r4(static_cast<double>(k) / static_cast<double>(n)) : 0.0}, {"low", r4(lo)}, {"high", r4(hi)}};
}

// Newcombe's hybrid score interval for p1 - p2 (method 10), from the two Wilson intervals.
Json rate_diff(std::int64_t k1, std::int64_t n1, std::int64_t k2, std::int64_t n2) {
  if (!n1 || !n2) return {{"value", 0.0}, {"low", 0.0}, {"high", 0.0}};
  double p1 = static_cast<double>(k1) / static_cast<double>(n1), p2 = static_cast<double>(k2) / static_cast<double>(n2);
  auto [l1, u1] = wilson(k1, n1, 1.96);
  auto [l2, u2] = wilson(k2, n2, 1.96);
  double d = p1 - p2;
  return {{"value", r4(d)},
          {"low", r4(d - std::sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)))},
          {"high", r4(d + std::sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)))}};
}

double mean(const ArmStats& s) { return s.n ? s.revenue / static_cast<double>(s.n) : 0; }
double variance(const ArmStats& s) {
  if (s.n < 2) return 0;
  double m = mean(s);
  return std::max(0.0, (s.revenue_sq - static_cast<double>(s.n) * m * m) / static_cast<double>(s.n - 1));
}

// Revenue per customer (minor units) and Welch's normal interval for the difference of means.
Json money_mean(const ArmStats& s) {
  double half = s.n ? 1.96 * std::sqrt(variance(s) / static_cast<double>(s.n)) : 0;
  return {{"value", std::llround(mean(s))}, {"low", std::llround(mean(s) - half)}, {"high", std::llround(mean(s) + half)}};
}
Json money_diff(const ArmStats& a, const ArmStats& b) {
  if (!a.n || !b.n) return {{"value", 0}, {"low", 0}, {"high", 0}};
  double d = mean(a) - mean(b);
  double half = 1.96 * std::sqrt(variance(a) / static_cast<double>(a.n) + variance(b) / static_cast<double>(b.n));
  return {{"value", std::llround(d)}, {"low", std::llround(d - half)}, {"high", std::llround(d + half)}};
}

std::string points(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", v * 100);
  return buf;
}
std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}

}  // namespace

Json evaluate_experiment(const Analysis& a, const Experiment& e) {
  const Options& o = *a.options;
  std::vector<double> weights;
  for (const auto& arm : e.arms) weights.push_back(arm.weight);
  std::vector<ArmStats> stats(e.arms.size());
  int segment = -1;
  for (int s = 0; s < kSegmentCount; ++s)
    if (e.segment == kSegmentNames[s]) segment = s;
  for (const auto& c : a.customers) {
    if (segment >= 0 && !in_segment(c, Segment(segment))) continue;
    ArmStats& s = stats[assign_arm(e.id, customer_id(a, c.acc), weights)];
    ++s.n;
    s.responded += c.responded;
    s.converted += c.converted;
    auto rev = static_cast<double>(c.outcome_revenue);
    s.revenue += rev;
    s.revenue_sq += rev * rev;
    if (in_segment(c, kInactive)) {
      ++s.inactive;
      s.retained += c.responded || c.converted;
    }
  }
  Json arms = Json::array();
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const ArmStats& s = stats[i];
    arms.push_back({{"name", e.arms[i].name},
                    {"weight", e.arms[i].weight},
                    {"customers", s.n},
                    {"responded", s.responded},
                    {"responseRate", rate(s.responded, s.n)},
                    {"converted", s.converted},
                    {"conversionRate", rate(s.converted, s.n)},
                    {"revenue", std::llround(s.revenue)},
                    {"revenuePerCustomer", money_mean(s)},
                    {"previouslyInactive", s.inactive},
                    {"retained", s.retained},
                    {"retentionRate", rate(s.retained, s.inactive)}});
  }
  Json comparisons = Json::array();
  std::string verdict;
  const ArmStats& ctl = stats[0];
  const std::string& ctl_name = e.arms[0].name;
  for (std::size_t i = 1; i < stats.size(); ++i) {
    const ArmStats& s = stats[i];
    Json conv = rate_diff(s.converted, s.n, ctl.converted, ctl.n);
    Json rev = money_diff(s, ctl);
    double lo = conv["low"].get<double>(), hi = conv["high"].get<double>();
    std::string outcome = !s.n || !ctl.n ? "insufficient data" : lo > 0 ? "better" : hi < 0 ? "worse" : "inconclusive";
    comparisons.push_back({{"arm", e.arms[i].name},
                           {"control", ctl_name},
                           {"conversionDiff", conv},
                           {"responseDiff", rate_diff(s.responded, s.n, ctl.responded, ctl.n)},
                           {"retentionDiff", rate_diff(s.retained, s.inactive, ctl.retained, ctl.inactive)},
                           {"revenuePerCustomerDiff", rev},
                           {"outcome", outcome}});
    std::string ci = " (" + points(conv["value"].get<double>()) + " points, 95% CI " + points(lo) + " to " +
                     points(hi) + ")";
    std::string rates = percent(s.n ? double(s.converted) / double(s.n) : 0) + " vs " +
                        percent(ctl.n ? double(ctl.converted) / double(ctl.n) : 0);
    std::string revenue = "; revenue per customer " + format_money(rev["value"].get<Money>(), o.currency) +
                          " (95% CI " + format_money(rev["low"].get<Money>(), o.currency) + " to " +
                          format_money(rev["high"].get<Money>(), o.currency) + ")";
    if (!verdict.empty()) verdict += " ";
    if (outcome == "insufficient data")
      verdict += e.arms[i].name + " vs " + ctl_name + ": not enough customers in one of the arms to compare.";
    else if (outcome == "better")
      verdict += e.arms[i].name + " converts better than " + ctl_name + ": " + rates + ci + revenue + ".";
    else if (outcome == "worse")
      verdict += e.arms[i].name + " converts worse than " + ctl_name + ": " + rates + ci + revenue + ".";
    else
      verdict += "No clear difference between " + e.arms[i].name + " and " + ctl_name + ": " + rates + ci + revenue +
                 "; keep the test running or enlarge the groups.";
  }
  std::int64_t population = 0;
  for (const auto& s : stats) population += s.n;
  return {{"id", e.id},
          {"start", e.start},
          {"end", e.end ? Json(*e.end) : Json()},
          {"segment", e.segment.empty() ? Json() : Json(e.segment)},
          {"population", population},
          {"arms", arms},
          {"comparisons", comparisons},
          {"verdict", verdict}};
}

}  // namespace detail
}  // namespace promokit::analytics
