// Which notifications are due (docs/notifications.md): triggers, then channel choice under
// consent, preference, weekly caps and quiet hours, then the template in the shopper's language.
#include <algorithm>
#include <cstdio>

#include "games/internal.hpp"
#include "promokit/notify.hpp"

namespace promokit::notify {
namespace {

namespace cal = games::cal;
using cal::kDayMs;

constexpr Millis kWeekMs = 7 * kDayMs;
constexpr Millis kKeepMs = 400 * kDayMs;

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct Candidate {
  const Template* tpl;
  Millis trigger;  // when it became due
  std::string key, offer_id;
  std::map<std::string, std::string, std::less<>> fields;  // besides name and tier
};

struct Context {
  const Setup& setup;
  const Inputs& in;
  const State& state;
  std::string_view zone;  // the profile's or the inputs', which outlive the context
  std::int64_t today;  // local day number
  bool sent(std::string_view key) const {
    return std::any_of(state.sent.begin(), state.sent.end(), [&](const Sent& s) { return s.key == key; });
  }
};

const Offer* offer_of(const Catalog* catalog, std::string_view id) {
  if (!catalog || id.empty()) return nullptr;
  for (const Offer& o : catalog->offers)
    if (o.id == id) return &o;
  return nullptr;
}

std::string locale_of(const Inputs& in) { return in.profile && !in.profile->locale.empty() ? in.profile->locale : "en"; }

std::string offer_title(const Context& c, std::string_view id) {
  const Offer* o = offer_of(c.in.catalog, id);
  if (!o) return std::string(id);
  std::string t = cal::pick_text(o->title, locale_of(c.in));
  return t.empty() ? o->id : t;
}

// Birthday: from daysBefore local days ahead until the day itself; Feb 29 falls on Feb 28 in
// other years (as the rules' birthday operator counts it).
void birthday(const Context& c, const Template& t, std::vector<Candidate>& out) {
  int y, m, d;
  const std::string& b = c.in.profile->birthday;
  if (b.size() != 10 || std::sscanf(b.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return;
  const int this_year = cal::date_of(c.today).year;
  for (int year : {this_year, this_year + 1}) {
    int day = (m == 2 && d == 29 && !is_leap(year)) ? 28 : d;
    std::int64_t bday = cal::day_number(year, m, day);
    if (bday < c.today) continue;
    std::int64_t first = bday - t.days_before;
    Millis trigger = cal::utc_at(first, t.send_minute, c.zone);
    if (c.today >= first && trigger <= c.in.now)
      out.push_back({&t, trigger, "birthday:" + t.id + ":" + std::to_string(year), t.offer_id, {{"days", std::to_string(bday - c.today)}}});
    return;  // only the next birthday counts
  }
}

void we_miss_you(const Context& c, const Template& t, std::vector<Candidate>& out) {
  std::optional<Millis> last = c.in.profile->last_active_at;
  if (c.in.last_activity && (!last || *c.in.last_activity > *last)) last = c.in.last_activity;
  if (!last) return;
  Millis trigger = *last + t.inactive_days * kDayMs;
  if (trigger > c.in.now) return;
  const std::string prefix = "we_miss_you:" + t.id + ":";
  for (const Sent& s : c.state.sent)
    if (s.key.rfind(prefix, 0) == 0 && s.at > c.in.now - t.cooldown_days * kDayMs) return;  // cooling down
  out.push_back({&t, trigger, prefix + std::to_string(*last), t.offer_id, {{"days", std::to_string((c.in.now - *last) / kDayMs)}}});
}

void calendar(const Context& c, const Template& t, std::vector<Candidate>& out) {
  for (const CalendarEvent& e : c.setup.calendar) {
    if (!t.calendar_id.empty() && e.id != t.calendar_id) continue;
    std::int64_t start_day = cal::day_number(local_time(e.start, c.zone));
    Millis trigger = std::min(e.start, cal::utc_at(start_day - t.days_before, t.send_minute, c.zone));
    Millis end = e.end ? *e.end : e.start + kDayMs;
    if (trigger > c.in.now || c.in.now >= end) continue;
    std::string offer = !t.offer_id.empty() ? t.offer_id : e.offer_id;
    out.push_back({&t, trigger, "event:" + t.id + ":" + e.id + ":" + std::to_string(e.start), offer,
                   {{"event", cal::pick_text(e.name, locale_of(c.in))}, {"days", std::to_string(std::max<std::int64_t>(0, start_day - c.today))}}});
  }
}

// The best-scoring eligible offer not alerted before.
void deal(const Context& c, const Template& t, std::vector<Candidate>& out) {
  const DealCandidate* best = nullptr;
  for (const DealCandidate& d : c.in.deals) {
    if (d.score < t.min_score || c.sent("deal:" + d.offer_id)) continue;
    if (!best || d.score > best->score || (d.score == best->score && d.offer_id < best->offer_id)) best = &d;
  }
  if (best) out.push_back({&t, c.in.now, "deal:" + best->offer_id, best->offer_id, {}});
}

void goal(const Context& c, const Template& t, std::vector<Candidate>& out) {
  for (const games::Progress& p : c.in.goals) {
    if (p.completed || p.target <= 0 || static_cast<double>(p.value) < t.threshold * static_cast<double>(p.target)) continue;
    Money left = p.target - p.value;
    std::string amount = p.challenge->type == games::GoalType::Spend ? format_money(left, c.setup.currency) : std::to_string(left);
    std::string offer = !t.offer_id.empty() ? t.offer_id : p.challenge->reward.offer_id;
    out.push_back({&t, c.in.now, "goal:" + t.id + ":" + p.challenge->id + "@" + p.period_key, offer,
                   {{"amount", amount}, {"goal", cal::pick_text(p.challenge->title, locale_of(c.in))}}});
  }
}

// {name} {tier} {offer} and the candidate's own fields; unknown placeholders stay as written.
std::string render(const Context& c, const Candidate& k) {
  std::string text = cal::pick_text(k.tpl->text, locale_of(c.in)), out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += text[i++];
      continue;
    }
    std::string_view field = std::string_view(text).substr(i + 1, close - i - 1);
    std::string value;
    bool known = true;
    if (field == "name") value = c.in.profile->name;
    else if (field == "tier") value = c.in.profile->tier;
    else if (field == "offer") value = offer_title(c, k.offer_id);
    else if (auto it = k.fields.find(field); it != k.fields.end()) value = it->second;
    else known = false;
    out += known ? value : text.substr(i, close - i + 1);
    i = close + 1;
  }
  return out;
}

bool consented(const Consents& c, Channel ch) {
  switch (ch) {
    case Channel::WeChat: return c.wechat;
    case Channel::Email: return c.email;
    case Channel::Sms: return c.sms;
    case Channel::InApp: return c.in_app;
  }
  return false;
}

// The template's channels, those the shopper lists in attributes.channels first.
std::vector<Channel> channel_order(const Inputs& in, const Template& t) {
  std::vector<Channel> order;
  const Json& doc = in.profile_doc;
  if (doc.is_object() && doc.contains("attributes") && doc["attributes"].is_object()) {
    const Json& pref = doc["attributes"].value("channels", Json::array());
    if (pref.is_array())
      for (const Json& p : pref)
        for (Channel ch : t.channels)
          if (p.is_string() && p.get_ref<const std::string&>() == to_string(ch) &&
              std::find(order.begin(), order.end(), ch) == order.end())
            order.push_back(ch);
  }
  for (Channel ch : t.channels)
    if (std::find(order.begin(), order.end(), ch) == order.end()) order.push_back(ch);
  return order;
}

// Pushes wait for the end of quiet hours in the shopper's zone; in-app messages are shown
// when the app is open, so they never wait.
Millis after_quiet(const Context& c, Channel ch, Millis t) {
  const int from = c.setup.config.quiet_from, to = c.setup.config.quiet_to;
  if (ch == Channel::InApp || from == to) return t;
  LocalTime lt = local_time(t, c.zone);
  const int m = lt.minute_of_day;
  bool quiet = from < to ? (m >= from && m < to) : (m >= from || m < to);
  if (!quiet) return t;
  std::int64_t day = cal::day_number(lt) + ((from > to && m >= from) ? 1 : 0);
  return cal::utc_at(day, to, c.zone);
}

}  // namespace

std::string format_money(Money amount, std::string_view currency) {
  struct Cur {
    std::string_view code, symbol;
    int decimals;
  };
  static constexpr Cur kCurrencies[] = {{"CNY", "¥", 2}, {"JPY", "¥", 0}, {"KRW", "₩", 0}, {"USD", "$", 2},
                                        {"EUR", "€", 2}, {"GBP", "£", 2}, {"HKD", "HK$", 2}, {"TWD", "NT$", 2}};
  Cur cur{currency, "", 2};
  for (const Cur& c : kCurrencies)
    if (c.code == currency) cur = c;
  const bool negative = amount < 0;
  const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::uint64_t unit = 1;
  for (int i = 0; i < cur.decimals; ++i) unit *= 10;
  std::string number = std::to_string(v / unit);
  if (std::uint64_t frac = v % unit) {
    std::string f = std::to_string(frac);
    number += "." + std::string(static_cast<std::size_t>(cur.decimals) - f.size(), '0') + f;
  }
  std::string sign = negative ? "-" : "";
  return cur.symbol.empty() ? sign + number + " " + std::string(currency) : sign + std::string(cur.symbol) + number;
}

std::vector<Intent> due(const Setup& setup, const Inputs& in, const State& state) {
  std::vector<Intent> out;
  if (!in.profile) return out;
  const std::string_view zone = cal::zone_or(in.profile->zone, in.zone);
  Context c{setup, in, state, zone, cal::day_number(local_time(in.now, zone))};

  std::vector<Candidate> found;
  for (Kind kind : {Kind::Birthday, Kind::Goal, Kind::Event, Kind::Deal, Kind::WeMissYou})
    for (const Template& t : setup.templates) {
      if (t.kind != kind) continue;
      switch (kind) {
        case Kind::Birthday: birthday(c, t, found); break;
        case Kind::Goal: goal(c, t, found); break;
        case Kind::Event: calendar(c, t, found); break;
        case Kind::Deal: deal(c, t, found); break;
        case Kind::WeMissYou: we_miss_you(c, t, found); break;
      }
    }

  std::map<Channel, int> used;  // sent in the last week plus picked in this call
  for (const Sent& s : state.sent)
    if (s.at > in.now - kWeekMs && s.at <= in.now) ++used[s.channel];
  for (const Candidate& k : found) {
    if (c.sent(k.key) || std::any_of(out.begin(), out.end(), [&](const Intent& i) { return i.key == k.key; })) continue;
    for (Channel ch : channel_order(in, *k.tpl)) {
      auto cap = setup.config.weekly_caps.find(ch);
      if (!consented(in.profile->consents, ch) || (cap != setup.config.weekly_caps.end() && used[ch] >= cap->second)) continue;
      ++used[ch];
      out.push_back({k.tpl->kind, ch, k.tpl->id, render(c, k), k.offer_id, after_quiet(c, ch, std::max(k.trigger, in.now)), k.key});
      break;
    }
  }
  return out;
}

Json to_json(const Intent& i) {
  Json j = {{"kind", to_string(i.kind)}, {"channel", to_string(i.channel)}, {"templateId", i.template_id},
            {"text", i.text},            {"dueAt", i.due_at},                 {"key", i.key}};
  if (!i.offer_id.empty()) j["offerId"] = i.offer_id;
  return j;
}

Intent intent_from_json(const Json& j) {
  auto bad = [](const char* field, const char* what) { return Error(ErrorCode::PK_INVALID_ARGUMENT, std::string("must be ") + what, field); };
  if (!j.is_object()) throw bad("", "an intent object { kind, channel, templateId, text, dueAt, key }");
  Intent i;
  auto text = [&](const char* field, bool required) {
    auto it = j.find(field);
    if (it == j.end() && !required) return std::string();
    if (it == j.end() || !it->is_string()) throw bad(field, "a string");
    return it->get<std::string>();
  };
  auto kind = kind_from_string(text("kind", true));
  auto channel = channel_from_string(text("channel", true));
  if (!kind) throw bad("kind", "birthday, we_miss_you, event, deal or goal");
  if (!channel) throw bad("channel", "wechat, email, sms or inApp");
  i.kind = *kind;
  i.channel = *channel;
  i.template_id = text("templateId", false);
  i.text = text("text", false);
  i.offer_id = text("offerId", false);
  i.key = text("key", true);
  auto due = j.find("dueAt");
  if (due == j.end() || !due->is_number_integer()) throw bad("dueAt", "a time in Unix milliseconds");
  i.due_at = due->get<Millis>();
  return i;
}

Inputs inputs_for(const games::Session& session, std::vector<DealCandidate> deals) {
  Inputs in;
  in.catalog = &session.catalog();
  in.profile = &session.profile();
  in.profile_doc = session.profile_doc();
  in.now = session.now();
  in.zone = session.zone();
  in.last_activity = session.last_activity();
  in.deals = std::move(deals);
  in.goals = session.progress();
  return in;
}

void record_sent(State& state, const Intent& intent) {
  state.sent.push_back({intent.key, intent.channel, intent.due_at});
  const Millis horizon = intent.due_at - kKeepMs;
  state.sent.erase(std::remove_if(state.sent.begin(), state.sent.end(), [&](const Sent& s) { return s.at < horizon; }), state.sent.end());
}

Json State::to_json() const {
  Json list = Json::array();
  for (const Sent& s : sent) list.push_back({s.key, to_string(s.channel), s.at});
  return {{"v", 1}, {"sent", std::move(list)}};
}

State State::from_json(const Json& j) {
  if (!j.is_object() || j.value("v", 0) != 1) throw Error(ErrorCode::PK_GAME_STATE, "must be a notifications state of version 1", "v");
  State s;
  const Json& list = j.value("sent", Json::array());
  if (!list.is_array()) throw Error(ErrorCode::PK_GAME_STATE, "must be an array", "sent");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& e = list[i];
    std::optional<Channel> ch;
    if (e.is_array() && e.size() == 3 && e[1].is_string()) ch = channel_from_string(e[1].get_ref<const std::string&>());
    if (!ch || !e[0].is_string() || !e[2].is_number_integer())
      throw Error(ErrorCode::PK_GAME_STATE, "must be [key, channel, time]", path_index("sent", i));
    s.sent.push_back({e[0].get<std::string>(), *ch, e[2].get<Millis>()});
  }
  return s;
}

}  // namespace promokit::notify
