// libFuzzer target: arbitrary bytes as rule text. Nothing may crash, overflow the stack or hit
// UB; every failure must be a promokit::Error with a known code; a rule that compiles must print
// to text that compiles back to the same JsonLogic, and evaluate on a sample profile.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "promokit/rules.hpp"

namespace {

const promokit::RuleContext& context(bool profiles) {
  static const promokit::RuleContext with_fields = promokit::RuleContext::for_profiles();
  static const promokit::RuleContext open = [] {
    promokit::RuleContext c;
    c.add_default_segments();
    return c;
  }();
  return profiles ? with_fields : open;
}

const promokit::Json& profile() {
  static const promokit::Json p = promokit::Json::parse(
      R"({"id":"u1","tier":"gold","gender":"male","birthday":"1990-02-28","interests":["fashion","food"],"tags":["vip"],
          "spent":123400,"orders":12,"lastActiveAt":1760000000000,"registeredAt":1700000000000,"zone":"Asia/Shanghai",
          "consents":{"wechat":true},"scores":{"loyalty":0.8,"interest":{"food":0.5}},"visits":{"12":1761000000000}})");
  return p;
}

void check(const promokit::Error& e) {
  if (promokit::error_name(e.code()) == "PK_UNKNOWN") __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& ctx = context(data[0] & 1);
  promokit::Rule rule;
  try {
    rule = promokit::compile_rule_text(text, ctx);
  } catch (const promokit::Error& e) {
    check(e);
    return 0;
  }
  // Round trip: print, parse again, same JsonLogic.
  promokit::Json logic = rule.to_json_logic();
  std::string printed = rule.to_text();
  try {
    if (promokit::compile_rule_text(printed, ctx).to_json_logic() != logic) __builtin_trap();
    if (promokit::compile_json_logic(logic, ctx).to_json_logic() != logic) __builtin_trap();
  } catch (const promokit::Error& e) {
    // Printing may only fail to re-parse when the printed text outgrows the text limit.
    if (e.code() != promokit::ErrorCode::PK_RULE_TOO_LARGE && e.code() != promokit::ErrorCode::PK_RULE_TOO_DEEP) __builtin_trap();
  }
  try {
    promokit::EvalContext ec{1761990000000, data[0] & 2 ? "Europe/Paris" : ""};
    bool m = rule.matches(profile(), ec);
    promokit::Json v = rule.evaluate(profile(), ec);
    (void)m;
    (void)v;
  } catch (const promokit::Error& e) {
    check(e);
  }
  return 0;
}
