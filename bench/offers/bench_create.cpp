// What pk.createEngine does natively, step by step, over a catalog file (bench/js/catalog.mjs
// writes the 1,000-offer one the startup benchmark loads): parse the JSON text, build the engine
// (catalog reading, rule compilation, indexes), attach personalization and the games session.
// The cold start of issue 8 runs these same steps in wasm before V8 has optimised them, so a
// step's cost here is a floor on its cost there. Prints the median of --runs of each step.
// Usage: bench_create CATALOG.json [--runs N] [--smoke]   (bench/offers/run.sh; under callgrind,
// --runs 1 gives exact instruction counts, steadier than times on a busy machine)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "promokit/engine.hpp"
#include "promokit/games.hpp"
#include "promokit/json.hpp"
#include "promokit/ranking.hpp"

using namespace promokit;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_create CATALOG.json [--runs N] [--smoke]\n");
    return 2;
  }
  int runs = 15;
  bool smoke = false;
  for (int i = 2; i < argc; i++) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--smoke") == 0) smoke = true, runs = 3;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  if (text.empty()) {
    std::fprintf(stderr, "bench_create: cannot read %s\n", argv[1]);
    return 2;
  }
  const Json options = {{"now", 1767225600000}};

  std::vector<double> parse, engine, personal, games, drop, total;
  std::size_t offers = 0;
  for (int r = 0; r < runs; r++) {
    auto t0 = Clock::now();
    Json doc = parse_json(text);
    parse.push_back(ms_since(t0));
    auto t1 = Clock::now();
    Engine e(doc, options);
    engine.push_back(ms_since(t1));
    auto t2 = Clock::now();
    ranking::EnginePersonalization p(e);
    personal.push_back(ms_since(t2));
    auto t3 = Clock::now();
    games::Session s(e.shared_catalog());
    games.push_back(ms_since(t3));
    offers = e.catalog().offers.size();
    auto t4 = Clock::now();
    doc = Json();  // the bindings drop the document once the engine is made
    drop.push_back(ms_since(t4));
    total.push_back(ms_since(t0));
  }
  std::printf("createEngine natively, %zu offers, %zu KB of JSON (median of %d runs)\n", offers, text.size() / 1024, runs);
  std::printf("| step | ms |\n|---|---|\n");
  std::printf("| parse_json | %.2f |\n| Engine (read catalog, compile rules, indexes) | %.2f |\n", median(parse), median(engine));
  std::printf("| EnginePersonalization (ranker) | %.2f |\n| games::Session | %.2f |\n", median(personal), median(games));
  std::printf("| the JSON document freed | %.2f |\n| total | %.2f |\n", median(drop), median(total));
  std::printf("%s: createEngine natively over %zu offers in %.2f ms (median), parse_json %.0f %%\n", smoke ? "smoke" : "bench", offers,
              median(total), 100 * median(parse) / median(total));
  return 0;
}
