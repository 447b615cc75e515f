// The engine: catalog and compiled targeting, profile and clock, event hooks, eligibility and
// offer cards.
#include <algorithm>

#include "engine_impl.hpp"
#include "promokit/validate.hpp"

namespace promokit {

namespace {

// Offers available now (or all, with reasons) for one query, as cards.
bool has(const std::vector<std::string>& list, std::string_view v) { return std::find(list.begin(), list.end(), v) != list.end(); }

std::string str_field(const Json& j, const char* key, const std::string& path) {
  if (!j.contains(key)) return {};
  if (!j[key].is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(key) + " must be a string", path_key(path, key));
  return j[key].get<std::string>();
}

std::int64_t int_field(const Json& j, const char* key, const std::string& path, std::int64_t fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_number_integer() && !j[key].is_number_unsigned())
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(key) + " must be an integer", path_key(path, key));
  return j[key].get<std::int64_t>();
}

// catalog.config: { pricing: { rounding: "half-even" | "half-up" }, loyalty: { earn: { points, per } } }.
void read_config(const Json& config, PricingOptions& o) {
  if (!config.is_object()) return;
  if (config.contains("pricing") && config["pricing"].is_object()) {
    std::string r = str_field(config["pricing"], "rounding", "config.pricing");
    if (r == "half-up") o.rounding = Rounding::HalfUp;
    else if (r.empty() || r == "half-even") o.rounding = Rounding::HalfEven;
    else throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be \"half-even\" or \"half-up\"", "config.pricing.rounding");
  }
  if (config.contains("loyalty") && config["loyalty"].is_object() && config["loyalty"].contains("earn")) {
    const Json& earn = config["loyalty"]["earn"];
    if (!earn.is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object { points, per }", "config.loyalty.earn");
    o.earn_points = int_field(earn, "points", "config.loyalty.earn", 1);
    o.earn_per = int_field(earn, "per", "config.loyalty.earn", 100);
    if (o.earn_points < 0 || o.earn_per <= 0)
      throw Error(ErrorCode::PK_SCHEMA_RANGE, "points must be >= 0 and per > 0", "config.loyalty.earn");
  }
}

}  // namespace

std::string_view to_string(ClaimStatus s) noexcept {
  switch (s) {
    case ClaimStatus::Pending: return "pending";
    case ClaimStatus::Active: return "active";
    case ClaimStatus::Used: return "used";
    case ClaimStatus::Expired: return "expired";
    case ClaimStatus::Rejected: return "rejected";
  }
  return "";
}

EngineOptions EngineOptions::from_json(const Json& j) {
  EngineOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "engine options must be an object");
  o.now = int_field(j, "now", "", 0);
  o.zone = str_field(j, "zone", "");
  o.locale = str_field(j, "locale", "");
  if (j.contains("seed")) {
    const Json& s = j["seed"];
    if (s.is_number_unsigned() || s.is_number_integer()) o.seed = s.get<std::uint64_t>();
    else if (s.is_string()) o.seed = std::hash<std::string>{}(s.get<std::string>());
    else throw Error(ErrorCode::PK_INVALID_ARGUMENT, "seed must be an integer or a string", "seed");
  }
  if (j.contains("codeKeys")) {
    if (!j["codeKeys"].is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "codeKeys must map offer ids to keys", "codeKeys");
    for (const auto& [id, key] : j["codeKeys"].items()) {
      if (!key.is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "a code key must be a string", path_key("codeKeys", id));
      o.code_keys[id] = key.get<std::string>();
    }
  }
  if (!o.zone.empty() && !is_known_zone(o.zone))
    throw Error(ErrorCode::PK_RULE_UNKNOWN_ZONE, "unknown time zone '" + o.zone + "'", "zone");
  return o;
}

OfferQuery OfferQuery::from_json(const Json& j) {
  OfferQuery q;
  if (j.is_null()) return q;
  if (!j.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "offers() takes an object { filter, includeIneligible, locale }");
  const Json& f = j.contains("filter") ? j["filter"] : j;
  const std::string fp = j.contains("filter") ? "filter" : "";
  if (!f.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "filter must be an object", "filter");
  q.interest = str_field(f, "interest", fp);
  q.tier = str_field(f, "tier", fp);
  q.mall = str_field(f, "mall", fp);
  q.store = str_field(f, "store", fp);
  q.category = str_field(f, "category", fp);
  q.tag = str_field(f, "tag", fp);
  if (f.contains("expiringSoon")) {
    const Json& e = f["expiringSoon"];
    if (e.is_boolean()) {
      if (e.get<bool>()) q.expiring_within = 3 * 86400000LL;
    } else {
      q.expiring_within = int_field(f, "expiringSoon", fp, 0);
    }
  }
  if (j.contains("includeIneligible")) {
    if (!j["includeIneligible"].is_boolean()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "includeIneligible must be a boolean", "includeIneligible");
    q.include_ineligible = j["includeIneligible"].get<bool>();
  }
  q.locale = str_field(j, "locale", "");
  return q;
}

