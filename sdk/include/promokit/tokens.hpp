#pragma once
// Signed redemption tokens (the QR at the till) and signed draw tickets, both Ed25519
// (RFC 8032). The server holds the signing key; tills and clients hold only the verification
// key, which cannot mint anything (DESIGN.md §7; the choice is argued in docs/security.md).
//
// Keys are strings: a signing key is "ed25519-sk:" + base64url(32-byte seed), a verification
// key "ed25519-vk:" + base64url(32-byte public key).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"
#include "promokit/model.hpp"

namespace promokit::tokens {

// A signing key from 32 bytes of secure randomness (the caller's: the core has no RNG).
std::string signing_key_from_seed(std::string_view seed32);
// The verification key that belongs to a signing key (PK_TOKEN_KEY if it is not one).
std::string verify_key_for(std::string_view signing_key);

struct Payload {
  std::string offer_id, claim_id, customer_id;
  Millis expiry = 0;  // the token is refused from this instant on
  std::string nonce;
};
inline constexpr std::size_t kMaxFieldBytes = 64;  // per string field, in UTF-8 bytes

// { offerId, claimId, customerId, expiry, nonce }; PK_TOKEN_PAYLOAD with the field's path.
Payload payload_from_json(const Json& j);
Json to_json(const Payload& p);

// The token: base32 (A-Z, 2-7: QR alphanumeric mode) of version, fields and signature.
std::string sign(const Payload& payload, std::string_view signing_key);
// Checks in this order, each failure with its own code: the key (PK_TOKEN_KEY), the shape
// (PK_TOKEN_MALFORMED), the signature (PK_TOKEN_SIGNATURE), the expiry (PK_TOKEN_EXPIRED:
// now >= expiry). Case-insensitive; surrounding whitespace ignored.
Payload verify(std::string_view token, std::string_view verify_key, Millis now);

}  // namespace promokit::tokens

namespace promokit::tickets {

struct IssueRequest {
  std::string pool_id;
  std::int64_t pool_version = 1;
  std::string customer_id;
  std::uint32_t count = 1;
  std::uint64_t start = 0;  // sequence number of the first ticket; the server keeps the counter
  Millis expiry = 0;
};
inline constexpr std::uint32_t kMaxTicketsPerCall = 1000;

struct Ticket {
  std::string ticket_id;
  std::string seed;  // 64 hex digits: the draw's randomness, unpredictable without the key
  std::string pool_id;
  std::int64_t pool_version = 0;
  std::string customer_id;
  Millis expiry = 0;
  std::uint64_t sequence = 0;  // tickets are used in sequence order
  std::string signature;       // base64url Ed25519 signature over all fields above
};

// Tickets start .. start + count - 1. Deterministic: issuing the same request again gives
// the same tickets (seed = HMAC-SHA256 under a key derived from the signing key).
std::vector<Ticket> issue(const IssueRequest& request, std::string_view signing_key);
// PK_TOKEN_KEY for a bad key, PK_TICKET_MALFORMED for a bad signature encoding,
// PK_TICKET_SIGNATURE when any field differs from what was signed. Expiry and single use
// are the caller's (games, server) to check.
void verify_signature(const Ticket& ticket, std::string_view verify_key);

// Every field but the signature in one canonical byte string (length-prefixed strings, LEB128
// numbers, in declaration order): what the signature covers after its domain tag, and what a
// draw proof can commit to.
std::string encode_fields(const Ticket& t);

IssueRequest issue_request_from_json(const Json& j);  // PK_TICKET_MALFORMED with the path
Ticket ticket_from_json(const Json& j);                // PK_TICKET_MALFORMED with the path
// The same checks and errors for fields that arrive one by one (the typed draw binding).
Ticket ticket_from_fields(std::string_view ticket_id, std::string_view seed, std::string_view pool_id, double pool_version,
                          std::string_view customer_id, double expiry, double sequence, std::string_view signature);
Json to_json(const Ticket& t);

}  // namespace promokit::tickets
