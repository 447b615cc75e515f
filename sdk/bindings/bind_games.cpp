// Games bindings: the per-shopper GamesSession (draws, challenges, state) that the JS layer
// attaches to every engine, _verifyDraw and _gamesPreview. Documents cross as JSON text; the
// public API is js-glue/src/modules/games.js, docs/games.md describes the behaviour.
#include <emscripten/bind.h>

#include <cmath>
#include <charconv>

#include "games_session.hpp"
#include "guard.hpp"
#include "promokit/games.hpp"
#include "promokit/validate.hpp"

namespace promokit::bindings {
namespace {

std::vector<std::string> strings_at(const Json& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return out;
  if (!it->is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(key) + " must be an array of prize ids", key);
  for (const auto& v : *it) {
    if (!v.is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(key) + " must be an array of prize ids", key);
    out.push_back(v.get<std::string>());
  }
  return out;
}

// An event or an array of events, each validated.
std::vector<Event> events_of(const Json& j) {
  std::vector<Event> out;
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i) {
      Diagnostics d;
      out.push_back(read_event(j[i], d, path_index("", i)));
    }
  else
    out.push_back(read_event(j));
  return out;
}

// options: { zone, locale }
GamesSession* create_session(const std::string& catalog, const std::string& options) {
  return guard(
      [&] {
        Json o = options.empty() ? Json::object() : parse_json(options);
        if (!o.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "options must be an object");
        auto text = [&](const char* k) {
          const Json& v = o.value(k, Json(""));
          if (!v.is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(k) + " must be a string", k);
          return v.get<std::string>();
        };
        return new GamesSession(games::Session(read_catalog(parse_json(catalog)), text("zone"), text("locale")));
      },
      static_cast<GamesSession*>(nullptr));
}

// options: { verifyKey, now, unavailable: [prize ids], catalog } →
// { ok: true, drawn, granted, prize: { id, kind }, substituted }
std::string verify_draw(const std::string& ticket, const std::string& pool, const std::string& profile, const std::string& outcome,
                        const std::string& options) {
  return guard([&] {
    Json o = options.empty() ? Json::object() : parse_json(options);
    if (!o.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "options must be an object");
    Json profile_doc = parse_json(profile);
    Profile p = read_profile(profile_doc);
    PrizePool z = read_prize_pool(parse_json(pool));
    std::optional<Catalog> catalog;
    if (o.contains("catalog") && !o["catalog"].is_null()) catalog = read_catalog(o["catalog"]);
    games::VerifyOptions v;
    if (o.contains("verifyKey") && !o["verifyKey"].is_null()) {
      if (!o["verifyKey"].is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "verifyKey must be a string", "verifyKey");
      v.verify_key = o["verifyKey"].get<std::string>();
    }
    if (o.contains("now") && o["now"].is_number()) v.now = millis(o["now"].get<double>());
    v.unavailable = strings_at(o, "unavailable");
    v.catalog = catalog ? &*catalog : nullptr;
    v.interests = games::interests_of(p, profile_doc);
    games::Verified r = games::verify_draw(tickets::ticket_from_json(parse_json(ticket)), z, p, games::outcome_from_json(parse_json(outcome)), v);
    return Json{{"ok", true},
                {"drawn", z.prizes[r.drawn].id},
                {"granted", z.prizes[r.granted].id},
                {"prize", Json{{"id", z.prizes[r.granted].id}, {"kind", to_string(z.prizes[r.granted].kind)}}},
                {"substituted", r.substituted}}
        .dump();
  });
}

std::string games_preview(const std::string& catalog_json, const std::string& pool_id, const std::string& profile) {
  return guard([&] {
    Catalog catalog = read_catalog(parse_json(catalog_json));
    games::Session s(std::move(catalog));
    s.set_profile(parse_json(profile));
    return s.preview(pool_id).dump();
  });
}

}  // namespace

void GamesSession::set_profile(const std::string& profile) {
  guard_void([&] { s_.set_profile(parse_json(profile)); });
}

std::string GamesSession::track(const std::string& events) {
  return guard([&] {
    Json out = Json::array();
    for (const Event& e : events_of(parse_json(events)))
      for (const auto& g : s_.track(e)) out.push_back(games::to_json(g));
    return out.dump();
  });
}

