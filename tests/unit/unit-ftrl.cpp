// FTRL-Proximal: one step against the paper's update computed by hand, recovery of a known
// logistic model with L1 sparsity, and training from logged events end to end.
#include <doctest/doctest.h>

#include <cmath>

#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

using namespace promokit;
using namespace promokit::ranking;

namespace {

constexpr Millis kHour = 3600000;
constexpr Millis kT0 = 1772424000000;  // 2026-03-02 12:00 in Shanghai

// splitmix64: a fixed stream for synthetic data.
struct Rand {
  std::uint64_t s;
  double next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
};

}  // namespace

TEST_CASE("ftrl: one step follows McMahan et al. 2013, Algorithm 1") {
  FtrlOptions o;
  o.alpha = 0.05;
  o.beta = 1;
  o.l1 = 0.1;
  o.l2 = 1;
  o.bits = 4;
  FtrlTrainer t(o);
  Feature x[] = {{3, 1.0f}};
  CHECK(t.learn(x, 0.0, true) == doctest::Approx(0.5));  // all weights start at 0
  // g = p - y = -0.5; sigma = (sqrt(0.25) - 0) / alpha; z = g - sigma * 0 = -0.5; n = 0.25
  // w = -(z - sgn(z) l1) / ((beta + sqrt(n)) / alpha + l2) = 0.4 / (1.5 / 0.05 + 1) = 0.4 / 31
  CHECK(t.weight(3) == doctest::Approx(0.4 / 31));
  // The bias has no regularization: w = 0.5 / (1.5 / 0.05) = 1 / 60.
  CHECK(t.bias() == doctest::Approx(1.0 / 60));
  CHECK(t.weight(2) == 0);
  CHECK(t.predict(x, 0.0) == doctest::Approx(1 / (1 + std::exp(-(0.4 / 31 + 1.0 / 60)))));
  // The offset enters the prediction like a feature with a fixed weight of 1.
  CHECK(t.predict(x, 2.0) == doctest::Approx(1 / (1 + std::exp(-(2 + 0.4 / 31 + 1.0 / 60)))));
}

TEST_CASE("ftrl: recovers a known logistic model; L1 keeps noise features at zero") {
  const double truth[8] = {2.0, -2.0, 1.0, 0, 0, 0, 0, 0};  // features 3-7 are noise
  FtrlOptions o;
  o.alpha = 0.1;
  o.l1 = 2.0;
  o.bits = 6;
  FtrlTrainer t(o);
  Rand rnd{42};
  double loss = 0, base = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::vector<Feature> x;
    double s = -1.0;
    for (std::uint32_t f = 0; f < 8; ++f) {
      if (rnd.next() < 0.3) {
        x.push_back({f, 1.0f});
        s += truth[f];
      }
    }
    bool y = rnd.next() < 1 / (1 + std::exp(-s));
    double p = t.learn(x, 0.0, y);
    if (i >= n / 2) {
      loss -= std::log(y ? p : 1 - p);
      base -= std::log(0.5);
    }
  }
  CHECK(t.weight(0) > 1.0);
  CHECK(t.weight(1) < -1.0);
  CHECK(t.weight(2) > 0.3);
  for (std::uint32_t f = 3; f < 8; ++f) {
    CAPTURE(f);
    CHECK(std::fabs(t.weight(f)) < 0.05);
  }
  CHECK(t.nonzero() <= 8);
  CHECK(loss < 0.85 * base);
  Model m = t.to_model({});
  CHECK(m.bits == 6);
  CHECK(m.weights[0] == doctest::Approx(t.weight(0)));
}

