#pragma once
// "Recommended for You" (docs/personalization.md): automatic performance tags from per-offer
// aggregates (Wilson score intervals), a logistic model over hashed feature crosses with weights
// delivered in catalog.model, Thompson sampling from per-offer Beta posteriors, context rules
// (daypart boosts, mall proximity, business boosts, pins), a maximal-marginal-relevance re-rank,
// localized reasons, and the FTRL-Proximal trainer that produces the weights.
//
//   Model m = read_model(catalog.model);                 // validated, PK_MODEL_* with paths
//   Ranker r(catalog, std::move(m));                     // prepares the offers once
//   auto list = r.recommend(eligible, profile, learned, now, RecommendOptions{.limit = 10});
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"
#include "promokit/model.hpp"
#include "promokit/profile.hpp"

namespace promokit { class Engine; }

namespace promokit::ranking {

// ---- automatic tags -------------------------------------------------------------------------

struct OfferStats {
  std::int64_t impressions = 0, clicks = 0, claims = 0, redemptions = 0;
};

struct Interval {
  double low = 0, high = 1;
};
// Wilson score interval of a binomial proportion (successes of trials) at normal quantile z;
// [0, 1] for zero trials.
Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z) noexcept;

struct AutoTagOptions {
  double z = 1.96;                    // two-sided 95 %
  std::int64_t min_impressions = 200; // CTR tags need this many impressions
  std::int64_t min_claims = 50;       // redemption tags need this many claims
};

struct AutoTags {
  double ctr_baseline = 0;         // sum clicks / sum impressions over the catalog
  double redemption_baseline = 0;  // sum redemptions / sum claims
  std::map<std::string, std::vector<std::string>> tags;  // offer id -> high_ctr | low_ctr | high_redemption | low_redemption
};
// high_ctr when the CTR's Wilson lower bound is above the baseline, low_ctr when its upper bound
// is below; the same for redemptions per claim. Client and server run this same function.
AutoTags automatic_tags(const std::map<std::string, OfferStats>& stats, const AutoTagOptions& options = {});
// Reads { offerId: { impressions, clicks, claims, redemptions } } (PK_MODEL_INVALID at `path`).
std::map<std::string, OfferStats> read_offer_stats(const Json& doc, const std::string& path = "offerStats");
Json to_json(const AutoTags& tags);
// Reads { z, minImpressions, minClaims } (errors carry `code` and the path).
AutoTagOptions read_autotag_options(const Json& doc, const std::string& path = "options",
                                    ErrorCode code = ErrorCode::PK_RANKING_OPTION);

// ---- the model delivered in catalog.model ---------------------------------------------------

struct Priors {            // fixed coefficients of the learned profile's affinities (logit units)
  double interest = 1.5;   // strongest learned interest among the offer's category and tags
  double declared = 0.7;   // the profile's declared interests include one of them
  double brand = 0.8;      // affinity to the offer's brand
  double format = 0.3;     // preference for the offer's format
  double promo_type = 0.5; // sensitivity to the offer's promotion type
  double fatigue = -0.3;   // per log2(1 + views the shopper never acted on)
};

struct DaypartBoost {
  std::string daypart;                        // morning | lunch | afternoon | evening | night
  std::vector<std::string> categories, tags;  // the offer matches one of them
  double boost = 0;                           // added to the logit
};

struct ModelConfig {
  Priors priors;
  bool explore = true;          // Thompson sampling on by default
  double prior_strength = 20;   // pseudo-impressions of each offer's Beta prior
  double default_ctr = 0.05;    // the prior mean when no statistics are delivered
  double diversity_lambda = 0.85;      // MMR: weight of relevance against redundancy
  double max_category_share = 0.8;     // no category holds more of a list than this
  double brand_redundancy = 0.3;       // share of redundancy that comes from brand (rest: category)
  std::vector<DaypartBoost> dayparts;
  double mall_boost = 0.4;             // offer available at the shopper's (or context) mall
  std::vector<std::string> pins;       // offer ids placed first, in this order, when eligible
  double hide_dismissed_days = 30;     // a dismissed offer leaves lists this long (0: never hidden)
  std::size_t interest_crosses = 6;    // strongest learned interests crossed with offer tags
  std::map<std::string, I18nText> labels;   // display names of categories, tags, brands
  std::map<std::string, OfferStats> offer_stats;
  AutoTagOptions autotags;
};