std::string GamesSession::draw(const std::string& pool_id, const std::string& ticket) {
  return guard([&] { return games::to_json(s_.draw(pool_id, tickets::ticket_from_json(parse_json(ticket)))).dump(); });
}

// The outcome as "version|sequence|poolVersion|index|drawn|substituted|unavailable|grid|day|
// poolHash|distHash|proof": prizes as their index in the pool (prize_ids gives the ids), lists
// comma-separated, -1 for a blank grid cell. ticketId and poolId are the ticket's own.
std::string GamesSession::draw_fields(const std::string& pool_id, const std::string& ticket_id, const std::string& seed,
                                      const std::string& ticket_pool, double pool_version, const std::string& customer_id,
                                      double expiry, double sequence, const std::string& signature) {
  return guard([&] {
    games::Outcome o = s_.draw(pool_id, tickets::ticket_from_fields(ticket_id, seed, ticket_pool, pool_version, customer_id, expiry,
                                                                    sequence, signature));
    const PrizePool& pool = games::pool_or_throw(s_.catalog(), pool_id);
    auto index_of = [&](std::string_view id) -> long long {
      for (std::size_t i = 0; i < pool.prizes.size(); ++i)
        if (pool.prizes[i].id == id) return static_cast<long long>(i);
      return -1;
    };
    std::string out;
    out.reserve(256);
    char num[24];
    auto number = [&](long long v, char sep) {
      char* end = std::to_chars(num, num + sizeof num - 1, v).ptr;
      *end++ = sep;
      out.append(num, static_cast<std::size_t>(end - num));
    };
    auto list = [&](const std::vector<std::string>& ids) {
      for (std::size_t i = 0; i < ids.size(); ++i) number(index_of(ids[i]), i + 1 < ids.size() ? ',' : '|');
      if (ids.empty()) out += '|';
    };
    number(o.version, '|');
    number(static_cast<long long>(o.sequence), '|');
    number(o.pool_version, '|');
    number(static_cast<long long>(o.index), '|');
    number(index_of(o.drawn), '|');
    number(o.substituted ? 1 : 0, '|');
    list(o.unavailable);
    list(o.grid);
    out.append(o.day).append(1, '|').append(o.pool_hash).append(1, '|').append(o.dist_hash).append(1, '|').append(o.proof);
    return out;
  });
}

std::string GamesSession::prize_ids(const std::string& pool_id) {
  return guard([&] {
    Json ids = Json::array();
    for (const Prize& z : games::pool_or_throw(s_.catalog(), pool_id).prizes) ids.push_back(z.id);
    return ids.dump();
  });
}

std::string GamesSession::preview(const std::string& pool_id) {
  return guard([&] { return s_.preview(pool_id).dump(); });
}

std::string GamesSession::challenges() {
  return guard([&] { return s_.challenges_json().dump(); });
}

std::string GamesSession::grants() {
  return guard([&] {
    Json out = Json::array();
    for (const auto& g : s_.grants()) out.push_back(games::to_json(g));
    return out.dump();
  });
}

std::string GamesSession::export_state() {
  return guard([&] { return s_.export_state().dump(); });
}

void GamesSession::import_state(const std::string& state) {
  guard_void([&] { s_.import_state(parse_json(state)); });
}

}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_games) {
  using namespace emscripten;
  using promokit::bindings::GamesSession;
  class_<GamesSession>("GamesSession")
      .function("setProfile", &GamesSession::set_profile)
      .function("setNow", &GamesSession::set_now)
      .function("track", &GamesSession::track)
      .function("draw", &GamesSession::draw)
      .function("drawFields", &GamesSession::draw_fields)
      .function("prizeIds", &GamesSession::prize_ids)
      .function("preview", &GamesSession::preview)
      .function("challenges", &GamesSession::challenges)
      .function("grants", &GamesSession::grants)
      .function("exportState", &GamesSession::export_state)
      .function("importState", &GamesSession::import_state);
  function("_createGamesSession", &promokit::bindings::create_session, allow_raw_pointers());
  function("_verifyDraw", &promokit::bindings::verify_draw);
  function("_gamesPreview", &promokit::bindings::games_preview);
}
