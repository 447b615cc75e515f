// promokit-server: parses options, opens storage, settles the keys (generating and printing
// once what was not given), seeds the demo when asked, serves until SIGTERM or SIGINT, then
// stops accepting, lets requests in flight finish and closes the database.
#include <curl/curl.h>
#include <signal.h>

#include <atomic>
#include <chrono>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app.hpp"
#include "demo_seed.hpp"
#include "ids.hpp"
#include "log.hpp"
#include "notifications.hpp"
#include "promokit/crypto.hpp"
#include "promokit/tokens.hpp"
#include "promokit/version.hpp"

using namespace pkserver;

namespace {

// A bearer-style secret: given, stored (as a digest) from an earlier run, or generated now and
// printed this once. Returns its SHA-256 digest (hex).
std::string settle_secret(Storage& storage, const std::string& given, const char* meta_key, const char* prefix,
                          const char* what, std::vector<std::string>& printed) {
  std::string digest;
  if (!given.empty()) {
    digest = sha256_hex(given);
  } else {
    storage.read([&](ReadTx& tx) { digest = tx.meta(meta_key).value_or(""); });
    if (!digest.empty()) return digest;
    std::string secret = prefix + promokit::crypto::base64url_encode(random_bytes(24));
    printed.push_back(std::string(what) + ": " + secret);
    digest = sha256_hex(secret);
  }
  storage.write([&](WriteTx& tx) { tx.set_meta(meta_key, digest); });
  return digest;
}

Keys settle_keys(Storage& storage, const ServerOptions& o) {
  std::vector<std::string> printed;
  Keys k;
  k.admin_token_digest = settle_secret(storage, o.admin_token, "admin_token_sha256", "pka_", "admin token", printed);
  k.app_key_digest = settle_secret(storage, o.app_key, "app_key_sha256", "pkk_", "app key", printed);
  k.signing_key = o.signing_key;
  if (k.signing_key.empty()) storage.read([&](ReadTx& tx) { k.signing_key = tx.meta("signing_key").value_or(""); });
  if (k.signing_key.empty()) {
    k.signing_key = promokit::tokens::signing_key_from_seed(random_bytes(32));
    storage.write([&](WriteTx& tx) { tx.set_meta("signing_key", k.signing_key); });
  }
  k.verify_key = promokit::tokens::verify_key_for(k.signing_key);
  if (!printed.empty()) {
    std::cout << "promokit-server: generated secrets (shown this once; the database keeps only their digests):\n";
    for (const auto& line : printed) std::cout << "  " << line << "\n";
    std::cout.flush();
  }
  return k;
}

// Old idempotency answers go once an hour (kept at least --idempotency-hours).
class Housekeeper {
 public:
  Housekeeper(Storage& storage, std::int64_t hours) : thread_([this, &storage, hours] {
    std::unique_lock<std::mutex> lock(mutex_);
    do {
      lock.unlock();
      try {
        std::size_t n = 0;
        storage.write([&](WriteTx& tx) { n = tx.purge_answers(now_ms() - hours * 3600 * 1000); });
        if (n) log_info("purged idempotency answers", {{"count", n}});
      } catch (const std::exception& e) {
        log_error("purge failed", {{"error", e.what()}});
      }
      lock.lock();
    } while (!cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; }));
  }) {}
  ~Housekeeper() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  ServerOptions options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "promokit-server: " << e.what() << "\n";
    return 2;
  }
  if (options.help) {
    std::cout << options_help();
    return 0;
  }
  if (options.static_root.empty()) options.static_root = PROMOKIT_SOURCE_DIR;

  // Signals go to one waiting thread; every other thread (httplib's, SQLite's writer) blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  curl_global_init(CURL_GLOBAL_DEFAULT);  // before any thread: the SMTP adapter uses libcurl
  try {
    auto storage = open_sqlite_storage(SqliteOptions{options.db, options.synchronous});
    log_info("storage open", {{"storage", storage->describe()}});
    Keys keys = settle_keys(*storage, options);
    if (options.demo) seed_demo(*storage, options);
    App app(options, std::move(storage), std::move(keys));
    Housekeeper housekeeper(app.storage(), options.idempotency_hours);
    app.notifications().start();
    if (!app.bind()) {
      log_error("cannot listen", {{"host", options.host}, {"port", options.port}});
      return 1;
    }
    std::string base = "http://" + (options.host == "0.0.0.0" ? std::string("127.0.0.1") : options.host) + ":" + std::to_string(app.port());
    log_info("listening", {{"host", options.host}, {"port", app.port()}, {"version", PROMOKIT_VERSION},
                           {"catalogVersion", app.catalog()->version}, {"verifyKey", app.keys().verify_key}});
    std::cout << "promokit-server " << PROMOKIT_VERSION << " listening on " << base << "\n"
              << "  admin app:   " << base << "/admin/\n"
              << "  checkout:    " << base << "/checkout/\n"
              << "  API:         " << base << "/v1/  (health " << base << "/healthz, metrics " << base << "/metrics)\n"
              << "  verify key:  " << app.keys().verify_key << "  (tills verify redemption tokens with it)\n";
    std::cout.flush();

    std::atomic<bool> served{false};
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      if (served) return;  // woken because serve() returned by itself
      log_info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      // httplib's stop() does nothing until serve() is listening: a signal that arrives between
      // the start-up lines and the accept loop must not be lost, so repeat until serve() returns.
      while (!served) {
        app.stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    app.serve();
    served = true;
    // serve() also returns when the listening socket fails; wake the waiter in that case.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  } catch (const std::exception& e) {
    log_error("fatal", {{"error", e.what()}});
    return 1;
  }
  log_info("stopped");
  return 0;
}
