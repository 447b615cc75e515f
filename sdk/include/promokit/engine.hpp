#pragma once
// The engine a shopper's client (or a till) holds: the catalog, one profile, the clock, and
// what happened locally — wallet claims, redemptions, loyalty points. It answers which offers
// the shopper may see (with card text and reasons), claims offers into the wallet, prices carts
// and records purchases. The server stays authoritative (DESIGN.md §7): claims are pending
// until it confirms them, and limits here are hints that keep the UI honest offline.
// docs/offers.md describes the behaviour; the JS API is pk.createEngine (DESIGN.md §5).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "promokit/offers.hpp"
#include "promokit/pricing.hpp"
#include "promokit/rules.hpp"

namespace promokit {

struct EngineOptions {
  Millis now = 0;
  std::string zone;    // IANA zone for windows, dayparts and daily limits; empty: the profile's, else UTC
  std::uint64_t seed = 0;  // claim ids derive from it (no ambient randomness)
  std::string locale;  // empty: the profile's, else "en"
  // Keys that verify unique codes: by offer id, or "*" for every offer. Without a key a unique
  // code is only checked for the shape of its pattern (the server verifies it at redemption).
  std::map<std::string, std::string> code_keys;
  // { now, zone, seed, locale, codeKeys }; PK_INVALID_ARGUMENT with the field's path.
  static EngineOptions from_json(const Json& j);
};

struct OfferQuery {
  std::string interest, tier, mall, store, category, tag;  // empty: no filter
  std::optional<Millis> expiring_within;  // only offers ending within this many ms
  bool include_ineligible = false;        // also offers the shopper may not use, with reasons
  std::string locale;                     // empty: the engine's
  // { filter: { interest, tier, mall, store, category, tag, expiringSoon (true = 3 days, or ms) },
  //   includeIneligible, locale } — the filter's fields may also stand at the top level.
  static OfferQuery from_json(const Json& j);
};

enum class ClaimStatus { Pending, Active, Used, Expired, Rejected };
std::string_view to_string(ClaimStatus s) noexcept;

struct WalletEvent {
  Millis time = 0;
  std::string status, note;
};

struct WalletEntry {
  std::string claim_id, offer_id;
  ClaimStatus status = ClaimStatus::Pending;  // as shown: pending/active past the offer's end read "expired"
  std::string reason;                         // rejected: the server's reason
  Millis claimed_at = 0;
  std::optional<Millis> expires_at;
  std::string token;                          // the server's redemption token (opaque here)
  std::int64_t points_cost = 0;
  std::vector<WalletEvent> history;
};

struct LedgerEntry {
  std::string id;
  Millis time = 0;
  std::int64_t delta = 0, balance = 0;
  std::string reason;  // "profile", "claim", "claim_refund", "purchase"
  std::string offer_id, claim_id, order_id, note;
};

struct PriceRequest {
  std::vector<std::string> codes;                  // codes the shopper entered
  std::optional<std::vector<std::string>> claims;  // wallet claim ids to use; missing: every usable one
  // { codes: [...], claims: [...] }
  static PriceRequest from_json(const Json& j);
};

class Engine {
 public:
  // Throws the first catalog violation, or PK_RULE_* (path offers[i].targeting) for a rule
  // that does not compile, or PK_RULE_UNKNOWN_ZONE.
  Engine(Catalog catalog, EngineOptions options = {});
  Engine(const Json& catalog, const Json& options);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  const Catalog& catalog() const noexcept;
  // The same catalog, for a games::Session to share instead of copying (it never changes).
  std::shared_ptr<const Catalog> shared_catalog() const noexcept;
  void set_profile(const Json& profile);  // validated; its points become the balance (ledger: "profile")
  const Profile& profile() const noexcept;
  void set_now(Millis now);
  Millis now() const noexcept;

  // Events, idempotent by id; each new one goes to the hooks (personalization plugs in here).
  struct TrackResult {
    std::size_t accepted = 0, duplicates = 0;
  };
  TrackResult track(const Json& event_or_events);
  TrackResult track(const Event& event);  // one validated event
  void on_event(std::function<void(const Event&)> hook);
  // Facts rules may ask (interest scores, visits, event counts); null: none.
  void set_rule_hooks(const EvalHooks* hooks);

  // Why an offer is not available to the shopper now (empty: available).
  std::vector<std::string_view> reasons(std::size_t offer_index) const;
  // Indices of the offers available now — the hot path of offers().
  std::vector<std::size_t> eligible() const;
  // The cards: [{ offerId, title, description, discountText, conditionsText, type, expiresAt,
  // startsAt, conditions, limits, remaining, used, tags, ..., eligible, reasons, canClaim, wallet }].
  Json offers(const OfferQuery& query) const;

  // Claims an offer into the wallet (pending until confirm_claim). Idempotent: while a pending
  // or active claim of the offer exists it is returned unchanged. Throws PK_OFFER_NOT_FOUND,
  // PK_OUTSIDE_WINDOW, PK_OFFER_NOT_ELIGIBLE, PK_LIMIT_REACHED, PK_INSUFFICIENT_POINTS.
  WalletEntry claim(const std::string& offer_id);
  // The server's answers: active (with its redemption token) or rejected (points refunded).
  WalletEntry confirm_claim(const std::string& claim_id, const std::string& token = {});
  WalletEntry reject_claim(const std::string& claim_id, const std::string& reason);
  // A till scanned the claim's QR: used. PK_CLAIM_STATE unless pending or active and not expired.
  WalletEntry redeem(const std::string& claim_id, const std::string& note = {});
  std::vector<WalletEntry> wallet() const;
  // The entries as JSON, each with its usage rules: { ..., offer: { title, discountText,
  // conditionsText, expiresAt } }.
  Json wallet_json() const;

  std::int64_t points() const noexcept;
  const std::vector<LedgerEntry>& ledger() const noexcept;

  // The offers server-side stock still allows (a hint for cards and limits); replaces the
  // catalog's limits.total until the next call.
  void set_inventory(const std::string& offer_id, std::int64_t remaining);

  // Prices a cart with every offer the shopper may use now: automatic ones, claimed ones
  // (`claims`), code ones whose code is in `codes`. Everything else is in `rejected` with a reason.
  PricingResult price_cart(const Cart& cart, const PriceRequest& request) const;
  // The same as JSON, plus "codes": [{ code, offerId, valid }].
  Json price_cart_json(const Cart& cart, const PriceRequest& request) const;
  // Prices and records a purchase: claims used, automatic offers counted against limits,
  // points earned (ledger: "purchase"). PK_INVALID_ARGUMENT for a repeated order id.
  Json checkout(const Cart& cart, const PriceRequest& request, const std::string& order_id);

  // Versioned state (wallet, ledger, uses, inventory hints, profile, counters): import(export())
  // gives the same engine; a bad state throws PK_STATE_INVALID with a path and changes nothing.
  Json export_state() const;
  void import_state(const Json& state);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

Json to_json(const WalletEntry& e);
Json to_json(const LedgerEntry& e);

}  // namespace promokit
