#pragma once
// The evaluator's value: a small non-owning view with JavaScript's types, so that coercions,
// comparisons and truthiness follow json-logic-js exactly. Strings point into the data, the
// program's constants or the evaluation arena; arrays are a data/constant Json array, an arena
// array, or a column list of a ProfileSet; objects are a Json object, a reduce scope, or a
// ProfileSet row object.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"

namespace promokit::rules {

struct Value;
struct RowSource;  // ProfileSet rows (profile_set.cpp)

enum class Kind : std::uint8_t {
  Undefined, Null, Bool, Number, String,
  JsonArray,   // j: a Json array (data or literal); inst tells apart instances of one literal
  Array,       // items/count: built during evaluation
  RowArray,    // a list column of a ProfileSet row
  JsonObject,  // j: a Json object
  Scope,       // reduce's {current, accumulator}: items[0], items[1]
  RowObject,   // an object-valued path of a ProfileSet row
};

struct Value {
  Kind kind = Kind::Undefined;
  bool b = false;
  std::uint32_t inst = 0;  // instance id of a literal array, row number of a Row* value
  std::uint32_t count = 0;  // Array/Scope length, RowArray/RowObject column
  double n = 0;
  std::string_view s;
  const Json* j = nullptr;
  const Value* items = nullptr;
  const RowSource* rows = nullptr;

  static Value undefined() { return {}; }
  static Value null() { Value v; v.kind = Kind::Null; return v; }
  static Value boolean(bool x) { Value v; v.kind = Kind::Bool; v.b = x; return v; }
  static Value number(double x) { Value v; v.kind = Kind::Number; v.n = x; return v; }
  static Value string(std::string_view x) { Value v; v.kind = Kind::String; v.s = x; return v; }
  static Value array(const Value* items, std::uint32_t count) {
    Value v; v.kind = Kind::Array; v.items = items; v.count = count; return v;
  }

  bool is_array() const { return kind == Kind::JsonArray || kind == Kind::Array || kind == Kind::RowArray; }
  bool is_object() const { return kind == Kind::JsonObject || kind == Kind::Scope || kind == Kind::RowObject; }
  bool is_nullish() const { return kind == Kind::Undefined || kind == Kind::Null; }
};

// A Json value as a Value (numbers become doubles, as in JavaScript).
Value from_json(const Json& j);

// The interface ProfileSet rows implement so that the evaluator can walk them like JSON.
struct RowSource {
  virtual ~RowSource() = default;
  virtual std::size_t array_size(const Value& v) const = 0;
  virtual Value array_at(const Value& v, std::size_t i) const = 0;
  // Own property `key` of a RowObject (Undefined when absent).
  virtual Value member(const Value& object, std::string_view key) const = 0;
  virtual Json to_json(const Value& v) const = 0;
};

std::size_t array_size(const Value& v);
Value array_at(const Value& v, std::size_t i);
// data[key] as JavaScript reads it for JSON-shaped values (arrays and strings: indices and
// "length"; objects: own properties). Undefined when absent.
Value member(const Value& v, std::string_view key);

// "a.b.0" -> {"a", "b", "0"} (as String.prototype.split(".")); views into `path`.
std::vector<std::string_view> split_path(std::string_view path);

bool truthy(const Value& v);
// ToNumber (with ToPrimitive for arrays and objects).
double to_number(const Value& v);
// parseFloat(String(v)).
double parse_float(const Value& v);
// Appends String(v). Arrays join their elements with ","; depth-bounded.
void append_string(const Value& v, std::string& out, int depth = 0);
void append_number(double d, std::string& out);
bool loose_equals(const Value& a, const Value& b);
bool strict_equals(const Value& a, const Value& b);
// a < b and a <= b with JavaScript's abstract relational comparison.
bool less(const Value& a, const Value& b);
bool less_equal(const Value& a, const Value& b);

// UTF-16 views of UTF-8 text (JavaScript strings count UTF-16 code units).
std::size_t utf16_length(std::string_view s);
void utf16_substr(std::string_view s, std::size_t start, std::size_t count, std::string& out);
int utf16_compare(std::string_view a, std::string_view b);
// Index of needle in haystack in UTF-16 units, or -1.
bool string_contains(std::string_view haystack, std::string_view needle);

// Json for a value (undefined -> discarded; integral doubles -> integers).
Json to_json(const Value& v);
Json number_json(double d);

}  // namespace promokit::rules
