// The client API (DESIGN.md §9): catalog with ETag and deltas, event batches, claims,
// redemptions, draw tickets, profiles with the points ledger.
#include <algorithm>
#include <cstdio>

#include "app.hpp"
#include "ids.hpp"
#include "log.hpp"
#include "promokit/codes.hpp"
#include "promokit/games.hpp"
#include "promokit/tokens.hpp"
#include "promokit/validate.hpp"
#include "checks.hpp"

namespace pkserver {
namespace {

constexpr std::size_t kMaxEventsPerBatch = 1000;
constexpr std::size_t kLedgerShown = 20;

std::string etag_of(std::int64_t catalog_version, std::int64_t customer_revision) {
  return "\"c" + std::to_string(catalog_version) + "-r" + std::to_string(customer_revision) + "\"";
}

bool etag_matches(const std::string& header, const std::string& etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  // A list of tags, possibly weak (W/"..."): weak comparison, as RFC 9110 asks for If-None-Match.
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(',', at);
    if (end == std::string::npos) end = header.size();
    std::string tag = header.substr(at, end - at);
    tag.erase(0, tag.find_first_not_of(" \t"));
    tag.erase(tag.find_last_not_of(" \t") + 1);
    if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
    if (tag == etag) return true;
    at = end + 1;
  }
  return false;
}

Json wallet_json(const std::vector<ClaimRecord>& claims) {
  Json out = Json::array();
  for (const auto& c : claims) {
    Json w = {{"claimId", c.id}, {"offerId", c.offer_id}, {"status", c.status}, {"token", c.token},
              {"claimedAt", c.created_at}, {"expiry", c.expiry}};
    if (c.redeemed_at) {
      w["redeemedAt"] = *c.redeemed_at;
      w["redemptionId"] = c.redemption_id;
      if (!c.store.empty()) w["store"] = c.store;
    }
    out.push_back(std::move(w));
  }
  return out;
}

Json ledger_json(const std::vector<LedgerEntry>& entries) {
  Json out = Json::array();
  for (const auto& e : entries)
    out.push_back({{"id", e.id}, {"points", e.delta}, {"balance", e.balance}, {"reason", e.reason}, {"ref", e.ref}, {"at", e.at}});
  return out;
}

Answer get_catalog(App& app, Call& call) {
  auto snap = app.catalog();
  std::string customer = call.req.get_param_value("customer");
  if (call.req.has_param("customer")) check_id(customer, "customer");
  std::int64_t since = 0;
  if (call.req.has_param("since")) {
    std::string s = call.req.get_param_value("since");
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < 0) fail(400, ErrorCode::PK_INVALID_ARGUMENT, "since must be a catalog version (an integer >= 0)", "since");
    since = v;
  }
  std::int64_t revision = 0;
  std::vector<ClaimRecord> claims;
  app.storage().read([&](ReadTx& tx) {
    if (customer.empty()) return;
    revision = tx.customer_revision(customer);
    if (!etag_matches(call.req.get_header_value("If-None-Match"), etag_of(snap->version, revision))) claims = tx.claims_of(customer);
  });
  std::string etag = etag_of(snap->version, revision);
  call.res.set_header("ETag", etag);
  call.res.set_header("Cache-Control", "no-cache");
  if (etag_matches(call.req.get_header_value("If-None-Match"), etag)) return Answer{304, {}};

  std::string wallet = customer.empty() ? std::string() : ",\"wallet\":" + wallet_json(claims).dump() + "}";
  if (since > 0 && since <= snap->version) {
    std::string body = catalog_delta(*snap, since).dump();
    if (!wallet.empty()) body.replace(body.size() - 1, 1, wallet);
    return Answer{200, std::move(body)};
  }
  // The stored catalog text, with the shopper's wallet spliced in before the closing brace.
  std::string body = snap->body;
  if (!wallet.empty()) body.replace(body.size() - 1, 1, wallet);
  return Answer{200, std::move(body)};
}

