// Scoring, exploration, context rules and the diversity re-rank (docs/personalization.md §2, §6-8).
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "internal.hpp"
#include "json/text.hpp"

namespace promokit::ranking {

using namespace detail;

namespace {

constexpr double kDayMs = 86400000.0;

std::uint64_t hash_or_zero(std::string_view s) noexcept { return s.empty() ? 0 : key_hash(s); }

bool contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

struct Candidate {
  std::uint32_t index;
  double logit;
  ScoreComponents parts;
  bool at_mall = false, daypart_boosted = false;
};

}  // namespace

double evidence_term(const OfferStats& s, double baseline, double strength) noexcept {
  double a = baseline * strength + static_cast<double>(s.clicks);
  double b = (1 - baseline) * strength + static_cast<double>(std::max<std::int64_t>(0, s.impressions - s.clicks));
  return logit(a / (a + b)) - logit(baseline);
}

Ranker::Ranker(const Catalog& catalog, Model model) : catalog_(&catalog), model_(std::move(model)) {
  if (model_.bits < 0 || model_.bits > 24 || model_.weights.size() != (model_.bits > 0 ? std::size_t{1} << model_.bits : 0))
    throw Error(ErrorCode::PK_MODEL_INVALID, "the weight table must hold 2^bits weights", "model.weights");
  offers_.resize(catalog.offers.size());
  // Per-offer bodies out of line, here and in set_offer_stats: wasm has no on-stack replacement,
  // so a loop inlined in a function called once would have its tier-up compiled for nothing.
  auto prepare = [&](std::uint32_t i) __attribute__((noinline)) {
    const Offer& o = catalog.offers[i];
    PreparedOffer& p = offers_[i];
    p.id = key_hash(o.id);
    p.category_name = !o.category.empty() ? std::string_view(o.category)
                      : !o.scope.categories.empty() ? std::string_view(o.scope.categories.front())
                                                    : std::string_view();
    p.category = hash_or_zero(p.category_name);
    p.brand = hash_or_zero(o.brand);
    p.format = hash_or_zero(o.format);
    p.promo_name = promo_type_of(o.reward);
    p.promo = key_hash(p.promo_name);
    for (const auto& m : o.malls) p.malls.push_back(key_hash(m));
    if (model_.bits > 0) p.own_weight = model_.weights[feature_index(kNsOffer, p.id, 0, model_.bits)];
  };
  for (std::uint32_t i = 0; i < catalog.offers.size(); ++i) prepare(i);
  std::size_t size = 16;
  while (size < offers_.size() * 2) size <<= 1;
  slots_.assign(size, kNoSlot);
  for (std::uint32_t i = 0; i < offers_.size(); ++i) {
    std::size_t at = offers_[i].id & (size - 1);
    while (slots_[at] != kNoSlot) at = (at + 1) & (size - 1);
    slots_[at] = i;
  }
  set_offer_stats(model_.config.offer_stats);
}

Ranker::~Ranker() = default;
Ranker::Ranker(Ranker&&) noexcept = default;
Ranker& Ranker::operator=(Ranker&&) noexcept = default;

namespace {

// The parts of an offer's refresh that only some catalogs need, out of line: the per-offer
// function stays small enough for V8 to keep it in baseline code over a cold start
// (docs/architecture.md, "Code for a cold start").
[[gnu::noinline]] std::uint64_t daypart_rules(const PreparedOffer& p, const std::vector<DaypartBoost>& dayparts) {
  std::uint64_t rules = 0;
  for (std::size_t r = 0; r < dayparts.size(); ++r) {
    const DaypartBoost& b = dayparts[r];
    bool hit = std::any_of(b.categories.begin(), b.categories.end(), [&](const std::string& k) { return contains(p.token_names, k); }) ||
               std::any_of(b.tags.begin(), b.tags.end(), [&](const std::string& k) { return contains(p.tags, k); });
    if (hit) rules |= std::uint64_t{1} << r;
  }
  return rules;
}

// Appends the offer's automatic tags (from the statistics); whether they make it popular.
[[gnu::noinline]] bool add_automatic_tags(PreparedOffer& p, const AutoTags& auto_tags, const std::string& id) {
  auto at = auto_tags.tags.find(id);
  if (at == auto_tags.tags.end()) return false;
  p.tags.insert(p.tags.end(), at->second.begin(), at->second.end());
  return contains(at->second, "high_ctr") || contains(at->second, "high_redemption");
}

}  // namespace

void Ranker::set_offer_stats(std::map<std::string, OfferStats> stats) {
  const ModelConfig& c = model_.config;
  AutoTags auto_tags = automatic_tags(stats, c.autotags);
  std::int64_t impressions = 0;
  for (const auto& [id, s] : stats) impressions += s.impressions;
  ctr_baseline_ = impressions > 0 && auto_tags.ctr_baseline > 0 ? auto_tags.ctr_baseline : c.default_ctr;
  auto refresh = [&](std::uint32_t i) __attribute__((noinline)) {
    const Offer& o = catalog_->offers[i];
    PreparedOffer& p = offers_[i];
    p.tags.clear();
    for (const auto& t : o.tags)
      if (!is_automatic_tag(t)) p.tags.push_back(t);  // automatic tags come from the statistics only
    p.popular = !auto_tags.tags.empty() && add_automatic_tags(p, auto_tags, o.id);
    p.token_names.clear();
    auto token = [&](std::string_view t) {
      if (!t.empty() && !contains(p.token_names, t)) p.token_names.emplace_back(t);
    };
    token(p.category_name);
    for (const auto& sc : o.scope.categories) token(sc);
    for (const auto& t : p.tags) token(t);
    p.tokens.clear();
    for (const auto& t : p.token_names) p.tokens.push_back(key_hash(t));
    p.daypart_rules = c.dayparts.empty() ? 0 : daypart_rules(p, c.dayparts);
    auto st = stats.find(o.id);
    OfferStats s = st == stats.end() ? OfferStats{} : st->second;
    p.alpha = ctr_baseline_ * c.prior_strength + static_cast<double>(s.clicks);
    p.beta = (1 - ctr_baseline_) * c.prior_strength + static_cast<double>(std::max<std::int64_t>(0, s.impressions - s.clicks));
    p.mean_logit = logit(p.alpha / (p.alpha + p.beta));
    p.evidence = evidence_term(s, ctr_baseline_, c.prior_strength);
  };
  for (std::uint32_t i = 0; i < offers_.size(); ++i) refresh(i);
  model_.config.offer_stats = std::move(stats);
  // Number the groups (kind, key) the offers share, for FeatureCache.
  std::unordered_map<std::uint64_t, std::uint32_t> ids;
  auto id = [&](GroupKind kind, std::uint64_t key) {
    return ids.emplace(group_slot(kind, key), static_cast<std::uint32_t>(ids.size())).first->second;
  };
  auto number = [&](PreparedOffer& p) __attribute__((noinline)) {
    p.token_groups.clear();
    for (std::uint64_t t : p.tokens) p.token_groups.push_back(id(kGroupToken, t));
    p.category_group = id(kGroupCategory, p.category);
    p.promo_group = id(kGroupPromo, p.promo);
    p.brand_group = id(kGroupBrand, p.brand);
    p.format_group = id(kGroupFormat, p.format);
  };
  for (PreparedOffer& p : offers_) number(p);
  group_count_ = ids.size();
}

std::optional<std::uint32_t> Ranker::find(std::uint64_t hash, std::string_view id) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash & mask; slots_[at] != kNoSlot; at = (at + 1) & mask) {
    std::uint32_t i = slots_[at];
    if (offers_[i].id == hash && catalog_->offers[i].id == id) return i;
  }
  return std::nullopt;
}
std::optional<std::uint32_t> Ranker::index_of(std::string_view id) const noexcept { return find(key_hash(id), id); }
bool Ranker::learn(LearnedProfile& learned, const Event& e, std::string_view zone) const {
  if (e.offer_id.empty()) return learned.learn(e, nullptr, zone);
  std::uint64_t h = key_hash(e.offer_id);
  auto index = find(h, e.offer_id);
  return learned.learn(e, index ? &catalog_->offers[*index] : nullptr, zone, h);
}
const Offer& Ranker::offer(std::uint32_t index) const noexcept { return catalog_->offers[index]; }
std::size_t Ranker::size() const noexcept { return offers_.size(); }
const std::vector<std::string>& Ranker::tags(std::uint32_t index) const noexcept { return offers_[index].tags; }

