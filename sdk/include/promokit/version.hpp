#pragma once
// The one place the version is written: CMake and the npm package read it from here.
#define PROMOKIT_VERSION "0.1.0"

namespace promokit {
inline constexpr const char* version() { return PROMOKIT_VERSION; }
}  // namespace promokit