Answer post_events(App& app, Call& call) {
  Json body = parse_body(call.req);
  std::string batch_customer;
  const Json* list = &body;
  std::string base;
  if (body.is_object()) {
    if (auto c = body.find("customerId"); c != body.end()) batch_customer = check_id(*c, "customerId");
    auto it = body.find("events");
    if (it == body.end()) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "the batch needs an events array", "events");
    list = &*it;
    base = "events";
  }
  if (!list->is_array()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected an array of events", base);
  if (list->size() > kMaxEventsPerBatch)
    fail(400, ErrorCode::PK_JSON_ARRAY_TOO_LONG, "a batch holds at most " + std::to_string(kMaxEventsPerBatch) + " events", base);

  std::vector<EventRecord> records;
  Json rejected = Json::array();
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = promokit::path_index(base, i);
    try {
      promokit::Event e = promokit::read_event((*list)[i], *std::make_unique<promokit::Diagnostics>(), path);
      Json stored = (*list)[i];
      if (e.customer_id.empty() && !batch_customer.empty()) stored["customerId"] = batch_customer;  // the trainer reads it
      records.push_back({e.id, stored.value("customerId", ""), std::string(promokit::to_string(e.type)), e.offer_id, e.time, stored.dump()});
    } catch (const promokit::Error& e) {
      rejected.push_back({{"index", i}, {"code", std::string(e.name())}, {"path", e.path()}, {"message", e.what()}});
    }
  }
  std::int64_t accepted = 0, duplicates = 0;
  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    accepted = duplicates = 0;
    for (const auto& r : records) (tx.insert_event(r) ? accepted : duplicates)++;
    return json_answer(200, {{"accepted", accepted}, {"duplicates", duplicates}, {"rejected", rejected}});
  });
  app.metrics().add("events_accepted", accepted);
  app.metrics().add("events_duplicate", duplicates);
  return a;
}

Answer post_claim(App& app, Call& call) {
  Json body = parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected an object { offerId, customerId }");
  std::string offer_id = check_id(body.value("offerId", Json()), "offerId");
  std::string customer_id = check_id(body.value("customerId", Json()), "customerId");
  std::string code;
  if (auto c = body.find("code"); c != body.end()) code = check_id(*c, "code");

  auto snap = app.catalog();
  const promokit::Offer* offer = snap->offer(offer_id);
  if (!offer) fail(404, ErrorCode::PK_OFFER_NOT_FOUND, "no offer \"" + offer_id + "\" in the catalog", "offerId");
  Millis now = now_ms();
  std::string zone = offer->validity.zone.empty() ? app.options().zone : offer->validity.zone;
  Json profile = load_shopper(app.storage(), customer_id);
  check_window(*offer, now, zone);
  check_targeting(*snap, offer_id, profile, now, zone);
  std::optional<std::uint64_t> code_index = check_code(app, *offer, code);

  ClaimRecord claim;
  claim.id = random_id("c_");
  claim.offer_id = offer_id;
  claim.customer_id = customer_id;
  claim.day = promokit::games::local_day(now, zone);
  claim.status = "claimed";
  claim.code = offer->code.mode == promokit::CodeMode::Unique ? code : std::string();
  claim.created_at = now;
  claim.expiry = now + app.options().token_days * 86400000;
  if (offer->validity.end) claim.expiry = std::min(claim.expiry, *offer->validity.end);
  promokit::tokens::Payload payload{offer_id, claim.id, customer_id, claim.expiry, random_id("")};
  claim.token = promokit::tokens::sign(payload, app.keys().signing_key);

  bool claimed = false;
  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    claimed = false;
    const promokit::Limits& l = offer->limits;
    if (l.total && tx.count_claims(offer_id) >= *l.total)
      fail(409, ErrorCode::PK_LIMIT_REACHED, "all " + std::to_string(*l.total) + " of this offer have been claimed", "offerId");
    if (l.per_customer && tx.count_claims(offer_id, customer_id) >= *l.per_customer)
      fail(409, ErrorCode::PK_LIMIT_REACHED, "this shopper has claimed this offer " + std::to_string(*l.per_customer) + " time(s), the most allowed", "customerId");
    if (l.per_customer_per_day && tx.count_claims(offer_id, customer_id, claim.day) >= *l.per_customer_per_day)
      fail(409, ErrorCode::PK_LIMIT_REACHED, "this shopper reached today's limit of " + std::to_string(*l.per_customer_per_day) + " for this offer", "customerId");
    if (code_index && tx.code_used(offer_id, code)) fail(409, ErrorCode::PK_CODE_INVALID, "this code has been used already", "code");
    if (offer->points_cost > 0)
      debit_points(tx, customer_id, offer->points_cost, "claim:" + claim.id, "claim", offer_id, now);
    tx.insert_claim(claim);
    claimed = true;
    return json_answer(201, {{"claimId", claim.id}, {"token", claim.token}, {"status", claim.status}, {"offerId", offer_id},
                             {"customerId", customer_id}, {"expiry", claim.expiry}});
  });
  app.metrics().add(claimed ? "claims_granted" : "claims_refused");
  return a;
}

