// ProfileSet: many profiles stored column by column, and a scan that evaluates a compiled rule
// over all of them at once.
//
// Layout: every object path seen in any profile ("tier", "consents.email") is a column with one
// type tag and one 8-byte payload per row (a double, an interned string id, or an index into the
// stored arrays); arrays of strings also get a per-row bitset over the column's distinct strings.
//
// Scan: the rule's boolean skeleton (and / or / not / if / segment) is computed with bitsets over
// all rows; each leaf that reads one path is computed column-wise from per-row class codes (null,
// false, true, number, list, object, or the column's n-th distinct string): the leaf is evaluated
// once per code, then each row is a table lookup; numeric comparisons run on the doubles,
// `"x" in list` and some/all/none over string lists are bit tests. A column whose rows are all of
// one kind gets a branch-free loop that writes 64 rows per word. Anything else is evaluated by
// the ordinary evaluator on that row. The rows behave exactly like the
// JSON documents they came from (RowObject values), so every path gives what Rule::matches gives;
// if a leaf throws, the scan redoes the rule row by row with json-logic-js's short-circuiting.
#include <bit>
#include <cstring>
#include <deque>
#include <optional>
#include <unordered_map>

#include "promokit/rules.hpp"
#include "rules/program.hpp"

namespace promokit {
namespace rules {
namespace {

enum class Cell : std::uint8_t { Absent, Null, False, True, Number, String, Array, Object };

// Per-row class codes of a column: the fixed kinds, then one code per distinct string of the
// column. A leaf that reads one path has the same result for every row with the same code
// (except numbers, arrays and objects), so it is decided once per code, not once per row.
enum Code : std::uint32_t { kAbsent, kNull, kFalse, kTrue, kNumber, kArray, kObject, kFirstString };
constexpr std::uint32_t kNoRow = 0xffffffffu;

struct Column {
  std::vector<Cell> tag;
  std::vector<std::uint64_t> payload;
  std::vector<std::uint32_t> code;  // per row (see Code), built after loading
  std::vector<std::uint8_t> code8;  // the same in a byte when the column has at most 256 codes: a quarter of the reads
  std::uint32_t codes = kFirstString;
  std::vector<std::uint32_t> first_row;  // per code: a row that has it (kNoRow: none)
  std::size_t objects = 0, numbers = 0, arrays = 0;  // rows whose cell is an object, a number, an array
  std::map<std::string, std::uint32_t, std::less<>> children;
  // Arrays whose elements are all strings: bit `b` of row r is set when dict string b is in it.
  bool string_lists = true, has_lists = false;
  std::unordered_map<std::uint32_t, std::uint32_t> list_bit;  // string id -> bit
  std::uint32_t words = 0;
  std::vector<std::uint64_t> list_bits;  // rows * words
};

using Bits = std::vector<std::uint64_t>;

// The per-row predicates handed to Scan::fill: without the attribute, the wasm build's LTO left
// them as calls (one per row, three times slower than inline).
#define PK_PER_ROW __attribute__((always_inline))

// A number cell's payload (std::bit_cast is missing from Emscripten 3.1.6's libc++).
[[gnu::always_inline]] inline double as_double(std::uint64_t payload) {
  double d;
  std::memcpy(&d, &payload, sizeof d);
  return d;
}

}  // namespace
}  // namespace rules

struct ProfileSet::Impl final : rules::RowSource {
  using Cell = rules::Cell;
  std::size_t rows = 0;
  std::vector<rules::Column> cols;
  std::deque<std::string> strings;
  std::unordered_map<std::string_view, std::uint32_t> string_ids;
  std::deque<Json> lists;

  std::uint32_t intern(const std::string& s) {
    auto it = string_ids.find(s);
    if (it != string_ids.end()) return it->second;
    strings.push_back(s);
    auto id = static_cast<std::uint32_t>(strings.size() - 1);
    string_ids.emplace(strings.back(), id);
    return id;
  }
  std::int64_t find_string(std::string_view s) const {
    auto it = string_ids.find(s);
    return it == string_ids.end() ? -1 : it->second;
  }

  std::uint32_t child_column(std::uint32_t parent, const std::string& key) {
    auto it = cols[parent].children.find(key);
    if (it != cols[parent].children.end()) return it->second;
    auto id = static_cast<std::uint32_t>(cols.size());
    cols[parent].children.emplace(key, id);
    cols.emplace_back();
    cols.back().tag.assign(rows, Cell::Absent);
    cols.back().payload.assign(rows, 0);
    return id;
  }

