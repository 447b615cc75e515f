// JsonLogic -> Program. Recursion is bounded: every level checks the depth limit before going
// deeper, so a 100,000-deep document fails with PK_RULE_TOO_DEEP at level max_depth.
#include <algorithm>
#include <map>

#include "promokit/rules.hpp"
#include "promokit/validate.hpp"
#include "rules/program.hpp"
#include "rules/suggest.hpp"

namespace promokit {
namespace rules {

const std::vector<OpInfo>& operators() {
  // json-logic-js ignores surplus arguments and reads missing ones as undefined, so its operators
  // take any count; the domain operators check theirs.
  static const std::vector<OpInfo> ops = {
      {"var", Op::Var, 0, -1, false},          {"missing", Op::Missing, 0, -1, false},
      {"missing_some", Op::MissingSome, 0, -1, false},
      {"if", Op::If, 0, -1, false},            {"?:", Op::Ternary, 0, -1, false},
      {"and", Op::And, 0, -1, false},          {"or", Op::Or, 0, -1, false},
      {"!", Op::Not, 0, -1, false},            {"!!", Op::NotNot, 0, -1, false},
      {"==", Op::Eq, 0, -1, false},            {"===", Op::StrictEq, 0, -1, false},
      {"!=", Op::Ne, 0, -1, false},            {"!==", Op::StrictNe, 0, -1, false},
      {"<", Op::Lt, 0, -1, false},             {"<=", Op::Le, 0, -1, false},
      {">", Op::Gt, 0, -1, false},             {">=", Op::Ge, 0, -1, false},
      {"+", Op::Add, 0, -1, false},            {"-", Op::Sub, 0, -1, false},
      {"*", Op::Mul, 0, -1, false},            {"/", Op::Div, 0, -1, false},
      {"%", Op::Mod, 0, -1, false},            {"min", Op::Min, 0, -1, false},
      {"max", Op::Max, 0, -1, false},          {"cat", Op::Cat, 0, -1, false},
      {"substr", Op::Substr, 0, -1, false},    {"in", Op::In, 0, -1, false},
      {"merge", Op::Merge, 0, -1, false},      {"map", Op::Map, 0, -1, false},
      {"filter", Op::Filter, 0, -1, false},    {"reduce", Op::Reduce, 0, -1, false},
      {"all", Op::All, 0, -1, false},          {"none", Op::None, 0, -1, false},
      {"some", Op::Some, 0, -1, false},
      {"segment", Op::Segment, 1, 1, true},    {"days_since", Op::DaysSince, 1, 1, true},
      {"daypart", Op::Daypart, 1, 2, true},    {"birthday_within", Op::BirthdayWithin, 1, 2, true},
      {"interest", Op::Interest, 1, 1, true},  {"score", Op::Score, 1, 1, true},
      {"has_tag", Op::HasTag, 1, 1, true},     {"visited_store", Op::VisitedStore, 1, 2, true},
      {"has_event", Op::HasEvent, 1, 2, true}, {"starts_with", Op::StartsWith, 2, 2, true},
      {"ends_with", Op::EndsWith, 2, 2, true}, {"sem_ver", Op::SemVer, 3, 3, true},
  };
  return ops;
}

const OpInfo* find_operator(std::string_view name) {
  for (const auto& o : operators())
    if (o.name == name) return &o;
  return nullptr;
}

const OpInfo& op_info(Op op) {
  for (const auto& o : operators())
    if (o.op == op) return o;
  static const OpInfo literal{"", Op::Const, 0, 0, false};
  return literal;
}

std::vector<std::string_view> operator_names() {
  std::vector<std::string_view> names;
  for (const auto& o : operators()) names.push_back(o.name);
  return names;
}

void Program::finish() {
  const_values.clear();
  for (const auto& c : constants) const_values.push_back(from_json(c));
}

namespace {

class Compiler {
 public:
  Compiler(Program& p, const RuleContext& ctx) : p_(p), ctx_(ctx) { p_.limits = ctx.limits; }

