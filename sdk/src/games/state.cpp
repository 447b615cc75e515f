// What a draw must remember: ticket order, daily plays, prizes won; and the entry check.
#include <algorithm>

#include "games/internal.hpp"
#include "promokit/games.hpp"
#include "promokit/rules.hpp"

namespace promokit::games {
namespace {

std::string key_of(std::string_view customer, std::string_view pool) {
  std::string k(customer);
  k += '\n';
  k += pool;
  return k;
}

[[noreturn]] void bad_state(const std::string& path, const std::string& what) { throw Error(ErrorCode::PK_GAME_STATE, what, path); }

}  // namespace

PoolRecord* GameState::find(std::string_view customer, std::string_view pool) {
  auto it = pools.find(key_of(customer, pool));
  return it == pools.end() ? nullptr : &it->second;
}

PoolRecord& GameState::at(std::string_view customer, std::string_view pool) { return pools[key_of(customer, pool)]; }

void GameState::forfeit_before(std::string_view customer, std::string_view pool, std::uint64_t sequence) {
  PoolRecord& r = at(customer, pool);
  if (!r.next_sequence || *r.next_sequence < sequence) r.next_sequence = sequence;
}

void check_ticket(const GameState& state, const PrizePool& pool, const tickets::Ticket& t, std::string_view day) {
  auto it = state.pools.find(key_of(t.customer_id, pool.id));
  if (it == state.pools.end()) return;
  const PoolRecord& r = it->second;
  if (r.next_sequence && t.sequence < *r.next_sequence)
    throw Error(ErrorCode::PK_TICKET_USED, "ticket " + t.ticket_id + " (sequence " + std::to_string(t.sequence) + ") was used already");
  if (r.next_sequence && t.sequence > *r.next_sequence)
    throw Error(ErrorCode::PK_TICKET_ORDER, "ticket " + t.ticket_id + " has sequence " + std::to_string(t.sequence) + "; the next ticket to use is " +
                                                std::to_string(*r.next_sequence));
  if (pool.game == Game::Daily && !day.empty() && r.last_day == day)
    throw Error(ErrorCode::PK_DAILY_ALREADY_PLAYED, "the daily game \"" + pool.id + "\" was played on " + std::string(day) + " already");
}

void record_draw(GameState& state, const PrizePool& pool, const tickets::Ticket& t, const Outcome& o) {
  PoolRecord& r = state.at(t.customer_id, pool.id);
  r.next_sequence = t.sequence + 1;
  if (pool.game == Game::Daily) r.last_day = o.day;
  ++r.wins[o.prize_id];
}

std::vector<std::string> unavailable_for(const GameState& state, const PrizePool& pool, std::string_view customer) {
  auto it = state.pools.find(key_of(customer, pool.id));
  std::vector<std::string> out;
  for (const Prize& z : pool.prizes) {
    bool out_of_stock = z.stock && *z.stock <= 0;
    bool capped = false;
    if (z.per_customer && it != state.pools.end()) {
      auto w = it->second.wins.find(z.id);
      capped = w != it->second.wins.end() && w->second >= *z.per_customer;
    }
    if (out_of_stock || capped) out.push_back(z.id);
  }
  return out;
}

bool has_entry_rule(const PrizePool& pool) {
  if (!pool.entry.is_object()) return false;
  auto rule = pool.entry.find("rule");
  return rule != pool.entry.end() && !rule->is_null();
}

Rule compile_entry_rule(const PrizePool& pool, const Catalog& catalog) {
  RuleContext ctx = RuleContext::for_profiles();
  ctx.add_segments(catalog.segments);
  return compile_rule(pool.entry.at("rule"), ctx);
}

std::int64_t check_entry(const PrizePool& pool, const Catalog& catalog, const Profile& profile, const Json& profile_doc, Millis now,
                         std::string_view zone, std::int64_t points_spent, const Rule* entry_rule) {
  if (!pool.entry.is_object()) return 0;
  std::int64_t cost = cal::int_field(pool.entry, "pointsCost", 0, 0, std::int64_t(1) << 53, "entry");
  if (has_entry_rule(pool)) {
    std::optional<Rule> compiled;
    if (!entry_rule) entry_rule = &compiled.emplace(compile_entry_rule(pool, catalog));
    EvalContext ec{now, std::string(cal::zone_or(profile.zone, zone)), nullptr};
    if (!entry_rule->matches(profile_doc, ec))
      throw Error(ErrorCode::PK_GAME_NOT_ELIGIBLE, "the shopper does not meet the entry rule of \"" + pool.id + "\"", "entry.rule");
  }
  const std::int64_t points = std::max<std::int64_t>(0, profile.points - points_spent);
  if (points < cost)
    throw Error(ErrorCode::PK_GAME_NOT_ELIGIBLE, "playing \"" + pool.id + "\" costs " + std::to_string(cost) + " points; the shopper has " +
                                                     std::to_string(points),
                "entry.pointsCost");
  return cost;
}

Json GameState::to_json() const {
  Json list = Json::array();
  for (const auto& [key, r] : pools) {
    auto nl = key.find('\n');
    Json wins = Json::object();
    for (const auto& [id, n] : r.wins) wins[id] = n;
    list.push_back({{"customer", key.substr(0, nl)},
                    {"pool", key.substr(nl + 1)},
                    {"next", r.next_sequence ? Json(*r.next_sequence) : Json(nullptr)},
                    {"lastDay", r.last_day},
                    {"wins", std::move(wins)}});
  }
  return {{"v", 1}, {"pools", std::move(list)}};
}

GameState GameState::from_json(const Json& j) {
  if (!j.is_object() || j.value("v", 0) != 1) bad_state("v", "must be a games state of version 1");
  GameState s;
  auto pools = j.find("pools");
  if (pools == j.end()) return s;
  if (!pools->is_array()) bad_state("pools", "must be an array");
  for (std::size_t i = 0; i < pools->size(); ++i) {
    const Json& e = (*pools)[i];
    std::string path = path_index("pools", i);
    if (!e.is_object() || !e.value("customer", Json()).is_string() || !e.value("pool", Json()).is_string())
      bad_state(path, "must be an object with customer and pool ids");
    PoolRecord& r = s.at(e["customer"].get<std::string>(), e["pool"].get<std::string>());
    const Json& next = e.value("next", Json());
    if (next.is_number_integer() && next.get<std::int64_t>() >= 0) r.next_sequence = next.get<std::uint64_t>();
    else if (!next.is_null()) bad_state(path_key(path, "next"), "must be a sequence number or null");
    const Json& day = e.value("lastDay", Json(""));
    if (!day.is_string()) bad_state(path_key(path, "lastDay"), "must be a date string");
    r.last_day = day.get<std::string>();
    const Json& wins = e.value("wins", Json::object());
    if (!wins.is_object()) bad_state(path_key(path, "wins"), "must be an object of prize id -> count");
    for (auto w = wins.begin(); w != wins.end(); ++w) {
      if (!w->is_number_integer() || w->get<std::int64_t>() < 0) bad_state(path_key(path_key(path, "wins"), w.key()), "must be a count");
      r.wins[w.key()] = w->get<std::int64_t>();
    }
  }
  return s;
}

}  // namespace promokit::games
