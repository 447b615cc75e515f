// Automatic performance tags by Wilson score intervals against the catalog baseline
// (docs/personalization.md §5). The server's stats endpoint and the client call this same code.
#include <cmath>

#include "promokit/ranking.hpp"

namespace promokit::ranking {

Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z) noexcept {
  if (trials <= 0) return {0, 1};
  double n = static_cast<double>(trials);
  double p = std::min(1.0, std::max(0.0, static_cast<double>(successes) / n));
  double z2 = z * z;
  double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

AutoTags automatic_tags(const std::map<std::string, OfferStats>& stats, const AutoTagOptions& o) {
  AutoTags out;
  std::int64_t impressions = 0, clicks = 0, claims = 0, redemptions = 0;
  for (const auto& [id, s] : stats) {
    impressions += s.impressions;
    clicks += s.clicks;
    claims += s.claims;
    redemptions += s.redemptions;
  }
  out.ctr_baseline = impressions > 0 ? static_cast<double>(clicks) / static_cast<double>(impressions) : 0;
  out.redemption_baseline = claims > 0 ? static_cast<double>(redemptions) / static_cast<double>(claims) : 0;
  for (const auto& [id, s] : stats) {
    std::vector<std::string> tags;
    if (s.impressions >= o.min_impressions && impressions > 0) {
      Interval ci = wilson_interval(s.clicks, s.impressions, o.z);
      if (ci.low > out.ctr_baseline) tags.push_back("high_ctr");
      if (ci.high < out.ctr_baseline) tags.push_back("low_ctr");
    }
    if (s.claims >= o.min_claims && claims > 0) {
      Interval ci = wilson_interval(s.redemptions, s.claims, o.z);
      if (ci.low > out.redemption_baseline) tags.push_back("high_redemption");
      if (ci.high < out.redemption_baseline) tags.push_back("low_redemption");
    }
    if (!tags.empty()) out.tags.emplace(id, std::move(tags));
  }
  return out;
}

Json to_json(const AutoTags& t) {
  Json tags = Json::object();
  for (const auto& [id, list] : t.tags) tags[id] = list;
  return {{"ctrBaseline", t.ctr_baseline}, {"redemptionBaseline", t.redemption_baseline}, {"tags", std::move(tags)}};
}

}  // namespace promokit::ranking
