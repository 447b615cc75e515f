// Engine bindings: _createEngine (-> Engine, freed with delete(); _createEnginePacked takes the
// catalog's model weights from the scratch buffer, as in bind_ranking.cpp). Documents cross as JSON
// text; every method runs inside guard(). The public API is js-glue/src/modules/engine.js.
// The bound object is the engine with its personalization attached (learning from the
// engine's events, interest() in its rules, recommend()), so one handle frees both.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cmath>

#include "games_session.hpp"
#include "guard.hpp"
#include "io_buffer.hpp"
#include "promokit/engine.hpp"
#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

namespace promokit::bindings {
namespace {

Json parse_or_null(const std::string& text) { return text.empty() ? Json() : parse_json(text); }
Millis millis(double v) { return std::isfinite(v) ? static_cast<Millis>(v) : 0; }

// The engine never moves once made: the personalization keeps a pointer to it.
struct EngineBox {
  Engine engine;
  ranking::EnginePersonalization personal;
  std::vector<std::uint32_t> eligible;  // the last eligibleIndices() answer, viewed from JS
  EngineBox(Catalog catalog, const Json& options, const ranking::RecommenderOptions& r)
      : engine(std::move(catalog), EngineOptions::from_json(options)), personal(engine, r) {}
};

// options.personalization: { halfLifeDays, topK }; zone and seed come from the engine's options.
ranking::RecommenderOptions recommender_options(const Json& options) {
  Json r = Json::object();
  if (options.is_object()) {
    if (options.contains("personalization")) {
      const Json& p = options["personalization"];
      if (!p.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "personalization must be an object", "personalization");
      for (const auto& [k, v] : p.items()) r[k] = v;
    }
    // An unknown zone is the engine's error to report (PK_RULE_UNKNOWN_ZONE at "zone").
    if (options.contains("zone") && options["zone"].is_string() && is_known_zone(options["zone"].get<std::string>())) r["zone"] = options["zone"];
    if (options.contains("seed")) r["seed"] = options["seed"].is_string() ? options["seed"] : Json(options["seed"].dump());
  }
  try {
    return ranking::read_recommender_options(r);
  } catch (const Error& err) {
    std::string path = err.path();
    if (path.rfind("options.", 0) == 0) path = "personalization." + path.substr(8);
    throw Error(err.code(), err.what(), path);
  }
}

EngineBox* create_engine(const std::string& catalog_json, const std::string& options_json) {
  return guard(
      [&] {
        Json options = parse_or_null(options_json);
        return new EngineBox(read_catalog_text(catalog_json), options, recommender_options(options));
      },
      static_cast<EngineBox*>(nullptr));
}

// The same with catalog.model.weights.data, or the whole catalog, in the scratch buffer (read_catalog_from_io).
EngineBox* create_engine_packed(const std::string& catalog_json, const std::string& options_json, int chunks) {
  return guard(
      [&] {
        Json options = parse_or_null(options_json);
        return new EngineBox(read_catalog_from_io(catalog_json, chunks), options, recommender_options(options));
      },
      static_cast<EngineBox*>(nullptr));
}

void set_profile(EngineBox& b, const std::string& profile) {
  guard_void([&] { b.engine.set_profile(parse_json(profile)); });
}
void set_now(EngineBox& b, double now) {
  guard_void([&] { b.engine.set_now(millis(now)); });
}
double now(const EngineBox& b) { return static_cast<double>(b.engine.now()); }

std::string track(EngineBox& b, const std::string& events) {
  return guard([&] {
    Engine::TrackResult r = b.engine.track(parse_json(events));
    return Json{{"accepted", r.accepted}, {"duplicates", r.duplicates}}.dump();
  });
}

// track() of one event packed in the scratch buffer (io_event): 1 accepted, 0 a duplicate id,
// -2 to take the JSON path (which reports the fault), -1 a recorded error. The engine's games
// session (games.js attaches one to every engine), when given, takes the same event: one
// crossing and one decoding for both.
int track_packed(EngineBox& b, GamesSession* games, double time, double amount) {
  return guard(
      [&] {
        std::optional<Event> e = io_event(time, amount);
        if (!e) return -2;
        int accepted = static_cast<int>(b.engine.track(*e).accepted);
        if (games) games->track_event(*e);
        return accepted;
      },
      -1);
}

std::string offers(const EngineBox& b, const std::string& query) {
  return guard([&] { return b.engine.offers(OfferQuery::from_json(parse_or_null(query))).dump(); });
}

std::string claim(EngineBox& b, const std::string& offer_id) {
  return guard([&] { return to_json(b.engine.claim(offer_id)).dump(); });
}
std::string confirm_claim(EngineBox& b, const std::string& claim_id, const std::string& token) {
  return guard([&] { return to_json(b.engine.confirm_claim(claim_id, token)).dump(); });
}
std::string reject_claim(EngineBox& b, const std::string& claim_id, const std::string& reason) {
  return guard([&] { return to_json(b.engine.reject_claim(claim_id, reason)).dump(); });
}
std::string redeem(EngineBox& b, const std::string& claim_id, const std::string& note) {
  return guard([&] { return to_json(b.engine.redeem(claim_id, note)).dump(); });
}
std::string wallet(const EngineBox& b) {
  return guard([&] { return b.engine.wallet_json().dump(); });
}

double points(const EngineBox& b) { return static_cast<double>(b.engine.points()); }
std::string ledger(const EngineBox& b) {
  return guard([&] {
    Json out = Json::array();
    for (const LedgerEntry& l : b.engine.ledger()) out.push_back(to_json(l));
    return out.dump();
  });
}
void set_inventory(EngineBox& b, const std::string& offer_id, double remaining) {
  guard_void([&] { b.engine.set_inventory(offer_id, static_cast<std::int64_t>(remaining)); });
}

std::string price_cart(const EngineBox& b, const std::string& cart, const std::string& request) {
  return guard([&] { return b.engine.price_cart_json(read_cart(parse_json(cart)), PriceRequest::from_json(parse_or_null(request))).dump(); });
}
std::string checkout(EngineBox& b, const std::string& cart, const std::string& request, const std::string& order_id) {
  return guard([&] { return b.engine.checkout(read_cart(parse_json(cart)), PriceRequest::from_json(parse_or_null(request)), order_id).dump(); });
}

// The hot path of eligibleIds(): indices into catalog.offers as a view of wasm memory, which
// the JS layer maps to the ids it read once with offerIds() and copies before its next call.
// (As a JSON array of ids, building, passing and parsing the text took twice as long as the
// decision itself.)
emscripten::val eligible_indices(EngineBox& b) {
  return guard(
      [&] {
        b.eligible.clear();
        for (std::size_t i : b.engine.eligible()) b.eligible.push_back(static_cast<std::uint32_t>(i));
        return emscripten::val(emscripten::typed_memory_view(b.eligible.size(), b.eligible.data()));
      },
      emscripten::val::null());
}
std::string offer_ids(const EngineBox& b) {
  return guard([&] {
    Json out = Json::array();
    for (const Offer& o : b.engine.catalog().offers) out.push_back(o.id);
    return out.dump();
  });
}
double eligible_count(const EngineBox& b) {
  return guard([&] { return static_cast<double>(b.engine.eligible().size()); }, -1.0);
}

// The engine's state with the learned profile under "personalization".
std::string export_state(const EngineBox& b) {
  return guard([&] {
    Json state = b.engine.export_state();
    state["personalization"] = b.personal.export_state();
    return state.dump();
  });
}
void import_state(EngineBox& b, const std::string& state) {
  guard_void([&] {
    Json j;
    try {
      j = parse_json(state);
    } catch (const Error& err) {
      throw Error(ErrorCode::PK_STATE_INVALID, std::string("the state is not JSON: ") + err.what());
    }
    Json learned;
    if (j.is_object() && j.contains("personalization")) {
      learned = std::move(j["personalization"]);
      j.erase("personalization");
    }
    // Both parts are checked before either is applied: a bad state changes nothing.
    Json engine_before = b.engine.export_state();
    Json learned_before = b.personal.export_state();
    b.engine.import_state(j);
    try {
      if (!learned.is_null()) b.personal.import_state(learned);
    } catch (...) {
      b.engine.import_state(engine_before);
      b.personal.import_state(learned_before);
      throw;
    }
  });
}

// { limit, context: { mall, daypart, pins, locale, zone }, explore, diversity, hideDismissed,
//   explain, seed, locale, zone } -> [{ offerId, score, reasons, reasonCodes }] over the offers
// eligible at the engine's clock for its shopper.
std::string recommend(const EngineBox& b, const std::string& options) {
  return guard([&] {
    ranking::RecommendOptions o = ranking::read_recommend_options(parse_or_null(options));
    return ranking::recommendations_json(b.personal.recommend(o), o.explain);
  });
}
// The games session games.js attaches to the engine, over the engine's catalog: the catalog is
// parsed and read once for both (reading it again was nearly half of createEngine).
GamesSession* games_session(const EngineBox& b, const std::string& options) {
  return guard([&] { return new_games_session(b.engine.shared_catalog(), options); }, static_cast<GamesSession*>(nullptr));
}
std::string learned_scores(const EngineBox& b) {
  return guard([&] { return b.personal.learned_scores().dump(); });
}

}  // namespace
}  // namespace promokit::bindings

