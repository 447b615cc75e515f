// The admin API (bearer token): catalog documents CRUD validated by the core, audience preview,
// per-offer stats, customer import, voucher code batches.
#include <algorithm>
#include <cstdlib>

#include "app.hpp"
#include "checks.hpp"
#include "customers.hpp"
#include "log.hpp"
#include "promokit/codes.hpp"
#include "promokit/ranking.hpp"
#include "promokit/rules.hpp"
#include "promokit/validate.hpp"

namespace pkserver {
namespace {

Json list_documents(App& app, const DocumentKind& kind) {
  auto snap = app.catalog();
  auto it = snap->doc.find(kind.section);
  return {{"items", it == snap->doc.end() ? Json::array() : *it}, {"version", snap->version}};
}

// Validates the change against the whole catalog (references, segment rules, targeting), then
// stores it and publishes the new snapshot. Catalog changes are serialized.
// The answer is the stored document (or `reply` when given).
Answer change_document(App& app, Call& call, const DocumentKind& kind, const std::string& id,
                       const std::optional<Json>& doc, int status_new, int status_existing, const Json* reply = nullptr) {
  std::lock_guard<std::mutex> lock(app.admin_mutex());
  auto current = app.catalog();
  bool exists = current->item(kind.section, id) != nullptr;
  if (!doc && !exists) fail(404, ErrorCode::PK_NOT_FOUND, "no " + std::string(kind.kind) + " document \"" + id + "\"");
  if (doc && exists && status_existing == 0)
    fail(409, ErrorCode::PK_ALREADY_EXISTS, "\"" + id + "\" exists already; PUT /v1/admin/" + std::string(kind.kind) + "/" + id + " replaces it", "id");
  std::shared_ptr<const CatalogSnapshot> next;
  try {
    next = compile_change(*current, kind, id, doc);
  } catch (ApiError& e) {
    if (!doc) e.status = 409;  // deleting what others still refer to
    throw;
  }
  bool changed = false;
  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    std::int64_t version = doc ? tx.put_document(std::string(kind.kind), id, doc->dump()) : tx.delete_document(std::string(kind.kind), id);
    if (version != next->version) throw std::runtime_error("catalog version moved outside the admin API");
    changed = true;
    if (!doc) return json_answer(200, {{"deleted", id}, {"version", version}});
    return json_answer(exists ? status_existing : status_new, reply ? *reply : *doc);
  });
  if (changed) {
    app.set_catalog(next);
    log_info("catalog changed", {{"kind", kind.kind}, {"id", id}, {"version", next->version}, {"op", doc ? "put" : "delete"}});
  }
  return a;
}

Json document_body(const Call& call, const std::optional<std::string>& path_id) {
  Json doc = parse_body(call.req);
  if (!doc.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected a JSON object");
  if (path_id) {
    if (!doc.contains("id")) doc["id"] = *path_id;
    if (doc["id"] != Json(*path_id)) fail(400, ErrorCode::PK_SCHEMA_CONSTRAINT, "the id in the body differs from the one in the path", "id");
  }
  check_id(doc.value("id", Json()), "id");
  return doc;
}

// The audience set of stored profiles, rebuilt when a profile changed since the last preview.
class Audience {
 public:
  std::pair<std::shared_ptr<const promokit::ProfileSet>, std::size_t> get(Storage& storage) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::int64_t revision = 0;
    storage.read([&](ReadTx& tx) { revision = tx.profiles_revision(); });
    if (!set_ || revision != revision_) {
      std::vector<Json> profiles;
      storage.read([&](ReadTx& tx) {
        revision = tx.profiles_revision();
        tx.each_profile([&](const std::string& json) { profiles.push_back(promokit::parse_json(json)); });
      });
      set_ = std::make_shared<const promokit::ProfileSet>(profiles);
      revision_ = revision;
    }
    return {set_, set_->size()};
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const promokit::ProfileSet> set_;
  std::int64_t revision_ = -1;
};

Answer preview(App& app, Call& call, Audience& audience) {
  Json body = parse_body(call.req);
  if (!body.is_object() || !body.contains("rule")) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "expected { rule, limit?, now? }", "rule");
  std::size_t limit = 20;
  if (auto l = body.find("limit"); l != body.end()) {
    if (!l->is_number_integer() || l->get<std::int64_t>() < 0 || l->get<std::int64_t>() > 1000)
      fail(400, ErrorCode::PK_SCHEMA_RANGE, "must be an integer from 0 to 1000", "limit");
    limit = l->get<std::size_t>();
  }
  auto snap = app.catalog();
  promokit::Rule rule;
  try {
    rule = promokit::compile_rule(body["rule"], snap->rules);
  } catch (const promokit::Error& e) {
    ApiError err = from_core(e);
    err.path = e.path().empty() ? "rule" : (e.path().front() == '[' ? "rule" : "rule.") + e.path();
    throw err;
  }
  Millis now = now_ms();
  if (auto n = body.find("now"); n != body.end()) {
    if (!n->is_number_integer() || n->get<std::int64_t>() < 0) fail(400, ErrorCode::PK_SCHEMA_TYPE, "must be a time in Unix milliseconds", "now");
    now = n->get<std::int64_t>();  // the admin page's clock, so time-based rules count as it shows them
  }
  auto [set, total] = audience.get(app.storage());
  promokit::EvalContext ctx{now, app.options().zone, nullptr};
  return json_answer(200, {{"count", set->count(rule, ctx)}, {"total", total}, {"sample", set->match(rule, limit, ctx)},
                           {"rule", rule.to_text()}});
}

