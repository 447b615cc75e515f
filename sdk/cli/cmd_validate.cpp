// promokit validate <kind> <file.json|-> [--all]
#include <iostream>

#include "commands.hpp"
#include "promokit/validate.hpp"

namespace {

int run(const std::vector<std::string>& argv) {
  promokit::ValidateOptions options;
  std::vector<std::string> args;
  for (const auto& a : argv) {
    if (a == "--all") options.all = true;
    else args.push_back(a);
  }
  if (args.size() != 2) {
    std::cerr << "usage: promokit validate <kind> <file.json|-> [--all]\n";
    return 2;
  }
  auto kind = promokit::doc_kind_from_string(args[0]);
  auto report = promokit::validate_text(kind, promokit::cli::read_input(args[1]), options);
  std::cout << report.to_json().dump(2) << "\n";
  return report.ok ? 0 : 1;
}

promokit::cli::Register reg({"validate",
                             "  validate <kind> <file|-> [--all]  validate a document (catalog, offer, prizePool, profile,\n"
                             "                                  event, cart); prints { ok, errors: [{ code, path, message }] }\n",
                             run});

}  // namespace
