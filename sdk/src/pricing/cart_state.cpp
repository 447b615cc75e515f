// Applying one offer to the bucket state: which units it may touch, what it takes off each,
// and the bucket splits that follow. docs/pricing.md states the rules in prose.
#include "cart_state.hpp"

#include <algorithm>

#include "spread.hpp"

namespace promokit::pricing {

namespace {

// What happens to `count` units of one bucket: each loses `discount`; `take` marks the
// offer's item-stage group as used on them.
struct Part {
  std::uint32_t bucket;
  std::int64_t count;
  Money discount;
  bool take;
};

// Replaces every bucket named in `parts` (sorted by bucket, counts covering it) by its parts.
void rebuild(State& s, const std::vector<Part>& parts, std::uint32_t slot, std::uint64_t take_bit, const Context& ctx) {
  if (parts.empty()) return;
  std::vector<Bucket> next;
  next.reserve(s.buckets.size() + parts.size());
  std::size_t p = 0;
  for (std::uint32_t i = 0; i < s.buckets.size(); ++i) {
    if (p == parts.size() || parts[p].bucket != i) {
      next.push_back(std::move(s.buckets[i]));
      continue;
    }
    const Bucket& old = s.buckets[i];
    for (; p < parts.size() && parts[p].bucket == i; ++p) {
      const Part& part = parts[p];
      if (part.count == 0) continue;
      Bucket b;
      b.cls = old.cls;
      b.count = part.count;
      b.unit = old.unit - part.discount;
      b.taken = part.take ? (old.taken | take_bit) : old.taken;
      if (ctx.explain) {
        b.history = old.history;
        if (part.discount > 0) b.history.emplace_back(slot, part.discount);
      }
      s.total -= part.discount * part.count;
      next.push_back(std::move(b));
    }
  }
  s.buckets = std::move(next);
}

// Parts for units of `sel` that share out `amount` in proportion to per-unit `weights`.
void spread_parts(Money amount, const std::vector<std::uint32_t>& sel, const std::vector<std::int64_t>& counts,
                  const std::vector<Money>& weights, bool take, std::vector<Part>& out) {
  std::vector<UnitShare> shares = spread_units(amount, counts, weights);
  for (std::size_t j = 0; j < sel.size(); ++j) {
    out.push_back({sel[j], shares[j].extra, shares[j].base + 1, take});
    out.push_back({sel[j], counts[j] - shares[j].extra, shares[j].base, take});
  }
}

Money cap(const Reward& r, Money d) { return r.max_discount ? std::min(d, *r.max_discount) : d; }

Money percent_of(Money amount, std::int32_t bp, Rounding mode) {
  return round_div(static_cast<__int128>(amount) * bp, 10000, mode);
}

struct Selection {
  std::vector<std::uint32_t> buckets;
  std::vector<std::int64_t> counts;
  std::vector<Money> units;
  Money amount = 0;
  std::int64_t quantity = 0;
};

Selection select(const State& s, const std::vector<char>& classes, std::uint64_t unless_taken) {
  Selection sel;
  for (std::uint32_t i = 0; i < s.buckets.size(); ++i) {
    const Bucket& b = s.buckets[i];
    if (!classes[b.cls] || (b.taken & unless_taken)) continue;
    sel.buckets.push_back(i);
    sel.counts.push_back(b.count);
    sel.units.push_back(b.unit);
    sel.amount += b.count * b.unit;
    sel.quantity += b.count;
  }
  return sel;
}

// Fixed amount once per distinct SKU, each capped at what that SKU has left.
void fixed_per_item(const Reward& r, const Selection& sel, const std::vector<UnitClass>& classes, const State& s, bool take,
                    std::vector<Part>& parts) {
  std::vector<std::string_view> skus;
  std::vector<std::size_t> sku_of(sel.buckets.size());
  std::vector<Money> left;
  for (std::size_t j = 0; j < sel.buckets.size(); ++j) {
    std::string_view sku = classes[s.buckets[sel.buckets[j]].cls].sku;
    auto it = std::find(skus.begin(), skus.end(), sku);
    sku_of[j] = static_cast<std::size_t>(it - skus.begin());
    if (it == skus.end()) {
      skus.push_back(sku);
      left.push_back(0);
    }
    left[sku_of[j]] += sel.counts[j] * sel.units[j];
  }
  std::vector<Money> per_sku(skus.size());
  Money sum = 0;
  for (std::size_t k = 0; k < skus.size(); ++k) sum += per_sku[k] = std::min(r.amount, left[k]);
  if (cap(r, sum) < sum) per_sku = spread_largest_remainder(cap(r, sum), per_sku);
  for (std::size_t k = 0; k < skus.size(); ++k) {
    Selection one;
    for (std::size_t j = 0; j < sel.buckets.size(); ++j)
      if (sku_of[j] == k) {
        one.buckets.push_back(sel.buckets[j]);
        one.counts.push_back(sel.counts[j]);
        one.units.push_back(sel.units[j]);
      }
    spread_parts(per_sku[k], one.buckets, one.counts, one.units, take, parts);
  }
}

// Buy X get Y: the cheapest eligible units are the free ones, the next cheapest are bought;
// both are used up for the offer's group.
Money buy_x_get_y(const Reward& r, const Selection& sel, Rounding mode, std::vector<Part>& parts) {
  std::int64_t applications = sel.quantity / (r.buy + r.get);
  if (r.max_applications) applications = std::min<std::int64_t>(applications, *r.max_applications);
  if (applications == 0) return 0;
  std::vector<std::size_t> order(sel.buckets.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sel.units[a] < sel.units[b]; });
  std::int64_t free_left = applications * r.get, bought_left = applications * r.buy;
  Selection free;
  std::vector<Part> used;
  for (std::size_t j : order) {
    if (!free_left && !bought_left) break;
    std::int64_t n = sel.counts[j];
    std::int64_t f = std::min(n, free_left), b = std::min(n - f, bought_left);
    free_left -= f;
    bought_left -= b;
    if (f) {
      free.buckets.push_back(sel.buckets[j]);
      free.counts.push_back(f);
      free.units.push_back(sel.units[j]);
      free.amount += f * sel.units[j];
    }
    if (b) used.push_back({sel.buckets[j], b, 0, true});
    if (n - f - b) used.push_back({sel.buckets[j], n - f - b, 0, false});
  }
  Money d = cap(r, percent_of(free.amount, r.percent_bp, mode));
  spread_parts(d, free.buckets, free.counts, free.units, true, parts);
  parts.insert(parts.end(), used.begin(), used.end());
  return d;
}

// Free gift: the most expensive units of the gift SKU still untaken become free; what the cart
// does not hold is added as gift units at zero.
Money free_gift(const Reward& r, const Selection& sel, State& s, std::vector<Part>& parts) {
  std::vector<std::size_t> order(sel.buckets.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sel.units[a] > sel.units[b]; });
  std::int64_t want = r.quantity;
  Selection got;
  for (std::size_t j : order) {
    if (!want) break;
    std::int64_t n = std::min(want, sel.counts[j]);
    want -= n;
    got.buckets.push_back(sel.buckets[j]);
    got.counts.push_back(n);
    got.units.push_back(sel.units[j]);
    got.amount += n * sel.units[j];
    if (n < sel.counts[j]) parts.push_back({sel.buckets[j], sel.counts[j] - n, 0, false});
  }
  s.gift_units += want;
  Money d = cap(r, got.amount);
  spread_parts(d, got.buckets, got.counts, got.units, true, parts);
  return d;
}

}  // namespace

