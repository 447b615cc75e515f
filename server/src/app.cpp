#include "app.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>

#include <sys/socket.h>

#include "log.hpp"
#include "notifications.hpp"
#include "promokit/crypto.hpp"

namespace pkserver {
namespace {

// What the access log and metrics need about the request a worker thread is answering:
// httplib runs the pre-routing handler, the route and the logger on the same thread.
struct RequestState {
  std::chrono::steady_clock::time_point start;
  std::string route;
};
thread_local RequestState tl_request;

enum class Access { Public, Client, Admin };

Access access_for(const std::string& path) {
  if (path.rfind("/v1/admin/", 0) == 0) return Access::Admin;
  if (path.rfind("/v1/", 0) == 0) return Access::Client;
  return Access::Public;
}

bool has_body(const httplib::Request& req) {
  return req.get_header_value<std::uint64_t>("Content-Length") > 0 || req.has_header("Transfer-Encoding");
}

void write_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(e.to_json().dump(), "application/json");
}

std::string to_regex(const std::string& pattern) {  // "/v1/profiles/{id}" -> "/v1/profiles/([^/]+)"
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      out += "([^/]+)";
    } else if (std::string_view(".+*?()[]|^$\\").find(pattern[i]) != std::string_view::npos) {
      out += '\\';
      out += pattern[i];
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

std::string bearer_of(const httplib::Request& req) {
  std::string h = req.get_header_value("Authorization");
  if (h.size() > 7 && (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0)) return h.substr(7);
  return {};
}

std::string sha256_hex(std::string_view data) {
  return promokit::crypto::hex_encode(promokit::crypto::as_bytes(promokit::crypto::sha256(data)));
}

Json parse_body(const httplib::Request& req) {
  if (req.body.empty()) fail(400, ErrorCode::PK_JSON_SYNTAX, "the request needs a JSON body");
  try {
    return promokit::parse_json(req.body);
  } catch (const promokit::Error& e) {
    throw from_core(e);
  }
}

Answer json_answer(int status, const Json& body) { return Answer{status, body.dump()}; }

App::App(ServerOptions options, std::unique_ptr<Storage> storage, Keys keys)
    : options_(std::move(options)), storage_(std::move(storage)), keys_(std::move(keys)),
      limiter_(options_.rate_limit, options_.rate_burst) {
  reload_catalog();
  install_plumbing();
  mount_static();
  register_client_routes(*this);
  register_admin_routes(*this);
  register_game_routes(*this);
  notifications_ = std::make_unique<Notifications>(*this);
  register_notification_routes(*this);
}

App::~App() = default;

std::shared_ptr<const CatalogSnapshot> App::catalog() const {
  std::lock_guard<std::mutex> lock(catalog_mutex_);
  return catalog_;
}

void App::set_catalog(std::shared_ptr<const CatalogSnapshot> next) {
  metrics_.set_gauge("catalog_version", static_cast<double>(next->version));
  std::lock_guard<std::mutex> lock(catalog_mutex_);
  catalog_ = std::move(next);
}

void App::reload_catalog() {
  std::int64_t version = 0;
  std::vector<StoredDocument> docs;
  storage_->read([&](ReadTx& tx) {
    version = tx.catalog_version();
    docs = tx.documents(0);
  });
  set_catalog(load_catalog(version, std::move(docs), options_.currency));
}

namespace {
IdempotencyKey idempotency_key(const httplib::Request& req) {
  std::string key = req.get_header_value("Idempotency-Key");
  bool printable = !key.empty() && key.size() <= 255 &&
                   std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
  if (!printable)
    fail(400, ErrorCode::PK_IDEMPOTENCY_KEY_INVALID, "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
  return IdempotencyKey{req.method + " " + req.path, key, sha256_hex(req.body)};
}

// A refusal for a passing reason (overload, a failed server) is not the request's answer.
bool storable(const Answer& a) { return a.status < 500 && a.status != 429; }
}  // namespace

void App::route(const char* method, const std::string& pattern, Handler handler) {
  std::string regex = to_regex(pattern);
  patterns_.emplace_back(std::regex(regex), method);
  auto wrapped = [this, handler = std::move(handler), pattern](const httplib::Request& req, httplib::Response& res) {
    tl_request.route = pattern;
    Call call{req, res, pattern, std::nullopt, false};
    Answer a;
    try {
      std::size_t limit = pattern.rfind("/v1/admin/import/", 0) == 0 ? options_.max_import_body : options_.max_body;
      if (req.body.size() > limit)
        fail(413, ErrorCode::PK_PAYLOAD_TOO_LARGE, "the body has " + std::to_string(req.body.size()) + " bytes; this endpoint takes at most " + std::to_string(limit));
      std::optional<Answer> prior;
      if (req.method != "GET" && req.has_header("Idempotency-Key")) {
        call.idempotency = idempotency_key(req);
        storage_->read([&](ReadTx& tx) { prior = replay(call, tx); });
      }
      a = prior ? *prior : handler(call);
    } catch (const ApiError& e) {
      a = e.answer();
    } catch (const promokit::Error& e) {
      a = from_core(e).answer();
    } catch (const std::exception& e) {
      log_error("request failed", {{"route", pattern}, {"method", req.method}, {"error", e.what()}});
      a = ApiError{500, ErrorCode::PK_INTERNAL, "internal error; the server log has the details", {}, {}}.answer();
    }
    // A refusal before the write (validation, eligibility) is the key's answer too.
    if (call.idempotency && !call.settled && storable(a)) {
      try {
        a = remember(call, a);
      } catch (const ApiError& e) {
        a = e.answer();
      } catch (const std::exception& e) {
        log_error("cannot store an idempotent answer", {{"route", pattern}, {"error", e.what()}});
      }
    }
    res.status = a.status;
    if (a.status != 304) res.set_content(a.body, a.content_type.c_str());
  };
  std::string m = method;
  if (m == "GET") http_.Get(regex, wrapped);
  else if (m == "POST") http_.Post(regex, wrapped);
  else if (m == "PUT") http_.Put(regex, wrapped);
  else if (m == "PATCH") http_.Patch(regex, wrapped);
  else if (m == "DELETE") http_.Delete(regex, wrapped);
  else throw std::logic_error("route: unsupported method " + m);
}


std::optional<Answer> App::replay(Call& call, ReadTx& tx) {
  const IdempotencyKey& k = *call.idempotency;
  auto prior = tx.answer(k.scope, k.key);
  if (!prior) return std::nullopt;
  call.settled = true;
  if (prior->request_hash != k.request_hash)
    fail(409, ErrorCode::PK_IDEMPOTENCY_KEY_REUSED,
         "this Idempotency-Key was used on " + k.scope + " with a different request body; use a new key for a new request");
  call.res.set_header("Idempotent-Replayed", "true");
  return prior->answer;
}

Answer App::remember(Call& call, const Answer& answer) {
  Answer out = answer;
  storage_->write([&](WriteTx& tx) {
    if (auto prior = replay(call, tx)) {
      out = *prior;
      return;
    }
    tx.save_answer(call.idempotency->scope, call.idempotency->key, StoredAnswer{call.idempotency->request_hash, answer}, now_ms());
  });
  call.settled = true;
  return out;
}

Answer App::idempotent_write(Call& call, const std::function<Answer(WriteTx&)>& body) {
  Answer out;
  if (!call.idempotency) {
    storage_->write([&](WriteTx& tx) { out = body(tx); });
    return out;
  }
  storage_->write([&](WriteTx& tx) {
    // Checked again inside the transaction: a concurrent request with the key may have won.
    if (auto prior = replay(call, tx)) {
      out = *prior;
      return;
    }
    try {
      tx.nested([&] { out = body(tx); });
    } catch (const ApiError& e) {
      out = e.answer();
    } catch (const promokit::Error& e) {
      out = from_core(e).answer();
    }
    if (storable(out)) {
      const IdempotencyKey& k = *call.idempotency;
      tx.save_answer(k.scope, k.key, StoredAnswer{k.request_hash, out}, now_ms());
    }
    call.settled = true;
  });
  return out;
}

httplib::Server::HandlerResponse App::before_route(const httplib::Request& req, httplib::Response& res) {
  tl_request.start = std::chrono::steady_clock::now();
  tl_request.route.clear();
  using HR = httplib::Server::HandlerResponse;

  std::string origin = req.get_header_value("Origin");
  if (!origin.empty()) {
    bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") != options_.cors_origins.end();
    bool listed = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), origin) != options_.cors_origins.end();
    if (any || listed) {
      res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Expose-Headers", "ETag, Idempotent-Replayed, Retry-After");
      if (req.method == "OPTIONS") {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization, X-App-Key, Idempotency-Key, If-None-Match");
        res.set_header("Access-Control-Max-Age", "600");
      }
    }
  }
  if (req.method == "OPTIONS") {
    tl_request.route = "OPTIONS";
    res.status = 204;
    return HR::Handled;
  }

  auto reject = [&](const ApiError& e) {
    write_error(res, e);
    // The body was not read: the connection cannot carry another request after it.
    if (has_body(req)) res.set_header("Connection", "close");
    return HR::Handled;
  };

  Access access = access_for(req.path);
  if (access == Access::Public) return HR::Unhandled;

  // Admin calls carry the bearer token; client calls the app key (or the admin token).
  std::string bearer = bearer_of(req);
  std::string app_key = req.get_header_value("X-App-Key");
  bool admin_ok = !bearer.empty() && promokit::crypto::equal_constant_time(sha256_hex(bearer), keys_.admin_token_digest);
  bool client_ok = admin_ok || (!app_key.empty() && promokit::crypto::equal_constant_time(sha256_hex(app_key), keys_.app_key_digest));
  if (access == Access::Admin && !admin_ok) {
    if (bearer.empty())
      return reject({401, ErrorCode::PK_AUTH_REQUIRED, "admin calls need the header Authorization: Bearer <admin token>", {}, {}});
    return reject({403, ErrorCode::PK_AUTH_INVALID, "the bearer token is not this server's admin token", {}, {}});
  }
  if (access == Access::Client && !client_ok) {
    if (bearer.empty() && app_key.empty())
      return reject({401, ErrorCode::PK_AUTH_REQUIRED, "client calls need the header X-App-Key: <app key>", {}, {}});
    return reject({403, ErrorCode::PK_AUTH_INVALID, "the X-App-Key (or bearer token) is not valid for this server", {}, {}});
  }

  if (limiter_.enabled()) {
    // The client: which credential it used (a digest prefix, never the secret) and its address.
    std::string client = sha256_hex(bearer.empty() ? app_key : bearer).substr(0, 16) + "@" + req.remote_addr;
    if (double wait = limiter_.take(client, now_ms()); wait > 0) {
      res.set_header("Retry-After", std::to_string(static_cast<long long>(std::ceil(wait))));
      return reject({429, ErrorCode::PK_RATE_LIMITED,
                     "more than " + std::to_string(options_.rate_limit) + " requests per second from this client", {}, {}});
    }
  }

  std::size_t limit = req.path.rfind("/v1/admin/import/", 0) == 0 ? options_.max_import_body : options_.max_body;
  std::uint64_t length = req.get_header_value<std::uint64_t>("Content-Length");
  if (length > limit)
    return reject({413, ErrorCode::PK_PAYLOAD_TOO_LARGE,
                   "the body has " + std::to_string(length) + " bytes; this endpoint takes at most " + std::to_string(limit), {}, {}});
  return HR::Unhandled;
}

void App::after_response(const httplib::Request& req, const httplib::Response& res) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - tl_request.start).count();
  const std::string& route = tl_request.route.empty() ? (access_for(req.path) == Access::Public ? "static" : "unmatched") : tl_request.route;
  metrics_.observe(route, req.method, res.status, seconds);
  if (options_.access_log)
    log_info("request", {{"method", req.method}, {"path", req.path}, {"route", route}, {"status", res.status},
                         {"ms", std::round(seconds * 1e5) / 100}, {"remote", req.remote_addr}});
}