  void load(const std::vector<Json>& profiles) {
    rows = profiles.size();
    cols.emplace_back();
    cols[0].tag.assign(rows, Cell::Object);
    cols[0].payload.assign(rows, 0);
    struct Todo {
      const Json* object;
      std::uint32_t column;
    };
    std::vector<Todo> todo;
    for (std::size_t r = 0; r < rows; ++r) {
      if (!profiles[r].is_object())
        throw Error(ErrorCode::PK_INVALID_ARGUMENT, "a profile must be a JSON object", path_index("", r));
      todo.push_back({&profiles[r], 0});
      while (!todo.empty()) {
        Todo t = todo.back();
        todo.pop_back();
        for (const auto& [key, v] : t.object->items()) {
          std::uint32_t c = child_column(t.column, key);
          auto& col = cols[c];
          std::uint64_t payload = 0;
          Cell cell;
          switch (v.type()) {
            case Json::value_t::null: cell = Cell::Null; break;
            case Json::value_t::boolean: cell = v.get<bool>() ? Cell::True : Cell::False; break;
            case Json::value_t::string:
              cell = Cell::String;
              payload = intern(v.get_ref<const std::string&>());
              break;
            case Json::value_t::array:
              cell = Cell::Array;
              payload = lists.size();
              lists.push_back(v);
              col.has_lists = true;
              for (const auto& e : v) col.string_lists = col.string_lists && e.is_string();
              break;
            case Json::value_t::object: cell = Cell::Object, todo.push_back({&v, c}); break;
            default: {
              cell = Cell::Number;
              double d = v.get<double>();
              std::memcpy(&payload, &d, sizeof d);
            }
          }
          col.tag[r] = cell;
          col.payload[r] = payload;
        }
      }
    }
    for (auto& col : cols) {
      build_list_bits(col);
      build_codes(col);
    }
  }

  void build_codes(rules::Column& col) {
    std::unordered_map<std::uint64_t, std::uint32_t> local;  // string id -> code
    col.code.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      std::uint32_t c = rules::kAbsent;
      switch (col.tag[r]) {
        case Cell::Absent: c = rules::kAbsent; break;
        case Cell::Null: c = rules::kNull; break;
        case Cell::False: c = rules::kFalse; break;
        case Cell::True: c = rules::kTrue; break;
        case Cell::Number: c = rules::kNumber, ++col.numbers; break;
        case Cell::Array: c = rules::kArray, ++col.arrays; break;
        case Cell::Object: c = rules::kObject, ++col.objects; break;
        case Cell::String: {
          auto [it, added] = local.emplace(col.payload[r], col.codes);
          if (added) ++col.codes;
          c = it->second;
          break;
        }
      }
      col.code[r] = c;
      if (c >= col.first_row.size()) col.first_row.resize(c + 1, rules::kNoRow);
      if (col.first_row[c] == rules::kNoRow) col.first_row[c] = static_cast<std::uint32_t>(r);
    }
    col.first_row.resize(col.codes, rules::kNoRow);
    if (col.codes <= 256) col.code8.assign(col.code.begin(), col.code.end());
  }

  void build_list_bits(rules::Column& col) {
    if (!col.has_lists || !col.string_lists) return;
    for (std::size_t r = 0; r < rows; ++r)
      if (col.tag[r] == Cell::Array)
        for (const auto& e : lists[col.payload[r]])
          col.list_bit.emplace(intern(e.get_ref<const std::string&>()), static_cast<std::uint32_t>(col.list_bit.size()));
    col.words = static_cast<std::uint32_t>((col.list_bit.size() + 63) / 64);
    col.list_bits.assign(rows * col.words, 0);
    for (std::size_t r = 0; r < rows; ++r)
      if (col.tag[r] == Cell::Array)
        for (const auto& e : lists[col.payload[r]]) {
          std::uint32_t b = col.list_bit.at(static_cast<std::uint32_t>(find_string(e.get_ref<const std::string&>())));
          col.list_bits[r * col.words + b / 64] |= std::uint64_t{1} << (b % 64);
        }
  }

  rules::Value row(std::size_t r) const { return object_value(0, r); }

  rules::Value object_value(std::uint32_t column, std::size_t r) const {
    rules::Value v;
    v.kind = rules::Kind::RowObject;
    v.rows = this;
    v.count = column;
    v.inst = static_cast<std::uint32_t>(r);
    return v;
  }

