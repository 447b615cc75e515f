#include "rules/value.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "promokit/error.hpp"

namespace promokit::rules {
namespace {

constexpr int kMaxJoinDepth = 512;  // String([[[...]]]) recursion bound for hand-built deep data

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Decodes one UTF-8 code point at s[i] (advancing i); invalid bytes decode as themselves.
std::uint32_t next_cp(std::string_view s, std::size_t& i) {
  unsigned char c = s[i];
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

void put_cp(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool is_js_space(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') return len = 1, true;
  if (c < 0x80) return false;
  std::size_t j = i;
  std::uint32_t cp = next_cp(s, j);
  bool space = cp == 0xa0 || cp == 0xfeff || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
               cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
  len = j - i;
  return space;
}

std::string_view trim_js(std::string_view s) {
  std::size_t len = 0;
  while (!s.empty() && is_js_space(s, 0, len)) s.remove_prefix(len);
  // Trailing: scan forward, remembering where the last non-space ended.
  std::size_t i = 0, end = 0;
  while (i < s.size()) {
    if (is_js_space(s, i, len)) i += len;
    else {
      std::size_t j = i;
      next_cp(s, j);
      i = end = j;
    }
  }
  return s.substr(0, end);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the longest StrDecimalLiteral prefix ([+-] digits [. digits] [e[+-]digits] | Infinity).
std::size_t decimal_prefix(std::string_view s, bool& infinity) {
  std::size_t i = 0;
  infinity = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (s.substr(i, 8) == "Infinity") {
    infinity = true;
    return i + 8;
  }
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1, frac = 0;
    while (j < s.size() && is_digit(s[j])) ++j, ++frac;
    if (digits + frac > 0) i = j, digits += frac;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp = 0;
    while (j < s.size() && is_digit(s[j])) ++j, ++exp;
    if (exp > 0) i = j;
  }
  return i;
}

[[gnu::noinline]] double long_decimal(std::string_view lit) {
  std::string buf(lit);
  return std::strtod(buf.c_str(), nullptr);
}

double decimal_value(std::string_view lit, bool infinity) {
  if (infinity) return lit[0] == '-' ? -INFINITY : INFINITY;
  if (lit.size() >= 64) return long_decimal(lit);
  char buf[64];
  std::memcpy(buf, lit.data(), lit.size());
  buf[lit.size()] = 0;
  return std::strtod(buf, nullptr);
}

double string_to_number(std::string_view raw) {
  std::string_view s = trim_js(raw);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : (s[1] == 'b' || s[1] == 'B') ? 2 : 0;
    if (base) {
      double v = 0;
      for (std::size_t i = 2; i < s.size(); ++i) {
        char c = s[i];
        int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
        if (d >= base) return NAN;
        v = v * base + d;
      }
      return v;
    }
  }
  bool inf = false;
  std::size_t n = decimal_prefix(s, inf);
  if (n != s.size()) return NAN;
  return decimal_value(s, inf);
}

void append_join(const Value& v, std::string& out, int depth) {
  std::size_t n = array_size(v);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    Value e = array_at(v, i);
    if (!e.is_nullish()) append_string(e, out, depth + 1);
  }
}

// ToPrimitive: arrays and objects become their string form; the rest stays.
Value to_primitive(const Value& v, std::string& buf) {
  if (v.is_array()) {
    append_join(v, buf, 0);
    return Value::string(buf);
  }
  if (v.is_object()) return Value::string("[object Object]");
  return v;
}

bool same_instance(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::JsonArray:
    case Kind::JsonObject: return a.j == b.j && a.inst == b.inst;
    case Kind::Array:
    case Kind::Scope: return a.items == b.items && a.inst == b.inst;
    case Kind::RowArray:
    case Kind::RowObject: return a.rows == b.rows && a.count == b.count && a.inst == b.inst;
    default: return false;
  }
}

enum class JsType { Undefined, Null, Bool, Number, String, Object };
JsType js_type(const Value& v) {
  switch (v.kind) {
    case Kind::Undefined: return JsType::Undefined;
    case Kind::Null: return JsType::Null;
    case Kind::Bool: return JsType::Bool;
    case Kind::Number: return JsType::Number;
    case Kind::String: return JsType::String;
    default: return JsType::Object;
  }
}

}  // namespace

