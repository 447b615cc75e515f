// Offline evaluation of "Recommended for You" on a seeded simulated population
// (docs/personalization.md §11). Shoppers have latent preferences (favourite categories, a
// favourite brand, a promotion type they respond to, their home mall, hunger at lunch); offers
// have a hidden quality. A warm-up month of randomly shown offers produces the event log the
// FTRL trainer learns from; then four policies each serve the same stream of requests and see
// their own clicks:
//   random       a seeded shuffle
//   popularity   posterior-mean CTR from all counts so far (warm-up and its own online clicks)
//   promokit-0   the trained model, learned profiles and statistics, exploration off
//   promokit     the same with Thompson sampling
// One impression = one list shown to one shopper. Reported: NDCG@10 against the true click
// probabilities, CTR@5 (simulated clicks on the first five), cumulative regret of the first five
// (expected clicks of the ideal five minus the policy's five).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

using namespace promokit;
using namespace promokit::ranking;

namespace {

struct Rand {  // splitmix64
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
  double normal() {
    double u = std::max(uniform(), 1e-300), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
};

struct Config {
  std::size_t users = 3000, offers = 300, new_offers = 60, warmup_sessions = 25000, impressions = 50000;
  std::size_t shown = 8, sync_every = 250;
  std::uint64_t seed = 20261123;
};

const char* kCategories[] = {"fashion", "food", "electronics", "beauty", "home", "sports", "kids", "books"};
const char* kTypes[] = {"percent", "fixed", "free_gift", "bogo"};
const char* kFormats[] = {"banner", "carousel", "qr"};
const char* kSecondary[] = {"premium", "budget", "weekend", "family"};
constexpr std::size_t kC = 8, kBrandsPer = 3, kMalls = 5;
constexpr Millis kHour = 3600000, kDay = 24 * kHour;
constexpr Millis kOnline = 1772323200000;  // 2026-03-01 00:00 UTC: the online phase starts

struct OfferTruth {
  std::size_t category, brand, type, mall;
  double quality;
  std::size_t launch;  // impression index at which it becomes eligible (0: from the start)
};

struct UserTruth {
  double pref[kC];
  std::size_t brand;  // favourite brand (global index)
  std::size_t type;   // promotion type it responds to
  std::size_t mall;
  double hunger;      // extra appetite for food at lunch
};

struct World {
  Config cfg;
  std::vector<OfferTruth> offers;
  std::vector<UserTruth> users;
  Catalog catalog;
  std::vector<Profile> profiles;

