// Validity windows and dayparts in a zone. Local time comes from the rules module's zone table
// (promokit/rules.hpp), so targeting rules and offer windows agree on what "11:00" means.
#include "promokit/offers.hpp"
#include "promokit/rules.hpp"

namespace promokit {

LocalDay local_day(Millis utc, std::string_view zone) {
  LocalTime t = local_time(utc, zone.empty() ? std::string_view("UTC") : zone);
  LocalDay d;
  d.year = t.year;
  d.month = t.month;
  d.day = t.day;
  d.weekday = t.weekday;
  d.minute_of_day = t.minute_of_day;
  return d;
}

bool in_dayparts(const std::vector<Daypart>& parts, const LocalDay& t) noexcept {
  if (parts.empty()) return true;
  const int today = t.weekday, yesterday = (t.weekday + 6) % 7;
  for (const Daypart& p : parts) {
    if (p.from_minute < p.to_minute) {
      if ((p.days >> today & 1) && t.minute_of_day >= p.from_minute && t.minute_of_day < p.to_minute) return true;
    } else {  // crosses midnight: the evening part belongs to the day, the morning part to the day after
      if ((p.days >> today & 1) && t.minute_of_day >= p.from_minute) return true;
      if ((p.days >> yesterday & 1) && t.minute_of_day < p.to_minute) return true;
    }
  }
  return false;
}

std::string_view window_reason(const Validity& v, Millis now, std::string_view zone) {
  if (v.start && now < *v.start) return reason::kNotStarted;
  if (v.end && now >= *v.end) return reason::kExpired;
  if (!v.dayparts.empty() && !in_dayparts(v.dayparts, local_day(now, v.zone.empty() ? zone : v.zone)))
    return reason::kOutsideWindow;
  return {};
}

}  // namespace promokit
