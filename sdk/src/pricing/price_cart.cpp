// price_cart(): prepares the cart (unit classes) and the candidates (scope, conditions, bounds),
// lets the search choose, then replays the choice once more keeping per-unit history, which
// becomes the per-line explanation.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <tuple>

#include "prepare.hpp"
#include "search.hpp"

namespace promokit {

using namespace pricing;

namespace {
constexpr Money kMaxSubtotal = 1'000'000'000'000'000LL;  // 10^15 minor units
}  // namespace

std::vector<UnitClass> pricing::make_classes(const Cart& cart) {
  using Key = std::tuple<std::string_view, std::string_view, std::string_view, Money>;
  std::map<Key, std::size_t> index;
  std::vector<UnitClass> classes;
  __int128 subtotal = 0;
  for (std::uint32_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& l = cart.lines[i];
    subtotal += static_cast<__int128>(l.unit_price) * l.quantity;
    if (subtotal > kMaxSubtotal)
      throw Error(ErrorCode::PK_CART_TOO_LARGE, "the cart subtotal exceeds 10^15 minor units", path_index("lines", i));
    index.emplace(Key{l.sku, l.category, l.brand, l.unit_price}, 0);
  }
  for (auto& [key, pos] : index) {
    pos = classes.size();
    UnitClass c;
    std::tie(c.sku, c.category, c.brand, c.price) = key;
    classes.push_back(std::move(c));
  }
  for (std::uint32_t i = 0; i < cart.lines.size(); ++i) {
    const CartLine& l = cart.lines[i];
    UnitClass& c = classes[index.at(Key{l.sku, l.category, l.brand, l.unit_price})];
    c.quantity += l.quantity;
    c.lines.push_back(i);
  }
  return classes;
}

namespace {

bool listed(const std::vector<std::string>& list, std::string_view v) { return std::find(list.begin(), list.end(), v) != list.end(); }

// Classes by SKU, category and brand, so a scope is matched by looking its values up.
struct ClassIndex {
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> sku, category, brand;
  std::vector<std::uint32_t> by_price;  // most expensive first
  std::size_t size = 0;
  explicit ClassIndex(const std::vector<UnitClass>& classes) : size(classes.size()) {
    for (std::uint32_t c = 0; c < classes.size(); ++c) {
      sku[classes[c].sku].push_back(c);
      category[classes[c].category].push_back(c);
      brand[classes[c].brand].push_back(c);
      by_price.push_back(c);
    }
    std::stable_sort(by_price.begin(), by_price.end(), [&](std::uint32_t a, std::uint32_t b) { return classes[a].price > classes[b].price; });
  }
};

// Marks the classes in scope: each non-empty list restricts (a line must match all of them);
// exclusions win.
void scope_classes(const Scope& s, const ClassIndex& ix, std::vector<char>& out) {
  const std::pair<const std::vector<std::string>*, const std::unordered_map<std::string_view, std::vector<std::uint32_t>>*> dims[] = {
      {&s.skus, &ix.sku}, {&s.categories, &ix.category}, {&s.brands, &ix.brand}};
  const std::pair<const std::vector<std::string>*, const std::unordered_map<std::string_view, std::vector<std::uint32_t>>*> excl[] = {
      {&s.exclude_skus, &ix.sku}, {&s.exclude_categories, &ix.category}, {&s.exclude_brands, &ix.brand}};
  out.assign(ix.size, 0);
  char matched = 0;  // number of restricting lists so far; out[c] counts the ones c matches
  for (const auto& [list, map] : dims) {
    if (list->empty()) continue;
    for (const std::string& v : *list)
      if (auto it = map->find(v); it != map->end())
        for (std::uint32_t c : it->second)
          if (out[c] == matched) out[c] = static_cast<char>(matched + 1);
    ++matched;
  }
  for (char& x : out) x = x == matched;
  for (const auto& [list, map] : excl)
    for (const std::string& v : *list)
      if (auto it = map->find(v); it != map->end())
        for (std::uint32_t c : it->second) out[c] = 0;
}

Stage stage_of(const Reward& r) {
  switch (r.type) {
    case RewardType::BonusPoints:
    case RewardType::PointsMultiplier: return Stage::Points;
    case RewardType::BuyXGetY:
    case RewardType::FreeGift: return Stage::Item;
    default: return r.target == RewardTarget::Order ? Stage::Order : Stage::Item;
  }
}

// Interns stacking group names per stage; item and order groups become bits of a 64-bit mask.
class Groups {
 public:
  std::uint32_t intern(Stage stage, const std::string& name) {
    static const char* kDefault[] = {"product", "order", "points"};
    const int st = static_cast<int>(stage);
    std::string key = name.empty() ? kDefault[st] : name;
    auto& names = names_[st];
    auto it = std::find(names.begin(), names.end(), key);
    if (it != names.end()) return static_cast<std::uint32_t>(it - names.begin());
    if (stage != Stage::Points && names.size() == 64)
      throw Error(ErrorCode::PK_UNSUPPORTED, "the offers of one cart may use at most 64 stacking groups per stage");
    names.push_back(std::move(key));
    return static_cast<std::uint32_t>(names.size() - 1);
  }

