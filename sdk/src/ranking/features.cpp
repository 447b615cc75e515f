// Hashed feature crosses and the personal prior terms (docs/personalization.md §2-3), and the
// seeded Beta sampler behind exploration.
#include <algorithm>
#include <cmath>

#include "internal.hpp"
#include "promokit/crypto.hpp"

namespace promokit::ranking::detail {

void AffinityTable::reset(std::size_t capacity) {
  std::size_t size = 16;
  while (size < capacity * 2) size <<= 1;
  keys_.assign(size, 0);
  values_.assign(size, 0.0f);
  mask_ = size - 1;
}

void AffinityTable::put(std::uint64_t key, float value) noexcept {
  if (key == 0) return;  // 0 marks an empty slot (and no key hashes to it in practice)
  for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == 0 || keys_[i] == key) {
      keys_[i] = key;
      values_[i] = value;
      return;
    }
  }
}

float AffinityTable::get(std::uint64_t key) const noexcept {
  if (key == 0 || keys_.empty()) return 0.0f;
  for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == key) return values_[i];
    if (keys_[i] == 0) return 0.0f;
  }
}

std::pair<double, int> best_interest(const Shopper& s, const PreparedOffer& o) noexcept {
  double best = 0;
  int at = -1;
  for (std::size_t i = 0; i < o.tokens.size(); ++i) {
    double a = s.interest.get(o.tokens[i]);
    if (at < 0 || a > best) {
      best = a;
      at = static_cast<int>(i);
    }
  }
  return {at < 0 ? 0.0 : best, at};
}

namespace {

// The features of a (shopper, offer) pair come in groups keyed by one attribute of the offer; a
// group's dot product with the weights is the same for every offer sharing that attribute, which
// is what lets recommend() compute it once per call (FeatureCache) instead of once per offer.
template <class Emit>
void token_group(const Shopper& s, std::uint64_t t, Emit&& emit) {
  emit(kNsToken, t, 0, 1);
  for (const auto& [k, a] : s.top_interest) emit(kNsInterestToken, k, t, a);
  for (std::uint64_t d : s.declared) emit(kNsDeclaredToken, d, t, 1);
  if (s.is_new) emit(kNsNewToken, t, 0, 1);
}
template <class Emit>
void category_group(const Shopper& s, std::uint64_t category, Emit&& emit) {
  emit(kNsDaypartCategory, s.daypart, category, 1);
  emit(kNsGenderCategory, s.gender, category, 1);
}
template <class Emit>
void promo_group(const Shopper& s, std::uint64_t promo, Emit&& emit) {
  double a = s.promo.get(promo);
  emit(kNsTierPromo, s.tier, promo, 1);
  emit(kNsPromo, promo, 0, a);
  emit(kNsPromoAny, 0, 0, a);
}
template <class Emit>
void brand_group(const Shopper& s, std::uint64_t brand, Emit&& emit) {
  double a = s.brand.get(brand);
  emit(kNsBrand, brand, 0, a);
  emit(kNsBrandAny, 0, 0, a);
}
template <class Emit>
void format_group(const Shopper& s, std::uint64_t format, Emit&& emit) {
  double a = s.format.get(format);
  emit(kNsFormat, format, 0, a);
  emit(kNsFormatAny, 0, 0, a);
}
// What only this offer has: its id, its best interest, the shopper's mall, the shopper's history with it.
template <class Emit>
void own_group(const Shopper& s, const PreparedOffer& o, const OfferMemory* memory, double interest, Emit&& emit) {
  emit(kNsOffer, o.id, 0, 1);
  emit(kNsInterestAny, 0, 0, interest);
  if (s.mall && std::find(o.malls.begin(), o.malls.end(), s.mall) != o.malls.end()) emit(kNsMall, 0, 0, 1);
  if (memory) {
    emit(kNsSeen, 0, 0, std::log2(1.0 + static_cast<double>(memory->views)));
    emit(kNsClicked, 0, 0, memory->clicks > 0 ? 1 : 0);
  }
}

}  // namespace

double personal_prior(const Shopper& s, const PreparedOffer& o, const Priors& pr, const OfferMemory* memory, double interest) {
  bool declared = false;
  for (std::uint64_t d : s.declared)
    if (std::find(o.tokens.begin(), o.tokens.end(), d) != o.tokens.end()) declared = true;
  std::int64_t ignored = memory ? std::max<std::int64_t>(0, memory->views - memory->clicks) : 0;
  return pr.interest * interest + (declared ? pr.declared : 0.0) + pr.brand * s.brand.get(o.brand) + pr.format * s.format.get(o.format) +
         pr.promo_type * s.promo.get(o.promo) + pr.fatigue * std::log2(1.0 + static_cast<double>(ignored));
}

double offer_features(const Shopper& s, const PreparedOffer& o, const Model& m, const OfferMemory* memory,
                      std::vector<Feature>& out) {
  const int bits = m.bits;
  auto emit = [&](Ns ns, std::uint64_t a, std::uint64_t b, double v) {
    if (bits > 0 && v != 0) out.push_back(Feature{feature_index(ns, a, b, bits), static_cast<float>(v)});
  };
  double interest = best_interest(s, o).first;
  own_group(s, o, memory, interest, emit);
  for (std::uint64_t t : o.tokens) token_group(s, t, emit);
  category_group(s, o.category, emit);
  promo_group(s, o.promo, emit);
  brand_group(s, o.brand, emit);
  format_group(s, o.format, emit);
  return personal_prior(s, o, m.config.priors, memory, interest);
}

