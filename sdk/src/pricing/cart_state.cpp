// Applying one offer to the bucket state: which units it may touch, what it takes off each,
// and the bucket splits that follow. docs/pricing.md states the rules in prose. Every buffer
// comes from the Scratch, so the search allocates nothing per offer once warm.
#include "cart_state.hpp"

#include <algorithm>

#include "spread.hpp"

namespace promokit::pricing {

namespace {

Money cap(const Reward& r, Money d) { return r.max_discount ? std::min(d, *r.max_discount) : d; }

Money percent_of(Money amount, std::int32_t bp, Rounding mode) {
  return round_div(static_cast<__int128>(amount) * bp, 10000, mode);
}

// A list of (bucket, units, per-unit price) — the units an offer looks at.
struct Units {
  std::vector<std::uint32_t>& bucket;
  std::vector<std::int64_t>& count;
  std::vector<Money>& unit;
  void clear() {
    bucket.clear();
    count.clear();
    unit.clear();
  }
  void add(std::uint32_t b, std::int64_t n, Money u) {
    bucket.push_back(b);
    count.push_back(n);
    unit.push_back(u);
  }
  std::size_t size() const { return bucket.size(); }
};

struct Totals {
  Money amount = 0;
  std::int64_t quantity = 0;
};

// The units of `classes` (listed in `list`) not taken by `unless_taken`. Buckets are in class
// order, so a narrow offer looks its classes up instead of scanning every bucket.
Totals select(const State& s, const std::vector<char>& classes, const std::vector<std::uint32_t>& list, std::uint64_t unless_taken,
              Units& out) {
  out.clear();
  Totals t;
  auto take = [&](std::uint32_t i) {
    const Bucket& b = s.buckets[i];
    if (b.taken & unless_taken) return;
    out.add(i, b.count, b.unit);
    t.amount += b.count * b.unit;
    t.quantity += b.count;
  };
  const auto& bs = s.buckets;
  if (list.size() * 8 < bs.size()) {
    for (std::uint32_t c : list) {
      auto it = std::lower_bound(bs.begin(), bs.end(), c, [](const Bucket& b, std::uint32_t cls) { return b.cls < cls; });
      for (; it != bs.end() && it->cls == c; ++it) take(static_cast<std::uint32_t>(it - bs.begin()));
    }
  } else {
    for (std::uint32_t i = 0; i < bs.size(); ++i)
      if (classes[bs[i].cls]) take(i);
  }
  return t;
}

// Parts for `u` sharing out `amount` in proportion to per-unit `weights`.
void spread_into(Money amount, const Units& u, const Money* weights, bool take, Step& st, Scratch& x) {
  const std::size_t n = u.size();
  x.base.resize(n);
  x.extra.resize(n);
  SpreadBuffers buf{std::move(x.rem), std::move(x.order)};
  spread_units(amount, u.count.data(), weights, n, x.base.data(), x.extra.data(), buf);
  x.rem = std::move(buf.rem);
  x.order = std::move(buf.order);
  for (std::size_t j = 0; j < n; ++j) {
    if (x.extra[j]) st.parts.push_back({u.bucket[j], x.extra[j], x.base[j] + 1, take});
    if (u.count[j] - x.extra[j] && (take || x.base[j])) st.parts.push_back({u.bucket[j], u.count[j] - x.extra[j], x.base[j], take});
  }
  st.discount += amount;
}

// Fixed amount once per distinct SKU, each capped at what that SKU has left.
void fixed_per_item(const Reward& r, const Units& sel, const State& s, const Context& ctx, bool take, Step& st) {
  Scratch& x = *ctx.scratch;
  const auto& classes = *ctx.classes;
  // Units of one SKU are in consecutive classes (classes are sorted by SKU first).
  std::vector<Money>& left = x.weights;
  std::vector<std::size_t>& starts = x.idx;  // first selected index of each SKU
  left.clear();
  starts.clear();
  for (std::size_t j = 0; j < sel.size(); ++j) {
    bool same = j > 0 && classes[s.buckets[sel.bucket[j]].cls].sku == classes[s.buckets[sel.bucket[j - 1]].cls].sku;
    if (!same) {
      starts.push_back(j);
      left.push_back(0);
    }
    left.back() += sel.count[j] * sel.unit[j];
  }
  Money sum = 0;
  for (Money& l : left) sum += l = std::min(r.amount, l);
  if (cap(r, sum) < sum) left = spread_largest_remainder(cap(r, sum), left);
  starts.push_back(sel.size());
  Units one{x.sel2, x.counts2, x.units2};
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    one.clear();
    for (std::size_t j = starts[k]; j < starts[k + 1]; ++j) one.add(sel.bucket[j], sel.count[j], sel.unit[j]);
    spread_into(left[k], one, one.unit.data(), take, st, x);
  }
}

// Indices 0..n-1 of `u` ordered by unit price (ascending, or descending), ties by position.
void order_by_price(const Units& u, bool ascending, std::vector<std::size_t>& order) {
  order.resize(u.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (u.unit[a] != u.unit[b]) return ascending ? u.unit[a] < u.unit[b] : u.unit[a] > u.unit[b];
    return a < b;
  });
}

