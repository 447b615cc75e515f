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
  int backlog = 1024;                // connections the kernel completes before the server accepts them
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
  // Notifications (server/src/notifications.hpp): the outbox is filled and drained every
  // notify_interval seconds (0: only by POST /v1/admin/notifications/run).
  std::int64_t notify_interval = 60;
  std::int64_t notify_attempts = 5;         // delivery attempts of a push before it is failed
  std::int64_t notify_retry_seconds = 60;   // first retry delay; doubles per attempt (capped at 6 h)
  std::int64_t wechat_per_minute = 600, email_per_minute = 60;  // per-channel send rates
  std::string wechat_api = "https://api.weixin.qq.com";
  std::string wechat_app_id, wechat_app_secret;
  std::string wechat_templates;             // JSON: promokit template id -> WeChat template (channels.hpp)
  std::string wechat_state = "formal";      // miniprogram_state of the messages' page links
  std::string smtp_url, smtp_from, smtp_user, smtp_password;
  bool help = false;
};

// Throws std::invalid_argument with a message naming the option on bad input.
ServerOptions parse_options(int argc, char** argv);
std::string options_help();

}  // namespace pkserver
