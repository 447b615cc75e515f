#pragma once
// Structured logs: one JSON object per line on stderr ({"ts", "level", "msg", ...fields}).
// Callers pass only what is safe to keep: never tokens, keys, request bodies or redemption tokens.
#include "promokit/json.hpp"

namespace pkserver {

void log_line(const char* level, const char* msg, promokit::Json fields = promokit::Json::object());
inline void log_info(const char* msg, promokit::Json fields = promokit::Json::object()) { log_line("info", msg, std::move(fields)); }
inline void log_warn(const char* msg, promokit::Json fields = promokit::Json::object()) { log_line("warn", msg, std::move(fields)); }
inline void log_error(const char* msg, promokit::Json fields = promokit::Json::object()) { log_line("error", msg, std::move(fields)); }

std::int64_t now_ms();  // wall clock, Unix milliseconds (the server's `now`)

}  // namespace pkserver