  rules::Value cell(std::uint32_t c, std::size_t r) const {
    using rules::Value;
    const auto& col = cols[c];
    switch (col.tag[r]) {
      case Cell::Absent: return Value::undefined();
      case Cell::Null: return Value::null();
      case Cell::False: return Value::boolean(false);
      case Cell::True: return Value::boolean(true);
      case Cell::Number: return Value::number(rules::as_double(col.payload[r]));
      case Cell::String: return Value::string(strings[col.payload[r]]);
      case Cell::Array: return rules::from_json(lists[col.payload[r]]);
      case Cell::Object: return object_value(c, r);
    }
    return Value::undefined();
  }

  std::size_t array_size(const rules::Value&) const override { return 0; }
  rules::Value array_at(const rules::Value&, std::size_t) const override { return rules::Value::undefined(); }
  rules::Value member(const rules::Value& object, std::string_view key) const override {
    const auto& children = cols[object.count].children;
    auto it = children.find(key);
    return it == children.end() ? rules::Value::undefined() : cell(it->second, object.inst);
  }
  Json to_json(const rules::Value& v) const override {
    Json out = Json::object();
    for (const auto& [key, c] : cols[v.count].children) {
      Json e = rules::to_json(cell(c, v.inst));
      if (!e.is_discarded()) out[key] = std::move(e);
    }
    return out;
  }

  std::size_t bytes() const {
    std::size_t b = sizeof(*this);
    for (const auto& c : cols)
      b += c.tag.size() + c.payload.size() * 8 + c.code.size() * 4 + c.code8.size() + c.list_bits.size() * 8 + c.children.size() * 48;
    for (const auto& s : strings) b += s.capacity() + 48;
    for (const auto& l : lists) b += 16 + l.size() * 32;
    return b;
  }
};

namespace rules {
namespace {

constexpr std::uint32_t kPure = 0xffffffffu;   // depends on no data
constexpr std::uint32_t kMixed = 0xfffffffeu;  // depends on more than one path, or on the data in other ways

class Scan {
 public:
  Scan(const ProfileSet::Impl& set, const Program& p, const EvalContext& ctx)
      : s_(set), p_(p), ctx_(ctx), words_((set.rows + 63) / 64), deps_(p.nodes.size(), kMixed) {
    for (std::uint32_t i = 0; i < p.nodes.size(); ++i) deps_[i] = dependency(i);  // children precede parents
  }

  Bits run() {
    try {
      return bits(p_.root);
    } catch (const Error&) {
      // A leaf failed on some row. json-logic-js short-circuits and/or/if, so that row may not
      // fail at all: redo the rule row by row (rethrowing only what a row really throws).
      Bits out(words_, 0);
      for (std::size_t r = 0; r < s_.rows; ++r)
        if (evaluate_truthy(p_, s_.row(r), ctx_)) set(out, r);
      return out;
    }
  }

 private:
  static void set(Bits& b, std::size_t r) { b[r / 64] |= std::uint64_t{1} << (r % 64); }
  Bits zeros() const { return Bits(words_, 0); }
  void trim(Bits& b) const {
    if (s_.rows % 64) b.back() &= (std::uint64_t{1} << (s_.rows % 64)) - 1;
  }
  Bits invert(Bits b) const {
    for (auto& w : b) w = ~w;
    trim(b);
    return b;
  }
  std::uint32_t child(const Node& n, std::uint32_t k) const { return p_.args[n.first + k]; }

  std::uint32_t dependency(std::uint32_t id) const {
    const Node& n = p_.nodes[id];
    switch (n.op) {
      case Op::Const: return kPure;
      case Op::Var:
        return (n.count == 1 && n.aux != kNoPath && n.aux != kWholeData) ? n.aux : kMixed;
      case Op::Array: case Op::Eq: case Op::StrictEq: case Op::Ne: case Op::StrictNe: case Op::Lt: case Op::Le:
      case Op::Gt: case Op::Ge: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: case Op::Min:
      case Op::Max: case Op::Cat: case Op::Substr: case Op::In: case Op::Merge: case Op::If: case Op::Ternary:
      case Op::And: case Op::Or: case Op::Not: case Op::NotNot: case Op::Segment: case Op::StartsWith:
      case Op::EndsWith: case Op::SemVer: {
        std::uint32_t d = kPure;
        for (std::uint32_t i = 0; i < n.count; ++i) {
          std::uint32_t c = deps_[child(n, i)];
          if (c == kPure) continue;
          if (c == kMixed || (d != kPure && p_.paths[c] != p_.paths[d])) return kMixed;
          d = c;
        }
        return d;
      }
      default: return kMixed;  // scoped operators, missing, domain operators reading the profile or the clock
    }
  }

