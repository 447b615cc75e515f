// The evaluator: json-logic-js's apply() over a compiled program. Arrays and strings that an
// operator builds live in a per-thread arena that is reused from one evaluation to the next, so
// after warm-up nothing touches the heap; comparisons, arithmetic, var and the logic operators
// never build anything.
#include <cmath>
#include <limits>
#include <memory>

#include "promokit/rules.hpp"
#include "promokit/validate.hpp"
#include "rules/program.hpp"

namespace promokit::rules {
namespace {

constexpr double kDayMs = 86400000.0;

// Throws live out of line: with Emscripten's JS exceptions a function that builds an exception
// (or owns a std::string) routes every call it makes through a slow JS trampoline, so the hot
// paths below keep only trivially destructible locals.
[[noreturn]] [[gnu::noinline]] void fail(ErrorCode code, const char* message) { throw Error(code, message); }
[[noreturn]] [[gnu::noinline]] void fail_budget(std::size_t budget) {
  throw Error(ErrorCode::PK_RULE_TOO_LARGE, "one evaluation built more than " + std::to_string(budget) + " bytes of arrays and strings");
}

class Arena {
 public:
  void reset() {
    vblock_ = vused_ = cblock_ = cused_ = 0;
    bytes_ = 0;
    programs.clear();
  }
  Value* values(std::size_t n, std::size_t budget) {
    charge(n * sizeof(Value), budget);
    return take(vblocks_, vblock_, vused_, n);
  }
  std::string_view keep(std::string_view s, std::size_t budget) {
    if (s.empty()) return {};
    charge(s.size(), budget);
    char* p = take(cblocks_, cblock_, cused_, s.size());
    std::copy(s.begin(), s.end(), p);
    return {p, s.size()};
  }
  std::uint32_t next_instance() { return ++instance_; }
  // Programs compiled during this evaluation (results may view their constants).
  std::vector<std::shared_ptr<const Program>> programs;
  std::string scratch;  // reused by string-building operators
  int depth = 0;        // nesting of evaluate() calls (missing re-applies keys as logic)

