// Personalization bindings: _createRecommender (-> Recommender: learned profile + ranker over a
// catalog), _rankingTrain (FTRL over events, for the admin preview), _rankingAutoTags (neither in
// the shopper module, PROMOKIT_SHOPPER). Documents
// cross as JSON text, but for the two hot paths that cross through the module's scratch buffer
// (docs/architecture.md "Crossing the boundary"): the model weights of _createRecommenderPacked
// and the fields of one tracked event, which a raw export takes (pk_recommender_track: an Embind
// method call alone costs about a microsecond without dynamic code generation). The public API
// is js-glue/src/modules/ranking.js.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cmath>
#include <cstdint>

#include "guard.hpp"
#include "io_buffer.hpp"
#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

namespace promokit::bindings {
namespace {

using ranking::Recommender;

Json parse_or_null(const std::string& text) { return text.empty() ? Json() : parse_json(text); }

Millis clock_of(double now) { return std::isfinite(now) ? static_cast<Millis>(now) : 0; }

// An event or an array of events, each validated with its path.
std::vector<Event> read_events(const Json& doc) {
  std::vector<Event> out;
  Diagnostics d;
  if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) out.push_back(read_event(doc[i], d, path_index("events", i)));
  } else {
    out.push_back(read_event(doc, d, "event"));
  }
  return out;
}

Recommender* create_recommender(const std::string& catalog, const std::string& options) {
  return guard([&] { return new Recommender(read_catalog_text(catalog), ranking::read_recommender_options(parse_or_null(options))); },
               static_cast<Recommender*>(nullptr));
}

// The same with catalog.model.weights.data, or the whole catalog, in the scratch buffer (read_catalog_from_io).
Recommender* create_recommender_packed(const std::string& catalog, const std::string& options, int chunks) {
  return guard(
      [&] { return new Recommender(read_catalog_from_io(catalog, chunks), ranking::read_recommender_options(parse_or_null(options))); },
      static_cast<Recommender*>(nullptr));
}

void set_profile(Recommender& r, const std::string& profile) { guard_void([&] { r.set_profile(read_profile(parse_json(profile))); }); }

// Number of events learned (replays of a recent event id are skipped).
int track(Recommender& r, const std::string& events) {
  return guard([&] {
    int learned = 0;
    for (const Event& e : read_events(parse_json(events))) learned += r.track(e);
    return learned;
  });
}

// track() of one event packed in the scratch buffer (io_event) → as track(), or -2: the JS
// layer then takes the JSON path, which reports the fault.
int track_packed(Recommender& r, double time, double amount) {
  return guard(
      [&] {
        std::optional<Event> e = io_event(time, amount);
        if (!e) return -2;
        return r.track(*e) ? 1 : 0;
      },
      -1);
}

// eligible: JSON array of offer ids, or "" for every offer of the catalog.
std::string recommend(const Recommender& r, const std::string& options, double now, const std::string& eligible) {
  return guard([&] {
    ranking::RecommendOptions o = ranking::read_recommend_options(parse_or_null(options));
    if (eligible.empty()) return ranking::recommendations_json(r.recommend(clock_of(now), o), o.explain);
    Json ids = parse_json(eligible);
    if (!ids.is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "eligible must be an array of offer ids", "eligible");
    std::vector<std::uint32_t> indices;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!ids[i].is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be an offer id", path_index("eligible", i));
      auto index = r.ranker().index_of(ids[i].get_ref<const std::string&>());
      if (!index) throw Error(ErrorCode::PK_OFFER_NOT_FOUND, "no offer \"" + ids[i].get<std::string>() + "\" in the catalog", path_index("eligible", i));
      indices.push_back(*index);
    }
    return ranking::recommendations_json(r.recommend(indices, clock_of(now), o), o.explain);
  });
}

std::string export_state(const Recommender& r) { return guard([&] { return r.export_state().dump(); }); }
void import_state(Recommender& r, const std::string& state) { guard_void([&] { r.import_state(parse_json(state)); }); }
std::string learned_scores(const Recommender& r, double now) {
  return guard([&] { return ranking::learned_scores(r.learned(), clock_of(now)).dump(); });
}
// Effective tags of every offer (own plus automatic): { offerId: [tags] }.
std::string offer_tags(const Recommender& r) {
  return guard([&] {
    Json out = Json::object();
    for (std::uint32_t i = 0; i < r.ranker().size(); ++i) out[r.ranker().offer(i).id] = r.ranker().tags(i);
    return out.dump();
  });
}

#if !PROMOKIT_SHOPPER  // training and automatic tags run on a server or an admin app
// { model, report }: catalog.model with newly trained weights.
std::string train(const std::string& catalog, const std::string& profiles, const std::string& events, const std::string& options) {
  return guard([&] {
    Catalog c = read_catalog_text(catalog);
    Json pj = parse_or_null(profiles);
    std::vector<Profile> ps;
    if (!pj.is_null()) {
      if (!pj.is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be an array of profiles", "profiles");
      Diagnostics d;
      for (std::size_t i = 0; i < pj.size(); ++i) ps.push_back(read_profile(pj[i], d, path_index("profiles", i)));
    }
    ranking::TrainingReport report;
    ranking::Model m = ranking::train_model(c, ps, read_events(parse_json(events)), ranking::read_training_options(parse_or_null(options)), &report);
    return Json{{"model", ranking::to_json(m)}, {"report", report.to_json()}}.dump();
  });
}

std::string auto_tags(const std::string& stats, const std::string& options) {
  return guard([&] {
    ranking::AutoTagOptions o = ranking::read_autotag_options(parse_or_null(options));
    return ranking::to_json(ranking::automatic_tags(ranking::read_offer_stats(parse_json(stats), "stats"), o)).dump();
  });
}
#endif

}  // namespace
}  // namespace promokit::bindings

extern "C" EMSCRIPTEN_KEEPALIVE int pk_recommender_track(std::uint32_t handle, double time, double amount) {
  using namespace promokit::bindings;
  return track_packed(from_handle<promokit::ranking::Recommender>(handle), time, amount);
}

EMSCRIPTEN_BINDINGS(promokit_ranking) {
  using namespace emscripten;
  using namespace promokit::bindings;
  class_<promokit::ranking::Recommender>("Recommender")
      .function("setProfile", &set_profile)
      .function("track", &track)
      .function("handle", &handle_of<Recommender>)
      .function("recommend", &recommend)
      .function("exportState", &export_state)
      .function("importState", &import_state)
      .function("learnedScores", &learned_scores)
      .function("offerTags", &offer_tags);
  function("_createRecommender", &create_recommender, allow_raw_pointers());
  function("_createRecommenderPacked", &create_recommender_packed, allow_raw_pointers());
#if !PROMOKIT_SHOPPER
  function("_rankingTrain", &train);
  function("_rankingAutoTags", &auto_tags);
#endif
}
