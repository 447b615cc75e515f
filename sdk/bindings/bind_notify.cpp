// Notification bindings: a Notifier (the catalog's templates, calendar and caps, and what was
// sent) that computes a GamesSession's due intents, and _formatMoney. The public API is
// js-glue/src/modules/notify.js; docs/notifications.md describes the triggers.
#include <emscripten/bind.h>

#include "games_session.hpp"
#include "guard.hpp"
#include "promokit/notify.hpp"

namespace promokit::bindings {
namespace {

class Notifier {
 public:
  explicit Notifier(notify::Setup setup) : setup_(std::move(setup)) {}

  // deals: [{ offerId, score }] — the engine's eligible offers with their ranking scores.
  // locale: the language of the texts ("" = the profile's), so an app can show both languages.
  std::string due(const GamesSession& session, const std::string& deals_json, const std::string& locale) {
    return guard([&] {
      Json deals = parse_json(deals_json);
      if (!deals.is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "deals must be an array of { offerId, score }", "deals");
      std::vector<notify::DealCandidate> candidates;
      for (std::size_t i = 0; i < deals.size(); ++i) {
        const Json& d = deals[i];
        if (!d.is_object() || !d.value("offerId", Json()).is_string() || !d.value("score", Json()).is_number())
          throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be { offerId, score }", path_index("deals", i));
        candidates.push_back({d["offerId"].get<std::string>(), d["score"].get<double>()});
      }
      return run(session, std::move(candidates), locale);
    });
  }
  // The same with deals of the catalog's offers as (index into catalog.offers, score) typed
  // arrays: 1,000 candidates as JSON text cost 9 ms to parse in wasm (strtod), this ~nothing.
  std::string due_indexed(const GamesSession& session, const emscripten::val& indices, const emscripten::val& scores,
                          const std::string& locale) {
    return guard([&] {
      std::vector<std::int32_t> index = emscripten::convertJSArrayToNumberVector<std::int32_t>(indices);
      std::vector<double> score = emscripten::convertJSArrayToNumberVector<double>(scores);
      const auto& offers = session.session().catalog().offers;
      if (index.size() != score.size()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "indices and scores differ in length", "deals");
      std::vector<notify::DealCandidate> candidates;
      candidates.reserve(index.size());
      for (std::size_t i = 0; i < index.size(); ++i) {
        if (index[i] < 0 || static_cast<std::size_t>(index[i]) >= offers.size())
          throw Error(ErrorCode::PK_INVALID_ARGUMENT, "not an offer of the catalog", path_index("deals", i));
        candidates.push_back({offers[static_cast<std::size_t>(index[i])].id, score[i]});
      }
      return run(session, std::move(candidates), locale);
    });
  }
  // The catalog's offer ids in order (the JS layer maps deals to indices with them).
  std::string offer_ids(const GamesSession& session) {
    return guard([&] {
      Json out = Json::array();
      for (const Offer& o : session.session().catalog().offers) out.push_back(o.id);
      return out.dump();
    });
  }

 private:
  std::string run(const GamesSession& session, std::vector<notify::DealCandidate> candidates, const std::string& locale) {
    {
      Json out = Json::array();
      notify::Inputs inputs = notify::inputs_for(session.session(), std::move(candidates));
      Profile localized;
      if (!locale.empty() && inputs.profile) {
        localized = *inputs.profile;
        localized.locale = locale;
        inputs.profile = &localized;
      }
      for (const auto& intent : notify::due(setup_, inputs, state_))
        out.push_back(notify::to_json(intent));
      return out.dump();
    }
  }

 public:
  // Records delivered intents (as due() returned them).
  void mark_sent(const std::string& intents_json) {
    guard_void([&] {
      Json list = parse_json(intents_json);
      if (!list.is_array()) list = Json::array({list});
      std::vector<notify::Intent> intents;
      for (const Json& j : list) intents.push_back(notify::intent_from_json(j));
      for (const auto& i : intents) notify::record_sent(state_, i);
    });
  }
  std::string export_state() {
    return guard([&] { return state_.to_json().dump(); });
  }
  void import_state(const std::string& state) {
    guard_void([&] { state_ = notify::State::from_json(parse_json(state)); });
  }

 private:
  notify::Setup setup_;
  notify::State state_;
};

Notifier* create_notifier(const GamesSession& session) {
  return guard([&] { return new Notifier(notify::read_setup(session.session().catalog())); }, static_cast<Notifier*>(nullptr));
}

std::string format_money(double amount, const std::string& currency) {
  return guard([&] { return notify::format_money(static_cast<Money>(amount), currency); });
}

}  // namespace
}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_notify) {
  using namespace emscripten;
  using promokit::bindings::Notifier;
  class_<Notifier>("Notifier")
      .function("due", &Notifier::due)
      .function("dueIndexed", &Notifier::due_indexed)
      .function("offerIds", &Notifier::offer_ids)
      .function("markSent", &Notifier::mark_sent)
      .function("exportState", &Notifier::export_state)
      .function("importState", &Notifier::import_state);
  function("_createNotifier", &promokit::bindings::create_notifier, allow_raw_pointers());
  function("_formatMoney", &promokit::bindings::format_money);
}
