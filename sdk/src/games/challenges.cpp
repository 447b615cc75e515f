// Challenges and spending goals (docs/games.md §Challenges): definitions from
// catalog.challenges, progress folded from events per local period, a grant per completed
// (challenge, period) exactly once.
#include <algorithm>
#include <cstdio>

#include "games/internal.hpp"
#include "promokit/crypto.hpp"
#include "promokit/games.hpp"

namespace promokit::games {
namespace {

constexpr std::pair<const char*, EventType> kEventTypes[] = {
    {"view", EventType::View},         {"click", EventType::Click},     {"claim", EventType::Claim},
    {"redeem", EventType::Redeem},     {"purchase", EventType::Purchase}, {"dismiss", EventType::Dismiss},
    {"share", EventType::Share},       {"game_play", EventType::GamePlay}, {"complaint", EventType::Complaint},
    {"message", EventType::Message}};
constexpr std::pair<const char*, Period> kPeriods[] = {
    {"day", Period::Day}, {"week", Period::Week}, {"month", Period::Month}, {"all", Period::All}};
constexpr const char* kDistinctFields[] = {"store", "category", "brand", "offerId", "sku"};
constexpr std::int64_t kMaxTarget = std::int64_t(1) << 53;

template <std::size_t N, class E>
std::string names_of(const std::pair<const char*, E> (&table)[N]) {
  std::string out;
  for (const auto& [name, e] : table) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

EventType event_type(const Json& v, const std::string& path) {
  if (v.is_string())
    for (const auto& [name, e] : kEventTypes)
      if (v.get_ref<const std::string&>() == name) return e;
  throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of " + names_of(kEventTypes), path);
}

template <class E, std::size_t N>
E choice(const Json& obj, const char* key, const std::pair<const char*, E> (&table)[N], E fallback, const std::string& path) {
  std::string v = cal::text_field(obj, key, "", path);
  if (v.empty() && !obj.contains(key)) return fallback;
  for (const auto& [name, e] : table)
    if (v == name) return e;
  throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of " + names_of(table), path_key(path, key));
}

const Json& object_at(const Json& obj, const char* key, const std::string& path, bool required) {
  static const Json empty = Json::object();
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "is required", path_key(path, key));
    return empty;
  }
  if (!it->is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object", path_key(path, key));
  return *it;
}

const Offer* offer_of(const Catalog* catalog, std::string_view id) {
  if (!catalog || id.empty()) return nullptr;
  for (const Offer& o : catalog->offers)
    if (o.id == id) return &o;
  return nullptr;
}

bool has(const std::vector<std::string>& list, std::string_view v) { return std::find(list.begin(), list.end(), v) != list.end(); }

bool passes(const Challenge& c, const Event& e, const Offer* offer) {
  if (!c.store.empty() && e.store != c.store) return false;
  if (!c.offer_id.empty() && e.offer_id != c.offer_id) return false;
  if (!c.category.empty() && e.category != c.category &&
      !(offer && (offer->category == c.category || has(offer->tags, c.category) || has(offer->scope.categories, c.category))))
    return false;
  if (!c.brand.empty() && e.brand != c.brand && !(offer && offer->brand == c.brand)) return false;
  if (!c.tag.empty() && !(offer && has(offer->tags, c.tag))) return false;
  return true;
}

std::string distinct_value(const Challenge& c, const Event& e, const Offer* offer) {
  if (c.field == "store") return e.store;
  if (c.field == "brand") return !e.brand.empty() ? e.brand : (offer ? offer->brand : "");
  if (c.field == "category") return !e.category.empty() ? e.category : (offer ? offer->category : "");
  if (c.field == "offerId") return e.offer_id;
  return e.sku;
}

// Events without an id are identified by their content, so an exact replay still counts once.
std::string identity(const Event& e) {
  if (!e.id.empty()) return e.id;
  std::string content = std::string(to_string(e.type)) + '\n' + std::to_string(e.time) + '\n' + e.offer_id + '\n' + e.sku + '\n' +
                        e.category + '\n' + e.brand + '\n' + e.store + '\n' + std::to_string(e.amount);
  return "h:" + crypto::hex_encode(crypto::as_bytes(crypto::sha256(content)).substr(0, 12));
}

std::string grant_key(const Challenge& c, const std::string& period) { return c.id + "@" + period; }

const Challenge* challenge_of(const std::vector<Challenge>& list, std::string_view window_key) {
  std::string_view id = window_key.substr(0, window_key.rfind('@'));
  for (const Challenge& c : list)
    if (c.id == id) return &c;
  return nullptr;
}

[[noreturn]] void bad_state(const std::string& path, const std::string& what) { throw Error(ErrorCode::PK_GAME_STATE, what, path); }

std::vector<std::string> string_list(const Json& j, const std::string& path) {
  if (!j.is_array()) bad_state(path, "must be an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) bad_state(path_index(path, i), "must be a string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

}  // namespace

[[gnu::noinline]] std::vector<Challenge> read_challenges(const Json& section, const Catalog* catalog) {
  std::vector<Challenge> out;
  if (section.is_null()) return out;
  if (!section.is_array()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an array", "challenges");
  for (std::size_t i = 0; i < section.size(); ++i) {
    const std::string path = path_index("challenges", i);
    const Json& j = section[i];
    if (!j.is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object", path);
    Challenge c;
    c.id = cal::text_field(j, "id", "", path);
    if (c.id.empty()) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "must be a non-empty id", path_key(path, "id"));
    for (const Challenge& other : out)
      if (other.id == c.id) throw Error(ErrorCode::PK_SCHEMA_DUPLICATE, "challenge \"" + c.id + "\" is defined twice", path_key(path, "id"));
    c.title = cal::i18n_field(j, "title", path);
    c.period = choice(j, "period", kPeriods, Period::Week, path);

    const std::string gpath = path_key(path, "goal");
    const Json& g = object_at(j, "goal", path, true);
    std::string type = cal::text_field(g, "type", "", gpath);
    if (type == "spend") c.type = GoalType::Spend;
    else if (type == "count") c.type = GoalType::Count;
    else if (type == "distinct") c.type = GoalType::Distinct;
    else throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of spend, count, distinct", path_key(gpath, "type"));
    c.target = cal::int_field(g, "target", -1, 1, kMaxTarget, gpath);
    if (c.target < 0) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "is required", path_key(gpath, "target"));
    if (auto ev = g.find("event"); ev != g.end()) {
      const std::string epath = path_key(gpath, "event");
      if (ev->is_string()) c.events.push_back(event_type(*ev, epath));
      else if (ev->is_array())
        for (std::size_t k = 0; k < ev->size(); ++k) c.events.push_back(event_type((*ev)[k], path_index(epath, k)));
      else throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an event type or an array of them", epath);
    } else if (c.type == GoalType::Count) {
      throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "is required for a count goal", path_key(gpath, "event"));
    } else if (c.type == GoalType::Spend) {
      c.events = {EventType::Purchase};
    } else {
      c.events = {EventType::Purchase, EventType::Redeem};  // a visit: bought or redeemed in the store
    }
    if (c.type == GoalType::Distinct) {
      c.field = cal::text_field(g, "field", "store", gpath);
      if (std::none_of(std::begin(kDistinctFields), std::end(kDistinctFields), [&](const char* f) { return c.field == f; }))
        throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of store, category, brand, offerId, sku", path_key(gpath, "field"));
    }
    c.category = cal::text_field(g, "category", "", gpath);
    c.brand = cal::text_field(g, "brand", "", gpath);
    c.store = cal::text_field(g, "store", "", gpath);
    c.offer_id = cal::text_field(g, "offerId", "", gpath);
    c.tag = cal::text_field(g, "tag", "", gpath);

    const std::string rpath = path_key(path, "reward");
    const Json& r = object_at(j, "reward", path, true);
    c.reward.offer_id = cal::text_field(r, "offerId", "", rpath);
    c.reward.points = cal::int_field(r, "points", 0, 0, kMaxTarget, rpath);
    c.reward.tickets = cal::int_field(r, "tickets", 0, 0, 1000, rpath);
    c.reward.pool_id = cal::text_field(r, "poolId", "", rpath);
    if (c.reward.offer_id.empty() && c.reward.points == 0 && c.reward.tickets == 0)
      throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "must grant an offerId, points or tickets", rpath);
    if (c.reward.tickets > 0 && c.reward.pool_id.empty())
      throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "tickets need the poolId they are for", path_key(rpath, "poolId"));
    if (catalog && !c.reward.offer_id.empty() && !offer_of(catalog, c.reward.offer_id))
      throw Error(ErrorCode::PK_SCHEMA_REFERENCE, "names offer \"" + c.reward.offer_id + "\", which is not in the catalog",
                  path_key(rpath, "offerId"));
    if (catalog && !c.reward.pool_id.empty() && !find_pool(*catalog, c.reward.pool_id))
      throw Error(ErrorCode::PK_SCHEMA_REFERENCE, "names prize pool \"" + c.reward.pool_id + "\", which is not in the catalog",
                  path_key(rpath, "poolId"));
    out.push_back(std::move(c));
  }
  return out;
}