 private:
  template <class T>
  struct Block {
    std::unique_ptr<T[]> data;
    std::size_t size;
  };
  void charge(std::size_t n, std::size_t budget) {
    bytes_ += n;
    if (bytes_ > budget) fail_budget(budget);
  }
  template <class T>
  static T* take(std::vector<Block<T>>& blocks, std::size_t& block, std::size_t& used, std::size_t n) {
    while (block < blocks.size() && blocks[block].size - used < n) ++block, used = 0;
    if (block == blocks.size()) {
      std::size_t size = std::max<std::size_t>(n, 4096);
      blocks.push_back({std::unique_ptr<T[]>(new T[size]), size});
      used = 0;
    }
    T* p = blocks[block].data.get() + used;
    used += n;
    return p;
  }
  std::vector<Block<Value>> vblocks_;
  std::vector<Block<char>> cblocks_;
  std::size_t vblock_ = 0, vused_ = 0, cblock_ = 0, cused_ = 0, bytes_ = 0;
  std::uint32_t instance_ = 0;
};

Arena& arena() {
  thread_local Arena a;
  return a;
}

// JavaScript's own truthiness (!!x), which differs from JsonLogic's for empty arrays.
bool js_truthy(const Value& v) { return v.is_array() || truthy(v); }

double to_integer_or_infinity(const Value& v) {
  double d = to_number(v);
  if (std::isnan(d)) return 0;
  return std::trunc(d);
}

// String.prototype.substr(start, length).
void js_substr(std::string_view s, const Value& start, const Value& length, std::string& out) {
  double size = static_cast<double>(utf16_length(s));
  double b = to_integer_or_infinity(start);
  if (b < 0) b = std::max(size + b, 0.0);
  else b = std::min(b, size);
  double len = length.kind == Kind::Undefined ? size : to_integer_or_infinity(length);
  double e = std::min(b + len, size);
  if (b < e) utf16_substr(s, static_cast<std::size_t>(b), static_cast<std::size_t>(e - b), out);
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct SemVer {
  long long part[3] = {0, 0, 0};
  std::vector<std::string_view> pre;
};

bool parse_semver(std::string_view s, SemVer& v) {
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  auto plus = s.find('+');
  if (plus != std::string_view::npos) s = s.substr(0, plus);
  auto dash = s.find('-');
  std::string_view core = s.substr(0, dash);
  if (dash != std::string_view::npos) {
    std::string_view pre = s.substr(dash + 1);
    if (pre.empty()) return false;
    std::size_t start = 0;
    for (;;) {
      auto dot = pre.find('.', start);
      std::string_view id = pre.substr(start, dot - start);
      if (id.empty()) return false;
      v.pre.push_back(id);
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  int parts = 0;
  std::size_t i = 0;
  while (parts < 3) {
    std::size_t j = i;
    long long n = 0;
    while (j < core.size() && core[j] >= '0' && core[j] <= '9' && j - i < 15) n = n * 10 + (core[j++] - '0');
    if (j == i) return false;
    v.part[parts++] = n;
    if (j == core.size()) return true;
    if (core[j] != '.') return false;
    i = j + 1;
  }
  return false;
}

bool numeric_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int compare_semver(const SemVer& a, const SemVer& b) {
  for (int k = 0; k < 3; ++k)
    if (a.part[k] != b.part[k]) return a.part[k] < b.part[k] ? -1 : 1;
  if (a.pre.empty() || b.pre.empty()) return a.pre.empty() == b.pre.empty() ? 0 : a.pre.empty() ? 1 : -1;
  for (std::size_t k = 0; k < std::min(a.pre.size(), b.pre.size()); ++k) {
    std::string_view x = a.pre[k], y = b.pre[k];
    if (x == y) continue;
    bool nx = numeric_id(x), ny = numeric_id(y);
    if (nx && ny) {
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      return x < y ? -1 : 1;
    }
    if (nx != ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.size() == b.pre.size() ? 0 : a.pre.size() < b.pre.size() ? -1 : 1;
}

class Evaluator {
 public:
  Evaluator(const Program& p, const EvalContext& ctx, const Value& root) : p_(p), ctx_(ctx), a_(arena()), root_(root) {}

  Value eval(std::uint32_t id, const Value& data) {
    const Node& n = p_.nodes[id];
    switch (n.op) {
      case Op::Const: return p_.const_values[n.aux];
      case Op::Array: return array_literal(n, data);
      case Op::Var: return var(n, data);
      case Op::Missing: return missing(n, data);
      case Op::MissingSome: return missing_some(n, data);
      case Op::If:
      case Op::Ternary: {
        std::uint32_t i = 0;
        for (; i + 1 < n.count; i += 2)
          if (truthy(eval(child(n, i), data))) return eval(child(n, i + 1), data);
        if (n.count == i + 1) return eval(child(n, i), data);
        return Value::null();
      }
      case Op::And:
      case Op::Or: {
        Value cur;
        bool want = n.op == Op::Or;
        for (std::uint32_t i = 0; i < n.count; ++i) {
          cur = eval(child(n, i), data);
          if (truthy(cur) == want) return cur;
        }
        return cur;
      }
      case Op::Not: return Value::boolean(!truthy(arg(n, 0, data)));
      case Op::NotNot: return Value::boolean(truthy(arg(n, 0, data)));
      case Op::Eq:
      case Op::Ne:
      case Op::StrictEq:
      case Op::StrictNe: {
        Value v[2];
        args(n, data, v, 2);
        bool eq = (n.op == Op::Eq || n.op == Op::Ne) ? loose_equals(v[0], v[1]) : strict_equals(v[0], v[1]);
        return Value::boolean((n.op == Op::Eq || n.op == Op::StrictEq) ? eq : !eq);
      }
      case Op::Lt:
      case Op::Le: {
        Value v[3];
        args(n, data, v, 3);
        auto cmp = n.op == Op::Lt ? less : less_equal;
        if (v[2].kind == Kind::Undefined) return Value::boolean(cmp(v[0], v[1]));
        return Value::boolean(cmp(v[0], v[1]) && cmp(v[1], v[2]));
      }
      case Op::Gt:
      case Op::Ge: {
        Value v[2];
        args(n, data, v, 2);
        return Value::boolean(n.op == Op::Gt ? less(v[1], v[0]) : less_equal(v[1], v[0]));
      }
      case Op::Add: {
        double sum = 0;
        for (std::uint32_t i = 0; i < n.count; ++i) sum = parse_float(Value::number(sum)) + parse_float(eval(child(n, i), data));
        return Value::number(sum);
      }
      case Op::Mul: {
        if (n.count == 0) fail(ErrorCode::PK_RULE_TYPE, "* needs at least one argument (json-logic-js: reduce of empty array)");
        Value acc = eval(child(n, 0), data);
        for (std::uint32_t i = 1; i < n.count; ++i) acc = Value::number(parse_float(acc) * parse_float(eval(child(n, i), data)));
        return acc;
      }
      case Op::Sub: {
        Value v[2];
        args(n, data, v, 2);
        if (v[1].kind == Kind::Undefined) return Value::number(-to_number(v[0]));
        return Value::number(to_number(v[0]) - to_number(v[1]));
      }
      case Op::Div:
      case Op::Mod: {
        Value v[2];
        args(n, data, v, 2);
        double x = to_number(v[0]), y = to_number(v[1]);
        return Value::number(n.op == Op::Div ? x / y : std::fmod(x, y));
      }
      case Op::Min:
      case Op::Max: return min_max(n, data);
      case Op::Cat: return cat(n, data);
      case Op::Substr: return substr(n, data);
      case Op::In: {
        Value v[2];
        args(n, data, v, 2);
        return Value::boolean(contains(v[1], v[0]));
      }
      case Op::Merge: return merge(n, data);
      case Op::Map:
      case Op::Filter: return map_filter(n, data);
      case Op::Reduce: return reduce(n, data);
      case Op::All:
      case Op::None:
      case Op::Some: return quantifier(n, data);
      case Op::Segment: return Value::boolean(truthy(eval(child(n, 0), data)));
      default: return domain(n, data);
    }
  }

 private:
  std::uint32_t child(const Node& n, std::uint32_t k) const { return p_.args[n.first + k]; }
  std::size_t budget() const { return p_.limits.max_eval_bytes; }
  Value keep(std::string_view s) { return Value::string(a_.keep(s, budget())); }

  // json-logic-js evaluates every argument before applying an operator: so do we (an argument
  // that throws must throw even when the operator would not look at it).
  Value arg(const Node& n, std::uint32_t k, const Value& data) {
    Value r;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      Value v = eval(child(n, i), data);
      if (i == k) r = v;
    }
    return r;
  }
  void args(const Node& n, const Value& data, Value* out, std::uint32_t want) {
    for (std::uint32_t i = 0; i < n.count; ++i) {
      Value v = eval(child(n, i), data);
      if (i < want) out[i] = v;
    }
  }

  Value array_literal(const Node& n, const Value& data) {
    Value v;
    if (n.aux != kNoPath) v = p_.const_values[n.aux];
    else {
      Value* items = a_.values(n.count, budget());
      for (std::uint32_t i = 0; i < n.count; ++i) items[i] = eval(child(n, i), data);
      v = Value::array(items, n.count);
    }
    v.inst = a_.next_instance();  // every evaluation of a literal is a new array
    return v;
  }

  template <class Segments>
  static Value walk(Value cur, const Segments& segs, const Value& not_found) {
    for (const auto& s : segs) {
      if (cur.is_nullish()) return not_found;
      cur = member(cur, s);
      if (cur.kind == Kind::Undefined) return not_found;
    }
    return cur;
  }

  // {"var": key} with an already evaluated key, as json-logic-js reads it.
  Value lookup(const Value& key, const Value& data, const Value& not_found) {
    if (key.kind == Kind::Undefined || key.kind == Kind::Null || (key.kind == Kind::String && key.s.empty())) return data;
    if (key.kind == Kind::String && key.s.find('.') == std::string_view::npos) {
      std::string_view one[1] = {key.s};
      return walk(data, one, not_found);
    }
    std::string text;
    append_string(key, text);
    return walk(data, split_path(text), not_found);
  }

  Value var(const Node& n, const Value& data) {
    if (n.aux == kWholeData) {
      args(n, data, nullptr, 0);
      return data;
    }
    Value v[2];
    if (n.aux != kNoPath) {
      for (std::uint32_t i = 1; i < n.count; ++i) {
        Value d = eval(child(n, i), data);
        if (i == 1) v[1] = d;
      }
    } else {
      args(n, data, v, 2);
    }
    Value not_found = v[1].kind == Kind::Undefined ? Value::null() : v[1];
    if (n.aux != kNoPath) return walk(data, p_.paths[n.aux], not_found);
    return lookup(v[0], data, not_found);
  }

  // Re-applies a value as logic (json-logic-js does this to missing's keys and missing_some's
  // options): compile it on the spot.
  Value reapply(const Json& logic, const Value& data) {
    RuleContext c;
    c.limits = p_.limits;
    auto program = compile_program(logic, c, false);
    a_.programs.push_back(program);
    Evaluator inner(*program, ctx_, root_);
    return inner.eval(program->root, data);
  }

  bool missing_key(const Value& key, const Value& data) {
    Value v;
    if (key.is_array() || key.is_object()) v = reapply(Json{{"var", to_json(key)}}, data);
    else v = lookup(key, data, Value::null());
    return v.kind == Kind::Null || (v.kind == Kind::String && v.s.empty());
  }

  Value missing_of(const Value* vals, std::uint32_t count, const Value& data) {
    Value keys = Value::array(vals, count);
    if (count > 0 && vals[0].is_array()) keys = vals[0];
    std::size_t nk = array_size(keys);
    Value* out = a_.values(nk, budget());
    std::uint32_t m = 0;
    for (std::size_t i = 0; i < nk; ++i) {
      Value k = array_at(keys, i);
      if (missing_key(k, data)) out[m++] = k;
    }
    Value r = Value::array(out, m);
    r.inst = a_.next_instance();
    return r;
  }

  Value missing(const Node& n, const Value& data) {
    Value* vals = a_.values(n.count, budget());
    for (std::uint32_t i = 0; i < n.count; ++i) vals[i] = eval(child(n, i), data);
    return missing_of(vals, n.count, data);
  }

  Value missing_some(const Node& n, const Value& data) {
    Value v[2];
    args(n, data, v, 2);
    const Value& need = v[0];
    const Value& options = v[1];
    Value are_missing;
    bool plain = options.is_array();
    for (std::size_t i = 0, k = array_size(options); plain && i < k; ++i) {
      Value e = array_at(options, i);
      plain = !(e.is_array() || e.is_object());
    }
    if (plain) {
      std::size_t k = array_size(options);
      Value* vals = a_.values(k, budget());
      for (std::size_t i = 0; i < k; ++i) vals[i] = array_at(options, i);
      are_missing = missing_of(vals, static_cast<std::uint32_t>(k), data);
    } else if (!options.is_array() && !options.is_object()) {
      are_missing = missing_of(&options, 1, data);
    } else {
      Json logic{{"missing", to_json(options)}};
      are_missing = reapply(logic, data);
    }
    Value have = Value::number(to_number(member_js(options, "length")) - static_cast<double>(array_size(are_missing)));
    if (less_equal(need, have)) {
      Value r = Value::array(nullptr, 0);
      r.inst = a_.next_instance();
      return r;
    }
    return are_missing;
  }

  // value.length / value[key] including primitives (undefined for numbers and booleans).
  static Value member_js(const Value& v, std::string_view key) { return member(v, key); }

  Value min_max(const Node& n, const Value& data) {
    bool is_min = n.op == Op::Min;
    double r = is_min ? INFINITY : -INFINITY;
    bool nan = false;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      double x = to_number(eval(child(n, i), data));
      if (std::isnan(x)) nan = true;
      else if (is_min ? (x < r || (x == 0 && r == 0 && std::signbit(x))) : (x > r || (x == 0 && r == 0 && !std::signbit(x)))) r = x;
    }
    return Value::number(nan ? NAN : r);
  }

  [[gnu::noinline]] Value cat(const Node& n, const Value& data) {
    std::string s;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      Value v = eval(child(n, i), data);
      if (!v.is_nullish()) append_string(v, s);
    }
    return keep(s);
  }

  Value substr(const Node& n, const Value& data) {
    Value v[3];
    args(n, data, v, 3);
    std::string source;
    append_string(v[0], source);
    std::string out;
    if (less(v[2], Value::number(0))) {
      std::string temp;
      js_substr(source, v[1], Value::undefined(), temp);
      // temp.length + end: string concatenation when end is (or turns into) a string.
      double len = static_cast<double>(utf16_length(temp));
      Value count;
      std::string buf;
      bool is_text = v[2].kind == Kind::String || v[2].is_array() || v[2].is_object();
      if (is_text) {
        append_number(len, buf);
        append_string(v[2], buf);
        count = Value::string(buf);
      } else {
        count = Value::number(len + to_number(v[2]));
      }
      js_substr(temp, Value::number(0), count, out);
    } else {
      js_substr(source, v[1], v[2], out);
    }
    return keep(out);
  }

  bool contains(const Value& haystack, const Value& needle) {
    if (!js_truthy(haystack)) return false;
    if (haystack.kind == Kind::String) {
      if (needle.kind == Kind::String) return string_contains(haystack.s, needle.s);
      std::string s;
      append_string(needle, s);
      return string_contains(haystack.s, s);
    }
    if (haystack.is_array()) {
      std::size_t n = array_size(haystack);
      for (std::size_t i = 0; i < n; ++i)
        if (strict_equals(array_at(haystack, i), needle)) return true;
      return false;
    }
    if (haystack.is_object() && member(haystack, "indexOf").kind != Kind::Undefined)
      fail(ErrorCode::PK_RULE_TYPE, "in: the object's indexOf is not a function");
    return false;
  }

  Value merge(const Node& n, const Value& data) {
    Value* vals = a_.values(n.count, budget());
    std::size_t total = 0;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      vals[i] = eval(child(n, i), data);
      total += vals[i].is_array() ? array_size(vals[i]) : 1;
    }
    Value* out = a_.values(total, budget());
    std::size_t k = 0;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      if (vals[i].is_array())
        for (std::size_t j = 0, m = array_size(vals[i]); j < m; ++j) out[k++] = array_at(vals[i], j);
      else out[k++] = vals[i];
    }
    Value r = Value::array(out, static_cast<std::uint32_t>(total));
    r.inst = a_.next_instance();
    return r;
  }

  // The scoped logic of map/filter/...: json-logic-js applies `undefined` when it is missing.
  Value scoped(const Node& n, const Value& datum) { return n.count > 1 ? eval(child(n, 1), datum) : Value::undefined(); }

  Value map_filter(const Node& n, const Value& data) {
    Value src = n.count ? eval(child(n, 0), data) : Value::undefined();
    std::size_t size = src.is_array() ? array_size(src) : 0;
    Value* out = a_.values(size, budget());
    std::size_t k = 0;
    for (std::size_t i = 0; i < size; ++i) {
      Value e = array_at(src, i);
      Value r = scoped(n, e);
      if (n.op == Op::Map) out[k++] = r;
      else if (truthy(r)) out[k++] = e;
    }
    Value r = Value::array(out, static_cast<std::uint32_t>(k));
    r.inst = a_.next_instance();
    return r;
  }

  Value reduce(const Node& n, const Value& data) {
    Value src = n.count ? eval(child(n, 0), data) : Value::undefined();
    Value acc = n.count > 2 ? eval(child(n, 2), data) : Value::null();
    if (!src.is_array()) return acc;
    for (std::size_t i = 0, size = array_size(src); i < size; ++i) {
      Value* slot = a_.values(2, budget());
      slot[0] = array_at(src, i);
      slot[1] = acc;
      Value scope;
      scope.kind = Kind::Scope;
      scope.items = slot;
      scope.count = 2;
      scope.inst = a_.next_instance();
      acc = scoped(n, scope);
    }
    return acc;
  }

  // all / none / some: json-logic-js treats anything but a non-empty array as empty.
  Value quantifier(const Node& n, const Value& data) {
    Value src = n.count ? eval(child(n, 0), data) : Value::undefined();
    std::size_t size = src.is_array() ? array_size(src) : 0;
    if (size == 0) return Value::boolean(n.op == Op::None);
    bool stop_on = n.op != Op::All;  // some/none stop at the first truthy, all at the first falsy
    for (std::size_t i = 0; i < size; ++i)
      if (truthy(scoped(n, array_at(src, i))) == stop_on) return Value::boolean(n.op == Op::Some);
    return Value::boolean(n.op != Op::Some);
  }

  // ---- domain operators ----

  std::string zone(const Value&) const {
    if (!ctx_.zone.empty()) return ctx_.zone;
    Value z = member(root_, "zone");
    if (z.kind == Kind::String && is_known_zone(z.s)) return std::string(z.s);
    return "UTC";
  }

  std::int64_t today(const LocalTime& t) const { return days_from_civil(t.year, t.month, t.day); }

  static std::string text(const Value& v) {
    std::string s;
    append_string(v, s);
    return s;
  }

  // data.<a>.<b> of the profile (the document evaluation started from).
  Value profile_field(std::string_view a, std::string_view b = {}, std::string_view c = {}) const {
    Value v = member(root_, a);
    if (!b.empty() && !v.is_nullish()) v = member(v, b);
    if (!c.empty() && !v.is_nullish()) v = member(v, c);
    return v;
  }

  bool within(Millis t, const Value& days) const {
    if (days.kind == Kind::Undefined) return true;
    return static_cast<double>(ctx_.now - t) <= to_number(days) * kDayMs;
  }

  Value domain(const Node& n, const Value& data) {
    Value v[3];
    args(n, data, v, 3);
    switch (n.op) {
      case Op::DaysSince: {
        if (v[0].kind == Kind::Number) return Value::number(std::floor((static_cast<double>(ctx_.now) - v[0].n) / kDayMs));
        int y, m, d;
        if (v[0].kind == Kind::String && parse_date(v[0].s, y, m, d))
          return Value::number(static_cast<double>(today(local_time(ctx_.now, zone(data))) - days_from_civil(y, m, d)));
        return Value::null();
      }
      case Op::Daypart: {
        int from, to;
        if (v[0].kind != Kind::String || !parse_range(v[0].s, from, to)) return Value::boolean(false);
        int days = 0x7f;
        if (v[1].kind != Kind::Undefined) days = v[1].kind == Kind::String ? parse_days(v[1].s) : -1;
        if (days < 0) return Value::boolean(false);
        LocalTime t = local_time(ctx_.now, zone(data));
        auto day_on = [&](int wd) { return (days >> ((wd + 7) % 7)) & 1; };
        if (from < to) return Value::boolean(day_on(t.weekday) && t.minute_of_day >= from && t.minute_of_day < to);
        // Crossing midnight: the evening part belongs to today, the early hours to the day before.
        if (t.minute_of_day >= from) return Value::boolean(day_on(t.weekday));
        return Value::boolean(t.minute_of_day < to && day_on(t.weekday - 1));
      }
      case Op::BirthdayWithin: {
        Value b = n.count > 1 ? v[1] : profile_field("birthday");
        int y, m, d;
        if (b.kind != Kind::String || !parse_date(b.s, y, m, d)) return Value::boolean(false);
        double limit = to_number(v[0]);
        if (std::isnan(limit)) return Value::boolean(false);
        LocalTime t = local_time(ctx_.now, zone(data));
        std::int64_t now_day = today(t);
        for (int year = t.year; year <= t.year + 1; ++year) {
          int day = (m == 2 && d == 29 && !leap(year)) ? 28 : d;  // Feb 29 birthdays fall on Feb 28 in other years
          std::int64_t delta = days_from_civil(year, m, day) - now_day;
          if (delta >= 0) return Value::boolean(static_cast<double>(delta) <= limit);
        }
        return Value::boolean(false);
      }
      case Op::Interest:
      case Op::Score: {
        std::string key = text(v[0]);
        std::optional<double> hooked;
        if (ctx_.hooks) hooked = n.op == Op::Interest ? ctx_.hooks->interest(key) : ctx_.hooks->score(key);
        if (hooked) return Value::number(*hooked);
        Value f = n.op == Op::Interest ? profile_field("scores", "interest", key) : profile_field("scores", key);
        return Value::number(f.kind == Kind::Number ? f.n : 0);
      }
      case Op::HasTag: {
        Value tags = profile_field("tags");
        if (!tags.is_array()) return Value::boolean(false);
        for (std::size_t i = 0, k = array_size(tags); i < k; ++i)
          if (strict_equals(array_at(tags, i), v[0])) return Value::boolean(true);
        return Value::boolean(false);
      }
      case Op::VisitedStore:
      case Op::HasEvent: {
        std::string key = text(v[0]);
        bool visit = n.op == Op::VisitedStore;
        if (ctx_.hooks) {
          if (visit) {
            if (auto t = ctx_.hooks->last_visit(key)) return Value::boolean(within(*t, v[1]));
          } else {
            Millis since = v[1].kind == Kind::Undefined ? std::numeric_limits<Millis>::min()
                                                        : ctx_.now - static_cast<Millis>(to_number(v[1]) * kDayMs);
            if (auto c = ctx_.hooks->count_events(key, since)) return Value::boolean(*c > 0);
          }
        }
        Value t = profile_field(visit ? "visits" : "lastEvents", key);
        return Value::boolean(t.kind == Kind::Number && within(static_cast<Millis>(t.n), v[1]));
      }
      case Op::StartsWith:
      case Op::EndsWith: {
        if (v[0].kind != Kind::String || v[1].kind != Kind::String) return Value::boolean(false);
        std::string_view s = v[0].s, x = v[1].s;
        bool hit = x.size() <= s.size() && (n.op == Op::StartsWith ? s.substr(0, x.size()) == x : s.substr(s.size() - x.size()) == x);
        return Value::boolean(hit);
      }
      case Op::SemVer: {
        SemVer a, b;
        if (v[0].kind != Kind::String || v[1].kind != Kind::String || v[2].kind != Kind::String) return Value::boolean(false);
        if (!parse_semver(v[0].s, a) || !parse_semver(v[2].s, b)) return Value::boolean(false);
        int c = compare_semver(a, b);
        std::string_view op = v[1].s;
        bool r = op == "=" ? c == 0 : op == "!=" ? c != 0 : op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0
               : op == ">=" ? c >= 0 : op == "^" ? a.part[0] == b.part[0]
               : op == "~" ? a.part[0] == b.part[0] && a.part[1] == b.part[1] : false;
        return Value::boolean(r);
      }
      default: fail(ErrorCode::PK_INTERNAL, "unhandled operator");
    }
  }

  const Program& p_;
  const EvalContext& ctx_;
  Arena& a_;
  Value root_;
};

struct DepthGuard {
  Arena& a;
  explicit DepthGuard(Arena& arena) : a(arena) {
    if (a.depth++ == 0) a.reset();
  }
  ~DepthGuard() { --a.depth; }
};

}  // namespace

Value evaluate(const Program& p, const Value& data, const EvalContext& ctx) {
  DepthGuard g(arena());
  Evaluator e(p, ctx, data);
  return e.eval(p.root, data);
}

bool evaluate_truthy(const Program& p, const Value& data, const EvalContext& ctx) { return node_truthy(p, p.root, data, ctx); }

bool node_truthy(const Program& p, std::uint32_t node, const Value& data, const EvalContext& ctx) {
  DepthGuard g(arena());
  Evaluator e(p, ctx, data);
  return truthy(e.eval(node, data));
}

}  // namespace promokit::rules