struct Model {
  ModelConfig config;
  int bits = 0;                 // weight table size 2^bits; 0: no learned weights
  double bias = 0;              // intercept (logit)
  std::vector<float> weights;   // dense, 2^bits entries (empty when bits == 0)
  Json meta;                    // free-form training facts (examples, loss, time), kept as given
};

// Reads catalog.model (null: every default). Errors: PK_MODEL_INVALID / PK_MODEL_VERSION with
// the path ("model.weights.data", "model.context.dayparts[0].boost" ...).
Model read_model(const Json& doc, const std::string& path = "model");
// The JSON to publish in catalog.model (weights sparse and quantized; see encode_weights).
Json to_json(const Model& model);

// Compact weights, quantized to 16 bits (q = round(w / scale), scale = max|w| / 32767, so the
// error is at most scale / 2): "PKW1", bits (1 byte), layout (1 byte), scale (float32 LE), then
// layout 0 (sparse): count (varint) and per nonzero weight the index delta (varint) and q as a
// zigzag varint; layout 1 (dense, chosen when smaller): 2^bits int16 LE. Base64url in JSON: one string, or an array of
// chunks (to_json writes 48 KiB chunks so a catalog passes the default ingest string limit).
std::string encode_weights(const std::vector<float>& dense, int bits);
// Fills `dense` (resized to 2^bits) and returns bits; throws PK_MODEL_VERSION / PK_MODEL_INVALID.
int decode_weights(std::string_view bytes, std::vector<float>& dense, const std::string& path = "model.weights.data");

// ---- features -------------------------------------------------------------------------------

struct Feature {
  std::uint32_t index;
  float value;
};

// The evidence term of an offer: logit of its Beta posterior mean CTR, with prior
// Beta(baseline * strength, (1 - baseline) * strength), minus logit(baseline).
double evidence_term(const OfferStats& stats, double baseline, double strength) noexcept;

// ---- recommending ---------------------------------------------------------------------------

struct RecommendOptions {
  std::size_t limit = 10;
  std::string locale;              // "zh..." -> Chinese reasons; else English (default: profile.locale)
  std::string mall;                // context mall (default: profile.mall)
  std::string daypart;             // override the daypart of `now`
  std::string zone;                // local time for dayparts and "ends today" (default: profile.zone, else UTC)
  std::vector<std::string> pins;   // placed first, before the model's pins
  std::string seed;                // exploration seed (the engine's)
  std::optional<bool> explore;     // default: the model's setting
  bool diversity = true;
  std::optional<bool> hide_dismissed;  // default: the model's hide_dismissed_days > 0
  bool explain = false;            // fill Recommendation::components
};
// Reads { limit, explore, diversity, hideDismissed, explain, seed, locale, zone,
//         context: { mall, daypart, pins, locale, zone } } (PK_RANKING_OPTION with the path).
RecommendOptions read_recommend_options(const Json& doc);

struct Reason {
  std::string code;  // interest | brand | tier | ends_today | ends_soon | daypart | mall | mall_popular | popular | new | promo_type | featured | reward
  std::string text;
};

struct ScoreComponents {
  double model = 0;        // bias + learned weights
  double personal = 0;     // prior terms of the learned and declared profile
  double evidence = 0;     // offer's posterior CTR vs the baseline (logit difference, mean)
  double exploration = 0;  // Thompson sample minus the mean (logit)
  double context = 0;      // daypart boosts, mall, business boost
  bool pinned = false;
};

struct Recommendation {
  std::string offer_id;
  std::uint32_t index = 0;  // position of the offer in catalog.offers
  double score = 0;         // sigmoid of the summed logit
  std::vector<Reason> reasons;
  ScoreComponents components;
};
// [{ offerId, score, reasons, reasonCodes, components (explain) }] as JSON text.
std::string recommendations_json(const std::vector<Recommendation>& list, bool explain = false);

