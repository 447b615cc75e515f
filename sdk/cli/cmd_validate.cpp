// promokit validate <kind> <file.json|-> [--all]
#include <iostream>

#include "commands.hpp"
#include "promokit/validate.hpp"

namespace {

int run(const std::vector<std::string>& argv) {
  promokit::ValidateOptions options;
  std::vector<std::string> args;
  auto& lim = options.limits;
  const std::pair<const char*, std::size_t*> limit_flags[] = {
      {"--max-bytes", &lim.max_bytes}, {"--max-depth", &lim.max_depth},
      {"--max-string", &lim.max_string}, {"--max-entries", &lim.max_entries}};
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    bool limit = false;
    for (const auto& [flag, field] : limit_flags) {
      if (a != flag) continue;
      if (i + 1 >= argv.size() || argv[i + 1].find_first_not_of("0123456789") != std::string::npos || argv[i + 1].empty())
        throw promokit::Error(promokit::ErrorCode::PK_INVALID_ARGUMENT, std::string(flag) + " needs a whole number");
      *field = std::stoull(argv[++i]);
      limit = true;
    }
    if (limit) continue;
    if (a == "--all") options.all = true;
    else args.push_back(a);
  }
  if (args.size() != 2) {
    std::cerr << "usage: promokit validate <kind> <file.json|-> [--all] [--max-bytes N] [--max-depth N] [--max-string N] [--max-entries N]\n";
    return 2;
  }
  auto kind = promokit::doc_kind_from_string(args[0]);
  auto report = promokit::validate_text(kind, promokit::cli::read_input(args[1]), options);
  std::cout << report.to_json().dump(2) << "\n";
  return report.ok ? 0 : 1;
}

promokit::cli::Register reg({"validate",
                             "  validate <kind> <file|-> [--all]  validate a document (catalog, offer, prizePool, profile,\n"
                             "                                  event, cart); prints { ok, errors: [{ code, path, message }] };\n"
                             "                                  limits: --max-bytes --max-depth --max-string --max-entries\n",
                             run});

}  // namespace
