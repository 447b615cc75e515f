// Notification triggers: birthday (N days before, zone-aware, Feb 29), we-miss-you with a
// cool-down, calendar events, deal alerts, spending goals; weekly caps per channel, quiet
// hours in the shopper's zone, consent and channel preference; templates in zh and en.
#include <doctest/doctest.h>

#include <optional>

#include "games/internal.hpp"
#include "promokit/notify.hpp"
#include "unit-games-util.hpp"

using namespace promokit;
using gtest::error_of;
namespace cal = games::cal;

namespace {

Millis at(int y, int m, int d, int hh, int mm, const char* zone = "Asia/Shanghai") {
  return cal::utc_at(cal::day_number(y, m, d), hh * 60 + mm, zone);
}

Json catalog_json() {
  Json c = gtest::catalog_json();
  c["calendar"] = Json::parse(R"([
    { "id": "valentines", "name": { "en": "Valentine's sale", "zh": "情人节特卖" }, "start": 1770998400000, "end": 1771171200000,
      "offerId": "fashion-20" }
  ])");  // 2026-02-14 00:00 to 02-16 00:00 in Shanghai
  c["templates"] = Json::parse(R"([
    { "id": "bday", "kind": "birthday", "daysBefore": 3, "offerId": "bday-gift", "sendAt": "10:00",
      "text": { "en": "Happy birthday soon, {name}! {days} days to go: {offer} is waiting.", "zh": "{name}，还有{days}天就是您的生日啦！{offer}已备好。" } },
    { "id": "miss", "kind": "we_miss_you", "inactiveDays": 30, "cooldownDays": 14, "channels": ["email", "wechat", "inApp"],
      "text": { "en": "We miss you, {name}! It has been {days} days.", "zh": "{name}，好久不见！" } },
    { "id": "vday", "kind": "event", "calendarId": "valentines", "daysBefore": 1, "sendAt": "12:00",
      "text": { "en": "{event} starts in {days} day(s): {offer}", "zh": "{event}还有{days}天开始：{offer}" } },
    { "id": "deals", "kind": "deal", "minScore": 0.6, "channels": ["inApp", "wechat"],
      "text": { "en": "New for you, {tier} member: {offer}", "zh": "{tier}会员专享：{offer}" } },
    { "id": "goal", "kind": "goal", "threshold": 0.8, "channels": ["inApp"],
      "text": { "en": "Only {amount} more to reach \"{goal}\" {unknown}", "zh": "再消费{amount}即可完成「{goal}」" } }
  ])");
  c["config"] = Json::parse(R"({ "notifications": { "caps": { "wechat": 2, "email": 1 }, "quietHours": { "from": "22:00", "to": "08:00" } } })");
  return c;
}

struct Fixture {
  Catalog catalog = read_catalog(catalog_json());
  notify::Setup setup = notify::read_setup(catalog);
  Json doc = gtest::profile_json();
  Profile profile = read_profile(doc);
  notify::State state;
  std::vector<notify::Intent> due(Millis now) {
    notify::Inputs in;
    in.catalog = &catalog;
    in.profile = &profile;
    in.profile_doc = doc;
    in.now = now;
    in.last_activity = now;  // active: no comeback message unless a test says otherwise
    return notify::due(setup, in, state);
  }
  std::vector<notify::Intent> due(notify::Inputs in) {
    in.catalog = &catalog;
    in.profile = &profile;
    in.profile_doc = doc;
    return notify::due(setup, in, state);
  }
  // A copy: the lists are often temporaries.
  static std::optional<notify::Intent> find(const std::vector<notify::Intent>& list, notify::Kind k) {
    for (const auto& i : list)
      if (i.kind == k) return i;
    return std::nullopt;
  }
};

}  // namespace

