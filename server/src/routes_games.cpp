// POST /v1/draws: a draw made on the shopper's device from a server-issued ticket, recomputed
// with the core's games module (promokit::games::verify_draw) before the prize is granted
// against the server's stock, once per ticket, in one transaction.
#include "app.hpp"
#include "checks.hpp"
#include "ids.hpp"
#include "log.hpp"
#include "promokit/games.hpp"
#include "promokit/tokens.hpp"

namespace pkserver {
namespace {

namespace games = promokit::games;

template <class F>
auto read_at(const char* path, F&& read) {
  try {
    return read();
  } catch (const promokit::Error& e) {
    ApiError err = from_core(e);
    err.path = e.path().empty() ? path : std::string(path) + (e.path().front() == '[' ? "" : ".") + e.path();
    throw err;
  }
}

Json prize_json(const promokit::Prize& p) {
  Json j = {{"id", p.id}, {"kind", std::string(promokit::to_string(p.kind))}};
  if (p.kind == promokit::PrizeKind::Offer) j["offerId"] = p.offer_id;
  if (p.kind == promokit::PrizeKind::Points) j["points"] = p.points;
  if (p.kind == promokit::PrizeKind::Gift) j["sku"] = p.sku;
  return j;
}

Answer post_draw(App& app, Call& call) {
  Json body = parse_body(call.req);
  if (!body.is_object()) fail(400, ErrorCode::PK_SCHEMA_TYPE, "expected { ticket, outcome }");
  for (const char* field : {"ticket", "outcome"})
    if (!body.contains(field)) fail(400, ErrorCode::PK_SCHEMA_REQUIRED, "is required", field);
  promokit::tickets::Ticket ticket = read_at("ticket", [&] { return promokit::tickets::ticket_from_json(body["ticket"]); });
  games::Outcome outcome = read_at("outcome", [&] { return games::outcome_from_json(body["outcome"]); });

  auto snap = app.catalog();
  const promokit::PrizePool* pool = snap->pool(ticket.pool_id);
  if (!pool) fail(404, ErrorCode::PK_POOL_NOT_FOUND, "no prize pool \"" + ticket.pool_id + "\" in the catalog", "ticket.poolId");
  Json profile_doc = load_shopper(app.storage(), ticket.customer_id);
  promokit::Profile profile = validate_profile(profile_doc);
  Millis now = now_ms();
  std::string day = games::local_day(now, profile.zone.empty() ? app.options().zone : profile.zone);
  // An offer prize goes into the wallet with a redemption token, signed here: signing inside
  // the transaction would hold up every other write.
  ClaimRecord claim;
  claim.id = random_id("c_");
  claim.customer_id = ticket.customer_id;
  claim.status = "claimed";
  claim.created_at = now;
  claim.expiry = now + app.options().token_days * 86400000;

  return app.idempotent_write(call, [&](WriteTx& tx) {
    auto issued = tx.ticket(ticket.ticket_id);
    if (!issued || issued->customer_id != ticket.customer_id)
      fail(404, ErrorCode::PK_NOT_FOUND, "this server did not issue this ticket", "ticket.ticketId");
    if (issued->status == "used") fail(409, ErrorCode::PK_TICKET_USED, "the ticket was used already", "ticket.ticketId");
    games::GameState state;
    if (auto stored = tx.game_state(ticket.customer_id, pool->id)) state = games::GameState::from_json(promokit::parse_json(*stored));
    games::check_ticket(state, *pool, ticket, day);
    games::VerifyOptions options;
    options.verify_key = app.keys().verify_key;
    options.now = now;
    options.catalog = &snap->catalog;
    options.interests = games::interests_of(profile, profile_doc);
    options.unavailable = games::unavailable_for(state, *pool, ticket.customer_id);
    for (const auto& p : pool->prizes)
      if (p.stock && tx.prizes_granted(pool->id, p.id) >= *p.stock) options.unavailable.push_back(p.id);
    games::Verified v = games::verify_draw(ticket, *pool, profile, outcome, options);

    const promokit::Prize& prize = pool->prizes[v.granted];
    games::Outcome granted = outcome;
    granted.prize_id = prize.id;
    granted.index = v.granted;
    games::record_draw(state, *pool, ticket, granted);
    tx.put_game_state(ticket.customer_id, pool->id, state.to_json().dump());
    tx.set_ticket_status(ticket.ticket_id, "used");
    if (prize.kind != promokit::PrizeKind::None) tx.add_prize_granted(pool->id, prize.id);

    Json out = {{"granted", prize.kind != promokit::PrizeKind::None}, {"prize", prize_json(prize)},
                {"drawnPrizeId", pool->prizes[v.drawn].id}, {"substituted", v.substituted}, {"ticketId", ticket.ticket_id}};
    if (prize.kind == promokit::PrizeKind::Offer) {
      claim.offer_id = prize.offer_id;
      claim.day = games::local_day(now, app.options().zone);
      if (const promokit::Offer* o = snap->offer(prize.offer_id); o && o->validity.end) claim.expiry = std::min(claim.expiry, *o->validity.end);
      claim.token = promokit::tokens::sign({claim.offer_id, claim.id, claim.customer_id, claim.expiry, random_id("")}, app.keys().signing_key);
      tx.insert_claim(claim);
      out["claim"] = {{"claimId", claim.id}, {"offerId", claim.offer_id}, {"token", claim.token}, {"expiry", claim.expiry}};
    } else if (prize.kind == promokit::PrizeKind::Points) {
      LedgerEntry e{"draw:" + ticket.ticket_id, ticket.customer_id, "draw", pool->id, prize.points, 0, now};
      tx.add_ledger_entry(e);
      out["points"] = e.balance;
    } else {
      tx.touch_customer(ticket.customer_id);
    }
    return json_answer(200, out);
  });
}

}  // namespace

void register_game_routes(App& app) {
  app.route("POST", "/v1/draws", [&app](Call& c) { return post_draw(app, c); });
}

}  // namespace pkserver
