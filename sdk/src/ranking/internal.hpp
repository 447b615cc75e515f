#pragma once
// Shared inside sdk/src/ranking: the prepared form of an offer, the per-call view of a shopper,
// feature hashing, the exploration stream and the reason texts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/ranking.hpp"

namespace promokit::ranking::detail {

// MurmurHash3's 64-bit finalizer: a bijective mixer, so distinct inputs never collide before
// the index is cut to `bits`.
inline std::uint64_t fmix64(std::uint64_t k) noexcept {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

// Feature namespaces (docs/personalization.md §3). Numbers are part of the model format.
enum Ns : std::uint64_t {
  kNsOffer = 1, kNsToken, kNsInterestToken, kNsDeclaredToken, kNsTierPromo, kNsDaypartCategory, kNsBrand,
  kNsBrandAny, kNsFormat, kNsFormatAny, kNsPromo, kNsPromoAny, kNsInterestAny, kNsMall, kNsGenderCategory,
  kNsNewToken, kNsSeen, kNsClicked
};

// The index of the cross (a, b) in namespace ns, in a table of 2^bits.
inline std::uint32_t feature_index(Ns ns, std::uint64_t a, std::uint64_t b, int bits) noexcept {
  std::uint64_t h = fmix64(fmix64(a + static_cast<std::uint64_t>(ns) * 0x9e3779b97f4a7c15ull) ^ b);
  return static_cast<std::uint32_t>(h >> (64 - bits));
}

inline double sigmoid(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }
inline double logit(double p) noexcept {
  p = std::min(std::max(p, 1e-9), 1 - 1e-9);
  return std::log(p / (1 - p));
}

struct PreparedOffer {
  std::uint64_t id = 0, category = 0, brand = 0, format = 0, promo = 0;  // key hashes (0: none)
  std::string_view category_name, promo_name;
  std::vector<std::uint64_t> tokens;     // category, scope categories and tags, distinct
  std::vector<std::string> token_names;  // the same, as text
  std::vector<std::string> tags;         // own tags plus automatic ones
  std::vector<std::uint64_t> malls;
  double alpha = 1, beta = 1;            // Beta posterior of the offer's CTR
  double mean_logit = 0;                 // logit(alpha / (alpha + beta)), what exploration subtracts
  double evidence = 0;                   // logit(posterior mean) - logit(baseline)
  bool popular = false;                  // automatic tag high_ctr or high_redemption
  // Precomputed for scoring: the dense ids of the shared groups (FeatureCache), the weight of the
  // offer's own id feature, and which of the model's daypart boosts match the offer (bit i:
  // dayparts[i]).
  std::vector<std::uint32_t> token_groups;
  std::uint32_t category_group = 0, promo_group = 0, brand_group = 0, format_group = 0;
  double own_weight = 0;
  std::uint64_t daypart_rules = 0;
};

// A group (kind, key) as one number, for numbering the groups of a catalog.
enum GroupKind : std::uint64_t { kGroupToken = 1, kGroupCategory, kGroupPromo, kGroupBrand, kGroupFormat };
inline std::uint64_t group_slot(GroupKind kind, std::uint64_t key) noexcept {
  return fmix64(key ^ (static_cast<std::uint64_t>(kind) * 0x9e3779b97f4a7c15ull)) | 1;
}

// A small open-addressing table key hash -> affinity, rebuilt per call.
class AffinityTable {
 public:
  void reset(std::size_t capacity);
  void put(std::uint64_t key, float value) noexcept;
  float get(std::uint64_t key) const noexcept;

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<float> values_;
  std::size_t mask_ = 0;
};

struct Shopper {
  std::uint64_t tier = 0, gender = 0, daypart = 0, mall = 0;
  std::string daypart_name, tier_name;
  bool is_new = true;
  std::vector<std::pair<std::uint64_t, float>> top_interest;  // strongest positive learned interests
  std::vector<std::uint64_t> declared;                         // profile.interests
  AffinityTable interest, brand, format, promo;
  const LearnedProfile* learned = nullptr;
  Millis now = 0;
  std::string zone;
};

// Appends the features of (shopper, offer); returns the personal prior term (logit units).
double offer_features(const Shopper& s, const PreparedOffer& o, const Model& m, const OfferMemory* memory,
                      std::vector<Feature>& out);
// The personal prior term alone (interest: best_interest(s, o).first).
double personal_prior(const Shopper& s, const PreparedOffer& o, const Priors& priors, const OfferMemory* memory, double interest);

// Scores with the same features offer_features lists, but the groups shared between offers (per
// tag, category, promotion type, brand, format) are computed once per call: a group's dot
// product, the shopper's affinity to its key, and whether the key is a declared interest. The
// Ranker numbers a catalog's groups 0..group_count-1, so a group is found by its index.
class FeatureCache {
 public:
  FeatureCache(const Shopper& s, const Model& m, std::size_t group_count);
  // bias + w . x, and the personal prior term.
  void score(const PreparedOffer& o, const OfferMemory* memory, double& dot, double& personal);

 private:
  struct Value {
    double dot = 0, affinity = 0;
    bool declared = false, ready = false;
  };
  const Value& group(GroupKind kind, std::uint32_t id, std::uint64_t key);
  const Shopper& s_;
  const Model& m_;
  double w_interest_ = 0, w_mall_ = 0, w_seen_ = 0, w_clicked_ = 0;  // weights of the offer-only features
  std::vector<Value> values_;
};

// The strongest learned interest among the offer's tokens, its index in o.tokens (-1: none).
std::pair<double, int> best_interest(const Shopper& s, const PreparedOffer& o) noexcept;

// Exploration: a per-offer stream derived from (seed, profile id, now), independent of which
// other offers are eligible.
struct ExplorationKey {
  std::uint64_t k0 = 0, k1 = 0;
};
ExplorationKey exploration_key(std::string_view seed, std::string_view profile_id, Millis now);
double sample_beta(const ExplorationKey& key, std::uint64_t offer_hash, double alpha, double beta);

// Reasons for one item (at least one; at most three).
struct ReasonInput {
  const Offer& offer;
  const PreparedOffer& prepared;
  const Shopper& shopper;
  const Model& model;
  const ScoreComponents& components;
  bool zh = false;
  bool at_mall = false, daypart_boosted = false;
};
std::vector<Reason> reasons_for(const ReasonInput& in);

}  // namespace promokit::ranking::detail
