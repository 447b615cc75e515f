// Wallet claims and their server-side fate, the loyalty ledger, and pricing a cart with what
// the shopper may use (automatic offers, claims, entered codes).
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine_impl.hpp"

namespace promokit {

namespace {

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Codes compare without case and surrounding spaces.
std::string normalize_code(std::string_view code) {
  std::size_t a = code.find_first_not_of(" \t"), b = code.find_last_not_of(" \t");
  std::string out = a == std::string_view::npos ? std::string() : std::string(code.substr(a, b - a + 1));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Without the key only the pattern's shape can be checked: length, literal characters, and
// charset symbols where the pattern has '#'.
bool has_shape(std::string_view code, std::string_view pattern) {
  if (code.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char p = static_cast<char>(std::toupper(static_cast<unsigned char>(pattern[i])));
    if (p == '#' ? codes::kDefaultCharset.find(code[i]) == std::string_view::npos : code[i] != p) return false;
  }
  return true;
}

// What one cart may use: the candidates, the claim behind each claimed offer, the codes.
struct CartOffers {
  std::vector<const Offer*> candidates;
  PricingOptions options;
  std::map<std::string, std::size_t> claim_of;  // offer id -> wallet index
  Json codes = Json::array();
};

}  // namespace

// ---- Impl helpers

WalletEntry& Engine::Impl::find_claim(const std::string& claim_id) {
  for (WalletEntry& w : wallet)
    if (w.claim_id == claim_id) return w;
  throw Error(ErrorCode::PK_CLAIM_NOT_FOUND, "no wallet entry has claim id \"" + claim_id + "\"");
}

ClaimStatus Engine::Impl::status_now(const WalletEntry& e) const {
  bool open = e.status == ClaimStatus::Pending || e.status == ClaimStatus::Active;
  return open && e.expires_at && now >= *e.expires_at ? ClaimStatus::Expired : e.status;
}

bool Engine::Impl::usable(const WalletEntry& e) const {
  ClaimStatus s = status_now(e);
  return s == ClaimStatus::Pending || s == ClaimStatus::Active;
}

void Engine::Impl::add_ledger(std::int64_t delta, std::string reason, std::string offer_id, std::string claim_id,
                              std::string order_id, std::string note) {
  balance += delta;
  LedgerEntry l;
  l.id = "p-" + std::to_string(ledger.size() + 1);
  l.time = now;
  l.delta = delta;
  l.balance = balance;
  l.reason = std::move(reason);
  l.offer_id = std::move(offer_id);
  l.claim_id = std::move(claim_id);
  l.order_id = std::move(order_id);
  l.note = std::move(note);
  ledger.push_back(std::move(l));
  profile_json["points"] = balance;  // rules see the live balance
}

// ---- wallet

WalletEntry Engine::claim(const std::string& offer_id) {
  Impl& e = *impl_;
  std::size_t i = e.find_offer(offer_id);
  const Offer& o = e.offer(i);
  for (const WalletEntry& w : e.wallet)
    if (w.offer_id == offer_id && e.usable(w)) return w;  // idempotent
  EligibilityPass pass(e);
  std::vector<std::string_view> why;
  pass.reasons(i, why, true);
  if (!why.empty()) {
    std::string_view r = why.front();
    ErrorCode code = r == reason::kLimitReached ? ErrorCode::PK_LIMIT_REACHED
                     : (r == reason::kNotStarted || r == reason::kExpired || r == reason::kOutsideWindow) ? ErrorCode::PK_OUTSIDE_WINDOW
                                                                                                         : ErrorCode::PK_OFFER_NOT_ELIGIBLE;
    throw Error(code, "offer \"" + offer_id + "\" cannot be claimed: " + std::string(r));
  }
  if (o.points_cost > e.balance)
    throw Error(ErrorCode::PK_INSUFFICIENT_POINTS, "offer \"" + offer_id + "\" costs " + std::to_string(o.points_cost) +
                                                       " points; the balance is " + std::to_string(e.balance));
  char id[24];
  std::snprintf(id, sizeof id, "c-%016llx", static_cast<unsigned long long>(mix(e.options.seed ^ mix(++e.sequence))));
  WalletEntry w;
  w.claim_id = id;
  w.offer_id = offer_id;
  w.claimed_at = e.now;
  w.expires_at = o.validity.end;
  w.points_cost = o.points_cost;
  w.history.push_back({e.now, "pending", "claimed"});
  if (o.points_cost) e.add_ledger(-o.points_cost, "claim", offer_id, w.claim_id, "", "points spent to claim");
  if (auto it = e.inventory.find(offer_id); it != e.inventory.end()) --it->second;
  e.wallet.push_back(w);
  return w;
}

WalletEntry Engine::confirm_claim(const std::string& claim_id, const std::string& token) {
  Impl& e = *impl_;
  WalletEntry& w = e.find_claim(claim_id);
  if (w.status == ClaimStatus::Active && token == w.token) return w;  // a repeated confirmation
  if (w.status != ClaimStatus::Pending)
    throw Error(ErrorCode::PK_CLAIM_STATE, "claim \"" + claim_id + "\" is " + std::string(to_string(w.status)) + ", not pending");
  w.status = ClaimStatus::Active;
  w.token = token;
  w.history.push_back({e.now, "active", "confirmed by the server"});
  return w;
}

WalletEntry Engine::reject_claim(const std::string& claim_id, const std::string& why) {
  Impl& e = *impl_;
  WalletEntry& w = e.find_claim(claim_id);
  if (w.status == ClaimStatus::Rejected) return w;
  if (w.status != ClaimStatus::Pending && w.status != ClaimStatus::Active)
    throw Error(ErrorCode::PK_CLAIM_STATE, "claim \"" + claim_id + "\" is " + std::string(to_string(w.status)) + " and cannot be rejected");
  w.status = ClaimStatus::Rejected;
  w.reason = why;
  w.history.push_back({e.now, "rejected", why});
  if (w.points_cost) e.add_ledger(w.points_cost, "claim_refund", w.offer_id, w.claim_id, "", "claim rejected: " + why);
  if (auto it = e.inventory.find(w.offer_id); it != e.inventory.end()) ++it->second;
  return w;
}

WalletEntry Engine::redeem(const std::string& claim_id, const std::string& note) {
  Impl& e = *impl_;
  WalletEntry& w = e.find_claim(claim_id);
  if (!e.usable(w))
    throw Error(ErrorCode::PK_CLAIM_STATE, "claim \"" + claim_id + "\" is " + std::string(to_string(e.status_now(w))) + " and cannot be used");
  w.status = ClaimStatus::Used;
  w.history.push_back({e.now, "used", note.empty() ? "redeemed" : note});
  return w;
}

std::vector<WalletEntry> Engine::wallet() const {
  std::vector<WalletEntry> out = impl_->wallet;
  for (WalletEntry& w : out) w.status = impl_->status_now(w);
  return out;
}

Json Engine::wallet_json() const {
  const Impl& e = *impl_;
  Json out = Json::array();
  const std::string locale = e.locale(), currency = e.currency();
  for (const WalletEntry& w : wallet()) {
    Json j = to_json(w);
    if (auto it = e.offer_index.find(w.offer_id); it != e.offer_index.end()) {
      const Offer& o = e.offer(it->second);
      j["offer"] = {{"title", localized(o.title, locale)}, {"discountText", discount_text(o, locale, currency)},
                    {"conditionsText", conditions_text(o, locale, currency)},
                    {"expiresAt", o.validity.end ? Json(*o.validity.end) : Json()}};
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::int64_t Engine::points() const noexcept { return impl_->balance; }
const std::vector<LedgerEntry>& Engine::ledger() const noexcept { return impl_->ledger; }

void Engine::set_inventory(const std::string& offer_id, std::int64_t remaining) {
  impl_->find_offer(offer_id);
  impl_->inventory[offer_id] = remaining;
}

// ---- pricing

PriceRequest PriceRequest::from_json(const Json& j) {
  PriceRequest r;
  if (j.is_null()) return r;
  if (!j.is_object()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "priceCart options must be an object { codes, claims }");
  auto strings = [&](const char* key) {
    std::vector<std::string> out;
    const Json& a = j[key];
    if (!a.is_array()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string(key) + " must be an array of strings", key);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "must be a string", path_index(key, i));
      out.push_back(a[i].get<std::string>());
    }
    return out;
  };
  if (j.contains("codes")) r.codes = strings("codes");
  if (j.contains("claims")) r.claims = strings("claims");
  return r;
}

namespace {

CartOffers cart_offers(const Engine::Impl& e, const PriceRequest& req) {
  CartOffers out;
  out.options = e.pricing;
  std::vector<std::string> codes;
  for (const auto& c : req.codes) codes.push_back(normalize_code(c));
  std::vector<std::string> code_offer(codes.size());
  std::vector<char> code_valid(codes.size(), 0);
  if (req.claims)
    for (const auto& id : *req.claims) {
      auto it = std::find_if(e.wallet.begin(), e.wallet.end(), [&](const WalletEntry& w) { return w.claim_id == id; });
      if (it == e.wallet.end()) throw Error(ErrorCode::PK_CLAIM_NOT_FOUND, "no wallet entry has claim id \"" + id + "\"", "claims");
    }
  EligibilityPass pass(e);
  std::vector<std::string_view> why;
  for (std::size_t i = 0; i < e.catalog.offers.size(); ++i) {
    const Offer& o = e.offer(i);
    // The shopper's usable claim of this offer (the earliest), if the request allows it.
    std::optional<std::size_t> held;
    for (std::size_t k = 0; k < e.wallet.size() && !held; ++k) {
      const WalletEntry& w = e.wallet[k];
      bool allowed = !req.claims || std::find(req.claims->begin(), req.claims->end(), w.claim_id) != req.claims->end();
      if (w.offer_id == o.id && allowed && e.usable(w)) held = k;
    }
    why.clear();
    pass.reasons(i, why, false);
    if (held) why.erase(std::remove(why.begin(), why.end(), reason::kLimitReached), why.end());
    std::string_view rejected = why.empty() ? std::string_view() : why.front();
    if (rejected.empty() && o.requires_claim && !held) rejected = reason::kNotClaimed;
    if (rejected.empty() && o.code.mode != CodeMode::None) {
      bool ok = false;
      for (std::size_t c = 0; c < codes.size(); ++c) {
        bool match = false;
        if (o.code.mode == CodeMode::Shared) {
          match = codes[c] == normalize_code(o.code.value);
        } else {
          auto key = e.options.code_keys.find(o.id);
          if (key == e.options.code_keys.end()) key = e.options.code_keys.find("*");
          std::string pattern = o.code.pattern.empty() ? std::string(codes::kDefaultPattern) : o.code.pattern;
          if (key == e.options.code_keys.end()) {
            match = has_shape(codes[c], normalize_code(pattern));
          } else {
            auto& scheme = e.schemes[i];
            if (!scheme) scheme = std::make_unique<codes::CodeScheme>(codes::Format{pattern, std::string(codes::kDefaultCharset), key->second});
            match = scheme->verify(codes[c]);
          }
        }
        if (match) {
          ok = true;
          code_valid[c] = 1;
          if (code_offer[c].empty()) code_offer[c] = o.id;
        }
      }
      if (!ok) rejected = reason::kCodeRequired;
    }
    if (!rejected.empty()) {
      out.options.pre_rejected.emplace_back(o.id, std::string(rejected));
      continue;
    }
    out.candidates.push_back(&o);
    if (held) out.claim_of[o.id] = *held;
  }
  for (std::size_t c = 0; c < codes.size(); ++c)
    out.codes.push_back({{"code", codes[c]}, {"offerId", code_offer[c].empty() ? Json() : Json(code_offer[c])}, {"valid", code_valid[c] != 0}});
  return out;
}

}  // namespace

PricingResult Engine::price_cart(const Cart& cart, const PriceRequest& request) const {
  CartOffers c = cart_offers(*impl_, request);
  return promokit::price_cart(cart, c.candidates, c.options);
}

Json Engine::price_cart_json(const Cart& cart, const PriceRequest& request) const {
  CartOffers c = cart_offers(*impl_, request);
  Json out = promokit::price_cart(cart, c.candidates, c.options).to_json();
  out["codes"] = c.codes;
  return out;
}

Json Engine::checkout(const Cart& cart, const PriceRequest& request, const std::string& order_id) {
  Impl& e = *impl_;
  if (order_id.empty()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "checkout needs an order id", "orderId");
  if (std::find(e.orders.begin(), e.orders.end(), order_id) != e.orders.end())
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "order \"" + order_id + "\" is already recorded", "orderId");
  CartOffers c = cart_offers(e, request);
  PricingResult res = promokit::price_cart(cart, c.candidates, c.options);
  Json used = Json::array();
  for (const AppliedOffer& a : res.applied) {
    if (auto it = c.claim_of.find(a.offer_id); it != c.claim_of.end()) {
      WalletEntry& w = e.wallet[it->second];
      w.status = ClaimStatus::Used;
      w.history.push_back({e.now, "used", "order " + order_id});
      used.push_back(w.claim_id);
    } else {
      e.uses.push_back({a.offer_id, order_id, e.now});
      if (auto inv = e.inventory.find(a.offer_id); inv != e.inventory.end()) --inv->second;
    }
  }
  if (res.points > 0) {
    std::string note;
    for (const AppliedOffer& a : res.applied)
      if (a.points) note += (note.empty() ? "" : ", ") + a.offer_id + " +" + std::to_string(a.points);
    e.add_ledger(res.points, "purchase", "", "", order_id, note.empty() ? "earned on the total" : "earned on the total; " + note);
  }
  e.orders.push_back(order_id);
  ++e.purchases;
  Json out = res.to_json();
  out["codes"] = c.codes;
  out["orderId"] = order_id;
  out["pointsEarned"] = res.points;
  out["usedClaims"] = used;
  return out;
}

Json to_json(const WalletEntry& w) {
  Json history = Json::array();
  for (const auto& h : w.history) history.push_back({{"time", h.time}, {"status", h.status}, {"note", h.note}});
  Json j = {{"claimId", w.claim_id}, {"offerId", w.offer_id}, {"status", to_string(w.status)}, {"claimedAt", w.claimed_at},
            {"expiresAt", w.expires_at ? Json(*w.expires_at) : Json()}, {"pointsCost", w.points_cost}, {"history", history}};
  if (!w.reason.empty()) j["reason"] = w.reason;
  if (!w.token.empty()) j["token"] = w.token;
  return j;
}

Json to_json(const LedgerEntry& l) {
  Json j = {{"id", l.id}, {"time", l.time}, {"delta", l.delta}, {"balance", l.balance}, {"reason", l.reason}};
  if (!l.offer_id.empty()) j["offerId"] = l.offer_id;
  if (!l.claim_id.empty()) j["claimId"] = l.claim_id;
  if (!l.order_id.empty()) j["orderId"] = l.order_id;
  if (!l.note.empty()) j["note"] = l.note;
  return j;
}

}  // namespace promokit
