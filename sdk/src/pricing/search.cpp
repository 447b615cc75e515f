// Best-combination search. Small candidate sets: depth-first branch and bound in application
// order, so every node extends its parent's state by one offer and the bound (what is left
// minus the most the remaining offers could take) prunes whole subtrees. Large sets: the
// item stage splits into parts that share no unit class (they cannot affect each other), each
// searched exactly when small enough and otherwise improved greedily by banning offers that
// take units a later offer of their group wanted; then the order stage on what is left.
#include "search.hpp"

#include <algorithm>
#include <numeric>

namespace promokit::pricing {

bool better(const Outcome& a, const Outcome& b) noexcept {
  if (a.total != b.total) return a.total < b.total;
  if (a.points != b.points) return a.points > b.points;
  return a.gift_units > b.gift_units;
}

std::int64_t points_of(const std::vector<Prepared>& prepared, const State& s, std::vector<std::uint32_t>& slots,
                       const PricingOptions& o, std::vector<std::int64_t>* per_slot) {
  auto earn = [&](Money amount) -> std::int64_t {
    if (o.earn_points <= 0 || o.earn_per <= 0) return 0;
    return static_cast<std::int64_t>(static_cast<__int128>(amount) * o.earn_points / o.earn_per);
  };
  std::vector<std::int64_t> pts(slots.size());
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const Prepared& p = prepared[slots[k]];
    const Reward& r = p.offer->reward;
    if (r.type == RewardType::BonusPoints) {
      pts[k] = r.points;
    } else {
      Money eligible = 0;
      for (const Bucket& b : s.buckets)
        if (p.eligible[b.cls]) eligible += b.count * b.unit;
      pts[k] = static_cast<std::int64_t>(static_cast<__int128>(earn(eligible)) * (r.factor_pct - 100) / 100);
    }
  }
  // One per points group: the one adding most (the first in application order on a tie).
  std::vector<std::uint32_t> kept;
  std::vector<std::int64_t> kept_pts;
  for (std::size_t k = 0; k < slots.size(); ++k) {
    std::uint32_t g = prepared[slots[k]].group;
    auto same = std::find_if(kept.begin(), kept.end(), [&](std::uint32_t x) { return prepared[x].group == g; });
    if (same == kept.end()) {
      kept.push_back(slots[k]);
      kept_pts.push_back(pts[k]);
    } else if (pts[k] > kept_pts[static_cast<std::size_t>(same - kept.begin())]) {
      *same = slots[k];
      kept_pts[static_cast<std::size_t>(same - kept.begin())] = pts[k];
    }
  }
  slots = kept;
  if (per_slot) *per_slot = kept_pts;
  return earn(s.total) + std::accumulate(kept_pts.begin(), kept_pts.end(), std::int64_t{0});
}

namespace {

bool order_group_used(const State& s, const Prepared& p) {
  return p.stage == Stage::Order && (s.order_groups & (std::uint64_t{1} << p.group));
}

// Branch and bound over `cand` (prepared slots in application order) from `start`.
class Exact {
 public:
  Exact(const std::vector<Prepared>& prepared, const Context& ctx, std::vector<std::uint32_t> cand, std::size_t budget)
      : p_(prepared), ctx_(ctx), cand_(std::move(cand)), budget_(budget) {
    suffix_.assign(cand_.size() + 1, 0);
    gifts_after_.assign(cand_.size() + 1, false);
    for (std::size_t i = cand_.size(); i-- > 0;) {
      suffix_[i] = suffix_[i + 1] + p_[cand_[i]].upper_bound;
      gifts_after_[i] = gifts_after_[i + 1] || p_[cand_[i]].offer->reward.type == RewardType::FreeGift;
    }
  }

  // False when the budget ran out before the search finished.
  bool run(const State& start) {
    pool_.assign(cand_.size() + 1, State{});
    pool_[0] = start;
    best_total_ = start.total;
    best_gifts_ = start.gift_units;
    best_.clear();
    dfs(0, 0);
    return !exhausted_;
  }
  const std::vector<std::uint32_t>& best() const { return best_; }
  std::size_t used() const { return used_; }

 private:
  void dfs(std::size_t i, std::size_t depth) {
    const State& s = pool_[depth];
    if (s.total < best_total_ || (s.total == best_total_ && s.gift_units > best_gifts_)) {
      best_total_ = s.total;
      best_gifts_ = s.gift_units;
      best_ = chosen_;
    }
    if (i == cand_.size() || exhausted_) return;
    Money bound = std::max<Money>(0, s.total - suffix_[i]);
    if (bound > best_total_ || (bound == best_total_ && !gifts_after_[i])) return;
    const Prepared& p = p_[cand_[i]];
    if (!order_group_used(s, p)) {
      if (++used_ > budget_) {
        exhausted_ = true;
        return;
      }
      State& next = pool_[depth + 1];
      next = s;
      Money d = apply_offer(next, p, cand_[i], ctx_);
      if (d > 0 || next.gift_units > s.gift_units) {
        chosen_.push_back(cand_[i]);
        dfs(i + 1, depth + 1);
        chosen_.pop_back();
      }
    }
    dfs(i + 1, depth);
  }