TEST_CASE("notify: setup is read from the catalog with paths") {
  Fixture f;
  CHECK(f.setup.templates.size() == 5);
  CHECK(f.setup.calendar.size() == 1);
  CHECK(f.setup.config.weekly_caps[notify::Channel::WeChat] == 2);
  CHECK(f.setup.config.weekly_caps[notify::Channel::Email] == 1);
  CHECK(f.setup.config.weekly_caps[notify::Channel::InApp] == 7);  // default kept
  CHECK(f.setup.templates[0].send_minute == 600);
  struct Bad {
    const char* pointer;
    Json value;
    ErrorCode code;
    const char* path;
  };
  const Bad cases[] = {
      {"/templates/0/kind", "party", ErrorCode::PK_SCHEMA_ENUM, "templates[0].kind"},
      {"/templates/0/sendAt", "25:00", ErrorCode::PK_SCHEMA_FORMAT, "templates[0].sendAt"},
      {"/templates/1/channels/1", "pigeon", ErrorCode::PK_SCHEMA_ENUM, "templates[1].channels[1]"},
      {"/templates/3/minScore", 2, ErrorCode::PK_SCHEMA_RANGE, "templates[3].minScore"},
      {"/templates/2/calendarId", "xmas", ErrorCode::PK_SCHEMA_REFERENCE, "templates[2].calendarId"},
      {"/templates/0/offerId", "ghost", ErrorCode::PK_SCHEMA_REFERENCE, "templates[0].offerId"},
      {"/templates/0/text", Json::object(), ErrorCode::PK_SCHEMA_REQUIRED, "templates[0].text"},
      {"/calendar/0/end", 1, ErrorCode::PK_SCHEMA_CONSTRAINT, "calendar[0].end"},
      {"/config/notifications/caps/fax", 1, ErrorCode::PK_SCHEMA_ENUM, "config.notifications.caps.fax"},
      {"/config/notifications/quietHours/to", "8am", ErrorCode::PK_SCHEMA_FORMAT, "config.notifications.quietHours.to"},
  };
  for (const Bad& b : cases) {
    CAPTURE(std::string(b.pointer));
    Json c = catalog_json();
    c[Json::json_pointer(b.pointer)] = b.value;
    Catalog catalog = read_catalog(c);
    try {
      notify::read_setup(catalog);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == b.code);
      CHECK(e.path() == b.path);
    }
  }
}

TEST_CASE("notify: birthday N days before, at the local send time, once a year") {
  Fixture f;  // born 1990-02-14, Shanghai, zh-CN, WeChat consent
  CHECK_FALSE(Fixture::find(f.due(at(2026, 2, 11, 9, 59)), notify::Kind::Birthday).has_value());  // before 10:00
  auto list = f.due(at(2026, 2, 11, 10, 0));
  auto b = Fixture::find(list, notify::Kind::Birthday);
  REQUIRE(b.has_value());
  CHECK(b->channel == notify::Channel::WeChat);
  CHECK(b->text == "Li Wei，还有3天就是您的生日啦！生日礼已备好。");
  CHECK(b->offer_id == "bday-gift");
  CHECK(b->due_at == at(2026, 2, 11, 10, 0));
  CHECK(b->key == "birthday:bday:2026");
  notify::record_sent(f.state, *b);
  CHECK_FALSE(Fixture::find(f.due(at(2026, 2, 12, 10, 0)), notify::Kind::Birthday).has_value());  // sent already
  CHECK_FALSE(Fixture::find(f.due(at(2026, 2, 15, 10, 0)), notify::Kind::Birthday).has_value());  // past
  CHECK(Fixture::find(f.due(at(2027, 2, 11, 10, 0)), notify::Kind::Birthday).has_value());  // next year

  // English, no WeChat consent: in-app; {days} counts down.
  f.doc["locale"] = "en-US";
  f.doc["consents"]["wechat"] = false;
  f.profile = read_profile(f.doc);
  f.state = {};
  list = f.due(at(2026, 2, 13, 10, 0));
  b = Fixture::find(list, notify::Kind::Birthday);
  REQUIRE(b.has_value());
  CHECK(b->channel == notify::Channel::InApp);
  CHECK(b->text == "Happy birthday soon, Li Wei! 1 days to go: Birthday gift is waiting.");
}

TEST_CASE("notify: the birthday follows the shopper's zone, and Feb 29 falls on Feb 28") {
  Fixture f;
  f.doc["birthday"] = "2000-02-29";
  f.doc["zone"] = "America/New_York";
  f.profile = read_profile(f.doc);
  // 2027 is not a leap year: Feb 28 - 3 days = Feb 25, 10:00 in New York (15:00 UTC).
  const Millis ny = at(2027, 2, 25, 10, 0, "America/New_York");
  CHECK_FALSE(Fixture::find(f.due(ny - 60000), notify::Kind::Birthday).has_value());
  auto list = f.due(ny);
  auto b = Fixture::find(list, notify::Kind::Birthday);
  REQUIRE(b.has_value());
  CHECK(b->key == "birthday:bday:2027");
  // In a leap year it is Feb 29 itself: Feb 26 + 3.
  CHECK_FALSE(Fixture::find(f.due(at(2028, 2, 26, 10, 0, "America/New_York") - 60000), notify::Kind::Birthday).has_value());
  CHECK(Fixture::find(f.due(at(2028, 2, 26, 10, 0, "America/New_York")), notify::Kind::Birthday).has_value());
}