Value from_json(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return Value::null();
    case Json::value_t::boolean: return Value::boolean(j.get<bool>());
    case Json::value_t::number_integer: return Value::number(static_cast<double>(j.get<std::int64_t>()));
    case Json::value_t::number_unsigned: return Value::number(static_cast<double>(j.get<std::uint64_t>()));
    case Json::value_t::number_float: return Value::number(j.get<double>());
    case Json::value_t::string: return Value::string(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      Value v;
      v.kind = Kind::JsonArray;
      v.j = &j;
      return v;
    }
    case Json::value_t::object: {
      Value v;
      v.kind = Kind::JsonObject;
      v.j = &j;
      return v;
    }
    default: return Value::undefined();
  }
}

std::size_t array_size(const Value& v) {
  switch (v.kind) {
    case Kind::JsonArray: return v.j->size();
    case Kind::Array: return v.count;
    case Kind::RowArray: return v.rows->array_size(v);
    default: return 0;
  }
}

Value array_at(const Value& v, std::size_t i) {
  switch (v.kind) {
    case Kind::JsonArray: return from_json((*v.j)[i]);
    case Kind::Array: return v.items[i];
    case Kind::RowArray: return v.rows->array_at(v, i);
    default: return Value::undefined();
  }
}

namespace {
// "0", "17": a canonical array index; npos otherwise.
std::size_t canonical_index(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::string_view::npos;
  std::uint64_t v = 0;
  for (char c : key) {
    if (!is_digit(c)) return std::string_view::npos;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v < 4294967295ull ? static_cast<std::size_t>(v) : std::string_view::npos;
}
}  // namespace

Value member(const Value& v, std::string_view key) {
  switch (v.kind) {
    case Kind::JsonObject: {
      const auto& obj = v.j->get_ref<const Json::object_t&>();
      auto it = obj.find(key);
      return it == obj.end() ? Value::undefined() : from_json(it->second);
    }
    case Kind::JsonArray:
    case Kind::Array:
    case Kind::RowArray: {
      std::size_t n = array_size(v);
      if (key == "length") return Value::number(static_cast<double>(n));
      std::size_t i = canonical_index(key);
      return i < n ? array_at(v, i) : Value::undefined();
    }
    case Kind::String: {
      std::size_t n = utf16_length(v.s);
      if (key == "length") return Value::number(static_cast<double>(n));
      std::size_t i = canonical_index(key);
      if (i >= n) return Value::undefined();
      if (is_ascii(v.s)) return Value::string(v.s.substr(i, 1));
      // A non-ASCII character: find its bytes (a lone surrogate half cannot be viewed in place).
      std::size_t pos = 0, unit = 0;
      while (pos < v.s.size()) {
        std::size_t start = pos;
        std::uint32_t cp = next_cp(v.s, pos);
        std::size_t units = cp >= 0x10000 ? 2 : 1;
        if (i < unit + units) {
          if (units == 1) return Value::string(v.s.substr(start, pos - start));
          return Value::undefined();  // half of a surrogate pair: not representable in UTF-8
        }
        unit += units;
      }
      return Value::undefined();
    }
    case Kind::Scope:
      if (key == "current") return v.items[0];
      if (key == "accumulator") return v.items[1];
      return Value::undefined();
    case Kind::RowObject: return v.rows->member(v, key);
    default: return Value::undefined();
  }
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool truthy(const Value& v) {
  switch (v.kind) {
    case Kind::Undefined:
    case Kind::Null: return false;
    case Kind::Bool: return v.b;
    case Kind::Number: return v.n != 0 && !std::isnan(v.n);
    case Kind::String: return !v.s.empty();
    case Kind::JsonArray:
    case Kind::Array:
    case Kind::RowArray: return array_size(v) > 0;
    default: return true;
  }
}

namespace {
[[gnu::noinline]] double array_to_number(const Value& v) {
  std::size_t n = array_size(v);
  if (n == 0) return 0;
  if (n == 1) {
    Value e = array_at(v, 0);
    if (e.kind == Kind::Number) return e.n == 0 ? 0.0 : e.n;  // String([-0]) is "0"
    if (e.is_nullish()) return 0;
  }
  std::string buf;
  append_join(v, buf, 0);
  return string_to_number(buf);
}
}  // namespace

double to_number(const Value& v) {
  switch (v.kind) {
    case Kind::Undefined: return NAN;
    case Kind::Null: return 0;
    case Kind::Bool: return v.b ? 1 : 0;
    case Kind::Number: return v.n;
    case Kind::String: return string_to_number(v.s);
    case Kind::JsonArray:
    case Kind::Array:
    case Kind::RowArray: return array_to_number(v);
    default: return NAN;
  }
}

namespace {
double parse_float_text(std::string_view s);
[[gnu::noinline]] double parse_float_other(const Value& v) {
  std::string buf;
  append_string(v, buf);
  return parse_float_text(buf);
}
}  // namespace

double parse_float(const Value& v) {
  if (v.kind == Kind::Number) return v.n == 0 ? 0.0 : v.n;  // String(-0) is "0"
  if (v.kind == Kind::String) return parse_float_text(v.s);
  return parse_float_other(v);
}

namespace {
double parse_float_text(std::string_view s) {
  std::size_t len = 0;
  while (!s.empty() && is_js_space(s, 0, len)) s.remove_prefix(len);
  bool inf = false;
  std::size_t n = decimal_prefix(s, inf);
  return n == 0 ? NAN : decimal_value(s.substr(0, n), inf);
}
}  // namespace

void append_number(double d, std::string& out) {
  if (std::isnan(d)) { out += "NaN"; return; }
  if (d == 0) { out += '0'; return; }
  if (std::isinf(d)) { out += d < 0 ? "-Infinity" : "Infinity"; return; }
  if (d < 0) {
    out += '-';
    d = -d;
  }
  // Shortest digits that read back as d (JavaScript's Number::toString).
  char buf[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string digits;
  const char* c = buf;
  for (; *c && *c != 'e'; ++c)
    if (is_digit(*c)) digits += *c;
  int exp10 = std::atoi(c + 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int k = static_cast<int>(digits.size()), n = exp10 + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n);
    out += '.';
    out += digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
}

void append_string(const Value& v, std::string& out, int depth) {
  switch (v.kind) {
    case Kind::Undefined: out += "undefined"; break;
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += v.b ? "true" : "false"; break;
    case Kind::Number: append_number(v.n, out); break;
    case Kind::String: out += v.s; break;
    case Kind::JsonArray:
    case Kind::Array:
    case Kind::RowArray:
      if (depth > kMaxJoinDepth) throw Error(ErrorCode::PK_RULE_TOO_DEEP, "data nests too deep to turn into text");
      append_join(v, out, depth);
      break;
    default: out += "[object Object]";
  }
}

namespace {
// An object against a primitive: compare the object's primitive (string) form. Out of line so
// that loose_equals owns no std::string (see evaluate.cpp on Emscripten's exceptions).
[[gnu::noinline]] bool loose_equals_object(const Value& a, const Value& b, bool a_is_object) {
  std::string buf;
  if (a_is_object) return loose_equals(to_primitive(a, buf), b);
  return loose_equals(a, to_primitive(b, buf));
}
}  // namespace

bool loose_equals(const Value& a, const Value& b) {
  JsType ta = js_type(a), tb = js_type(b);
  bool na = ta == JsType::Undefined || ta == JsType::Null, nb = tb == JsType::Undefined || tb == JsType::Null;
  if (na || nb) return na && nb;
  if (ta == tb) return strict_equals(a, b);
  if (ta == JsType::Bool) return loose_equals(Value::number(a.b ? 1 : 0), b);
  if (tb == JsType::Bool) return loose_equals(a, Value::number(b.b ? 1 : 0));
  if (ta == JsType::Number && tb == JsType::String) return a.n == string_to_number(b.s);
  if (ta == JsType::String && tb == JsType::Number) return string_to_number(a.s) == b.n;
  return loose_equals_object(a, b, ta == JsType::Object);
}

bool strict_equals(const Value& a, const Value& b) {
  JsType ta = js_type(a);
  if (ta != js_type(b)) return false;
  switch (ta) {
    case JsType::Undefined:
    case JsType::Null: return true;
    case JsType::Bool: return a.b == b.b;
    case JsType::Number: return a.n == b.n;
    case JsType::String: return a.s == b.s;
    default: return same_instance(a, b);
  }
}

namespace {
// -1: a < b, 0: neither (equal), 1: a > b, 2: undefined (NaN involved).
int relational_primitive(const Value& pa, const Value& pb) {
  if (pa.kind == Kind::String && pb.kind == Kind::String) {
    int c = utf16_compare(pa.s, pb.s);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  double x = to_number(pa), y = to_number(pb);
  if (std::isnan(x) || std::isnan(y)) return 2;
  return x < y ? -1 : x > y ? 1 : 0;
}

[[gnu::noinline]] int relational_objects(const Value& a, const Value& b) {
  std::string ba, bb;
  return relational_primitive(to_primitive(a, ba), to_primitive(b, bb));
}

int relational(const Value& a, const Value& b) {
  bool objects = a.is_array() || a.is_object() || b.is_array() || b.is_object();
  return objects ? relational_objects(a, b) : relational_primitive(a, b);
}
}  // namespace

bool less(const Value& a, const Value& b) {
  if (a.kind == Kind::Number && b.kind == Kind::Number) return a.n < b.n;
  return relational(a, b) == -1;
}

bool less_equal(const Value& a, const Value& b) {
  if (a.kind == Kind::Number && b.kind == Kind::Number) return a.n <= b.n;
  int r = relational(a, b);
  return r == -1 || r == 0;
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xc0) != 0x80) ++n;      // a lead byte starts a code point
    if ((c & 0xf8) == 0xf0) ++n;      // four-byte sequences are two UTF-16 units
  }
  return n;
}

void utf16_substr(std::string_view s, std::size_t start, std::size_t count, std::string& out) {
  if (is_ascii(s)) {
    if (start < s.size()) out.append(s.substr(start, count));
    return;
  }
  std::size_t pos = 0, unit = 0, end = start + count;
  if (end < start) end = static_cast<std::size_t>(-1);
  while (pos < s.size() && unit < end) {
    std::uint32_t cp = next_cp(s, pos);
    if (cp >= 0x10000) {
      std::uint32_t hi = 0xd800 + ((cp - 0x10000) >> 10), lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      bool take_hi = unit >= start && unit < end, take_lo = unit + 1 >= start && unit + 1 < end;
      if (take_hi && take_lo) put_cp(cp, out);
      else if (take_hi) put_cp(hi, out);  // a lone surrogate, as WTF-8
      else if (take_lo) put_cp(lo, out);
      unit += 2;
    } else {
      if (unit >= start) put_cp(cp, out);
      unit += 1;
    }
  }
}

int utf16_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j] && static_cast<unsigned char>(a[i]) < 0x80) {
      ++i, ++j;
      continue;
    }
    std::uint32_t x = next_cp(a, i), y = next_cp(b, j);
    if (x == y) continue;
    auto unit = [](std::uint32_t cp, int k) -> std::uint32_t {
      if (cp < 0x10000) return k == 0 ? cp : 0;
      return k == 0 ? 0xd800 + ((cp - 0x10000) >> 10) : 0xdc00 + ((cp - 0x10000) & 0x3ff);
    };
    std::uint32_t x0 = unit(x, 0), y0 = unit(y, 0);
    if (x0 != y0) return x0 < y0 ? -1 : 1;
    return unit(x, 1) < unit(y, 1) ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

bool string_contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

Json number_json(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0 && !(d == 0 && std::signbit(d)))
    return Json(static_cast<std::int64_t>(d));
  return Json(d);
}

Json to_json(const Value& v) {
  switch (v.kind) {
    case Kind::Undefined: return Json(Json::value_t::discarded);
    case Kind::Null: return nullptr;
    case Kind::Bool: return v.b;
    case Kind::Number: return number_json(v.n);
    case Kind::String: return std::string(v.s);
    case Kind::JsonArray:
    case Kind::JsonObject: return *v.j;
    case Kind::Array: {
      Json a = Json::array();
      for (std::uint32_t i = 0; i < v.count; ++i) a.push_back(to_json(v.items[i]));
      return a;
    }
    case Kind::Scope: {
      Json o = Json::object();
      o["current"] = to_json(v.items[0]);
      o["accumulator"] = to_json(v.items[1]);
      return o;
    }
    default: return v.rows->to_json(v);
  }
}

}  // namespace promokit::rules
