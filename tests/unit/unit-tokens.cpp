// Signed redemption tokens and draw tickets: round trips, every kind of tampering fails with
// its own code, keys of the wrong kind are refused, and fixed vectors pin the format.
#include <doctest/doctest.h>

#include <functional>
#include <set>

#include "codes/signing.hpp"
#include "promokit/crypto.hpp"
#include "promokit/tokens.hpp"
#include "test_util.hpp"

using namespace promokit;

using pktest::error_of;

namespace {

std::string seed_bytes(char fill) { return std::string(32, fill); }
const std::string kSk = tokens::signing_key_from_seed(seed_bytes('\x42'));
const std::string kVk = tokens::verify_key_for(kSk);

tokens::Payload sample() { return {"fashion-20", "c-8f2c91", "u1", 1762000000000, "n-5d1e"}; }


// Re-encodes a token's body with fields in a different order, keeping the old signature.
std::string with_body(const tokens::Payload& p, const std::string& signature) {
  signing::Writer w;
  w.raw(std::string(1, '\x01')).text(p.offer_id).text(p.claim_id).text(p.customer_id).varint(p.expiry).text(p.nonce);
  return crypto::base32_encode(w.bytes() + signature);
}

}  // namespace

TEST_CASE("tokens: keys are strings of two kinds") {
  CHECK(kSk.rfind("ed25519-sk:", 0) == 0);
  CHECK(kSk.size() == 11 + 43);
  CHECK(kVk.rfind("ed25519-vk:", 0) == 0);
  CHECK(tokens::verify_key_for(kSk) == kVk);  // deterministic
  CHECK(error_of([] { tokens::verify_key_for(kVk); }) == ErrorCode::PK_TOKEN_KEY);
  CHECK(error_of([] { tokens::sign(sample(), kVk); }) == ErrorCode::PK_TOKEN_KEY);  // a till cannot mint
  CHECK(error_of([] { tokens::verify("AAAA", kSk, 0); }) == ErrorCode::PK_TOKEN_KEY);
  CHECK(error_of([] { tokens::sign(sample(), "secret"); }) == ErrorCode::PK_TOKEN_KEY);
  CHECK(error_of([] { tokens::sign(sample(), "ed25519-sk:tooShort"); }) == ErrorCode::PK_TOKEN_KEY);
  CHECK(error_of([] { tokens::signing_key_from_seed("short"); }) == ErrorCode::PK_TOKEN_KEY);
}

TEST_CASE("tokens: sign and verify round-trip; the text suits QR alphanumeric mode") {
  auto p = sample();
  std::string token = tokens::sign(p, kSk);
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == std::string::npos);
  CHECK(token.size() < 180);
  auto back = tokens::verify(token, kVk, 1761990000000);
  CHECK(back.offer_id == p.offer_id);
  CHECK(back.claim_id == p.claim_id);
  CHECK(back.customer_id == p.customer_id);
  CHECK(back.expiry == p.expiry);
  CHECK(back.nonce == p.nonce);
  std::string lower = token;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(tokens::verify(" " + lower + "\n", kVk, 0).claim_id == p.claim_id);
  CHECK(tokens::to_json(tokens::payload_from_json(tokens::to_json(p))) == tokens::to_json(p));
}

TEST_CASE("tokens: expiry is checked against the caller's now") {
  std::string token = tokens::sign(sample(), kSk);
  CHECK(error_of([&] { tokens::verify(token, kVk, 1762000000000 - 1); }) == ErrorCode::PK_OK);
  CHECK(error_of([&] { tokens::verify(token, kVk, 1762000000000); }) == ErrorCode::PK_TOKEN_EXPIRED);
  CHECK(error_of([&] { tokens::verify(token, kVk, 1762000000000 + 86400000); }) == ErrorCode::PK_TOKEN_EXPIRED);
}

TEST_CASE("tokens: every flipped bit fails, as a malformed token or a bad signature") {
  std::string token = tokens::sign(sample(), kSk);
  std::string bytes = crypto::base32_decode(token).value();
  int malformed = 0, bad_signature = 0;
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    std::string b = bytes;
    b[bit / 8] = static_cast<char>(b[bit / 8] ^ (1 << (bit % 8)));
    ErrorCode e = error_of([&] { tokens::verify(crypto::base32_encode(b), kVk, 0); });
    CHECK_MESSAGE((e == ErrorCode::PK_TOKEN_MALFORMED || e == ErrorCode::PK_TOKEN_SIGNATURE), "bit " << bit);
    malformed += e == ErrorCode::PK_TOKEN_MALFORMED;
    bad_signature += e == ErrorCode::PK_TOKEN_SIGNATURE;
  }
  CHECK(malformed > 0);
  CHECK(bad_signature > 0);
  // Every character replaced by every other base32 character (sampled positions).
  for (std::size_t i = 0; i < token.size(); i += 7) {
    for (char c : std::string("A7Q2")) {
      if (token[i] == c) continue;
      std::string t = token;
      t[i] = c;
      ErrorCode e = error_of([&] { tokens::verify(t, kVk, 0); });
      CHECK((e == ErrorCode::PK_TOKEN_MALFORMED || e == ErrorCode::PK_TOKEN_SIGNATURE));
    }
  }
}

