// Native side of the targeting benchmark (bench/rules/run.sh): reads the profiles and rules the
// JS driver generated, and times ProfileSet::count and per-profile Rule::matches for each rule.
// Usage: bench_rules <profiles.json> <rules.json> <now-ms> <min-seconds>
// Prints one JSON line per rule: {"rule", "count", "setEvalsPerSec", "matchesEvalsPerSec"}.
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "promokit/rules.hpp"

using namespace promokit;

namespace {

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot open ") + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Process CPU time: the machine is shared, wall time would measure the neighbours.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Repeats f until min_seconds of CPU time have passed; returns calls per CPU second.
template <class F>
double rate(double min_seconds, F&& f) {
  std::size_t calls = 0;
  double start = cpu_seconds(), elapsed = 0;
  do {
    f();
    ++calls;
    elapsed = cpu_seconds() - start;
  } while (elapsed < min_seconds);
  return static_cast<double>(calls) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_rules <profiles.json> <rules.json> <now-ms> <min-seconds>\n";
    return 2;
  }
  try {
    JsonLimits limits;
    limits.max_bytes = 1u << 30;
    Json profiles = parse_json(slurp(argv[1]), limits);
    Json rules = parse_json(slurp(argv[2]));
    EvalContext ctx{static_cast<Millis>(std::stoll(argv[3])), "UTC"};
    double min_seconds = std::stod(argv[4]);
    std::vector<Json> rows(profiles.begin(), profiles.end());
    ProfileSet set(rows);
    RuleContext rc;  // any field: the workload has an age field
    rc.add_default_segments();
    for (const auto& r : rules) {
      Rule rule = compile_rule_text(r["text"].get<std::string>(), rc);
      std::size_t count = 0, check = 0;
      double set_rate = rate(min_seconds, [&] { count = set.count(rule, ctx); }) * static_cast<double>(rows.size());
      double match_rate = rate(min_seconds, [&] {
        check = 0;
        for (const auto& p : rows) check += rule.matches(p, ctx);
      }) * static_cast<double>(rows.size());
      if (check != count) {
        std::cerr << "mismatch for " << r["name"] << ": set " << count << ", matches " << check << "\n";
        return 1;
      }
      std::cout << Json{{"rule", r["name"]}, {"count", count}, {"setEvalsPerSec", set_rate}, {"matchesEvalsPerSec", match_rate}}.dump()
                << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_rules: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
