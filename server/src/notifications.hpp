#pragma once
// The notification outbox. Planning runs the core's triggers (promokit::notify::due — the same
// function the apps run for in-app messages) for every stored shopper and writes each due
// message to the outbox together with the shopper's sent-state, in one transaction: an
// occurrence (a birthday, a deal, a calendar event) is planned exactly once, restarts included.
// Dispatching hands due pushes to the channel adapters (channels.hpp) under per-channel send
// rates, retrying transient failures with exponential backoff; in-app messages wait in the
// outbox until the shopper's app pulls them (GET /v1/profiles/{id}/notifications).
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "channels.hpp"
#include "storage.hpp"

namespace pkserver {

class App;

struct NotificationRun {
  std::int64_t customers = 0;  // shoppers the triggers looked at
  std::int64_t planned = 0;    // messages added to the outbox
  std::int64_t sent = 0;       // pushes delivered
  std::int64_t retrying = 0;   // pushes that failed and will be tried again
  std::int64_t failed = 0;     // pushes given up (permanent error or attempts used up)
  std::int64_t deferred = 0;   // due pushes left for later by a channel's send rate
  Json to_json() const;
};

class Notifications {
 public:
  explicit Notifications(App& app);
  ~Notifications();  // stops the background loop

  // Starts the loop that runs every --notify-interval seconds (nothing when it is 0).
  void start();
  // Plans the messages due at `now` and delivers due pushes; runs are serialized.
  NotificationRun run(Millis now, bool plan = true, bool dispatch = true);
  // Which channels can carry messages (the others are taken out of templates before planning).
  Json channels_json() const;

 private:
  void plan(Millis now, NotificationRun& out);
  void dispatch(Millis now, NotificationRun& out);
  bool take_send_slot(const std::string& channel, Millis now);

  App& app_;
  std::map<std::string, std::unique_ptr<ChannelAdapter>> adapters_;  // "wechat", "email"
  std::map<std::string, double> per_minute_;
  struct Bucket {
    double tokens = 0;
    Millis at = 0;
    bool primed = false;
  };
  std::map<std::string, Bucket> buckets_;
  std::mutex run_mutex_;

  std::mutex loop_mutex_;
  std::condition_variable loop_cv_;
  bool stopping_ = false;
  std::thread loop_;
};

// GET/POST routes: /v1/admin/notifications (listing), /v1/admin/notifications/run, and the
// shopper's in-app inbox /v1/profiles/{id}/notifications (+ /{nid}/read).
void register_notification_routes(App& app);

}  // namespace pkserver
