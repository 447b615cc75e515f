// libFuzzer target: arbitrary bytes as "<rule JSON>\n<data JSON>": compile as JsonLogic,
// evaluate, print as text and read back, and scan a ProfileSet built from the data. Nothing may
// crash or hit UB; every failure must be a promokit::Error with a known code; the ProfileSet
// count must equal per-document matches.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "promokit/rules.hpp"

namespace {
void check(const promokit::Error& e) {
  if (promokit::error_name(e.code()) == "PK_UNKNOWN") __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  auto nl = all.find('\n');
  std::string_view rule_text = all.substr(0, nl), data_text = nl == std::string_view::npos ? "{}" : all.substr(nl + 1);
  promokit::JsonLimits limits;
  limits.max_depth = 200;  // deeper than the rule limit: the compiler must reject it
  promokit::RuleContext ctx;
  ctx.add_default_segments();
  promokit::Json rule_json, doc;
  try {
    rule_json = promokit::parse_json(rule_text, limits);
    doc = promokit::parse_json(data_text, limits);
  } catch (const promokit::Error& e) {
    check(e);
    return 0;
  }
  promokit::Rule rule;
  try {
    rule = promokit::compile_json_logic(rule_json, ctx);
  } catch (const promokit::Error& e) {
    check(e);
    return 0;
  }
  promokit::EvalContext ec{1761990000000, "UTC"};
  bool threw = false, hit = false;
  try {
    hit = rule.matches(doc, ec);
    (void)rule.evaluate(doc, ec);
  } catch (const promokit::Error& e) {
    check(e);
    threw = true;
  }
  try {
    promokit::Rule back = promokit::compile_rule_text(rule.to_text(), ctx);
    if (back.to_json_logic() != rule.to_json_logic()) __builtin_trap();
  } catch (const promokit::Error& e) {
    if (e.code() != promokit::ErrorCode::PK_RULE_TOO_LARGE && e.code() != promokit::ErrorCode::PK_RULE_TOO_DEEP) __builtin_trap();
  }
  if (doc.is_object()) {
    promokit::ProfileSet set({doc, doc});
    try {
      std::size_t n = set.count(rule, ec);
      if (threw || n != (hit ? 2u : 0u)) __builtin_trap();
    } catch (const promokit::Error& e) {
      check(e);
      if (!threw) __builtin_trap();
    }
  }
  return 0;
}
