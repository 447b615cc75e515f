#pragma once
// A read-only JSON document in two flat blocks: the values in document order (a container is
// followed by its whole subtree; an object's members are key, value, key, value) and the bytes
// of every string. Reading a catalog from it skips what nlohmann's DOM costs a 1,000-offer
// catalog: a std::map node and a heap string per member, and freeing them all afterwards
// (BENCHMARKS.md, "A catalog without a DOM"). Built by parse_json_tape with the same limits
// and errors as parse_json, or from a Json value; read through JsonTape::Value.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "promokit/json.hpp"

namespace promokit {

class JsonTape {
 public:
  enum class Kind : std::uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Array, Object };

  // One value. Its subtree is the `span` values starting here; a container's first child is
  // the next value and each child's successor is found by skipping its span.
  class Value {
   public:
    Kind kind() const noexcept { return static_cast<Kind>(kind_); }
    bool is_null() const noexcept { return kind() == Kind::Null; }
    bool is_boolean() const noexcept { return kind() == Kind::Boolean; }
    bool is_string() const noexcept { return kind() == Kind::String; }
    bool is_array() const noexcept { return kind() == Kind::Array; }
    bool is_object() const noexcept { return kind() == Kind::Object; }
    // As nlohmann's: integer covers both signed and unsigned values.
    bool is_number_integer() const noexcept { return kind() == Kind::Integer || kind() == Kind::Unsigned; }
    bool is_number_unsigned() const noexcept { return kind() == Kind::Unsigned; }
    bool is_number_float() const noexcept { return kind() == Kind::Float; }
    bool is_number() const noexcept { return is_number_integer() || is_number_float(); }

    bool boolean() const noexcept { return u_ != 0; }
    std::int64_t integer() const noexcept { return kind() == Kind::Float ? static_cast<std::int64_t>(d_) : i_; }
    std::uint64_t unsigned_integer() const noexcept { return kind() == Kind::Float ? static_cast<std::uint64_t>(d_) : u_; }
    double number() const noexcept {
      return kind() == Kind::Float ? d_ : kind() == Kind::Integer ? static_cast<double>(i_) : static_cast<double>(u_);
    }
    std::string_view str() const noexcept { return {s_, size_}; }
    // As nlohmann's get<T>() for the types a reader takes, after checking the kind.
    template <class T>
    T get() const {
      if constexpr (std::is_same_v<T, bool>) return boolean();
      else if constexpr (std::is_same_v<T, std::string>) return std::string(str());
      else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(number());
      else if constexpr (std::is_signed_v<T>) return static_cast<T>(integer());
      else return static_cast<T>(unsigned_integer());
    }
    // Elements of an array, members of an object, bytes of a string.
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    // An array's elements (an object's keys and values alternate).
    class Iterator {
     public:
      explicit Iterator(const Value* v) : v_(v) {}
      const Value& operator*() const { return *v_; }
      Iterator& operator++() {
        v_ += v_->span_;
        return *this;
      }
      bool operator!=(const Iterator& o) const { return v_ != o.v_; }

     private:
      const Value* v_;
    };
    Iterator begin() const { return Iterator(this + 1); }
    Iterator end() const { return Iterator(this + span_); }

    // An object's member; with a key given twice, the last (as nlohmann's parser keeps). An
    // object keeps a 64-bit mask of its keys' key_bit: most lookups a reader makes are for
    // optional members that are absent, and those end here without a scan.
    const Value* find(std::string_view key) const noexcept {
      if (!(u_ & key_bit(key))) return nullptr;
      const Value* found = nullptr;
      for (const Value* k = this + 1; k != this + span_;) {
        const Value* v = k + 1;
        if (k->size_ == key.size() && (key.empty() || (k->s_[0] == key[0] && std::memcmp(k->s_, key.data(), key.size()) == 0)))
          found = v;
        k = v + v->span_;
      }
      return found;
    }
    static std::uint64_t key_bit(std::string_view key) noexcept {
      unsigned first = key.empty() ? 0 : static_cast<unsigned char>(key[0]);
      return std::uint64_t{1} << ((key.size() * 31 + first) & 63);
    }
    template <class F>
    void for_each_member(F&& f) const {
      for (const Value* k = this + 1; k != this + span_;) {
        const Value* v = k + 1;
        f(k->str(), *v);
        k = v + v->span_;
      }
    }

    // The subtree as a Json value (for the sections a catalog keeps as JSON).
    Json to_json() const;

   private:
    friend class JsonTape;
    friend class TapeBuilder;
    std::uint32_t kind_ : 4;
    std::uint32_t span_ : 28;
    std::uint32_t size_ = 0;
    union {  // numbers, booleans (u_), strings (s_); an object: the mask of its keys (u_)
      std::int64_t i_;
      std::uint64_t u_ = 0;
      double d_;
      const char* s_;
    };
  };

  // Errors as parse_json's (PK_JSON_* with the text position or JSON path). A document of more
  // than 2^28 values is refused with PK_JSON_TOO_LARGE (the limits stop far earlier by default).
  static JsonTape parse(std::string_view text, const JsonLimits& limits = {});
  static JsonTape from(const Json& value);

  // The tape as bytes (a catalog snapshot): "PKT1", the format version, the number of values
  // and of string bytes (u32 each, little-endian), then each value in 16 bytes — u32 kind | span
  // << 4, u32 size, u64 payload (a string's offset among the string bytes) — then the string
  // bytes. load() checks every invariant the readers rely on (kinds, spans that tile their
  // container, sizes, string bounds, strict UTF-8, finite numbers) and the limits: damaged or
  // hostile bytes give PK_JSON_SNAPSHOT (or the limit's code), never a read out of bounds.
  std::string serialize() const;
  static JsonTape load(std::string_view bytes, const JsonLimits& limits = {});
  static constexpr std::uint32_t kSnapshotVersion = 1;
  static constexpr std::size_t kMaxValues = (std::size_t{1} << 28) - 1;  // the span's bits

  const Value& root() const noexcept { return values_.front(); }

 private:
  friend class TapeBuilder;
  static std::size_t check_tree(std::vector<Value>& values, std::size_t i, std::size_t end, std::size_t depth, const JsonLimits& limits);
  // Appends values [first, last) of the snapshot `bytes` to values_, checked.
  void decode_values(std::string_view bytes, std::size_t first, std::size_t last, const JsonLimits& limits);
  std::vector<Value> values_;
  std::unique_ptr<char[]> chars_;  // a buffer that never moves: the values point into it
  std::size_t chars_size_ = 0;     // bytes of it in use
};

std::string_view json_type_name(const JsonTape::Value& value) noexcept;

}  // namespace promokit