  double p(std::size_t u, std::size_t o, bool lunch) const {
    const UserTruth& s = users[u];
    const OfferTruth& f = offers[o];
    double x = -3.4 + s.pref[f.category] + f.quality + (s.brand == f.brand ? 0.9 : 0) + (s.type == f.type ? 0.6 : 0) +
               (s.mall == f.mall ? 0.3 : 0) + (lunch && f.category == 1 ? s.hunger : 0);
    return 1 / (1 + std::exp(-x));
  }
};

World build_world(const Config& cfg) {
  World w;
  w.cfg = cfg;
  Rand r{cfg.seed};
  Json offers = Json::array();
  for (std::size_t i = 0; i < cfg.offers + cfg.new_offers; ++i) {
    OfferTruth t{r.below(kC), 0, r.below(4), r.below(kMalls), 0.5 * r.normal(), 0};
    t.brand = t.category * kBrandsPer + r.below(kBrandsPer);
    if (i >= cfg.offers) t.launch = (i - cfg.offers + 1) * (cfg.impressions / 2) / (cfg.new_offers + 1);
    w.offers.push_back(t);
    Json reward;
    switch (t.type) {
      case 0: reward = {{"type", "percent"}, {"percent", 10 + static_cast<int>(r.below(30))}}; break;
      case 1: reward = {{"type", "fixed"}, {"amount", 1000 + 500 * static_cast<int>(r.below(10))}}; break;
      case 2: reward = {{"type", "free_gift"}, {"sku", "GIFT-" + std::to_string(i)}}; break;
      default: reward = {{"type", "bogo"}}; break;
    }
    offers.push_back({{"id", (i < cfg.offers ? "o" : "new") + std::to_string(i)},
                      {"reward", reward},
                      {"category", kCategories[t.category]},
                      {"tags", {kCategories[t.category], kSecondary[r.below(4)]}},
                      {"brand", "brand" + std::to_string(t.brand)},
                      {"format", kFormats[r.below(3)]},
                      {"malls", {"m" + std::to_string(t.mall)}}});
  }
  // The marketer's context rule: food at lunch.
  Json model = {{"context", {{"dayparts", {{{"daypart", "lunch"}, {"categories", {"food"}}, {"boost", 0.5}}}}, {"mallBoost", 0.3}}}};
  w.catalog = read_catalog(Json{{"version", 1}, {"offers", offers}, {"model", model}});
  for (std::size_t u = 0; u < cfg.users; ++u) {
    UserTruth s{};
    std::size_t fav1 = r.below(kC), fav2 = r.below(kC);
    for (std::size_t c = 0; c < kC; ++c) s.pref[c] = -0.6 + 0.3 * r.normal();
    s.pref[fav1] = 1.8 + 0.3 * r.normal();
    if (r.uniform() < 0.5) s.pref[fav2] = std::max(s.pref[fav2], 1.2 + 0.3 * r.normal());
    s.brand = fav1 * kBrandsPer + r.below(kBrandsPer);
    s.type = r.below(4);
    s.mall = r.below(kMalls);
    s.hunger = 0.8 * r.uniform();
    w.users.push_back(s);
    Profile p;
    p.id = "u" + std::to_string(u);
    p.zone = "Asia/Shanghai";
    p.mall = "m" + std::to_string(s.mall);
    p.tier = r.uniform() < 0.2 ? "gold" : "silver";
    if (r.uniform() < 0.5) p.interests = {r.uniform() < 0.8 ? kCategories[fav1] : kCategories[r.below(kC)]};
    w.profiles.push_back(std::move(p));
  }
  return w;
}

bool is_lunch(Millis t) { return daypart_of(t, "Asia/Shanghai") == "lunch"; }

// A month of random lists before the online phase: the trainer's input.
std::vector<Event> warmup(const World& w, Rand& r) {
  std::vector<Event> events;
  std::size_t id = 0;
  for (std::size_t s = 0; s < w.cfg.warmup_sessions; ++s) {
    std::size_t u = r.below(w.cfg.users);
    Millis t = kOnline - 30 * kDay + static_cast<Millis>(r.uniform() * 30 * kDay);
    for (std::size_t k = 0; k < w.cfg.shown; ++k) {
      std::size_t o = r.below(w.cfg.offers);
      Event v;
      v.id = "w" + std::to_string(id++);
      v.customer_id = w.profiles[u].id;
      v.type = EventType::View;
      v.offer_id = w.catalog.offers[o].id;
      v.time = t + static_cast<Millis>(k) * 1000;
      events.push_back(v);
      if (r.uniform() < w.p(u, o, is_lunch(t))) {
        Event c = v;
        c.id = "w" + std::to_string(id++);
        c.type = EventType::Click;
        c.time += 30000;
        events.push_back(c);
        if (r.uniform() < 0.3) {
          c.id = "w" + std::to_string(id++);
          c.type = EventType::Claim;
          c.time += 30000;
          events.push_back(c);
        }
      }
    }
  }
  return events;
}

struct Metrics {
  double ndcg = 0, clicks = 0, regret = 0;
  std::vector<double> regret_at;  // cumulative regret at checkpoints
};

double ndcg10(const std::vector<double>& truth_sorted, const std::vector<double>& got) {
  double dcg = 0, idcg = 0;
  for (std::size_t k = 0; k < 10 && k < truth_sorted.size(); ++k) idcg += truth_sorted[k] / std::log2(k + 2.0);
  for (std::size_t k = 0; k < 10 && k < got.size(); ++k) dcg += got[k] / std::log2(k + 2.0);
  return idcg > 0 ? dcg / idcg : 0;
}

// The state one promokit policy keeps: a ranker over the served catalog, every shopper's learned
// profile, and the statistics it has counted (synced into the ranker periodically).
struct PromokitPolicy {
  const Catalog* catalog;
  Ranker ranker;
  std::vector<LearnedProfile> learned;
  std::map<std::string, OfferStats> stats;
  bool explore;
};

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  bool smoke = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::size_t { return i + 1 < argc ? std::strtoull(argv[++i], nullptr, 10) : 0; };
    if (a == "--smoke") {
      smoke = true;
      cfg.users = 600;
      cfg.warmup_sessions = 4000;
      cfg.impressions = 3000;
      cfg.offers = 120;
      cfg.new_offers = 24;
    } else if (a == "--impressions") {
      cfg.impressions = value();
    } else if (a == "--users") {
      cfg.users = value();
    } else if (a == "--seed") {
      cfg.seed = value();
    } else {
      std::fprintf(stderr, "usage: %s [--smoke] [--impressions N] [--users N] [--seed N]\n", argv[0]);
      return 2;
    }
  }
  auto started = std::chrono::steady_clock::now();
  World w = build_world(cfg);
  Rand r{cfg.seed ^ 0x5eed};
  std::vector<Event> log = warmup(w, r);

