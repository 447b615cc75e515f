// What pk.createEngine does natively, step by step, over a catalog file (bench/js/catalog.mjs
// writes the 1,000-offer one the startup benchmark loads): read the catalog from the JSON text,
// build the engine (rule compilation, indexes), attach personalization and the games session;
// then from the catalog's snapshot (pk.catalogSnapshot), then through a Json document, the path
// before read_catalog_text.
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
#include "promokit/validate.hpp"

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

  const EngineOptions engine_options = EngineOptions::from_json(options);

  // The path the bindings take (read_catalog_text: the catalog read off a tape, no Json
  // document), and the one before it (parse_json, then the engine reads the document) for the ratio.
  const std::string snapshot = catalog_snapshot(text);
  std::vector<double> read, engine, personal, games, total, parse, dom_engine, drop, dom_total, snap_read, snap_total;
  std::size_t offers = 0;
  for (int r = 0; r < runs; r++) {
    auto t0 = Clock::now();
    Catalog catalog = read_catalog_text(text);
    read.push_back(ms_since(t0));
    auto t1 = Clock::now();
    Engine e(std::move(catalog), engine_options);
    engine.push_back(ms_since(t1));
    auto t2 = Clock::now();
    ranking::EnginePersonalization p(e);
    personal.push_back(ms_since(t2));
    auto t3 = Clock::now();
    games::Session s(e.shared_catalog());
    games.push_back(ms_since(t3));
    offers = e.catalog().offers.size();
    total.push_back(ms_since(t0));

    auto t7 = Clock::now();
    Catalog from_snapshot = read_catalog_snapshot(snapshot);
    snap_read.push_back(ms_since(t7));
    Engine snap(std::move(from_snapshot), engine_options);
    ranking::EnginePersonalization snap_p(snap);
    games::Session snap_s(snap.shared_catalog());
    snap_total.push_back(ms_since(t7));

    auto t4 = Clock::now();
    Json doc = parse_json(text);
    parse.push_back(ms_since(t4));
    auto t5 = Clock::now();
    Engine old(doc, options);
    dom_engine.push_back(ms_since(t5));
    ranking::EnginePersonalization old_p(old);
    games::Session old_s(old.shared_catalog());
    auto t6 = Clock::now();
    doc = Json();
    drop.push_back(ms_since(t6));
    dom_total.push_back(ms_since(t4));
  }
  std::printf("createEngine natively, %zu offers, %zu KB of JSON (median of %d runs)\n", offers, text.size() / 1024, runs);
  std::printf("| step | ms |\n|---|---|\n");
  std::printf("| read_catalog_text (parse and read, no Json document) | %.2f |\n", median(read));
  std::printf("| Engine (compile rules, indexes) | %.2f |\n", median(engine));
  std::printf("| EnginePersonalization (ranker) | %.2f |\n| games::Session | %.2f |\n", median(personal), median(games));
  std::printf("| total | %.2f |\n", median(total));
  std::printf("| from its snapshot (%zu KB): read_catalog_snapshot | %.2f |\n| total from the snapshot | %.2f |\n", snapshot.size() / 1024,
              median(snap_read), median(snap_total));
  std::printf("| for comparison, through a Json document: parse_json | %.2f |\n", median(parse));
  std::printf("| Engine(document) (reads the catalog, compiles rules, indexes) | %.2f |\n", median(dom_engine));
  std::printf("| the document freed | %.2f |\n| total through the document | %.2f |\n", median(drop), median(dom_total));
  std::printf("%s: createEngine natively over %zu offers in %.2f ms (median), %.2fx faster than through a Json document (%.2f ms)\n",
              smoke ? "smoke" : "bench", offers, median(total), median(dom_total) / median(total), median(dom_total));
  return 0;
}
