// Local calendar arithmetic and small JSON field readers for the catalog sections games and
// notify read (challenges, templates, calendar), over the rules module's zone table.
#include <cstdio>

#include "games/internal.hpp"
#include "rules/program.hpp"

namespace promokit::games::cal {

std::string_view zone_or(std::string_view zone, std::string_view fallback) noexcept {
  if (!zone.empty()) return zone;
  if (!fallback.empty()) return fallback;
  return "UTC";
}

std::int64_t day_number(int year, int month, int day) { return rules::days_from_civil(year, month, day); }
std::int64_t day_number(const LocalTime& t) { return rules::days_from_civil(t.year, t.month, t.day); }

LocalTime date_of(std::int64_t day) { return local_time(day * kDayMs, "UTC"); }

std::string date_text(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Millis utc_at(std::int64_t day, int minute, std::string_view zone) {
  // Wall time read as UTC, corrected by the offset in force there; the second pass settles
  // the offset when the first guess straddles a daylight-saving change.
  const Millis wall = day * kDayMs + minute * kMinuteMs;
  Millis guess = wall - local_time(wall, zone).offset_minutes * kMinuteMs;
  return wall - local_time(guess, zone).offset_minutes * kMinuteMs;
}

namespace {
[[noreturn]] void type_error(const std::string& path, const char* key, const char* expected) {
  throw Error(ErrorCode::PK_SCHEMA_TYPE, std::string("must be ") + expected, path_key(path, key));
}
}  // namespace

std::int64_t int_field(const Json& obj, const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max,
                       const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number_integer()) type_error(path, key, "an integer");
  std::int64_t v = it->get<std::int64_t>();
  if (v < min || v > max)
    throw Error(ErrorCode::PK_SCHEMA_RANGE, "must be " + std::to_string(min) + " to " + std::to_string(max), path_key(path, key));
  return v;
}

std::string text_field(const Json& obj, const char* key, std::string_view fallback, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::string(fallback);
  if (!it->is_string()) type_error(path, key, "a string");
  return it->get<std::string>();
}

I18nText i18n_field(const Json& obj, const char* key, const std::string& path) {
  I18nText out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (it->is_string()) {
    out[""] = it->get<std::string>();
    return out;
  }
  if (!it->is_object()) type_error(path, key, "a string or an object of locale -> text");
  for (auto t = it->begin(); t != it->end(); ++t) {
    if (!t->is_string()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be a string", path_key(path_key(path, key), t.key()));
    out[t.key()] = t->get<std::string>();
  }
  return out;
}

std::string pick_text(const I18nText& text, std::string_view locale) {
  if (text.empty()) return {};
  std::string lang(locale.substr(0, locale.find_first_of("-_")));
  for (std::string_view k : {locale, std::string_view(lang), std::string_view("en"), std::string_view("")}) {
    auto it = text.find(std::string(k));
    if (it != text.end()) return it->second;
  }
  return text.begin()->second;
}

}  // namespace promokit::games::cal
