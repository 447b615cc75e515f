// Codes, tokens and tickets bindings: private `_name` functions and the CodeScheme class; the
// public API is js-glue/src/modules/codes.js.
#include <emscripten/bind.h>

#include "guard.hpp"
#include "promokit/codes.hpp"
#include "promokit/crypto.hpp"
#include "promokit/tokens.hpp"

namespace promokit::bindings {
namespace {

codes::CodeScheme* code_scheme(const std::string& options_json) {
  return guard([&] { return new codes::CodeScheme(codes::format_from_json(parse_json(options_json))); },
               static_cast<codes::CodeScheme*>(nullptr));
}

// Codes joined by '\n': one string crosses the boundary instead of a million.
std::string scheme_generate(const codes::CodeScheme& s, double start, double count) {
  return guard([&] {
    if (!(start >= 0 && count >= 0)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "start and count must be >= 0");
    return s.generate_joined(static_cast<std::uint64_t>(start), static_cast<std::uint64_t>(count), '\n');
  });
}

// '1' or '0' per code of a '\n'-joined list; `issued` < 0: no limit.
std::string scheme_verify_many(const codes::CodeScheme& s, const std::string& joined, double issued) {
  return guard([&] {
    std::string out;
    std::string_view rest(joined);
    for (;;) {
      auto nl = rest.find('\n');
      auto index = s.index_of(rest.substr(0, nl));
      out.push_back(index && (issued < 0 || static_cast<double>(*index) < issued) ? '1' : '0');
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    return out;
  });
}

double scheme_index_of(const codes::CodeScheme& s, const std::string& code) {
  auto index = s.index_of(code);
  return index ? static_cast<double>(*index) : -1;
}

double scheme_space(const codes::CodeScheme& s) { return static_cast<double>(s.space()); }

std::string tokens_sign(const std::string& payload_json, const std::string& key) {
  return guard([&] { return tokens::sign(tokens::payload_from_json(parse_json(payload_json)), key); });
}

std::string tokens_verify(const std::string& token, const std::string& key, double now) {
  return guard([&] { return tokens::to_json(tokens::verify(token, key, static_cast<Millis>(now))).dump(); });
}

std::string tokens_verify_key_for(const std::string& key) {
  return guard([&] { return tokens::verify_key_for(key); });
}

std::string tokens_key_from_seed(const std::string& seed_hex) {
  return guard([&] {
    auto seed = crypto::hex_decode(seed_hex);
    if (!seed) throw Error(ErrorCode::PK_TOKEN_KEY, "the seed must be 32 bytes");
    return tokens::signing_key_from_seed(*seed);
  });
}

std::string tickets_issue(const std::string& request_json, const std::string& key) {
  return guard([&] {
    Json out = Json::array();
    for (const auto& t : tickets::issue(tickets::issue_request_from_json(parse_json(request_json)), key))
      out.push_back(tickets::to_json(t));
    return out.dump();
  });
}

bool tickets_verify_signature(const std::string& ticket_json, const std::string& key) {
  return guard([&] {
    tickets::verify_signature(tickets::ticket_from_json(parse_json(ticket_json)), key);
    return true;
  });
}

}  // namespace
}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_codes) {
  using namespace emscripten;
  using namespace promokit::bindings;
  class_<promokit::codes::CodeScheme>("CodeScheme")
      .function("generate", &scheme_generate)
      .function("verifyMany", &scheme_verify_many)
      .function("indexOf", &scheme_index_of)
      .function("space", &scheme_space);
  function("_codeScheme", &code_scheme, allow_raw_pointers());
  function("_tokensSign", &tokens_sign);
  function("_tokensVerify", &tokens_verify);
  function("_tokensVerifyKeyFor", &tokens_verify_key_for);
  function("_tokensKeyFromSeed", &tokens_key_from_seed);
  function("_ticketsIssue", &tickets_issue);
  function("_ticketsVerifySignature", &tickets_verify_signature);
}
