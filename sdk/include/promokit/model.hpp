#pragma once
// The data model of DESIGN.md §4 as C++ types. Every document is read from JSON by
// read_<kind>() (promokit/validate.hpp), which checks it against the same rules as the JSON
// Schemas in sdk/schema/. Money is integer minor units; time is Unix milliseconds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "promokit/json.hpp"

namespace promokit {

using Millis = std::int64_t;  // Unix time in milliseconds
using Money = std::int64_t;   // minor units (fen, cents) of a currency

// Localized text: locale -> text. A plain JSON string is stored under the key "".
using I18nText = std::map<std::string, std::string>;

enum class RewardType { Percent, Fixed, FreeGift, BuyXGetY, BonusPoints, PointsMultiplier };
enum class RewardTarget { Lines, Order };
enum class FixedPer { Order, Item, Unit };

struct Reward {
  RewardType type = RewardType::Percent;
  RewardTarget target = RewardTarget::Lines;
  std::int32_t percent_bp = 0;            // percent in basis points: 20 % == 2000 (percent, buy_x_get_y)
  Money amount = 0;                       // fixed
  FixedPer per = FixedPer::Order;         // fixed
  std::optional<Money> max_discount;      // cap for the whole offer
  std::string sku;                        // free_gift
  std::int32_t quantity = 1;              // free_gift
  std::int32_t buy = 0, get = 0;          // buy_x_get_y (bogo: 1 + 1 at 100 %)
  std::optional<std::int32_t> max_applications;  // missing: unlimited
  std::int64_t points = 0;                // bonus_points
  std::int32_t factor_pct = 100;          // points_multiplier, in percent: 2x == 200
};

struct Scope {
  std::vector<std::string> skus, categories, brands;                       // empty: everything
  std::vector<std::string> exclude_skus, exclude_categories, exclude_brands;
};

struct Conditions {
  Money min_spend = 0;
  std::int32_t min_quantity = 0;
  bool first_purchase = false;
  std::vector<std::string> stores;  // empty: every store
};

struct Daypart {
  std::uint8_t days = 0x7f;         // bit 0 = Monday ... bit 6 = Sunday
  std::int32_t from_minute = 0;     // minutes after local midnight
  std::int32_t to_minute = 1440;    // may be < from_minute: the window crosses midnight
};

struct Validity {
  std::optional<Millis> start, end;  // [start, end)
  std::string zone;                  // IANA name; empty: the engine's zone
  std::vector<Daypart> dayparts;     // empty: all day
};

struct Limits {
  std::optional<std::int64_t> total, per_customer, per_customer_per_day;
};

enum class CodeMode { None, Shared, Unique };
struct CodeSpec {
  CodeMode mode = CodeMode::None;
  std::string value;    // shared code
  std::string pattern;  // unique codes: the pattern they were generated with (optional)
};

struct Stacking {
  std::string group;  // empty: "product" at the item stage, "order" at the order stage
  bool exclusive = false;
  std::int32_t priority = 0;
};

struct Offer {
  std::string id;
  I18nText title, description;
  Reward reward;
  Scope scope;
  Conditions conditions;
  Json targeting;  // null: everyone; a text rule (string) or JsonLogic (object)
  Validity validity;
  Limits limits;
  CodeSpec code;
  Stacking stacking;
  std::vector<std::string> tags;
  std::string format = "banner";
  std::string brand, category;
  std::vector<std::string> malls;
  double boost = 0;
  std::int64_t points_cost = 0;
  bool requires_claim = false;
};

enum class PrizeKind { Offer, Points, Gift, None };
struct Prize {
  std::string id;
  PrizeKind kind = PrizeKind::None;
  std::string offer_id, sku;
  std::int64_t points = 0;
  double weight = 0;
  std::optional<std::int64_t> stock;
  Money cost = 0;
  double min_prob = 0, max_prob = 1;
  std::optional<std::int64_t> per_customer;
};

enum class Game { Wheel, Scratch, Daily };
struct PrizePool {
  std::string id;
  Game game = Game::Wheel;
  std::int64_t version = 1;
  std::optional<Money> budget;  // maximum expected cost per draw
  bool personalize = false;
  std::vector<Prize> prizes;
  Json entry;  // { rule, pointsCost } — read by the games module
};

struct Segment {
  std::string id;
  Json rule;  // text or JsonLogic
  I18nText description;
};

struct Catalog {
  std::int64_t version = 0;
  std::string currency;  // optional default currency
  std::vector<Offer> offers;
  std::vector<PrizePool> prize_pools;
  std::vector<Segment> segments;
  // Sections owned by later modules, kept as validated JSON until they are read there.
  Json model, calendar, templates, challenges, config;
};

struct Consents {
  bool wechat = false, email = false, sms = false, in_app = true;
};

struct Profile {
  std::string id, name, tier, gender, birthday;  // birthday "YYYY-MM-DD" or empty
  std::vector<std::string> interests, tags;
  std::string mall, city, zone, locale;
  std::optional<Millis> registered_at, last_active_at;
  Money spent = 0;
  std::int64_t orders = 0, points = 0;
  Consents consents;
  Json attributes;  // free-form custom fields, visible to rules
};

enum class EventType { View, Click, Claim, Redeem, Purchase, Dismiss, Share, GamePlay, Complaint, Message };
struct Event {
  std::string id;
  EventType type = EventType::View;
  Millis time = 0;
  std::string customer_id, offer_id, sku, category, brand, store, format;
  Money amount = 0;
};

struct CartLine {
  std::string id, sku, category, brand;
  Money unit_price = 0;
  std::int64_t quantity = 1;
};

struct Cart {
  std::string currency, store;
  std::vector<CartLine> lines;
};

std::string_view to_string(RewardType) noexcept;
std::string_view to_string(EventType) noexcept;
std::string_view to_string(PrizeKind) noexcept;
std::string_view to_string(Game) noexcept;

}  // namespace promokit