TEST_CASE("tokens: swapped fields, another key, truncation and garbage each fail with their code") {
  auto p = sample();
  std::string token = tokens::sign(p, kSk);
  std::string signature = crypto::base32_decode(token).value().substr(crypto::base32_decode(token)->size() - 64);
  tokens::Payload swapped = p;
  std::swap(swapped.offer_id, swapped.claim_id);
  CHECK(error_of([&] { tokens::verify(with_body(swapped, signature), kVk, 0); }) == ErrorCode::PK_TOKEN_SIGNATURE);
  tokens::Payload other_customer = p;
  other_customer.customer_id = "u2";
  CHECK(error_of([&] { tokens::verify(with_body(other_customer, signature), kVk, 0); }) == ErrorCode::PK_TOKEN_SIGNATURE);
  tokens::Payload later = p;
  later.expiry += 1;
  CHECK(error_of([&] { tokens::verify(with_body(later, signature), kVk, 0); }) == ErrorCode::PK_TOKEN_SIGNATURE);
  CHECK(error_of([&] { tokens::verify(with_body(p, signature), kVk, 0); }) == ErrorCode::PK_OK);

  std::string other_vk = tokens::verify_key_for(tokens::signing_key_from_seed(seed_bytes('\x43')));
  CHECK(error_of([&] { tokens::verify(token, other_vk, 0); }) == ErrorCode::PK_TOKEN_SIGNATURE);
  CHECK(error_of([&] { tokens::verify(token.substr(0, token.size() - 8), kVk, 0); }) == ErrorCode::PK_TOKEN_MALFORMED);
  CHECK(error_of([&] { tokens::verify("", kVk, 0); }) == ErrorCode::PK_TOKEN_MALFORMED);
  CHECK(error_of([&] { tokens::verify("PK-3N5Z-XW9V", kVk, 0); }) == ErrorCode::PK_TOKEN_MALFORMED);
  CHECK(error_of([&] { tokens::verify(token + "A", kVk, 0); }) == ErrorCode::PK_TOKEN_MALFORMED);
}

TEST_CASE("tokens: payload validation names the field") {
  struct Case { Json doc; const char* path; };
  const Json good = tokens::to_json(sample());
  auto without = [&](const char* k) { Json j = good; j.erase(k); return j; };
  auto with = [&](const char* k, Json v) { Json j = good; j[k] = std::move(v); return j; };
  const Case cases[] = {{without("offerId"), "offerId"},     {with("claimId", 7), "claimId"},
                        {with("customerId", ""), "customerId"}, {with("expiry", -1), "expiry"},
                        {with("expiry", 1.5), "expiry"},       {with("nonce", std::string(65, 'n')), "nonce"},
                        {Json::array(), ""}};
  for (const auto& c : cases) {
    CAPTURE(c.doc.dump());
    try {
      tokens::payload_from_json(c.doc);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_TOKEN_PAYLOAD);
      CHECK(e.path() == c.path);
    }
  }
  auto p = sample();
  p.nonce.clear();
  CHECK(error_of([&] { tokens::sign(p, kSk); }) == ErrorCode::PK_TOKEN_PAYLOAD);
}

TEST_CASE("tokens and tickets: fixed vectors (same bytes on every platform and build; checked with OpenSSL)") {
  CHECK(kVk == "ed25519-vk:IVL40Zt5HSRFMkLhXy6rbLfP-ntqXtMAl5YOBpiB2xI");
  CHECK(tokens::sign(sample(), kSk) ==
        "AEFGMYLTNBUW63RNGIYAQYZNHBTDEYZZGEBHKMMAVCE7XIZTAZXC2NLEGFS35N3L5UVIP6WRPWHW7EKA5AYLCF32ZQXKAGV73MFW4K5GMVHASQ"
        "XPIA6RFIVX5MC3N74XBW4ORW4KVMYQM5MO5C5EMRO47XRTBHQ5B4");
  auto t = tickets::issue({"wheel-1", 3, "u1", 1, 0, 1762000000000}, kSk)[0];
  // Recomputed independently (node:crypto: SHA-256, HMAC, Ed25519) from the construction in docs/security.md.
  CHECK(t.ticket_id == "t-fe17abbc0f68b3e2dfa9a092");
  CHECK(t.seed == "907b5da3eefd5befc50ac73e074c2d572f87832409a75fa7329b4e2add8465f7");
  CHECK(t.signature == "0ML_jH3l6QeLCwOp0Abjx5wS991l0gbbBYZG2ZodBvJjp3mOeKKPcGYiF8Y9oZoXK86OGkNiuXAHnopefAYlCw");
}

