#include "options.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "channels.hpp"
#include "promokit/json.hpp"

namespace pkserver {
namespace {

std::int64_t to_int(const std::string& name, const std::string& v, std::int64_t lo, std::int64_t hi) {
  std::size_t used = 0;
  long long n = 0;
  try { n = std::stoll(v, &used); } catch (...) { used = 0; }
  if (used == 0 || used != v.size() || n < lo || n > hi)
    throw std::invalid_argument("--" + name + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got \"" + v + "\"");
  return n;
}

double to_double(const std::string& name, const std::string& v) {
  std::size_t used = 0;
  double d = -1;
  try { d = std::stod(v, &used); } catch (...) { used = 0; }
  if (used == 0 || used != v.size() || !(d >= 0))
    throw std::invalid_argument("--" + name + ": expected a number >= 0, got \"" + v + "\"");
  return d;
}

bool to_bool(const std::string& name, const std::string& v) {
  if (v == "1" || v == "true" || v == "on" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "off" || v == "no") return false;
  throw std::invalid_argument("--" + name + ": expected true or false, got \"" + v + "\"");
}

struct OptionSpec {
  const char* name;
  const char* value;  // placeholder; nullptr for a flag
  const char* help;
  std::function<void(ServerOptions&, const std::string&)> apply;
};

const std::vector<OptionSpec>& specs() {
  static const std::vector<OptionSpec> table = {
      {"port", "N", "TCP port (default 8080; 0 picks a free one, printed in the start-up log)",
       [](ServerOptions& o, const std::string& v) { o.port = static_cast<int>(to_int("port", v, 0, 65535)); }},
      {"host", "ADDR", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
       [](ServerOptions& o, const std::string& v) { o.host = v; }},
      {"db", "FILE", "SQLite database file (default promokit.db; created when missing)",
       [](ServerOptions& o, const std::string& v) { o.db = v; }},
      {"admin-token", "TOKEN", "bearer token of the admin API (default: the stored one, else generated and printed once)",
       [](ServerOptions& o, const std::string& v) { o.admin_token = v; }},
      {"app-key", "KEY", "the X-App-Key clients send (default: the stored one, else generated and printed once)",
       [](ServerOptions& o, const std::string& v) { o.app_key = v; }},
      {"signing-key", "KEY", "secret that signs redemption tokens and draw tickets (default: stored, else generated)",
       [](ServerOptions& o, const std::string& v) { o.signing_key = v; }},
      {"demo", nullptr, "seed the demo mall catalog and customers when the database has no catalog yet",
       [](ServerOptions& o, const std::string& v) { o.demo = to_bool("demo", v); }},
      {"static-root", "DIR", "directory holding build/demo-web/ and dist/ (default: the source checkout)",
       [](ServerOptions& o, const std::string& v) { o.static_root = v; }},
      {"synchronous", "MODE", "full (default: every commit fsynced) or normal (WAL: survives a killed process, not a power cut)",
       [](ServerOptions& o, const std::string& v) {
         if (v != "full" && v != "normal") throw std::invalid_argument("--synchronous: expected full or normal, got \"" + v + "\"");
         o.synchronous = v;
       }},
      {"threads", "N", "HTTP worker threads (default 256; each open keep-alive connection holds one)",
       [](ServerOptions& o, const std::string& v) { o.threads = static_cast<std::size_t>(to_int("threads", v, 1, 4096)); }},
      {"backlog", "N", "connections the kernel holds ready before the server accepts them (default 1024; capped by net.core.somaxconn)",
       [](ServerOptions& o, const std::string& v) { o.backlog = static_cast<int>(to_int("backlog", v, 1, 65535)); }},
      {"max-body", "BYTES", "largest request body (default 1048576)",
       [](ServerOptions& o, const std::string& v) { o.max_body = static_cast<std::size_t>(to_int("max-body", v, 1024, 1ll << 32)); }},
      {"max-import-body", "BYTES", "largest body of /v1/admin/import/* (default 67108864)",
       [](ServerOptions& o, const std::string& v) { o.max_import_body = static_cast<std::size_t>(to_int("max-import-body", v, 1024, 1ll << 34)); }},
      {"rate-limit", "RPS", "requests per second per client (app key + address); 0 = off (default)",
       [](ServerOptions& o, const std::string& v) { o.rate_limit = to_double("rate-limit", v); }},
      {"rate-burst", "N", "requests a client may send at once before the rate applies (default 2 x rate)",
       [](ServerOptions& o, const std::string& v) { o.rate_burst = to_double("rate-burst", v); }},
      {"cors-origins", "LIST", "comma-separated origins allowed by CORS, or * (default *)",
       [](ServerOptions& o, const std::string& v) {
         o.cors_origins.clear();
         std::stringstream ss(v);
         for (std::string item; std::getline(ss, item, ',');)
           if (!item.empty()) o.cors_origins.push_back(item);
       }},
      {"idempotency-hours", "H", "how long Idempotency-Key answers are kept (default 48, at least 24)",
       [](ServerOptions& o, const std::string& v) { o.idempotency_hours = to_int("idempotency-hours", v, 24, 24 * 365); }},
      {"token-days", "D", "lifetime of a redemption token (default 30; never past the offer's end)",
       [](ServerOptions& o, const std::string& v) { o.token_days = to_int("token-days", v, 1, 3650); }},
      {"currency", "CODE", "ISO 4217 currency of the catalog's money amounts (default CNY)",
       [](ServerOptions& o, const std::string& v) {
         if (v.size() != 3 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
           throw std::invalid_argument("--currency: expected a three-letter ISO 4217 code such as CNY, got \"" + v + "\"");
         o.currency = v;
       }},
      {"zone", "ZONE", "time zone of per-day limits for offers without one (default Asia/Shanghai)",
       [](ServerOptions& o, const std::string& v) { o.zone = v; }},
      {"access-log", "BOOL", "one JSON log line per request (default true)",
       [](ServerOptions& o, const std::string& v) { o.access_log = to_bool("access-log", v); }},
      {"notify-interval", "S", "seconds between runs of the notification outbox (default 60; 0: only POST /v1/admin/notifications/run)",
       [](ServerOptions& o, const std::string& v) { o.notify_interval = to_int("notify-interval", v, 0, 86400); }},
      {"notify-attempts", "N", "delivery attempts of a WeChat or email message before it is marked failed (default 5)",
       [](ServerOptions& o, const std::string& v) { o.notify_attempts = to_int("notify-attempts", v, 1, 100); }},
      {"notify-retry-seconds", "S", "delay before the first retry of a failed delivery; doubles per attempt, at most 6 h (default 60)",
       [](ServerOptions& o, const std::string& v) { o.notify_retry_seconds = to_int("notify-retry-seconds", v, 1, 21600); }},
      {"wechat-per-minute", "N", "WeChat subscribe messages sent per minute at most (default 600)",
       [](ServerOptions& o, const std::string& v) { o.wechat_per_minute = to_int("wechat-per-minute", v, 1, 1000000); }},
      {"email-per-minute", "N", "emails sent per minute at most (default 60)",
       [](ServerOptions& o, const std::string& v) { o.email_per_minute = to_int("email-per-minute", v, 1, 1000000); }},
      {"wechat-api", "URL", "base URL of the WeChat API (default https://api.weixin.qq.com)",
       [](ServerOptions& o, const std::string& v) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
           throw std::invalid_argument("--wechat-api: expected an http:// or https:// URL, got \"" + v + "\"");
         o.wechat_api = v;
       }},
      {"wechat-app-id", "ID", "the mini program's AppID (WeChat messages need it, its secret and --wechat-templates)",
       [](ServerOptions& o, const std::string& v) { o.wechat_app_id = v; }},
      {"wechat-app-secret", "SECRET", "the mini program's AppSecret (never logged)",
       [](ServerOptions& o, const std::string& v) { o.wechat_app_secret = v; }},
      {"wechat-templates", "JSON", "template id -> { templateId, page, data: { thing1: \"{text}\" } } (see docs/server-api.md)",
       [](ServerOptions& o, const std::string& v) {
         read_wechat_templates(v);  // refuses a bad mapping at start-up, with its path
         o.wechat_templates = v;
       }},
      {"wechat-state", "STATE", "miniprogram_state of WeChat messages: formal (default), trial or developer",
       [](ServerOptions& o, const std::string& v) {
         if (v != "formal" && v != "trial" && v != "developer")
           throw std::invalid_argument("--wechat-state: expected formal, trial or developer, got \"" + v + "\"");
         o.wechat_state = v;
       }},
      {"smtp-url", "URL", "SMTP server for email: smtp://host:587 (STARTTLS when offered) or smtps://host:465",
       [](ServerOptions& o, const std::string& v) {
         if (v.rfind("smtp://", 0) != 0 && v.rfind("smtps://", 0) != 0)
           throw std::invalid_argument("--smtp-url: expected smtp://host:port or smtps://host:port, got \"" + v + "\"");
         o.smtp_url = v;
       }},
      {"smtp-from", "MAILBOX", "sender of emails, e.g. \"Mall <promos@mall.example>\"",
       [](ServerOptions& o, const std::string& v) { o.smtp_from = v; }},
      {"smtp-user", "USER", "SMTP login (optional)",
       [](ServerOptions& o, const std::string& v) { o.smtp_user = v; }},
      {"smtp-password", "PASSWORD", "SMTP password (never logged)",
       [](ServerOptions& o, const std::string& v) { o.smtp_password = v; }},
      {"config", "FILE", "JSON file of options ({\"port\": 8080, \"rate-limit\": 50, ...}); lower precedence than env and flags",
       [](ServerOptions&, const std::string&) {}},
      {"help", nullptr, "print this help",
       [](ServerOptions& o, const std::string& v) { o.help = to_bool("help", v); }},
  };
  return table;
}

const OptionSpec& find(const std::string& name) {
  for (const auto& s : specs())
    if (name == s.name) return s;
  throw std::invalid_argument("unknown option --" + name + " (see --help)");
}

std::string env_name(const std::string& option) {
  std::string e = "PROMOKIT_";
  for (char c : option) e += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

std::string config_value(const std::string& name, const promokit::Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  if (v.is_object()) return v.dump();  // structured options (wechat-templates) as JSON text
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) {
      if (!item.is_string()) throw std::invalid_argument("config " + name + ": expected a list of strings");
      out += (out.empty() ? "" : ",") + item.get<std::string>();
    }
    return out;
  }
  throw std::invalid_argument("config " + name + ": unsupported value " + v.dump());
}

}  // namespace

