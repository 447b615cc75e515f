#include "api_error.hpp"

namespace pkserver {

Json ApiError::to_json() const {
  Json j = {{"code", std::string(promokit::error_name(code))}, {"message", message}};
  if (!path.empty()) j["path"] = path;
  if (position.line > 0)
    j["position"] = {{"line", position.line}, {"column", position.column}, {"offset", position.offset}, {"token", position.token}};
  return j;
}

int status_for(ErrorCode code) noexcept {
  auto n = static_cast<unsigned>(code);
  switch (code) {
    case ErrorCode::PK_NOT_FOUND:
    case ErrorCode::PK_OFFER_NOT_FOUND:
    case ErrorCode::PK_CLAIM_NOT_FOUND:
    case ErrorCode::PK_POOL_NOT_FOUND: return 404;
    case ErrorCode::PK_JSON_TOO_LARGE:
    case ErrorCode::PK_PAYLOAD_TOO_LARGE: return 413;
    case ErrorCode::PK_AUTH_REQUIRED: return 401;
    case ErrorCode::PK_AUTH_INVALID:
    case ErrorCode::PK_OFFER_NOT_ELIGIBLE:
    case ErrorCode::PK_GAME_NOT_ELIGIBLE: return 403;
    case ErrorCode::PK_METHOD_NOT_ALLOWED: return 405;
    case ErrorCode::PK_LIMIT_REACHED:
    case ErrorCode::PK_OUTSIDE_WINDOW:
    case ErrorCode::PK_INSUFFICIENT_POINTS:
    case ErrorCode::PK_CLAIM_STATE:
    case ErrorCode::PK_CODE_SPACE_EXHAUSTED:
    case ErrorCode::PK_ALREADY_REDEEMED:
    case ErrorCode::PK_ALREADY_EXISTS:
    case ErrorCode::PK_IDEMPOTENCY_KEY_REUSED:
    case ErrorCode::PK_TICKET_USED:
    case ErrorCode::PK_TICKET_ORDER:
    case ErrorCode::PK_DAILY_ALREADY_PLAYED:
    case ErrorCode::PK_POOL_EXHAUSTED: return 409;
    case ErrorCode::PK_RATE_LIMITED: return 429;
    case ErrorCode::PK_UNAVAILABLE: return 503;
    case ErrorCode::PK_INTERNAL:
    case ErrorCode::PK_OUT_OF_MEMORY: return 500;
    default: break;
  }
  // Everything else is about the input: JSON, schema, rules, tokens, codes, CSV, options.
  return n == 0 ? 200 : 400;
}

ApiError from_core(const promokit::Error& e) {
  return ApiError{status_for(e.code()), e.code(), e.what(), e.path(), e.position()};
}

}  // namespace pkserver
