#include "signing.hpp"

#include <cmath>
#include <cstring>

namespace promokit::signing {
namespace {

constexpr std::string_view kSigningPrefix = "ed25519-sk:";
constexpr std::string_view kVerifyPrefix = "ed25519-vk:";

template <class Out>
Out parse_key(std::string_view key, std::string_view prefix, std::string_view other_prefix, const char* kind) {
  if (key.substr(0, other_prefix.size()) == other_prefix)
    throw Error(ErrorCode::PK_TOKEN_KEY, std::string("this is not a ") + kind + " key (it starts with \"" +
                                             std::string(other_prefix) + "\")");
  std::optional<std::string> bytes;
  if (key.substr(0, prefix.size()) == prefix) bytes = crypto::base64url_decode(key.substr(prefix.size()));
  Out out{};
  if (!bytes || bytes->size() != out.size())
    throw Error(ErrorCode::PK_TOKEN_KEY, std::string("a ") + kind + " key is \"" + std::string(prefix) +
                                             "\" followed by 43 base64url characters");
  std::memcpy(out.data(), bytes->data(), out.size());
  return out;
}

}  // namespace

crypto::Ed25519Seed parse_signing_key(std::string_view key) {
  return parse_key<crypto::Ed25519Seed>(key, kSigningPrefix, kVerifyPrefix, "signing");
}

crypto::Ed25519PublicKey parse_verify_key(std::string_view key) {
  return parse_key<crypto::Ed25519PublicKey>(key, kVerifyPrefix, kSigningPrefix, "verification");
}

std::string sign(const crypto::Ed25519Seed& seed, std::string_view message) {
  auto sig = crypto::ed25519_sign(seed, message);
  return std::string(reinterpret_cast<const char*>(sig.data()), sig.size());
}

bool verify(const crypto::Ed25519PublicKey& key, std::string_view message, std::string_view signature) {
  crypto::Ed25519Signature sig;
  if (signature.size() != sig.size()) return false;
  std::memcpy(sig.data(), signature.data(), sig.size());
  return crypto::ed25519_verify(key, message, sig);
}

// Whole pieces, not byte by byte: libc++'s push_back is an out-of-line call in the wasm build.
Writer& Writer::varint(std::uint64_t v) {
  char buf[10];
  out_.append(buf, encode_varint(v, buf));
  return *this;
}

Writer& Writer::text(std::string_view s) {
  varint(s.size());
  out_ += s;
  return *this;
}

std::uint64_t Reader::varint() {
  std::uint64_t v = 0;
  for (unsigned shift = 0; ok_; shift += 7) {
    if (pos_ >= in_.size() || shift > 56) break;
    auto b = static_cast<std::uint8_t>(in_[pos_++]);
    v |= std::uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      if (b == 0 && shift > 0) break;  // a trailing zero group: not minimal
      return v;
    }
  }
  ok_ = false;
  return 0;
}

std::string Reader::text(std::size_t max_len) {
  std::uint64_t n = varint();
  if (!ok_ || n > max_len || n > in_.size() - pos_) {
    ok_ = false;
    return {};
  }
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

void require_object(const Json& j, ErrorCode code, const char* what) {
  if (!j.is_object()) throw Error(code, std::string(what) + " must be a JSON object, not " + std::string(json_type_name(j)));
}

std::string_view checked_text(std::string_view s, const char* key, ErrorCode code, std::size_t max_len) {
  if (s.empty()) throw Error(code, "must be a non-empty string", key);
  if (s.size() > max_len) throw Error(code, "must have at most " + std::to_string(max_len) + " bytes", key);
  return s;
}

std::int64_t checked_integer(double d, const char* key, ErrorCode code, std::int64_t min, std::int64_t max) {
  if (!std::isfinite(d) || std::floor(d) != d) throw Error(code, "must be an integer", key);
  if (d < static_cast<double>(min) || d > static_cast<double>(max))
    throw Error(code, "must be between " + std::to_string(min) + " and " + std::to_string(max), key);
  return static_cast<std::int64_t>(d);  // exact: |min|, |max| <= 2^53
}

std::string json_text(const Json& j, const char* key, ErrorCode code, std::size_t max_len) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) throw Error(code, "must be a non-empty string", key);
  return std::string(checked_text(it->get_ref<const std::string&>(), key, code, max_len));
}

std::int64_t json_integer(const Json& j, const char* key, ErrorCode code, std::int64_t min, std::int64_t max) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) throw Error(code, "must be an integer", key);
  return checked_integer(it->get<double>(), key, code, min, max);
}

}  // namespace promokit::signing
