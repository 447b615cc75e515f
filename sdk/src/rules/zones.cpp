// Local time for the zones promokit's shops use, from a compact built-in rule table: a standard
// offset plus, where the zone observes daylight saving, today's rule (EU, US, southern Australia,
// New Zealand). The current rules are applied to every year. "UTC+08:00" / "+05:30" name fixed
// offsets. See docs/rules.md for the list.
#include <array>
#include <cstdlib>

#include "promokit/rules.hpp"
#include "promokit/validate.hpp"
#include "rules/program.hpp"

namespace promokit {
namespace rules {

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_date(std::string_view s, int& y, int& m, int& d) {
  if (s.size() < 10 || (s.size() > 10 && s[10] != 'T' && s[10] != ' ')) return false;
  std::string_view date = s.substr(0, 10);
  if (!is_calendar_date(date)) return false;
  y = std::atoi(std::string(date.substr(0, 4)).c_str());
  m = std::atoi(std::string(date.substr(5, 2)).c_str());
  d = std::atoi(std::string(date.substr(8, 2)).c_str());
  return true;
}

namespace {

enum class Dst : std::uint8_t { None, EU, US, AU, NZ };
struct ZoneRule {
  std::string_view name;
  int offset;  // standard offset, minutes east of UTC
  Dst dst;
};

constexpr ZoneRule kZones[] = {
    {"UTC", 0, Dst::None}, {"Etc/UTC", 0, Dst::None}, {"GMT", 0, Dst::None},
    {"Asia/Shanghai", 480, Dst::None}, {"Asia/Hong_Kong", 480, Dst::None}, {"Asia/Taipei", 480, Dst::None},
    {"Asia/Macau", 480, Dst::None}, {"Asia/Singapore", 480, Dst::None}, {"Asia/Kuala_Lumpur", 480, Dst::None},
    {"Asia/Manila", 480, Dst::None}, {"Australia/Perth", 480, Dst::None},
    {"Asia/Tokyo", 540, Dst::None}, {"Asia/Seoul", 540, Dst::None},
    {"Asia/Bangkok", 420, Dst::None}, {"Asia/Jakarta", 420, Dst::None}, {"Asia/Ho_Chi_Minh", 420, Dst::None},
    {"Asia/Kolkata", 330, Dst::None}, {"Asia/Karachi", 300, Dst::None}, {"Asia/Dubai", 240, Dst::None},
    {"Asia/Riyadh", 180, Dst::None}, {"Asia/Qatar", 180, Dst::None}, {"Africa/Nairobi", 180, Dst::None},
    {"Africa/Dar_es_Salaam", 180, Dst::None}, {"Africa/Addis_Ababa", 180, Dst::None},
    {"Europe/Moscow", 180, Dst::None}, {"Europe/Istanbul", 180, Dst::None},
    {"Africa/Johannesburg", 120, Dst::None}, {"Africa/Lagos", 60, Dst::None},
    {"Europe/London", 0, Dst::EU}, {"Europe/Dublin", 0, Dst::EU}, {"Europe/Lisbon", 0, Dst::EU},
    {"Europe/Paris", 60, Dst::EU}, {"Europe/Berlin", 60, Dst::EU}, {"Europe/Madrid", 60, Dst::EU},
    {"Europe/Rome", 60, Dst::EU}, {"Europe/Amsterdam", 60, Dst::EU}, {"Europe/Brussels", 60, Dst::EU},
    {"Europe/Vienna", 60, Dst::EU}, {"Europe/Zurich", 60, Dst::EU}, {"Europe/Stockholm", 60, Dst::EU},
    {"Europe/Oslo", 60, Dst::EU}, {"Europe/Copenhagen", 60, Dst::EU}, {"Europe/Warsaw", 60, Dst::EU},
    {"Europe/Prague", 60, Dst::EU}, {"Europe/Budapest", 60, Dst::EU}, {"Europe/Luxembourg", 60, Dst::EU},
    {"Europe/Athens", 120, Dst::EU}, {"Europe/Helsinki", 120, Dst::EU}, {"Europe/Kyiv", 120, Dst::EU},
    {"Europe/Kiev", 120, Dst::EU}, {"Europe/Bucharest", 120, Dst::EU}, {"Europe/Sofia", 120, Dst::EU},
    {"Europe/Riga", 120, Dst::EU}, {"Europe/Tallinn", 120, Dst::EU}, {"Europe/Vilnius", 120, Dst::EU},
    {"America/New_York", -300, Dst::US}, {"America/Toronto", -300, Dst::US}, {"America/Detroit", -300, Dst::US},
    {"America/Chicago", -360, Dst::US}, {"America/Denver", -420, Dst::US}, {"America/Phoenix", -420, Dst::None},
    {"America/Los_Angeles", -480, Dst::US}, {"America/Vancouver", -480, Dst::US}, {"America/Anchorage", -540, Dst::US},
    {"Pacific/Honolulu", -600, Dst::None}, {"America/Mexico_City", -360, Dst::None}, {"America/Sao_Paulo", -180, Dst::None},
    {"Australia/Sydney", 600, Dst::AU}, {"Australia/Melbourne", 600, Dst::AU}, {"Australia/Brisbane", 600, Dst::None},
    {"Pacific/Auckland", 720, Dst::NZ},
};

constexpr std::int64_t kMinuteMs = 60000, kDayMs = 86400000;

int weekday_of(std::int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }  // 1970-01-01 was a Thursday

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Day number of the nth (1-based) Sunday of a month, or of the last one (n == 0).
std::int64_t sunday(int y, int m, int n) {
  if (n == 0) {
    std::int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    return last - (weekday_of(last) + 1) % 7;
  }
  std::int64_t first = days_from_civil(y, m, 1);
  return first + (6 - weekday_of(first) + 7) % 7 + 7 * (n - 1);
}

// UTC millisecond at which local standard (or daylight) wall time `minute` of day `day` happens.
std::int64_t at(std::int64_t day, int minute, int offset) { return (day * 1440 + minute - offset) * kMinuteMs; }

bool in_dst(const ZoneRule& z, std::int64_t utc, int year) {
  switch (z.dst) {
    case Dst::None: return false;
    case Dst::EU: return utc >= at(sunday(year, 3, 0), 60, 0) && utc < at(sunday(year, 10, 0), 60, 0);
    case Dst::US: return utc >= at(sunday(year, 3, 2), 120, z.offset) && utc < at(sunday(year, 11, 1), 120, z.offset + 60);
    case Dst::AU: return !(utc >= at(sunday(year, 4, 1), 180, z.offset + 60) && utc < at(sunday(year, 10, 1), 120, z.offset));
    case Dst::NZ: return !(utc >= at(sunday(year, 4, 1), 180, z.offset + 60) && utc < at(sunday(year, 9, 0), 120, z.offset));
  }
  return false;
}

// "UTC+08:00", "+0530", "-03:00" -> minutes; false if not such a name.
bool fixed_offset(std::string_view s, int& offset) {
  if (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "GMT") s.remove_prefix(3);
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return false;
  std::string digits;
  for (char c : s.substr(1))
    if (c != ':') digits += c;
  if ((digits.size() != 2 && digits.size() != 4) || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  int h = std::atoi(digits.substr(0, 2).c_str()), m = digits.size() == 4 ? std::atoi(digits.substr(2).c_str()) : 0;
  if (h > 14 || m > 59) return false;
  offset = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

const ZoneRule* find_zone(std::string_view name) {
  for (const auto& z : kZones)
    if (z.name == name) return &z;
  return nullptr;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

}  // namespace
}  // namespace rules

bool is_known_zone(std::string_view zone) noexcept {
  int offset;
  return rules::find_zone(zone) || rules::fixed_offset(zone, offset);
}

std::vector<std::string> known_zones() {
  std::vector<std::string> out;
  for (const auto& z : rules::kZones) out.emplace_back(z.name);
  return out;
}

LocalTime local_time(Millis utc, std::string_view zone) {
  using namespace rules;
  int offset = 0;
  const ZoneRule* z = find_zone(zone);
  if (!z && !fixed_offset(zone, offset)) throw Error(ErrorCode::PK_RULE_UNKNOWN_ZONE, "unknown time zone '" + std::string(zone) + "'");
  if (z) {
    offset = z->offset;
    int y, m, d;
    civil_from_days(floor_div(utc + offset * kMinuteMs, kDayMs), y, m, d);
    if (in_dst(*z, utc, y)) offset += 60;
  }
  std::int64_t local = utc + offset * kMinuteMs;
  std::int64_t day = floor_div(local, kDayMs);
  LocalTime t{};
  civil_from_days(day, t.year, t.month, t.day);
  t.weekday = weekday_of(day);
  t.minute_of_day = static_cast<int>((local - day * kDayMs) / kMinuteMs);
  t.offset_minutes = offset;
  return t;
}

}  // namespace promokit
