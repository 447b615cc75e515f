// Targeting rules bindings: _jsonLogicApply, _compileRule (-> Rule) and _createProfileSet
// (-> ProfileSet). The public API is js-glue/src/modules/rules.js. Results come back as JS values
// (not JSON text) so that NaN, -0, Infinity and undefined arrive exactly as json-logic-js gives them.
// The shopper module (PROMOKIT_SHOPPER) has no profile sets.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>

#include "guard.hpp"
#include "promokit/rules.hpp"

namespace promokit::bindings {
namespace {

using emscripten::val;

// A rule document may nest deeper than data (the compiler reports its own depth limit clearly).
Json parse_rule_json(const std::string& text) {
  JsonLimits limits;
  limits.max_depth = 1u << 20;
  return parse_json(text, limits);
}

val to_val(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return val::null();
    case Json::value_t::boolean: return val(j.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return val(j.get<double>());
    case Json::value_t::string: return val(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      val a = val::array();
      for (std::size_t i = 0; i < j.size(); ++i) a.set(i, to_val(j[i]));
      return a;
    }
    case Json::value_t::object: {
      val o = val::object();
      for (const auto& [k, v] : j.items()) o.set(k, to_val(v));
      return o;
    }
    default: return val::undefined();
  }
}

EvalContext eval_context(double now, const std::string& zone) {
  EvalContext c;
  c.now = std::isfinite(now) ? static_cast<Millis>(now) : 0;
  c.zone = zone;
  return c;
}

// { segments: { name: rule }, fields: [..] | null, limits: {..}, thresholds: {..} }; fields
// default to the profile fields, segments to the default segments.
RuleContext rule_context(const std::string& options_json) {
  Json o = options_json.empty() ? Json::object() : parse_json(options_json);
  SegmentThresholds t;
  if (o.contains("thresholds") && o["thresholds"].is_object()) {
    const Json& th = o["thresholds"];
    auto num = [&](const char* k, double& out) {
      if (th.contains(k)) {
        if (!th[k].is_number()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string("thresholds.") + k + " must be a number");
        out = th[k].get<double>();
      }
    };
    num("highValueSpent", t.high_value_spent);
    num("inactiveDays", t.inactive_days);
    num("newDays", t.new_days);
    num("loyalLoyalty", t.loyal_loyalty);
    num("loyalEngagement", t.loyal_engagement);
  }
  RuleContext c = RuleContext::for_profiles(t);
  if (o.contains("fields")) {
    c.fields.clear();
    if (o["fields"].is_array())
      for (const auto& f : o["fields"])
        if (f.is_string()) c.fields.push_back(f.get<std::string>());
  }
  if (o.contains("segments") && o["segments"].is_object())
    for (const auto& [name, rule] : o["segments"].items()) c.segments[name] = rule;
  if (o.contains("limits") && o["limits"].is_object()) {
    const Json& l = o["limits"];
    auto size = [&](const char* k, std::size_t& out) {
      if (l.contains(k)) {
        if (!l[k].is_number_unsigned() && !(l[k].is_number_integer() && l[k].get<std::int64_t>() > 0))
          throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string("limits.") + k + " must be a positive integer");
        out = l[k].get<std::size_t>();
      }
    };
    size("maxDepth", c.limits.max_depth);
    size("maxNodes", c.limits.max_nodes);
    size("maxString", c.limits.max_string);
    size("maxArray", c.limits.max_array);
    size("maxText", c.limits.max_text);
    size("maxEvalBytes", c.limits.max_eval_bytes);
    c.limits.max_depth = std::min<std::size_t>(c.limits.max_depth, 1000);  // the evaluator recurses this deep
  }
  return c;
}

val json_logic_apply_js(const std::string& rule_json, const std::string& data_json) {
  return guard([&] { return to_val(json_logic_apply(parse_rule_json(rule_json), parse_json(data_json))); }, val::undefined());
}

// is_text: the source is rule text; otherwise JSON of a JsonLogic rule (strings in it are literals).
Rule* compile_rule_js(const std::string& source, bool is_text, const std::string& options_json) {
  return guard(
      [&] {
        RuleContext ctx = rule_context(options_json);
        return new Rule(is_text ? compile_rule_text(source, ctx) : compile_json_logic(parse_rule_json(source), ctx));
      },
      static_cast<Rule*>(nullptr));
}

val rule_evaluate(const Rule& r, const std::string& data_json, double now, const std::string& zone) {
  return guard([&] { return to_val(r.evaluate(parse_json(data_json), eval_context(now, zone))); }, val::undefined());
}

bool rule_matches(const Rule& r, const std::string& data_json, double now, const std::string& zone) {
  return guard([&] { return r.matches(parse_json(data_json), eval_context(now, zone)); });
}

std::string rule_to_json_logic(const Rule& r) {
  return guard([&] { return r.to_json_logic().dump(-1, ' ', false, Json::error_handler_t::replace); });
}

std::string rule_to_text(const Rule& r) {
  return guard([&] { return r.to_text(); });
}

#if !PROMOKIT_SHOPPER  // bulk profiles are an admin's preview and analytics
ProfileSet* create_profile_set(const std::string& profiles_json) {
  return guard(
      [&] {
        JsonLimits limits;
        limits.max_bytes = 1u << 30;
        Json doc = parse_json(profiles_json, limits);
        if (!doc.is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "profiles must be an array of profile objects");
        std::vector<Json> rows;
        rows.reserve(doc.size());
        for (auto& p : doc) rows.push_back(std::move(p));
        return new ProfileSet(rows);
      },
      static_cast<ProfileSet*>(nullptr));
}

double set_count(const ProfileSet& s, const Rule& r, double now, const std::string& zone) {
  return guard([&] { return static_cast<double>(s.count(r, eval_context(now, zone))); }, -1.0);
}

std::string set_match(const ProfileSet& s, const Rule& r, double limit, double now, const std::string& zone) {
  return guard([&] {
    std::size_t n = limit >= 0 && std::isfinite(limit) ? static_cast<std::size_t>(limit) : static_cast<std::size_t>(-1);
    return Json(s.match(r, n, eval_context(now, zone))).dump();
  });
}

double set_size(const ProfileSet& s) { return static_cast<double>(s.size()); }
double set_memory(const ProfileSet& s) { return static_cast<double>(s.memory_bytes()); }
#endif

}  // namespace
}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_rules) {
  using namespace emscripten;
  using namespace promokit::bindings;
  class_<promokit::Rule>("Rule")
      .function("evaluate", &rule_evaluate)
      .function("matches", &rule_matches)
      .function("toJsonLogic", &rule_to_json_logic)
      .function("toText", &rule_to_text);
  function("_jsonLogicApply", &json_logic_apply_js);
  function("_compileRule", &compile_rule_js, allow_raw_pointers());
#if !PROMOKIT_SHOPPER
  class_<promokit::ProfileSet>("ProfileSet")
      .function("count", &set_count)
      .function("match", &set_match)
      .function("size", &set_size)
      .function("memoryBytes", &set_memory);
  function("_createProfileSet", &create_profile_set, allow_raw_pointers());
#endif
}