  // Each kind of node is compiled out of line: inlined into this recursive entry they made one
  // 10 KB function that V8 recompiled optimised (20 ms of a compiler thread) while a cold
  // createEngine compiled a catalog's couple of dozen rules (docs/architecture.md, "Code for a
  // cold start").
  std::uint32_t compile(const Json& j, const std::string& path, std::size_t depth) {
    if (depth > ctx_.limits.max_depth)
      throw Error(ErrorCode::PK_RULE_TOO_DEEP, "the rule nests deeper than " + std::to_string(ctx_.limits.max_depth) + " levels",
                  path);
    if (j.is_array()) return compile_array(j, path, depth);
    if (j.is_object() && j.size() == 1) return compile_operator(j.begin().key(), j.begin().value(), path, depth);
    return constant(j, path);
  }

  std::uint32_t compile_text_or_json(const Json& rule, const std::string& path, std::size_t depth) {
    if (rule.is_string()) return compile(parse_text(rule.get_ref<const std::string&>(), ctx_), path, depth);
    return compile(rule, path, depth);
  }

 private:
  std::uint32_t add(Node n, const std::vector<std::uint32_t>& children) {
    if (p_.nodes.size() >= ctx_.limits.max_nodes)
      throw Error(ErrorCode::PK_RULE_TOO_LARGE, "the rule has more than " + std::to_string(ctx_.limits.max_nodes) + " operators and values");
    n.first = static_cast<std::uint32_t>(p_.args.size());
    n.count = static_cast<std::uint32_t>(children.size());
    p_.args.insert(p_.args.end(), children.begin(), children.end());
    p_.nodes.push_back(n);
    return static_cast<std::uint32_t>(p_.nodes.size() - 1);
  }

  [[gnu::noinline]] std::uint32_t intern(const Json& j) {
    // Objects keep their identity (json-logic-js returns the same literal object each time, a
    // different one per position), so only primitives are shared.
    if (j.is_primitive()) {
      std::string key = j.dump();
      auto it = interned_.find(key);
      if (it != interned_.end()) return it->second;
      p_.constants.push_back(j);
      return interned_[key] = static_cast<std::uint32_t>(p_.constants.size() - 1);
    }
    p_.constants.push_back(j);
    return static_cast<std::uint32_t>(p_.constants.size() - 1);
  }

  [[gnu::noinline]] void check_literal(const Json& j, const std::string& path) {
    // Literal objects hold data, not logic: bound their strings and size without recursing.
    std::vector<const Json*> todo{&j};
    std::size_t seen = 0;
    while (!todo.empty()) {
      const Json* v = todo.back();
      todo.pop_back();
      if (++seen > ctx_.limits.max_nodes) throw Error(ErrorCode::PK_RULE_TOO_LARGE, "a literal value is too large", path);
      if (v->is_string() && v->get_ref<const std::string&>().size() > ctx_.limits.max_string)
        throw Error(ErrorCode::PK_RULE_TOO_LARGE, "a string literal is longer than " + std::to_string(ctx_.limits.max_string) + " bytes", path);
      if (v->is_structured())
        for (const auto& [k, e] : v->items()) {
          if (k.size() > ctx_.limits.max_string) throw Error(ErrorCode::PK_RULE_TOO_LARGE, "a key is too long", path);
          todo.push_back(&e);
        }
    }
  }

  [[gnu::noinline]] std::uint32_t constant(const Json& j, const std::string& path) {
    check_literal(j, path);
    Node n;
    n.op = Op::Const;
    n.aux = intern(j);
    return add(n, {});
  }

  [[gnu::noinline]] std::uint32_t compile_array(const Json& j, const std::string& path, std::size_t depth) {
    if (j.size() > ctx_.limits.max_array)
      throw Error(ErrorCode::PK_RULE_TOO_LARGE, "an array literal has more than " + std::to_string(ctx_.limits.max_array) + " entries", path);
    std::vector<std::uint32_t> kids;
    bool all_const = true;
    for (std::size_t i = 0; i < j.size(); ++i) {
      kids.push_back(compile(j[i], path_index(path, i), depth + 1));
      all_const = all_const && p_.nodes[kids.back()].op == Op::Const;
    }
    Node n;
    n.op = Op::Array;
    n.aux = kNoPath;
    if (all_const) {
      Json values = Json::array();
      for (auto k : kids) values.push_back(p_.constants[p_.nodes[k].aux]);
      n.aux = intern(values);
    }
    return add(n, kids);
  }

