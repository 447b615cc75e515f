#pragma once
// The compiled form of a rule: a flat array of nodes (children listed contiguously in `args`),
// interned constants, and pre-split var paths. Evaluation walks it without allocating for
// operators that build nothing.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/rules.hpp"
#include "rules/value.hpp"

namespace promokit::rules {

enum class Op : std::uint8_t {
  Const, Array, Var, Missing, MissingSome,
  If, Ternary, And, Or, Not, NotNot,
  Eq, StrictEq, Ne, StrictNe, Lt, Le, Gt, Ge,
  Add, Sub, Mul, Div, Mod, Min, Max,
  Cat, Substr, In, Merge,
  Map, Filter, Reduce, All, None, Some,
  // domain operators
  Segment, DaysSince, Daypart, BirthdayWithin, Interest, Score, HasTag, VisitedStore, HasEvent,
  StartsWith, EndsWith, SemVer,
};

struct OpInfo {
  std::string_view name;  // the JsonLogic operator
  Op op;
  int min_args, max_args;  // -1: unbounded
  bool domain;
};
// Every operator with a JsonLogic name (Const and Array have none).
const std::vector<OpInfo>& operators();
const OpInfo* find_operator(std::string_view name);
const OpInfo& op_info(Op op);

constexpr std::uint32_t kNoPath = 0xffffffffu;    // var: the path is computed at run time
constexpr std::uint32_t kWholeData = 0xfffffffeu;  // var: "" / null / no argument -> the data itself

struct Node {
  Op op = Op::Const;
  std::uint32_t first = 0, count = 0;  // children: args[first .. first+count)
  std::uint32_t aux = 0;               // Const: constant; Array: constant array or kNoPath; Var: path; Segment: name
};

struct Program {
  std::vector<Node> nodes;  // nodes.back() is the root
  std::vector<std::uint32_t> args;
  std::vector<Json> constants;
  std::vector<Value> const_values;  // from_json(constants[i]), built once compiling is done
  std::vector<std::vector<std::string>> paths;
  std::uint32_t root = 0;
  RuleLimits limits;

  const Node& node(std::uint32_t id) const { return nodes[id]; }
  std::uint32_t child(const Node& n, std::uint32_t k) const { return args[n.first + k]; }
  void finish();  // builds const_values
};

// The result views into data, the program and a per-thread arena valid until the next evaluation.
Value evaluate(const Program& p, const Value& data, const EvalContext& ctx);
bool evaluate_truthy(const Program& p, const Value& data, const EvalContext& ctx);
// Truthiness of one node (a subtree) with `data` as the document.
bool node_truthy(const Program& p, std::uint32_t node, const Value& data, const EvalContext& ctx);

// JsonLogic -> Program. text_strings: a top-level (or segment) string is text syntax, not a literal.
std::shared_ptr<const Program> compile_program(const Json& rule, const RuleContext& ctx, bool text_strings);
std::vector<std::string_view> operator_names();
// "11:00-14:00" -> minutes after midnight (to < from: the window crosses midnight).
bool parse_range(std::string_view s, int& from, int& to);

// Text syntax -> JsonLogic (checked against ctx: fields, operators, segments, limits).
Json parse_text(std::string_view text, const RuleContext& ctx);
std::string print_text(const Program& p);
Json program_to_json(const Program& p, std::uint32_t id);

// Local calendar helpers shared by the domain operators (zones.cpp).
std::int64_t days_from_civil(int y, int m, int d);
bool parse_date(std::string_view s, int& y, int& m, int& d);

}  // namespace promokit::rules
