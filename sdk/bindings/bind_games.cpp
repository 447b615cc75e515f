// Games bindings: the per-shopper GamesSession (draws, challenges, state) that the JS layer
// attaches to every engine, _verifyDraw and _gamesPreview. Documents cross as JSON text; the
// public API is js-glue/src/modules/games.js, docs/games.md describes the behaviour.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <charconv>
#include <cstring>

#include "games_session.hpp"
#include "guard.hpp"
#include "io_buffer.hpp"
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

GamesSession* create_session(const std::string& catalog, const std::string& options) {
  return guard([&] { return new_games_session(std::make_shared<const Catalog>(read_catalog_text(catalog)), options); }, static_cast<GamesSession*>(nullptr));
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
    Catalog catalog = read_catalog_text(catalog_json);
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

// The draw's crossing without Embind strings (games.js's fast path): the caller writes six
// uint32 byte lengths — pool id, ticketId, seed, ticket poolId, customerId, signature — at the
// start of io_buffer() and the UTF-8 bytes after them. The outcome comes back in the same
// buffer (it may move: the returned address is the one to read), as a uint32 byte length and
// the text "version|sequence|poolVersion|index|drawn|substituted|unavailable|grid|day|proof":
// prizes as their index in the pool (prize_ids gives the ids), lists comma-separated, -1 for a
// blank grid cell; the pool and distribution hashes, the same for every draw from the pool
// until the profile changes, come from draw_hashes. 0 on failure (the error is kept, see
// guard.hpp).
// Embind's generic invoker (DYNAMIC_EXECUTION=0) spends about a microsecond per string
// argument; this call has none.
int GamesSession::draw_packed(double pool_version, double expiry, double sequence) {
  return guard([&] {
    std::string& io = io_bytes();
    std::string_view field[6];
    if (!io_strings(field, 6)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "draw: the ticket's fields overrun the buffer");
    games::Outcome o = s_.draw(field[0], tickets::ticket_from_fields(field[1], field[2], field[3], pool_version, field[4], expiry,
                                                                     sequence, field[5]));
    const PrizePool& pool = games::pool_or_throw(s_.catalog(), field[0]);
    auto index_of = [&](std::string_view id) -> long long {
      for (std::size_t i = 0; i < pool.prizes.size(); ++i)
        if (pool.prizes[i].id == id) return static_cast<long long>(i);
      return -1;
    };
    // Written straight into the buffer (the fields read above are no longer needed).
    // Bound: six numbers, every list entry and the two empty-list bars, 24 bytes each at most.
    std::size_t need = sizeof(std::uint32_t) + (8 + o.unavailable.size() + o.grid.size()) * 24 + o.day.size() + o.proof.size() + 2;
    if (io.size() < need) io.resize(need);
    char* const start = io.data();
    char* out = start + sizeof(std::uint32_t);
    auto number = [&](long long v, char sep) {
      out = std::to_chars(out, out + 24, v).ptr;
      *out++ = sep;
    };
    auto list = [&](const std::vector<std::string>& ids) {
      for (std::size_t i = 0; i < ids.size(); ++i) number(index_of(ids[i]), i + 1 < ids.size() ? ',' : '|');
      if (ids.empty()) *out++ = '|';
    };
    auto text = [&](const std::string& s, bool last = false) {
      std::memcpy(out, s.data(), s.size());
      out += s.size();
      if (!last) *out++ = '|';
    };
    number(o.version, '|');
    number(static_cast<long long>(o.sequence), '|');
    number(o.pool_version, '|');
    number(static_cast<long long>(o.index), '|');
    number(index_of(o.drawn), '|');
    number(o.substituted ? 1 : 0, '|');
    list(o.unavailable);
    list(o.grid);
    text(o.day);
    text(o.proof, true);
    auto length = static_cast<std::uint32_t>(out - start - sizeof(std::uint32_t));
    std::memcpy(start, &length, sizeof length);
    return static_cast<int>(reinterpret_cast<std::uintptr_t>(io.data()));
  });
}

std::string GamesSession::draw_hashes(const std::string& pool_id) {
  return guard([&] {
    const games::Distribution& d = s_.distribution_for(games::pool_or_throw(s_.catalog(), pool_id));
    return d.pool_hash + '|' + d.hash;
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

GamesSession* new_games_session(std::shared_ptr<const Catalog> catalog, const std::string& options) {
  Json o = options.empty() ? Json::object() : parse_json(options);
  if (!o.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "options must be an object");
  auto text = [&](const char* k) {
    const Json& v = o.value(k, Json(""));
    if (!v.is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(k) + " must be a string", k);
    return v.get<std::string>();
  };
  return new GamesSession(games::Session(std::move(catalog), text("zone"), text("locale")));
}

int GamesSession::track_packed(double time, double amount) {
  return guard(
      [&] {
        std::optional<Event> e = io_event(time, amount);
        if (!e) return -2;
        return track_event(*e);
      },
      -1);
}

std::string GamesSession::last_grants(int n) {
  return guard([&] {
    const auto& all = s_.grants();
    Json out = Json::array();
    for (std::size_t i = all.size() - std::min(all.size(), static_cast<std::size_t>(std::max(n, 0))); i < all.size(); ++i)
      out.push_back(games::to_json(all[i]));
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

// A raw export (docs/architecture.md "Crossing the boundary"): every engine.track(event) feeds
// the engine's games session too.
extern "C" EMSCRIPTEN_KEEPALIVE int pk_games_track(std::uint32_t handle, double time, double amount) {
  return promokit::bindings::from_handle<promokit::bindings::GamesSession>(handle).track_packed(time, amount);
}

EMSCRIPTEN_BINDINGS(promokit_games) {
  using namespace emscripten;
  using promokit::bindings::GamesSession;
  class_<GamesSession>("GamesSession")
      .function("setProfile", &GamesSession::set_profile)
      .function("setNow", &GamesSession::set_now)
      .function("track", &GamesSession::track)
      .function("lastGrants", &GamesSession::last_grants)
      .function("handle", &promokit::bindings::handle_of<GamesSession>)
      .function("draw", &GamesSession::draw)
      .function("drawPacked", &GamesSession::draw_packed)
      .function("drawHashes", &GamesSession::draw_hashes)
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