std::string period_key(Period period, Millis t, std::string_view zone) {
  if (period == Period::All) return "all";
  LocalTime lt = local_time(t, cal::zone_or(zone, ""));
  char buf[16];
  switch (period) {
    case Period::Day: return cal::date_text(lt.year, lt.month, lt.day);
    case Period::Month: std::snprintf(buf, sizeof buf, "%04d-%02d", lt.year, lt.month); return buf;
    default: {
      // ISO 8601 week: weeks start on Monday and belong to the year of their Thursday.
      std::int64_t thursday = cal::day_number(lt) - lt.weekday + 3;
      LocalTime th = cal::date_of(thursday);
      int week = static_cast<int>((thursday - cal::day_number(th.year, 1, 1)) / 7 + 1);
      std::snprintf(buf, sizeof buf, "%04d-W%02d", th.year, week);
      return buf;
    }
  }
}

namespace {
// The UTC instant the period holding t ends (0 for Period::All).
Millis period_end(Period period, Millis t, std::string_view zone) {
  if (period == Period::All) return 0;
  std::string_view z = cal::zone_or(zone, "");
  LocalTime lt = local_time(t, z);
  std::int64_t day = cal::day_number(lt);
  std::int64_t next = period == Period::Day    ? day + 1
                      : period == Period::Week ? day - lt.weekday + 7
                                               : cal::day_number(lt.month == 12 ? lt.year + 1 : lt.year, lt.month % 12 + 1, 1);
  return cal::utc_at(next, 0, z);
}
}  // namespace

