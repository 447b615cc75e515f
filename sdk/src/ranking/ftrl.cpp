// FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013,
// Algorithm 1) and the replay that turns logged events into training examples
// (docs/personalization.md §4).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "internal.hpp"

namespace promokit::ranking {

using detail::logit;
using detail::sigmoid;

FtrlTrainer::FtrlTrainer(FtrlOptions options) : options_(options) {
  if (options_.bits < 1 || options_.bits > 24)
    throw Error(ErrorCode::PK_RANKING_OPTION, "bits must be between 1 and 24", "options.bits");
  std::size_t slots = (std::size_t{1} << options_.bits) + 1;  // the last slot is the bias
  z_.assign(slots, 0.0);
  n_.assign(slots, 0.0);
}

double FtrlTrainer::weight_of(std::size_t slot) const noexcept {
  bool bias = slot + 1 == z_.size();
  double l1 = bias ? 0 : options_.l1, l2 = bias ? 0 : options_.l2;
  double z = z_[slot];
  if (std::fabs(z) <= l1) return 0;
  return -(z - (z < 0 ? -l1 : l1)) / ((options_.beta + std::sqrt(n_[slot])) / options_.alpha + l2);
}

double FtrlTrainer::weight(std::uint32_t index) const noexcept { return index + 1 < z_.size() ? weight_of(index) : 0; }
double FtrlTrainer::bias() const noexcept { return weight_of(z_.size() - 1); }

double FtrlTrainer::predict(std::span<const Feature> x, double offset) const {
  double s = offset + bias();
  for (const Feature& f : x) s += weight_of(f.index) * f.value;
  return sigmoid(s);
}

double FtrlTrainer::learn(std::span<const Feature> x, double offset, bool label) {
  double p = predict(x, offset);
  double g = p - (label ? 1.0 : 0.0);
  auto step = [&](std::size_t slot, double value) {
    double gi = g * value;
    double w = weight_of(slot);
    double sigma = (std::sqrt(n_[slot] + gi * gi) - std::sqrt(n_[slot])) / options_.alpha;
    z_[slot] += gi - sigma * w;
    n_[slot] += gi * gi;
  };
  for (const Feature& f : x) step(f.index, f.value);
  step(z_.size() - 1, 1.0);
  return p;
}

std::size_t FtrlTrainer::nonzero() const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < z_.size(); ++i) n += weight_of(i) != 0;
  return n;
}

Model FtrlTrainer::to_model(ModelConfig config) const {
  Model m;
  m.config = std::move(config);
  m.bits = options_.bits;
  m.bias = bias();
  m.weights.resize(z_.size() - 1);
  for (std::size_t i = 0; i + 1 < z_.size(); ++i) m.weights[i] = static_cast<float>(weight_of(i));
  return m;
}

Json TrainingReport::to_json() const {
  return {{"examples", examples}, {"positives", positives}, {"logloss", logloss}, {"nonzero", nonzero}};
}

namespace {

bool is_response(EventType t) { return t == EventType::Click || t == EventType::Claim || t == EventType::Redeem; }

struct Example {
  Millis time;
  std::uint32_t offer;
  double personal;
  bool label;
  std::uint32_t begin, end;  // range in the shared feature buffer
};

}  // namespace

Model train_model(const Catalog& catalog, const std::vector<Profile>& profiles, std::vector<Event> events,
                  const TrainingOptions& options, TrainingReport* report) {
  Model base = read_model(catalog.model);
  ModelConfig config = base.config;
  Model features_only;
  features_only.config = config;
  features_only.config.offer_stats.clear();
  features_only.bits = options.ftrl.bits;
  features_only.weights.assign(std::size_t{1} << options.ftrl.bits, 0.0f);
  Ranker ranker(catalog, std::move(features_only));

  std::unordered_map<std::string, const Profile*> by_id;
  for (const auto& p : profiles) by_id.emplace(p.id, &p);
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.customer_id != b.customer_id ? a.customer_id < b.customer_id : a.time < b.time;
  });

  // Pass 1: replay each customer; every view of a known offer becomes an example.
  std::vector<Example> examples;
  std::vector<Feature> buffer;
  std::map<std::string, OfferStats> counted;
  for (std::size_t begin = 0; begin < events.size();) {
    std::size_t end = begin;
    while (end < events.size() && events[end].customer_id == events[begin].customer_id) ++end;
    if (events[begin].customer_id.empty()) {
      begin = end;
      continue;
    }
    Profile anonymous;
    auto found = by_id.find(events[begin].customer_id);
    if (found == by_id.end()) anonymous.id = events[begin].customer_id;
    const Profile& profile = found == by_id.end() ? anonymous : *found->second;
    std::string zone = !profile.zone.empty() && is_known_zone(profile.zone) ? profile.zone : options.zone;
    LearnedProfile learned(options.learning);
    for (std::size_t k = begin; k < end; ++k) {
      const Event& e = events[k];
      auto index = e.offer_id.empty() ? std::nullopt : ranker.index_of(e.offer_id);
      if (index) {
        OfferStats& s = counted[e.offer_id];
        s.impressions += e.type == EventType::View;
        s.claims += e.type == EventType::Claim;
        s.redemptions += e.type == EventType::Redeem;
      }
      if (index && e.type == EventType::View) {
        bool label = false;
        for (std::size_t j = k + 1; j < end && events[j].time <= e.time + options.label_window && !label; ++j)
          label = is_response(events[j].type) && events[j].offer_id == e.offer_id;
        Example ex{e.time, *index, 0, label, static_cast<std::uint32_t>(buffer.size()), 0};
        ex.personal = ranker.features(profile, learned, *index, e.time, zone, buffer);
        ex.end = static_cast<std::uint32_t>(buffer.size());
        if (label) ++counted[e.offer_id].clicks;
        examples.push_back(ex);
      }
      learned.learn(e, index ? &catalog.offers[*index] : nullptr, zone);
    }
    begin = end;
  }
  std::stable_sort(examples.begin(), examples.end(), [](const Example& a, const Example& b) { return a.time < b.time; });

  // Pass 2 (per epoch): in global time order, the offset adds the evidence known at that time.
  FtrlTrainer trainer(options.ftrl);
  TrainingReport r;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::vector<OfferStats> running(ranker.size());
    std::int64_t impressions = 0, clicks = 0;
    double loss = 0;
    for (const Example& ex : examples) {
      double baseline = impressions > 0 && clicks > 0 ? static_cast<double>(clicks) / static_cast<double>(impressions) : config.default_ctr;
      double offset = ex.personal + evidence_term(running[ex.offer], baseline, config.prior_strength);
      double p = trainer.learn(std::span<const Feature>(buffer.data() + ex.begin, ex.end - ex.begin), offset, ex.label);
      loss -= std::log(std::max(1e-15, ex.label ? p : 1 - p));
      ++running[ex.offer].impressions;
      running[ex.offer].clicks += ex.label;
      ++impressions;
      clicks += ex.label;
    }
    r.logloss = examples.empty() ? 0 : loss / static_cast<double>(examples.size());
  }
  r.examples = static_cast<std::int64_t>(examples.size());
  for (const auto& ex : examples) r.positives += ex.label;
  Model out = trainer.to_model(config);
  r.nonzero = trainer.nonzero();
  for (auto& [id, s] : counted) s.clicks = std::min(s.clicks, s.impressions);
  out.config.offer_stats = std::move(counted);
  out.meta = {{"trainer", "ftrl-proximal"}, {"examples", r.examples}, {"positives", r.positives}, {"logloss", r.logloss}};
  if (report) *report = r;
  return out;
}

}  // namespace promokit::ranking
