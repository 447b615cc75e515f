// Native analytics benchmark: streams a CSV file through the analysis in 1 MB chunks (as
// `promokit analyze` does) and prints one JSON line: time, peak RSS, what was found.
// Usage: bench_analytics <file.csv> [--options JSON] [--repeat N]
// Peak RSS is the process maximum (getrusage), so run one file per process. Time is reported
// as wall time and as process CPU time (the fair figure on a loaded machine).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>

#include "promokit/analytics.hpp"

using namespace promokit;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_analytics <file.csv> [--options JSON] [--repeat N]\n";
    return 2;
  }
  std::string path = argv[1], options_json = "{}";
  int repeat = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--options") options_json = argv[i + 1];
    else if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  try {
    auto options = analytics::Options::from_json(parse_json(options_json));
    double best = 1e300, best_cpu = 1e300;
    auto cpu_ms = [] {
      timespec ts{};
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
      return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    };
    std::string text;
    std::string chunk(1u << 20, '\0');
    for (int r = 0; r < repeat; ++r) {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw Error(ErrorCode::PK_NOT_FOUND, "cannot read " + path);
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_ms();
      analytics::Analyzer a(options);
      while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        a.feed(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())));
      }
      text = a.finish_text();  // what the wasm API returns
      auto t1 = std::chrono::steady_clock::now();
      best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
      best_cpu = std::min(best_cpu, cpu_ms() - c0);
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    JsonLimits unlimited;
    unlimited.max_bytes = unlimited.max_string = unlimited.max_entries = SIZE_MAX;
    Json report = parse_json(text, unlimited);
    Json segments = Json::object();
    for (const auto& s : report["segments"]) segments[s["id"].get<std::string>()] = s["count"];
    Json out = {{"ms", std::round(best * 10) / 10},
                {"cpuMs", std::round(best_cpu * 10) / 10},
                {"peakRssMB", std::round(ru.ru_maxrss / 102.4) / 10},
                {"rows", report["quality"]["rows"]},
                {"messages", report["summary"]["messages"]},
                {"customers", report["summary"]["customers"]},
                {"segments", segments}};
    std::cout << out.dump() << "\n";
  } catch (const Error& e) {
    std::cerr << "bench_analytics: " << e.name() << ": " << e.describe() << "\n";
    return 1;
  }
  return 0;
}
