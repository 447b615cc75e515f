// Typed reading of every document kind, with the violations' JSON paths. The rules here and
// the JSON Schemas in sdk/schema/ describe the same documents; tests/js/schemas.test.mjs
// checks that both reject the same bad documents.
#include <algorithm>
#include <cmath>
#include <set>

#include "json/tape.hpp"
#include "promokit/event_fields.hpp"
#include "promokit/validate.hpp"

namespace promokit {

void Diagnostics::report(ErrorCode code, std::string path, std::string message) {
  if (!collect_all_) throw Error(code, std::move(message), std::move(path));
  if (issues_.size() < max_issues_) issues_.push_back({code, std::move(path), std::move(message)});
}

namespace {

constexpr std::size_t kMaxId = 128;
constexpr std::size_t kMaxText = 4096;
constexpr std::int64_t kMaxMoney = 1'000'000'000'000'000LL;  // 10^15 minor units
constexpr std::int64_t kMaxCount = 1'000'000'000'000LL;
constexpr Millis kMaxTime = 253402300799999LL;  // 9999-12-31T23:59:59.999Z

std::string show(const Json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// A reader takes either value: nlohmann's DOM (profiles, events, carts) or the tape (catalogs,
// offers and prize pools, which are read far more often and are far larger).
using TapeValue = JsonTape::Value;
const Json* member(const Json& j, std::string_view key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
const TapeValue* member(const TapeValue& j, std::string_view key) { return j.find(key); }
std::string_view text_of(const Json& v) { return v.get_ref<const std::string&>(); }
std::string_view text_of(const TapeValue& v) { return v.str(); }
template <class F>
void for_each_member(const Json& v, F&& f) {
  for (auto it = v.begin(); it != v.end(); ++it) f(std::string_view(it.key()), it.value());
}
template <class F>
void for_each_member(const TapeValue& v, F&& f) {
  v.for_each_member(f);
}
Json as_json(const TapeValue& v) { return v.to_json(); }
std::string show(const TapeValue& v) { return show(v.to_json()); }

// Where a value sits: a path given whole, or a member or element of a parent Where. The path's
// text is built only for a violation (building it for every nested object of every offer was a
// sixth of reading a catalog). A child points to its parent: it must not outlive it.
class Where {
 public:
  Where(std::string root) : root_(std::move(root)) {}
  Where(const char* root) : root_(root) {}
  Where(const Where& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Where(const Where& parent, std::size_t index) : parent_(&parent), index_(index), is_index_(true) {}
  std::string str() const {
    if (!parent_) return root_;
    return is_index_ ? path_index(parent_->str(), index_) : path_key(parent_->str(), key_);
  }

 private:
  const Where* parent_ = nullptr;
  std::string root_;
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

// Reads the fields of one JSON object, reporting violations under its path.
template <class V>
class Fields {
 public:
  Fields(const V& j, Where where, Diagnostics& d) : j_(j), where_(std::move(where)), d_(d) {
    ok_ = j.is_object();
    if (!ok_) d_.report(ErrorCode::PK_SCHEMA_TYPE, where_.str(), std::string("must be an object, not ") + std::string(json_type_name(j)));
  }
  bool ok() const { return ok_; }
  std::string sub(std::string_view key) const { return path_key(where_.str(), key); }
  // A child object's place, for its own Fields or reader (this Fields must outlive it).
  Where at(std::string_view key) const { return Where(where_, key); }
  Diagnostics& diag() { return d_; }

  // The value of key, or nullptr when absent or null (null means "not given" for optional fields).
  const V* find(std::string_view key) const {
    if (!ok_) return nullptr;
    const V* v = member(j_, key);
    return v && !v->is_null() ? v : nullptr;
  }
  const V* need(std::string_view key) {
    const V* v = find(key);
    if (!v && ok_) d_.report(ErrorCode::PK_SCHEMA_REQUIRED, sub(key), "is required");
    return v;
  }
  // Reports are out of line and cold: inlined, each field reader carried its messages' string
  // building, and the readers of a catalog's offers grew past what V8 keeps in baseline code.
  [[gnu::noinline, gnu::cold]] bool type_error(std::string_view key, const V& v, std::string_view want) {
    d_.report(ErrorCode::PK_SCHEMA_TYPE, sub(key),
              "must be " + std::string(want) + ", not " + std::string(json_type_name(v)));
    return false;
  }

  bool str(std::string_view key, std::string& out, bool required = false, std::size_t max_len = kMaxText) {
    const V* v = required ? need(key) : find(key);
    if (!v) return false;
    if (!v->is_string()) return type_error(key, *v, "a string");
    std::string_view s = text_of(*v);
    if (s.size() > max_len) return too_long(sub(key), max_len);
    out = s;
    return true;
  }
  bool id(std::string_view key, std::string& out, bool required = true) {
    if (!str(key, out, required, kMaxId)) return false;
    if (out.empty()) {
      d_.report(ErrorCode::PK_SCHEMA_FORMAT, sub(key), "must not be empty");
      return false;
    }
    return true;
  }
  bool integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max, bool required = false) {
    const V* v = required ? need(key) : find(key);
    if (!v) return false;
    std::int64_t x;
    if (v->is_number_integer()) x = v->template get<std::int64_t>();
    else if (v->is_number_unsigned()) x = v->template get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : v->template get<std::int64_t>();
    else if (v->is_number_float() && std::floor(v->template get<double>()) == v->template get<double>() && std::fabs(v->template get<double>()) < 9e15)
      x = static_cast<std::int64_t>(v->template get<double>());
    else return type_error(key, *v, "an integer");
    if (x < min || x > max) return out_of_range(key, min, max, x);
    out = x;
    return true;
  }
  template <class T>
  bool integer_as(std::string_view key, T& out, std::int64_t min, std::int64_t max, bool required = false) {
    std::int64_t x;
    if (!integer(key, x, min, max, required)) return false;
    out = static_cast<T>(x);
    return true;
  }
  template <class T>
  bool opt_integer(std::string_view key, std::optional<T>& out, std::int64_t min, std::int64_t max) {
    std::int64_t x;
    if (!integer(key, x, min, max)) return false;
    out = static_cast<T>(x);
    return true;
  }
  bool number(std::string_view key, double& out, double min, double max, bool required = false) {
    const V* v = required ? need(key) : find(key);
    if (!v) return false;
    if (!v->is_number()) return type_error(key, *v, "a number");
    double x = v->template get<double>();
    if (!(x >= min && x <= max)) return out_of_range(key, min, max, x);
    out = x;
    return true;
  }
  bool boolean(std::string_view key, bool& out) {
    const V* v = find(key);
    if (!v) return false;
    if (!v->is_boolean()) return type_error(key, *v, "true or false");
    out = v->template get<bool>();
    return true;
  }
  bool strings(std::string_view key, std::vector<std::string>& out, std::size_t max_len = kMaxId) {
    const V* v = find(key);
    if (!v) return false;
    if (!v->is_array()) return type_error(key, *v, "an array of strings");
    out.clear();
    std::size_t i = 0;
    for (const V& e : *v) {
      std::size_t at = i++;
      if (!e.is_string()) {
        d_.report(ErrorCode::PK_SCHEMA_TYPE, path_index(sub(key), at), std::string("must be a string, not ") + std::string(json_type_name(e)));
        continue;
      }
      std::string_view s = text_of(e);
      if (s.size() > max_len) {
        too_long(path_index(sub(key), at), max_len);
        continue;
      }
      out.emplace_back(s);
    }
    return true;
  }
  bool i18n(std::string_view key, I18nText& out) {
    const V* v = find(key);
    if (!v) return false;
    if (v->is_string()) {
      out[""] = v->template get<std::string>();
      return true;
    }
    if (!v->is_object()) return type_error(key, *v, "a string or an object of locale -> text");
    for_each_member(*v, [&](std::string_view k, const V& value) {
      if (!value.is_string()) d_.report(ErrorCode::PK_SCHEMA_TYPE, path_key(sub(key), k), "must be a string");
      else out[std::string(k)] = text_of(value);
    });
    return true;
  }
  template <class E, std::size_t N>
  bool choice(std::string_view key, E& out, const std::pair<const char*, E> (&table)[N], bool required = false) {
    const V* v = required ? need(key) : find(key);
    if (!v) return false;
    if (!v->is_string()) return type_error(key, *v, "a string");
    std::string_view s = text_of(*v);
    for (const auto& [name, value] : table) {
      if (s == name) {
        out = value;
        return true;
      }
    }
    return not_one_of(key, *v, table);
  }
  template <class E, std::size_t N>
  [[gnu::noinline, gnu::cold]] bool not_one_of(std::string_view key, const V& v, const std::pair<const char*, E> (&table)[N]) {
    std::string allowed;
    for (const auto& [name, value] : table) {
      allowed += allowed.empty() ? "" : ", ";
      allowed += '"' + std::string(name) + '"';
    }
    d_.report(ErrorCode::PK_SCHEMA_ENUM, sub(key), "must be one of " + allowed + ", not " + show(v));
    return false;
  }
  [[gnu::noinline, gnu::cold]] bool too_long(const std::string& path, std::size_t max_len) {
    d_.report(ErrorCode::PK_SCHEMA_RANGE, path, "must be at most " + std::to_string(max_len) + " bytes long");
    return false;
  }
  [[gnu::noinline, gnu::cold]] bool out_of_range(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t x) {
    d_.report(ErrorCode::PK_SCHEMA_RANGE, sub(key),
              "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " + std::to_string(x));
    return false;
  }
  [[gnu::noinline, gnu::cold]] bool out_of_range(std::string_view key, double min, double max, double x) {
    d_.report(ErrorCode::PK_SCHEMA_RANGE, sub(key), "must be between " + fmt(min) + " and " + fmt(max) + ", not " + fmt(x));
    return false;
  }
  // An object-valued child; nullptr (after reporting) when present but not an object.
  const V* object(std::string_view key, bool required = false) {
    const V* v = required ? need(key) : find(key);
    if (v && !v->is_object()) {
      type_error(key, *v, "an object");
      return nullptr;
    }
    return v;
  }
  const V* array(std::string_view key, bool required = false) {
    const V* v = required ? need(key) : find(key);
    if (v && !v->is_array()) {
      type_error(key, *v, "an array");
      return nullptr;
    }
    return v;
  }

 private:
  static std::string fmt(double x) {
    std::string s = Json(x).dump();
    return s;
  }
  const V& j_;
  Where where_;
  Diagnostics& d_;
  bool ok_;
};

const std::pair<const char*, RewardType> kRewardTypes[] = {
    {"percent", RewardType::Percent},       {"fixed", RewardType::Fixed},
    {"free_gift", RewardType::FreeGift},    {"buy_x_get_y", RewardType::BuyXGetY},
    {"bogo", RewardType::BuyXGetY},         {"bonus_points", RewardType::BonusPoints},
    {"points_multiplier", RewardType::PointsMultiplier}};
const std::pair<const char*, RewardTarget> kTargets[] = {{"lines", RewardTarget::Lines}, {"order", RewardTarget::Order}};
const std::pair<const char*, FixedPer> kPer[] = {{"order", FixedPer::Order}, {"item", FixedPer::Item}, {"unit", FixedPer::Unit}};
const std::pair<const char*, CodeMode> kCodeModes[] = {{"none", CodeMode::None}, {"shared", CodeMode::Shared}, {"unique", CodeMode::Unique}};
const std::pair<const char*, PrizeKind> kPrizeKinds[] = {
    {"offer", PrizeKind::Offer}, {"points", PrizeKind::Points}, {"gift", PrizeKind::Gift}, {"none", PrizeKind::None}};
const std::pair<const char*, Game> kGames[] = {{"wheel", Game::Wheel}, {"scratch", Game::Scratch}, {"daily", Game::Daily}};
const std::pair<const char*, EventType> kEventTypes[] = {
    {"view", EventType::View},         {"click", EventType::Click},         {"claim", EventType::Claim},
    {"redeem", EventType::Redeem},     {"purchase", EventType::Purchase},   {"dismiss", EventType::Dismiss},
    {"share", EventType::Share},       {"game_play", EventType::GamePlay},  {"complaint", EventType::Complaint},
    {"message", EventType::Message}};
const std::pair<const char*, std::string_view> kFormats[] = {
    {"banner", "banner"}, {"carousel", "carousel"}, {"qr", "qr"}, {"card", "card"}, {"popup", "popup"}};
const std::pair<const char*, std::string_view> kGenders[] = {
    {"male", "male"}, {"female", "female"}, {"other", "other"}, {"unknown", "unknown"}};

template <class E, std::size_t N>
std::string_view name_of(E value, const std::pair<const char*, E> (&table)[N]) {
  for (const auto& [name, v] : table)
    if (v == value) return name;
  return "";
}

void read_targeting(Fields<TapeValue>& f, std::string_view key, Json& out) {
  const TapeValue* v = f.find(key);
  if (!v) return;
  if (!v->is_string() && !v->is_object() && !v->is_boolean()) {
    f.type_error(key, *v, "a rule (text or a JsonLogic object)");
    return;
  }
  out = as_json(*v);
}

void check_unique(Diagnostics& d, const std::string& list_path, const std::vector<std::string>& ids, const char* what) {
  // Sorted views tell whether any id repeats without a set node per id (a catalog's thousand
  // offers); only a list with a repeat is walked again to report each one where it occurs.
  std::vector<std::string_view> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end(), [](std::string_view a, std::string_view b) { return !a.empty() && a == b; }) == sorted.end())
    return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!ids[i].empty() && !seen.insert(ids[i]).second)
      d.report(ErrorCode::PK_SCHEMA_DUPLICATE, path_key(path_index(list_path, i), "id"),
               std::string(what) + " id \"" + ids[i] + "\" is used more than once");
}

// The larger reward kinds out of line, so that read_reward stays small (see read_offer).
[[gnu::noinline]] void read_percent(Fields<TapeValue>& f, Reward& r) {
  const TapeValue* v = f.need("percent");
  if (v && !v->is_number()) f.type_error("percent", *v, "a number");
  else if (v) {
    double p = v->get<double>();
    if (!(p > 0 && p <= 100)) f.diag().report(ErrorCode::PK_SCHEMA_RANGE, f.sub("percent"), "must be 0 < p <= 100");
    else if (std::fabs(p * 100 - std::round(p * 100)) > 1e-9)
      f.diag().report(ErrorCode::PK_SCHEMA_FORMAT, f.sub("percent"), "must have at most two decimals");
    else r.percent_bp = static_cast<std::int32_t>(std::lround(p * 100));
  }
}

[[gnu::noinline]] void read_buy_x_get_y(Fields<TapeValue>& f, bool bogo, Reward& r) {
  r.buy = r.get = 1;
  r.percent_bp = 10000;
  f.integer_as("buy", r.buy, 1, 1000, !bogo);
  f.integer_as("get", r.get, 1, 1000, !bogo);
  double pct = 100;
  if (f.number("percent", pct, 0, 100)) {
    if (pct <= 0) f.diag().report(ErrorCode::PK_SCHEMA_RANGE, f.sub("percent"), "must be 0 < p <= 100");
    r.percent_bp = static_cast<std::int32_t>(std::lround(pct * 100));
  }
  f.opt_integer("maxApplications", r.max_applications, 1, 1000000);
}

[[gnu::noinline]] Reward read_reward(const TapeValue& j, Diagnostics& d, const Where& where) {
  Reward r;
  Fields f(j, where, d);
  if (!f.ok()) return r;
  const TapeValue* type = f.need("type");
  std::string type_name = type && type->is_string() ? type->get<std::string>() : "";
  if (type) f.choice("type", r.type, kRewardTypes);
  f.choice("target", r.target, kTargets);
  if (const TapeValue* cap = f.find("maxDiscount")) {
    (void)cap;
    f.opt_integer("maxDiscount", r.max_discount, 1, kMaxMoney);
  }
  switch (r.type) {
    case RewardType::Percent:
      if (type) read_percent(f, r);
      break;
    case RewardType::Fixed:
      f.integer("amount", r.amount, 1, kMaxMoney, true);
      f.choice("per", r.per, kPer);
      break;
    case RewardType::FreeGift:
      f.id("sku", r.sku);
      f.integer_as("quantity", r.quantity, 1, 1000);
      break;
    case RewardType::BuyXGetY:
      read_buy_x_get_y(f, type_name == "bogo", r);
      break;
    case RewardType::BonusPoints:
      f.integer("points", r.points, 1, kMaxCount, true);
      break;
    case RewardType::PointsMultiplier: {
      double factor = 1;
      if (f.number("factor", factor, 1, 100, true)) r.factor_pct = static_cast<std::int32_t>(std::lround(factor * 100));
      break;
    }
  }
  return r;
}

// Dayparts, which few offers have, out of line (see read_offer).
[[gnu::noinline]] void read_dayparts(const TapeValue& parts, Diagnostics& d, const Where& parts_at, std::vector<Daypart>& out) {
  std::size_t i = 0;
  for (const TapeValue& part_value : parts) {
    Fields dp(part_value, Where(parts_at, i++), d);
    if (!dp.ok()) continue;
    Daypart part;
    std::string days = "daily", from = "00:00", to = "24:00";
    dp.str("days", days, false, 64);
    dp.str("from", from, false, 8);
    dp.str("to", to, false, 8);
    int mask = parse_days(days), a = parse_hhmm(from), b = parse_hhmm(to);
    if (mask < 0) d.report(ErrorCode::PK_SCHEMA_FORMAT, dp.sub("days"), "must be days like \"mon-fri\", \"sat,sun\" or \"daily\"");
    if (a < 0 || a == 1440) d.report(ErrorCode::PK_SCHEMA_FORMAT, dp.sub("from"), "must be a time HH:MM from 00:00 to 23:59");
    if (b < 0) d.report(ErrorCode::PK_SCHEMA_FORMAT, dp.sub("to"), "must be a time HH:MM from 00:00 to 24:00");
    if (a >= 0 && b >= 0 && a == b) d.report(ErrorCode::PK_SCHEMA_CONSTRAINT, dp.sub("to"), "must differ from \"from\"");
    if (mask >= 0) part.days = static_cast<std::uint8_t>(mask);
    if (a >= 0) part.from_minute = a;
    if (b >= 0) part.to_minute = b;
    out.push_back(part);
  }
}

[[gnu::noinline]] Validity read_validity(const TapeValue& j, Diagnostics& d, const Where& where) {
  Validity v;
  Fields f(j, where, d);
  if (!f.ok()) return v;
  f.opt_integer("start", v.start, 0, kMaxTime);
  f.opt_integer("end", v.end, 0, kMaxTime);
  f.str("zone", v.zone, false, 64);
  if (v.start && v.end && *v.end <= *v.start)
    d.report(ErrorCode::PK_SCHEMA_CONSTRAINT, f.sub("end"), "must be after start");
  if (const TapeValue* parts = f.array("dayparts")) read_dayparts(*parts, d, f.at("dayparts"), v.dayparts);
  return v;
}

}  // namespace

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))), dd = std::stoi(std::string(s.substr(8, 2)));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || dd < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return dd <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