TEST_CASE("notify: we miss you after N inactive days, with a cool-down") {
  Fixture f;
  f.doc["consents"]["email"] = true;
  f.profile = read_profile(f.doc);
  const Millis last = at(2026, 3, 1, 12, 0);
  notify::Inputs in;
  in.last_activity = last;
  in.now = last + 29 * cal::kDayMs;
  CHECK_FALSE(Fixture::find(f.due(in), notify::Kind::WeMissYou).has_value());
  in.now = last + 30 * cal::kDayMs;
  auto list = f.due(in);
  auto m = Fixture::find(list, notify::Kind::WeMissYou);
  REQUIRE(m.has_value());
  CHECK(m->channel == notify::Channel::Email);  // the template's first choice, consented
  CHECK(m->text == "Li Wei，好久不见！");
  notify::record_sent(f.state, *m);
  in.now += 5 * cal::kDayMs;
  CHECK_FALSE(Fixture::find(f.due(in), notify::Kind::WeMissYou).has_value());  // same spell
  // Back for a moment, then gone again: a new spell, but the cool-down still holds.
  in.last_activity = in.now - 31 * cal::kDayMs + 6 * cal::kDayMs;
  CHECK_FALSE(Fixture::find(f.due(in), notify::Kind::WeMissYou).has_value());
  in.now += 10 * cal::kDayMs;  // 15 days after the first message
  in.last_activity = in.now - 30 * cal::kDayMs;
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou).has_value());
}

TEST_CASE("notify: a calendar event the day before, in the event's window") {
  Fixture f;
  CHECK_FALSE(Fixture::find(f.due(at(2026, 2, 13, 11, 59)), notify::Kind::Event).has_value());
  auto list = f.due(at(2026, 2, 13, 12, 0));
  auto e = Fixture::find(list, notify::Kind::Event);
  REQUIRE(e.has_value());
  CHECK(e->text == "情人节特卖还有1天开始：时尚类8折");
  CHECK(e->offer_id == "fashion-20");
  CHECK_FALSE(Fixture::find(f.due(at(2026, 2, 16, 0, 0)), notify::Kind::Event).has_value());  // over
}

TEST_CASE("notify: deal alerts for the best new eligible offer above the threshold") {
  Fixture f;
  notify::Inputs in;
  in.now = at(2026, 4, 1, 15, 0);
  in.last_activity = in.now;
  in.deals = {{"food-10", 0.55}, {"fashion-20", 0.9}, {"tv-jackpot", 0.7}};
  auto list = f.due(in);
  auto d = Fixture::find(list, notify::Kind::Deal);
  REQUIRE(d.has_value());
  CHECK(d->offer_id == "fashion-20");
  CHECK(d->channel == notify::Channel::InApp);
  CHECK(d->text == "gold会员专享：时尚类8折");
  notify::record_sent(f.state, *d);
  d = Fixture::find(f.due(in), notify::Kind::Deal);
  REQUIRE(d.has_value());
  CHECK(d->offer_id == "tv-jackpot");  // fashion-20 was alerted already
  notify::record_sent(f.state, *d);
  CHECK_FALSE(Fixture::find(f.due(in), notify::Kind::Deal).has_value());  // food-10 is below 0.6
}

