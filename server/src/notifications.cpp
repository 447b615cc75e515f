#include "notifications.hpp"

#include <algorithm>
#include <cstdio>

#include "app.hpp"
#include "checks.hpp"
#include "log.hpp"
#include "promokit/games.hpp"
#include "promokit/notify.hpp"
#include "promokit/offers.hpp"
#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

namespace pkserver {

namespace notify = promokit::notify;

namespace {

constexpr std::size_t kPage = 200;  // shoppers per planning transaction
constexpr Millis kMaxRetryDelay = 6 * 3600 * 1000LL;
constexpr Millis kDealSpacing = 24 * 3600 * 1000LL;  // one deal alert a day per shopper

Json record_json(const OutboxRecord& r, bool admin) {
  Json j = {{"id", r.id}, {"kind", r.kind}, {"channel", r.channel}, {"templateId", r.template_id},
            {"text", r.text}, {"dueAt", r.due_at}};
  if (!r.offer_id.empty()) j["offerId"] = r.offer_id;
  if (r.read_at) j["readAt"] = *r.read_at;
  if (admin) {
    j["customerId"] = r.customer_id;
    j["key"] = r.key;
    j["locale"] = r.locale;
    j["status"] = r.status;
    j["attempts"] = r.attempts;
    j["createdAt"] = r.created_at;
    if (r.status == "pending" && r.channel != "inApp") j["nextAttemptAt"] = r.next_attempt_at;
    if (r.sent_at) j["sentAt"] = *r.sent_at;
    if (!r.error.empty()) j["error"] = r.error;
  }
  return j;
}

std::string zone_of(const Json& profile, const std::string& fallback) {
  auto z = profile.find("zone");
  std::string zone = z != profile.end() && z->is_string() ? z->get<std::string>() : fallback;
  return promokit::is_known_zone(zone) ? zone : "UTC";
}

std::string local_stamp(Millis at, const std::string& zone, bool with_time) {
  promokit::LocalTime t = promokit::local_time(at, zone);
  char buf[32];
  if (with_time)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.minute_of_day / 60, t.minute_of_day % 60);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
  return buf;
}

}  // namespace

Json NotificationRun::to_json() const {
  return {{"customers", customers}, {"planned", planned}, {"sent", sent}, {"retrying", retrying},
          {"failed", failed}, {"deferred", deferred}};
}

Notifications::Notifications(App& app) : app_(app) {
  const ServerOptions& o = app.options();
  if (!o.wechat_app_id.empty() && !o.wechat_app_secret.empty() && !o.wechat_templates.empty()) {
    WeChatSettings w;
    w.api = o.wechat_api;
    w.app_id = o.wechat_app_id;
    w.app_secret = o.wechat_app_secret;
    w.state = o.wechat_state;
    w.templates = read_wechat_templates(o.wechat_templates);
    adapters_["wechat"] = make_wechat_adapter(std::move(w));
  }
  if (!o.smtp_url.empty() && !o.smtp_from.empty())
    adapters_["email"] = make_smtp_adapter(SmtpSettings{o.smtp_url, o.smtp_from, o.smtp_user, o.smtp_password});
  per_minute_["wechat"] = static_cast<double>(o.wechat_per_minute);
  per_minute_["email"] = static_cast<double>(o.email_per_minute);
}

Notifications::~Notifications() {
  {
    std::lock_guard<std::mutex> lock(loop_mutex_);
    stopping_ = true;
  }
  loop_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
}

void Notifications::start() {
  std::int64_t seconds = app_.options().notify_interval;
  if (seconds <= 0 || loop_.joinable()) return;
  loop_ = std::thread([this, seconds] {
    std::unique_lock<std::mutex> lock(loop_mutex_);
    while (!loop_cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping_; })) {
      lock.unlock();
      try {
        NotificationRun r = run(now_ms());
        if (r.planned || r.sent || r.failed || r.retrying)
          log_info("notifications", r.to_json());
      } catch (const std::exception& e) {
        log_error("notifications run failed", {{"error", e.what()}});
      }
      lock.lock();
    }
  });
}

Json Notifications::channels_json() const {
  Json out = {{"inApp", true}, {"wechat", adapters_.count("wechat") > 0}, {"email", adapters_.count("email") > 0}, {"sms", false}};
  return out;
}

NotificationRun Notifications::run(Millis now, bool plan_now, bool dispatch_now) {
  std::lock_guard<std::mutex> lock(run_mutex_);
  NotificationRun out;
  if (plan_now) plan(now, out);
  if (dispatch_now) dispatch(now, out);
  app_.metrics().add("notifications_planned", out.planned);
  app_.metrics().add("notifications_sent", out.sent);
  app_.metrics().add("notifications_failed", out.failed);
  app_.metrics().add("notifications_retried", out.retrying);
  return out;
}