Shopper Ranker::shopper(const Profile& profile, const LearnedProfile& learned, Millis now, std::string_view zone,
                        std::string_view mall, std::string_view daypart) const {
  Shopper s;
  s.learned = &learned;
  s.now = now;
  s.zone = std::string(zone);
  s.tier_name = profile.tier;
  s.tier = hash_or_zero(profile.tier);
  s.gender = hash_or_zero(profile.gender);
  s.daypart_name = std::string(daypart.empty() ? daypart_of(now, zone) : daypart);
  s.daypart = key_hash(s.daypart_name);
  s.mall = hash_or_zero(mall);
  s.is_new = learned.event_count() == 0;
  for (const auto& i : profile.interests) s.declared.push_back(key_hash(i));
  auto fill = [&](AffinityTable& table, ScoreDimension d) {
    const auto& entries = learned.entries(d);
    table.reset(entries.size());
    for (const auto& e : entries) table.put(e.hash, static_cast<float>(learned.affinity_of_raw(e.value * learned.decay(now - e.time))));
  };
  fill(s.interest, ScoreDimension::Interest);
  fill(s.brand, ScoreDimension::Brand);
  fill(s.format, ScoreDimension::Format);
  fill(s.promo, ScoreDimension::PromoType);
  for (const auto& e : learned.entries(ScoreDimension::Interest)) {
    float a = s.interest.get(e.hash);
    if (a > 0) s.top_interest.emplace_back(e.hash, a);
  }
  std::sort(s.top_interest.begin(), s.top_interest.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (s.top_interest.size() > model_.config.interest_crosses) s.top_interest.resize(model_.config.interest_crosses);
  return s;
}

double Ranker::features(const Profile& profile, const LearnedProfile& learned, std::uint32_t offer, Millis now,
                        std::string_view zone, std::vector<Feature>& out) const {
  Shopper s = shopper(profile, learned, now, zone, profile.mall, {});
  return offer_features(s, offers_[offer], model_, learned.offer(catalog_->offers[offer].id), out);
}

std::vector<Recommendation> Ranker::recommend(const Profile& profile, const LearnedProfile& learned, Millis now,
                                              const RecommendOptions& options) const {
  std::vector<std::uint32_t> all(offers_.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  return recommend(all, profile, learned, now, options);
}

std::vector<Recommendation> Ranker::recommend(std::span<const std::uint32_t> eligible, const Profile& profile,
                                              const LearnedProfile& learned, Millis now, const RecommendOptions& options) const {
  const ModelConfig& c = model_.config;
  std::string_view zone = !options.zone.empty() ? std::string_view(options.zone) : std::string_view(profile.zone);
  if (!zone.empty() && !is_known_zone(zone)) zone = {};
  std::string_view mall = !options.mall.empty() ? std::string_view(options.mall) : std::string_view(profile.mall);
  Shopper s = shopper(profile, learned, now, zone, mall, options.daypart);
  const bool explore = options.explore.value_or(c.explore);
  const ExplorationKey key = explore ? exploration_key(options.seed, profile.id, now) : ExplorationKey{};
  const bool hide = options.hide_dismissed.value_or(c.hide_dismissed_days > 0);
  const double hide_ms = c.hide_dismissed_days > 0 ? c.hide_dismissed_days * kDayMs : std::numeric_limits<double>::infinity();

  // The shopper's offer memory by offer index (at most LearningOptions::offer_memory entries).
  std::vector<const OfferMemory*> memory(offers_.size(), nullptr);
  for (std::size_t j = 0; j < learned.offers().size(); ++j)
    if (auto index = find(learned.offer_hashes()[j], learned.offers()[j].id)) memory[*index] = &learned.offers()[j];
  // The model's daypart boosts in force now (bit r: dayparts[r]).
  std::uint64_t active = 0;
  for (std::size_t r = 0; r < c.dayparts.size(); ++r)
    if (c.dayparts[r].daypart == s.daypart_name) active |= std::uint64_t{1} << r;

  std::vector<Candidate> cands;
  cands.reserve(eligible.size());
  FeatureCache cache(s, model_, group_count_);
  for (std::uint32_t i : eligible) {
    if (i >= offers_.size()) continue;
    const PreparedOffer& o = offers_[i];
    const OfferMemory* mem = memory[i];
    if (hide && mem && mem->dismissed && static_cast<double>(now - *mem->dismissed) < hide_ms) continue;
    Candidate cand{i, 0, {}};
    cache.score(o, mem, cand.parts.model, cand.parts.personal);
    cand.parts.evidence = o.evidence;
    if (explore) cand.parts.exploration = logit(sample_beta(key, o.id, o.alpha, o.beta)) - o.mean_logit;
    double context = catalog_->offers[i].boost;
    if (s.mall && std::find(o.malls.begin(), o.malls.end(), s.mall) != o.malls.end()) {
      context += c.mall_boost;
      cand.at_mall = true;
    }
    for (std::uint64_t rules = o.daypart_rules & active; rules; rules &= rules - 1) {
      double boost = c.dayparts[static_cast<std::size_t>(std::countr_zero(rules))].boost;
      context += boost;
      cand.daypart_boosted = cand.daypart_boosted || boost > 0;
    }
    cand.parts.context = context;
    cand.logit = cand.parts.model + cand.parts.personal + cand.parts.evidence + cand.parts.exploration + context;
    cands.push_back(cand);
  }

  std::vector<std::size_t> order;  // indices into cands, in list order
  const std::size_t limit = std::min(options.limit, cands.size());
  std::vector<bool> taken(cands.size(), false);
  // Pins first, in the order given (the call's, then the model's).
  std::vector<std::string_view> pins(options.pins.begin(), options.pins.end());
  pins.insert(pins.end(), c.pins.begin(), c.pins.end());
  for (std::string_view pin : pins) {
    if (order.size() >= limit) break;
    for (std::size_t k = 0; k < cands.size(); ++k) {
      if (!taken[k] && catalog_->offers[cands[k].index].id == pin) {
        taken[k] = true;
        cands[k].parts.pinned = true;
        order.push_back(k);
      }
    }
  }
  // The rest by logit (ties by catalog position), re-ranked for diversity inside a window.
  std::vector<std::size_t> ranked;
  for (std::size_t k = 0; k < cands.size(); ++k)
    if (!taken[k]) ranked.push_back(k);
  auto better = [&](std::size_t a, std::size_t b) {
    return cands[a].logit != cands[b].logit ? cands[a].logit > cands[b].logit : cands[a].index < cands[b].index;
  };
  std::size_t need = limit - order.size();
  std::size_t window = options.diversity ? std::min(ranked.size(), std::max<std::size_t>(need * 5, 50)) : std::min(ranked.size(), need);
  // The best `window` in order: better() is a total order, so this is what a partial_sort gives,
  // for less work.
  const auto window_end = ranked.begin() + static_cast<std::ptrdiff_t>(window);
  if (window < ranked.size()) std::nth_element(ranked.begin(), window_end, ranked.end(), better);
  std::sort(ranked.begin(), window_end, better);
  if (!options.diversity) {
    order.insert(order.end(), ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(need));
  } else {
    const double lambda = c.diversity_lambda, bw = c.brand_redundancy;
    const std::size_t cap = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(c.max_category_share * static_cast<double>(limit) + 1e-9)));
    // How many list items have each category and brand so far; keys as small dense indices
    // (0: none, never counted), so a pick costs no search.
    struct Tally {
      std::vector<std::uint64_t> keys{0};
      std::vector<std::size_t> counts{0};
      std::uint32_t index(std::uint64_t h) {
        if (h == 0) return 0;
        for (std::uint32_t d = 1; d < keys.size(); ++d)
          if (keys[d] == h) return d;
        keys.push_back(h);
        counts.push_back(0);
        return static_cast<std::uint32_t>(keys.size() - 1);
      }
      void bump(std::uint32_t d) {
        if (d) ++counts[d];
      }
    } cats, brands;
    auto category_at = [&](std::size_t k) { return cats.index(offers_[cands[k].index].category); };
    auto brand_at = [&](std::size_t k) { return brands.index(offers_[cands[k].index].brand); };
    for (std::size_t k : order) {
      cats.bump(category_at(k));
      brands.bump(brand_at(k));
    }
    // The window's relevance terms and keys, once per call rather than once per pick.
    double top = window > 0 ? sigmoid(cands[ranked[0]].logit) : 1;
    std::vector<double> relevance(window);
    std::vector<std::uint32_t> window_cat(window), window_brand(window);
    for (std::size_t r = 0; r < window; ++r) {
      relevance[r] = lambda * sigmoid(cands[ranked[r]].logit) / top;
      window_cat[r] = category_at(ranked[r]);
      window_brand[r] = brand_at(ranked[r]);
    }
    auto capped = [&](std::uint32_t cat) { return cat != 0 && cats.counts[cat] >= cap; };
    std::vector<bool> used(ranked.size(), false);
    while (order.size() < limit) {
      std::size_t pick = ranked.size();
      double best = -std::numeric_limits<double>::infinity();
      double n = static_cast<double>(order.size());
      for (std::size_t r = 0; r < window; ++r) {
        if (used[r] || capped(window_cat[r])) continue;
        double red = n == 0 ? 0
                            : (1 - bw) * static_cast<double>(cats.counts[window_cat[r]]) / n +
                                  bw * static_cast<double>(brands.counts[window_brand[r]]) / n;
        double mmr = relevance[r] - (1 - lambda) * red;
        if (mmr > best) {
          best = mmr;
          pick = r;
        }
      }
      if (pick == ranked.size()) {  // the window is exhausted or capped: the best uncapped offer beyond it
        for (std::size_t r = window; r < ranked.size(); ++r)
          if (!used[r] && !capped(category_at(ranked[r])) && (pick == ranked.size() || better(ranked[r], ranked[pick]))) pick = r;
      }
      if (pick == ranked.size()) {  // nothing else is eligible: the cap yields
        for (std::size_t r = 0; r < ranked.size(); ++r)
          if (!used[r] && (pick == ranked.size() || better(ranked[r], ranked[pick]))) pick = r;
      }
      used[pick] = true;
      order.push_back(ranked[pick]);
      cats.bump(category_at(ranked[pick]));
      brands.bump(brand_at(ranked[pick]));
    }
  }

  const bool zh = (!options.locale.empty() ? options.locale : profile.locale).rfind("zh", 0) == 0;
  std::vector<Recommendation> out;
  out.reserve(order.size());
  for (std::size_t k : order) {
    const Candidate& cand = cands[k];
    Recommendation r;
    r.offer_id = catalog_->offers[cand.index].id;
    r.index = cand.index;
    r.score = sigmoid(cand.logit);
    r.components = cand.parts;
    r.reasons = reasons_for(ReasonInput{catalog_->offers[cand.index], offers_[cand.index], s, model_, cand.parts, zh,
                                        cand.at_mall, cand.daypart_boosted});
    out.push_back(std::move(r));
  }
  return out;
}