promokit::ranking::OfferStats ranking_stats(const OfferCounts& c) {
  promokit::ranking::OfferStats s;
  s.claims = c.claims;
  s.redemptions = c.redemptions;
  for (const auto& [type, n] : c.events) {
    if (type == "view") s.impressions = n;
    if (type == "click") s.clicks = n;
  }
  return s;
}

// GET /v1/admin/customers?after=ID&limit=N: stored profiles (with points) in id order, a page
// at a time; `next` is the id to pass as `after` for the following page, null at the end.
Answer list_customers(App& app, Call& call) {
  std::string after = call.req.get_param_value("after");
  std::size_t limit = 100;
  if (call.req.has_param("limit")) {
    const std::string v = call.req.get_param_value("limit");
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || n < 1 || n > 1000) fail(400, ErrorCode::PK_SCHEMA_RANGE, "limit must be an integer from 1 to 1000", "limit");
    limit = static_cast<std::size_t>(n);
  }
  std::vector<CustomerRecord> page;
  app.storage().read([&](ReadTx& tx) { page = tx.customers_after(after, limit + 1); });
  bool more = page.size() > limit;
  if (more) page.pop_back();
  Json items = Json::array();
  for (const auto& r : page) items.push_back(shopper_json(r.id, r));
  return json_answer(200, {{"items", std::move(items)}, {"next", more ? Json(page.back().id) : Json()}});
}

Answer offer_stats(App& app, Call& call) {
  std::string id = call.req.matches[1].str();
  auto snap = app.catalog();
  const promokit::Offer* offer = snap->offer(id);
  OfferCounts counts;
  app.storage().read([&](ReadTx& tx) { counts = tx.offer_counts(id); });
  if (!offer && counts.claims == 0 && counts.events.empty())
    fail(404, ErrorCode::PK_OFFER_NOT_FOUND, "no offer \"" + id + "\" in the catalog and no history for it");
  Json events = Json::object();
  std::int64_t views = 0, clicks = 0;
  for (const auto& [type, n] : counts.events) {
    events[type] = n;
    if (type == "view") views = n;
    if (type == "click") clicks = n;
  }
  // Automatic tags: the ranking module's Wilson-score comparison with the whole catalog.
  std::map<std::string, promokit::ranking::OfferStats> all;
  app.storage().read([&](ReadTx& tx) {
    for (const auto& [offer_id, c] : tx.all_offer_counts()) all[offer_id] = ranking_stats(c);
  });
  promokit::ranking::AutoTags tags = promokit::ranking::automatic_tags(all);
  Json out = {{"offerId", id}, {"impressions", views}, {"clicks", clicks}, {"claims", counts.claims},
              {"redemptions", counts.redemptions}, {"events", events}, {"inCatalog", offer != nullptr},
              {"tags", tags.tags.count(id) ? Json(tags.tags[id]) : Json::array()},
              {"baseline", {{"clickRate", tags.ctr_baseline}, {"redemptionRate", tags.redemption_baseline}}}};
  out["remaining"] = offer && offer->limits.total ? Json(std::max<std::int64_t>(0, *offer->limits.total - counts.claims)) : Json();
  out["clickRate"] = views ? Json(static_cast<double>(clicks) / views) : Json();
  out["redemptionRate"] = counts.claims ? Json(static_cast<double>(counts.redemptions) / counts.claims) : Json();
  return json_answer(200, out);
}