Answer post_redemption(App& app, Call& call) {
  Json body = parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected an object { token, store }");
  auto t = body.find("token");
  if (t == body.end() || !t->is_string() || t->get<std::string>().empty())
    fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "the redemption token (from the claim's QR) is required", "token");
  std::string store;
  if (auto s = body.find("store"); s != body.end()) store = check_id(*s, "store");
  Millis now = now_ms();
  promokit::tokens::Payload p;
  try {
    p = promokit::tokens::verify(t->get<std::string>(), app.keys().verify_key, now);
  } catch (const promokit::Error& e) {
    ApiError err = from_core(e);
    err.path = "token";
    throw err;
  }
  auto snap = app.catalog();
  if (const promokit::Offer* offer = snap->offer(p.offer_id); offer && !offer->conditions.stores.empty()) {
    const auto& stores = offer->conditions.stores;
    if (std::find(stores.begin(), stores.end(), store) == stores.end())
      fail(403, ErrorCode::PK_OFFER_NOT_ELIGIBLE, "this offer cannot be redeemed in store \"" + store + "\"", "store");
  }
  std::string redemption_id = random_id("r_");
  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    auto claim = tx.claim(p.claim_id);
    if (!claim) fail(404, ErrorCode::PK_CLAIM_NOT_FOUND, "the token names a claim this server does not hold", "token");
    if (claim->status == "redeemed")
      fail(409, ErrorCode::PK_ALREADY_REDEEMED, "this token was redeemed already (redemption " + claim->redemption_id + ")", "token");
    tx.mark_redeemed(claim->id, redemption_id, store, now);
    Json out = {{"redemptionId", redemption_id}, {"claimId", claim->id}, {"offerId", claim->offer_id},
                {"customerId", claim->customer_id}, {"redeemedAt", now}};
    if (!store.empty()) out["store"] = store;
    return json_answer(201, out);
  });
  if (a.status == 201) app.metrics().add("redemptions");
  return a;
}

Answer post_tickets(App& app, Call& call) {
  Json body = parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected an object { poolId, customerId, count }");
  std::string pool_id = check_id(body.value("poolId", Json()), "poolId");
  std::string customer_id = check_id(body.value("customerId", Json()), "customerId");
  std::int64_t count = 1;
  if (auto c = body.find("count"); c != body.end()) {
    if (!c->is_number_integer() || c->get<std::int64_t>() < 1 || c->get<std::int64_t>() > 100)
      fail(400, ErrorCode::PK_SCHEMA_RANGE, "count must be an integer from 1 to 100", "count");
    count = c->get<std::int64_t>();
  }
  auto snap = app.catalog();
  const promokit::PrizePool* pool = snap->pool(pool_id);
  if (!pool) fail(404, ErrorCode::PK_NOT_FOUND, "no prize pool \"" + pool_id + "\" in the catalog", "poolId");
  Millis now = now_ms();
  Json profile = load_shopper(app.storage(), customer_id);
  std::int64_t points_cost = 0;
  try {
    points_cost = promokit::games::check_entry(*pool, snap->catalog, validate_profile(profile), profile, now, app.options().zone);
  } catch (const promokit::Error& e) {
    // Too few points is the same refusal as for a claim's points cost: 409, not "not eligible".
    if (e.path() == "entry.pointsCost")
      fail(409, ErrorCode::PK_INSUFFICIENT_POINTS, std::string("not enough points for one play: ") + e.what(), "customerId");
    throw;
  }

  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    std::uint64_t start = tx.reserve_sequence("tickets:" + pool_id + ":" + customer_id, static_cast<std::uint64_t>(count));
    promokit::tickets::IssueRequest req{pool_id, pool->version, customer_id, static_cast<std::uint32_t>(count), start,
                                        now + 7 * 86400000LL};
    if (points_cost > 0)
      debit_points(tx, customer_id, points_cost * count, "tickets:" + pool_id + ":" + customer_id + ":" + std::to_string(start),
                   "tickets", pool_id, now);
    Json tickets = Json::array();
    for (const auto& t : promokit::tickets::issue(req, app.keys().signing_key)) {
      Json j = promokit::tickets::to_json(t);
      tx.insert_ticket({t.ticket_id, pool_id, customer_id, "issued", t.pool_version, now, t.expiry, j.dump()});
      tickets.push_back(std::move(j));
    }
    return json_answer(201, {{"tickets", tickets}});
  });
  return a;
}

