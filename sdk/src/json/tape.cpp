#include "json/tape.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/utf8.hpp"
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
  void finish() { tape_.chars_size_ = used_; }

 private:
  JsonTape::Value& append(Kind k) {
    if (tape_.values_.size() >= JsonTape::kMaxValues)
      throw Error(ErrorCode::PK_JSON_TOO_LARGE, "more than " + std::to_string(JsonTape::kMaxValues) + " values in one document");
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
  builder.finish();
  return tape;
}

JsonTape JsonTape::from(const Json& value) {
  JsonTape tape;
  TapeBuilder builder(tape, string_bytes(value), 16);
  build(builder, value);
  builder.finish();
  return tape;
}

namespace {

void put32(std::string& out, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(x >> (8 * i)));
}
void put64(std::string& out, std::uint64_t x) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(x >> (8 * i)));
}
// Snapshots are little-endian, as every host of the core is (wasm, x86, ARM): a copy reads them.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "snapshot reading assumes a little-endian host");
std::uint64_t get(std::string_view b, std::size_t at, int bytes) {
  std::uint64_t x = 0;
  std::memcpy(&x, b.data() + at, static_cast<std::size_t>(bytes));
  return x;
}
// (std::bit_cast is missing from Emscripten 3.1.6's libc++.)
std::uint64_t bits_of(double d) {
  std::uint64_t x;
  std::memcpy(&x, &d, sizeof x);
  return x;
}
double double_of(std::uint64_t x) {
  double d;
  std::memcpy(&d, &x, sizeof d);
  return d;
}
Error damaged(const std::string& what) { return Error(ErrorCode::PK_JSON_SNAPSHOT, "not a usable catalog snapshot: " + what); }

// The checks of every value throw out of line: a message built and an Error thrown at each site
// made check_tree 2.9 KB, which V8 then spent ~10 ms of a compiler thread optimising during a
// cold createEngine (docs/architecture.md, "Code for a cold start").
constexpr std::uint64_t kNoNumber = ~std::uint64_t{0};
[[noreturn, gnu::noinline, gnu::cold]] void bad_value(std::size_t i, const char* what, std::uint64_t n = kNoNumber) {
  throw damaged("value " + std::to_string(i) + what + (n == kNoNumber ? "" : std::to_string(n)));
}
[[noreturn, gnu::noinline, gnu::cold]] void bad_count(std::size_t i, std::size_t says, std::size_t holds) {
  throw damaged("value " + std::to_string(i) + " says " + std::to_string(says) + " entries and holds " + std::to_string(holds));
}
[[noreturn, gnu::noinline, gnu::cold]] void string_too_long(std::size_t size, std::size_t limit) {
  throw Error(ErrorCode::PK_JSON_STRING_TOO_LONG, "string of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit));
}
[[noreturn, gnu::noinline, gnu::cold]] void over_limit(ErrorCode code, const char* before, std::size_t n, const char* after) {
  throw Error(code, before + std::to_string(n) + after);
}

constexpr char kMagic[] = "PKT1";
constexpr std::size_t kHeader = 16, kRecord = 16;
constexpr std::size_t kDecodeSlice = 4096;  // values per decode_values call

}  // namespace

std::string JsonTape::serialize() const {
  std::string out;
  out.reserve(kHeader + kRecord * values_.size() + chars_size_);
  out.append(kMagic, 4);
  put32(out, kSnapshotVersion);
  put32(out, static_cast<std::uint32_t>(values_.size()));
  put32(out, static_cast<std::uint32_t>(chars_size_));
  for (const Value& v : values_) {
    put32(out, v.kind_ | (v.span_ << 4));
    put32(out, v.size_);
    std::uint64_t payload = 0;  // null, and containers (an object's mask is recomputed on load)
    switch (v.kind()) {
      case Kind::Boolean:
      case Kind::Unsigned: payload = v.u_; break;
      case Kind::Integer: payload = static_cast<std::uint64_t>(v.i_); break;
      case Kind::Float: payload = bits_of(v.d_); break;
      case Kind::String: payload = static_cast<std::uint64_t>(v.s_ - chars_.get()); break;
      default: break;
    }
    put64(out, payload);
  }
  out.append(chars_.get(), chars_size_);
  return out;
}

