#include "json/tape.hpp"

#include <cstring>

#include "json/limited_sax.hpp"

namespace promokit {

// Appends values in document order; a container's span and size are set when it closes. The
// string bytes go to a buffer sized before the first value (for a text, its length: a string's
// unescaped bytes never outnumber its JSON), so the values' pointers stay valid.
class TapeBuilder {
 public:
  using Kind = JsonTape::Kind;
  TapeBuilder(JsonTape& tape, std::size_t chars, std::size_t values) : tape_(tape), capacity_(chars) {
    tape_.chars_.reset(new char[chars ? chars : 1]);
    tape_.values_.reserve(values);
  }

  bool null() { return push(Kind::Null), true; }
  bool boolean(bool b) { return push(Kind::Boolean).u_ = b, true; }
  bool number_integer(std::int64_t x) { return push(Kind::Integer).i_ = x, true; }
  bool number_unsigned(std::uint64_t x) { return push(Kind::Unsigned).u_ = x, true; }
  bool number_float(double x, const std::string& /*text*/) { return push(Kind::Float).d_ = x, true; }
  bool string(std::string_view s) {
    put_string(push(Kind::String), s);
    return true;
  }
  bool binary(Json::binary_t& /*never in JSON text*/) { return null(); }
  bool start_object(std::size_t /*unknown*/) { return open(Kind::Object), true; }
  bool key(std::string_view k) {
    tape_.values_[open_.back()].u_ |= JsonTape::Value::key_bit(k);
    put_string(append(Kind::String), k);  // a key is not a member of its own: no count
    return true;
  }
  bool end_object() { return close(), true; }
  bool start_array(std::size_t /*unknown*/) { return open(Kind::Array), true; }
  bool end_array() { return close(), true; }

 private:
  JsonTape::Value& append(Kind k) {
    if (tape_.values_.size() >= kMaxValues)
      throw Error(ErrorCode::PK_JSON_TOO_LARGE, "more than " + std::to_string(kMaxValues) + " values in one document");
    JsonTape::Value& v = tape_.values_.emplace_back();
    v.kind_ = static_cast<std::uint32_t>(k);
    v.span_ = 1;
    return v;
  }
  JsonTape::Value& push(Kind k) {
    if (!open_.empty()) ++tape_.values_[open_.back()].size_;
    return append(k);
  }
  void put_string(JsonTape::Value& v, std::string_view s) {
    if (s.size() > capacity_ - used_) throw Error(ErrorCode::PK_INTERNAL, "the tape's string buffer is too small");
    char* at = tape_.chars_.get() + used_;
    if (!s.empty()) std::memcpy(at, s.data(), s.size());
    used_ += s.size();
    v.s_ = at;
    v.size_ = static_cast<std::uint32_t>(s.size());
  }
  void open(Kind k) {
    push(k);
    open_.push_back(tape_.values_.size() - 1);
  }
  void close() {
    std::size_t at = open_.back();
    open_.pop_back();
    tape_.values_[at].span_ = static_cast<std::uint32_t>(tape_.values_.size() - at);
  }

  static constexpr std::size_t kMaxValues = (std::size_t{1} << 28) - 1;  // the span's bits
  JsonTape& tape_;
  std::size_t capacity_, used_ = 0;
  std::vector<std::size_t> open_;
};

namespace {

std::size_t string_bytes(const Json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>().size();
  std::size_t n = 0;
  if (v.is_object())
    for (auto it = v.begin(); it != v.end(); ++it) n += it.key().size() + string_bytes(it.value());
  else if (v.is_array())
    for (const Json& e : v) n += string_bytes(e);
  return n;
}

void build(TapeBuilder& b, const Json& v) {
  switch (v.type()) {
    case Json::value_t::boolean: b.boolean(v.get<bool>()); break;
    case Json::value_t::number_integer: b.number_integer(v.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: b.number_unsigned(v.get<std::uint64_t>()); break;
    case Json::value_t::number_float: b.number_float(v.get<double>(), {}); break;
    case Json::value_t::string: b.string(v.get_ref<const std::string&>()); break;
    case Json::value_t::array:
      b.start_array(v.size());
      for (const Json& e : v) build(b, e);
      b.end_array();
      break;
    case Json::value_t::object:
      b.start_object(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        b.key(it.key());
        build(b, it.value());
      }
      b.end_object();
      break;
    default: b.null(); break;  // null, and the binary and discarded values JSON text never holds
  }
}

}  // namespace

JsonTape JsonTape::parse(std::string_view text, const JsonLimits& limits) {
  JsonTape tape;
  // About one value per 12 bytes of a catalog's text: one growth at most for most documents.
  TapeBuilder builder(tape, text.size(), text.size() / 12 + 1);
  json_limits::parse(text, limits, builder);
  return tape;
}

JsonTape JsonTape::from(const Json& value) {
  JsonTape tape;
  TapeBuilder builder(tape, string_bytes(value), 16);
  build(builder, value);
  return tape;
}

Json JsonTape::Value::to_json() const {
  switch (kind()) {
    case Kind::Null: return nullptr;
    case Kind::Boolean: return boolean();
    case Kind::Integer: return i_;
    case Kind::Unsigned: return u_;
    case Kind::Float: return d_;
    case Kind::String: return std::string(str());
    case Kind::Array: {
      Json a = Json::array();
      for (const Value& e : *this) a.push_back(e.to_json());
      return a;
    }
    case Kind::Object: {
      Json o = Json::object();
      for_each_member([&](std::string_view k, const Value& v) { o[std::string(k)] = v.to_json(); });
      return o;
    }
  }
  return nullptr;
}

std::string_view json_type_name(const JsonTape::Value& v) noexcept {
  switch (v.kind()) {
    case JsonTape::Kind::Null: return "null";
    case JsonTape::Kind::Boolean: return "boolean";
    case JsonTape::Kind::Integer:
    case JsonTape::Kind::Unsigned: return "integer";
    case JsonTape::Kind::Float: return "number";
    case JsonTape::Kind::String: return "string";
    case JsonTape::Kind::Array: return "array";
    case JsonTape::Kind::Object: return "object";
  }
  return "value";
}

}  // namespace promokit