void Notifications::plan(Millis now, NotificationRun& out) {
  auto snap = app_.catalog();
  notify::Setup setup = notify::read_setup(snap->catalog);
  // Plan only what can be delivered: a template keeps the channels with an adapter (and, for
  // WeChat, a mapping of that template); in-app needs none.
  for (auto& t : setup.templates) {
    std::erase_if(t.channels, [&](notify::Channel c) {
      if (c == notify::Channel::InApp) return false;
      auto a = adapters_.find(std::string(notify::to_string(c)));
      return a == adapters_.end() || !a->second->carries(t.id);
    });
  }
  std::erase_if(setup.templates, [](const notify::Template& t) { return t.channels.empty(); });
  if (setup.templates.empty()) return;
  bool goals = std::any_of(setup.templates.begin(), setup.templates.end(), [](const notify::Template& t) { return t.kind == notify::Kind::Goal; });
  bool deals = std::any_of(setup.templates.begin(), setup.templates.end(), [](const notify::Template& t) { return t.kind == notify::Kind::Deal; });

  const std::string& server_zone = app_.options().zone;
  std::unique_ptr<promokit::ranking::Recommender> recommender;
  if (deals) {
    promokit::ranking::RecommenderOptions ro;
    ro.zone = server_zone;
    recommender = std::make_unique<promokit::ranking::Recommender>(snap->catalog, ro);
  }
  promokit::ranking::RecommendOptions rank;
  rank.limit = 50;
  rank.explore = false;  // the server's choice must not depend on a random draw

  struct Planned {
    std::string customer_id, state;
    std::vector<OutboxRecord> records;
  };
  std::string after;
  for (;;) {
    std::vector<CustomerRecord> page;
    std::map<std::string, std::vector<EventRecord>> events;
    std::map<std::string, std::optional<std::string>> states;
    app_.storage().read([&](ReadTx& tx) {
      page = tx.customers_after(after, kPage);
      for (const auto& c : page) {
        events[c.id] = tx.events_of(c.id);
        states[c.id] = tx.notify_state(c.id);
      }
    });
    if (page.empty()) break;
    after = page.back().id;

    std::vector<Planned> planned;
    for (const CustomerRecord& c : page) {
      ++out.customers;
      try {
        Json doc = shopper_json(c.id, c);
        // A push channel without an address cannot carry anything to this shopper: the core
        // then picks the next channel the shopper consented to.
        Json& consents = doc["consents"];
        if (!consents.is_object()) consents = Json::object();
        const Json attributes = doc.value("attributes", Json::object());
        auto has = [&](const char* a) { return attributes.is_object() && attributes.value(a, Json()).is_string(); };
        if (!has("openid")) consents["wechat"] = false;
        if (!has("email")) consents["email"] = false;
        promokit::Profile profile = promokit::read_profile(doc);
        std::string zone = zone_of(doc, server_zone);

        std::vector<promokit::Event> history;
        for (const auto& e : events[c.id]) history.push_back(promokit::read_event(promokit::parse_json(e.json)));

        notify::Inputs in;
        in.catalog = &snap->catalog;
        in.profile = &profile;
        in.profile_doc = doc;
        in.now = now;
        in.zone = server_zone;
        for (const auto& e : history)
          if (e.time <= now && (!in.last_activity || e.time > *in.last_activity)) in.last_activity = e.time;

        if (goals) {
          promokit::games::Session session(snap->catalog, server_zone);
          session.set_profile(doc);
          for (const auto& e : history) {
            session.set_now(e.time);
            session.track(e);
          }
          session.set_now(now);
          in.goals = session.progress();
        }
        if (recommender) {
          std::vector<std::uint32_t> eligible;
          const auto& offers = snap->catalog.offers;
          promokit::EvalContext ctx = eval_context(doc, now, zone);
          for (std::uint32_t i = 0; i < offers.size(); ++i) {
            if (window_problem(offers[i], now, zone)) continue;
            if (snap->targeting[i] && !snap->targeting[i]->matches(doc, ctx)) continue;
            eligible.push_back(i);
          }
          recommender->set_profile(profile);
          for (const auto& e : history) recommender->track(e);
          for (const auto& r : recommender->recommend(eligible, now, rank)) in.deals.push_back({r.offer_id, r.score});
        }

        notify::State state = states[c.id] ? notify::State::from_json(promokit::parse_json(*states[c.id])) : notify::State{};
        std::vector<notify::Intent> intents = notify::due(setup, in, state);
        // The core gives one deal alert per call, which suits an app asking when it opens; the
        // server asks every minute, so it sends a shopper at most one deal alert a day.
        bool recent_deal = std::any_of(state.sent.begin(), state.sent.end(), [&](const notify::Sent& s) {
          return s.key.rfind("deal:", 0) == 0 && s.at > now - kDealSpacing;
        });
        if (recent_deal) std::erase_if(intents, [](const notify::Intent& i) { return i.kind == notify::Kind::Deal; });
        if (intents.empty()) continue;
        Planned p{c.id, "", {}};
        std::string locale = profile.locale.empty() ? "en" : profile.locale;
        for (const auto& i : intents) {
          OutboxRecord r;
          r.id = "n_" + sha256_hex(c.id + "\n" + i.key).substr(0, 24);
          r.customer_id = c.id;
          r.key = i.key;
          r.channel = std::string(notify::to_string(i.channel));
          r.kind = std::string(notify::to_string(i.kind));
          r.template_id = i.template_id;
          r.offer_id = i.offer_id;
          r.text = i.text;
          r.locale = locale;
          r.status = "pending";
          r.created_at = now;
          r.due_at = i.due_at;
          r.next_attempt_at = i.due_at;
          p.records.push_back(std::move(r));
          notify::record_sent(state, i);
        }
        p.state = state.to_json().dump();
        planned.push_back(std::move(p));
      } catch (const std::exception& e) {
        // One shopper's bad data must not stop everyone else's messages.
        log_warn("notifications: shopper skipped", {{"customerId", c.id}, {"error", e.what()}});
      }
    }
    if (planned.empty()) continue;
    app_.storage().write([&](WriteTx& tx) {
      for (const auto& p : planned) {
        for (const auto& r : p.records)
          if (tx.insert_outbox(r)) ++out.planned;
        tx.put_notify_state(p.customer_id, p.state);
      }
    });
  }
}

