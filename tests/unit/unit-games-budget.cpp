// Personalized prizes within budget: over random pools and shoppers, the per-shopper
// distribution keeps every prize inside [minProb, maxProb] and the expected cost per draw at or
// under the budget — checked exactly on the integer weights — and is never farther from the
// leaned target than the configured distribution when that one is feasible.
#include <doctest/doctest.h>

#include <cmath>

#include "promokit/crypto.hpp"
#include "unit-games-util.hpp"

using namespace promokit;
using gtest::error_of;

namespace {

#if defined(__EMSCRIPTEN__)
constexpr int kPools = 300;
#else
constexpr int kPools = 3000;
#endif

using u128 = unsigned __int128;

struct Random {
  crypto::CounterRng rng{"games-budget-property"};
  double unit() { return rng.uniform01(); }
  std::uint64_t below(std::uint64_t n) { return rng.uniform(n); }
};

Catalog tag_catalog() {
  Json offers = Json::array();
  for (int k = 0; k < 5; ++k)
    offers.push_back({{"id", "o" + std::to_string(k)}, {"reward", {{"type", "percent"}, {"percent", 10}}}, {"tags", {"t" + std::to_string(k)}}});
  return read_catalog(Json{{"version", 1}, {"offers", offers}});
}

PrizePool random_pool(Random& r) {
  PrizePool p;
  p.id = "prop";
  p.personalize = true;
  const std::size_t n = 2 + r.below(11);
  for (std::size_t i = 0; i < n; ++i) {
    Prize z;
    z.id = "z" + std::to_string(i);
    std::uint64_t kind = r.below(3);
    if (kind < 2) {
      z.kind = PrizeKind::Offer;
      z.offer_id = "o" + std::to_string(r.below(5));
    }
    std::uint64_t shape = r.below(10);
    z.weight = shape == 0 ? 0 : shape == 1 ? 0.01 : 1 + std::floor(r.unit() * 100);
    z.cost = r.below(8) == 0 ? 100000 + static_cast<Money>(r.below(400000)) : static_cast<Money>(r.below(5000));
    if (r.below(3) == 0) z.min_prob = std::floor(r.unit() * 0.8 / static_cast<double>(n) * 1000) / 1000;
    if (r.below(5) < 2) z.max_prob = std::min(1.0, z.min_prob + 0.01 + std::floor(r.unit() * 600) / 1000);
    p.prizes.push_back(z);
  }
  if (std::all_of(p.prizes.begin(), p.prizes.end(), [](const Prize& z) { return z.weight == 0; })) p.prizes[0].weight = 1;
  games::Distribution base = games::base_distribution(p);
  if (r.below(6) != 0) p.budget = static_cast<Money>(std::floor(base.expected_cost(p) * (0.3 + 1.2 * r.unit())));
  return p;
}

games::Interests random_interests(Random& r) {
  games::Interests in;
  for (int k = 0; k < 5; ++k)
    if (r.below(2)) in.raise("t" + std::to_string(k), 0.1 + 0.9 * r.unit());
  return in;
}

bool feasible(const PrizePool& p, const games::Distribution& d) {
  std::uint64_t sum = 0;
  u128 spent = 0;
  for (std::size_t i = 0; i < p.prizes.size(); ++i) {
    const Prize& z = p.prizes[i];
    const double lo = std::ceil(z.min_prob * 4294967296.0), hi = std::floor(z.max_prob * 4294967296.0);
    if (static_cast<double>(d.weights[i]) < lo || static_cast<double>(d.weights[i]) > hi) return false;
    sum += d.weights[i];
    spent += static_cast<u128>(z.cost) * d.weights[i];
  }
  return sum == games::kWeightTotal && (!p.budget || spent <= static_cast<u128>(*p.budget) * games::kWeightTotal);
}

// Chi-square distance of d from the leaned target (the objective the solver minimizes).
double distance(const PrizePool& p, const games::Distribution& d, const std::vector<double>& match) {
  double qsum = 0, out = 0;
  for (std::size_t i = 0; i < p.prizes.size(); ++i) qsum += p.prizes[i].weight * (1 + match[i]);
  for (std::size_t i = 0; i < p.prizes.size(); ++i) {
    double q = p.prizes[i].weight * (1 + match[i]) / qsum;
    if (q > 0) out += (d.probability(i) - q) * (d.probability(i) - q) / q;
  }
  return out;
}

}  // namespace

