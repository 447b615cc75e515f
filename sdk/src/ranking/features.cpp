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

double offer_features(const Shopper& s, const PreparedOffer& o, const Model& m, const OfferMemory* memory,
                      std::vector<Feature>& out) {
  const int bits = m.bits;
  const Priors& pr = m.config.priors;
  auto emit = [&](Ns ns, std::uint64_t a, std::uint64_t b, double v) {
    if (bits > 0 && v != 0) out.push_back(Feature{feature_index(ns, a, b, bits), static_cast<float>(v)});
  };
  auto [interest, at] = best_interest(s, o);
  double brand = s.brand.get(o.brand), format = s.format.get(o.format), promo = s.promo.get(o.promo);
  bool declared = false;
  for (std::uint64_t d : s.declared)
    declared = declared || std::find(o.tokens.begin(), o.tokens.end(), d) != o.tokens.end();
  std::int64_t ignored = memory ? std::max<std::int64_t>(0, memory->views - memory->clicks) : 0;

  emit(kNsOffer, o.id, 0, 1);
  for (std::uint64_t t : o.tokens) {
    emit(kNsToken, t, 0, 1);
    for (const auto& [k, a] : s.top_interest) emit(kNsInterestToken, k, t, a);
    for (std::uint64_t d : s.declared) emit(kNsDeclaredToken, d, t, 1);
    if (s.is_new) emit(kNsNewToken, t, 0, 1);
  }
  emit(kNsTierPromo, s.tier, o.promo, 1);
  emit(kNsDaypartCategory, s.daypart, o.category, 1);
  emit(kNsBrand, o.brand, 0, brand);
  emit(kNsBrandAny, 0, 0, brand);
  emit(kNsFormat, o.format, 0, format);
  emit(kNsFormatAny, 0, 0, format);
  emit(kNsPromo, o.promo, 0, promo);
  emit(kNsPromoAny, 0, 0, promo);
  emit(kNsInterestAny, 0, 0, interest);
  emit(kNsGenderCategory, s.gender, o.category, 1);
  if (s.mall && std::find(o.malls.begin(), o.malls.end(), s.mall) != o.malls.end()) emit(kNsMall, 0, 0, 1);
  if (memory) {
    emit(kNsSeen, 0, 0, std::log2(1.0 + static_cast<double>(memory->views)));
    emit(kNsClicked, 0, 0, memory->clicks > 0 ? 1 : 0);
  }
  return pr.interest * interest + (declared ? pr.declared : 0.0) + pr.brand * brand + pr.format * format +
         pr.promo_type * promo + pr.fatigue * std::log2(1.0 + static_cast<double>(ignored));
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
  double normal() noexcept {  // Box-Muller
    double u = uniform(), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
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
  Stream s{crypto::siphash24_u64(crypto::SipKey{key.k0, key.k1}, offer_hash)};
  double x = s.gamma(alpha), y = s.gamma(beta);
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}

}  // namespace promokit::ranking::detail
