#pragma once
// Helpers shared inside the games module and with notify (which builds on games).
#include <string>
#include <string_view>

#include "promokit/games.hpp"
#include "promokit/rules.hpp"

namespace promokit::games {

// Exact: sum(cost_i * weight_i) <= budget * kWeightTotal in 128-bit integers.
bool within_budget(const PrizePool& pool, const Distribution& d);

// Whether the pool has an entry rule (pool.entry.rule, not null), and that rule compiled for
// profiles with the catalog's segments (check_entry's rule).
bool has_entry_rule(const PrizePool& pool);
Rule compile_entry_rule(const PrizePool& pool, const Catalog& catalog);

// Local calendar arithmetic over the rules module's zone table.
namespace cal {

inline constexpr Millis kDayMs = 86400000, kMinuteMs = 60000;

// The first non-empty zone of the two, else "UTC" (a view of an argument or of the literal).
std::string_view zone_or(std::string_view zone, std::string_view fallback) noexcept;
// Days since 1970-01-01 of a local calendar date.
std::int64_t day_number(int year, int month, int day);
std::int64_t day_number(const LocalTime& t);
// The calendar date of a day number.
LocalTime date_of(std::int64_t day);
// "YYYY-MM-DD".
std::string date_text(int year, int month, int day);
// The UTC instant at which local wall time `minute` of local day `day` happens in `zone`.
Millis utc_at(std::int64_t day, int minute, std::string_view zone);
// Integer field of a JSON object: missing -> fallback; present but not an integer in
// [min, max] -> PK_SCHEMA_TYPE / PK_SCHEMA_RANGE naming path.key.
std::int64_t int_field(const Json& obj, const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max,
                       const std::string& path);
// String field: missing -> fallback; not a string -> PK_SCHEMA_TYPE.
std::string text_field(const Json& obj, const char* key, std::string_view fallback, const std::string& path);
// Localized text ({ "en": ..., "zh": ... } or a plain string) -> I18nText; PK_SCHEMA_TYPE otherwise.
I18nText i18n_field(const Json& obj, const char* key, const std::string& path);
// The text for a locale: exact ("zh-CN"), then its language ("zh"), then "en", then "", then any.
std::string pick_text(const I18nText& text, std::string_view locale);

}  // namespace cal
}  // namespace promokit::games
