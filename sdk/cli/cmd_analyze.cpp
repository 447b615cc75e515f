// promokit analyze <file.csv|-> [--now T] [--options F.json] [--format json|csv|html] [--out F]
// The file is streamed in 1 MB chunks, so memory stays at the per-customer aggregates.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "promokit/analytics.hpp"

namespace {

using promokit::Error;
using promokit::ErrorCode;
using promokit::Json;

int usage() {
  std::cerr << "usage: promokit analyze <file.csv|-> [--now T] [--options F.json] [--format json|csv|html] [--out F]\n";
  return 2;
}

int run(const std::vector<std::string>& argv) {
  std::string input, format = "json", out_path, now, options_path;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argv.size()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, a + " needs a value");
      return argv[++i];
    };
    if (a == "--now") now = value();
    else if (a == "--format") format = value();
    else if (a == "--out") out_path = value();
    else if (a == "--options") options_path = value();
    else if (input.empty() && (a == "-" || a[0] != '-')) input = a;
    else return usage();
  }
  if (input.empty() || (format != "json" && format != "csv" && format != "html")) return usage();

  Json options = Json::object();
  if (!options_path.empty()) options = promokit::parse_json(promokit::cli::read_input(options_path));
  if (!now.empty()) {
    // digits only: Unix milliseconds; anything else: a timestamp string
    bool digits = now.find_first_not_of("0123456789") == std::string::npos;
    options["now"] = digits ? Json(std::stoll(now)) : Json(now);
  }
  promokit::analytics::Analyzer analyzer(promokit::analytics::Options::from_json(options));
  std::ifstream file;
  std::istream* in = &std::cin;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) throw Error(ErrorCode::PK_NOT_FOUND, "cannot read " + input);
    in = &file;
  }
  std::string chunk(1u << 20, '\0');
  while (*in) {
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    analyzer.feed(std::string_view(chunk.data(), static_cast<std::size_t>(in->gcount())));
  }
  Json report = analyzer.finish();
  std::string text = format == "csv"    ? promokit::analytics::report_to_csv(report)
                     : format == "html" ? promokit::analytics::report_to_html(report)
                                        : report.dump(2) + "\n";
  if (out_path.empty()) {
    std::cout << text;
  } else {
    std::ofstream out(out_path, std::ios::binary);
    if (!(out << text)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "cannot write " + out_path);
  }
  return 0;
}

promokit::cli::Register reg({"analyze",
                             "  analyze <file.csv|-> [--now T] [--options F.json] [--format json|csv|html] [--out F]\n"
                             "                                  customer segments, scores, data quality and a campaign\n"
                             "                                  plan from a message/purchase history (docs/analytics.md)\n",
                             run});

}  // namespace