std::string recommendations_json(const std::vector<Recommendation>& list, bool explain) {
  using json_text::put_number;
  using json_text::put_string;
  std::string out;
  out.reserve(160 * list.size() + 2);
  out += '[';
  for (const auto& r : list) {
    if (out.size() > 1) out += ',';
    // Members in nlohmann's (sorted) order, so the text is what Json::dump() gave.
    if (explain) {
      const ScoreComponents& c = r.components;
      out += "{\"components\":{\"context\":";
      put_number(out, c.context);
      out += ",\"evidence\":";
      put_number(out, c.evidence);
      out += ",\"exploration\":";
      put_number(out, c.exploration);
      out += ",\"model\":";
      put_number(out, c.model);
      out += ",\"personal\":";
      put_number(out, c.personal);
      out += c.pinned ? ",\"pinned\":true}," : ",\"pinned\":false},";
    } else {
      out += '{';
    }
    out += "\"offerId\":";
    put_string(out, r.offer_id);
    out += ",\"reasonCodes\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
      if (i) out += ',';
      put_string(out, r.reasons[i].code);
    }
    out += "],\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
      if (i) out += ',';
      put_string(out, r.reasons[i].text);
    }
    out += "],\"score\":";
    put_number(out, r.score);
    out += '}';
  }
  out += ']';
  return out;
}

}  // namespace promokit::ranking
