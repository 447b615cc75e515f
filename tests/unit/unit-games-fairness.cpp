// Fairness: for pools of 2 to 12 prizes, skewed weights and a 1-in-10,000 jackpot, a chi-square
// test over seeded draws accepts the configured distribution (p > 0.001). 1,000,000 draws per
// pool natively; fewer under wasm and the sanitizers, where the suite must stay quick.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "promokit/crypto.hpp"
#include "promokit/games.hpp"
#include "test_util.hpp"

using namespace promokit;

namespace {

#if defined(__EMSCRIPTEN__)
constexpr std::uint64_t kDraws = 100000;
#else
constexpr std::uint64_t kDraws = pktest::kSanitized ? 100000 : 1000000;
#endif

// Regularized upper incomplete gamma Q(a, x) (Numerical Recipes §6.2): the chi-square p-value
// with k degrees of freedom is Q(k / 2, x / 2).
double gamma_q(double a, double x) {
  if (x <= 0) return 1;
  const double gln = std::lgamma(a);
  if (x < a + 1) {  // series for P, then Q = 1 - P
    double ap = a, sum = 1 / a, del = sum;
    for (int n = 0; n < 1000 && std::fabs(del) > std::fabs(sum) * 1e-15; ++n) sum += del *= x / ++ap;
    return 1 - sum * std::exp(-x + a * std::log(x) - gln);
  }
  double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;  // continued fraction for Q
  for (int i = 1; i < 1000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (std::fabs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-15) break;
  }
  return std::exp(-x + a * std::log(x) - gln) * h;
}

PrizePool pool_of(const std::vector<double>& weights) {
  PrizePool p;
  p.id = "fair";
  for (std::size_t i = 0; i < weights.size(); ++i) {
    Prize z;
    z.id = "z" + std::to_string(i);
    z.weight = weights[i];
    p.prizes.push_back(z);
  }
  return p;
}

// Draws kDraws times, each from its own 32-byte seed (as each ticket brings its own), and
// returns the chi-square p-value of the counts against the configured weights.
double p_value(const PrizePool& pool, std::uint64_t salt) {
  games::Distribution d = games::base_distribution(pool);
  std::vector<std::uint64_t> count(pool.prizes.size(), 0);
  crypto::CounterRng seeds("fairness-seeds-" + std::to_string(salt));
  std::string seed(32, '\0');
  for (std::uint64_t n = 0; n < kDraws; ++n) {
    for (int w = 0; w < 4; ++w) {
      std::uint64_t v = seeds.next_u64();
      for (int b = 0; b < 8; ++b) seed[w * 8 + b] = static_cast<char>(v >> (8 * b));
    }
    crypto::CounterRng rng(seed);
    ++count[games::sample(d, rng)];
  }
  double total = 0, chi2 = 0;
  for (const Prize& z : pool.prizes) total += z.weight;
  for (std::size_t i = 0; i < count.size(); ++i) {
    double expected = static_cast<double>(kDraws) * pool.prizes[i].weight / total;
    chi2 += (count[i] - expected) * (count[i] - expected) / expected;
  }
  return gamma_q((static_cast<double>(count.size()) - 1) / 2, chi2 / 2);
}

}  // namespace

TEST_CASE("fairness: the chi-square p-value helper matches known values") {
  CHECK(gamma_q(0.5, 3.841458820694124 / 2) == doctest::Approx(0.05).epsilon(1e-6));  // chi2(1) 95 %
  CHECK(gamma_q(5.5, 24.72497031 / 2) == doctest::Approx(0.01).epsilon(1e-6));         // chi2(11) 99 %
  CHECK(gamma_q(1, 2 * std::log(1000.0) / 2) == doctest::Approx(0.001).epsilon(1e-9));  // chi2(2): e^(-x/2)
}

TEST_CASE("fairness: seeded draws follow the configured weights (chi-square, p > 0.001)") {
  struct Case {
    const char* name;
    std::vector<double> weights;
  };
  const Case cases[] = {
      {"2 prizes, even", {1, 1}},
      {"3 prizes, skewed", {80, 15, 5}},
      {"6 prizes, steep", {60, 25, 10, 4, 0.9, 0.1}},
      {"12 prizes, 1..12", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
      {"1-in-10,000 jackpot", {1, 999, 9000}},
  };
  std::uint64_t salt = 0;
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    double p = p_value(pool_of(c.weights), ++salt);
    MESSAGE(std::string(c.name) << ": p = " << p << " over " << kDraws << " draws");
    CHECK(p > 0.001);
  }
}

TEST_CASE("fairness: a biased sampler is caught (the test can fail)") {
  // Draw from 60/40 but test against 50/50: the p-value collapses.
  games::Distribution d = games::base_distribution(pool_of({60, 40}));
  std::uint64_t heads = 0;
  const std::uint64_t n = 20000;
  crypto::CounterRng rng("bias");
  for (std::uint64_t i = 0; i < n; ++i) heads += games::sample(d, rng) == 0;
  double e = n / 2.0, chi2 = 2 * (heads - e) * (heads - e) / e;
  CHECK(gamma_q(0.5, chi2 / 2) < 1e-6);
}
