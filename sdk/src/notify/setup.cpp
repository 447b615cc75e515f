// Reading the catalog sections notifications use: templates, calendar, config.notifications.
#include <algorithm>

#include "games/internal.hpp"
#include "promokit/notify.hpp"
#include "promokit/validate.hpp"

namespace promokit::notify {
namespace {

namespace cal = games::cal;

constexpr std::pair<const char*, Channel> kChannels[] = {
    {"wechat", Channel::WeChat}, {"email", Channel::Email}, {"sms", Channel::Sms}, {"inApp", Channel::InApp}};
constexpr std::pair<const char*, Kind> kKinds[] = {
    {"birthday", Kind::Birthday}, {"we_miss_you", Kind::WeMissYou}, {"event", Kind::Event}, {"deal", Kind::Deal}, {"goal", Kind::Goal}};

template <class E, std::size_t N>
std::optional<E> lookup(std::string_view name, const std::pair<const char*, E> (&table)[N]) noexcept {
  for (const auto& [n, e] : table)
    if (name == n) return e;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(E e, const std::pair<const char*, E> (&table)[N]) {
  for (const auto& [n, v] : table)
    if (v == e) return n;
  return "?";
}

Channel channel_at(const Json& v, const std::string& path) {
  if (v.is_string())
    if (auto c = lookup(v.get_ref<const std::string&>(), kChannels)) return *c;
  throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of wechat, email, sms, inApp", path);
}

int minute_field(const Json& obj, const char* key, int fallback, const std::string& path) {
  std::string text = cal::text_field(obj, key, "", path);
  if (text.empty() && !obj.contains(key)) return fallback;
  int m = parse_hhmm(text);
  if (m < 0 || m >= 1440) throw Error(ErrorCode::PK_SCHEMA_FORMAT, "must be a time HH:MM", path_key(path, key));
  return m;
}

double number_field(const Json& obj, const char* key, double fallback, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be a number", path_key(path, key));
  double v = it->get<double>();
  if (!(v >= 0 && v <= 1)) throw Error(ErrorCode::PK_SCHEMA_RANGE, "must be 0 to 1", path_key(path, key));
  return v;
}

const Json& array_section(const Json& section, const char* name) {
  static const Json empty = Json::array();
  if (section.is_null()) return empty;
  if (!section.is_array()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an array", name);
  return section;
}

void check_offer(const Catalog& catalog, const std::string& id, const std::string& path) {
  if (id.empty()) return;
  if (std::none_of(catalog.offers.begin(), catalog.offers.end(), [&](const Offer& o) { return o.id == id; }))
    throw Error(ErrorCode::PK_SCHEMA_REFERENCE, "names offer \"" + id + "\", which is not in the catalog", path);
}

std::string required_id(const Json& j, const std::string& path) {
  std::string id = cal::text_field(j, "id", "", path);
  if (id.empty()) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "must be a non-empty id", path_key(path, "id"));
  return id;
}

}  // namespace

std::string_view to_string(Channel c) noexcept { return name_of(c, kChannels); }
std::string_view to_string(Kind k) noexcept { return name_of(k, kKinds); }
std::optional<Channel> channel_from_string(std::string_view name) noexcept { return lookup(name, kChannels); }
std::optional<Kind> kind_from_string(std::string_view name) noexcept { return lookup(name, kKinds); }

namespace {

bool has_notifications_config(const Catalog& catalog) {
  return catalog.config.is_object() && catalog.config.contains("notifications");
}

// Kept out of read_setup: wasm compiles a function at its first call, and most catalogs have
// none of these sections, so an engine's creation need not compile this reader.
[[gnu::noinline]] void read_sections(const Catalog& catalog, Setup& s) {
  const Json& cal_section = array_section(catalog.calendar, "calendar");
  for (std::size_t i = 0; i < cal_section.size(); ++i) {
    const std::string path = path_index("calendar", i);
    const Json& j = cal_section[i];
    if (!j.is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object", path);
    CalendarEvent e;
    e.id = required_id(j, path);
    e.name = cal::i18n_field(j, "name", path);
    e.start = cal::int_field(j, "start", -1, 0, std::int64_t(1) << 53, path);
    if (e.start < 0) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "is required (Unix milliseconds)", path_key(path, "start"));
    if (j.contains("end")) {
      e.end = cal::int_field(j, "end", 0, 0, std::int64_t(1) << 53, path);
      if (*e.end <= e.start) throw Error(ErrorCode::PK_SCHEMA_CONSTRAINT, "must be after start", path_key(path, "end"));
    }
    e.offer_id = cal::text_field(j, "offerId", "", path);
    check_offer(catalog, e.offer_id, path_key(path, "offerId"));
    s.calendar.push_back(std::move(e));
  }

  const Json& tpl = array_section(catalog.templates, "templates");
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    const std::string path = path_index("templates", i);
    const Json& j = tpl[i];
    if (!j.is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object", path);
    Template t;
    t.id = required_id(j, path);
    auto kind = lookup(cal::text_field(j, "kind", "", path), kKinds);
    if (!kind) throw Error(ErrorCode::PK_SCHEMA_ENUM, "must be one of birthday, we_miss_you, event, deal, goal", path_key(path, "kind"));
    t.kind = *kind;
    t.text = cal::i18n_field(j, "text", path);
    if (t.text.empty()) throw Error(ErrorCode::PK_SCHEMA_REQUIRED, "is required", path_key(path, "text"));
    if (auto ch = j.find("channels"); ch != j.end()) {
      if (!ch->is_array() || ch->empty())
        throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be a non-empty array of channels", path_key(path, "channels"));
      for (std::size_t k = 0; k < ch->size(); ++k) t.channels.push_back(channel_at((*ch)[k], path_index(path_key(path, "channels"), k)));
    } else {
      t.channels = {Channel::WeChat, Channel::InApp};
    }
    t.offer_id = cal::text_field(j, "offerId", "", path);
    check_offer(catalog, t.offer_id, path_key(path, "offerId"));
    t.days_before = static_cast<int>(cal::int_field(j, "daysBefore", 0, 0, 366, path));
    t.inactive_days = static_cast<int>(cal::int_field(j, "inactiveDays", 30, 1, 3660, path));
    t.cooldown_days = static_cast<int>(cal::int_field(j, "cooldownDays", 30, 0, 3660, path));
    t.min_score = number_field(j, "minScore", 0.5, path);
    t.threshold = number_field(j, "threshold", 0.8, path);
    t.send_minute = minute_field(j, "sendAt", 600, path);
    t.calendar_id = cal::text_field(j, "calendarId", "", path);
    if (!t.calendar_id.empty() &&
        std::none_of(s.calendar.begin(), s.calendar.end(), [&](const CalendarEvent& e) { return e.id == t.calendar_id; }))
      throw Error(ErrorCode::PK_SCHEMA_REFERENCE, "names calendar entry \"" + t.calendar_id + "\", which is not in the catalog",
                  path_key(path, "calendarId"));
    s.templates.push_back(std::move(t));
  }

  if (catalog.config.is_object()) {
    auto n = catalog.config.find("notifications");
    if (n != catalog.config.end()) {
      const std::string path = "config.notifications";
      if (!n->is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object", path);
      if (auto caps = n->find("caps"); caps != n->end()) {
        if (!caps->is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be an object of channel -> messages per week", path_key(path, "caps"));
        for (auto it = caps->begin(); it != caps->end(); ++it) {
          Channel c = channel_at(Json(it.key()), path_key(path_key(path, "caps"), it.key()));
          s.config.weekly_caps[c] = static_cast<int>(cal::int_field(*caps, it.key().c_str(), 0, 0, 1000, path_key(path, "caps")));
        }
      }
      if (auto q = n->find("quietHours"); q != n->end()) {
        if (!q->is_object()) throw Error(ErrorCode::PK_SCHEMA_TYPE, "must be { from, to }", path_key(path, "quietHours"));
        s.config.quiet_from = minute_field(*q, "from", s.config.quiet_from, path_key(path, "quietHours"));
        s.config.quiet_to = minute_field(*q, "to", s.config.quiet_to, path_key(path, "quietHours"));
      }
    }
  }
}

}  // namespace

Setup read_setup(const Catalog& catalog) {
  Setup s;
  if (!catalog.currency.empty()) s.currency = catalog.currency;
  if (!catalog.calendar.is_null() || !catalog.templates.is_null() || has_notifications_config(catalog)) read_sections(catalog, s);
  return s;
}

}  // namespace promokit::notify