namespace detail { struct PreparedOffer; struct Shopper; }

class Ranker {
 public:
  Ranker(const Catalog& catalog, Model model);
  ~Ranker();
  Ranker(Ranker&&) noexcept;
  Ranker& operator=(Ranker&&) noexcept;

  // Ranks the eligible offers (indices into catalog.offers) for the shopper at `now`.
  // Deterministic for the same inputs (the exploration stream comes from seed, profile id, now).
  std::vector<Recommendation> recommend(std::span<const std::uint32_t> eligible, const Profile& profile,
                                        const LearnedProfile& learned, Millis now, const RecommendOptions& options) const;
  // Every offer of the catalog counts as eligible.
  std::vector<Recommendation> recommend(const Profile& profile, const LearnedProfile& learned, Millis now,
                                        const RecommendOptions& options) const;

  // The hashed features of one (shopper, offer) pair and its personal prior term (logit units):
  // what the trainer learns from, computed exactly as recommend() does.
  double features(const Profile& profile, const LearnedProfile& learned, std::uint32_t offer, Millis now,
                  std::string_view zone, std::vector<Feature>& out) const;

  std::optional<std::uint32_t> index_of(std::string_view offer_id) const noexcept;
  // learned.learn(e, the catalog offer e names, zone), the offer id hashed once for both lookups.
  bool learn(LearnedProfile& learned, const Event& e, std::string_view zone) const;
  const Offer& offer(std::uint32_t index) const noexcept;
  std::size_t size() const noexcept;
  const Model& model() const noexcept { return model_; }
  // Effective tags of an offer: its own plus the automatic ones from the model's statistics.
  const std::vector<std::string>& tags(std::uint32_t index) const noexcept;
  // Replaces the statistics (and automatic tags) without re-reading the model.
  void set_offer_stats(std::map<std::string, OfferStats> stats);

 private:
  detail::Shopper shopper(const Profile& profile, const LearnedProfile& learned, Millis now, std::string_view zone,
                          std::string_view mall, std::string_view daypart) const;
  const Catalog* catalog_;
  Model model_;
  std::vector<detail::PreparedOffer> offers_;
  // Offer positions by key_hash(id), open addressing in catalog order (a power of two, at most
  // half full; kNoSlot empty): an id is found with one probe and one string comparison, and the
  // first of duplicate ids wins.
  static constexpr std::uint32_t kNoSlot = 0xffffffffu;
  std::vector<std::uint32_t> slots_;
  std::size_t group_count_ = 0;  // groups of features the offers share (detail::FeatureCache)
  std::optional<std::uint32_t> find(std::uint64_t hash, std::string_view id) const noexcept;
  double ctr_baseline_ = 0.05;
};

// Learned scores for display (admin preview): { interest: [{ key, score, raw }], brand, format,
// promoType, daypart, events, offers: [{ offerId, views, clicks, dismissedAt }] }, strongest first.
Json learned_scores(const LearnedProfile& learned, Millis now);

// What an engine holds for one shopper: a ranker over its catalog plus the learned profile.
// track() learns (the offer named by an event is looked up in the catalog), recommend() ranks,
// and the learned state exports and imports exactly.
struct RecommenderOptions {
  LearningOptions learning;
  std::string zone;  // for dayparts when the profile has none
  std::string seed;  // exploration seed
};
// Reads { halfLifeDays, topK, zone, seed } (PK_RANKING_OPTION).
RecommenderOptions read_recommender_options(const Json& doc);

class Recommender {
 public:
  Recommender(Catalog catalog, RecommenderOptions options = {});
  // A different shopper id starts a fresh learned profile; the same id keeps it.
  void set_profile(Profile profile);
  bool track(const Event& event);
  std::vector<Recommendation> recommend(Millis now, RecommendOptions options) const;
  std::vector<Recommendation> recommend(std::span<const std::uint32_t> eligible, Millis now, RecommendOptions options) const;
  // { "v": 1, "profileId", "learned": LearnedProfile::to_json() }; import throws PK_PROFILE_STATE.
  Json export_state() const;
  void import_state(const Json& state);
  const LearnedProfile& learned() const noexcept { return learned_; }
  const Profile& profile() const noexcept { return profile_; }
  const Ranker& ranker() const noexcept { return ranker_; }
  const Catalog& catalog() const noexcept { return *catalog_; }

