// RuleContext: the profile field list text rules are checked against, and the default segments.
#include "promokit/rules.hpp"
#include "rules/value.hpp"

namespace promokit {

RuleContext RuleContext::for_profiles(const SegmentThresholds& thresholds) {
  RuleContext c;
  c.fields = {"id",         "name",         "tier",   "gender", "birthday", "interests", "tags",
              "mall",       "city",         "zone",   "locale", "registeredAt", "lastActiveAt", "spent",
              "orders",     "points",       "consents.*", "attributes.*", "scores.*", "visits.*", "lastEvents.*"};
  c.add_default_segments(thresholds);
  return c;
}

void RuleContext::add_default_segments(const SegmentThresholds& t) {
  auto num = [](double d) {
    std::string s;
    rules::append_number(d, s);
    return s;
  };
  const std::pair<const char*, std::string> defaults[] = {
      {"high_value", "spent >= " + num(t.high_value_spent)},
      {"inactive", "days_since(lastActiveAt) >= " + num(t.inactive_days)},
      {"new", "registeredAt != null and days_since(registeredAt) <= " + num(t.new_days)},
      {"complaint", "has_event(\"complaint\")"},
      {"loyal", "score(\"loyalty\") >= " + num(t.loyal_loyalty) + " and score(\"engagement\") >= " + num(t.loyal_engagement)},
  };
  for (const auto& [name, rule] : defaults) segments.emplace(name, rule);
}

void RuleContext::add_segments(const std::vector<Segment>& list) {
  for (const auto& s : list) segments[s.id] = s.rule;
}

}  // namespace promokit
