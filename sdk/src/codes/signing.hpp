#pragma once
// Shared by tokens and tickets: the key strings, the canonical byte encoding that gets signed
// (LEB128 varints, length-prefixed strings), and strict JSON field readers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "promokit/crypto.hpp"
#include "promokit/error.hpp"
#include "promokit/json.hpp"

namespace promokit::signing {

crypto::Ed25519Seed parse_signing_key(std::string_view key);       // PK_TOKEN_KEY
crypto::Ed25519PublicKey parse_verify_key(std::string_view key);   // PK_TOKEN_KEY
std::string sign(const crypto::Ed25519Seed& seed, std::string_view message);  // 64 bytes
bool verify(const crypto::Ed25519PublicKey& key, std::string_view message, std::string_view signature);

// The LEB128 bytes of v (at most 10) written to buf (room for 10); returns how many.
inline std::size_t encode_varint(std::uint64_t v, char* buf) {
  std::size_t n = 0;
  do {
    const auto b = static_cast<std::uint8_t>(v & 0x7f);
    v >>= 7;
    buf[n++] = static_cast<char>(v ? b | 0x80 : b);
  } while (v);
  return n;
}

class Writer {
 public:
  Writer() { out_.reserve(256); }  // the messages signed and hashed here are short
  Writer& varint(std::uint64_t v);
  Writer& text(std::string_view s);  // varint length, then the bytes
  Writer& raw(std::string_view s) { out_ += s; return *this; }
  const std::string& bytes() const noexcept { return out_; }

 private:
  std::string out_;
};

// Every read fails (ok() == false) on truncation, an over-long or non-minimal varint, or a
// string longer than max_len, so each value has exactly one encoding.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t varint();
  std::string text(std::size_t max_len);
  std::string_view rest() const noexcept { return in_.substr(pos_); }
  bool ok() const noexcept { return ok_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Largest integer JSON (and JS) carries exactly.
inline constexpr std::int64_t kMaxSafeInteger = (std::int64_t(1) << 53) - 1;

// Required fields of a JSON object; the error names the field's path.
std::string json_text(const Json& j, const char* key, ErrorCode code, std::size_t max_len);
std::int64_t json_integer(const Json& j, const char* key, ErrorCode code, std::int64_t min, std::int64_t max);
void require_object(const Json& j, ErrorCode code, const char* what);
// The same checks on a value already taken out of its document (the typed bindings).
std::string_view checked_text(std::string_view s, const char* key, ErrorCode code, std::size_t max_len);
std::int64_t checked_integer(double d, const char* key, ErrorCode code, std::int64_t min, std::int64_t max);

}  // namespace promokit::signing