  Bits bits(std::uint32_t id) {
    const Node& n = p_.nodes[id];
    switch (n.op) {
      case Op::And:
      case Op::Or: {
        if (n.count == 0) return zeros();  // undefined
        Bits acc = bits(child(n, 0));
        for (std::uint32_t i = 1; i < n.count; ++i) {
          Bits b = bits(child(n, i));
          for (std::size_t w = 0; w < words_; ++w) acc[w] = n.op == Op::And ? (acc[w] & b[w]) : (acc[w] | b[w]);
        }
        return acc;
      }
      case Op::Not:
        if (n.count == 1) return invert(bits(child(n, 0)));
        break;
      case Op::NotNot:
      case Op::Segment:
        if (n.count == 1) return bits(child(n, 0));
        break;
      case Op::Some:
      case Op::All:
      case Op::None:
        if (auto b = quantifier_over_list(id)) return *b;
        break;
      case Op::If:
      case Op::Ternary: {
        // if(c1, v1, c2, v2, ..., else): fold from the end.
        Bits acc = n.count % 2 == 1 ? bits(child(n, n.count - 1)) : zeros();
        for (std::int64_t i = static_cast<std::int64_t>(n.count) - (n.count % 2 == 1 ? 3 : 2); i >= 0; i -= 2) {
          Bits c = bits(child(n, static_cast<std::uint32_t>(i))), v = bits(child(n, static_cast<std::uint32_t>(i) + 1));
          for (std::size_t w = 0; w < words_; ++w) acc[w] = (c[w] & v[w]) | (~c[w] & acc[w]);
        }
        return acc;
      }
      default: break;
    }
    return leaf(id);
  }

  // The subtree reads nothing but the element it is applied to (var "" and constants), so its
  // value for a list element depends on that element alone.
  bool element_only(std::uint32_t id, int depth = 0) const {
    const Node& n = p_.nodes[id];
    if (depth > 64) return false;
    switch (n.op) {
      case Op::Var:
        if (n.aux != kWholeData) return false;
        break;
      case Op::Missing: case Op::MissingSome: case Op::Map: case Op::Filter: case Op::Reduce: case Op::All:
      case Op::None: case Op::Some: case Op::Segment: case Op::DaysSince: case Op::Daypart: case Op::BirthdayWithin:
      case Op::Interest: case Op::Score: case Op::HasTag: case Op::VisitedStore: case Op::HasEvent:
        return false;
      default: break;
    }
    for (std::uint32_t i = 0; i < n.count; ++i)
      if (!element_only(child(n, i), depth + 1)) return false;
    return true;
  }

  // some/all/none(list, cond) over a column of string lists, cond reading only the element:
  // cond is evaluated once per distinct string, then each row is a test of its list bits.
  std::optional<Bits> quantifier_over_list(std::uint32_t id) {
    const Node& n = p_.nodes[id];
    if (n.count != 2) return std::nullopt;
    const Node& src = p_.nodes[child(n, 0)];
    if (src.op != Op::Var || src.count != 1 || src.aux == kNoPath || src.aux == kWholeData) return std::nullopt;
    if (!element_only(child(n, 1))) return std::nullopt;
    auto chain = resolve(p_.paths[src.aux]);
    if (chain.back() < 0) return std::nullopt;
    const Column& col = s_.cols[chain.back()];
    if (!col.has_lists || !col.string_lists) return std::nullopt;
    std::vector<std::uint64_t> mask(col.words, 0);
    for (const auto& [sid, bit] : col.list_bit)
      if (node_truthy(p_, child(n, 1), Value::string(s_.strings[sid]), ctx_)) mask[bit / 64] |= std::uint64_t{1} << (bit % 64);
    Bits out = zeros();
    scan_lists(id, chain, col, mask.data(), out.data());
    return out;
  }