  [[gnu::noinline]] std::uint32_t compile_operator(const std::string& name, const Json& values, const std::string& parent, std::size_t depth) {
    std::string path = path_key(parent, name);
    const OpInfo* info = find_operator(name);
    if (!info) {
      std::string msg = "unknown operator '" + name + "'";
      auto names = operator_names();
      if (auto s = suggest(name, names); !s.empty()) msg += " \xE2\x80\x94 did you mean '" + std::string(s) + "'?";
      throw Error(ErrorCode::PK_RULE_UNKNOWN_OPERATOR, msg, path);
    }
    std::vector<const Json*> argv;
    if (values.is_array())
      for (const auto& v : values) argv.push_back(&v);
    else argv.push_back(&values);
    int n = static_cast<int>(argv.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args))
      throw Error(ErrorCode::PK_RULE_ARITY,
                  std::string(info->name) + " takes " + arity_text(*info) + ", got " + std::to_string(n), path);
    if (info->op == Op::Segment) return compile_segment(*argv[0], path, depth);
    std::vector<std::uint32_t> kids;
    for (std::size_t i = 0; i < argv.size(); ++i) kids.push_back(compile(*argv[i], path_index(path, i), depth + 1));
    Node node;
    node.op = info->op;
    if (info->op == Op::Var) node.aux = var_path(kids);
    check_domain_constants(*info, kids, path);
    return add(node, kids);
  }

  static std::string arity_text(const OpInfo& o) {
    if (o.min_args == o.max_args) return std::to_string(o.min_args) + (o.min_args == 1 ? " argument" : " arguments");
    return std::to_string(o.min_args) + " to " + std::to_string(o.max_args) + " arguments";
  }

  [[gnu::noinline]] std::uint32_t var_path(const std::vector<std::uint32_t>& kids) {
    if (kids.empty()) return kWholeData;
    const Node& k = p_.nodes[kids[0]];
    if (k.op != Op::Const) return kNoPath;
    const Json& key = p_.constants[k.aux];
    if (key.is_null() || (key.is_string() && key.get_ref<const std::string&>().empty())) return kWholeData;
    std::string text;
    append_string(from_json(key), text);
    std::vector<std::string> segments;
    for (auto seg : split_path(text)) segments.emplace_back(seg);
    p_.paths.push_back(std::move(segments));
    return static_cast<std::uint32_t>(p_.paths.size() - 1);
  }

  const Json* const_arg(const std::vector<std::uint32_t>& kids, std::size_t i) const {
    if (i >= kids.size() || p_.nodes[kids[i]].op != Op::Const) return nullptr;
    return &p_.constants[p_.nodes[kids[i]].aux];
  }

  [[gnu::noinline]] void check_domain_constants(const OpInfo& info, const std::vector<std::uint32_t>& kids, const std::string& path) {
    auto bad = [&](const std::string& what) { throw Error(ErrorCode::PK_RULE_ARITY, std::string(info.name) + ": " + what, path); };
    if (info.op == Op::Daypart) {
      if (const Json* r = const_arg(kids, 0)) {
        int from = -1, to = -1;
        if (!r->is_string() || !parse_range(r->get_ref<const std::string&>(), from, to))
          bad("the first argument must be a time range such as \"11:00-14:00\"");
      }
      if (const Json* d = const_arg(kids, 1))
        if (!d->is_string() || parse_days(d->get_ref<const std::string&>()) < 0)
          bad("the second argument must be days such as \"mon-fri\", \"sat,sun\" or \"daily\"");
    }
    if (info.op == Op::SemVer)
      if (const Json* o = const_arg(kids, 1)) {
        static const char* ops[] = {"=", "!=", "<", "<=", ">", ">=", "^", "~"};
        if (!o->is_string() || std::none_of(std::begin(ops), std::end(ops), [&](const char* x) { return *o == x; }))
          bad("the operator must be one of = != < <= > >= ^ ~");
      }
  }