Answer generate_codes(App& app, Call& call) {
  Json body = parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected { offerId, count }");
  std::string offer_id = check_id(body.value("offerId", Json()), "offerId");
  auto c = body.find("count");
  if (c == body.end() || !c->is_number_integer() || c->get<std::int64_t>() < 1 || c->get<std::int64_t>() > 100000)
    fail(400, ErrorCode::PK_SCHEMA_RANGE, "count must be an integer from 1 to 100000", "count");
  std::uint64_t count = c->get<std::uint64_t>();
  auto snap = app.catalog();
  const promokit::Offer* offer = snap->offer(offer_id);
  if (!offer) fail(404, ErrorCode::PK_OFFER_NOT_FOUND, "no offer \"" + offer_id + "\" in the catalog", "offerId");
  if (offer->code.mode != promokit::CodeMode::Unique)
    fail(409, ErrorCode::PK_SCHEMA_CONSTRAINT, "the offer's code.mode is not \"unique\"", "offerId");
  promokit::codes::CodeScheme scheme(code_format(app, *offer));
  bool csv = call.req.get_header_value("Accept").find("text/csv") != std::string::npos;
  return app.idempotent_write(call, [&](WriteTx& tx) {
    std::uint64_t start = tx.reserve_sequence("codes:" + offer_id, count);
    std::vector<std::string> codes = scheme.generate(start, count);
    if (csv) {
      std::string text = "offer_id,code\n";
      for (const auto& code : codes) text += offer_id + "," + code + "\n";
      return Answer{201, std::move(text), "text/csv"};
    }
    return json_answer(201, {{"offerId", offer_id}, {"start", start}, {"count", count}, {"pattern", scheme.pattern()}, {"codes", codes}});
  });
}

// FTRL over every stored event, replayed per shopper by the ranking module; the weights are
// published as catalog.model (clients get them with the next catalog sync).
Answer train(App& app, Call& call) {
  Json body = call.req.body.empty() ? Json::object() : parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected { options? }");
  promokit::ranking::TrainingOptions options = promokit::ranking::read_training_options(body.value("options", Json::object()));
  if (options.zone.empty()) options.zone = app.options().zone;
  std::vector<promokit::Profile> profiles;
  std::vector<promokit::Event> events;
  app.storage().read([&](ReadTx& tx) {
    tx.each_profile([&](const std::string& json) { profiles.push_back(promokit::read_profile(promokit::parse_json(json))); });
    tx.each_event([&](const std::string& json) { events.push_back(promokit::read_event(promokit::parse_json(json))); });
  });
  auto snap = app.catalog();
  promokit::ranking::TrainingReport report;
  promokit::ranking::Model model = promokit::ranking::train_model(snap->catalog, profiles, std::move(events), options, &report);
  Json model_json = promokit::ranking::to_json(model);
  Json reply = {{"published", true}, {"report", report.to_json()}, {"profiles", profiles.size()}};
  Answer a = change_document(app, call, model_kind(), "current", model_json, 201, 200, &reply);
  log_info("model trained", {{"examples", report.examples}, {"positives", report.positives}, {"status", a.status}});
  return a;
}

}  // namespace

void register_admin_routes(App& app) {
  for (const DocumentKind& k : document_kinds()) {
    std::string base = "/v1/admin/" + std::string(k.kind);
    const DocumentKind* kind = &k;
    app.route("GET", base, [&app, kind](Call&) { return json_answer(200, list_documents(app, *kind)); });
    app.route("POST", base, [&app, kind](Call& c) {
      Json doc = document_body(c, std::nullopt);
      return change_document(app, c, *kind, doc["id"], doc, 201, 0);
    });
    app.route("GET", base + "/{id}", [&app, kind](Call& c) {
      const Json* item = app.catalog()->item(kind->section, c.req.matches[1].str());
      if (!item) fail(404, ErrorCode::PK_NOT_FOUND, "no " + std::string(kind->kind) + " document \"" + c.req.matches[1].str() + "\"");
      return json_answer(200, *item);
    });
    app.route("PUT", base + "/{id}", [&app, kind](Call& c) {
      std::string id = c.req.matches[1].str();
      return change_document(app, c, *kind, id, document_body(c, id), 201, 200);
    });
    app.route("DELETE", base + "/{id}", [&app, kind](Call& c) {
      return change_document(app, c, *kind, c.req.matches[1].str(), std::nullopt, 0, 0);
    });
  }
  auto audience = std::make_shared<Audience>();
  app.route("POST", "/v1/admin/preview", [&app, audience](Call& c) { return preview(app, c, *audience); });
  app.route("GET", "/v1/admin/stats/offers/{id}", [&app](Call& c) { return offer_stats(app, c); });
  app.route("GET", "/v1/admin/customers", [&app](Call& c) { return list_customers(app, c); });
  app.route("POST", "/v1/admin/codes", [&app](Call& c) { return generate_codes(app, c); });
  app.route("POST", "/v1/admin/import/customers", [&app](Call& c) { return import_customers(app, c); });
  app.route("POST", "/v1/admin/model/train", [&app](Call& c) { return train(app, c); });
  app.route("GET", "/v1/admin/model", [&app](Call&) {
    const Json* model = app.catalog()->item("model", "current");
    if (!model) fail(404, ErrorCode::PK_NOT_FOUND, "no model has been trained yet (POST /v1/admin/model/train)");
    return json_answer(200, *model);
  });
}

}  // namespace pkserver