int parse_days(std::string_view s) {
  static const char* kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto day = [](std::string_view t) -> int {
    for (int i = 0; i < 7; ++i)
      if (t == kNames[i]) return i;
    return -1;
  };
  if (s == "daily" || s == "all" || s == "mon-sun") return 0x7f;
  if (s == "weekdays") return 0x1f;
  if (s == "weekends") return 0x60;
  int mask = 0;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t comma = s.find(',', i);
    std::string_view part = s.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
    std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      int d = day(part);
      if (d < 0) return -1;
      mask |= 1 << d;
    } else {
      int a = day(part.substr(0, dash)), b = day(part.substr(dash + 1));
      if (a < 0 || b < 0) return -1;
      for (int d = a;; d = (d + 1) % 7) {  // ranges may wrap: "fri-mon"
        mask |= 1 << d;
        if (d == b) break;
      }
    }
    if (comma == std::string_view::npos) break;
    i = comma + 1;
  }
  return mask ? mask : -1;
}

int parse_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return -1;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

namespace {

// An offer's sections, each read out of line. V8 tiers a wasm function up once its calls have
// passed over about 1.8 MB of its body, so a reader of every section, inlined into one 12 KB
// function, was recompiled optimised after ~150 offers — 30 ms of a compiler thread competing
// with the main thread of a cold createEngine on a small machine. Each section's reader is small
// enough to stay in baseline code over a catalog of a thousand offers, and cheap to optimise
// where a larger one makes it hot (docs/architecture.md, "Code for a cold start").
[[gnu::noinline]] void read_scope(const TapeValue& s, Diagnostics& d, const Where& where, Scope& scope) {
  Fields sf(s, where, d);
  sf.strings("skus", scope.skus);
  sf.strings("categories", scope.categories);
  sf.strings("brands", scope.brands);
  sf.strings("excludeSkus", scope.exclude_skus);
  sf.strings("excludeCategories", scope.exclude_categories);
  sf.strings("excludeBrands", scope.exclude_brands);
}

[[gnu::noinline]] void read_conditions(const TapeValue& c, Diagnostics& d, const Where& where, Conditions& conditions) {
  Fields cf(c, where, d);
  cf.integer("minSpend", conditions.min_spend, 0, kMaxMoney);
  cf.integer_as("minQuantity", conditions.min_quantity, 0, 1000000);
  cf.boolean("firstPurchase", conditions.first_purchase);
  cf.strings("stores", conditions.stores);
}

[[gnu::noinline]] void read_limits(const TapeValue& l, Diagnostics& d, const Where& where, Limits& limits) {
  Fields lf(l, where, d);
  lf.opt_integer("total", limits.total, 0, kMaxCount);
  lf.opt_integer("perCustomer", limits.per_customer, 0, kMaxCount);
  lf.opt_integer("perCustomerPerDay", limits.per_customer_per_day, 0, kMaxCount);
}

[[gnu::noinline]] void read_code(const TapeValue& c, Diagnostics& d, const Where& where, CodeSpec& code) {
  Fields cf(c, where, d);
  cf.choice("mode", code.mode, kCodeModes);
  cf.str("pattern", code.pattern, false, 64);
  if (code.mode == CodeMode::Shared) {
    if (cf.str("value", code.value, true, 64) && code.value.empty())
      d.report(ErrorCode::PK_SCHEMA_FORMAT, cf.sub("value"), "must not be empty");
  }
}

[[gnu::noinline]] void read_stacking(const TapeValue& s, Diagnostics& d, const Where& where, Stacking& stacking) {
  Fields sf(s, where, d);
  sf.str("group", stacking.group, false, kMaxId);
  sf.boolean("exclusive", stacking.exclusive);
  sf.integer_as("priority", stacking.priority, -1000000, 1000000);
}

// The offer's own scalar and list fields after its sections.
[[gnu::noinline]] void read_offer_fields(Fields<TapeValue>& f, Offer& o) {
  f.strings("tags", o.tags);
  std::string_view format = o.format;
  if (f.choice("format", format, kFormats)) o.format = std::string(format);
  f.str("brand", o.brand, false, kMaxId);
  f.str("category", o.category, false, kMaxId);
  f.strings("malls", o.malls);
  f.number("boost", o.boost, -1000, 1000);
  f.integer("pointsCost", o.points_cost, 0, kMaxCount);
  f.boolean("requiresClaim", o.requires_claim);
}

// Into an offer already in place (the catalog's list): returned by value, each offer was moved
// into the list and the moved-from one destroyed.
void read_offer_into(Offer& o, const TapeValue& j, Diagnostics& d, const Where& where) {
  Fields f(j, where, d);
  if (!f.ok()) return;
  f.id("id", o.id);
  f.i18n("title", o.title);
  f.i18n("description", o.description);
  if (const TapeValue* r = f.need("reward")) o.reward = read_reward(*r, d, f.at("reward"));
  if (const TapeValue* s = f.object("scope")) read_scope(*s, d, f.at("scope"), o.scope);
  if (const TapeValue* c = f.object("conditions")) read_conditions(*c, d, f.at("conditions"), o.conditions);
  read_targeting(f, "targeting", o.targeting);
  if (const TapeValue* v = f.object("validity")) o.validity = read_validity(*v, d, f.at("validity"));
  if (const TapeValue* l = f.object("limits")) read_limits(*l, d, f.at("limits"), o.limits);
  if (const TapeValue* c = f.object("code")) read_code(*c, d, f.at("code"), o.code);
  if (const TapeValue* s = f.object("stacking")) read_stacking(*s, d, f.at("stacking"), o.stacking);
  read_offer_fields(f, o);
}

Offer read_offer(const TapeValue& j, Diagnostics& d, const Where& where) {
  Offer o;
  read_offer_into(o, j, d, where);
  return o;
}

PrizePool read_prize_pool(const TapeValue& j, Diagnostics& d, const Where& where) {
  PrizePool p;
  Fields f(j, where, d);
  if (!f.ok()) return p;
  f.id("id", p.id);
  f.choice("game", p.game, kGames, true);
  f.integer("version", p.version, 0, kMaxCount);
  f.opt_integer("budget", p.budget, 0, kMaxMoney);
  f.boolean("personalize", p.personalize);
  if (const TapeValue* e = f.object("entry")) p.entry = as_json(*e);
  const TapeValue* prizes = f.array("prizes", true);
  if (!prizes) return p;
  if (prizes->empty()) d.report(ErrorCode::PK_SCHEMA_RANGE, f.sub("prizes"), "must hold at least one prize");
  std::vector<std::string> ids;
  double total_weight = 0;
  const Where prizes_at = f.at("prizes");
  std::size_t i = 0;
  for (const TapeValue& prize : *prizes) {
    Fields pf(prize, Where(prizes_at, i++), d);
    Prize z;
    if (!pf.ok()) continue;
    pf.id("id", z.id);
    pf.choice("kind", z.kind, kPrizeKinds, true);
    pf.number("weight", z.weight, 0, 1e12, true);
    total_weight += z.weight;
    pf.opt_integer("stock", z.stock, 0, kMaxCount);
    pf.integer("cost", z.cost, 0, kMaxMoney);
    pf.number("minProb", z.min_prob, 0, 1);
    pf.number("maxProb", z.max_prob, 0, 1);
    if (z.min_prob > z.max_prob) d.report(ErrorCode::PK_SCHEMA_CONSTRAINT, pf.sub("maxProb"), "must be >= minProb");
    pf.opt_integer("perCustomer", z.per_customer, 0, kMaxCount);
    switch (z.kind) {
      case PrizeKind::Offer: pf.id("offerId", z.offer_id); break;
      case PrizeKind::Points: pf.integer("points", z.points, 1, kMaxCount, true); break;
      case PrizeKind::Gift: pf.id("sku", z.sku); break;
      case PrizeKind::None: break;
    }
    ids.push_back(z.id);
    p.prizes.push_back(std::move(z));
  }
  if (!prizes->empty() && total_weight <= 0)
    d.report(ErrorCode::PK_SCHEMA_CONSTRAINT, f.sub("prizes"), "the weights must not all be zero");
  check_unique(d, f.sub("prizes"), ids, "prize");
  return p;
}

Catalog read_catalog(const TapeValue& j, Diagnostics& d) {
  Catalog c;
  Fields f(j, "", d);
  if (!f.ok()) return c;
  f.integer("version", c.version, 0, kMaxCount, true);
  if (f.str("currency", c.currency, false, 8) && c.currency.size() != 3)
    d.report(ErrorCode::PK_SCHEMA_FORMAT, "currency", "must be a three-letter ISO 4217 code");
  if (const TapeValue* offers = f.array("offers", true)) {
    std::vector<std::string> ids;
    // Reserved up to a bound: a hostile array of a million non-offers must not reserve a
    // million offers before its first element fails.
    c.offers.reserve(std::min<std::size_t>(offers->size(), 4096));
    const Where offers_at = f.at("offers");
    std::size_t i = 0;
    for (const TapeValue& offer : *offers) {
      read_offer_into(c.offers.emplace_back(), offer, d, Where(offers_at, i++));
      ids.push_back(c.offers.back().id);
      if (d.full()) return c;
    }
    check_unique(d, "offers", ids, "offer");
  }
  if (const TapeValue* pools = f.array("prizePools")) {
    std::vector<std::string> ids;
    const Where pools_at = f.at("prizePools");
    std::size_t i = 0;
    for (const TapeValue& pool : *pools) {
      c.prize_pools.push_back(read_prize_pool(pool, d, Where(pools_at, i++)));
      ids.push_back(c.prize_pools.back().id);
    }
    check_unique(d, "prizePools", ids, "prize pool");
    std::set<std::string> offer_ids;
    for (const auto& o : c.offers) offer_ids.insert(o.id);
    for (std::size_t i = 0; i < c.prize_pools.size(); ++i)
      for (std::size_t k = 0; k < c.prize_pools[i].prizes.size(); ++k) {
        const Prize& z = c.prize_pools[i].prizes[k];
        if (z.kind == PrizeKind::Offer && !z.offer_id.empty() && !offer_ids.count(z.offer_id))
          d.report(ErrorCode::PK_SCHEMA_REFERENCE, path_key(path_index(path_key(path_index("prizePools", i), "prizes"), k), "offerId"),
                   "names offer \"" + z.offer_id + "\", which is not in the catalog");
      }
  }
  if (const TapeValue* segs = f.array("segments")) {
    std::vector<std::string> ids;
    const Where segs_at = f.at("segments");
    std::size_t i = 0;
    for (const TapeValue& seg : *segs) {
      Fields sf(seg, Where(segs_at, i++), d);
      Segment s;
      if (!sf.ok()) continue;
      sf.id("id", s.id);
      if (!sf.need("rule")) continue;
      read_targeting(sf, "rule", s.rule);
      sf.i18n("description", s.description);
      ids.push_back(s.id);
      c.segments.push_back(std::move(s));
    }
    check_unique(d, "segments", ids, "segment");
  }
  if (const TapeValue* m = f.object("model")) c.model = as_json(*m);
  if (const TapeValue* m = f.array("calendar")) c.calendar = as_json(*m);
  if (const TapeValue* m = f.array("templates")) c.templates = as_json(*m);
  if (const TapeValue* m = f.array("challenges")) c.challenges = as_json(*m);
  if (const TapeValue* m = f.object("config")) c.config = as_json(*m);
  return c;
}

}  // namespace