TEST_CASE("budget: random pools and shoppers never leave the bands or the budget") {
  Random r;
  Catalog catalog = tag_catalog();
  int usable = 0, infeasible = 0, budget_bound = 0;
  for (int k = 0; k < kPools; ++k) {
    PrizePool p = random_pool(r);
    games::Interests in = random_interests(r);
    CAPTURE(k);
    if (!games::pool_problems(p).empty()) {
      ++infeasible;
      CHECK(error_of([&] { games::distribution(p, &catalog, in); }) == ErrorCode::PK_POOL_INFEASIBLE);
      continue;
    }
    ++usable;
    games::Distribution d = games::distribution(p, &catalog, in);
    REQUIRE(d.weights.size() == p.prizes.size());
    CHECK(feasible(p, d));
    if (p.budget && d.expected_cost(p) > static_cast<double>(*p.budget) - 1) ++budget_bound;
    games::Distribution base = games::base_distribution(p);
    if (feasible(p, base)) CHECK(distance(p, d, d.match) <= distance(p, base, d.match) + 1e-9);
  }
  MESSAGE(usable << " usable pools (" << budget_bound << " at their budget), " << infeasible << " infeasible");
  CHECK(usable > kPools / 3);
  CHECK(infeasible > 0);
  CHECK(budget_bound > kPools / 20);
}

TEST_CASE("budget: the shopper's interests lean the wheel within the budget") {
  Catalog catalog = read_catalog(gtest::catalog_json());
  const PrizePool& p = games::pool_or_throw(catalog, "lean-1");
  Json doc = gtest::profile_json();
  games::Distribution base = games::base_distribution(p);
  games::Distribution fashion = games::distribution(p, &catalog, games::interests_of(read_profile(doc), doc));
  Json foodie = Json{{"id", "u7"}, {"scores", {{"interest", {{"food", 1.0}}}}}};
  games::Distribution food = games::distribution(p, &catalog, games::interests_of(read_profile(foodie), foodie));
  games::Distribution none = games::distribution(p, &catalog, {});
  CHECK(fashion.personalized);
  CHECK(fashion.probability(0) > base.probability(0));  // l-fashion
  CHECK(food.probability(1) > base.probability(1));     // l-food
  CHECK(fashion.probability(0) > food.probability(0));
  CHECK(fashion.probability(0) <= 0.3);  // its maxProb
  CHECK(fashion.expected_cost(p) <= 700);
  CHECK(fashion.expected_cost(p) > 699);  // the budget binds: as much lean as it allows
  CHECK(none.hash == base.hash);          // no interests, nothing binding: the weights as written
  CHECK(fashion.hash != food.hash);

  Json preview = games::preview(p, base, fashion);
  CHECK(preview["poolId"] == "lean-1");
  CHECK(preview["personalized"] == true);
  CHECK(preview["withinBudget"] == true);
  CHECK(preview["prizes"].size() == 4);
  CHECK(preview["prizes"][0]["match"] == 1.0);
  CHECK(preview["prizes"][0]["probability"].get<double>() > preview["prizes"][0]["baseProbability"].get<double>());
}

TEST_CASE("budget: personalize false keeps the weights as written") {
  Catalog catalog = read_catalog(gtest::catalog_json());
  const PrizePool& p = games::pool_or_throw(catalog, "wheel-1");
  Json doc = gtest::profile_json();
  games::Distribution d = games::distribution(p, &catalog, games::interests_of(read_profile(doc), doc));
  CHECK_FALSE(d.personalized);
  CHECK(d.hash == games::base_distribution(p).hash);
  CHECK(d.weights[0] == 429496730);  // 0.1 * 2^32 = 429496729.6, rounded
  CHECK(d.match[0] == 1.0);  // still reported for the preview
  CHECK(d.expected_cost(p) == doctest::Approx(205));
}

TEST_CASE("budget: infeasible pools are reported with a path") {
  Catalog catalog = read_catalog(gtest::catalog_json());
  PrizePool p = games::pool_or_throw(catalog, "lean-1");
  p.budget = 100;  // l-fashion and l-food each need 5 %: at least 150 per draw
  auto problems = games::pool_problems(p);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "budget");
  CHECK(error_of([&] { games::distribution(p, &catalog, {}); }) == ErrorCode::PK_POOL_INFEASIBLE);
  p = games::pool_or_throw(catalog, "lean-1");
  p.prizes[3].min_prob = 0.95;
  REQUIRE(games::pool_problems(p).size() == 1);
  CHECK(games::pool_problems(p)[0].path == "prizes");
}
