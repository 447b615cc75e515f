// Per-shopper prize distributions (docs/games.md §Personalized prizes). The personalized one
// is the point of the feasible set {sum p = 1, minProb <= p <= maxProb, cost . p <= budget}
// closest in chi-square distance to the leaned target q; the optimum has the form
// p_i = clamp(q_i (m - nu c_i), lo_i, hi_i), found by an exact breakpoint search for m and a
// bisection on the budget multiplier nu. Only + - * / and comparisons are used, so native and
// wasm builds compute the same bits; the integer weights are then checked exactly.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "codes/signing.hpp"
#include "games/internal.hpp"
#include "promokit/crypto.hpp"
#include "promokit/games.hpp"
#include "promokit/validate.hpp"

namespace promokit::games {
namespace {

using u128 = unsigned __int128;

constexpr double kTotal = static_cast<double>(kWeightTotal);

double clamp01(double v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

// Integer bounds of prize i on the weight scale: ceil(lo * 2^32) .. floor(hi * 2^32).
struct Bounds {
  std::vector<std::uint64_t> lo, hi;
};
Bounds integer_bounds(const std::vector<double>& lo, const std::vector<double>& hi) {
  Bounds b;
  for (std::size_t i = 0; i < lo.size(); ++i) {
    b.lo.push_back(static_cast<std::uint64_t>(std::ceil(lo[i] * kTotal)));  // exact: scaling by 2^32
    b.hi.push_back(static_cast<std::uint64_t>(std::floor(hi[i] * kTotal)));
  }
  return b;
}

// Largest-remainder rounding of probabilities to integer weights summing to kWeightTotal;
// ties go to the earlier prize, and a prize with probability 0 stays at 0.
std::vector<std::uint64_t> quantize(const std::vector<double>& p) {
  const std::size_t n = p.size();
  std::vector<std::uint64_t> w(n);
  std::vector<double> rem(n);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double x = std::clamp(p[i], 0.0, 1.0) * kTotal;
    double f = std::floor(x);
    w[i] = static_cast<std::uint64_t>(f);
    rem[i] = x - f;
    sum += w[i];
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
  for (std::size_t k = 0; sum < kWeightTotal && !order.empty(); k = (k + 1) % order.size(), ++sum) ++w[order[k]];
  for (std::size_t k = order.size(); sum > kWeightTotal && !order.empty(); k = k <= 1 ? order.size() : k - 1)
    if (w[order[k - 1]] > 0) --w[order[k - 1]], --sum;
  return w;
}

// Moves weight between prizes until every weight is inside its bounds, they sum to the total and
// the expected cost fits the budget — all checked in exact integer arithmetic. Each step moves
// as much as one constraint allows, so the loop ends after a few passes. False if impossible.
bool repair(std::vector<std::uint64_t>& w, const Bounds& b, const std::vector<Money>& cost, std::optional<Money> budget) {
  const std::size_t n = w.size();
  for (std::size_t i = 0; i < n; ++i) w[i] = std::clamp(w[i], b.lo[i], std::max(b.lo[i], b.hi[i]));
  auto sum = [&] { return std::accumulate(w.begin(), w.end(), std::uint64_t(0)); };
  // Too much mass: take from the most expensive prize with room above its floor.
  for (std::uint64_t s = sum(); s > kWeightTotal; s = sum()) {
    std::optional<std::size_t> from;
    for (std::size_t i = 0; i < n; ++i)
      if (w[i] > b.lo[i] && (!from || cost[i] > cost[*from])) from = i;
    if (!from) return false;
    w[*from] -= std::min(s - kWeightTotal, w[*from] - b.lo[*from]);
  }
  // Too little: give to the cheapest prize with room below its ceiling.
  for (std::uint64_t s = sum(); s < kWeightTotal; s = sum()) {
    std::optional<std::size_t> to;
    for (std::size_t i = 0; i < n; ++i)
      if (w[i] < b.hi[i] && (!to || cost[i] < cost[*to])) to = i;
    if (!to) return false;
    w[*to] += std::min(kWeightTotal - s, b.hi[*to] - w[*to]);
  }
  if (!budget) return true;
  const u128 limit = static_cast<u128>(*budget) * kWeightTotal;
  for (;;) {
    u128 spent = 0;
    for (std::size_t i = 0; i < n; ++i) spent += static_cast<u128>(cost[i]) * w[i];
    if (spent <= limit) return true;
    // Shift weight from the most expensive prize that can give to the cheapest that can take.
    std::optional<std::size_t> from, to;
    for (std::size_t i = 0; i < n; ++i) {
      if (w[i] > b.lo[i] && (!from || cost[i] > cost[*from])) from = i;
      if (w[i] < b.hi[i] && (!to || cost[i] < cost[*to])) to = i;
    }
    if (!from || !to || cost[*from] <= cost[*to]) return false;
    u128 gap = static_cast<u128>(cost[*from] - cost[*to]);
    u128 need = (spent - limit + gap - 1) / gap;
    std::uint64_t move = std::min({static_cast<std::uint64_t>(std::min<u128>(need, kWeightTotal)), w[*from] - b.lo[*from],
                                   b.hi[*to] - w[*to]});
    w[*from] -= move;
    w[*to] += move;
  }
}

struct Problem {
  std::vector<double> q, lo, hi, c;  // target, bands, costs scaled to [0, 1]
  std::optional<double> budget;      // scaled like c
};

// The leaned target q_i ∝ w_i (1 + match_i), bands (a prize without weight stays at its floor)
// and costs divided by the largest cost, so the multipliers stay in a well-scaled range.
Problem make_problem(const PrizePool& pool, const std::vector<double>& match) {
  Problem pr;
  Money max_cost = 0;
  double qsum = 0;
  for (const Prize& z : pool.prizes) max_cost = std::max(max_cost, z.cost);
  const double scale = max_cost > 0 ? static_cast<double>(max_cost) : 1;
  for (std::size_t i = 0; i < pool.prizes.size(); ++i) {
    const Prize& z = pool.prizes[i];
    pr.q.push_back(z.weight * (1 + match[i]));
    qsum += pr.q.back();
    pr.lo.push_back(z.min_prob);
    pr.hi.push_back(z.weight > 0 ? z.max_prob : z.min_prob);
    pr.c.push_back(static_cast<double>(z.cost) / scale);
  }
  for (double& v : pr.q) v /= qsum;
  if (pool.budget) pr.budget = static_cast<double>(*pool.budget) / scale;
  return pr;
}

// p_i(m, nu) = clamp(q_i (m - nu c_i), lo_i, hi_i); with q_i == 0 the prize stays at lo_i.
double p_at(const Problem& pr, std::size_t i, double m, double nu) {
  if (pr.q[i] <= 0) return pr.lo[i];
  return std::clamp(pr.q[i] * (m - nu * pr.c[i]), pr.lo[i], pr.hi[i]);
}

// For a fixed nu, the m with sum_i p_i(m, nu) == 1: the sum is piecewise linear and
// non-decreasing in m with breakpoints where a prize meets a band edge, so find the piece that
// crosses 1 and solve its line.
double solve_m(const Problem& pr, double nu) {
  std::vector<double> breaks;
  for (std::size_t i = 0; i < pr.q.size(); ++i) {
    if (pr.q[i] <= 0) continue;
    breaks.push_back(pr.lo[i] / pr.q[i] + nu * pr.c[i]);
    breaks.push_back(pr.hi[i] / pr.q[i] + nu * pr.c[i]);
  }
  std::sort(breaks.begin(), breaks.end());
  auto total = [&](double m) {
    double s = 0;
    for (std::size_t i = 0; i < pr.q.size(); ++i) s += p_at(pr, i, m, nu);
    return s;
  };
  std::size_t k = 0;
  while (k < breaks.size() && total(breaks[k]) < 1) ++k;
  if (k == breaks.size()) return breaks.empty() ? 0 : breaks.back();
  if (k == 0) return breaks[0];
  double a = breaks[k - 1], b = breaks[k];
  double fa = total(a), fb = total(b);
  if (fb - fa <= 0) return b;
  return a + (b - a) * ((1 - fa) / (fb - fa));
}

std::vector<double> solve_p(const Problem& pr, double nu) {
  double m = solve_m(pr, nu);
  std::vector<double> p(pr.q.size());
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = p_at(pr, i, m, nu);
  return p;
}

double cost_of(const Problem& pr, const std::vector<double>& p) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += pr.c[i] * p[i];
  return s;
}

// The cheapest feasible distribution: every prize at its floor, the rest poured into the
// cheapest prizes up to their ceilings (prizes without weight stay at their floor).
std::vector<double> cheapest(const Problem& pr) {
  std::vector<double> p = pr.lo;
  double left = 1 - std::accumulate(p.begin(), p.end(), 0.0);
  std::vector<std::size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pr.c[a] < pr.c[b]; });
  for (std::size_t i : order) {
    if (left <= 0) break;
    if (pr.q[i] <= 0) continue;
    double add = std::min(left, pr.hi[i] - p[i]);
    p[i] += add;
    left -= add;
  }
  return p;
}