  [[gnu::noinline]] void scan_lists(std::uint32_t id, const std::vector<std::int64_t>& chain, const Column& col,
                                    const std::uint64_t* mask, std::uint64_t* out) const {
    const Op op = p_.nodes[id].op;
    const bool plain = plain_parents(chain);
    const std::uint32_t words = col.words;
    if (plain && col.arrays == s_.rows && words == 1) {  // every row a list of few distinct strings
      const std::uint64_t* bits = col.list_bits.data();
      const std::uint64_t m = mask[0];
      if (op == Op::Some) fill(out, [bits, m](std::size_t r) PK_PER_ROW { return (bits[r] & m) != 0; });
      else if (op == Op::None) fill(out, [bits, m](std::size_t r) PK_PER_ROW { return (bits[r] & m) == 0; });
      else fill(out, [bits, m](std::size_t r) PK_PER_ROW { return (bits[r] & m) != 0 && (bits[r] & ~m) == 0; });
      return;
    }
    for (std::size_t r = 0; r < s_.rows; ++r) {
      bool hit;
      if (col.code[r] == kArray && (plain || is_plain_object_path(chain, r))) {
        const std::uint64_t* row = &col.list_bits[r * words];
        std::uint64_t in = 0, out_of = 0;
        for (std::uint32_t w = 0; w < words; ++w) {
          in |= row[w] & mask[w];
          out_of |= row[w] & ~mask[w];
        }
        hit = op == Op::Some ? in != 0 : op == Op::None ? in == 0 : (in != 0 && out_of == 0);
      } else {
        hit = node_truthy(p_, id, s_.row(r), ctx_);
      }
      out[r / 64] |= std::uint64_t{hit} << (r % 64);
    }
  }

  // The columns a constant path runs through (-1 past the last existing one).
  std::vector<std::int64_t> resolve(const std::vector<std::string>& path) const {
    std::vector<std::int64_t> chain;
    std::int64_t c = 0;
    for (const auto& seg : path) {
      if (c >= 0) {
        auto it = s_.cols[c].children.find(seg);
        c = it == s_.cols[c].children.end() ? -1 : static_cast<std::int64_t>(it->second);
      }
      chain.push_back(c);
    }
    return chain;
  }

  // {"var": path} on row r, reading the columns directly; id receives the interned string id of a
  // string result (else -1).
  Value lookup(const std::vector<std::string>& path, const std::vector<std::int64_t>& chain, std::size_t r,
               std::int64_t& id) const {
    id = -1;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      if (chain[i] < 0) return Value::null();
      const auto& col = s_.cols[chain[i]];
      Cell t = col.tag[r];
      if (i + 1 == chain.size()) {
        if (t == Cell::Absent) return Value::null();
        if (t == Cell::String) id = static_cast<std::int64_t>(col.payload[r]);
        return s_.cell(static_cast<std::uint32_t>(chain[i]), r);
      }
      if (t == Cell::Object) continue;
      if (t == Cell::Absent || t == Cell::Null) return Value::null();
      // A string or array in the middle of the path ("name.length"): walk the rest as JSON.
      Value cur = s_.cell(static_cast<std::uint32_t>(chain[i]), r);
      for (std::size_t k = i + 1; k < path.size(); ++k) {
        if (cur.is_nullish()) return Value::null();
        cur = member(cur, path[k]);
        if (cur.kind == Kind::Undefined) return Value::null();
      }
      return cur;
    }
    return Value::null();
  }

  // The node compares its one var against number constants: [var, c], [c, var] or [c, var, c].
  bool numeric_compare(const Node& n, std::uint32_t path) const {
    switch (n.op) {
      case Op::Eq: case Op::StrictEq: case Op::Ne: case Op::StrictNe: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: break;
      default: return false;
    }
    std::uint32_t max = (n.op == Op::Lt || n.op == Op::Le) ? 3 : 2;
    if (n.count < 2 || n.count > max) return false;
    int vars = 0;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      const Node& c = p_.nodes[child(n, i)];
      if (c.op == Op::Var) ++vars;
      else if (c.op != Op::Const || p_.const_values[c.aux].kind != Kind::Number) return false;
    }
    return vars == 1 && path != kPure;
  }

  [[gnu::always_inline]] static bool compare_numbers(Op op, const double* v, std::uint32_t count) {
    switch (op) {
      case Op::Eq: case Op::StrictEq: return v[0] == v[1];
      case Op::Ne: case Op::StrictNe: return v[0] != v[1];
      case Op::Gt: return v[0] > v[1];
      case Op::Ge: return v[0] >= v[1];
      case Op::Lt: return v[0] < v[1] && (count < 3 || v[1] < v[2]);
      case Op::Le: return v[0] <= v[1] && (count < 3 || v[1] <= v[2]);
      default: return false;
    }
  }

