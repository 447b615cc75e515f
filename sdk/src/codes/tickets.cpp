// Draw tickets (DESIGN.md §4, issue 6): the seed is HMAC-SHA256 under a key derived from the
// signing key, so the server can re-derive it and nobody without the key can predict it; the
// Ed25519 signature covers every field.
#include "promokit/tokens.hpp"
#include "signing.hpp"

namespace promokit::tickets {
namespace {

constexpr std::string_view kDomain{"promokit-ticket-v1\0", 19};
constexpr std::size_t kMaxId = 128;

std::string signed_bytes(const Ticket& t) { return std::string(kDomain) + encode_fields(t); }

}  // namespace

std::vector<Ticket> issue(const IssueRequest& req, std::string_view signing_key) {
  auto seed = signing::parse_signing_key(signing_key);
  if (req.pool_id.empty() || req.pool_id.size() > kMaxId)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be a non-empty string of at most 128 bytes", "poolId");
  if (req.customer_id.empty() || req.customer_id.size() > kMaxId)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be a non-empty string of at most 128 bytes", "customerId");
  if (req.pool_version < 0 || req.pool_version > signing::kMaxSafeInteger)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be a non-negative integer", "poolVersion");
  if (req.expiry < 0 || req.expiry > signing::kMaxSafeInteger)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be a time in Unix milliseconds", "expiry");
  if (req.count == 0 || req.count > kMaxTicketsPerCall)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be 1 to " + std::to_string(kMaxTicketsPerCall), "count");
  if (req.start > static_cast<std::uint64_t>(signing::kMaxSafeInteger) - req.count)
    throw Error(ErrorCode::PK_TICKET_MALFORMED, "is too large", "start");

  // The seed key: one-way from the signing seed, so tickets reveal nothing about the key.
  crypto::Digest256 seed_key = crypto::Sha256()
                                   .update("promokit-ticket-seed-key-v1")
                                   .update(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()))
                                   .finish();
  std::vector<Ticket> out;
  out.reserve(req.count);
  for (std::uint32_t i = 0; i < req.count; ++i) {
    Ticket t;
    t.pool_id = req.pool_id;
    t.pool_version = req.pool_version;
    t.customer_id = req.customer_id;
    t.expiry = req.expiry;
    t.sequence = req.start + i;
    signing::Writer ident;
    ident.text(t.pool_id).text(t.customer_id).varint(t.sequence);
    t.ticket_id = "t-" + crypto::hex_encode(crypto::as_bytes(crypto::sha256("promokit-ticket-id-v1" + ident.bytes())).substr(0, 12));
    ident.varint(static_cast<std::uint64_t>(t.pool_version));
    t.seed = crypto::hex_encode(crypto::as_bytes(crypto::hmac_sha256(crypto::as_bytes(seed_key), ident.bytes())));
    t.signature = crypto::base64url_encode(signing::sign(seed, signed_bytes(t)));
    out.push_back(std::move(t));
  }
  return out;
}

std::string encode_fields(const Ticket& t) {
  signing::Writer w;
  w.text(t.ticket_id)
      .text(t.seed)
      .text(t.pool_id)
      .varint(static_cast<std::uint64_t>(t.pool_version))
      .text(t.customer_id)
      .varint(static_cast<std::uint64_t>(t.expiry))
      .varint(t.sequence);
  return w.bytes();
}

void verify_signature(const Ticket& t, std::string_view verify_key) {
  auto key = signing::parse_verify_key(verify_key);
  auto sig = crypto::base64url_decode(t.signature);
  if (!sig || sig->size() != 64) throw Error(ErrorCode::PK_TICKET_MALFORMED, "must be 86 base64url characters", "signature");
  if (t.pool_version < 0 || t.expiry < 0 || !signing::verify(key, signed_bytes(t), *sig))
    throw Error(ErrorCode::PK_TICKET_SIGNATURE, "the ticket was not issued with this key, or a field was changed");
}

IssueRequest issue_request_from_json(const Json& j) {
  signing::require_object(j, ErrorCode::PK_TICKET_MALFORMED, "a ticket request");
  const auto code = ErrorCode::PK_TICKET_MALFORMED;
  IssueRequest r;
  r.pool_id = signing::json_text(j, "poolId", code, kMaxId);
  r.pool_version = signing::json_integer(j, "poolVersion", code, 0, signing::kMaxSafeInteger);
  r.customer_id = signing::json_text(j, "customerId", code, kMaxId);
  r.count = j.contains("count") ? static_cast<std::uint32_t>(signing::json_integer(j, "count", code, 1, kMaxTicketsPerCall)) : 1;
  r.start = j.contains("start") ? static_cast<std::uint64_t>(signing::json_integer(j, "start", code, 0, signing::kMaxSafeInteger)) : 0;
  r.expiry = signing::json_integer(j, "expiry", code, 0, signing::kMaxSafeInteger);
  return r;
}

Ticket ticket_from_json(const Json& j) {
  signing::require_object(j, ErrorCode::PK_TICKET_MALFORMED, "a ticket");
  const auto code = ErrorCode::PK_TICKET_MALFORMED;
  Ticket t;
  t.ticket_id = signing::json_text(j, "ticketId", code, kMaxId);
  t.seed = signing::json_text(j, "seed", code, kMaxId);
  t.pool_id = signing::json_text(j, "poolId", code, kMaxId);
  t.pool_version = signing::json_integer(j, "poolVersion", code, 0, signing::kMaxSafeInteger);
  t.customer_id = signing::json_text(j, "customerId", code, kMaxId);
  t.expiry = signing::json_integer(j, "expiry", code, 0, signing::kMaxSafeInteger);
  t.sequence = static_cast<std::uint64_t>(signing::json_integer(j, "sequence", code, 0, signing::kMaxSafeInteger));
  t.signature = signing::json_text(j, "signature", code, 128);
  return t;
}

Ticket ticket_from_fields(std::string_view ticket_id, std::string_view seed, std::string_view pool_id, double pool_version,
                          std::string_view customer_id, double expiry, double sequence, std::string_view signature) {
  const auto code = ErrorCode::PK_TICKET_MALFORMED;
  Ticket t;
  t.ticket_id = signing::checked_text(ticket_id, "ticketId", code, kMaxId);
  t.seed = signing::checked_text(seed, "seed", code, kMaxId);
  t.pool_id = signing::checked_text(pool_id, "poolId", code, kMaxId);
  t.pool_version = signing::checked_integer(pool_version, "poolVersion", code, 0, signing::kMaxSafeInteger);
  t.customer_id = signing::checked_text(customer_id, "customerId", code, kMaxId);
  t.expiry = signing::checked_integer(expiry, "expiry", code, 0, signing::kMaxSafeInteger);
  t.sequence = static_cast<std::uint64_t>(signing::checked_integer(sequence, "sequence", code, 0, signing::kMaxSafeInteger));
  t.signature = signing::checked_text(signature, "signature", code, 128);
  return t;
}

Json to_json(const Ticket& t) {
  return {{"ticketId", t.ticket_id},     {"seed", t.seed},     {"poolId", t.pool_id},   {"poolVersion", t.pool_version},
          {"customerId", t.customer_id}, {"expiry", t.expiry}, {"sequence", t.sequence}, {"signature", t.signature}};
}

}  // namespace promokit::tickets