// The prize's interest match: the best interest among its offer's tags, category and brand.
double match_of(const Prize& z, const Catalog* catalog, const Interests& in) {
  if (z.kind != PrizeKind::Offer || !catalog) return 0;
  for (const Offer& o : catalog->offers) {
    if (o.id != z.offer_id) continue;
    double best = std::max(in.of(o.category), in.of(o.brand));
    for (const auto& t : o.tags) best = std::max(best, in.of(t));
    for (const auto& t : o.scope.categories) best = std::max(best, in.of(t));
    return best;
  }
  return 0;
}

// Fills in the commitments a draw makes to the pool and the weights.
Distribution finish(Distribution d, const PrizePool& pool) {
  signing::Writer w;
  w.raw(std::string_view("promokit-dist-v1\0", 17)).varint(d.weights.size());
  for (auto v : d.weights) w.varint(v);
  d.digest = crypto::sha256(w.bytes());
  d.hash = crypto::hex_encode(crypto::as_bytes(d.digest));
  d.pool_digest = pool_digest(pool);
  d.pool_hash = crypto::hex_encode(crypto::as_bytes(d.pool_digest));
  return d;
}

}  // namespace

double Interests::of(std::string_view tag) const noexcept {
  if (tag.empty()) return 0;
  auto it = tags.find(tag);
  return it == tags.end() ? 0 : it->second;
}