  [[gnu::noinline]] std::uint32_t compile_segment(const Json& arg, const std::string& path, std::size_t depth) {
    if (!arg.is_string()) throw Error(ErrorCode::PK_RULE_ARITY, "segment takes a segment name (a string)", path);
    const std::string& name = arg.get_ref<const std::string&>();
    auto it = ctx_.segments.find(name);
    if (it == ctx_.segments.end()) {
      std::string msg = "unknown segment '" + name + "'";
      std::vector<std::string_view> names;
      for (const auto& s : ctx_.segments) names.push_back(s.first);
      if (auto s = suggest(name, names); !s.empty()) msg += " \xE2\x80\x94 did you mean '" + std::string(s) + "'?";
      throw Error(ErrorCode::PK_RULE_UNKNOWN_SEGMENT, msg, path);
    }
    if (std::find(active_.begin(), active_.end(), name) != active_.end()) {
      std::string chain;
      for (const auto& a : active_) chain += a + " -> ";
      throw Error(ErrorCode::PK_RULE_SEGMENT_CYCLE, "segments form a cycle: " + chain + name, path);
    }
    active_.push_back(name);
    std::uint32_t body = compile_text_or_json(it->second, "segments." + name, depth + 1);
    active_.pop_back();
    Node n;
    n.op = Op::Segment;
    n.aux = intern(Json(name));
    return add(n, {body});
  }

  Program& p_;
  const RuleContext& ctx_;
  std::map<std::string, std::uint32_t> interned_;
  std::vector<std::string> active_;  // segments being inlined
};

}  // namespace

bool parse_range(std::string_view s, int& from, int& to) {
  auto dash = s.find('-');
  if (dash == std::string_view::npos) return false;
  from = parse_hhmm(s.substr(0, dash));
  to = parse_hhmm(s.substr(dash + 1));
  return from >= 0 && to >= 0 && from != to;
}

std::shared_ptr<const Program> compile_program(const Json& rule, const RuleContext& ctx, bool text_strings) {
  auto p = std::make_shared<Program>();
  Compiler c(*p, ctx);
  p->root = text_strings ? c.compile_text_or_json(rule, "", 0) : c.compile(rule, "", 0);
  p->finish();
  return p;
}

}  // namespace rules

Rule::Rule() = default;
Rule::~Rule() = default;
Rule::Rule(Rule&&) noexcept = default;
Rule& Rule::operator=(Rule&&) noexcept = default;
Rule::Rule(const Rule&) = default;
Rule& Rule::operator=(const Rule&) = default;

Rule compile_rule(const Json& rule, const RuleContext& ctx) {
  Rule r;
  r.program_ = rules::compile_program(rule, ctx, true);
  return r;
}

Rule compile_json_logic(const Json& rule, const RuleContext& ctx) {
  Rule r;
  r.program_ = rules::compile_program(rule, ctx, false);
  return r;
}

Rule compile_rule_text(std::string_view text, const RuleContext& ctx) {
  Rule r;
  r.program_ = rules::compile_program(rules::parse_text(text, ctx), ctx, false);
  return r;
}

Json Rule::evaluate(const Json& data, const EvalContext& ctx) const {
  return rules::to_json(rules::evaluate(*program_, rules::from_json(data), ctx));
}

bool Rule::matches(const Json& data, const EvalContext& ctx) const {
  return rules::evaluate_truthy(*program_, rules::from_json(data), ctx);
}

Json Rule::to_json_logic() const { return rules::program_to_json(*program_, program_->root); }
std::string Rule::to_text() const { return rules::print_text(*program_); }
std::size_t Rule::node_count() const noexcept { return program_->nodes.size(); }

Json json_logic_apply(const Json& rule, const Json& data) {
  return compile_json_logic(rule).evaluate(data);
}

}  // namespace promokit
