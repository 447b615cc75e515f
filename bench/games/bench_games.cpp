// Native games benchmark: the draw, its verification, a personalized distribution, and the
// notifications of one shopper over 1,000 offers. Usage: bench_games [--smoke] [--catalog]
// --catalog prints the workload's catalog as JSON (the wasm half reads it).
// Times are process CPU time (std::clock): the machine is shared.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>

#include "promokit/crypto.hpp"
#include "promokit/games.hpp"
#include "promokit/notify.hpp"
#include "promokit/validate.hpp"
#include "workload.hpp"

using namespace promokit;

namespace {

double us_per(std::clock_t t0, long n) { return static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC * 1e6 / static_cast<double>(n); }

void row(const char* name, double us, double target) {
  if (target > 0)
    std::printf("%-52s %10.2f us   target <= %.0f us: %s\n", name, us, target, us <= target ? "met" : "MISSED");
  else
    std::printf("%-52s %10.2f us\n", name, us);
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  for (int i = 1; i < argc; ++i) {
    smoke |= std::strcmp(argv[i], "--smoke") == 0;
    if (std::strcmp(argv[i], "--catalog") == 0) {
      std::cout << Json{{"catalog", bench_games::catalog(1000)}, {"profile", bench_games::profile()}, {"now", bench_games::kNow}}.dump();
      return 0;
    }
  }
  const long n_draws = smoke ? 20000 : 200000, n_verify = smoke ? 2000 : 20000, n_notify = smoke ? 200 : 2000;

  Catalog catalog = read_catalog(bench_games::catalog(1000));
  Json doc = bench_games::profile();
  Profile profile = read_profile(doc);
  games::Interests interests = games::interests_of(profile, doc);
  const PrizePool& wheel = games::pool_or_throw(catalog, "wheel");
  const PrizePool& lean = games::pool_or_throw(catalog, "lean");

  // Tickets with distinct seeds; draw() does not check signatures (verify_draw does, with a key).
  tickets::Ticket t{"t-0", std::string(64, '0'), "wheel", 1, "u1", 1800000000000, 0, ""};
  crypto::CounterRng seeds("bench-seeds");
  auto next_seed = [&] {
    std::string raw;
    for (int w = 0; w < 4; ++w) {
      std::uint64_t v = seeds.next_u64();
      raw.append(reinterpret_cast<const char*>(&v), 8);
    }
    return crypto::hex_encode(raw);
  };

  games::Distribution d = games::distribution(wheel, &catalog, interests);
  games::DrawOptions options;
  options.now = bench_games::kNow;
  std::size_t wins = 0;
  auto t0 = std::clock();
  for (long i = 0; i < n_draws; ++i) {
    t.seed = next_seed();
    t.sequence = static_cast<std::uint64_t>(i);
    wins += games::draw(wheel, t, profile, d, options).index != 4;
  }
  double draw_us = us_per(t0, n_draws);

  games::Outcome o = games::draw(wheel, t, profile, d, options);
  games::VerifyOptions v;
  v.catalog = &catalog;
  v.interests = interests;
  t0 = std::clock();
  for (long i = 0; i < n_verify; ++i) games::verify_draw(t, wheel, profile, o, v);
  double verify_us = us_per(t0, n_verify);

  t0 = std::clock();
  std::uint64_t weight_sum = 0;  // used below, so the solves are not optimised away
  for (long i = 0; i < n_verify; ++i) weight_sum += games::distribution(lean, &catalog, interests).weights[0];
  double lean_us = us_per(t0, n_verify);

  games::Session session(catalog);
  session.set_profile(doc);
  session.set_now(bench_games::kNow + 40LL * 86400000);  // inactive 40 days: a comeback is due
  notify::Setup setup = notify::read_setup(catalog);
  std::vector<notify::DealCandidate> deals;
  for (int i = 0; i < 1000; ++i) deals.push_back({"o" + std::to_string(i), (i % 100) / 100.0});
  notify::State state;
  std::size_t intents = 0;
  t0 = std::clock();
  for (long i = 0; i < n_notify; ++i) intents += notify::due(setup, notify::inputs_for(session, deals), state).size();
  double notify_us = us_per(t0, n_notify);

  std::printf("native (g++ %s), CPU time per call\n", __VERSION__);
  row("draw (wheel, 5 prizes, proof)", draw_us, 20);
  row("verify_draw (recomputes distribution and draw)", verify_us, 0);
  row("personalized distribution (4 prizes, budget binds)", lean_us, 0);
  row("notifications, 1 shopper, 1,000 offers as deal candidates", notify_us, 1000);
  std::printf("bench: games native draw %.2f us, notifications %.1f us (%zu intents/call, %.3f win rate, P(f) %.4f)\n", draw_us,
              notify_us, intents / static_cast<std::size_t>(n_notify), static_cast<double>(wins) / n_draws,
              static_cast<double>(weight_sum) / n_verify / games::kWeightTotal);
  return 0;
}
