// promokit catalog-snapshot <catalog.json|-> --out <file>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "promokit/validate.hpp"

namespace {

int run(const std::vector<std::string>& argv) {
  std::string in, out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--out" && i + 1 < argv.size()) out = argv[++i];
    else if (in.empty()) in = argv[i];
    else in.clear(), out.clear(), i = argv.size();  // too many arguments: the usage below
  }
  if (in.empty() || out.empty()) {
    std::cerr << "usage: promokit catalog-snapshot <catalog.json|-> --out <file>\n";
    return 2;
  }
  // The same bytes pk.catalogSnapshot makes of the same text: an app can bundle them to start fast.
  const std::string bytes = promokit::catalog_snapshot(promokit::cli::read_input(in));
  std::ofstream f(out, std::ios::binary);
  if (!f.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !f.flush())
    throw promokit::Error(promokit::ErrorCode::PK_NOT_FOUND, "cannot write " + out);
  std::cout << bytes.size() << " bytes written to " << out << "\n";
  return 0;
}

promokit::cli::Register reg({"catalog-snapshot",
                             "  catalog-snapshot <file|-> --out F  the catalog's snapshot (docs/js-api.md, pk.catalogSnapshot): the same\n"
                             "                                  bytes, to bundle with an app; a bad catalog is its error\n",
                             run});

}  // namespace