State initial_state(const std::vector<UnitClass>& classes) {
  State s;
  s.buckets.reserve(classes.size() * 2);
  for (std::uint32_t c = 0; c < classes.size(); ++c) {
    Bucket b;
    b.cls = c;
    b.count = classes[c].quantity;
    b.unit = classes[c].price;
    s.buckets.push_back(std::move(b));
    s.total += b.count * b.unit;
  }
  return s;
}

Money apply_offer(State& s, const Prepared& p, std::uint32_t slot, const Context& ctx) {
  const Reward& r = p.offer->reward;
  const bool item = p.stage == Stage::Item;
  const std::uint64_t bit = std::uint64_t{1} << p.group;
  if (p.stage == Stage::Points) return 0;
  if (p.stage == Stage::Order) s.order_groups |= bit;
  std::vector<Part> parts;
  Money before = s.total;
  if (r.type == RewardType::FreeGift) {
    Selection sel = select(s, p.gift, bit);
    free_gift(r, sel, s, parts);
  } else {
    Selection sel = select(s, p.eligible, item ? bit : 0);
    if (sel.buckets.empty()) return 0;
    switch (r.type) {
      case RewardType::Percent:
        spread_parts(cap(r, percent_of(sel.amount, r.percent_bp, ctx.rounding)), sel.buckets, sel.counts, sel.units, item, parts);
        break;
      case RewardType::Fixed:
        if (r.per == FixedPer::Order) {
          spread_parts(cap(r, std::min(r.amount, sel.amount)), sel.buckets, sel.counts, sel.units, item, parts);
        } else if (r.per == FixedPer::Unit) {
          std::vector<Money> w(sel.units.size());
          Money sum = 0;
          for (std::size_t j = 0; j < w.size(); ++j) sum += sel.counts[j] * (w[j] = std::min(r.amount, sel.units[j]));
          spread_parts(cap(r, sum), sel.buckets, sel.counts, w, item, parts);
        } else {
          fixed_per_item(r, sel, *ctx.classes, s, item, parts);
        }
        break;
      case RewardType::BuyXGetY: buy_x_get_y(r, sel, ctx.rounding, parts); break;
      default: break;
    }
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.bucket < b.bucket; });
  rebuild(s, parts, slot, item ? bit : 0, ctx);
  return before - s.total;
}

}  // namespace promokit::pricing