TEST_CASE("ftrl: training from events learns who clicks what; the published model ranks with it") {
  Json offers = Json::array();
  for (const char* c : {"food", "fashion"})
    for (int i = 0; i < 4; ++i)
      offers.push_back({{"id", std::string(c) + "-" + std::to_string(i)}, {"reward", {{"type", "percent"}, {"percent", 10}}},
                        {"category", c}, {"tags", {c}}});
  // The priors are switched off so that only learned weights can separate the categories.
  Json model = {{"priors", {{"interest", 0}, {"declared", 0}, {"brand", 0}, {"format", 0}, {"promoType", 0}, {"fatigue", 0}}}};
  Catalog cat = read_catalog(Json{{"version", 1}, {"offers", offers}, {"model", model}});

  std::vector<Profile> profiles;
  std::vector<Event> events;
  Rand rnd{7};
  for (int u = 0; u < 60; ++u) {
    Profile p;
    p.id = "u" + std::to_string(u);
    p.zone = "Asia/Shanghai";
    profiles.push_back(p);
    const char* likes = u % 2 ? "food" : "fashion";
    for (int k = 0; k < 40; ++k) {
      int o = static_cast<int>(rnd.next() * 8);
      const std::string id = cat.offers[static_cast<std::size_t>(o)].id;
      Millis t = kT0 + (u * 40 + k) * kHour;
      Event v;
      v.id = p.id + "-v" + std::to_string(k);
      v.customer_id = p.id;
      v.type = EventType::View;
      v.offer_id = id;
      v.time = t;
      events.push_back(v);
      bool liked = id.rfind(likes, 0) == 0;
      if (rnd.next() < (liked ? 0.6 : 0.05)) {
        Event c = v;
        c.id = p.id + "-c" + std::to_string(k);
        c.type = EventType::Click;
        c.time = t + 60000;
        events.push_back(c);
      }
    }
  }
  // A click that comes before its view never labels it.
  Event early;
  early.id = "early-c";
  early.customer_id = "u0";
  early.type = EventType::Click;
  early.offer_id = "food-0";
  early.time = kT0 - 10 * kHour;
  events.push_back(early);

  TrainingOptions o;
  o.ftrl.bits = 14;
  o.ftrl.alpha = 0.2;
  o.epochs = 2;
  o.label_window = 30 * 60000;  // each click follows its view by a minute; views are an hour apart
  TrainingReport report;
  Model trained = train_model(cat, profiles, events, o, &report);
  CHECK(report.examples == 60 * 40);
  std::int64_t clicks = 0;
  for (const auto& e : events) clicks += e.type == EventType::Click && e.id != "early-c";
  CHECK(report.positives == clicks);
  CHECK(report.nonzero > 0);
  double rate = static_cast<double>(clicks) / static_cast<double>(report.examples);
  double constant = -(rate * std::log(rate) + (1 - rate) * std::log(1 - rate));  // the best constant predictor
  MESSAGE("progressive logloss ", report.logloss, " vs constant ", constant);
  CHECK(report.logloss < 0.85 * constant);
  CHECK(trained.config.offer_stats.at("food-0").impressions > 0);
  CHECK(trained.config.priors.interest == 0);  // the catalog's configuration is kept

  // Published and read back (quantized), the model ranks food first for a food clicker.
  Json published = to_json(trained);
  Catalog served = cat;
  served.model = published;
  Recommender rec(served);
  Profile fan;
  fan.id = "fan";
  rec.set_profile(fan);
  for (int k = 0; k < 3; ++k) {
    Event c;
    c.type = EventType::Click;
    c.offer_id = "food-" + std::to_string(k);
    c.time = kT0 + k * kHour;
    rec.track(c);
  }
  RecommendOptions ro;
  ro.explore = false;
  ro.diversity = false;
  ro.limit = 4;
  for (const auto& r : rec.recommend(kT0 + 5 * kHour, ro)) CHECK(r.offer_id.rfind("food", 0) == 0);
}

TEST_CASE("ftrl: training options are read with paths") {
  TrainingOptions o = read_training_options(Json::parse(R"({"alpha":0.2,"bits":20,"epochs":3,"labelWindowMs":1000})"));
  CHECK(o.ftrl.alpha == 0.2);
  CHECK(o.ftrl.bits == 20);
  CHECK(o.epochs == 3);
  CHECK(o.label_window == 1000);
  for (const char* bad : {R"({"bits":30})", R"({"alpha":0})", R"({"epochs":"2"})", R"({"learningRate":1})"}) {
    CAPTURE(bad);
    try {
      read_training_options(Json::parse(bad));
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::PK_RANKING_OPTION);
    }
  }
  CHECK_THROWS_AS(FtrlTrainer(FtrlOptions{0.1, 1, 1, 1, 25}), Error);
}
