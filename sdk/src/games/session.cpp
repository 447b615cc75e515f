// One shopper's games on the client: the free functions of this module, wired to a catalog, a
// profile, a clock and the state that must survive restarts.
#include <algorithm>

#include "games/internal.hpp"
#include "promokit/games.hpp"
#include "promokit/validate.hpp"

namespace promokit::games {
namespace {

[[noreturn]] void bad_state(const std::string& path, const std::string& what) { throw Error(ErrorCode::PK_GAME_STATE, what, path); }

// Reads what to_json(Grant) wrote.
Grant grant_from_json(const Json& j, const std::string& path) {
  if (!j.is_object() || !j.value("grantId", Json()).is_string() || !j.value("challengeId", Json()).is_string() ||
      !j.value("at", Json()).is_number_integer() || !j.value("reward", Json()).is_object())
    bad_state(path, "must be { grantId, challengeId, at, reward }");
  const Json& r = j["reward"];
  Grant g;
  g.grant_id = j["grantId"].get<std::string>();
  g.challenge_id = j["challengeId"].get<std::string>();
  g.at = j["at"].get<Millis>();
  try {
    g.reward.offer_id = cal::text_field(r, "offerId", "", path_key(path, "reward"));
    g.reward.points = cal::int_field(r, "points", 0, 0, std::int64_t(1) << 53, path_key(path, "reward"));
    g.reward.tickets = cal::int_field(r, "tickets", 0, 0, 1000, path_key(path, "reward"));
    g.reward.pool_id = cal::text_field(r, "poolId", "", path_key(path, "reward"));
  } catch (const Error& e) {
    bad_state(e.path(), e.what());
  }
  return g;
}

}  // namespace

Session::Session(Catalog catalog, std::string zone, std::string locale)
    : Session(std::make_shared<const Catalog>(std::move(catalog)), std::move(zone), std::move(locale)) {}

Session::Session(std::shared_ptr<const Catalog> catalog, std::string zone, std::string locale)
    : catalog_(std::move(catalog)), zone_(std::move(zone)), locale_(std::move(locale)) {
  if (!catalog_) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "a games session needs a catalog");
  // Most catalogs have none: the reader is then never called, so wasm never compiles it.
  if (!catalog_->challenges.is_null()) challenges_ = read_challenges(catalog_->challenges, catalog_.get());
  if (!zone_.empty()) local_time(0, zone_);  // PK_RULE_UNKNOWN_ZONE now rather than at the first draw
}

void Session::set_profile(const Json& doc) {
  Profile p = read_profile(doc);
  if (!p.zone.empty()) local_time(0, p.zone);
  profile_ = std::move(p);
  profile_doc_ = doc;
  dists_.clear();  // the interests may have changed
}

const Distribution& Session::distribution_for(const PrizePool& pool) const {
  auto i = static_cast<std::size_t>(&pool - catalog_->prize_pools.data());
  if (dists_.size() != catalog_->prize_pools.size()) dists_.assign(catalog_->prize_pools.size(), std::nullopt);
  if (!dists_[i]) dists_[i] = distribution(pool, catalog_.get(), interests_of(profile_, profile_doc_));
  return *dists_[i];
}

std::string Session::zone() const { return std::string(zone_view()); }

std::string_view Session::zone_view() const noexcept { return cal::zone_or(profile_.zone, zone_); }

std::string Session::locale() const {
  if (!profile_.locale.empty()) return profile_.locale;
  return locale_.empty() ? "en" : locale_;
}

std::vector<Grant> Session::track(const Event& e) {
  if (!last_activity_ || e.time > *last_activity_) last_activity_ = e.time;
  if (challenges_.empty()) return {};  // most catalogs: nothing to count, no zone to copy
  std::vector<Grant> g = games::track(progress_, challenges_, catalog_.get(), e, zone());
  grants_.insert(grants_.end(), g.begin(), g.end());
  return g;
}

Outcome Session::draw(std::string_view pool_id, const tickets::Ticket& ticket) {
  const PrizePool& pool = pool_or_throw(*catalog_, pool_id);
  // The entry rule is compiled on the pool's first draw, not on every draw.
  const Rule* entry_rule = nullptr;
  if (has_entry_rule(pool)) {
    auto i = static_cast<std::size_t>(&pool - catalog_->prize_pools.data());
    if (entry_rules_.size() != catalog_->prize_pools.size()) entry_rules_.resize(catalog_->prize_pools.size());
    if (!entry_rules_[i]) entry_rules_[i] = compile_entry_rule(pool, *catalog_);
    entry_rule = &*entry_rules_[i];
  }
  std::int64_t cost = check_entry(pool, *catalog_, profile_, profile_doc_, now_, zone_view(), points_spent_, entry_rule);
  DrawOptions options;
  options.now = now_;
  options.zone = zone_;
  options.unavailable = unavailable_for(draws_, pool, profile_.id);
  Outcome o = games::draw(pool, ticket, profile_, distribution_for(pool), options);
  check_ticket(draws_, pool, ticket, o.day);
  record_draw(draws_, pool, ticket, o);
  points_spent_ += cost;
  return o;
}

Json Session::preview(std::string_view pool_id) const {
  const PrizePool& pool = pool_or_throw(*catalog_, pool_id);
  return games::preview(pool, base_distribution(pool), distribution_for(pool));
}

std::vector<Progress> Session::progress() const { return games::progress(progress_, challenges_, now_, zone()); }

Json Session::challenges_json() const {
  Json out = Json::array();
  for (const Progress& p : progress()) out.push_back(to_json(p, locale()));
  return out;
}

Json Session::export_state() const {
  Json grants = Json::array();
  for (const Grant& g : grants_) grants.push_back(to_json(g));
  return {{"v", 1},
          {"draws", draws_.to_json()},
          {"challenges", progress_.to_json()},
          {"grants", std::move(grants)},
          {"pointsSpent", points_spent_},
          {"lastActivity", last_activity_ ? Json(*last_activity_) : Json(nullptr)}};
}

void Session::import_state(const Json& j) {
  if (!j.is_object() || j.value("v", 0) != 1) bad_state("v", "must be a games state of version 1");
  auto nested = [&](const char* key, auto read) {
    try {
      return read(j.value(key, Json{{"v", 1}}));
    } catch (const Error& e) {
      bad_state(std::string(key) + (e.path().empty() ? "" : "." + e.path()), e.what());
    }
  };
  GameState draws = nested("draws", [](const Json& x) { return GameState::from_json(x); });
  ChallengeState progress = nested("challenges", [](const Json& x) { return ChallengeState::from_json(x); });
  std::vector<Grant> grants;
  const Json& list = j.value("grants", Json::array());
  if (!list.is_array()) bad_state("grants", "must be an array");
  for (std::size_t i = 0; i < list.size(); ++i) grants.push_back(grant_from_json(list[i], path_index("grants", i)));
  const Json& spent = j.value("pointsSpent", Json(0));
  if (!spent.is_number_integer() || spent.get<std::int64_t>() < 0) bad_state("pointsSpent", "must be a non-negative integer");
  const Json& last = j.value("lastActivity", Json());
  if (!last.is_null() && !last.is_number_integer()) bad_state("lastActivity", "must be a time or null");
  // Everything read: now replace, so a bad state changes nothing.
  draws_ = std::move(draws);
  progress_ = std::move(progress);
  grants_ = std::move(grants);
  points_spent_ = spent.get<std::int64_t>();
  last_activity_ = last.is_null() ? std::nullopt : std::optional<Millis>(last.get<Millis>());
}

}  // namespace promokit::games
