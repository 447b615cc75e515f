#pragma once
// The engine's insides, shared by engine.cpp (catalog, profile, eligibility, cards),
// wallet.cpp (claims, points, pricing, checkout) and state.cpp (export/import).
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/string_set.hpp"
#include "promokit/codes.hpp"
#include "promokit/engine.hpp"

namespace promokit {

// An automatic offer used in a recorded purchase (claims count through the wallet).
struct OfferUse {
  std::string offer_id, order_id;
  Millis time = 0;
};

struct Engine::Impl {
  explicit Impl(Catalog c) : shared_catalog(std::make_shared<const Catalog>(std::move(c))), catalog(*shared_catalog) {}
  std::shared_ptr<const Catalog> shared_catalog;  // the engine's games session shares it (bindings)
  const Catalog& catalog;                         // *shared_catalog, fixed for the engine's life
  EngineOptions options;
  Millis now = 0;
  Json profile_json = Json::object();  // what rules see; "points" follows the balance
  Profile profile;
  bool has_profile = false;
  std::vector<Rule> rules;            // distinct targeting rules, compiled once
  std::vector<std::int32_t> rule_of;  // per offer: index into rules, -1 for none
  std::unordered_map<std::string, std::size_t> offer_index;
  PricingOptions pricing;  // from catalog.config: pricing.rounding, loyalty.earn
  const EvalHooks* rule_hooks = nullptr;
  std::vector<std::function<void(const Event&)>> event_hooks;
  mutable std::map<std::size_t, std::unique_ptr<codes::CodeScheme>> schemes;  // unique-code verifiers by offer

  // Local state (export_state / import_state).
  std::vector<WalletEntry> wallet;  // stored statuses; "expired" is applied when read
  std::vector<LedgerEntry> ledger;
  std::int64_t balance = 0;
  std::vector<OfferUse> uses;
  std::map<std::string, std::int64_t> inventory;
  std::vector<std::string> orders;  // recorded order ids
  std::int64_t purchases = 0;       // purchases recorded here (first-purchase offers)
  std::uint64_t sequence = 0;       // claims made (claim ids derive from seed and sequence)
  // Ids of tracked events: a long session's set is large and track() asks it per event (a tree
  // of strings, then a node set, cost most of engine.track in wasm); exported sorted.
  StringSet events;

  std::string zone() const;      // options, else profile, else UTC
  std::string locale() const;    // options, else profile, else "en"
  std::string currency() const;  // catalog currency, else CNY
  std::string offer_zone(const Offer& o) const { return o.validity.zone.empty() ? zone() : o.validity.zone; }
  const Offer& offer(std::size_t i) const { return catalog.offers[i]; }
  std::size_t find_offer(const std::string& id) const;  // PK_OFFER_NOT_FOUND
  WalletEntry& find_claim(const std::string& claim_id);  // PK_CLAIM_NOT_FOUND
  ClaimStatus status_now(const WalletEntry& e) const;    // stored status, or expired
  bool usable(const WalletEntry& e) const;               // pending or active, not expired
  void add_ledger(std::int64_t delta, std::string reason, std::string offer_id, std::string claim_id, std::string order_id,
                  std::string note);
};

// Everything an eligibility decision needs that is the same for every offer in one call:
// each distinct rule evaluated at most once, local days per zone, usage per offer.
class EligibilityPass {
 public:
  explicit EligibilityPass(const Engine::Impl& e);
  // Appends the reasons offer i is not available (all of them, or only the first).
  void reasons(std::size_t i, std::vector<std::string_view>& out, bool first_only) const;
  std::int64_t used(std::size_t i) const;  // the shopper's claims and uses of offer i
  std::optional<std::int64_t> remaining(std::size_t i) const;

 private:
  const LocalDay& day_in(const std::string& zone) const;
  std::int64_t used_today(std::size_t i) const;
  // The offer's zone, else the engine's (worked out once per pass, not once per offer).
  const std::string& zone_of(const Offer& o) const { return o.validity.zone.empty() ? rules_.zone : o.validity.zone; }
  const Engine::Impl& e_;
  EvalContext rules_;  // what targeting rules see: the clock, the engine's zone, the hooks
  mutable std::vector<std::int8_t> rule_result_;  // -1: not evaluated yet
  mutable std::vector<std::pair<std::string, LocalDay>> days_;
  std::unordered_map<std::string_view, std::vector<Millis>> times_;  // claim and use times by offer id
};

}  // namespace promokit