  const std::vector<Prepared>& p_;
  const Context& ctx_;
  std::vector<std::uint32_t> cand_;
  std::vector<Money> suffix_;
  std::vector<bool> gifts_after_;
  std::vector<State> pool_;
  std::vector<std::uint32_t> chosen_, best_;
  Money best_total_ = 0;
  std::int64_t best_gifts_ = 0;
  std::size_t budget_, used_ = 0;
  bool exhausted_ = false;
};

// Applies the offers of `cand` in order, skipping `banned` ones and those that would take
// nothing; returns the ones kept.
std::vector<std::uint32_t> greedy(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& cand,
                                  const std::vector<char>& banned, State& s) {
  std::vector<std::uint32_t> kept;
  for (std::size_t k = 0; k < cand.size(); ++k) {
    if (banned[k] || order_group_used(s, p[cand[k]])) continue;
    State next = s;
    Money d = apply_offer(next, p[cand[k]], cand[k], ctx);
    if (d > 0 || next.gift_units > s.gift_units) {
      s = std::move(next);
      kept.push_back(cand[k]);
    }
  }
  return kept;
}

bool shares_class(const Prepared& a, const Prepared& b) {
  for (std::size_t c = 0; c < a.eligible.size(); ++c)
    if ((a.eligible[c] || a.gift[c]) && (b.eligible[c] || b.gift[c])) return true;
  return false;
}

// Greedy with improvement: an offer that shares units with a later offer of its own group is
// tried banned (the later one may do better on those units); a ban that lowers the total
// stays. Offers without such a rival are never worth leaving out.
std::vector<std::uint32_t> improve(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& cand,
                                   const State& start, std::size_t budget) {
  std::vector<char> banned(cand.size(), 0), rival(cand.size(), 0);
  for (std::size_t a = 0; a < cand.size(); ++a)
    for (std::size_t b = a + 1; b < cand.size() && !rival[a]; ++b) {
      const Prepared &x = p[cand[a]], &y = p[cand[b]];
      if (x.stage == y.stage && x.group == y.group && shares_class(x, y)) rival[a] = 1;
    }
  State s = start;
  std::vector<std::uint32_t> best = greedy(p, ctx, cand, banned, s);
  Money best_total = s.total;
  std::size_t spent = cand.size();
  for (bool improved = true; improved;) {
    improved = false;
    for (std::size_t k = 0; k < cand.size() && spent < budget; ++k) {
      if (!rival[k] || banned[k] || std::find(best.begin(), best.end(), cand[k]) == best.end()) continue;
      banned[k] = 1;
      State t = start;
      std::vector<std::uint32_t> kept = greedy(p, ctx, cand, banned, t);
      spent += cand.size();
      if (t.total < best_total) {
        best_total = t.total;
        best = std::move(kept);
        improved = true;
      } else {
        banned[k] = 0;
      }
    }
  }
  return best;
}

// The state restricted to the buckets of `classes` (bucket order kept, so every tie-break is
// the same as on the whole state).
State restrict(const State& s, const std::vector<char>& classes) {
  State r;
  r.order_groups = s.order_groups;
  for (const Bucket& b : s.buckets)
    if (classes[b.cls]) {
      r.buckets.push_back(b);
      r.total += b.count * b.unit;
    }
  return r;
}

struct Parts {
  std::vector<std::vector<std::uint32_t>> members;  // prepared slots, application order
  std::vector<std::vector<char>> classes;
};

// Item-stage offers grouped into parts that share no unit class (union-find over classes).
Parts split_by_class(const std::vector<Prepared>& p, const std::vector<std::uint32_t>& item, std::size_t nclasses) {
  std::vector<std::uint32_t> parent(nclasses);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::int64_t> first(item.size(), -1);
  for (std::size_t k = 0; k < item.size(); ++k)
    for (std::uint32_t c = 0; c < nclasses; ++c)
      if (p[item[k]].eligible[c] || p[item[k]].gift[c]) {
        if (first[k] < 0) first[k] = c;
        else parent[find(c)] = find(static_cast<std::uint32_t>(first[k]));
      }
  Parts parts;
  std::vector<std::int64_t> index(nclasses, -1);
  for (std::size_t k = 0; k < item.size(); ++k) {
    if (first[k] < 0) continue;
    std::uint32_t root = find(static_cast<std::uint32_t>(first[k]));
    if (index[root] < 0) {
      index[root] = static_cast<std::int64_t>(parts.members.size());
      parts.members.emplace_back();
      parts.classes.emplace_back(nclasses, 0);
    }
    parts.members[static_cast<std::size_t>(index[root])].push_back(item[k]);
  }
  for (std::uint32_t c = 0; c < nclasses; ++c) {
    std::uint32_t root = find(c);
    if (index[root] >= 0) parts.classes[static_cast<std::size_t>(index[root])][c] = 1;
  }
  return parts;
}

// Chosen money offers among `money` (non-exclusive, in application order).
std::vector<std::uint32_t> best_money(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& money,
                                      const State& start, const PricingOptions& o, bool& exact) {
  std::vector<std::uint32_t> partial;  // the best an exhausted exact search had found
  if (money.size() <= o.exact_limit) {
    Exact search(p, ctx, money, o.exact_budget);
    if (search.run(start)) return search.best();
    partial = search.best();
  }
  std::vector<std::uint32_t> item, order;
  for (std::uint32_t k : money) (p[k].stage == Stage::Item ? item : order).push_back(k);
  std::vector<std::uint32_t> chosen;
  bool parts_exact = true;
  Parts parts = split_by_class(p, item, ctx.classes->size());
  for (std::size_t i = 0; i < parts.members.size(); ++i) {
    const auto& m = parts.members[i];
    State sub = restrict(start, parts.classes[i]);
    std::vector<std::uint32_t> got;
    bool done = false;
    if (m.size() <= o.exact_limit) {
      Exact search(p, ctx, m, o.exact_budget);
      done = search.run(sub);
      if (done) got = search.best();
    }
    if (!done) {
      parts_exact = false;
      got = improve(p, ctx, m, sub, o.exact_budget);
    }
    chosen.insert(chosen.end(), got.begin(), got.end());
  }
  std::sort(chosen.begin(), chosen.end());
  State after_items = run_all(p, ctx, chosen, start);
  std::vector<std::uint32_t> got;
  bool done = false;
  if (order.size() <= o.exact_limit) {
    Exact search(p, ctx, order, o.exact_budget);
    done = search.run(after_items);
    if (done) got = search.best();
  }
  if (!done) {
    std::vector<char> none(order.size(), 0);
    got = greedy(p, ctx, order, none, after_items);
  }
  // Without order-stage offers the item stage is the whole answer, and its parts add up.
  exact = order.empty() && parts_exact;
  chosen.insert(chosen.end(), got.begin(), got.end());
  if (!partial.empty() && run_all(p, ctx, partial, start).total < run_all(p, ctx, chosen, start).total) return partial;
  return chosen;
}

}  // namespace