void Interests::raise(std::string_view tag, double score) {
  if (tag.empty() || !(score > 0)) return;
  auto [it, fresh] = tags.try_emplace(std::string(tag), clamp01(score));
  if (!fresh) it->second = std::max(it->second, clamp01(score));
}

Interests interests_of(const Profile& profile, const Json& profile_doc) {
  Interests in;
  for (const auto& t : profile.interests) in.raise(t, 1);
  if (profile_doc.is_object()) {
    auto s = profile_doc.find("scores");
    if (s != profile_doc.end() && s->is_object()) {
      auto i = s->find("interest");
      if (i != s->end() && i->is_object())
        for (auto it = i->begin(); it != i->end(); ++it)
          if (it->is_number()) in.raise(it.key(), it->get<double>());
    }
  }
  return in;
}

double Distribution::expected_cost(const PrizePool& pool) const noexcept {
  double s = 0;
  for (std::size_t i = 0; i < weights.size() && i < pool.prizes.size(); ++i)
    s += probability(i) * static_cast<double>(pool.prizes[i].cost);
  return s;
}


Distribution base_distribution(const PrizePool& pool) {
  double total = 0;
  for (const Prize& z : pool.prizes) total += z.weight;
  std::vector<double> p;
  for (const Prize& z : pool.prizes) p.push_back(total > 0 ? z.weight / total : 0);
  Distribution d;
  d.weights = quantize(p);
  d.match.assign(pool.prizes.size(), 0);
  return finish(std::move(d), pool);
}

std::vector<Issue> pool_problems(const PrizePool& pool) {
  std::vector<Issue> out;
  const auto code = ErrorCode::PK_POOL_INFEASIBLE;
  if (!pool.personalize) return out;
  double lo = 0, hi = 0;
  for (const Prize& z : pool.prizes) {
    lo += z.min_prob;
    hi += z.weight > 0 ? z.max_prob : z.min_prob;
  }
  if (lo > 1) out.push_back({code, "prizes", "the minProb values add up to more than 1"});
  if (hi < 1) out.push_back({code, "prizes", "the maxProb values of prizes with weight add up to less than 1"});
  if (out.empty() && pool.budget) {
    Problem pr = make_problem(pool, std::vector<double>(pool.prizes.size(), 0));
    if (cost_of(pr, cheapest(pr)) > *pr.budget)
      out.push_back({code, "budget", "even the cheapest distribution the bands allow costs more than " + std::to_string(*pool.budget) + " per draw"});
  }
  return out;
}

