// promokit gen-demo --seed N --out file.csv [--customers N] [--truth truth.json]
// The seeded demo history (docs/analytics.md, "Demo data") and its ground truth.
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "promokit/analytics.hpp"

namespace {

using promokit::Error;
using promokit::ErrorCode;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!(out << text)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "cannot write " + path);
}

int run(const std::vector<std::string>& argv) {
  promokit::analytics::DemoOptions options;
  std::string out, truth;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (i + 1 >= argv.size()) {
      std::cerr << "usage: promokit gen-demo --seed N --out file.csv [--customers N] [--truth truth.json]\n";
      return 2;
    }
    const std::string& v = argv[++i];
    if (a == "--seed") options.seed = std::stoull(v);
    else if (a == "--customers") options.customers = std::stoull(v);
    else if (a == "--out") out = v;
    else if (a == "--truth") truth = v;
    else throw Error(ErrorCode::PK_INVALID_ARGUMENT, "unknown option " + a);
  }
  auto demo = promokit::analytics::generate_demo(options);
  if (out.empty() || out == "-") std::cout << demo.csv;
  else write_file(out, demo.csv);
  if (!truth.empty()) write_file(truth, demo.truth.dump(2) + "\n");
  std::cerr << "promokit: " << demo.truth["rows"] << " rows, " << demo.truth["customers"]
            << " customers; analyze with --options '{\"utcOffset\":\"+03:00\"}' (times are East Africa Time)\n";
  return 0;
}

promokit::cli::Register reg({"gen-demo",
                             "  gen-demo --seed N --out F.csv [--customers N] [--truth F.json]\n"
                             "                                  the seeded demo shop history with its ground truth\n",
                             run});

}  // namespace
