#pragma once
// Offers as a shopper sees them: validity windows and dayparts in a zone, the reasons an offer
// is not available, and the localized text of an offer card. The Engine (promokit/engine.hpp)
// puts these together with targeting, limits, the wallet and loyalty points. docs/offers.md.
#include <string>
#include <string_view>
#include <vector>

#include "promokit/model.hpp"
#include "promokit/pricing.hpp"

namespace promokit {

// Why an offer is not available (machine-readable, stable); see also the pricing reasons in
// promokit/pricing.hpp.
namespace reason {
inline constexpr std::string_view kNotStarted = "NOT_STARTED";             // before validity.start
inline constexpr std::string_view kExpired = "EXPIRED";                    // at or after validity.end
inline constexpr std::string_view kOutsideWindow = "OUTSIDE_WINDOW";       // outside every daypart
inline constexpr std::string_view kNotInSegment = "NOT_IN_SEGMENT";        // the targeting rule says no
inline constexpr std::string_view kFirstPurchaseOnly = "FIRST_PURCHASE_ONLY";
inline constexpr std::string_view kLimitReached = "LIMIT_REACHED";         // total, per customer or per day
inline constexpr std::string_view kInsufficientPoints = "INSUFFICIENT_POINTS";  // pointsCost above the balance
inline constexpr std::string_view kCodeRequired = "CODE_REQUIRED";         // code offer, no (valid) code entered
inline constexpr std::string_view kNotClaimed = "NOT_CLAIMED";             // requiresClaim, not in the wallet
inline constexpr std::string_view kNotInMall = "NOT_IN_MALL";              // offer.malls excludes the shopper's mall
}  // namespace reason

// The local calendar position of a Unix time in a zone (reuses the rules module's zone table;
// an unknown zone throws PK_RULE_UNKNOWN_ZONE).
struct LocalDay {
  int year = 1970, month = 1, day = 1;
  int weekday = 3;       // 0 = Monday
  int minute_of_day = 0;
  int key() const noexcept { return year * 10000 + month * 100 + day; }  // e.g. 20260101
};
LocalDay local_day(Millis utc, std::string_view zone);

// True when the local time falls in one of the dayparts (none: all day). A daypart whose
// "to" is not after "from" crosses midnight: "fri 22:00-02:00" is Friday 22:00 to Saturday 02:00,
// its days naming the day it starts.
bool in_dayparts(const std::vector<Daypart>& parts, const LocalDay& t) noexcept;

// "" when the offer is valid at `now`, else NOT_STARTED, EXPIRED or OUTSIDE_WINDOW. The
// validity's zone, or `zone` when it names none.
std::string_view window_reason(const Validity& v, Millis now, std::string_view zone);

// Money for people: "¥30", "¥29.90", "$5", "€12.50", "JP¥500". Minor units per ISO 4217
// (0 for JPY and KRW, 2 otherwise); the symbol from a short table, else the code ("CHF 12").
std::string format_money(Money amount, std::string_view currency);

// The text for `locale` ("zh-CN" falls back to "zh", then "en", then "", then any).
std::string localized(const I18nText& text, std::string_view locale);

// What a card says (en and zh; other locales fall back to en):
//   percent 20       "20% off"                 "8折"
//   fixed + minSpend "¥30 off ¥200"            "满200减30"
//   buy 2 get 1      "Buy 2 get 1 free"        "买2送1"
//   bogo 50 %        "Buy 1 get 1 at 50% off"  "第2件5折"
std::string discount_text(const Offer& offer, std::string_view locale, std::string_view currency);
// The conditions in one line ("Min. spend ¥200 · Up to ¥50 off"), empty when there are none.
std::string conditions_text(const Offer& offer, std::string_view locale, std::string_view currency);

}  // namespace promokit