 private:
  std::string_view zone() const noexcept;
  std::unique_ptr<Catalog> catalog_;  // the ranker points into it
  RecommenderOptions options_;
  Ranker ranker_;
  Profile profile_;
  LearnedProfile learned_;
};

// The exported form shared by Recommender and EnginePersonalization: { "v": 1, "profileId",
// "learned": LearnedProfile::to_json() }. Import throws PK_PROFILE_STATE with the path.
Json export_learned(const std::string& profile_id, const LearnedProfile& learned);
LearnedProfile import_learned(const Json& state, const LearningOptions& options, std::string& profile_id);

// Personalization attached to an Engine (promokit/engine.hpp): it learns from every event the
// engine accepts (Engine::on_event), answers interest(tag) and score("dim:key") in the engine's
// targeting rules (Engine::set_rule_hooks), and ranks the engine's eligible offers at the
// engine's clock for the engine's shopper. A new shopper id starts a fresh learned profile.
// The engine must stay where it is (not moved) and alive while this object is used; what the
// engine's hooks hold is shared, so destroying either one first is safe.
class EnginePersonalization {
 public:
  explicit EnginePersonalization(Engine& engine, RecommenderOptions options = {});
  ~EnginePersonalization();
  std::vector<Recommendation> recommend(RecommendOptions options) const;
  Json learned_scores() const;
  Json export_state() const;
  void import_state(const Json& state);
  const LearnedProfile& learned() const;
  const Ranker& ranker() const;

  struct State;

 private:
  Engine* engine_;
  std::shared_ptr<State> state_;
};

// ---- training -------------------------------------------------------------------------------

struct FtrlOptions {
  double alpha = 0.05, beta = 1.0;  // per-coordinate learning rate alpha / (beta + sqrt(n))
  double l1 = 0.5, l2 = 1.0;
  int bits = 18;
};

// FTRL-Proximal logistic regression (McMahan et al., KDD 2013, Algorithm 1), per-coordinate,
// with a fixed per-example offset (the priors and evidence the serving model adds).
class FtrlTrainer {
 public:
  explicit FtrlTrainer(FtrlOptions options = {});
  // One online step; returns the prediction made before the update (progressive validation).
  double learn(std::span<const Feature> x, double offset, bool label);
  double predict(std::span<const Feature> x, double offset) const;
  double weight(std::uint32_t index) const noexcept;
  double bias() const noexcept;
  std::size_t nonzero() const noexcept;
  int bits() const noexcept { return options_.bits; }
  // The weights as a Model with the given configuration.
  Model to_model(ModelConfig config) const;

 private:
  double weight_of(std::size_t slot) const noexcept;
  FtrlOptions options_;
  std::vector<double> z_, n_;  // slot 2^bits is the bias
};

struct TrainingOptions {
  FtrlOptions ftrl;
  LearningOptions learning;
  Millis label_window = 86400000;  // a click or claim within this after a view labels it 1
  int epochs = 1;
  std::string zone;                // for profiles without one
};

struct TrainingReport {
  std::int64_t examples = 0, positives = 0;
  double logloss = 0;  // progressive validation loss of the last epoch
  std::size_t nonzero = 0;
  Json to_json() const;
};

// Replays each customer's events in time order through a LearnedProfile (features as the shopper
// looked at that moment); every view becomes an example, labelled 1 when the same customer
// clicks, claims or redeems that offer within label_window. Offer statistics accumulate in time
// order too, so no example sees its own future. Returns catalog.model with the new weights and
// the statistics counted (config taken from the catalog's model).
Model train_model(const Catalog& catalog, const std::vector<Profile>& profiles, std::vector<Event> events,
                  const TrainingOptions& options, TrainingReport* report = nullptr);
// Reads { alpha, beta, l1, l2, bits, epochs, labelWindowMs, halfLifeDays, zone } (PK_RANKING_OPTION).
TrainingOptions read_training_options(const Json& doc);

}  // namespace promokit::ranking
