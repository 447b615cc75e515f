// Redemption tokens: base32(version 1 | offerId | claimId | customerId | expiry | nonce | signature),
// strings length-prefixed, numbers as LEB128 varints; the Ed25519 signature covers a domain
// tag and every byte before it.
#include <cstring>

#include "promokit/tokens.hpp"
#include "signing.hpp"

namespace promokit::tokens {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::string_view kDomain{"promokit-token-v1\0", 18};  // a token signature never verifies as a ticket's

std::string body(const Payload& p) {
  signing::Writer w;
  w.raw(std::string(1, static_cast<char>(kVersion)))
      .text(p.offer_id)
      .text(p.claim_id)
      .text(p.customer_id)
      .varint(static_cast<std::uint64_t>(p.expiry))
      .text(p.nonce);
  return w.bytes();
}

void check_payload(const Payload& p) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"offerId", &p.offer_id}, {"claimId", &p.claim_id}, {"customerId", &p.customer_id}, {"nonce", &p.nonce}};
  for (auto [name, value] : fields) {
    if (value->empty() || value->size() > kMaxFieldBytes)
      throw Error(ErrorCode::PK_TOKEN_PAYLOAD, "must be a non-empty string of at most " + std::to_string(kMaxFieldBytes) + " bytes",
                  name);
  }
  if (p.expiry < 0 || p.expiry > signing::kMaxSafeInteger)
    throw Error(ErrorCode::PK_TOKEN_PAYLOAD, "must be a time in Unix milliseconds", "expiry");
}

std::string_view trim(std::string_view s) {
  const char* space = " \t\r\n";
  auto b = s.find_first_not_of(space);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(space) - b + 1);
}

}  // namespace

std::string signing_key_from_seed(std::string_view seed32) {
  if (seed32.size() != 32) throw Error(ErrorCode::PK_TOKEN_KEY, "a signing key is made from exactly 32 random bytes");
  return "ed25519-sk:" + crypto::base64url_encode(seed32);
}

std::string verify_key_for(std::string_view signing_key) {
  auto pub = crypto::ed25519_public_key(signing::parse_signing_key(signing_key));
  return "ed25519-vk:" + crypto::base64url_encode(std::string_view(reinterpret_cast<const char*>(pub.data()), pub.size()));
}

Payload payload_from_json(const Json& j) {
  signing::require_object(j, ErrorCode::PK_TOKEN_PAYLOAD, "a token payload");
  const auto code = ErrorCode::PK_TOKEN_PAYLOAD;
  Payload p;
  p.offer_id = signing::json_text(j, "offerId", code, kMaxFieldBytes);
  p.claim_id = signing::json_text(j, "claimId", code, kMaxFieldBytes);
  p.customer_id = signing::json_text(j, "customerId", code, kMaxFieldBytes);
  p.expiry = signing::json_integer(j, "expiry", code, 0, signing::kMaxSafeInteger);
  p.nonce = signing::json_text(j, "nonce", code, kMaxFieldBytes);
  return p;
}

Json to_json(const Payload& p) {
  return {{"offerId", p.offer_id}, {"claimId", p.claim_id}, {"customerId", p.customer_id}, {"expiry", p.expiry}, {"nonce", p.nonce}};
}

std::string sign(const Payload& payload, std::string_view signing_key) {
  auto seed = signing::parse_signing_key(signing_key);
  check_payload(payload);
  std::string b = body(payload);
  return crypto::base32_encode(b + signing::sign(seed, std::string(kDomain) + b));
}

Payload verify(std::string_view token, std::string_view verify_key, Millis now) {
  auto key = signing::parse_verify_key(verify_key);
  auto bytes = crypto::base32_decode(trim(token));
  auto malformed = [](const std::string& why) { return Error(ErrorCode::PK_TOKEN_MALFORMED, "not a promokit token: " + why); };
  if (!bytes) throw malformed("it is not base32 text");
  if (bytes->size() < 1 + 64) throw malformed("it is too short");
  if (static_cast<std::uint8_t>((*bytes)[0]) != kVersion) throw malformed("unknown format version");
  std::string_view all(*bytes);
  signing::Reader r(all.substr(1, all.size() - 1 - 64));
  Payload p;
  p.offer_id = r.text(kMaxFieldBytes);
  p.claim_id = r.text(kMaxFieldBytes);
  p.customer_id = r.text(kMaxFieldBytes);
  std::uint64_t expiry = r.varint();
  p.nonce = r.text(kMaxFieldBytes);
  if (!r.ok() || !r.rest().empty() || expiry > static_cast<std::uint64_t>(signing::kMaxSafeInteger))
    throw malformed("its fields cannot be read");
  p.expiry = static_cast<Millis>(expiry);
  std::string_view b = all.substr(0, all.size() - 64);
  if (!signing::verify(key, std::string(kDomain) + std::string(b), all.substr(all.size() - 64)))
    throw Error(ErrorCode::PK_TOKEN_SIGNATURE, "the token was not signed by this key, or was changed after signing");
  if (now >= p.expiry)
    throw Error(ErrorCode::PK_TOKEN_EXPIRED, "the token expired at " + std::to_string(p.expiry) + " (now " + std::to_string(now) + ")");
  return p;
}

}  // namespace promokit::tokens
