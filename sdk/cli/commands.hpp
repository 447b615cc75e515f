#pragma once
// Subcommands register themselves (one cmd_<name>.cpp per module), so modules add commands
// without touching main.cpp.
#include <string>
#include <vector>

namespace promokit::cli {

struct Command {
  const char* name;
  const char* usage;  // one or more "  name args   what it does" lines
  int (*run)(const std::vector<std::string>& args);  // args after the command name; returns the exit code
};

std::vector<Command>& commands();

struct Register {
  explicit Register(Command c) { commands().push_back(c); }
};

// Reads a file, or standard input for "-"; throws promokit::Error(PK_NOT_FOUND) if it cannot.
std::string read_input(const std::string& name);

}  // namespace promokit::cli