std::vector<Grant> track(ChallengeState& state, const std::vector<Challenge>& challenges, const Catalog* catalog, const Event& e,
                         std::string_view zone) {
  std::vector<Grant> grants;
  // The event's offer (a scan of the catalog) and identity, once a challenge counts its type:
  // most events concern no challenge, and most catalogs have none.
  const Offer* offer = nullptr;
  std::string id;
  bool looked = false;
  for (const Challenge& c : challenges) {
    if (std::find(c.events.begin(), c.events.end(), e.type) == c.events.end()) continue;
    if (!looked) {
      offer = offer_of(catalog, e.offer_id);
      id = identity(e);
      looked = true;
    }
    if (!passes(c, e, offer)) continue;
    const std::string key = grant_key(c, period_key(c.period, e.time, zone));
    if (state.completed.count(key)) continue;
    ChallengeState::Window& w = state.windows[key];
    if (!w.event_ids.insert(id).second) continue;
    if (c.type == GoalType::Spend) {
      w.total += std::max<Money>(0, e.amount);
    } else if (c.type == GoalType::Count) {
      ++w.total;
    } else if (std::string v = distinct_value(c, e, offer); !v.empty()) {
      w.seen.insert(std::move(v));
      w.total = static_cast<std::int64_t>(w.seen.size());
    }
    if (w.total < c.target) continue;
    state.completed[key] = e.time;
    w.event_ids.clear();  // completed: replays stop at the completion check
    w.seen.clear();
    grants.push_back({key, c.id, c.reward, e.time});
  }
  return grants;
}

void prune(ChallengeState& state, const std::vector<Challenge>& challenges, Millis now, std::string_view zone) {
  for (auto it = state.windows.begin(); it != state.windows.end();) {
    const Challenge* c = challenge_of(challenges, it->first);
    std::string_view period = std::string_view(it->first).substr(it->first.rfind('@') + 1);
    // Period keys of one kind sort in time order, so an older period compares smaller.
    bool ended = !c || (c->period != Period::All && period < period_key(c->period, now, zone));
    it = ended ? state.windows.erase(it) : std::next(it);
  }
}