FeatureCache::FeatureCache(const Shopper& s, const Model& m, std::size_t group_count) : s_(s), m_(m), values_(group_count) {
  if (m.bits > 0) {
    w_interest_ = m.weights[feature_index(kNsInterestAny, 0, 0, m.bits)];
    w_mall_ = m.weights[feature_index(kNsMall, 0, 0, m.bits)];
    w_seen_ = m.weights[feature_index(kNsSeen, 0, 0, m.bits)];
    w_clicked_ = m.weights[feature_index(kNsClicked, 0, 0, m.bits)];
  }
}

const FeatureCache::Value& FeatureCache::group(GroupKind kind, std::uint32_t id, std::uint64_t key) {
  Value& v = values_[id];
  if (v.ready) return v;
  auto emit = [&](Ns ns, std::uint64_t a, std::uint64_t b, double x) {
    if (m_.bits > 0 && x != 0) v.dot += m_.weights[feature_index(ns, a, b, m_.bits)] * static_cast<float>(x);
  };
  switch (kind) {
    case kGroupToken:
      token_group(s_, key, emit);
      v.affinity = s_.interest.get(key);
      v.declared = std::find(s_.declared.begin(), s_.declared.end(), key) != s_.declared.end();
      break;
    case kGroupCategory: category_group(s_, key, emit); break;
    case kGroupPromo:
      promo_group(s_, key, emit);
      v.affinity = s_.promo.get(key);
      break;
    case kGroupBrand:
      brand_group(s_, key, emit);
      v.affinity = s_.brand.get(key);
      break;
    case kGroupFormat:
      format_group(s_, key, emit);
      v.affinity = s_.format.get(key);
      break;
  }
  v.ready = true;
  return v;
}

void FeatureCache::score(const PreparedOffer& o, const OfferMemory* memory, double& dot, double& personal) {
  double sum = m_.bias + o.own_weight, interest = 0;
  bool declared = false;
  for (std::size_t i = 0; i < o.tokens.size(); ++i) {
    const Value& t = group(kGroupToken, o.token_groups[i], o.tokens[i]);
    sum += t.dot;
    interest = i == 0 ? t.affinity : std::max(interest, t.affinity);  // as best_interest()
    declared = declared || t.declared;
  }
  sum += w_interest_ * static_cast<float>(interest);
  if (s_.mall && std::find(o.malls.begin(), o.malls.end(), s_.mall) != o.malls.end()) sum += w_mall_;
  std::int64_t ignored = 0;
  if (memory) {
    sum += w_seen_ * static_cast<float>(std::log2(1.0 + static_cast<double>(memory->views))) + (memory->clicks > 0 ? w_clicked_ : 0.0);
    ignored = std::max<std::int64_t>(0, memory->views - memory->clicks);
  }
  sum += group(kGroupCategory, o.category_group, o.category).dot;
  const Value& promo = group(kGroupPromo, o.promo_group, o.promo);
  sum += promo.dot;
  double promo_affinity = promo.affinity;
  const Value& brand = group(kGroupBrand, o.brand_group, o.brand);
  sum += brand.dot;
  double brand_affinity = brand.affinity;
  const Value& format = group(kGroupFormat, o.format_group, o.format);
  dot = sum + format.dot;
  const Priors& pr = m_.config.priors;
  personal = pr.interest * interest + (declared ? pr.declared : 0.0) + pr.brand * brand_affinity + pr.format * format.affinity +
             pr.promo_type * promo_affinity + pr.fatigue * std::log2(1.0 + static_cast<double>(ignored));
}

ExplorationKey exploration_key(std::string_view seed, std::string_view profile_id, Millis now) {
  crypto::Sha256 h;
  std::string sep(1, '\0');
  std::uint8_t t[8];
  for (int i = 0; i < 8; ++i) t[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(now) >> (56 - 8 * i));
  h.update("promokit-explore").update(sep).update(seed).update(sep).update(profile_id).update(sep);
  h.update(std::string_view(reinterpret_cast<const char*>(t), 8));
  crypto::Digest256 d = h.finish();
  ExplorationKey k;
  for (int i = 0; i < 8; ++i) {
    k.k0 |= static_cast<std::uint64_t>(d[i]) << (8 * i);
    k.k1 |= static_cast<std::uint64_t>(d[8 + i]) << (8 * i);
  }
  return k;
}

namespace {

// splitmix64 (Steele, Lea & Flood 2014), seeded per offer by SipHash of the offer's key hash.
struct Stream {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }  // (0, 1]
  // Marsaglia's polar method: two normals per accepted pair, the second kept for the next call.
  double spare = 0;
  bool has_spare = false;
  double normal() noexcept {
    if (has_spare) {
      has_spare = false;
      return spare;
    }
    double u, v, q;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    double f = std::sqrt(-2 * std::log(q) / q);
    spare = v * f;
    has_spare = true;
    return u * f;
  }
  // Marsaglia & Tsang (2000); shape < 1 boosted by U^(1/shape).
  double gamma(double shape) noexcept {
    double boost = 1;
    if (shape < 1) {
      boost = std::pow(uniform(), 1.0 / shape);
      shape += 1;
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x = normal(), v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v * boost;
    }
  }
};

}  // namespace

double sample_beta(const ExplorationKey& key, std::uint64_t offer_hash, double alpha, double beta) {
  Stream s{crypto::siphash24_u64(crypto::SipKey{key.k0, key.k1}, offer_hash), 0, false};
  double x = s.gamma(alpha), y = s.gamma(beta);
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}

}  // namespace promokit::ranking::detail
