// Options from JSON (camelCase, as the JS API passes them). Unknown keys are refused so a
// misspelt option never silently falls back to a default.
#include <cmath>
#include <set>

#include "internal.hpp"

namespace promokit::analytics {

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& message) {
  throw Error(ErrorCode::PK_ANALYTICS_OPTION, message, path);
}

void only_keys(const Json& j, const std::string& path, std::initializer_list<const char*> keys) {
  if (!j.is_object()) bad(path.empty() ? "options" : path, "must be an object");
  std::set<std::string_view> allowed(keys.begin(), keys.end());
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!allowed.count(it.key())) bad(path_key(path, it.key()), "unknown option");
}

double number(const Json& v, const std::string& path, double lo, double hi) {
  if (!v.is_number()) bad(path, "must be a number");
  double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi)
    bad(path, "must be between " + Json(lo).dump() + " and " + Json(hi).dump());
  return d;
}

std::string string(const Json& v, const std::string& path) {
  if (!v.is_string()) bad(path, "must be a string");
  return v.get<std::string>();
}

std::vector<std::string> strings(const Json& v, const std::string& path) {
  if (!v.is_array()) bad(path, "must be an array of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(string(v[i], path_index(path, i)));
  return out;
}

// A time: Unix milliseconds or a timestamp string in one of the accepted formats.
Millis time_value(const Json& v, const std::string& path, const Options& o) {
  if (v.is_number()) return static_cast<Millis>(number(v, path, 0, 253402300800000.0));
  if (v.is_string()) {
    if (auto t = parse_timestamp(v.get<std::string>(), o.utc_offset_minutes, o.date_order)) return *t;
    bad(path, "is not a timestamp (ISO 8601, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY HH:MM)");
  }
  bad(path, "must be Unix milliseconds or a timestamp string");
}

std::string column(const Json& v, const std::string& path) {
  if (v.is_number_integer()) return "#" + std::to_string(static_cast<std::int64_t>(number(v, path, 0, 10000)));
  std::string s = string(v, path);
  if (s.empty()) bad(path, "must not be empty");
  return s;
}

Experiment read_experiment(const Json& j, const Options& o) {
  only_keys(j, "experiment", {"id", "arms", "start", "end", "segment"});
  Experiment e;
  if (!j.contains("id")) bad("experiment.id", "is required");
  e.id = string(j["id"], "experiment.id");
  if (!j.contains("arms") || !j["arms"].is_array() || j["arms"].size() < 2)
    bad("experiment.arms", "must be an array of at least two arms");
  const Json& arms = j["arms"];
  std::set<std::string> names;
  for (std::size_t i = 0; i < arms.size(); ++i) {
    std::string p = path_index("experiment.arms", i);
    Experiment::Arm arm;
    if (arms[i].is_string()) {
      arm.name = arms[i].get<std::string>();
    } else {
      only_keys(arms[i], p, {"name", "weight"});
      if (!arms[i].contains("name")) bad(path_key(p, "name"), "is required");
      arm.name = string(arms[i]["name"], path_key(p, "name"));
      if (arms[i].contains("weight")) arm.weight = number(arms[i]["weight"], path_key(p, "weight"), 1e-9, 1e9);
    }
    if (!names.insert(arm.name).second) bad(p, "arm names must be unique");
    e.arms.push_back(arm);
  }
  if (!j.contains("start")) bad("experiment.start", "is required");
  e.start = time_value(j["start"], "experiment.start", o);
  if (j.contains("end")) {
    e.end = time_value(j["end"], "experiment.end", o);
    if (*e.end <= e.start) bad("experiment.end", "must be after experiment.start");
  }
  if (j.contains("segment")) {
    e.segment = string(j["segment"], "experiment.segment");
    bool known = false;
    for (const char* s : detail::kSegmentNames) known |= e.segment == s;
    if (!known) bad("experiment.segment", "unknown segment \"" + e.segment + "\"");
  }
  return e;
}

}  // namespace

