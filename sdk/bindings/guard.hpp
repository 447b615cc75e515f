#pragma once
// Every bound function runs inside guard(): a C++ exception never crosses into JS (where
// Emscripten would surface it as a bare number). The failure is kept here and the JS layer
// turns it into a PromokitError right after the call (js-glue/src/errors.js).
#include <new>
#include <string>

#include "promokit/error.hpp"

namespace promokit::bindings {

struct LastError {
  int code = 0;  // 0: the last call succeeded
  std::string name, message, path, token;
  int line = 0, column = 0, offset = -1;
};

LastError& last_error();
void record(const Error& e);
void record(ErrorCode code, const std::string& message);

template <class F, class R = decltype(std::declval<F>()())>
R guard(F&& f, R fallback = R{}) {
  last_error().code = 0;
  try {
    return f();
  } catch (const Error& e) {
    record(e);
  } catch (const std::bad_alloc&) {
    record(ErrorCode::PK_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    record(ErrorCode::PK_INTERNAL, e.what());
  } catch (...) {
    record(ErrorCode::PK_INTERNAL, "unknown failure");
  }
  return fallback;
}

template <class F>
void guard_void(F&& f) {
  guard([&] {
    f();
    return 0;
  });
}

}  // namespace promokit::bindings