std::string options_help() {
  std::ostringstream out;
  out << "promokit-server — the thin sync server of promokit\n\n"
         "usage: promokit-server [--port 8080] [--db promokit.db] [--admin-token TOKEN] [--app-key KEY] [--demo] [options]\n\n";
  for (const auto& s : specs()) {
    std::string left = std::string("--") + s.name + (s.value ? std::string(" ") + s.value : "");
    out << "  " << left << std::string(left.size() < 26 ? 26 - left.size() : 1, ' ') << s.help << "\n";
  }
  out << "\nEvery option can also be set in the environment as PROMOKIT_<NAME> (PROMOKIT_ADMIN_TOKEN, PROMOKIT_PORT, ...).\n"
         "Precedence: flags, then environment, then the --config file, then defaults.\n";
  return out.str();
}

ServerOptions parse_options(int argc, char** argv) {
  // Collect flags first: --config names the file that sits under env and flags.
  std::vector<std::pair<std::string, std::string>> flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument \"" + arg + "\" (see --help)");
    std::string name = arg.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      find(name);
    } else if (find(name).value) {
      if (i + 1 >= argc) throw std::invalid_argument("--" + name + " needs a value");
      value = argv[++i];
    } else {
      value = "true";
    }
    flags.emplace_back(name, value);
  }

  std::string config_file;
  if (const char* e = std::getenv("PROMOKIT_CONFIG")) config_file = e;
  for (const auto& [name, value] : flags)
    if (name == "config") config_file = value;

  ServerOptions o;
  if (!config_file.empty()) {
    std::ifstream in(config_file, std::ios::binary);
    if (!in) throw std::invalid_argument("--config: cannot read " + config_file);
    std::stringstream text;
    text << in.rdbuf();
    promokit::Json doc;
    try {
      doc = promokit::parse_json(text.str());
    } catch (const promokit::Error& e) {
      throw std::invalid_argument("--config " + config_file + ": " + e.describe());
    }
    if (!doc.is_object()) throw std::invalid_argument("--config " + config_file + ": expected a JSON object");
    for (const auto& [name, value] : doc.items()) {
      if (name == "config") throw std::invalid_argument("--config: a config file cannot name another");
      find(name).apply(o, config_value(name, value));
    }
  }
  for (const auto& s : specs()) {
    if (std::string(s.name) == "config") continue;
    if (const char* e = std::getenv(env_name(s.name).c_str()); e && *e) s.apply(o, e);
  }
  for (const auto& [name, value] : flags) find(name).apply(o, value);
  return o;
}

}  // namespace pkserver
