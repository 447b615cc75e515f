#pragma once
// The per-shopper games session as bound to JS (bind_games.cpp); bind_notify.cpp reads it to
// compute the shopper's notifications.
#include <cmath>
#include <memory>
#include <string>

#include "promokit/games.hpp"

namespace promokit::bindings {

inline Millis millis(double v) { return std::isfinite(v) ? static_cast<Millis>(v) : 0; }

class GamesSession {
 public:
  explicit GamesSession(games::Session s) : s_(std::move(s)) {}
  const games::Session& session() const noexcept { return s_; }

  void set_profile(const std::string& profile);
  void set_now(double now) { s_.set_now(millis(now)); }
  std::string track(const std::string& events);  // the grants the events complete (JSON array)
  // One event packed in io_buffer() (io_event): how many grants it completes, -2 to take the
  // JSON path (which reports the fault), -1 a recorded error. The raw export pk_games_track
  // calls it; last_grants(n) then gives the grants as JSON.
  int track_packed(double time, double amount);
  // The event an engine took (pk_engine_track feeds the engine's session in the same crossing):
  // how many grants it completes; throws like games::Session::track.
  int track_event(const Event& e) { return static_cast<int>(s_.track(e).size()); }
  std::string last_grants(int n);  // the last n grants made (JSON array)
  std::string draw(const std::string& pool_id, const std::string& ticket);
  // The same draw without JSON or Embind strings either way (games.js's fast path): the
  // ticket's text fields in io_buffer() (io_buffer.hpp), the outcome back there; the format is
  // in bind_games.cpp.
  int draw_packed(double pool_version, double expiry, double sequence);
  std::string draw_hashes(const std::string& pool_id);  // "poolHash|distHash" of the shopper's draws
  std::string prize_ids(const std::string& pool_id);    // JSON array, in pool order
  std::string preview(const std::string& pool_id);
  std::string challenges();
  std::string grants();
  std::string export_state();
  void import_state(const std::string& state);

 private:
  games::Session s_;
};

// A session over `catalog` (an engine's shares it: Engine::shared_catalog) with options { zone,
// locale } (JSON text, "" for none); throws PK_INVALID_ARGUMENT for bad options.
GamesSession* new_games_session(std::shared_ptr<const Catalog> catalog, const std::string& options);

}  // namespace promokit::bindings