TEST_CASE("notify: a spending goal nearly reached") {
  Fixture f;
  auto list = games::read_challenges(Json::parse(R"([{ "id": "spend", "title": { "en": "Spend 500", "zh": "消费满500元" },
    "goal": { "type": "spend", "target": 50000 }, "period": "week", "reward": { "points": 100 } }])"));
  games::ChallengeState cs;
  const Millis now = at(2026, 4, 1, 15, 0);
  Event e;
  e.id = "p1";
  e.type = EventType::Purchase;
  e.time = now;
  e.amount = 39000;
  games::track(cs, list, nullptr, e, "Asia/Shanghai");
  notify::Inputs in;
  in.now = now;
  in.last_activity = now;
  in.goals = games::progress(cs, list, now, "Asia/Shanghai");
  CHECK_FALSE(Fixture::find(f.due(in), notify::Kind::Goal).has_value());  // 78 %
  e.id = "p2";
  e.amount = 2550;
  games::track(cs, list, nullptr, e, "Asia/Shanghai");
  in.goals = games::progress(cs, list, now, "Asia/Shanghai");
  auto out = f.due(in);
  auto g = Fixture::find(out, notify::Kind::Goal);
  REQUIRE(g.has_value());
  CHECK(g->text == "再消费¥84.50即可完成「消费满500元」");
  f.doc["locale"] = "en";
  f.profile = read_profile(f.doc);
  CHECK(Fixture::find(f.due(in), notify::Kind::Goal)->text == "Only ¥84.50 more to reach \"Spend 500\" {unknown}");
}

TEST_CASE("notify: weekly caps per channel, quiet hours, consent and channel preference") {
  Fixture f;
  f.doc["consents"]["email"] = true;
  f.profile = read_profile(f.doc);
  notify::Inputs in;
  in.now = at(2026, 4, 1, 23, 0);  // quiet in Shanghai
  in.last_activity = in.now - 40 * cal::kDayMs;
  auto list = f.due(in);
  auto m = Fixture::find(list, notify::Kind::WeMissYou);
  REQUIRE(m.has_value());
  CHECK(m->channel == notify::Channel::Email);
  CHECK(m->due_at == at(2026, 4, 2, 8, 0));  // held back to 08:00 local
  in.now = at(2026, 4, 2, 3, 0);
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->due_at == at(2026, 4, 2, 8, 0));
  in.now = at(2026, 4, 2, 9, 0);
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->due_at == in.now);

  // The email cap (1 a week) is used up: the next choice, WeChat, carries it.
  notify::record_sent(f.state, notify::Intent{notify::Kind::Deal, notify::Channel::Email, "deals", "", "", in.now - cal::kDayMs, "x"});
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->channel == notify::Channel::WeChat);
  // WeChat's 2 are used too: in-app.
  for (const char* k : {"y", "z"})
    notify::record_sent(f.state, notify::Intent{notify::Kind::Deal, notify::Channel::WeChat, "deals", "", "", in.now - 3600000, k});
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->channel == notify::Channel::InApp);
  // A week later the caps are free again.
  in.now += 7 * cal::kDayMs;
  in.last_activity = in.now - 40 * cal::kDayMs;
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->channel == notify::Channel::Email);
  // The shopper prefers in-app.
  f.doc["attributes"] = {{"channels", {"inApp", "email"}}};
  CHECK(Fixture::find(f.due(in), notify::Kind::WeMissYou)->channel == notify::Channel::InApp);
  // No consent anywhere: nothing.
  f.doc["consents"] = {{"wechat", false}, {"email", false}, {"inApp", false}};
  f.profile = read_profile(f.doc);
  CHECK(f.due(in).empty());
}

TEST_CASE("notify: state round trip, intent JSON and money formatting") {
  Fixture f;
  auto list = f.due(at(2026, 2, 13, 12, 0));
  REQUIRE(list.size() == 2);  // birthday and Valentine's, in priority order
  CHECK(list[0].kind == notify::Kind::Birthday);
  CHECK(list[1].kind == notify::Kind::Event);
  for (const auto& i : list) notify::record_sent(f.state, i);
  notify::State back = notify::State::from_json(f.state.to_json());
  CHECK(back.to_json() == f.state.to_json());
  Json j = notify::to_json(list[0]);
  CHECK(j["kind"] == "birthday");
  CHECK(j["channel"] == "wechat");
  CHECK(j["templateId"] == "bday");
  CHECK(j["offerId"] == "bday-gift");
  CHECK(j["dueAt"] == list[0].due_at);
  CHECK(error_of([] { notify::State::from_json(Json{{"v", 1}, {"sent", {{"k", "fax", 1}}}}); }) == ErrorCode::PK_GAME_STATE);

  CHECK(notify::format_money(8450, "CNY") == "¥84.50");
  CHECK(notify::format_money(50000, "CNY") == "¥500");
  CHECK(notify::format_money(1205, "USD") == "$12.05");
  CHECK(notify::format_money(1200, "JPY") == "¥1200");
  CHECK(notify::format_money(-5, "EUR") == "-€0.05");
  CHECK(notify::format_money(1250, "SGD") == "12.50 SGD");
}