bool Notifications::take_send_slot(const std::string& channel, Millis now) {
  double rate = per_minute_.count(channel) ? per_minute_[channel] : 60.0;
  Bucket& b = buckets_[channel];
  if (!b.primed) {
    b = Bucket{rate, now, true};
  } else if (now > b.at) {
    b.tokens = std::min(rate, b.tokens + rate * static_cast<double>(now - b.at) / 60000.0);
    b.at = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void Notifications::dispatch(Millis now, NotificationRun& out) {
  auto snap = app_.catalog();
  const ServerOptions& o = app_.options();
  // Channel by channel, so one channel's backlog or spent send rate never starves another.
  // Pushes of a channel without an adapter wait in the outbox until it is configured.
  for (const auto& [channel, adapter] : adapters_) {
    for (bool more = true; more;) {
      std::vector<OutboxRecord> due;
      app_.storage().read([&](ReadTx& tx) {
        OutboxQuery q;
        q.pushes_due = true;
        q.channel = channel;
        q.at = now;
        q.limit = 100;
        due = tx.outbox(q);
      });
      more = due.size() == 100;  // every row handled below leaves the due set (sent, failed or later)
      for (OutboxRecord& r : due) {
        if (!take_send_slot(channel, now)) {
          out.deferred += 1;
          more = false;
          continue;
        }
        Json profile = load_shopper(app_.storage(), r.customer_id);
        std::string zone = zone_of(profile, o.zone);
        std::string title;
        if (const promokit::Offer* offer = snap->offer(r.offer_id)) title = promokit::localized(offer->title, r.locale);
        Delivery d = adapter->send(Message{r, profile, title, local_stamp(r.due_at, zone, false), local_stamp(r.due_at, zone, true)});
        r.attempts += 1;
        if (d.ok) {
          r.status = "sent";
          r.sent_at = now;
          r.error.clear();
          ++out.sent;
        } else if (d.permanent || r.attempts >= o.notify_attempts) {
          r.status = "failed";
          r.error = d.error;
          ++out.failed;
        } else {
          Millis delay = o.notify_retry_seconds * 1000 << std::min<std::int64_t>(r.attempts - 1, 20);
          r.next_attempt_at = now + std::min(delay, kMaxRetryDelay);
          r.error = d.error;
          ++out.retrying;
        }
        if (!d.ok) log_warn("notification not delivered", {{"id", r.id}, {"channel", r.channel}, {"attempts", r.attempts}, {"error", d.error}});
        app_.storage().write([&](WriteTx& tx) { tx.update_outbox(r); });
      }
    }
  }
}

// ---- routes ----------------------------------------------------------------------------------

namespace {

Answer run_notifications(App& app, Call& call) {
  Json body = call.req.body.empty() ? Json::object() : parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected { now?, plan?, dispatch? }");
  Millis now = now_ms();
  if (auto n = body.find("now"); n != body.end()) {
    if (!n->is_number_integer()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be Unix milliseconds (an integer)", "now");
    now = n->get<Millis>();
  }
  auto flag = [&](const char* name) {
    auto f = body.find(name);
    if (f == body.end()) return true;
    if (!f->is_boolean()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be true or false", name);
    return f->get<bool>();
  };
  bool plan = flag("plan"), dispatch = flag("dispatch");
  NotificationRun r = app.notifications().run(now, plan, dispatch);
  Json out = r.to_json();
  out["now"] = now;
  out["channels"] = app.notifications().channels_json();
  return json_answer(200, out);
}

Answer list_outbox(App& app, Call& call) {
  OutboxQuery q;
  q.customer_id = call.req.get_param_value("customerId");
  q.status = call.req.get_param_value("status");
  q.channel = call.req.get_param_value("channel");
  q.after = call.req.get_param_value("after");
  if (!q.status.empty() && q.status != "pending" && q.status != "sent" && q.status != "failed" && q.status != "read")
    fail(400, ErrorCode::PK_SCHEMA_ENUM, "must be pending, sent, failed or read", "status");
  if (!q.channel.empty() && !notify::channel_from_string(q.channel))
    fail(400, ErrorCode::PK_SCHEMA_ENUM, "must be wechat, email, sms or inApp", "channel");
  if (call.req.has_param("limit")) {
    std::string v = call.req.get_param_value("limit");
    if (v.empty() || v.size() > 4 || !std::all_of(v.begin(), v.end(), ::isdigit) || std::stoi(v) < 1 || std::stoi(v) > 1000)
      fail(400, ErrorCode::PK_SCHEMA_RANGE, "must be an integer from 1 to 1000", "limit");
    q.limit = static_cast<std::size_t>(std::stoi(v));
  }
  std::vector<OutboxRecord> items;
  app.storage().read([&](ReadTx& tx) { items = tx.outbox(q); });
  Json list = Json::array();
  for (const auto& r : items) list.push_back(record_json(r, true));
  Json next = items.size() == q.limit ? Json(items.back().id) : Json(nullptr);  // null on the last page
  return json_answer(200, {{"items", list}, {"next", next}});
}

// The shopper's in-app inbox: messages due by now, unread and read, newest first.
Answer inbox(App& app, Call& call) {
  std::string id = check_id(Json(call.req.matches[1].str()), "id");
  OutboxQuery q;
  q.customer_id = id;
  q.channel = "inApp";
  q.due_by = now_ms();
  q.limit = 1000;
  std::vector<OutboxRecord> items;
  app.storage().read([&](ReadTx& tx) { items = tx.outbox(q); });
  std::sort(items.begin(), items.end(), [](const OutboxRecord& a, const OutboxRecord& b) {
    return a.due_at != b.due_at ? a.due_at > b.due_at : a.id < b.id;
  });
  Json list = Json::array();
  std::int64_t unread = 0;
  for (const auto& r : items) {
    list.push_back(record_json(r, false));
    if (!r.read_at) ++unread;
  }
  return json_answer(200, {{"items", list}, {"unread", unread}});
}

Answer mark_read(App& app, Call& call) {
  std::string id = check_id(Json(call.req.matches[1].str()), "id");
  std::string nid = check_id(Json(call.req.matches[2].str()), "notificationId");
  return app.idempotent_write(call, [&](WriteTx& tx) {
    std::optional<OutboxRecord> r = tx.outbox_item(nid);
    if (!r || r->customer_id != id || r->channel != "inApp")
      fail(404, ErrorCode::PK_NOT_FOUND, "no in-app notification with this id for this shopper", "notificationId");
    if (!r->read_at) {
      r->read_at = now_ms();
      r->status = "read";
      tx.update_outbox(*r);
    }
    return json_answer(200, record_json(*r, false));
  });
}

}  // namespace

void register_notification_routes(App& app) {
  app.route("POST", "/v1/admin/notifications/run", [&app](Call& c) { return run_notifications(app, c); });
  app.route("GET", "/v1/admin/notifications", [&app](Call& c) { return list_outbox(app, c); });
  app.route("GET", "/v1/profiles/{id}/notifications", [&app](Call& c) { return inbox(app, c); });
  app.route("POST", "/v1/profiles/{id}/notifications/{notificationId}/read", [&app](Call& c) { return mark_read(app, c); });
}

}  // namespace pkserver
