#pragma once
// Notification triggers (docs/notifications.md): which messages are due for one shopper now —
// birthday surprises, "we miss you" comebacks, calendar events, deal alerts, spending goals —
// on which channel (consent, preference, weekly caps, quiet hours in the shopper's zone), with
// the template rendered in the shopper's language. A pure function of (catalog, profile, what
// the engine knows, now, what was sent): the client shows in-app intents, the server runs the
// same function natively to decide pushes.
//
//   auto setup = notify::read_setup(catalog);            // templates, calendar, caps
//   auto intents = notify::due(setup, inputs, state);    // nothing is recorded yet
//   for (auto& i : intents) notify::record_sent(state, i);  // once delivered
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/games.hpp"
#include "promokit/json.hpp"
#include "promokit/model.hpp"

namespace promokit::notify {

enum class Channel { WeChat, Email, Sms, InApp };
enum class Kind { Birthday, WeMissYou, Event, Deal, Goal };
std::string_view to_string(Channel c) noexcept;  // "wechat", "email", "sms", "inApp"
std::string_view to_string(Kind k) noexcept;     // "birthday", "we_miss_you", "event", "deal", "goal"
std::optional<Channel> channel_from_string(std::string_view name) noexcept;
std::optional<Kind> kind_from_string(std::string_view name) noexcept;

// catalog.templates[i]
struct Template {
  std::string id;
  Kind kind = Kind::Deal;
  I18nText text;                   // with {name} {tier} {offer} {amount} {event} {days}
  std::vector<Channel> channels;   // allowed, in the template's preference order
  std::string offer_id;            // offer attached to the message (deal alerts: the deal's)
  int days_before = 0;             // birthday, event: how many local days ahead
  int inactive_days = 30;          // we_miss_you: after this long without activity
  int cooldown_days = 30;          // we_miss_you: at most once per this many days
  double min_score = 0.5;          // deal: the offer's score must reach this
  double threshold = 0.8;          // goal: progress ratio at which to nudge
  int send_minute = 600;           // local time of day the trigger fires ("sendAt": "10:00")
  std::string calendar_id;         // event: one calendar entry; empty: every entry
};

// catalog.calendar[i]: a dated sale or holiday ({ id, name, start, end?, offerId? }).
struct CalendarEvent {
  std::string id;
  I18nText name;
  Millis start = 0;
  std::optional<Millis> end;  // default: one day after start
  std::string offer_id;
};

// catalog.config.notifications: { caps: { wechat, email, sms, inApp }, quietHours: { from, to } }
struct Config {
  std::map<Channel, int> weekly_caps = {{Channel::WeChat, 2}, {Channel::Email, 2}, {Channel::Sms, 1}, {Channel::InApp, 7}};
  int quiet_from = 22 * 60, quiet_to = 8 * 60;  // local minutes; the window may cross midnight
};

struct Setup {
  std::vector<Template> templates;
  std::vector<CalendarEvent> calendar;
  Config config;
  std::string currency = "CNY";
};
// Reads catalog.templates, catalog.calendar and catalog.config.notifications; PK_SCHEMA_* with
// paths such as "templates[2].sendAt".
Setup read_setup(const Catalog& catalog);

struct DealCandidate {
  std::string offer_id;
  double score = 0;  // the engine's ranking score
};

struct Inputs {
  const Catalog* catalog = nullptr;   // offer titles for {offer}
  const Profile* profile = nullptr;
  Json profile_doc;                   // for attributes.channels (preferred channel order)
  Millis now = 0;
  std::string zone;                   // when the profile has none; empty: UTC
  std::optional<Millis> last_activity;  // the latest event the engine saw (with profile.lastActiveAt)
  std::vector<DealCandidate> deals;     // offers the shopper is eligible for now, with scores
  std::vector<games::Progress> goals;   // challenge progress (games::progress)
};

struct Intent {
  Kind kind = Kind::Deal;
  Channel channel = Channel::InApp;
  std::string template_id, text, offer_id;
  Millis due_at = 0;  // now, or later when quiet hours hold a push back
  std::string key;    // occurrence key: the same birthday, deal or goal is sent once
};
Json to_json(const Intent& i);  // { kind, channel, templateId, text, offerId?, dueAt, key }
Intent intent_from_json(const Json& j);  // PK_INVALID_ARGUMENT naming the field

struct Sent {
  std::string key;
  Channel channel = Channel::InApp;
  Millis at = 0;
};
struct State {
  std::vector<Sent> sent;
  Json to_json() const;                 // { v: 1, sent: [[key, channel, at], ...] }
  static State from_json(const Json& j);  // PK_GAME_STATE naming the path
};
// Remembers a delivered intent (at its dueAt); entries older than 400 days are dropped.
void record_sent(State& state, const Intent& intent);

// The intents due at inputs.now, in priority order (birthday, goal, event, deal, we_miss_you),
// each on the first channel the shopper consented to, prefers and has weekly cap left on.
std::vector<Intent> due(const Setup& setup, const Inputs& inputs, const State& state);

// Inputs for a games session's shopper: its catalog, profile, clock, zone, latest activity and
// challenge progress, with the engine's eligible offers and scores as deal candidates.
Inputs inputs_for(const games::Session& session, std::vector<DealCandidate> deals);

// "¥123.45" / "$5" / "12.50 SGD": minor units in a currency, trailing ".00" dropped.
std::string format_money(Money amount, std::string_view currency);

}  // namespace promokit::notify