  // What a leaf's verdict table holds for a code: the answer (0 or 1), or how to get it.
  enum Verdict : std::int8_t { kUnknown = -1, kCompare = 2, kListBit = 3, kPerRow = 4 };

  // Everything the per-row loop of a leaf needs, as plain values and pointers.
  struct LeafPlan {
    std::uint32_t id = 0;
    const std::vector<std::string>* path = nullptr;  // null: evaluate the node on each row
    const std::vector<std::int64_t>* chain = nullptr;
    const Column* col = nullptr;  // the path's own column (null: no profile has it)
    bool plain = false;           // every column before it holds an object on every row
    std::int8_t* verdict = nullptr;  // per code of col (see Verdict)
    std::int64_t list_bit = -1;      // "x" in list: the bit of x in col's list bits
    bool numeric = false;
    Op op = Op::Const;
    std::uint32_t count = 0, var_at = 0;
    double nums[3] = {0, 0, 0};
  };

  Bits leaf(std::uint32_t id) {
    const Node& n = p_.nodes[id];
    std::uint32_t dep = deps_[id];
    Bits out = zeros();
    LeafPlan plan;
    plan.id = id;
    if (dep == kPure) {  // the same for every row
      if (s_.rows && node_truthy(p_, id, s_.row(0), ctx_)) out = invert(out);
      return out;
    }
    std::vector<std::int64_t> chain;
    std::vector<std::int8_t> verdict;
    if (dep != kMixed) {
      plan.path = &p_.paths[dep];
      chain = resolve(*plan.path);
      plan.chain = &chain;
      plan.numeric = numeric_compare(n, dep);
      plan.op = n.op;
      plan.count = n.count;
      if (plan.numeric)
        for (std::uint32_t i = 0; i < n.count; ++i) {
          const Node& c = p_.nodes[child(n, i)];
          if (c.op == Op::Var) plan.var_at = i;
          else plan.nums[i] = p_.const_values[c.aux].n;
        }
      if (chain.back() >= 0) {
        const Column& col = s_.cols[chain.back()];
        plan.col = &col;
        plan.plain = plain_parents(chain);
        verdict.assign(col.codes, kUnknown);
        verdict[kNumber] = plan.numeric ? kCompare : kPerRow;
        verdict[kArray] = kPerRow;
        verdict[kObject] = kPerRow;
        // "x" in list: a bit test on the list column.
        if (n.op == Op::In && n.count == 2 && p_.nodes[child(n, 0)].op == Op::Const && p_.nodes[child(n, 1)].op == Op::Var &&
            col.has_lists && col.string_lists) {
          const Value& needle = p_.const_values[p_.nodes[child(n, 0)].aux];
          if (needle.kind == Kind::String) {
            verdict[kArray] = kListBit;
            std::int64_t sid = s_.find_string(needle.s);
            auto it = sid < 0 ? col.list_bit.end() : col.list_bit.find(static_cast<std::uint32_t>(sid));
            plan.list_bit = it == col.list_bit.end() ? -1 : static_cast<std::int64_t>(it->second);  // not a uint32 -1
          }
        }
        plan.verdict = verdict.data();
        if (plan.plain) {
          if (plan.numeric && col.numbers == s_.rows && compare_column(plan, out.data())) return out;
          // Decide every code a row has up front (on a row that has it); a column of nothing
          // but such codes, or of string lists under "x" in list, is then one table lookup or
          // one bit test per row.
          for (std::uint32_t c = 0; c < col.codes; ++c)
            if (verdict[c] == kUnknown && col.first_row[c] != kNoRow) verdict[c] = node_truthy(p_, id, s_.row(col.first_row[c]), ctx_);
          const std::uint32_t* code = col.code.data();
          if (col.numbers == 0 && col.arrays == 0 && col.objects == 0) {
            const std::int8_t* v = verdict.data();
            if (const std::uint8_t* code8 = col.code8.data(); code8) fill(out.data(), [v, code8](std::size_t r) PK_PER_ROW -> bool { return v[code8[r]]; });
            else fill(out.data(), [v, code](std::size_t r) PK_PER_ROW -> bool { return v[code[r]]; });
            return out;
          }
          if (col.arrays == s_.rows && verdict[kArray] == kListBit) {
            const std::uint64_t* bits = col.list_bits.data();
            const std::size_t words = col.words;
            const std::int64_t b = plan.list_bit;
            if (b < 0) return out;
            const std::uint64_t* at = bits + static_cast<std::size_t>(b) / 64;
            const unsigned shift = static_cast<unsigned>(b % 64);
            fill(out.data(), [at, words, shift](std::size_t r) PK_PER_ROW -> bool { return (at[r * words] >> shift) & 1; });
            return out;
          }
        }
      }
    }
    scan_rows(plan, out.data());
    return out;
  }

