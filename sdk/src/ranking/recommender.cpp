// The per-shopper pairing of ranker and learned profile an engine holds (docs/personalization.md §10).
#include <algorithm>

#include "promokit/ranking.hpp"

namespace promokit::ranking {

Json learned_scores(const LearnedProfile& learned, Millis now) {
  Json out = {{"events", learned.event_count()}};
  for (std::size_t d = 0; d < kScoreDimensions; ++d) {
    auto dim = static_cast<ScoreDimension>(d);
    Json list = Json::array();
    for (const auto& [key, raw] : learned.top(dim, now, learned.entries(dim).size()))
      list.push_back({{"key", key}, {"score", learned.affinity_of_raw(raw)}, {"raw", raw}});
    out[std::string(to_string(dim))] = std::move(list);
  }
  Json offers = Json::array();
  for (const auto& m : learned.offers())
    offers.push_back({{"offerId", m.id}, {"views", m.views}, {"clicks", m.clicks}, {"dismissedAt", m.dismissed ? Json(*m.dismissed) : Json()}});
  out["offers"] = std::move(offers);
  return out;
}

Recommender::Recommender(Catalog catalog, RecommenderOptions options)
    : catalog_(std::make_unique<Catalog>(std::move(catalog))),
      options_(std::move(options)),
      ranker_(*catalog_, read_model(catalog_->model)),
      learned_(options_.learning) {}

std::string_view Recommender::zone() const noexcept {
  if (!profile_.zone.empty() && is_known_zone(profile_.zone)) return profile_.zone;
  return options_.zone;
}

void Recommender::set_profile(Profile profile) {
  if (profile.id != profile_.id) learned_ = LearnedProfile(options_.learning);
  profile_ = std::move(profile);
}

bool Recommender::track(const Event& e) { return ranker_.learn(learned_, e, zone()); }

std::vector<Recommendation> Recommender::recommend(Millis now, RecommendOptions options) const {
  std::vector<std::uint32_t> all(ranker_.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  return recommend(all, now, std::move(options));
}

std::vector<Recommendation> Recommender::recommend(std::span<const std::uint32_t> eligible, Millis now, RecommendOptions options) const {
  if (options.seed.empty()) options.seed = options_.seed;
  if (options.zone.empty()) options.zone = std::string(zone());
  return ranker_.recommend(eligible, profile_, learned_, now, options);
}

Json Recommender::export_state() const { return export_learned(profile_.id, learned_); }

void Recommender::import_state(const Json& state) {
  std::string id;
  learned_ = import_learned(state, options_.learning, id);
  profile_.id = std::move(id);
}

Json export_learned(const std::string& profile_id, const LearnedProfile& learned) {
  return {{"v", 1}, {"profileId", profile_id}, {"learned", learned.to_json()}};
}

LearnedProfile import_learned(const Json& state, const LearningOptions& options, std::string& profile_id) {
  if (!state.is_object()) throw Error(ErrorCode::PK_PROFILE_STATE, "must be an object", "state");
  auto v = state.find("v");
  if (v == state.end() || !v->is_number_integer() || v->get<std::int64_t>() != 1)
    throw Error(ErrorCode::PK_PROFILE_STATE, "must have version 1", "state.v");
  auto id = state.find("profileId");
  if (id == state.end() || !id->is_string()) throw Error(ErrorCode::PK_PROFILE_STATE, "must be the shopper id", "state.profileId");
  auto learned = state.find("learned");
  if (learned == state.end()) throw Error(ErrorCode::PK_PROFILE_STATE, "is missing", "state.learned");
  try {
    LearnedProfile imported = LearnedProfile::from_json(*learned, options);
    profile_id = id->get<std::string>();
    return imported;
  } catch (const Error& e) {  // the learned state sits under "learned" here
    std::string path = e.path();
    throw Error(e.code(), e.what(), "state.learned" + path.substr(std::min<std::size_t>(path.size(), 5)));
  }
}

}  // namespace promokit::ranking
