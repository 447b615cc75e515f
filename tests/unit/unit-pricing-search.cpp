// The best-combination search: the branch and bound is checked against brute force over every
// subset, and the large-set strategy's gap to the exact answer is measured (docs/pricing.md
// quotes these figures).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "pricing/prepare.hpp"
#include "pricing/search.hpp"
#include "pricing_util.hpp"

using namespace promokit;

namespace {

#ifdef __EMSCRIPTEN__
constexpr int kScale = 10;  // the wasm run does a tenth
#else
constexpr int kScale = 1;
#endif

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::int64_t range(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(1, 100) <= percent; }
};

Cart make_cart(Rng& r, int lines) {
  Cart c;
  c.currency = "CNY";
  for (int i = 0; i < lines; ++i) {
    int k = static_cast<int>(r.range(0, 11));
    c.lines.push_back({"l" + std::to_string(i), "S" + std::to_string(k), "c" + std::to_string(k % 4), "b" + std::to_string(k % 3),
                       r.range(1, 300) * 100 - (r.chance(30) ? 1 : 0), r.range(1, 3)});
  }
  return c;
}

// Money offers with overlapping scopes in a few groups, so the choice matters.
Offer make_offer(Rng& r, int i) {
  Offer o;
  o.id = "o" + std::to_string(i);
  Reward& w = o.reward;
  int t = static_cast<int>(r.range(1, 100));
  if (t <= 45) {
    w.type = RewardType::Percent;
    w.percent_bp = static_cast<std::int32_t>(r.range(1, 8) * 500);
  } else if (t <= 65) {
    w.type = RewardType::Fixed;
    w.amount = r.range(1, 30) * 100;
    w.per = t <= 55 ? FixedPer::Order : t <= 60 ? FixedPer::Item : FixedPer::Unit;
  } else if (t <= 85) {
    w.type = RewardType::BuyXGetY;
    w.buy = static_cast<std::int32_t>(r.range(1, 2));
    w.get = 1;
    w.percent_bp = r.chance(50) ? 10000 : 5000;
    if (r.chance(50)) w.max_applications = 1;
  } else {
    w.type = r.chance(50) ? RewardType::Percent : RewardType::Fixed;
    w.target = RewardTarget::Order;
    w.percent_bp = static_cast<std::int32_t>(r.range(1, 4) * 500);
    w.amount = r.range(1, 20) * 100;
  }
  if (r.chance(20)) w.max_discount = r.range(5, 50) * 100;
  int s = static_cast<int>(r.range(1, 10));
  if (s <= 4) o.scope.categories = {"c" + std::to_string(r.range(0, 3))};
  else if (s <= 6) o.scope.brands = {"b" + std::to_string(r.range(0, 2))};
  else if (s <= 9) o.scope.skus = {"S" + std::to_string(r.range(0, 11)), "S" + std::to_string(r.range(0, 11))};
  if (r.chance(15)) o.conditions.min_spend = r.range(1, 50) * 1000;
  o.stacking.group = r.chance(60) ? "" : r.chance(50) ? "g2" : "g3";
  o.stacking.priority = static_cast<std::int32_t>(r.range(0, 5));
  o.stacking.exclusive = r.chance(5);
  return o;
}

}  // namespace

TEST_CASE("pricing search: branch and bound equals brute force over every subset") {
  Rng rng{99};
  for (int it = 0; it < 3000 / kScale; ++it) {
    CAPTURE(it);
    Cart cart = make_cart(rng, static_cast<int>(rng.range(1, 8)));
    std::vector<Offer> offers;
    int n = static_cast<int>(rng.range(1, 9));
    for (int i = 0; i < n; ++i) offers.push_back(make_offer(rng, i));
    PricingResult res = price_cart(cart, offers);
    REQUIRE(res.exact);

    std::vector<const Offer*> ptrs;
    for (const auto& o : offers) ptrs.push_back(&o);
    auto classes = pricing::make_classes(cart);
    auto prepared = pricing::prepare_candidates(cart, ptrs, classes);
    pricing::Scratch scratch;
    pricing::Context ctx{&classes, Rounding::HalfEven, false, &scratch};
    std::vector<std::uint32_t> usable;
    for (std::uint32_t k = 0; k < prepared.size(); ++k)
      if (prepared[k].reason.empty()) usable.push_back(k);
    Money best = res.subtotal;
    for (std::uint32_t mask = 0; mask < (1u << usable.size()); ++mask) {
      std::vector<std::uint32_t> slots;
      bool exclusive = false, clash = false;
      std::uint64_t order_groups = 0;
      for (std::size_t b = 0; b < usable.size(); ++b) {
        if (!(mask >> b & 1)) continue;
        const auto& p = prepared[usable[b]];
        exclusive = exclusive || p.offer->stacking.exclusive;
        if (p.stage == pricing::Stage::Order) {
          clash = clash || (order_groups >> p.group & 1);
          order_groups |= std::uint64_t{1} << p.group;
        }
        slots.push_back(usable[b]);
      }
      if (clash || (exclusive && slots.size() > 1)) continue;
      best = std::min(best, pricing::run_all(prepared, ctx, slots, pricing::initial_state(classes)).total);
    }
    REQUIRE(res.total == best);
  }
}

TEST_CASE("pricing search: the large-set strategy's gap to the exact answer") {
  Rng rng{2024};
  const int runs = 400 / kScale;
  int same = 0;
  double gap_sum = 0, gap_max = 0;
  for (int it = 0; it < runs; ++it) {
    CAPTURE(it);
    Cart cart = make_cart(rng, static_cast<int>(rng.range(5, 15)));
    std::vector<Offer> offers;
    int n = static_cast<int>(rng.range(10, 16));
    for (int i = 0; i < n; ++i) offers.push_back(make_offer(rng, i));
    PricingOptions exact;
    exact.exact_limit = 64;
    exact.exact_budget = 1u << 30;
    PricingOptions heuristic;
    heuristic.exact_limit = 0;
    heuristic.part_exact_limit = 0;
    PricingResult a = price_cart(cart, offers, exact), b = price_cart(cart, offers, heuristic);
    REQUIRE(a.exact);
    REQUIRE(b.total >= a.total);  // nothing beats the exact answer
    double saved = static_cast<double>(a.discount_total);
    double gap = saved > 0 ? static_cast<double>(b.total - a.total) / saved : 0;
    same += b.total == a.total;
    gap_sum += gap;
    gap_max = std::max(gap_max, gap);
  }
  double mean = gap_sum / runs;
  MESSAGE("large-set strategy vs exact over " << runs << " sets of 10-16 offers: same total in " << same << ", mean gap "
                                              << mean * 100 << "% of the best discount, max " << gap_max * 100 << "%");
  CHECK(same >= runs * 8 / 10);
  CHECK(mean <= 0.02);
}