Distribution distribution(const PrizePool& pool, const Catalog* catalog, const Interests& interests) {
  Distribution base = base_distribution(pool);
  const std::size_t n = pool.prizes.size();
  for (std::size_t i = 0; i < n; ++i) base.match[i] = match_of(pool.prizes[i], catalog, interests);
  if (!pool.personalize) return base;  // match does not enter the hash
  if (auto problems = pool_problems(pool); !problems.empty())
    throw Error(problems.front().code, "prize pool \"" + pool.id + "\": " + problems.front().message, problems.front().path);

  Problem pr = make_problem(pool, base.match);
  std::vector<double> p = solve_p(pr, 0);
  if (pr.budget && cost_of(pr, p) > *pr.budget) {
    // The cost is non-increasing in nu: double nu until it fits, then bisect to the smallest.
    double lo = 0, hi = 1;
    bool fits = false;
    for (int k = 0; k < 80 && !(fits = cost_of(pr, solve_p(pr, hi)) <= *pr.budget); ++k) hi *= 2;
    if (fits) {
      for (int k = 0; k < 200; ++k) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) break;
        (cost_of(pr, solve_p(pr, mid)) <= *pr.budget ? hi : lo) = mid;
      }
      p = solve_p(pr, hi);
    } else {
      p = cheapest(pr);
    }
  }
  Distribution d;
  d.personalized = true;
  d.match = base.match;
  d.weights = quantize(p);
  std::vector<Money> cost;
  for (const Prize& z : pool.prizes) cost.push_back(z.cost);
  if (!repair(d.weights, integer_bounds(pr.lo, pr.hi), cost, pool.budget))
    throw Error(ErrorCode::PK_POOL_INFEASIBLE, "prize pool \"" + pool.id + "\": the bands and budget leave no distribution on the 2^-32 grid",
                "prizes");
  return finish(std::move(d), pool);
}

Json preview(const PrizePool& pool, const Distribution& base, const Distribution& shopper) {
  Json prizes = Json::array();
  for (std::size_t i = 0; i < pool.prizes.size(); ++i) {
    const Prize& z = pool.prizes[i];
    prizes.push_back({{"id", z.id},
                      {"kind", to_string(z.kind)},
                      {"probability", shopper.probability(i)},
                      {"baseProbability", base.probability(i)},
                      {"minProb", z.min_prob},
                      {"maxProb", z.max_prob},
                      {"cost", z.cost},
                      {"match", shopper.match[i]}});
  }
  double expected = shopper.expected_cost(pool);
  return {{"poolId", pool.id},
          {"game", to_string(pool.game)},
          {"personalized", shopper.personalized},
          {"budget", pool.budget ? Json(*pool.budget) : Json(nullptr)},
          {"expectedCost", expected},
          {"withinBudget", !pool.budget || within_budget(pool, shopper)},
          {"prizes", std::move(prizes)}};
}

bool within_budget(const PrizePool& pool, const Distribution& d) {
  if (!pool.budget) return true;
  u128 spent = 0;
  for (std::size_t i = 0; i < d.weights.size(); ++i) spent += static_cast<u128>(pool.prizes[i].cost) * d.weights[i];
  return spent <= static_cast<u128>(*pool.budget) * kWeightTotal;
}

std::array<std::uint8_t, 32> pool_digest(const PrizePool& pool) {
  auto bits = [](double v) {
    std::uint64_t u;
    static_assert(sizeof u == sizeof v);
    std::memcpy(&u, &v, sizeof u);
    return u;
  };
  signing::Writer w;
  w.raw(std::string_view("promokit-pool-v1\0", 17))
      .text(pool.id)
      .text(to_string(pool.game))
      .varint(static_cast<std::uint64_t>(pool.version))
      .varint(pool.budget ? static_cast<std::uint64_t>(*pool.budget) + 1 : 0)
      .varint(pool.personalize ? 1 : 0)
      .varint(pool.prizes.size());
  for (const Prize& z : pool.prizes) {
    w.text(z.id)
        .text(to_string(z.kind))
        .text(z.offer_id)
        .text(z.sku)
        .varint(static_cast<std::uint64_t>(z.points))
        .varint(bits(z.weight))
        .varint(static_cast<std::uint64_t>(z.cost))
        .varint(bits(z.min_prob))
        .varint(bits(z.max_prob))
        .varint(z.per_customer ? static_cast<std::uint64_t>(*z.per_customer) + 1 : 0);
  }
  return crypto::sha256(w.bytes());
}

std::string pool_hash_hex(const PrizePool& pool) { return crypto::hex_encode(crypto::as_bytes(pool_digest(pool))); }

}  // namespace promokit::games