std::vector<Progress> progress(const ChallengeState& state, const std::vector<Challenge>& challenges, Millis now, std::string_view zone) {
  std::vector<Progress> out;
  for (const Challenge& c : challenges) {
    Progress p;
    p.challenge = &c;
    p.period_key = period_key(c.period, now, zone);
    p.period_end = period_end(c.period, now, zone);
    p.target = c.target;
    const std::string key = grant_key(c, p.period_key);
    p.completed = state.completed.count(key) > 0;
    auto w = state.windows.find(key);
    p.value = w != state.windows.end() ? w->second.total : 0;
    if (p.completed) p.value = std::max(p.value, p.target);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {
Json reward_json(const ChallengeReward& r) {
  Json j = Json::object();
  if (!r.offer_id.empty()) j["offerId"] = r.offer_id;
  if (r.points) j["points"] = r.points;
  if (r.tickets) {
    j["tickets"] = r.tickets;
    j["poolId"] = r.pool_id;
  }
  return j;
}
constexpr const char* kPeriodNames[] = {"day", "week", "month", "all"};
constexpr const char* kGoalNames[] = {"spend", "count", "distinct"};
}  // namespace

Json to_json(const Progress& p, std::string_view locale) {
  const Challenge& c = *p.challenge;
  return {{"id", c.id},
          {"title", cal::pick_text(c.title, locale)},
          {"type", kGoalNames[static_cast<int>(c.type)]},
          {"period", kPeriodNames[static_cast<int>(c.period)]},
          {"periodKey", p.period_key},
          {"periodEnd", p.period_end ? Json(p.period_end) : Json(nullptr)},
          {"value", p.value},
          {"target", p.target},
          {"ratio", std::min(1.0, static_cast<double>(p.value) / static_cast<double>(p.target))},
          {"completed", p.completed},
          {"reward", reward_json(c.reward)}};
}

Json to_json(const Grant& g) {
  return {{"grantId", g.grant_id}, {"challengeId", g.challenge_id}, {"at", g.at}, {"reward", reward_json(g.reward)}};
}

Json ChallengeState::to_json() const {
  Json win = Json::object();
  for (const auto& [key, w] : windows)
    win[key] = {{"ids", Json(std::vector<std::string>(w.event_ids.begin(), w.event_ids.end()))},
                {"total", w.total},
                {"seen", Json(std::vector<std::string>(w.seen.begin(), w.seen.end()))}};
  Json done = Json::object();
  for (const auto& [key, t] : completed) done[key] = t;
  return {{"v", 1}, {"windows", std::move(win)}, {"completed", std::move(done)}};
}

ChallengeState ChallengeState::from_json(const Json& j) {
  if (!j.is_object() || j.value("v", 0) != 1) bad_state("v", "must be a challenges state of version 1");
  ChallengeState s;
  const Json& win = j.value("windows", Json::object());
  const Json& done = j.value("completed", Json::object());
  if (!win.is_object()) bad_state("windows", "must be an object");
  if (!done.is_object()) bad_state("completed", "must be an object");
  for (auto it = win.begin(); it != win.end(); ++it) {
    const std::string path = path_key("windows", it.key());
    if (!it->is_object() || !it->value("total", Json()).is_number_integer()) bad_state(path, "must be { ids, total, seen }");
    Window& w = s.windows[it.key()];
    for (auto& id : string_list(it->value("ids", Json::array()), path_key(path, "ids"))) w.event_ids.insert(std::move(id));
    for (auto& v : string_list(it->value("seen", Json::array()), path_key(path, "seen"))) w.seen.insert(std::move(v));
    w.total = (*it)["total"].get<std::int64_t>();
  }
  for (auto it = done.begin(); it != done.end(); ++it) {
    if (!it->is_number_integer()) bad_state(path_key("completed", it.key()), "must be a time in Unix milliseconds");
    s.completed[it.key()] = it->get<Millis>();
  }
  return s;
}

}  // namespace promokit::games