void App::install_plumbing() {
  http_.new_task_queue = [n = options_.threads] { return new httplib::ThreadPool(n); };
  http_.set_payload_max_length(std::max(options_.max_body, options_.max_import_body));
  http_.set_keep_alive_max_count(100000);
  http_.set_keep_alive_timeout(5);
  http_.set_tcp_nodelay(true);
  // httplib 0.11 listens with a backlog of 5: a burst of new connections overflowed it, and the
  // kernel dropped SYNs (a client waited seconds, or was reset). Keep the fd to listen again wider.
  http_.set_socket_options([this](socket_t fd) {
    httplib::default_socket_options(fd);
    listen_fd_ = fd;
  });
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return before_route(req, res); });
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) { after_response(req, res); });
  http_.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    ApiError e{res.status, ErrorCode::PK_INVALID_ARGUMENT, "the request is not a valid HTTP request", {}, {}};
    if (res.status == 404) {
      bool other_method = std::any_of(patterns_.begin(), patterns_.end(), [&](const auto& p) { return std::regex_match(req.path, p.first); });
      e = other_method ? ApiError{405, ErrorCode::PK_METHOD_NOT_ALLOWED, req.method + " is not defined on " + req.path, {}, {}}
                       : ApiError{404, ErrorCode::PK_NOT_FOUND, "nothing at " + req.path, {}, {}};
    } else if (res.status == 413) {
      e = ApiError{413, ErrorCode::PK_PAYLOAD_TOO_LARGE, "the request body is too large", {}, {}};
    } else if (res.status >= 500) {
      e = ApiError{res.status, ErrorCode::PK_INTERNAL, "internal error; the server log has the details", {}, {}};
    }
    write_error(res, e);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    log_error("unhandled exception", {{"method", req.method}, {"path", req.path}});
    write_error(res, {500, ErrorCode::PK_INTERNAL, "internal error; the server log has the details", {}, {}});
  });

  http_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    tl_request.route = "/healthz";
    bool ok = true;
    try {
      storage_->read([](ReadTx& tx) { tx.catalog_version(); });
    } catch (const std::exception& e) {
      ok = false;
      log_error("health check failed", {{"error", e.what()}});
    }
    res.status = ok ? 200 : 503;
    res.set_content(Json{{"status", ok ? "ok" : "storage unavailable"}, {"catalogVersion", catalog()->version}}.dump(), "application/json");
  });
  http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    tl_request.route = "/metrics";
    res.set_content(metrics_.render(), "text/plain; version=0.0.4");
  });
}