[[gnu::noinline]] void JsonTape::decode_values(std::string_view b, std::size_t first, std::size_t last, const JsonLimits& limits) {
  for (std::size_t i = first; i < last; ++i) {
    const std::size_t at = kHeader + kRecord * i;
    const auto head = static_cast<std::uint32_t>(get(b, at, 4));
    const std::uint64_t payload = get(b, at + 8, 8);
    Value& v = values_.emplace_back();
    v.kind_ = head & 15;
    v.span_ = head >> 4;
    v.size_ = static_cast<std::uint32_t>(get(b, at + 4, 4));
    v.u_ = 0;
    switch (v.kind()) {
      case Kind::Null: break;
      case Kind::Boolean:
        if (payload > 1) bad_value(i, " is a boolean of ", payload);
        v.u_ = payload;
        break;
      case Kind::Integer: v.i_ = static_cast<std::int64_t>(payload); break;
      case Kind::Unsigned: v.u_ = payload; break;
      case Kind::Float:
        v.d_ = double_of(payload);
        if (!std::isfinite(v.d_)) bad_value(i, " is a number JSON cannot hold");
        break;
      case Kind::String: {
        if (payload > chars_size_ || v.size_ > chars_size_ - payload) bad_value(i, " is a string past the end of the string bytes");
        v.s_ = chars_.get() + payload;
        if (v.size_ > limits.max_string) string_too_long(v.size_, limits.max_string);
        if (!valid_utf8(v.str())) bad_value(i, " is a string that is not UTF-8");
        break;
      }
      case Kind::Array:
      case Kind::Object: break;
      default: bad_value(i, " has an unknown kind ", v.kind_);
    }
  }
}

JsonTape JsonTape::load(std::string_view b, const JsonLimits& limits) {
  if (b.size() < kHeader || b.substr(0, 4) != std::string_view(kMagic, 4)) throw damaged("it does not start with the snapshot header");
  auto version = static_cast<std::uint32_t>(get(b, 4, 4));
  if (version != kSnapshotVersion)
    throw damaged("its format is version " + std::to_string(version) + "; this build reads version " + std::to_string(kSnapshotVersion));
  if (b.size() / 4 > limits.max_bytes)  // a snapshot is a few times its JSON: the same limit, scaled
    throw Error(ErrorCode::PK_JSON_TOO_LARGE, "snapshot of " + std::to_string(b.size()) + " bytes exceeds the limit of " +
                                                  std::to_string(4 * static_cast<std::uint64_t>(limits.max_bytes)));
  const std::uint64_t n = get(b, 8, 4), chars = get(b, 12, 4);
  if (n == 0 || n > kMaxValues || kHeader + kRecord * n + chars != b.size()) throw damaged("its length does not match its header");
  JsonTape t;
  t.chars_.reset(new char[chars ? chars : 1]);
  if (chars) std::memcpy(t.chars_.get(), b.data() + kHeader + kRecord * n, chars);
  t.chars_size_ = chars;
  t.values_.reserve(n);  // filled in order by decode_values: zeroing them first cost a memset of the whole tape
  // In slices of a separate function: wasm code has no on-stack replacement, so a loop over
  // every value in one call would run baseline code to the end and have its tier-up compiled for
  // nothing; called slice by slice, the optimised code takes over after the first few.
  for (std::size_t first = 0; first < n; first += kDecodeSlice) t.decode_values(b, first, std::min<std::size_t>(n, first + kDecodeSlice), limits);
  if (check_tree(t.values_, 0, n, 0, limits) != n) throw damaged("values follow the document");
  return t;
}

// Checks the subtree at i inside [i, end): a container's children must tile it exactly, an
// object's members be key (a string) and value, its size the count. Returns the subtree's end.
// Recursion is as deep as the nesting, which the depth limit bounds before each step down.
std::size_t JsonTape::check_tree(std::vector<Value>& values, std::size_t i, std::size_t end, std::size_t depth, const JsonLimits& limits) {
  JsonTape::Value& v = values[i];
  const std::size_t span = v.span_;
  if (span == 0 || span > end - i) bad_value(i, " runs past its container");
  const bool object = v.kind() == JsonTape::Kind::Object;
  if (!object && v.kind() != JsonTape::Kind::Array) {
    if (span != 1) bad_value(i, " spans values but holds none");
    return i + 1;
  }
  if (depth >= limits.max_depth) over_limit(ErrorCode::PK_JSON_TOO_DEEP, "nested deeper than ", limits.max_depth, " levels");
  const std::size_t stop = i + span;
  std::size_t j = i + 1, count = 0;
  std::uint64_t mask = 0;
  while (j < stop) {
    if (object) {
      const JsonTape::Value& k = values[j];
      if (k.kind() != JsonTape::Kind::String || k.span_ != 1 || j + 1 >= stop)
        bad_value(j, " is not a key followed by its value");
      mask |= JsonTape::Value::key_bit(k.str());
      ++j;
    }
    const JsonTape::Kind kind = values[j].kind();
    if (kind == JsonTape::Kind::Object || kind == JsonTape::Kind::Array) j = check_tree(values, j, stop, depth + 1, limits);
    else if (values[j].span_ != 1) bad_value(j, " spans values but holds none");
    else ++j;
    if (++count > limits.max_entries)
      over_limit(ErrorCode::PK_JSON_ARRAY_TOO_LONG, "more than ", limits.max_entries, " entries");
  }
  if (count != v.size_) bad_count(i, v.size_, count);
  if (object) v.u_ = mask;
  return stop;
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
  // In Kind's order: the names json_type_name(const Json&) gives.
  static constexpr std::string_view kNames[] = {"null", "boolean", "integer", "integer", "number", "string", "array", "object"};
  return kNames[static_cast<int>(v.kind())];
}

}  // namespace promokit
