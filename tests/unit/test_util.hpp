#pragma once
// Helpers shared by the unit tests (natively and in wasm, where NODERAWFS gives file access).
#include <fstream>
#include <sstream>
#include <string>

#include "promokit/json.hpp"

namespace pktest {

// Built with AddressSanitizer (GCC defines the macro, clang answers __has_feature): property
// tests check a share of their native case count there, as they do in wasm, so the CI's
// sanitizer run stays minutes long; the plain native run still does them all.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

inline std::string source_path(const std::string& relative) { return std::string(PROMOKIT_SOURCE_DIR) + "/" + relative; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline promokit::Json read_json(const std::string& relative) { return promokit::Json::parse(read_file(source_path(relative))); }

// The code of the promokit::Error that f throws, or PK_OK if it returns normally.
template <class F>
promokit::ErrorCode error_of(F&& f) {
  try {
    f();
  } catch (const promokit::Error& e) {
    return e.code();
  }
  return promokit::ErrorCode::PK_OK;
}

}  // namespace pktest