void App::mount_static() {
  namespace fs = std::filesystem;
  fs::path root = options_.static_root;
  http_.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  http_.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  httplib::Headers no_cache = {{"Cache-Control", "no-cache"}};
  struct Mount { const char* at; fs::path dir; };
  // The demo pages are built by scripts/build-demo.mjs (Vite) into build/demo-web.
  fs::path pages = root / "build" / "demo-web";
  for (const Mount& m : {Mount{"/checkout", pages / "checkout"}, Mount{"/admin", pages / "admin"},
                         Mount{"/assets", pages / "assets"}, Mount{"/dist", root / "dist"}}) {
    if (!fs::is_directory(m.dir)) {
      log_warn("static directory missing", {{"mount", m.at}, {"dir", m.dir.string()}});
      continue;
    }
    http_.set_mount_point(m.at, m.dir.string(), no_cache);
    std::string slash = std::string(m.at) + "/";
    http_.Get(m.at, [slash](const httplib::Request&, httplib::Response& res) { res.set_redirect(slash); });
  }
  http_.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/admin/"); });
}

bool App::bind() {
  bool bound;
  if (options_.port == 0) {
    port_ = http_.bind_to_any_port(options_.host);
    bound = port_ > 0;
  } else {
    port_ = options_.port;
    bound = http_.bind_to_port(options_.host, options_.port);
  }
  // listen() again on a listening socket only sets its backlog (Linux caps it at somaxconn).
  if (bound && ::listen(listen_fd_, options_.backlog) != 0) {
    log_error("listen", {{"backlog", options_.backlog}, {"error", std::strerror(errno)}});
    return false;
  }
  return bound;
}

void App::serve() { http_.listen_after_bind(); }

void App::stop() { http_.stop(); }

}  // namespace pkserver
