// libFuzzer target: arbitrary bytes as a redemption token (as text, and as the bytes inside
// one), as a voucher code and as a draw ticket document. Nothing may crash or hit UB; every
// failure must be a promokit::Error of the tokens/codes range; a token that verifies must be
// exactly what sign() makes of its payload (no second encoding of the same payload).
#include <cstddef>
#include <cstdint>
#include <string>

#include "promokit/codes.hpp"
#include "promokit/crypto.hpp"
#include "promokit/tokens.hpp"

namespace {

const std::string& signing_key() {
  static const std::string k = promokit::tokens::signing_key_from_seed(std::string(32, '\x42'));
  return k;
}

void check_token(const std::string& text) {
  static const std::string vk = promokit::tokens::verify_key_for(signing_key());
  try {
    auto payload = promokit::tokens::verify(text, vk, 0);
    std::string normal;
    for (char c : text)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') normal.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    if (promokit::tokens::sign(payload, signing_key()) != normal) __builtin_trap();
  } catch (const promokit::Error& e) {
    auto n = static_cast<int>(e.code());
    if (n != 510 && n != 511 && n != 512) __builtin_trap();  // malformed, signature, expired
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  check_token(text);
  check_token(promokit::crypto::base32_encode(text));

  static const promokit::codes::CodeScheme scheme({std::string(promokit::codes::kDefaultPattern),
                                                   std::string(promokit::codes::kDefaultCharset), "fuzz-campaign-secret"});
  if (auto index = scheme.index_of(text)) {
    if (*index >= scheme.space()) __builtin_trap();
    if (!scheme.verify(scheme.code(*index))) __builtin_trap();
  }

  try {
    auto ticket = promokit::tickets::ticket_from_json(promokit::parse_json(text));
    promokit::tickets::verify_signature(ticket, promokit::tokens::verify_key_for(signing_key()));
  } catch (const promokit::Error& e) {
    if (promokit::error_name(e.code()) == "PK_UNKNOWN") __builtin_trap();
  }
  return 0;
}
