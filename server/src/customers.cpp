#include "customers.hpp"

#include "promokit/analytics.hpp"
#include "promokit/validate.hpp"

namespace pkserver {

std::vector<Json> profiles_from_report(const Json& report) {
  std::vector<Json> out;
  auto rows = report.find("customers");
  if (rows == report.end() || !rows->is_array()) return out;
  for (const Json& c : *rows) {
    Json p = {{"id", c.value("id", "")}};
    for (const char* field : {"name", "locale", "city", "lastActiveAt", "spent", "orders", "interests"})
      if (auto f = c.find(field); f != c.end() && !f->is_null()) p[field] = *f;
    if (auto f = c.find("firstActiveAt"); f != c.end() && f->is_number_integer()) p["registeredAt"] = *f;
    if (auto f = c.find("segments"); f != c.end()) p["tags"] = *f;
    // Learned scores and last events as rules read them (score("loyalty"), has_event("complaint")),
    // so the built-in segments match imported customers as they match in the report.
    Json scores = Json::object();
    if (auto s = c.find("scores"); s != c.end() && s->is_object())
      for (const auto& [k, v] : s->items())
        if (v.is_number()) scores[k] = v;
    if (!scores.empty()) p["scores"] = scores;
    if (auto f = c.find("lastEvents"); f != c.end() && f->is_object() && !f->empty()) p["lastEvents"] = *f;
    Json attributes = Json::object();
    for (const char* field : {"rfm", "recencyDays", "complaints", "messagesIn", "messagesOut"})
      if (auto f = c.find(field); f != c.end() && !f->is_null()) attributes[field] = *f;
    if (!attributes.empty()) p["attributes"] = attributes;
    out.push_back(std::move(p));
  }
  return out;
}

ImportResult import_profiles(WriteTx& tx, const std::vector<Json>& profiles, const std::string& base_path) {
  ImportResult r;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    std::string path = promokit::path_index(base_path, i);
    try {
      promokit::Diagnostics diag;
      promokit::Profile p = promokit::read_profile(profiles[i], diag, path);
      auto existing = tx.customer(p.id);
      Json merged = existing && existing->profile_json != "{}" ? promokit::parse_json(existing->profile_json) : Json::object();
      merged.merge_patch(profiles[i]);
      merged.erase("points");  // the ledger keeps points
      tx.put_profile(p.id, merged.dump());
      ++r.imported;
    } catch (const promokit::Error& e) {
      r.rejected.push_back({{"index", i}, {"code", std::string(e.name())}, {"path", e.path()}, {"message", e.what()}});
    }
  }
  return r;
}

Answer import_customers(App& app, Call& call) {
  std::vector<Json> profiles;
  std::string base;
  Json summary;
  bool csv = call.req.get_header_value("Content-Type").find("csv") != std::string::npos;
  if (csv) {
    promokit::analytics::Options options;
    if (call.req.has_param("options")) options = promokit::analytics::Options::from_json(promokit::parse_json(call.req.get_param_value("options")));
    options.include_customers = true;
    Json report = promokit::analytics::analyze(call.req.body, options);
    profiles = profiles_from_report(report);
    base = "customers";
    summary = {{"summary", report.value("summary", Json())}, {"segments", report.value("segments", Json())}};
  } else {
    Json body = parse_body(call.req);
    if (body.is_object() && body.contains("customers")) {
      profiles = profiles_from_report(body);  // an analytics report (JSON export)
      base = "customers";
    } else {
      const Json* list = &body;
      if (body.is_object()) {
        auto p = body.find("profiles");
        if (p == body.end()) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "expected a profiles array, an analytics report or CSV", "profiles");
        list = &*p;
        base = "profiles";
      }
      if (!list->is_array()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected an array of profiles", base);
      profiles.assign(list->begin(), list->end());
    }
  }
  return app.idempotent_write(call, [&](WriteTx& tx) {
    ImportResult r = import_profiles(tx, profiles, base);
    Json out = {{"imported", r.imported}, {"rejected", r.rejected}};
    if (!summary.is_null()) out["analytics"] = summary;
    return json_answer(200, out);
  });
}

}  // namespace pkserver