  // Writes 64 rows per word: bit j of word w is pred(row 64w + j). Eight rows are gathered into
  // a byte at a time: eight independent predicates per step, a third faster natively and in wasm.
  template <class Pred>
  [[gnu::noinline]] void fill(std::uint64_t* out, Pred pred) const {
    const std::size_t rows = s_.rows, full = rows / 64;
    for (std::size_t w = 0; w < full; ++w) {
      std::uint64_t word = 0;
      for (unsigned j = 0; j < 64; j += 8) {
        const std::size_t r = w * 64 + j;
        const std::uint32_t byte = std::uint32_t{static_cast<bool>(pred(r))} | std::uint32_t{static_cast<bool>(pred(r + 1))} << 1 |
                                   std::uint32_t{static_cast<bool>(pred(r + 2))} << 2 | std::uint32_t{static_cast<bool>(pred(r + 3))} << 3 |
                                   std::uint32_t{static_cast<bool>(pred(r + 4))} << 4 | std::uint32_t{static_cast<bool>(pred(r + 5))} << 5 |
                                   std::uint32_t{static_cast<bool>(pred(r + 6))} << 6 | std::uint32_t{static_cast<bool>(pred(r + 7))} << 7;
        word |= std::uint64_t{byte} << j;
      }
      out[w] = word;
    }
    if (rows % 64) {
      std::uint64_t word = 0;
      for (std::size_t j = 0; j < rows % 64; ++j) word |= std::uint64_t{static_cast<bool>(pred(full * 64 + j))} << j;
      out[full] = word;
    }
  }

  // A comparison with constants on a column of numbers only: one tight loop per operator.
  bool compare_column(const LeafPlan& plan, std::uint64_t* out) const {
    const std::uint64_t* x = plan.col->payload.data();
    Op op = plan.op;
    const double k = plan.nums[plan.var_at == 0 ? 1 : 0];
    if (plan.count == 3) {
      if (plan.var_at != 1) return false;  // a constant bound comparison on one side: the general loop
      const double lo = plan.nums[0], hi = plan.nums[2];
      if (op == Op::Lt) fill(out, [x, lo, hi](std::size_t r) PK_PER_ROW { return lo < as_double(x[r]) && as_double(x[r]) < hi; });
      else fill(out, [x, lo, hi](std::size_t r) PK_PER_ROW { return lo <= as_double(x[r]) && as_double(x[r]) <= hi; });
      return true;
    }
    if (plan.var_at == 1) {  // k op x: mirror it to x op' k
      switch (op) {
        case Op::Lt: op = Op::Gt; break;
        case Op::Le: op = Op::Ge; break;
        case Op::Gt: op = Op::Lt; break;
        case Op::Ge: op = Op::Le; break;
        default: break;
      }
    }
    switch (op) {
      case Op::Eq: case Op::StrictEq: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) == k; }); return true;
      case Op::Ne: case Op::StrictNe: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) != k; }); return true;
      case Op::Lt: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) < k; }); return true;
      case Op::Le: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) <= k; }); return true;
      case Op::Gt: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) > k; }); return true;
      case Op::Ge: fill(out, [x, k](std::size_t r) PK_PER_ROW { return as_double(x[r]) >= k; }); return true;
      default: return false;
    }
  }

  // The general loop: per row, the verdict of its code; numbers compared, list bits tested, the
  // rest (and rows whose path runs through a non-object) evaluated on the row.
  [[gnu::noinline]] void scan_rows(const LeafPlan& plan, std::uint64_t* out) const {
    std::int8_t by_class[3] = {-1, -1, -1};  // null (or missing), false, true: for slow rows
    if (!plan.path) {
      fill(out, [&](std::size_t r) { return node_truthy(p_, plan.id, s_.row(r), ctx_); });
      return;
    }
    if (!plan.col) {
      fill(out, [&](std::size_t r) { return slow_row(plan, r, by_class); });
      return;
    }
    const std::uint32_t* code = plan.col->code.data();
    const std::uint64_t* payload = plan.col->payload.data();
    std::int8_t* verdict = plan.verdict;
    fill(out, [&](std::size_t r) -> bool {
      if (!plan.plain && !is_plain_object_path(*plan.chain, r)) return slow_row(plan, r, by_class);
      std::int8_t& v = verdict[code[r]];
      if (v == 0 || v == 1) return v;
      switch (v) {
        case kUnknown:  // decided for the code from now on
          v = node_truthy(p_, plan.id, s_.row(r), ctx_);
          return v;
        case kCompare: {
          double nums[3] = {plan.nums[0], plan.nums[1], plan.nums[2]};
          nums[plan.var_at] = as_double(payload[r]);
          return compare_numbers(plan.op, nums, plan.count);
        }
        case kListBit: {
          const Column& c = *plan.col;
          std::int64_t b = plan.list_bit;
          return b >= 0 && ((c.list_bits[r * c.words + static_cast<std::size_t>(b) / 64] >> (b % 64)) & 1);
        }
        default: return node_truthy(p_, plan.id, s_.row(r), ctx_);
      }
    });
  }

  // A row whose path passes through a non-object (a string's length, an array index ...).
  bool slow_row(const LeafPlan& plan, std::size_t r, std::int8_t* by_class) const {
    std::int64_t sid;
    Value v = lookup(*plan.path, *plan.chain, r, sid);
    if (v.kind == Kind::Null || v.kind == Kind::Bool) {
      std::int8_t& c = by_class[v.kind == Kind::Null ? 0 : v.b ? 2 : 1];
      if (c < 0) c = node_truthy(p_, plan.id, s_.row(r), ctx_);
      return c;
    }
    if (plan.numeric && v.kind == Kind::Number) {
      double nums[3] = {plan.nums[0], plan.nums[1], plan.nums[2]};
      nums[plan.var_at] = v.n;
      return compare_numbers(plan.op, nums, plan.count);
    }
    return node_truthy(p_, plan.id, s_.row(r), ctx_);
  }

  // Every column before the path's own holds an object on every row.
  bool plain_parents(const std::vector<std::int64_t>& chain) const {
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
      if (s_.cols[chain[i]].objects != s_.rows) return false;
    return true;
  }

  // Every column before the last is an object on this row (so the list cell is what var reads).
  [[gnu::always_inline]] bool is_plain_object_path(const std::vector<std::int64_t>& chain, std::size_t r) const {
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
      if (s_.cols[chain[i]].tag[r] != Cell::Object) return false;
    return true;
  }

  const ProfileSet::Impl& s_;
  const Program& p_;
  const EvalContext& ctx_;
  std::size_t words_;
  std::vector<std::uint32_t> deps_;
};

}  // namespace
}  // namespace rules

