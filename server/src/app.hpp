#pragma once
// The server application: options, storage, the catalog snapshot, keys, and the HTTP plumbing
// every route shares (auth by path prefix, body limits, rate limits, CORS, idempotent writes,
// JSON errors, access log, metrics). Routes live in routes_*.cpp.
#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api_error.hpp"
#include "catalog_state.hpp"
#include "metrics.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "storage.hpp"

namespace pkserver {

// Secrets as the server keeps them: the admin token and app key only as SHA-256 digests
// (compared in constant time); the signing key in full, since it signs.
struct Keys {
  std::string admin_token_digest, app_key_digest;
  std::string signing_key, verify_key;
};

// An Idempotency-Key and what it is bound to: the endpoint (method and path, so PUT
// /v1/admin/offers/a and .../b differ) and a digest of the body.
struct IdempotencyKey {
  std::string scope, key, request_hash;
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  std::string route;  // the route pattern, for metrics
  std::optional<IdempotencyKey> idempotency;
  bool settled = false;  // the key's answer is stored (or refused) already
};

using Handler = std::function<Answer(Call&)>;

class Notifications;

class App {
 public:
  App(ServerOptions options, std::unique_ptr<Storage> storage, Keys keys);
  ~App();

  // Binds, then serves until stop(); returns false when the address cannot be bound.
  bool bind();
  int port() const noexcept { return port_; }
  void serve();
  void stop();

  // --- for routes ---
  void route(const char* method, const std::string& pattern, Handler handler);
  const ServerOptions& options() const noexcept { return options_; }
  Storage& storage() noexcept { return *storage_; }
  const Keys& keys() const noexcept { return keys_; }
  Metrics& metrics() noexcept { return metrics_; }

  std::shared_ptr<const CatalogSnapshot> catalog() const;
  void set_catalog(std::shared_ptr<const CatalogSnapshot> next);
  void reload_catalog();  // from storage
  std::mutex& admin_mutex() noexcept { return admin_mutex_; }  // serializes catalog changes
  Notifications& notifications() noexcept { return *notifications_; }

  // Runs a write; with an Idempotency-Key header, a repeat of the same request returns the
  // first answer and changes nothing, and the key with another request is refused (409).
  // The stored answer is written in the same transaction as the effect. A refusal raised
  // before the write (validation, eligibility) is stored under the key by route().
  Answer idempotent_write(Call& call, const std::function<Answer(WriteTx&)>& body);

 private:
  void install_plumbing();
  httplib::Server::HandlerResponse before_route(const httplib::Request& req, httplib::Response& res);
  void after_response(const httplib::Request& req, const httplib::Response& res);
  void mount_static();
  // The stored answer for the call's key, or 409 when the key came with another body.
  std::optional<Answer> replay(Call& call, ReadTx& tx);
  Answer remember(Call& call, const Answer& answer);

  ServerOptions options_;
  std::unique_ptr<Storage> storage_;
  Keys keys_;
  Metrics metrics_;
  RateLimiter limiter_;
  httplib::Server http_;
  int port_ = 0;
  int listen_fd_ = -1;  // httplib's listening socket, to widen its backlog
  std::vector<std::pair<std::regex, std::string>> patterns_;  // (regex, method) of every route
  mutable std::mutex catalog_mutex_;
  std::shared_ptr<const CatalogSnapshot> catalog_;
  std::mutex admin_mutex_;
  std::unique_ptr<Notifications> notifications_;  // last: its loop stops before the rest goes
};

// JSON helpers for routes.
Json parse_body(const httplib::Request& req);  // 400 with a position for bad JSON
Answer json_answer(int status, const Json& body);
std::string sha256_hex(std::string_view data);
std::string bearer_of(const httplib::Request& req);  // the token of "Authorization: Bearer <token>", or ""

void register_client_routes(App& app);
void register_admin_routes(App& app);
void register_game_routes(App& app);
void register_notification_routes(App& app);

}  // namespace pkserver