TEST_CASE("tickets: issue, verify, determinism and JSON round trip") {
  tickets::IssueRequest req{"wheel-1", 3, "u1", 3, 10, 1762000000000};
  auto ts = tickets::issue(req, kSk);
  REQUIRE(ts.size() == 3);
  std::set<std::string> ids, seeds;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const auto& t = ts[i];
    CHECK(t.sequence == 10 + i);
    CHECK(t.pool_id == "wheel-1");
    CHECK(t.pool_version == 3);
    CHECK(t.customer_id == "u1");
    CHECK(t.seed.size() == 64);
    CHECK(crypto::hex_decode(t.seed).has_value());
    ids.insert(t.ticket_id);
    seeds.insert(t.seed);
    CHECK(error_of([&] { tickets::verify_signature(t, kVk); }) == ErrorCode::PK_OK);
    auto back = tickets::ticket_from_json(tickets::to_json(t));
    CHECK(tickets::to_json(back) == tickets::to_json(t));
  }
  CHECK(ids.size() == 3);
  CHECK(seeds.size() == 3);
  auto again = tickets::issue(req, kSk);
  CHECK(tickets::to_json(again[1]) == tickets::to_json(ts[1]));
  // Another shopper, pool or signing key: other seeds.
  auto other = tickets::issue({"wheel-1", 3, "u2", 1, 10, 1762000000000}, kSk);
  CHECK(other[0].seed != ts[0].seed);
  auto other_key = tickets::issue(req, tokens::signing_key_from_seed(seed_bytes('\x01')));
  CHECK(other_key[0].seed != ts[0].seed);
  CHECK(other_key[0].ticket_id == ts[0].ticket_id);  // the id names (pool, shopper, sequence) only
  auto parsed = tickets::issue_request_from_json(Json::parse(
      R"({"poolId":"wheel-1","poolVersion":3,"customerId":"u1","count":3,"start":10,"expiry":1762000000000})"));
  CHECK(tickets::to_json(tickets::issue(parsed, kSk)[2]) == tickets::to_json(ts[2]));
}

TEST_CASE("tickets: any edited field, a forged signature or another key fails") {
  auto t = tickets::issue({"wheel-1", 3, "u1", 1, 0, 1762000000000}, kSk)[0];
  const std::vector<std::function<void(tickets::Ticket&)>> edits = {
      [](auto& x) { x.ticket_id += "x"; },
      [](auto& x) { x.seed[0] = x.seed[0] == 'a' ? 'b' : 'a'; },
      [](auto& x) { x.pool_id = "wheel-2"; },
      [](auto& x) { x.pool_version = 4; },
      [](auto& x) { x.customer_id = "u2"; },
      [](auto& x) { x.expiry += 1; },
      [](auto& x) { x.sequence = 1; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    CAPTURE(i);
    auto bad = t;
    edits[i](bad);
    CHECK(error_of([&] { tickets::verify_signature(bad, kVk); }) == ErrorCode::PK_TICKET_SIGNATURE);
  }
  auto forged = t;
  forged.signature[5] = forged.signature[5] == 'A' ? 'B' : 'A';
  CHECK(error_of([&] { tickets::verify_signature(forged, kVk); }) == ErrorCode::PK_TICKET_SIGNATURE);
  forged.signature = "not-base64!";
  CHECK(error_of([&] { tickets::verify_signature(forged, kVk); }) == ErrorCode::PK_TICKET_MALFORMED);
  std::string other_vk = tokens::verify_key_for(tokens::signing_key_from_seed(seed_bytes('\x43')));
  CHECK(error_of([&] { tickets::verify_signature(t, other_vk); }) == ErrorCode::PK_TICKET_SIGNATURE);
  CHECK(error_of([&] { tickets::verify_signature(t, kSk); }) == ErrorCode::PK_TOKEN_KEY);
}

TEST_CASE("tickets: bad requests and documents name the field") {
  CHECK(error_of([] { tickets::issue({"wheel-1", 3, "u1", 0, 0, 1}, kSk); }) == ErrorCode::PK_TICKET_MALFORMED);
  CHECK(error_of([] { tickets::issue({"", 3, "u1", 1, 0, 1}, kSk); }) == ErrorCode::PK_TICKET_MALFORMED);
  CHECK(error_of([] { tickets::issue({"w", 3, "u1", 1, 0, 1}, kVk); }) == ErrorCode::PK_TOKEN_KEY);
  try {
    tickets::ticket_from_json(Json::parse(R"({"ticketId":"t","seed":"00","poolId":"p","poolVersion":"3"})"));
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::PK_TICKET_MALFORMED);
    CHECK(e.path() == "poolVersion");
  }
}