ProfileSet::ProfileSet(const std::vector<Json>& profiles) : impl_(std::make_unique<Impl>()) { impl_->load(profiles); }
ProfileSet::~ProfileSet() = default;
ProfileSet::ProfileSet(ProfileSet&&) noexcept = default;
ProfileSet& ProfileSet::operator=(ProfileSet&&) noexcept = default;

std::size_t ProfileSet::size() const noexcept { return impl_->rows; }
std::size_t ProfileSet::memory_bytes() const noexcept { return impl_->bytes(); }

std::size_t ProfileSet::count(const Rule& rule, const EvalContext& ctx) const {
  auto bits = rules::Scan(*impl_, rule.program(), ctx).run();
  std::size_t n = 0;
  for (auto w : bits) n += static_cast<std::size_t>(std::popcount(w));
  return n;
}

std::vector<std::uint32_t> ProfileSet::match_rows(const Rule& rule, const EvalContext& ctx) const {
  auto bits = rules::Scan(*impl_, rule.program(), ctx).run();
  std::vector<std::uint32_t> rows;
  for (std::size_t w = 0; w < bits.size(); ++w)
    for (std::uint64_t b = bits[w]; b; b &= b - 1) rows.push_back(static_cast<std::uint32_t>(w * 64 + std::countr_zero(b)));
  return rows;
}

std::vector<std::string> ProfileSet::match(const Rule& rule, std::size_t limit, const EvalContext& ctx) const {
  std::vector<std::string> ids;
  auto it = impl_->cols[0].children.find("id");
  for (auto r : match_rows(rule, ctx)) {
    if (ids.size() >= limit) break;
    rules::Value v = it == impl_->cols[0].children.end() ? rules::Value::undefined() : impl_->cell(it->second, r);
    std::string id;
    if (v.kind == rules::Kind::String || v.kind == rules::Kind::Number) rules::append_string(v, id);
    else id = std::to_string(r);
    ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace promokit