// ---- Impl helpers

std::string Engine::Impl::zone() const {
  if (!options.zone.empty()) return options.zone;
  if (has_profile && !profile.zone.empty() && is_known_zone(profile.zone)) return profile.zone;
  return "UTC";
}

std::string Engine::Impl::locale() const {
  if (!options.locale.empty()) return options.locale;
  if (has_profile && !profile.locale.empty()) return profile.locale;
  return "en";
}

std::string Engine::Impl::currency() const { return catalog.currency.empty() ? "CNY" : catalog.currency; }

std::size_t Engine::Impl::find_offer(const std::string& id) const {
  auto it = offer_index.find(id);
  if (it == offer_index.end()) throw Error(ErrorCode::PK_OFFER_NOT_FOUND, "no offer \"" + id + "\" in the catalog");
  return it->second;
}

// ---- eligibility

EligibilityPass::EligibilityPass(const Engine::Impl& e)
    : e_(e), rules_{e.now, e.zone(), e.rule_hooks}, rule_result_(e.rules.size(), -1) {
  for (const WalletEntry& w : e.wallet)
    if (w.status != ClaimStatus::Rejected) times_[w.offer_id].push_back(w.claimed_at);
  for (const OfferUse& u : e.uses) times_[u.offer_id].push_back(u.time);
}

const LocalDay& EligibilityPass::day_in(const std::string& zone) const {
  for (const auto& [z, d] : days_)
    if (z == zone) return d;
  days_.emplace_back(zone, local_day(e_.now, zone));
  return days_.back().second;
}

std::int64_t EligibilityPass::used(std::size_t i) const {
  auto it = times_.find(e_.offer(i).id);
  return it == times_.end() ? 0 : static_cast<std::int64_t>(it->second.size());
}

std::int64_t EligibilityPass::used_today(std::size_t i) const {
  auto it = times_.find(e_.offer(i).id);
  if (it == times_.end()) return 0;
  const std::string& zone = zone_of(e_.offer(i));
  int today = day_in(zone).key();
  std::int64_t n = 0;
  for (Millis t : it->second) n += local_day(t, zone).key() == today;
  return n;
}

std::optional<std::int64_t> EligibilityPass::remaining(std::size_t i) const {
  const Offer& o = e_.offer(i);
  if (e_.inventory.empty()) return o.limits.total;
  if (auto it = e_.inventory.find(o.id); it != e_.inventory.end()) return it->second;
  return o.limits.total;
}

void EligibilityPass::reasons(std::size_t i, std::vector<std::string_view>& out, bool first_only) const {
  const Offer& o = e_.offer(i);
  auto add = [&](std::string_view r) {
    out.push_back(r);
    return first_only;
  };
  if (o.validity.start && e_.now < *o.validity.start) {
    if (add(reason::kNotStarted)) return;
  } else if (o.validity.end && e_.now >= *o.validity.end) {
    if (add(reason::kExpired)) return;
  } else if (!o.validity.dayparts.empty() && !in_dayparts(o.validity.dayparts, day_in(zone_of(o)))) {
    if (add(reason::kOutsideWindow)) return;
  }
  if (std::int32_t k = e_.rule_of[i]; k >= 0) {
    std::int8_t& hit = rule_result_[static_cast<std::size_t>(k)];
    if (hit < 0) hit = e_.rules[static_cast<std::size_t>(k)].matches(e_.profile_json, rules_) ? 1 : 0;
    if (!hit && add(reason::kNotInSegment)) return;
  }
  if (o.conditions.first_purchase && (e_.profile.orders > 0 || e_.purchases > 0) && add(reason::kFirstPurchaseOnly)) return;
  const Limits& l = o.limits;
  std::optional<std::int64_t> left = remaining(i);
  bool limit = (left && *left <= 0) || (l.per_customer && used(i) >= *l.per_customer) ||
               (l.per_customer_per_day && used_today(i) >= *l.per_customer_per_day);
  if (limit) add(reason::kLimitReached);
}

// ---- Engine