Json profile_snapshot(ReadTx& tx, const std::string& id) {
  auto c = tx.customer(id);
  Json profile = shopper_json(id, c);
  profile["revision"] = c ? c->revision : 0;
  profile["ledger"] = ledger_json(tx.ledger(id, kLedgerShown));
  return profile;
}

Answer get_profile(App& app, Call& call) {
  std::string id = check_id(Json(call.req.matches[1].str()), "id");
  Json out;
  app.storage().read([&](ReadTx& tx) { out = profile_snapshot(tx, id); });
  return json_answer(200, out);
}

Answer patch_profile(App& app, Call& call) {
  std::string id = check_id(Json(call.req.matches[1].str()), "id");
  Json patch = parse_body(call.req);
  if (!patch.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected a JSON merge patch (an object) of profile fields");
  if (auto p = patch.find("id"); p != patch.end() && *p != Json(id))
    fail(400, ErrorCode::PK_SCHEMA_CONSTRAINT, "the id of a profile cannot change", "id");
  if (patch.contains("points"))
    fail(400, ErrorCode::PK_SCHEMA_CONSTRAINT, "points are kept by the server's ledger; send ledger entries instead", "points");
  Json entries = Json::array();
  if (auto l = patch.find("ledger"); l != patch.end()) {
    // Points change hands only through an admin (a till, a POS, the admin app): a shopper's
    // app key cannot mint points.
    if (!is_admin_call(app, call.req))
      fail(403, ErrorCode::PK_AUTH_INVALID, "ledger entries need the admin bearer token", "ledger");
    entries = read_ledger_entries(*l);
    patch.erase("ledger");
  }
  patch.erase("revision");
  Millis now = now_ms();
  Answer a = app.idempotent_write(call, [&](WriteTx& tx) {
    if (!patch.empty()) {
      auto c = tx.customer(id);
      Json profile = c && c->profile_json != "{}" ? promokit::parse_json(c->profile_json) : Json{{"id", id}};
      profile.merge_patch(patch);
      profile["id"] = id;
      validate_profile(profile);
      tx.put_profile(id, profile.dump());
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Json& e = entries[i];
      LedgerEntry entry{e["id"], id, e.value("reason", "adjustment"), e.value("ref", ""), e["points"].get<std::int64_t>(), 0, now};
      if (!tx.add_ledger_entry(entry)) continue;  // an entry with this id was applied before
      if (entry.balance < 0)
        fail(409, ErrorCode::PK_INSUFFICIENT_POINTS, "the balance would fall to " + std::to_string(entry.balance),
             promokit::path_index("ledger", i));
    }
    return json_answer(200, profile_snapshot(tx, id));
  });
  return a;
}

}  // namespace

// What a till or app needs besides the catalog: the key that verifies redemption tokens and draw
// tickets offline, the catalog's currency and the zone of per-day limits.
Answer get_config(App& app) {
  return json_answer(200, {{"verifyKey", app.keys().verify_key},
                           {"currency", app.options().currency},
                           {"zone", app.options().zone},
                           {"catalogVersion", app.catalog()->version}});
}

void register_client_routes(App& app) {
  app.route("GET", "/v1/config", [&app](Call&) { return get_config(app); });
  app.route("GET", "/v1/catalog", [&app](Call& c) { return get_catalog(app, c); });
  app.route("POST", "/v1/events", [&app](Call& c) { return post_events(app, c); });
  app.route("POST", "/v1/claims", [&app](Call& c) { return post_claim(app, c); });
  app.route("POST", "/v1/redemptions", [&app](Call& c) { return post_redemption(app, c); });
  app.route("POST", "/v1/tickets", [&app](Call& c) { return post_tickets(app, c); });
  app.route("GET", "/v1/profiles/{id}", [&app](Call& c) { return get_profile(app, c); });
  app.route("PATCH", "/v1/profiles/{id}", [&app](Call& c) { return patch_profile(app, c); });
}

}  // namespace pkserver