Options Options::from_json(const Json& j) {
  Options o;
  if (j.is_null()) return o;
  only_keys(j, "", {"columns", "delimiter", "phoneCountryCode", "maxRowBytes", "currency", "utcOffset", "dateOrder",
                    "now", "thresholds", "replyWindowHours", "defaultLanguage", "complaintTerms",
                    "extraComplaintTerms", "locations", "services", "exchangeRates", "campaign", "experiment",
                    "maxExamples", "topCustomers", "includeCustomers"});
  if (j.contains("columns")) {
    const Json& c = j["columns"];
    only_keys(c, "columns", {"customer", "timestamp", "direction", "text", "amount", "name"});
    std::pair<const char*, std::string*> cols[] = {{"customer", &o.col_customer}, {"timestamp", &o.col_timestamp},
                                                   {"direction", &o.col_direction}, {"text", &o.col_text},
                                                   {"amount", &o.col_amount}, {"name", &o.col_name}};
    for (auto& [key, field] : cols)
      if (c.contains(key)) *field = column(c[key], path_key("columns", key));
    if (o.col_customer.empty() || o.col_timestamp.empty() || o.col_direction.empty())
      bad("columns", "customer, timestamp and direction columns are required");
  }
  if (j.contains("delimiter")) {
    std::string d = string(j["delimiter"], "delimiter");
    if (d.size() != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r') bad("delimiter", "must be one character");
    o.delimiter = d[0];
  }
  if (j.contains("phoneCountryCode")) {
    o.phone_country_code = string(j["phoneCountryCode"], "phoneCountryCode");
    if (!o.phone_country_code.empty() && o.phone_country_code[0] == '+') o.phone_country_code.erase(0, 1);
    if (o.phone_country_code.empty() || o.phone_country_code.size() > 4 ||
        o.phone_country_code.find_first_not_of("0123456789") != std::string::npos)
      bad("phoneCountryCode", "must be 1-4 digits, e.g. \"255\"");
  }
  if (j.contains("maxRowBytes"))
    o.max_row_bytes = static_cast<std::size_t>(number(j["maxRowBytes"], "maxRowBytes", 64, 64 << 20));
  if (j.contains("currency")) {
    o.currency = string(j["currency"], "currency");
    if (o.currency.size() != 3 || o.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
      bad("currency", "must be an ISO 4217 code such as \"TZS\"");
  }
  if (j.contains("utcOffset")) {
    const Json& v = j["utcOffset"];
    if (v.is_number()) {
      o.utc_offset_minutes = static_cast<int>(number(v, "utcOffset", -14 * 60, 14 * 60));
    } else {
      auto off = parse_utc_offset(string(v, "utcOffset"));
      if (!off) bad("utcOffset", "must be minutes or \"+03:00\"");
      o.utc_offset_minutes = *off;
    }
  }
  if (j.contains("dateOrder")) {
    std::string d = string(j["dateOrder"], "dateOrder");
    if (d != "dmy" && d != "mdy") bad("dateOrder", "must be \"dmy\" or \"mdy\"");
    o.date_order = d == "dmy" ? DateOrder::DMY : DateOrder::MDY;
  }
  if (j.contains("now") && !j["now"].is_null()) o.now = time_value(j["now"], "now", o);
  if (j.contains("thresholds")) {
    const Json& t = j["thresholds"];
    only_keys(t, "thresholds",
              {"highValueSpent", "inactiveDays", "newDays", "loyalLoyalty", "loyalEngagement"});
    auto& th = o.thresholds;
    if (t.contains("highValueSpent"))
      th.high_value_spent = static_cast<Money>(number(t["highValueSpent"], "thresholds.highValueSpent", 0, 1e15));
    if (t.contains("inactiveDays")) th.inactive_days = number(t["inactiveDays"], "thresholds.inactiveDays", 0, 36500);
    if (t.contains("newDays")) th.new_days = number(t["newDays"], "thresholds.newDays", 0, 36500);
    if (t.contains("loyalLoyalty")) th.loyal_loyalty = number(t["loyalLoyalty"], "thresholds.loyalLoyalty", 0, 1);
    if (t.contains("loyalEngagement"))
      th.loyal_engagement = number(t["loyalEngagement"], "thresholds.loyalEngagement", 0, 1);
  }
  if (j.contains("replyWindowHours"))
    o.reply_window_hours = number(j["replyWindowHours"], "replyWindowHours", 1.0 / 60, 24 * 365);
  if (j.contains("defaultLanguage")) {
    o.default_language = string(j["defaultLanguage"], "defaultLanguage");
    if (o.default_language != "sw" && o.default_language != "en")
      bad("defaultLanguage", "must be \"sw\" or \"en\"");
  }
  if (j.contains("complaintTerms")) {
    o.complaint_terms = strings(j["complaintTerms"], "complaintTerms");
    if (o.complaint_terms.empty()) bad("complaintTerms", "must not be empty (omit it for the built-in lexicon)");
  }
  if (j.contains("extraComplaintTerms")) o.extra_complaint_terms = strings(j["extraComplaintTerms"], "extraComplaintTerms");
  if (j.contains("locations")) {
    detail::named_terms_from_json(j["locations"], "locations");
    o.locations = j["locations"];
  }
  if (j.contains("services")) {
    detail::named_terms_from_json(j["services"], "services");
    o.services = j["services"];
  }
  if (j.contains("exchangeRates")) {
    const Json& r = j["exchangeRates"];
    if (!r.is_object()) bad("exchangeRates", "must be an object of currency -> rate");
    for (auto it = r.begin(); it != r.end(); ++it) number(it.value(), path_key("exchangeRates", it.key()), 1e-9, 1e12);
    o.exchange_rates = r;
  }
  if (j.contains("campaign")) {
    const Json& c = j["campaign"];
    if (!c.is_object()) bad("campaign", "must be an object of segment -> overrides");
    for (auto it = c.begin(); it != c.end(); ++it) {
      bool known = false;
      for (const char* s : detail::kSegmentNames) known |= it.key() == s;
      std::string p = path_key("campaign", it.key());
      if (!known) bad(p, "unknown segment");
      only_keys(it.value(), p, {"action", "percent", "offer", "sendWindow", "templates"});
      if (it.value().contains("percent")) number(it.value()["percent"], path_key(p, "percent"), 0, 100);
      if (it.value().contains("templates")) {
        const Json& t = it.value()["templates"];
        only_keys(t, path_key(p, "templates"), {"sw", "en"});
        for (auto tt = t.begin(); tt != t.end(); ++tt) string(tt.value(), path_key(path_key(p, "templates"), tt.key()));
      }
      for (const char* k : {"action", "offer", "sendWindow"})
        if (it.value().contains(k)) string(it.value()[k], path_key(p, k));
    }
    o.campaign = c;
  }
  if (j.contains("experiment") && !j["experiment"].is_null()) o.experiment = read_experiment(j["experiment"], o);
  if (j.contains("maxExamples"))
    o.max_examples = static_cast<std::size_t>(number(j["maxExamples"], "maxExamples", 0, 100000));
  if (j.contains("topCustomers"))
    o.top_customers = static_cast<std::size_t>(number(j["topCustomers"], "topCustomers", 0, 100000));
  if (j.contains("includeCustomers")) {
    if (!j["includeCustomers"].is_boolean()) bad("includeCustomers", "must be true or false");
    o.include_customers = j["includeCustomers"].get<bool>();
  }
  return o;
}

}  // namespace promokit::analytics