namespace {

// The first offer with a rule compiles it; a failure names the offer's targeting. Out of line,
// so that index_offer stays small enough for V8 to leave it in baseline code (see below).
[[gnu::noinline]] std::int32_t add_rule(Engine::Impl& e, std::size_t i, const RuleContext& ctx) {
  try {
    e.rules.push_back(compile_rule(e.catalog.offers[i].targeting, ctx));
  } catch (const Error& err) {
    std::string path = path_key(path_index("offers", i), "targeting");
    throw Error(err.code(), err.what(), err.path().empty() ? path : path + "." + err.path(), err.position());
  }
  return static_cast<std::int32_t>(e.rules.size() - 1);
}

[[gnu::noinline, gnu::cold]] void unknown_zone(const Offer& o, std::size_t i) {
  throw Error(ErrorCode::PK_RULE_UNKNOWN_ZONE, "unknown time zone '" + o.validity.zone + "'",
              path_key(path_key(path_index("offers", i), "validity"), "zone"));
}

// The rules compiled so far: text rules by their text (views of the catalog's strings, which
// stay put while the engine is built), JsonLogic ones by their JSON.
struct SeenRules {
  std::map<std::string_view, std::int32_t, std::less<>> text;
  std::map<std::string, std::int32_t> json;
};

// One offer's indexes. Out of line: wasm has no on-stack replacement, so a constructor looping
// over every offer would run baseline code to the end and have its tier-up compiled for nothing.
[[gnu::noinline]] void index_offer(Engine::Impl& e, std::size_t i, const RuleContext& ctx, SeenRules& seen) {
  const Offer& o = e.catalog.offers[i];
  e.offer_index.emplace(o.id, i);
  if (!o.validity.zone.empty() && !is_known_zone(o.validity.zone)) unknown_zone(o, i);
  if (o.targeting.is_null()) {
    e.rule_of.push_back(-1);
    return;
  }
  // Offers sharing a rule share its program; a text rule is found by its text without a copy.
  if (o.targeting.is_string()) {
    std::string_view text = o.targeting.get_ref<const std::string&>();
    auto it = seen.text.find(text);
    if (it == seen.text.end()) it = seen.text.emplace(text, add_rule(e, i, ctx)).first;
    e.rule_of.push_back(it->second);
    return;
  }
  std::string key = o.targeting.dump();
  auto it = seen.json.find(key);
  if (it == seen.json.end()) it = seen.json.emplace(std::move(key), add_rule(e, i, ctx)).first;
  e.rule_of.push_back(it->second);
}

}  // namespace

Engine::Engine(Catalog catalog, EngineOptions options) : impl_(std::make_unique<Impl>(std::move(catalog))) {
  Impl& e = *impl_;
  e.options = std::move(options);
  e.now = e.options.now;
  read_config(e.catalog.config, e.pricing);
  RuleContext ctx = RuleContext::for_profiles();
  ctx.add_segments(e.catalog.segments);
  SeenRules seen;
  e.offer_index.reserve(e.catalog.offers.size());
  e.rule_of.reserve(e.catalog.offers.size());
  for (std::size_t i = 0; i < e.catalog.offers.size(); ++i) index_offer(e, i, ctx, seen);
}