 private:
  std::vector<std::string> names_[3];
};

Money ceil_percent(Money amount, std::int32_t bp) {
  return static_cast<Money>((static_cast<__int128>(amount) * bp + 9999) / 10000);
}

// Sum of the `n` most expensive units among the classes marked in `mask`.
Money top_units(const std::vector<UnitClass>& classes, const ClassIndex& ix, const std::vector<char>& mask, std::int64_t n) {
  Money sum = 0;
  for (std::uint32_t c : ix.by_price) {
    if (n == 0) break;
    if (!mask[c]) continue;
    std::int64_t k = std::min(n, classes[c].quantity);
    sum += k * classes[c].price;
    n -= k;
  }
  return sum;
}

Prepared prepare(const Offer& o, std::uint32_t candidate, const Cart& cart, const std::vector<UnitClass>& classes, const ClassIndex& ix,
                 Groups& groups) {
  const Reward& r = o.reward;
  Prepared p;
  p.offer = &o;
  p.candidate = candidate;
  p.stage = stage_of(r);
  p.group = groups.intern(p.stage, o.stacking.group);
  scope_classes(o.scope, ix, p.eligible);
  p.gift.assign(classes.size(), 0);
  std::int64_t gift_units = 0;
  if (r.type == RewardType::FreeGift)
    if (auto it = ix.sku.find(r.sku); it != ix.sku.end())
      for (std::uint32_t c : it->second) {
        p.gift[c] = 1;
        p.eligible[c] = 0;  // the gift itself does not count toward the offer's conditions
        gift_units += classes[c].quantity;
      }
  p.reach.assign((classes.size() + 63) / 64, 0);
  for (std::uint32_t c = 0; c < classes.size(); ++c) {
    if (p.eligible[c]) {
      p.eligible_amount += classes[c].price * classes[c].quantity;
      p.eligible_units += classes[c].quantity;
    }
    if (p.eligible[c] || p.gift[c]) p.reach[c / 64] |= std::uint64_t{1} << (c % 64);
    if (r.type == RewardType::FreeGift ? p.gift[c] : p.eligible[c]) p.touches.push_back(c);
  }
  const Conditions& cond = o.conditions;
  if (!cond.stores.empty() && !listed(cond.stores, cart.store)) p.reason = reason::kStoreMismatch;
  else if (p.eligible_units == 0) p.reason = reason::kNotInScope;
  else if (p.eligible_amount < cond.min_spend) p.reason = reason::kMinSpend;
  else if (p.eligible_units < cond.min_quantity) p.reason = reason::kMinQuantity;
  else if (r.type == RewardType::BuyXGetY && p.eligible_units < r.buy + r.get) p.reason = reason::kMinQuantity;

  Money ub = 0;
  switch (r.type) {
    case RewardType::Percent: ub = ceil_percent(p.eligible_amount, r.percent_bp); break;
    case RewardType::Fixed:
      if (r.per == FixedPer::Order) {
        ub = std::min(r.amount, p.eligible_amount);
      } else {
        Money sku_total = 0;  // classes of one SKU are consecutive (sorted by SKU first)
        for (std::size_t c = 0; c < classes.size(); ++c) {
          if (p.eligible[c]) {
            if (r.per == FixedPer::Unit) ub += classes[c].quantity * std::min(r.amount, classes[c].price);
            else sku_total += classes[c].quantity * classes[c].price;
          }
          if (c + 1 == classes.size() || classes[c + 1].sku != classes[c].sku) {
            ub += std::min(r.amount, sku_total);
            sku_total = 0;
          }
        }
      }
      break;
    case RewardType::BuyXGetY: {
      std::int64_t n = p.eligible_units / (r.buy + r.get);
      if (r.max_applications) n = std::min<std::int64_t>(n, *r.max_applications);
      ub = ceil_percent(top_units(classes, ix, p.eligible, n * r.get), r.percent_bp);
      break;
    }
    case RewardType::FreeGift: ub = top_units(classes, ix, p.gift, r.quantity); break;
    default: break;
  }
  p.upper_bound = r.max_discount ? std::min(ub, *r.max_discount) : ub;
  p.money_neutral = p.stage == Stage::Points || (r.type == RewardType::FreeGift && gift_units == 0);
  return p;
}

Json lines_json(const std::vector<LineAmount>& lines) {
  Json out = Json::array();
  for (const auto& l : lines) out.push_back({{"id", l.id}, {"amount", l.amount}});
  return out;
}

}  // namespace

PricingResult price_cart(const Cart& cart, const std::vector<Offer>& candidates, const PricingOptions& options) {
  std::vector<const Offer*> ptrs;
  ptrs.reserve(candidates.size());
  for (const Offer& o : candidates) ptrs.push_back(&o);
  return price_cart(cart, ptrs, options);
}

std::vector<Prepared> pricing::prepare_candidates(const Cart& cart, const std::vector<const Offer*>& candidates,
                                         const std::vector<UnitClass>& classes) {
  // Application order: item stage, order stage, points; priority high first; then id.
  std::vector<std::uint32_t> order;
  std::unordered_set<std::string_view> seen;
  for (std::uint32_t i = 0; i < candidates.size(); ++i)
    if (seen.insert(candidates[i]->id).second) order.push_back(i);  // a repeated offer counts once
  using Key = std::tuple<int, std::int64_t, std::string_view, std::uint32_t>;
  std::vector<Key> keys;
  keys.reserve(order.size());
  for (std::uint32_t i : order) {
    const Offer& o = *candidates[i];
    keys.emplace_back(static_cast<int>(stage_of(o.reward)), -std::int64_t{o.stacking.priority}, o.id, i);
  }
  std::sort(keys.begin(), keys.end());
  for (std::size_t k = 0; k < keys.size(); ++k) order[k] = std::get<3>(keys[k]);
  Groups groups;
  const ClassIndex ix(classes);
  std::vector<Prepared> prepared;
  prepared.reserve(order.size());
  for (std::uint32_t i : order) prepared.push_back(prepare(*candidates[i], i, cart, classes, ix, groups));
  return prepared;
}

PricingResult price_cart(const Cart& cart, const std::vector<const Offer*>& candidates, const PricingOptions& options) {
  const std::vector<UnitClass> classes = make_classes(cart);
  const std::vector<Prepared> prepared = prepare_candidates(cart, candidates, classes);
  Plan plan = choose(prepared, classes, options);

  // Replay the choice keeping per-unit history.
  Scratch scratch;
  Context ctx{&classes, options.rounding, true, &scratch};
  State s = initial_state(classes);
  std::vector<Money> amount(prepared.size(), 0);
  std::vector<std::int64_t> gifts(prepared.size(), 0), points(prepared.size(), 0);
  std::vector<std::uint32_t> points_slots;
  for (std::uint32_t k : plan.slots) {
    if (prepared[k].stage == Stage::Points) {
      points_slots.push_back(k);
      continue;
    }
    std::int64_t before = s.gift_units;
    amount[k] = apply_offer(s, prepared[k], k, ctx);
    gifts[k] = s.gift_units - before;
  }
  PricingResult res;
  res.currency = cart.currency;
  res.exact = plan.exact;
  std::vector<std::int64_t> per_points;
  res.points = points_of(prepared, s, points_slots, options, &per_points);
  for (std::size_t j = 0; j < points_slots.size(); ++j) points[points_slots[j]] = per_points[j];

  // Applied offers in application order; a chosen money offer that ended up taking nothing is
  // not applied after all.
  std::vector<char> applied(prepared.size(), 0);
  std::vector<std::int64_t> row(prepared.size(), -1);
  bool exclusive_won = false;
  for (std::uint32_t k : plan.slots) {
    bool is_points = prepared[k].stage == Stage::Points;
    if (is_points ? std::find(points_slots.begin(), points_slots.end(), k) == points_slots.end() : (amount[k] == 0 && gifts[k] == 0))
      continue;
    applied[k] = 1;
    exclusive_won = exclusive_won || prepared[k].offer->stacking.exclusive;
    row[k] = static_cast<std::int64_t>(res.applied.size());
    AppliedOffer a;
    a.offer_id = prepared[k].offer->id;
    a.amount = amount[k];
    a.points = points[k];
    a.gift_quantity = gifts[k];
    res.applied.push_back(std::move(a));
    if (gifts[k] > 0) res.gifts.push_back({prepared[k].offer->id, prepared[k].offer->reward.sku, gifts[k]});
  }

  // Units of each class go to its lines in cart order; their history becomes line amounts.
  const std::size_t nlines = cart.lines.size();
  std::vector<Money> line_discount(nlines, 0);
  std::vector<std::vector<Money>> per_line(res.applied.size(), std::vector<Money>(nlines, 0));
  std::vector<std::size_t> cursor(classes.size(), 0);   // next line of the class to fill
  std::vector<std::int64_t> filled(classes.size(), 0);  // units already given to that line
  for (const Bucket& b : s.buckets) {
    const UnitClass& c = classes[b.cls];
    for (std::int64_t left = b.count; left > 0;) {
      std::uint32_t line = c.lines[cursor[b.cls]];
      std::int64_t n = std::min(left, cart.lines[line].quantity - filled[b.cls]);
      for (const auto& [slot, per_unit] : s.histories.empty() ? History{} : s.histories[b.history]) {
        per_line[static_cast<std::size_t>(row[slot])][line] += n * per_unit;
        line_discount[line] += n * per_unit;
      }
      left -= n;
      if ((filled[b.cls] += n) == cart.lines[line].quantity) {
        ++cursor[b.cls];
        filled[b.cls] = 0;
      }
    }
  }
  for (std::size_t a = 0; a < res.applied.size(); ++a)
    for (std::size_t l = 0; l < nlines; ++l)
      if (per_line[a][l]) res.applied[a].lines.push_back({cart.lines[l].id, per_line[a][l]});
  for (std::size_t l = 0; l < nlines; ++l) {
    const CartLine& cl = cart.lines[l];
    Money list = cl.unit_price * cl.quantity;
    res.lines.push_back({cl.id, cl.quantity, cl.unit_price, line_discount[l], list - line_discount[l]});
    res.subtotal += list;
    res.discount_total += line_discount[l];
  }
  res.total = res.subtotal - res.discount_total;

  // Every other offer, with its reason, in the caller's order.
  for (const auto& [id, why] : options.pre_rejected) res.rejected.push_back({id, why});
  std::vector<std::int64_t> slot_of(candidates.size(), -1);
  for (std::uint32_t k = 0; k < prepared.size(); ++k) slot_of[prepared[k].candidate] = k;
  for (std::uint32_t i = 0; i < candidates.size(); ++i) {
    if (slot_of[i] < 0) continue;
    const Prepared& p = prepared[static_cast<std::size_t>(slot_of[i])];
    if (applied[static_cast<std::size_t>(slot_of[i])]) continue;
    std::string_view why = !p.reason.empty() ? p.reason
                           : (exclusive_won || p.offer->stacking.exclusive) ? reason::kExclusiveConflict
                                                                            : reason::kNotBest;
    res.rejected.push_back({p.offer->id, std::string(why)});
  }
  return res;
}

Json PricingResult::to_json() const {
  Json jl = Json::array(), ja = Json::array(), jr = Json::array(), jg = Json::array();
  for (const auto& l : lines)
    jl.push_back({{"id", l.id}, {"quantity", l.quantity}, {"unitPrice", l.unit_price}, {"discount", l.discount}, {"total", l.total}});
  for (const auto& a : applied) {
    Json j = {{"offerId", a.offer_id}, {"amount", a.amount}, {"lines", lines_json(a.lines)}};
    if (a.points) j["points"] = a.points;
    if (a.gift_quantity) j["giftQuantity"] = a.gift_quantity;
    ja.push_back(std::move(j));
  }
  for (const auto& r : rejected) jr.push_back({{"offerId", r.offer_id}, {"reason", r.reason}});
  for (const auto& g : gifts) jg.push_back({{"offerId", g.offer_id}, {"sku", g.sku}, {"quantity", g.quantity}});
  return {{"currency", currency}, {"subtotal", subtotal}, {"discountTotal", discount_total}, {"total", total},
          {"lines", jl}, {"applied", ja}, {"rejected", jr}, {"gifts", jg}, {"points", points},
          {"search", exact ? "exact" : "heuristic"}};
}

}  // namespace promokit
