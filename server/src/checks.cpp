#include "checks.hpp"

#include <algorithm>

#include "promokit/crypto.hpp"
#include "promokit/rules.hpp"
#include "promokit/validate.hpp"

namespace pkserver {

std::string check_id(const Json& value, const std::string& path) {
  if (value.is_null()) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "is required", path);
  if (!value.is_string()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be a string", path);
  const std::string& s = value.get_ref<const std::string&>();
  if (s.empty() || s.size() > 128) fail(400, ErrorCode::PK_SCHEMA_FORMAT, "must be 1 to 128 bytes long", path);
  if (std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    fail(400, ErrorCode::PK_SCHEMA_FORMAT, "must not contain control characters", path);
  return s;
}

Json shopper_json(const std::string& id, const std::optional<CustomerRecord>& record) {
  Json profile = record && record->profile_json != "{}" ? promokit::parse_json(record->profile_json) : Json{{"id", id}};
  profile["points"] = record ? record->points : 0;
  return profile;
}

Json load_shopper(Storage& storage, const std::string& id) {
  std::optional<CustomerRecord> record;
  storage.read([&](ReadTx& tx) { record = tx.customer(id); });
  return shopper_json(id, record);
}

promokit::Profile validate_profile(const Json& profile) {
  try {
    return promokit::read_profile(profile);
  } catch (const promokit::Error& e) {
    throw from_core(e);
  }
}

const char* window_problem(const promokit::Offer& offer, Millis now, const std::string& zone) {
  const promokit::Validity& v = offer.validity;
  if (v.start && now < *v.start) return "the offer has not started yet";
  if (v.end && now >= *v.end) return "the offer has ended";
  if (v.dayparts.empty()) return nullptr;
  promokit::LocalTime t = promokit::local_time(now, zone);
  auto on = [](std::uint8_t days, int weekday) { return (days >> weekday) & 1; };
  for (const auto& d : v.dayparts) {
    bool in = d.from_minute <= d.to_minute
                  ? on(d.days, t.weekday) && t.minute_of_day >= d.from_minute && t.minute_of_day < d.to_minute
                  // A window across midnight belongs to the day it starts on.
                  : (on(d.days, t.weekday) && t.minute_of_day >= d.from_minute) ||
                        (on(d.days, (t.weekday + 6) % 7) && t.minute_of_day < d.to_minute);
    if (in) return nullptr;
  }
  return "the offer is outside its hours now";
}

void check_window(const promokit::Offer& offer, Millis now, const std::string& zone) {
  if (const char* problem = window_problem(offer, now, zone)) fail(409, ErrorCode::PK_OUTSIDE_WINDOW, problem, "offerId");
}

promokit::EvalContext eval_context(const Json& profile, Millis now, const std::string& zone) {
  // Rules read local times in the shopper's zone when the profile names one.
  return promokit::EvalContext{now, profile.contains("zone") ? std::string() : zone, nullptr};
}

void check_targeting(const CatalogSnapshot& snap, const std::string& offer_id, const Json& profile, Millis now, const std::string& zone) {
  std::optional<promokit::Rule> rule = snap.offer_targeting(offer_id);
  if (rule && !rule->matches(profile, eval_context(profile, now, zone)))
    fail(403, ErrorCode::PK_OFFER_NOT_ELIGIBLE, "the offer's targeting does not match this shopper", "customerId");
}

promokit::codes::Format code_format(const App& app, const promokit::Offer& offer) {
  promokit::codes::Format f;
  if (!offer.code.pattern.empty()) f.pattern = offer.code.pattern;
  // One key per offer, derived from the server's signing key: codes of one offer say nothing
  // about another's, and nothing needs storing.
  f.key = promokit::crypto::hex_encode(promokit::crypto::as_bytes(
      promokit::crypto::hmac_sha256(app.keys().signing_key, "promokit codes v1\n" + offer.id)));
  return f;
}

std::optional<std::uint64_t> check_code(App& app, const promokit::Offer& offer, const std::string& code) {
  using promokit::CodeMode;
  if (offer.code.mode == CodeMode::None) return std::nullopt;
  if (code.empty()) fail(403, ErrorCode::PK_CODE_INVALID, "this offer is claimed with a code", "code");
  if (offer.code.mode == CodeMode::Shared) {
    auto upper = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    };
    if (upper(code) != upper(offer.code.value)) fail(403, ErrorCode::PK_CODE_INVALID, "the code is not this offer's code", "code");
    return std::nullopt;
  }
  std::optional<std::uint64_t> index = promokit::codes::CodeScheme(code_format(app, offer)).index_of(code);
  std::uint64_t issued = 0;
  app.storage().read([&](ReadTx& tx) { issued = tx.sequence("codes:" + offer.id); });
  if (!index || *index >= issued) fail(403, ErrorCode::PK_CODE_INVALID, "the code is not one issued for this offer", "code");
  return index;
}

void debit_points(WriteTx& tx, const std::string& customer_id, std::int64_t points, const std::string& entry_id,
                  const std::string& reason, const std::string& ref, Millis now) {
  LedgerEntry e{entry_id, customer_id, reason, ref, -points, 0, now};
  if (!tx.add_ledger_entry(e)) return;
  if (e.balance < 0)
    fail(409, ErrorCode::PK_INSUFFICIENT_POINTS,
         "this costs " + std::to_string(points) + " points and the balance is " + std::to_string(e.balance + points), "customerId");
}

Json read_ledger_entries(const Json& list) {
  if (!list.is_array()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be an array of { id, points, reason, ref }", "ledger");
  if (list.size() > 100) fail(400, ErrorCode::PK_JSON_ARRAY_TOO_LONG, "at most 100 entries per request", "ledger");
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string path = promokit::path_index("ledger", i);
    const Json& e = list[i];
    if (!e.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be an object", path);
    check_id(e.value("id", Json()), promokit::path_key(path, "id"));
    auto p = e.find("points");
    if (p == e.end()) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "is required", promokit::path_key(path, "points"));
    if (!p->is_number_integer() || p->get<std::int64_t>() == 0 || std::llabs(p->get<std::int64_t>()) > 1000000000)
      fail(400, ErrorCode::PK_SCHEMA_RANGE, "must be a non-zero integer of at most 10^9 either way", promokit::path_key(path, "points"));
    for (const char* field : {"reason", "ref"})
      if (auto f = e.find(field); f != e.end()) check_id(*f, promokit::path_key(path, field));
  }
  return list;
}

bool is_admin_call(const App& app, const httplib::Request& req) {
  std::string token = bearer_of(req);
  return !token.empty() && promokit::crypto::equal_constant_time(sha256_hex(token), app.keys().admin_token_digest);
}

}  // namespace pkserver
