// promokit codes generate|verify, promokit tokens keygen|verify-key|sign|verify, promokit tickets issue
#include <fstream>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "promokit/codes.hpp"
#include "promokit/tokens.hpp"

namespace {

using promokit::Error;
using promokit::ErrorCode;

// "--name value" options and positional arguments; --key-file reads the key from a file.
struct Args {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;

  Args(const std::vector<std::string>& argv, std::size_t from) {
    for (std::size_t i = from; i < argv.size(); ++i) {
      if (argv[i].rfind("--", 0) == 0) {
        if (i + 1 >= argv.size()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, argv[i] + " needs a value");
        options[argv[i].substr(2)] = argv[i + 1];
        ++i;
      } else {
        positional.push_back(argv[i]);
      }
    }
    if (options.count("key-file")) {
      std::string k = promokit::cli::read_input(options["key-file"]);
      while (!k.empty() && (k.back() == '\n' || k.back() == '\r' || k.back() == ' ')) k.pop_back();
      options["key"] = k;
    }
  }
  std::string get(const std::string& name, const std::string& fallback) const {
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
  std::string required(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "--" + name + " is required");
    return it->second;
  }
  std::uint64_t number(const std::string& name, std::uint64_t fallback) const {
    auto it = options.find(name);
    if (it == options.end()) return fallback;
    try {
      std::size_t used = 0;
      auto v = std::stoull(it->second, &used);
      if (used == it->second.size()) return v;
    } catch (const std::exception&) {
    }
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "--" + name + " must be a non-negative integer");
  }
  promokit::codes::Format format() const {
    return {get("pattern", std::string(promokit::codes::kDefaultPattern)),
            get("charset", std::string(promokit::codes::kDefaultCharset)), required("key")};
  }
};

int usage_error(const char* text) {
  std::cerr << text;
  return 2;
}

int run_codes(const std::vector<std::string>& argv) {
  const char* usage =
      "usage: promokit codes generate --key K|--key-file F [--pattern P] [--charset C] [--count N] [--start S]\n"
      "       promokit codes verify --key K|--key-file F [--pattern P] [--charset C] [--issued N] CODE...\n";
  if (argv.empty()) return usage_error(usage);
  Args args(argv, 1);
  promokit::codes::CodeScheme scheme(args.format());
  if (argv[0] == "generate") {
    std::cout << scheme.generate_joined(args.number("start", 0), args.number("count", 1), '\n') << "\n";
    return 0;
  }
  if (argv[0] == "verify" && !args.positional.empty()) {
    const std::uint64_t issued = args.number("issued", scheme.space());
    bool all = true;
    for (const auto& code : args.positional) {
      auto index = scheme.index_of(code);
      bool ok = index && *index < issued;
      all = all && ok;
      std::cout << code << (ok ? "\tvalid\t#" + std::to_string(*index) : "\tinvalid") << "\n";
    }
    return all ? 0 : 1;
  }
  return usage_error(usage);
}

std::string random_seed() {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string seed(32, '\0');
  if (!in.read(seed.data(), 32)) throw Error(ErrorCode::PK_UNSUPPORTED, "cannot read /dev/urandom");
  return seed;
}

int run_tokens(const std::vector<std::string>& argv) {
  const char* usage =
      "usage: promokit tokens keygen                 print a new signing key (keep it on the server)\n"
      "       promokit tokens verify-key --key SK    print the verification key for tills and clients\n"
      "       promokit tokens sign --key SK <payload.json|->\n"
      "       promokit tokens verify --key VK --now MS TOKEN\n";
  if (argv.empty()) return usage_error(usage);
  Args args(argv, 1);
  if (argv[0] == "keygen") {
    std::cout << promokit::tokens::signing_key_from_seed(random_seed()) << "\n";
    return 0;
  }
  if (argv[0] == "verify-key") {
    std::cout << promokit::tokens::verify_key_for(args.required("key")) << "\n";
    return 0;
  }
  if (argv[0] == "sign" && args.positional.size() == 1) {
    auto payload = promokit::tokens::payload_from_json(promokit::parse_json(promokit::cli::read_input(args.positional[0])));
    std::cout << promokit::tokens::sign(payload, args.required("key")) << "\n";
    return 0;
  }
  if (argv[0] == "verify" && args.positional.size() == 1) {
    auto now = static_cast<promokit::Millis>(args.number("now", 0));
    if (!args.options.count("now")) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "--now is required (Unix milliseconds)");
    std::cout << promokit::tokens::to_json(promokit::tokens::verify(args.positional[0], args.required("key"), now)).dump(2)
              << "\n";
    return 0;
  }
  return usage_error(usage);
}

int run_tickets(const std::vector<std::string>& argv) {
  const char* usage = "usage: promokit tickets issue --key SK <request.json|->   (poolId, poolVersion, customerId, count, start, expiry)\n";
  if (argv.empty() || argv[0] != "issue") return usage_error(usage);
  Args args(argv, 1);
  if (args.positional.size() != 1) return usage_error(usage);
  auto request = promokit::tickets::issue_request_from_json(promokit::parse_json(promokit::cli::read_input(args.positional[0])));
  promokit::Json out = promokit::Json::array();
  for (const auto& t : promokit::tickets::issue(request, args.required("key"))) out.push_back(promokit::tickets::to_json(t));
  std::cout << out.dump(2) << "\n";
  return 0;
}

promokit::cli::Register codes_cmd({"codes",
                                   "  codes generate|verify --key K ...   unique voucher codes with a check symbol; verify\n"
                                   "                                  without lookup (exit 1 if any code is invalid)\n",
                                   run_codes});
promokit::cli::Register tokens_cmd({"tokens",
                                    "  tokens keygen|verify-key|sign|verify  Ed25519-signed QR redemption tokens\n",
                                    run_tokens});
promokit::cli::Register tickets_cmd({"tickets", "  tickets issue --key SK <req|->    signed draw tickets (server side)\n",
                                     run_tickets});

}  // namespace