Offer read_offer(const Json& j, Diagnostics& d, const std::string& path) {
  return read_offer(JsonTape::from(j).root(), d, Where(path));
}
PrizePool read_prize_pool(const Json& j, Diagnostics& d, const std::string& path) {
  return read_prize_pool(JsonTape::from(j).root(), d, Where(path));
}
Catalog read_catalog(const Json& j, Diagnostics& d) { return read_catalog(JsonTape::from(j).root(), d); }

namespace {

// Reads the catalog off `tape` into *out (when given); false when it does not read. The tape
// keeps an object's members in the document's order and a key given twice twice, so a bad
// catalog could fail on another member first: the caller then reads it the DOM's way, whose
// errors (and handling of a repeated key) are the documented ones.
bool read_off_tape(const JsonTape& tape, Catalog* out) {
  try {
    Diagnostics d;
    Catalog c = read_catalog(tape.root(), d);
    if (out) *out = std::move(c);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

Catalog read_catalog_text(std::string_view text, const JsonLimits& limits) {
  JsonTape tape = JsonTape::parse(text, limits);  // syntax and limit errors as parse_json's
  Catalog c;
  if (read_off_tape(tape, &c)) return c;
  return read_catalog(parse_json(text, limits));
}

std::string catalog_snapshot(std::string_view text, const JsonLimits& limits) {
  JsonTape tape = JsonTape::parse(text, limits);
  if (read_off_tape(tape, nullptr)) return tape.serialize();
  // A catalog that reads the DOM's way (a key given twice, say) is kept as the DOM has it, so
  // its snapshot reads cleanly; one that does not throws its error here.
  return catalog_snapshot_of(parse_json(text, limits));
}

std::string catalog_snapshot_of(const Json& catalog) {
  JsonTape tape = JsonTape::from(catalog);
  Diagnostics d;
  read_catalog(tape.root(), d);
  return tape.serialize();
}

Catalog read_catalog_snapshot(std::string_view bytes, const JsonLimits& limits) {
  JsonTape tape = JsonTape::load(bytes, limits);
  Catalog c;
  if (read_off_tape(tape, &c)) return c;
  return read_catalog(tape.root().to_json());
}

Profile read_profile(const Json& j, Diagnostics& d, const std::string& path) {
  Profile p;
  Fields f(j, path, d);
  if (!f.ok()) return p;
  f.id("id", p.id);
  f.str("name", p.name, false, 256);
  f.str("tier", p.tier, false, kMaxId);
  std::string_view gender;
  if (f.choice("gender", gender, kGenders)) p.gender = std::string(gender);
  if (f.str("birthday", p.birthday, false, 10) && !is_calendar_date(p.birthday))
    d.report(ErrorCode::PK_SCHEMA_FORMAT, f.sub("birthday"), "must be a date YYYY-MM-DD");
  f.strings("interests", p.interests);
  f.strings("tags", p.tags);
  f.str("mall", p.mall, false, kMaxId);
  f.str("city", p.city, false, 256);
  f.str("zone", p.zone, false, 64);
  f.str("locale", p.locale, false, 35);
  f.opt_integer("registeredAt", p.registered_at, 0, kMaxTime);
  f.opt_integer("lastActiveAt", p.last_active_at, 0, kMaxTime);
  f.integer("spent", p.spent, 0, kMaxMoney);
  f.integer("orders", p.orders, 0, kMaxCount);
  f.integer("points", p.points, 0, kMaxCount);
  if (const Json* c = f.object("consents")) {
    Fields cf(*c, f.sub("consents"), d);
    cf.boolean("wechat", p.consents.wechat);
    cf.boolean("email", p.consents.email);
    cf.boolean("sms", p.consents.sms);
    cf.boolean("inApp", p.consents.in_app);
  }
  if (const Json* a = f.object("attributes")) p.attributes = *a;
  return p;
}

Event read_event(const Json& j, Diagnostics& d, const std::string& path) {
  Event e;
  Fields f(j, path, d);
  if (!f.ok()) return e;
  f.id("id", e.id);
  f.choice("type", e.type, kEventTypes, true);
  f.integer("time", e.time, 0, kMaxTime, true);
  f.str("customerId", e.customer_id, false, kMaxId);
  f.str("offerId", e.offer_id, false, kMaxId);
  f.str("sku", e.sku, false, kMaxId);
  f.str("category", e.category, false, kMaxId);
  f.str("brand", e.brand, false, kMaxId);
  f.str("store", e.store, false, kMaxId);
  f.str("format", e.format, false, kMaxId);
  f.integer("amount", e.amount, -kMaxMoney, kMaxMoney);
  return e;
}

std::optional<Event> read_event_fields(const EventFields& f) {
  // Integers as Fields::integer takes them from a JS number's JSON text, within [lo, hi].
  auto integer = [](double x, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    if (!(std::floor(x) == x && std::fabs(x) < 9e15)) return false;  // also NaN and infinities
    out = static_cast<std::int64_t>(x);
    return out >= lo && out <= hi;
  };
  Event e;
  if (f.id.empty() || f.id.size() > kMaxId) return std::nullopt;
  auto type = std::find_if(std::begin(kEventTypes), std::end(kEventTypes), [&](const auto& t) { return f.type == t.first; });
  if (type == std::end(kEventTypes)) return std::nullopt;
  if (!integer(f.time, 0, kMaxTime, e.time) || !integer(f.amount, -kMaxMoney, kMaxMoney, e.amount)) return std::nullopt;
  for (std::string_view s : {f.customer_id, f.offer_id, f.sku, f.category, f.brand, f.store, f.format})
    if (s.size() > kMaxId) return std::nullopt;
  e.id = f.id;
  e.type = type->second;
  // Most of an event's fields are empty, and each assignment is a call into libc++ in wasm.
  auto set = [](std::string& to, std::string_view s) {
    if (!s.empty()) to = s;
  };
  set(e.customer_id, f.customer_id);
  set(e.offer_id, f.offer_id);
  set(e.sku, f.sku);
  set(e.category, f.category);
  set(e.brand, f.brand);
  set(e.store, f.store);
  set(e.format, f.format);
  return e;
}

Cart read_cart(const Json& j, Diagnostics& d, const std::string& path) {
  Cart c;
  Fields f(j, path, d);
  if (!f.ok()) return c;
  if (f.str("currency", c.currency, true, 3)) {
    bool upper = c.currency.size() == 3 && std::all_of(c.currency.begin(), c.currency.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!upper) d.report(ErrorCode::PK_SCHEMA_FORMAT, f.sub("currency"), "must be a three-letter ISO 4217 code such as \"CNY\"");
  }
  f.str("store", c.store, false, kMaxId);
  const Json* lines = f.array("lines", true);
  if (!lines) return c;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    Fields lf((*lines)[i], path_index(f.sub("lines"), i), d);
    if (!lf.ok()) continue;
    CartLine l;
    if (!lf.id("id", l.id, false)) l.id = "#" + std::to_string(i);
    lf.id("sku", l.sku);
    lf.str("category", l.category, false, kMaxId);
    lf.str("brand", l.brand, false, kMaxId);
    lf.integer("unitPrice", l.unit_price, 0, kMaxMoney, true);
    lf.integer("quantity", l.quantity, 1, 1000000, true);
    ids.push_back(l.id);
    c.lines.push_back(std::move(l));
  }
  check_unique(d, f.sub("lines"), ids, "line");
  return c;
}

DocKind doc_kind_from_string(std::string_view name) {
  if (name == "catalog") return DocKind::Catalog;
  if (name == "offer") return DocKind::Offer;
  if (name == "prizePool" || name == "prize-pool") return DocKind::PrizePool;
  if (name == "profile") return DocKind::Profile;
  if (name == "event") return DocKind::Event;
  if (name == "cart") return DocKind::Cart;
  throw Error(ErrorCode::PK_SCHEMA_KIND,
              "unknown document kind \"" + std::string(name) + "\"; expected catalog, offer, prizePool, profile, event or cart");
}

std::string_view to_string(DocKind k) noexcept {
  switch (k) {
    case DocKind::Catalog: return "catalog";
    case DocKind::Offer: return "offer";
    case DocKind::PrizePool: return "prizePool";
    case DocKind::Profile: return "profile";
    case DocKind::Event: return "event";
    case DocKind::Cart: return "cart";
  }
  return "";
}

std::string_view to_string(RewardType t) noexcept { return name_of(t, kRewardTypes); }
std::string_view to_string(EventType t) noexcept { return name_of(t, kEventTypes); }
std::string_view to_string(PrizeKind k) noexcept { return name_of(k, kPrizeKinds); }
std::string_view to_string(Game g) noexcept { return name_of(g, kGames); }

Json ValidationReport::to_json() const {
  Json errs = Json::array();
  for (const auto& e : errors)
    errs.push_back({{"code", std::string(error_name(e.code))}, {"path", e.path}, {"message", e.message}});
  return {{"ok", ok}, {"errors", errs}};
}

ValidationReport validate(DocKind kind, const Json& doc, const ValidateOptions& options) {
  ValidationReport report;
  Diagnostics d(true, options.all ? 100 : 1);
  switch (kind) {
    case DocKind::Catalog: read_catalog(doc, d); break;
    case DocKind::Offer: read_offer(doc, d); break;
    case DocKind::PrizePool: read_prize_pool(doc, d); break;
    case DocKind::Profile: read_profile(doc, d); break;
    case DocKind::Event: read_event(doc, d); break;
    case DocKind::Cart: read_cart(doc, d); break;
  }
  report.errors = d.issues();
  report.ok = report.errors.empty();
  return report;
}

namespace {
// Whether a catalog's text reads off a tape without a report: false for any failure, and the
// caller then reads it the DOM's way, whose reports (their order, a key given twice, the text
// errors) are the documented ones.
bool reads_off_tape(std::string_view text, const JsonLimits& limits) {
  try {
    return read_off_tape(JsonTape::parse(text, limits), nullptr);
  } catch (const Error&) {
    return false;
  }
}
}  // namespace

ValidationReport validate_text(DocKind kind, std::string_view text, const ValidateOptions& options) {
  try {
    // A catalog is read off a tape first, as createEngine reads it: no DOM, about half the time
    // for a catalog of a thousand offers; only one that does not read cleanly is read again.
    if (kind == DocKind::Catalog && reads_off_tape(text, options.limits)) return {};
    return validate(kind, parse_json(text, options.limits), options);
  } catch (const Error& e) {
    ValidationReport r;
    r.ok = false;
    std::string path = e.path();
    r.errors.push_back({e.code(), path, e.what()});
    return r;
  }
}

}  // namespace promokit