Engine::Engine(const Json& catalog, const Json& options) : Engine(read_catalog(catalog), EngineOptions::from_json(options)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const Catalog& Engine::catalog() const noexcept { return impl_->catalog; }
std::shared_ptr<const Catalog> Engine::shared_catalog() const noexcept { return impl_->shared_catalog; }
const Profile& Engine::profile() const noexcept { return impl_->profile; }
Millis Engine::now() const noexcept { return impl_->now; }
void Engine::set_now(Millis now) { impl_->now = now; }
void Engine::on_event(std::function<void(const Event&)> hook) { impl_->event_hooks.push_back(std::move(hook)); }
void Engine::set_rule_hooks(const EvalHooks* hooks) { impl_->rule_hooks = hooks; }

void Engine::set_profile(const Json& doc) {
  Impl& e = *impl_;
  Profile p = read_profile(doc);
  e.profile = std::move(p);
  e.profile_json = doc;
  e.has_profile = true;
  std::int64_t delta = e.profile.points - e.balance;
  if (delta != 0 || e.ledger.empty()) e.add_ledger(delta, "profile", "", "", "", "balance from the profile");
}

Engine::TrackResult Engine::track(const Json& input) {
  std::vector<Event> batch;
  if (input.is_array()) {
    for (std::size_t i = 0; i < input.size(); ++i) {
      Diagnostics d;
      batch.push_back(read_event(input[i], d, path_index("", i)));
    }
  } else {
    batch.push_back(read_event(input));
  }
  TrackResult r;
  for (const Event& ev : batch) {
    TrackResult one = track(ev);
    r.accepted += one.accepted;
    r.duplicates += one.duplicates;
  }
  return r;
}

Engine::TrackResult Engine::track(const Event& ev) {
  Impl& e = *impl_;
  if (!e.events.insert(ev.id)) return {0, 1};
  for (const auto& hook : e.event_hooks) hook(ev);
  return {1, 0};
}

std::vector<std::string_view> Engine::reasons(std::size_t i) const {
  EligibilityPass pass(*impl_);
  std::vector<std::string_view> out;
  pass.reasons(i, out, false);
  return out;
}

std::vector<std::size_t> Engine::eligible() const {
  EligibilityPass pass(*impl_);
  std::vector<std::size_t> out;
  std::vector<std::string_view> why;
  for (std::size_t i = 0; i < impl_->catalog.offers.size(); ++i) {
    why.clear();
    pass.reasons(i, why, true);
    if (why.empty()) out.push_back(i);
  }
  return out;
}

Json Engine::offers(const OfferQuery& q) const {
  const Impl& e = *impl_;
  EligibilityPass pass(e);
  const std::string locale = q.locale.empty() ? e.locale() : q.locale;
  const std::string currency = e.currency();
  Json out = Json::array();
  std::vector<std::string_view> why;
  for (std::size_t i = 0; i < e.catalog.offers.size(); ++i) {
    const Offer& o = e.catalog.offers[i];
    if (!q.interest.empty() && o.category != q.interest && !has(o.tags, q.interest) && !has(o.scope.categories, q.interest)) continue;
    if (!q.category.empty() && o.category != q.category && !has(o.scope.categories, q.category)) continue;
    if (!q.tier.empty() && !has(o.tags, q.tier) && !has(o.tags, "tier:" + q.tier) && !has(o.tags, q.tier + "_members")) continue;
    if (!q.mall.empty() && !o.malls.empty() && !has(o.malls, q.mall)) continue;
    if (!q.store.empty() && !o.conditions.stores.empty() && !has(o.conditions.stores, q.store)) continue;
    if (!q.tag.empty() && !has(o.tags, q.tag)) continue;
    if (q.expiring_within && (!o.validity.end || *o.validity.end <= e.now || *o.validity.end - e.now > *q.expiring_within)) continue;
    why.clear();
    pass.reasons(i, why, false);
    // A claim already in the wallet keeps the offer usable although it counts against the limit.
    const WalletEntry* held = nullptr;
    for (const WalletEntry& w : e.wallet)
      if (w.offer_id == o.id && e.usable(w)) held = &w;
    if (held) why.erase(std::remove(why.begin(), why.end(), reason::kLimitReached), why.end());
    if (!why.empty() && !q.include_ineligible) continue;
    Json card = {{"offerId", o.id},
                 {"title", localized(o.title, locale)},
                 {"description", localized(o.description, locale)},
                 {"discountText", discount_text(o, locale, currency)},
                 {"conditionsText", conditions_text(o, locale, currency)},
                 {"type", to_string(o.reward.type)},
                 {"expiresAt", o.validity.end ? Json(*o.validity.end) : Json()},
                 {"startsAt", o.validity.start ? Json(*o.validity.start) : Json()},
                 {"conditions", {{"minSpend", o.conditions.min_spend}, {"minQuantity", o.conditions.min_quantity},
                                 {"firstPurchase", o.conditions.first_purchase}, {"stores", o.conditions.stores}}},
                 {"tags", o.tags},
                 {"format", o.format},
                 {"brand", o.brand},
                 {"category", o.category},
                 {"malls", o.malls},
                 {"requiresClaim", o.requires_claim},
                 {"code", o.code.mode == CodeMode::None ? "none" : o.code.mode == CodeMode::Shared ? "shared" : "unique"},
                 {"pointsCost", o.points_cost},
                 {"used", pass.used(i)},
                 {"eligible", why.empty()}};
    Json limits = Json::object();
    if (o.limits.total) limits["total"] = *o.limits.total;
    if (o.limits.per_customer) limits["perCustomer"] = *o.limits.per_customer;
    if (o.limits.per_customer_per_day) limits["perCustomerPerDay"] = *o.limits.per_customer_per_day;
    card["limits"] = limits;
    std::optional<std::int64_t> left = pass.remaining(i);
    card["remaining"] = left ? Json(std::max<std::int64_t>(0, *left)) : Json();
    Json reasons = Json::array();
    for (std::string_view r : why) reasons.push_back(std::string(r));
    card["reasons"] = reasons;
    card["canClaim"] = why.empty() && !held && o.points_cost <= e.balance;
    card["wallet"] = held ? Json{{"claimId", held->claim_id}, {"status", to_string(e.status_now(*held))}} : Json();
    out.push_back(std::move(card));
  }
  return out;
}

}  // namespace promokit
