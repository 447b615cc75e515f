// Personalization attached to an Engine (docs/personalization.md §10): the engine's accepted
// events feed the learned profile, its rules ask the learned interests, and recommend() ranks
// what the engine says is eligible now.
#include "promokit/engine.hpp"
#include "promokit/ranking.hpp"

namespace promokit::ranking {

// What outlives whichever of the engine and the attachment goes first: the engine's event hook
// and rule-hook pointer refer to it.
struct EnginePersonalization::State : EvalHooks {
  const Engine* engine;
  RecommenderOptions options;
  Ranker ranker;
  LearnedProfile learned;
  std::string profile_id;

  State(const Engine& e, RecommenderOptions o)
      : engine(&e), options(std::move(o)), ranker(e.catalog(), read_model(e.catalog().model)), learned(options.learning) {}

  std::string_view zone() const noexcept {
    const std::string& z = engine->profile().zone;
    return !z.empty() && is_known_zone(z) ? std::string_view(z) : std::string_view(options.zone);
  }
  // The learned profile belongs to one shopper: another id on the engine starts afresh. What was
  // learned before any shopper was set (browsing before login) becomes the first shopper's.
  void follow_profile() {
    const std::string& id = engine->profile().id;
    if (id.empty() || id == profile_id) return;
    if (!profile_id.empty()) learned = LearnedProfile(options.learning);
    profile_id = id;
  }
  void learn(const Event& e) {
    follow_profile();
    ranker.learn(learned, e, zone());
  }
  bool current() const { return engine->profile().id.empty() || engine->profile().id == profile_id || profile_id.empty(); }
  std::optional<double> interest(std::string_view tag) const override {
    if (!current()) return std::nullopt;
    return LearnedInterestHooks(learned, engine->now()).interest(tag);
  }
  std::optional<double> score(std::string_view name) const override {
    if (!current()) return std::nullopt;
    return LearnedInterestHooks(learned, engine->now()).score(name);
  }
};

EnginePersonalization::EnginePersonalization(Engine& engine, RecommenderOptions options)
    : engine_(&engine), state_(std::make_shared<State>(engine, std::move(options))) {
  state_->profile_id = engine.profile().id;
  engine.on_event([state = state_](const Event& e) { state->learn(e); });
  engine.set_rule_hooks(state_.get());
}

EnginePersonalization::~EnginePersonalization() = default;

std::vector<Recommendation> EnginePersonalization::recommend(RecommendOptions options) const {
  state_->follow_profile();
  std::vector<std::uint32_t> eligible;
  for (std::size_t i : engine_->eligible()) eligible.push_back(static_cast<std::uint32_t>(i));
  if (options.seed.empty()) options.seed = state_->options.seed;
  if (options.zone.empty()) options.zone = std::string(state_->zone());
  return state_->ranker.recommend(eligible, engine_->profile(), state_->learned, engine_->now(), options);
}

Json EnginePersonalization::learned_scores() const {
  state_->follow_profile();
  return ranking::learned_scores(state_->learned, engine_->now());
}

Json EnginePersonalization::export_state() const {
  state_->follow_profile();
  return export_learned(state_->profile_id, state_->learned);
}

void EnginePersonalization::import_state(const Json& state) {
  std::string id;
  LearnedProfile imported = import_learned(state, state_->options.learning, id);
  state_->learned = std::move(imported);
  state_->profile_id = std::move(id);
}

const LearnedProfile& EnginePersonalization::learned() const { return state_->learned; }
const Ranker& EnginePersonalization::ranker() const { return state_->ranker; }

}  // namespace promokit::ranking
