// RuleContext: the profile field list text rules are checked against, and the default segments.
#include <cmath>

#include "promokit/rules.hpp"

namespace promokit {

RuleContext RuleContext::for_profiles(const SegmentThresholds& thresholds) {
  RuleContext c;
  c.fields = {"id",         "name",         "tier",   "gender", "birthday", "interests", "tags",
              "mall",       "city",         "zone",   "locale", "registeredAt", "lastActiveAt", "spent",
              "orders",     "points",       "consents.*", "attributes.*", "scores.*", "visits.*", "lastEvents.*"};
  c.add_default_segments(thresholds);
  return c;
}

namespace {

// JsonLogic nodes, built out of line: nlohmann's initializer lists, inlined at every use, made
// the function below three times its size.
[[gnu::noinline]] Json op(const char* name, Json a) {
  Json args = Json::array();
  args.push_back(std::move(a));
  Json o = Json::object();
  o[name] = std::move(args);
  return o;
}
[[gnu::noinline]] Json op(const char* name, Json a, Json b) {
  Json o = op(name, std::move(a));
  o[name].push_back(std::move(b));
  return o;
}
[[gnu::noinline]] Json var(const char* field) {
  Json o = Json::object();
  o["var"] = field;
  return o;
}
// As the text parser reads a number: integral values as integers.
[[gnu::noinline]] Json num(double d) {
  return std::floor(d) == d && std::fabs(d) < 9007199254740992.0 ? Json(static_cast<std::int64_t>(d)) : Json(d);
}

}  // namespace

// The default segments as JsonLogic, which the text syntax would compile to (a unit test holds
// them to it): built directly, a context costs no number formatting and no text parsing — every
// engine makes one, and formatting a double brought printf and strtod into a cold start.
void RuleContext::add_default_segments(const SegmentThresholds& t) {
  segments.emplace("high_value", op(">=", var("spent"), num(t.high_value_spent)));
  segments.emplace("inactive", op(">=", op("days_since", var("lastActiveAt")), num(t.inactive_days)));
  segments.emplace("new", op("and", op("!=", var("registeredAt"), Json()), op("<=", op("days_since", var("registeredAt")), num(t.new_days))));
  segments.emplace("complaint", op("has_event", Json("complaint")));
  segments.emplace("loyal", op("and", op(">=", op("score", Json("loyalty")), num(t.loyal_loyalty)),
                               op(">=", op("score", Json("engagement")), num(t.loyal_engagement))));
}

void RuleContext::add_segments(const std::vector<Segment>& list) {
  for (const auto& s : list) segments[s.id] = s.rule;
}

}  // namespace promokit
