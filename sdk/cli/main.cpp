// The promokit command line: the native face of the same core the wasm module runs.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "promokit/error.hpp"
#include "promokit/version.hpp"

namespace promokit::cli {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

std::string read_input(const std::string& name) {
  std::ostringstream ss;
  if (name == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(name, std::ios::binary);
    if (!in) throw Error(ErrorCode::PK_NOT_FOUND, "cannot read " + name);
    ss << in.rdbuf();
  }
  return ss.str();
}

}  // namespace promokit::cli

namespace {

int usage(std::ostream& out, int code) {
  auto cmds = promokit::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return std::string(a.name) < b.name; });
  out << "usage: promokit <command> [args]\n"
         "  version                         print the version\n";
  for (const auto& c : cmds) out << c.usage;
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(std::cerr, 2);
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "version" || cmd == "--version") {
    std::cout << promokit::version() << "\n";
    return 0;
  }
  if (cmd == "help" || cmd == "--help" || cmd == "-h") return usage(std::cout, 0);
  for (const auto& c : promokit::cli::commands()) {
    if (cmd != c.name) continue;
    try {
      return c.run(args);
    } catch (const promokit::Error& e) {
      std::cerr << "promokit: " << e.name() << ": " << e.describe() << "\n";
      return 2;
    }
  }
  std::cerr << "promokit: unknown command \"" << cmd << "\"\n";
  return usage(std::cerr, 2);
}