// A raw export (docs/architecture.md "Crossing the boundary"): engine.track(event) per tap;
// games: the handle of the engine's games session, 0 for none.
extern "C" EMSCRIPTEN_KEEPALIVE int pk_engine_track(std::uint32_t handle, double time, double amount, std::uint32_t games) {
  using namespace promokit::bindings;
  return track_packed(from_handle<EngineBox>(handle), games ? &from_handle<GamesSession>(games) : nullptr, time, amount);
}

EMSCRIPTEN_BINDINGS(promokit_engine) {
  using namespace emscripten;
  using namespace promokit::bindings;
  class_<EngineBox>("Engine")
      .function("setProfile", &set_profile)
      .function("setNow", &set_now)
      .function("now", &now)
      .function("track", &track)
      .function("handle", &handle_of<EngineBox>)
      .function("offers", &offers)
      .function("eligibleIndices", &eligible_indices)
      .function("offerIds", &offer_ids)
      .function("eligibleCount", &eligible_count)
      .function("claim", &claim)
      .function("confirmClaim", &confirm_claim)
      .function("rejectClaim", &reject_claim)
      .function("redeem", &redeem)
      .function("wallet", &wallet)
      .function("points", &points)
      .function("ledger", &ledger)
      .function("setInventory", &set_inventory)
      .function("priceCart", &price_cart)
      .function("checkout", &checkout)
      .function("exportState", &export_state)
      .function("importState", &import_state)
      .function("recommend", &recommend)
      .function("learnedScores", &learned_scores)
      .function("gamesSession", &games_session, allow_raw_pointers());
  function("_createEngine", &create_engine, allow_raw_pointers());
  function("_createEnginePacked", &create_engine_packed, allow_raw_pointers());
}