  TrainingOptions topt;
  topt.ftrl.bits = 20;
  topt.ftrl.alpha = 0.1;
  topt.epochs = 2;
  topt.label_window = 5 * 60000;
  TrainingReport report;
  auto t0 = std::chrono::steady_clock::now();
  Model trained = train_model(w.catalog, w.profiles, log, topt, &report);
  double train_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  Catalog served = w.catalog;
  served.model = to_json(trained);  // published as the server would: sparse, quantized
  Model served_model = read_model(served.model);

  // Every shopper's learned profile as of the end of the warm-up (replayed in time order).
  std::vector<LearnedProfile> learned(cfg.users);
  {
    std::vector<const Event*> sorted;
    for (const auto& e : log) sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) { return a->time < b->time; });
    Ranker index(served, Model{});
    for (const Event* e : sorted) {
      std::size_t u = std::strtoull(e->customer_id.c_str() + 1, nullptr, 10);
      std::size_t o = *index.index_of(e->offer_id);
      learned[u].learn(*e, &served.offers[o], "Asia/Shanghai");
    }
  }
  std::vector<PromokitPolicy> pk;
  for (bool explore : {false, true})
    pk.push_back(PromokitPolicy{&served, Ranker(served, served_model), learned, trained.config.offer_stats, explore});
  std::map<std::string, OfferStats> pop_stats = trained.config.offer_stats;
  const double baseline = static_cast<double>(report.positives) / static_cast<double>(std::max<std::int64_t>(1, report.examples));

  const char* names[] = {"random", "popularity", "promokit, no exploration", "promokit (full)"};
  Metrics m[4];
  std::vector<std::size_t> checkpoints = {cfg.impressions / 10, cfg.impressions / 4, cfg.impressions / 2, cfg.impressions};
  std::vector<std::uint32_t> eligible;
  std::size_t next_launch = 0;
  std::vector<std::size_t> launch_order(w.offers.size());
  for (std::size_t i = 0; i < launch_order.size(); ++i) launch_order[i] = i;
  std::stable_sort(launch_order.begin(), launch_order.end(), [&](std::size_t a, std::size_t b) { return w.offers[a].launch < w.offers[b].launch; });

  Rand env{cfg.seed ^ 0xe4e4};
  const Millis span = 14 * kDay;
  for (std::size_t i = 0; i < cfg.impressions; ++i) {
    while (next_launch < launch_order.size() && w.offers[launch_order[next_launch]].launch <= i)
      eligible.push_back(static_cast<std::uint32_t>(launch_order[next_launch++]));
    std::size_t u = env.below(cfg.users);
    Millis now = kOnline + static_cast<Millis>(i) * span / static_cast<Millis>(cfg.impressions) + static_cast<Millis>(env.below(3600)) * 1000;
    bool lunch = is_lunch(now);
    double coin[5];
    for (double& c : coin) c = env.uniform();
    std::uint64_t shuffle_seed = env.next();

    std::vector<double> truth;
    for (std::uint32_t o : eligible) truth.push_back(w.p(u, o, lunch));
    std::vector<double> ideal = truth;
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double best5 = 0;
    for (std::size_t k = 0; k < 5; ++k) best5 += ideal[k];

    for (int policy = 0; policy < 4; ++policy) {
      std::vector<std::uint32_t> list;
      if (policy == 0) {
        list = eligible;
        Rand sh{shuffle_seed};
        for (std::size_t k = 0; k < 10; ++k) std::swap(list[k], list[k + sh.below(list.size() - k)]);
        list.resize(10);
      } else if (policy == 1) {
        std::vector<std::pair<double, std::uint32_t>> scored;
        for (std::uint32_t o : eligible) {
          const OfferStats& s = pop_stats[served.offers[o].id];
          scored.emplace_back((static_cast<double>(s.clicks) + baseline * 20) / (static_cast<double>(s.impressions) + 20), o);
        }
        std::partial_sort(scored.begin(), scored.begin() + 10, scored.end(), [](const auto& a, const auto& b) {
          return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        for (std::size_t k = 0; k < 10; ++k) list.push_back(scored[k].second);
      } else {
        PromokitPolicy& P = pk[static_cast<std::size_t>(policy - 2)];
        RecommendOptions ro;
        ro.limit = 10;
        ro.explore = P.explore;
        ro.seed = "bench";
        for (const auto& rec : P.ranker.recommend(eligible, w.profiles[u], P.learned[u], now, ro)) list.push_back(rec.index);
      }
      std::vector<double> got;
      for (std::uint32_t o : list) got.push_back(w.p(u, o, lunch));
      m[policy].ndcg += ndcg10(ideal, got);
      double expected5 = 0;
      for (std::size_t k = 0; k < 5; ++k) {
        expected5 += got[k];
        bool click = coin[k] < got[k];
        m[policy].clicks += click;
        const std::string& id = served.offers[list[k]].id;
        if (policy == 1) {
          ++pop_stats[id].impressions;
          pop_stats[id].clicks += click;
        } else if (policy >= 2) {
          PromokitPolicy& P = pk[static_cast<std::size_t>(policy - 2)];
          ++P.stats[id].impressions;
          P.stats[id].clicks += click;
          Event e;
          e.type = EventType::View;
          e.offer_id = id;
          e.time = now;
          P.learned[u].learn(e, &served.offers[list[k]], "Asia/Shanghai");
          if (click) {
            e.type = EventType::Click;
            e.time = now + 1000;
            P.learned[u].learn(e, &served.offers[list[k]], "Asia/Shanghai");
          }
        }
      }
      m[policy].regret += best5 - expected5;
      if (std::find(checkpoints.begin(), checkpoints.end(), i + 1) != checkpoints.end()) m[policy].regret_at.push_back(m[policy].regret);
    }
    if ((i + 1) % cfg.sync_every == 0)
      for (auto& P : pk) P.ranker.set_offer_stats(P.stats);
  }

  double n = static_cast<double>(cfg.impressions);
  std::printf("promokit ranking evaluation: %zu shoppers, %zu offers (+%zu launched online), warm-up %zu lists of %zu, seed %llu\n",
              cfg.users, cfg.offers, cfg.new_offers, cfg.warmup_sessions, cfg.shown, static_cast<unsigned long long>(cfg.seed));
  std::printf("FTRL on the warm-up: %lld examples, %lld clicks, progressive logloss %.4f, %zu nonzero weights, %.0f ms\n\n",
              static_cast<long long>(report.examples), static_cast<long long>(report.positives), report.logloss, report.nonzero, train_ms);
  std::printf("| policy | NDCG@10 | CTR@5 | cumulative regret @%zu | @%zu | @%zu | @%zu |\n|---|---|---|---|---|---|---|\n",
              checkpoints[0], checkpoints[1], checkpoints[2], checkpoints[3]);
  for (int p = 0; p < 4; ++p) {
    std::printf("| %s | %.4f | %.4f |", names[p], m[p].ndcg / n, m[p].clicks / (5 * n));
    for (double x : m[p].regret_at) std::printf(" %.1f |", x);
    std::printf("\n");
  }
  double lift = (m[3].ndcg / m[1].ndcg - 1) * 100;
  bool ndcg_ok = lift >= 20, regret_ok = m[3].regret < m[1].regret;
  std::printf("\npromokit (full) vs popularity: NDCG@10 %+.1f %% (target >= +20 %%: %s); final regret %.1f vs %.1f (target lower: %s)\n",
              lift, ndcg_ok ? "met" : "NOT met", m[3].regret, m[1].regret, regret_ok ? "met" : "NOT met");
  std::printf("exploration vs none: NDCG@10 %+.1f %%, final regret %.1f vs %.1f\n", (m[3].ndcg / m[2].ndcg - 1) * 100, m[3].regret,
              m[2].regret);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%s: ranking evaluation over %zu impressions in %.1f s, NDCG@10 lift %+.1f %%, regret %s\n", smoke ? "smoke" : "bench",
              cfg.impressions, secs, lift, regret_ok ? "lower" : "higher");
  return smoke || (ndcg_ok && regret_ok) ? 0 : 1;
}