// Buy X get Y: the cheapest eligible units are the free ones, the next cheapest are bought;
// both are used up for the offer's group.
void buy_x_get_y(const Reward& r, const Units& sel, std::int64_t quantity, const Context& ctx, Step& st) {
  Scratch& x = *ctx.scratch;
  std::int64_t applications = quantity / (r.buy + r.get);
  if (r.max_applications) applications = std::min<std::int64_t>(applications, *r.max_applications);
  if (applications == 0) return;
  std::vector<std::size_t>& order = x.idx;
  order_by_price(sel, true, order);
  std::int64_t free_left = applications * r.get, bought_left = applications * r.buy;
  Units free{x.sel2, x.counts2, x.units2};
  free.clear();
  Money free_amount = 0;
  for (std::size_t j : order) {
    if (!free_left && !bought_left) break;
    std::int64_t n = sel.count[j];
    std::int64_t f = std::min(n, free_left), b = std::min(n - f, bought_left);
    free_left -= f;
    bought_left -= b;
    if (f) {
      free.add(sel.bucket[j], f, sel.unit[j]);
      free_amount += f * sel.unit[j];
    }
    if (b) st.parts.push_back({sel.bucket[j], b, 0, true});
  }
  spread_into(cap(r, percent_of(free_amount, r.percent_bp, ctx.rounding)), free, free.unit.data(), true, st, x);
}

// Free gift: the most expensive untaken units of the gift SKU become free; what the cart does
// not hold is added as gift units at zero.
void free_gift(const Reward& r, const Units& sel, const Context& ctx, Step& st) {
  Scratch& x = *ctx.scratch;
  std::vector<std::size_t>& order = x.idx;
  order_by_price(sel, false, order);
  std::int64_t want = r.quantity;
  Units got{x.sel2, x.counts2, x.units2};
  got.clear();
  Money amount = 0;
  for (std::size_t j : order) {
    if (!want) break;
    std::int64_t n = std::min(want, sel.count[j]);
    want -= n;
    got.add(sel.bucket[j], n, sel.unit[j]);
    amount += n * sel.unit[j];
  }
  st.gift_units = want;
  spread_into(cap(r, amount), got, got.unit.data(), true, st, x);
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
    s.total += b.count * b.unit;
    s.buckets.push_back(b);
  }
  return s;
}

void plan_offer(const State& s, const Prepared& p, const Context& ctx, Step& st) {
  st.parts.clear();
  st.discount = 0;
  st.gift_units = 0;
  if (p.stage == Stage::Points) return;
  Scratch& x = *ctx.scratch;
  const Reward& r = p.offer->reward;
  const bool item = p.stage == Stage::Item;
  const std::uint64_t bit = std::uint64_t{1} << p.group;
  Units sel{x.sel, x.counts, x.units};
  if (r.type == RewardType::FreeGift) {
    select(s, p.gift, p.touches, bit, sel);
    free_gift(r, sel, ctx, st);
  } else {
    Totals t = select(s, p.eligible, p.touches, item ? bit : 0, sel);
    if (sel.size() == 0) return;
    switch (r.type) {
      case RewardType::Percent: spread_into(cap(r, percent_of(t.amount, r.percent_bp, ctx.rounding)), sel, sel.unit.data(), item, st, x); break;
      case RewardType::Fixed:
        if (r.per == FixedPer::Order) {
          spread_into(cap(r, std::min(r.amount, t.amount)), sel, sel.unit.data(), item, st, x);
        } else if (r.per == FixedPer::Unit) {
          x.weights.resize(sel.size());
          Money sum = 0;
          for (std::size_t j = 0; j < sel.size(); ++j) sum += sel.count[j] * (x.weights[j] = std::min(r.amount, sel.unit[j]));
          spread_into(cap(r, sum), sel, x.weights.data(), item, st, x);
        } else {
          fixed_per_item(r, sel, s, ctx, item, st);
        }
        break;
      case RewardType::BuyXGetY: buy_x_get_y(r, sel, t.quantity, ctx, st); break;
      default: break;
    }
  }
  auto by_bucket = [](const Part& a, const Part& b) { return a.bucket < b.bucket; };
  if (!std::is_sorted(st.parts.begin(), st.parts.end(), by_bucket)) std::stable_sort(st.parts.begin(), st.parts.end(), by_bucket);
}

void commit_offer(State& s, const Prepared& p, const Step& st, std::uint32_t slot, const Context& ctx) {
  const std::uint64_t bit = std::uint64_t{1} << p.group;
  if (p.stage == Stage::Order) s.order_groups |= bit;
  s.gift_units += st.gift_units;
  const std::uint64_t take_bit = p.stage == Stage::Item ? bit : 0;
  auto change = [&](Bucket& b, const Part& part) {
    b.unit -= part.discount;
    if (part.take) b.taken |= take_bit;
    if (ctx.explain && part.discount > 0) {
      if (s.histories.empty()) s.histories.emplace_back();
      History h = s.histories[b.history];
      h.emplace_back(slot, part.discount);
      b.history = static_cast<std::uint32_t>(s.histories.size());
      s.histories.push_back(std::move(h));
    }
    s.total -= part.discount * part.count;
  };
  const auto& parts = st.parts;
  bool whole = true;  // every part covers its whole bucket: change in place
  for (const Part& part : parts) whole = whole && part.count == s.buckets[part.bucket].count;
  if (whole) {
    for (const Part& part : parts) change(s.buckets[part.bucket], part);
    return;
  }
  std::vector<Bucket>& next = ctx.scratch->next;
  next.clear();
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < s.buckets.size(); ++i) {
    Bucket& old = s.buckets[i];
    std::int64_t covered = 0;
    for (; k < parts.size() && parts[k].bucket == i; ++k) {
      Bucket b = old;
      b.count = parts[k].count;
      change(b, parts[k]);
      covered += b.count;
      next.push_back(std::move(b));
    }
    if (covered < old.count) {
      old.count -= covered;
      next.push_back(old);
    }
  }
  s.buckets.swap(next);
}

Money apply_offer(State& s, const Prepared& p, std::uint32_t slot, const Context& ctx) {
  Step& st = ctx.scratch->step;
  plan_offer(s, p, ctx, st);
  commit_offer(s, p, st, slot, ctx);
  return st.discount;
}

}  // namespace promokit::pricing
