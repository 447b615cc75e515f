#pragma once
// Server configuration: command line over environment (PROMOKIT_<NAME>) over a JSON config file
// over defaults. `promokit-server --help` prints the table in options.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pkserver {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db = "promokit.db";
  std::string admin_token, app_key;  // empty: the stored one, else generated and printed once
  std::string signing_key;           // redemption tokens and tickets; empty: stored, else generated
  bool demo = false;
  std::string static_root;           // holds demo-web/ and dist/
  std::string synchronous = "full";  // "full" | "normal" (see storage.hpp)
  std::size_t threads = 256;         // HTTP worker threads (each open keep-alive connection holds one)
  std::size_t max_body = 1u << 20;         // bytes, every endpoint but imports
  std::size_t max_import_body = 64u << 20; // bytes, /v1/admin/import/*
  double rate_limit = 0;             // requests per second per client; 0: off
  double rate_burst = 0;             // bucket size; 0: twice the rate
  std::vector<std::string> cors_origins{"*"};
  std::int64_t idempotency_hours = 48;     // answers kept at least this long
  std::int64_t token_days = 30;            // redemption token lifetime (capped by the offer's end)
  std::string currency = "CNY";            // the catalog's currency (ISO 4217)
  std::string zone = "Asia/Shanghai";      // for per-day limits of offers without a zone
  bool access_log = true;
  bool help = false;
};

// Throws std::invalid_argument with a message naming the option on bad input.
ServerOptions parse_options(int argc, char** argv);
std::string options_help();

}  // namespace pkserver
