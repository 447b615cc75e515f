// Program -> canonical JsonLogic and -> text syntax. parse_text(print_text(p)) compiles back to
// a program with the same canonical JsonLogic. Printing recurses over the program, whose depth
// the compiler bounded.
#include "promokit/rules.hpp"
#include "rules/program.hpp"

namespace promokit::rules {
namespace {

// Precedence levels of the text syntax, loosest first.
enum Level { kTernary, kOr, kAnd, kNot, kCompare, kSum, kProduct, kUnary, kPrimary };

bool is_keyword(std::string_view s) {
  return s == "and" || s == "or" || s == "not" || s == "in" || s == "true" || s == "false" || s == "null" || s == "it";
}

// A var path that can be written bare: a.b.0.c (first segment a non-keyword identifier).
bool bare_path(std::string_view s) {
  if (s.empty()) return false;
  std::size_t start = 0;
  bool first = true;
  for (;;) {
    std::size_t dot = s.find('.', start);
    std::string_view seg = s.substr(start, dot - start);
    if (seg.empty()) return false;
    for (std::size_t i = 0; i < seg.size(); ++i) {
      char c = seg[i];
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
      bool num = c >= '0' && c <= '9';
      if (!(alpha || (num && !(first && i == 0)))) return false;
    }
    if (first && is_keyword(seg)) return false;
    first = false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_name(std::string_view s) { return s.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos; }

Json literal_json(const Json& c) {
  if (c.is_number()) return number_json(c.get<double>());
  return c;
}

class Printer {
 public:
  explicit Printer(const Program& p) : p_(p) {}

  std::string print(std::uint32_t id, int min_level) {
    int level = kPrimary;
    std::string s = body(id, level);
    return level < min_level ? "(" + s + ")" : s;
  }

 private:
  const Node& node(std::uint32_t id) const { return p_.nodes[id]; }
  std::uint32_t child(const Node& n, std::uint32_t k) const { return p_.args[n.first + k]; }

  std::string list(const Node& n, std::uint32_t from = 0) {
    std::string s;
    for (std::uint32_t i = from; i < n.count; ++i) {
      if (i > from) s += ", ";
      s += print(child(n, i), kTernary);
    }
    return s;
  }

  std::string infix(const Node& n, const char* sym, int level, int& out_level, bool left_same) {
    out_level = level;
    std::string s;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      if (i) s += std::string(" ") + sym + " ";
      // Left-associative: the first operand may sit at the same level unless it is the same n-ary operator.
      bool same = node(child(n, i)).op == n.op;
      s += print(child(n, i), (i == 0 && left_same && !same) ? level : level + 1);
    }
    return s;
  }

  std::string body(std::uint32_t id, int& level) {
    const Node& n = node(id);
    level = kPrimary;
    switch (n.op) {
      case Op::Const: {
        const Json& c = p_.constants[n.aux];
        if (c.is_number() && c.get<double>() < 0) level = kUnary;
        return literal_json(c).dump(-1, ' ', false, Json::error_handler_t::replace);
      }
      case Op::Array: return "[" + list(n) + "]";
      case Op::Var: {
        if (n.count == 1 && node(child(n, 0)).op == Op::Const) {
          const Json& key = p_.constants[node(child(n, 0)).aux];
          if (key.is_string()) {
            const std::string& k = key.get_ref<const std::string&>();
            if (k.empty()) return "it";
            if (bare_path(k)) return k;
          }
        }
        return "var(" + list(n) + ")";
      }
      case Op::Segment: return "segment(" + Json(p_.constants[n.aux]).dump() + ")";
      default: break;
    }
    std::string_view name = op_info(n.op).name;
    auto cmp = [&](const char* sym) -> std::string {
      level = kCompare;
      std::string s = print(child(n, 0), kSum) + " " + sym + " " + print(child(n, 1), kSum);
      if (n.count == 3) s += std::string(" ") + sym + " " + print(child(n, 2), kSum);
      return s;
    };
    switch (n.op) {
      case Op::Eq: if (n.count == 2) return cmp("=="); break;
      case Op::StrictEq: if (n.count == 2) return cmp("==="); break;
      case Op::Ne: if (n.count == 2) return cmp("!="); break;
      case Op::StrictNe: if (n.count == 2) return cmp("!=="); break;
      case Op::Gt: if (n.count == 2) return cmp(">"); break;
      case Op::Ge: if (n.count == 2) return cmp(">="); break;
      case Op::Lt: if (n.count == 2 || n.count == 3) return cmp("<"); break;
      case Op::Le: if (n.count == 2 || n.count == 3) return cmp("<="); break;
      case Op::In: if (n.count == 2) return cmp("in"); break;
      case Op::And: if (n.count >= 2) return infix(n, "and", kAnd, level, false); break;
      case Op::Or: if (n.count >= 2) return infix(n, "or", kOr, level, false); break;
      case Op::Add: if (n.count >= 2) return infix(n, "+", kSum, level, true); break;
      case Op::Mul: if (n.count >= 2) return infix(n, "*", kProduct, level, true); break;
      case Op::Sub:
        if (n.count == 2) return infix(n, "-", kSum, level, true);
        if (n.count == 1) {
          level = kUnary;
          Op c = node(child(n, 0)).op;
          bool wrap = c == Op::Const || c == Op::Sub;  // -5 would read as a literal, - -x as two signs
          return wrap ? "-(" + print(child(n, 0), kTernary) + ")" : "-" + print(child(n, 0), kUnary);
        }
        break;
      case Op::Div: if (n.count == 2) return infix(n, "/", kProduct, level, true); break;
      case Op::Mod: if (n.count == 2) return infix(n, "%", kProduct, level, true); break;
      case Op::Not:
        if (n.count == 1) {
          const Node& c = node(child(n, 0));
          if (c.op == Op::In && c.count == 2) {
            level = kCompare;
            return print(child(c, 0), kSum) + " not in " + print(child(c, 1), kSum);
          }
          level = kNot;
          return "not " + print(child(n, 0), kNot);
        }
        break;
      case Op::NotNot:
        if (n.count == 1) {
          level = kUnary;
          return "!!" + print(child(n, 0), kUnary);
        }
        break;
      case Op::Ternary:
        if (n.count == 3) {
          level = kTernary;
          return print(child(n, 0), kOr) + " ? " + print(child(n, 1), kTernary) + " : " + print(child(n, 2), kTernary);
        }
        break;
      default: break;
    }
    if (is_name(name) && name != "and" && name != "or" && name != "in") return std::string(name) + "(" + list(n) + ")";
    std::string args = list(n);
    return "op(" + Json(std::string(name)).dump() + (args.empty() ? "" : ", " + args) + ")";
  }

  const Program& p_;
};

}  // namespace

Json program_to_json(const Program& p, std::uint32_t id) {
  const Node& n = p.nodes[id];
  auto kid = [&](std::uint32_t k) { return program_to_json(p, p.args[n.first + k]); };
  switch (n.op) {
    case Op::Const: return literal_json(p.constants[n.aux]);
    case Op::Array: {
      Json a = Json::array();
      for (std::uint32_t i = 0; i < n.count; ++i) a.push_back(kid(i));
      return a;
    }
    case Op::Segment: return Json{{"segment", p.constants[n.aux]}};
    default: break;
  }
  Json args = Json::array();
  for (std::uint32_t i = 0; i < n.count; ++i) args.push_back(kid(i));
  std::string name(op_info(n.op).name);
  // {"var": "a.b"} is how everyone writes a plain lookup; every other operator keeps its list.
  if (n.op == Op::Var && n.count == 1 && p.nodes[p.args[n.first]].op == Op::Const && !args[0].is_structured())
    return Json{{name, args[0]}};
  return Json{{name, std::move(args)}};
}

std::string print_text(const Program& p) { return Printer(p).print(p.root, kTernary); }

}  // namespace promokit::rules