State run_all(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& slots, State s) {
  for (std::uint32_t k : slots) apply_offer(s, p[k], k, ctx);
  return s;
}

Plan choose(const std::vector<Prepared>& p, const std::vector<UnitClass>& classes, const PricingOptions& o) {
  Context ctx{&classes, o.rounding, false};
  const State start = initial_state(classes);
  std::vector<std::uint32_t> money, neutral, exclusive;
  for (std::uint32_t k = 0; k < p.size(); ++k) {
    if (!p[k].reason.empty()) continue;
    if (p[k].offer->stacking.exclusive) exclusive.push_back(k);
    else (p[k].money_neutral ? neutral : money).push_back(k);
  }
  auto finish = [&](std::vector<std::uint32_t> slots) {
    Plan plan;
    std::sort(slots.begin(), slots.end());
    std::vector<std::uint32_t> applied, points;
    for (std::uint32_t k : slots) (p[k].stage == Stage::Points ? points : applied).push_back(k);
    State s = run_all(p, ctx, applied, start);
    plan.outcome.total = s.total;
    plan.outcome.gift_units = s.gift_units;
    plan.outcome.points = points_of(p, s, points, o);
    applied.insert(applied.end(), points.begin(), points.end());
    std::sort(applied.begin(), applied.end());
    plan.slots = std::move(applied);
    return plan;
  };
  bool exact = true;
  std::vector<std::uint32_t> combo = best_money(p, ctx, money, start, o, exact);
  combo.insert(combo.end(), neutral.begin(), neutral.end());
  Plan best = finish(combo);
  best.exact = exact;
  for (std::uint32_t k : exclusive) {
    Plan alone = finish({k});
    if (better(alone.outcome, best.outcome)) {
      alone.exact = exact;
      best = std::move(alone);
    }
  }
  return best;
}

}  // namespace promokit::pricing
