#pragma once
// Errors as clients see them: { "code": "PK_LIMIT_REACHED", "message": "...", "path"?: "..." }
// with an HTTP status that fits the code. Core errors (promokit::Error) map by their code; an
// unexpected exception becomes a 500 with a generic message (the details go to the log only).
#include <string>

#include "promokit/error.hpp"
#include "promokit/json.hpp"
#include "storage.hpp"

namespace pkserver {

using promokit::ErrorCode;
using promokit::Json;

struct ApiError {
  int status = 400;
  ErrorCode code = ErrorCode::PK_INVALID_ARGUMENT;
  std::string message;
  std::string path;
  promokit::TextPosition position;  // for rule text; line 0: none

  Json to_json() const;
  Answer answer() const { return Answer{status, to_json().dump()}; }
};

// The HTTP status a core error code stands for.
int status_for(ErrorCode code) noexcept;
ApiError from_core(const promokit::Error& e);

[[noreturn]] inline void fail(int status, ErrorCode code, std::string message, std::string path = {}) {
  throw ApiError{status, code, std::move(message), std::move(path), {}};
}

}  // namespace pkserver
