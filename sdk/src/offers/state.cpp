// export_state / import_state: the engine's local state as versioned JSON. Import reads
// everything into fresh values first and only then replaces the engine's, so a bad state
// changes nothing.
#include <algorithm>

#include "engine_impl.hpp"
#include "promokit/validate.hpp"

namespace promokit {

namespace {

constexpr const char* kKind = "promokit.engine-state";
constexpr std::int64_t kVersion = 1;

[[noreturn]] void bad(const std::string& path, const std::string& what) { throw Error(ErrorCode::PK_STATE_INVALID, what, path); }

// Field readers that name the path of what is wrong.
class Reader {
 public:
  Reader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) bad(path_, "must be an object");
  }
  const Json& need(const char* key) const {
    if (!j_.contains(key)) bad(path_key(path_, key), "is missing");
    return j_[key];
  }
  std::int64_t integer(const char* key) const {
    const Json& v = need(key);
    if (!v.is_number_integer() && !v.is_number_unsigned()) bad(path_key(path_, key), "must be an integer");
    return v.get<std::int64_t>();
  }
  std::optional<std::int64_t> opt_integer(const char* key) const {
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    return integer(key);
  }
  std::string text(const char* key, bool required = true) const {
    if (!j_.contains(key)) {
      if (required) bad(path_key(path_, key), "is missing");
      return {};
    }
    if (!j_[key].is_string()) bad(path_key(path_, key), "must be a string");
    return j_[key].get<std::string>();
  }
  const Json& array(const char* key) const {
    const Json& v = need(key);
    if (!v.is_array()) bad(path_key(path_, key), "must be an array");
    return v;
  }
  std::string sub(const char* key) const { return path_key(path_, key); }

 private:
  const Json& j_;
  std::string path_;
};

ClaimStatus status_of(const std::string& s, const std::string& path) {
  for (ClaimStatus c : {ClaimStatus::Pending, ClaimStatus::Active, ClaimStatus::Used, ClaimStatus::Expired, ClaimStatus::Rejected})
    if (to_string(c) == s) return c;
  bad(path, "must be pending, active, used, expired or rejected");
}

}  // namespace

Json Engine::export_state() const {
  const Impl& e = *impl_;
  Json wallet = Json::array(), ledger = Json::array(), uses = Json::array();
  for (const WalletEntry& w : e.wallet) wallet.push_back(to_json(w));
  for (const LedgerEntry& l : e.ledger) ledger.push_back(to_json(l));
  for (const OfferUse& u : e.uses) uses.push_back({{"offerId", u.offer_id}, {"orderId", u.order_id}, {"time", u.time}});
  std::vector<std::string_view> ids(e.events.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = e.events.at(i);
  std::sort(ids.begin(), ids.end());
  Json events = Json::array();
  for (std::string_view id : ids) events.push_back(std::string(id));
  return {{"kind", kKind},          {"version", kVersion},
          {"profile", e.has_profile ? e.profile_json : Json()},
          {"points", e.balance},    {"ledger", ledger},
          {"wallet", wallet},       {"uses", uses},
          {"inventory", e.inventory}, {"orders", e.orders},
          {"purchases", e.purchases}, {"sequence", e.sequence},
          {"events", std::move(events)}};
}

void Engine::import_state(const Json& state) {
  Impl& e = *impl_;
  Reader r(state, "");
  if (r.text("kind") != kKind) bad("kind", std::string("must be \"") + kKind + "\"");
  if (r.integer("version") != kVersion) bad("version", "unsupported state version (this engine reads version 1)");

  Profile profile;
  const Json& pj = r.need("profile");
  if (!pj.is_null()) {
    try {
      profile = read_profile(pj);
    } catch (const Error& err) {
      bad(path_key("profile", err.path()), err.what());
    }
  }
  std::int64_t balance = r.integer("points");
  if (balance < 0) bad("points", "must not be negative");

  std::vector<LedgerEntry> ledger;
  const Json& lj = r.array("ledger");
  for (std::size_t i = 0; i < lj.size(); ++i) {
    Reader f(lj[i], path_index("ledger", i));
    LedgerEntry l;
    l.id = f.text("id");
    l.time = f.integer("time");
    l.delta = f.integer("delta");
    l.balance = f.integer("balance");
    if (l.balance < 0) bad(f.sub("balance"), "must not be negative");
    l.reason = f.text("reason");
    l.offer_id = f.text("offerId", false);
    l.claim_id = f.text("claimId", false);
    l.order_id = f.text("orderId", false);
    l.note = f.text("note", false);
    ledger.push_back(std::move(l));
  }
  if (!ledger.empty() && ledger.back().balance != balance) bad("points", "does not match the ledger's last balance");

  std::vector<WalletEntry> wallet;
  const Json& wj = r.array("wallet");
  for (std::size_t i = 0; i < wj.size(); ++i) {
    Reader f(wj[i], path_index("wallet", i));
    WalletEntry w;
    w.claim_id = f.text("claimId");
    w.offer_id = f.text("offerId");
    w.status = status_of(f.text("status"), f.sub("status"));
    w.reason = f.text("reason", false);
    w.claimed_at = f.integer("claimedAt");
    w.expires_at = f.opt_integer("expiresAt");
    w.token = f.text("token", false);
    w.points_cost = f.integer("pointsCost");
    const Json& hj = f.array("history");
    for (std::size_t k = 0; k < hj.size(); ++k) {
      Reader h(hj[k], path_index(f.sub("history"), k));
      w.history.push_back({h.integer("time"), h.text("status"), h.text("note")});
    }
    wallet.push_back(std::move(w));
  }

  std::vector<OfferUse> uses;
  const Json& uj = r.array("uses");
  for (std::size_t i = 0; i < uj.size(); ++i) {
    Reader f(uj[i], path_index("uses", i));
    uses.push_back({f.text("offerId"), f.text("orderId"), f.integer("time")});
  }

  std::map<std::string, std::int64_t> inventory;
  const Json& ij = r.need("inventory");
  if (!ij.is_object()) bad("inventory", "must be an object");
  for (const auto& [id, n] : ij.items()) {
    if (!n.is_number_integer()) bad(path_key("inventory", id), "must be an integer");
    inventory[id] = n.get<std::int64_t>();
  }

  auto strings = [&](const char* key) {
    std::vector<std::string> out;
    const Json& a = r.array(key);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) bad(path_index(key, i), "must be a string");
      out.push_back(a[i].get<std::string>());
    }
    return out;
  };
  std::vector<std::string> orders = strings("orders");
  std::vector<std::string> event_list = strings("events");
  std::int64_t purchases = r.integer("purchases"), sequence = r.integer("sequence");
  if (purchases < 0) bad("purchases", "must not be negative");
  if (sequence < 0) bad("sequence", "must not be negative");

  // Everything read: now replace.
  e.has_profile = !pj.is_null();
  e.profile = std::move(profile);
  e.profile_json = e.has_profile ? pj : Json::object();
  e.balance = balance;
  e.ledger = std::move(ledger);
  e.wallet = std::move(wallet);
  e.uses = std::move(uses);
  e.inventory = std::move(inventory);
  e.orders = std::move(orders);
  e.events.clear();
  for (const std::string& id : event_list) e.events.insert(id);
  e.purchases = purchases;
  e.sequence = static_cast<std::uint64_t>(sequence);
}

}  // namespace promokit
