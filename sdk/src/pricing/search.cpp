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
    // Bounds of what the offers from i on can take: item-stage bounds add up; an order-stage
    // group gives at most one offer, so it adds its largest remaining bound.
    for (std::uint32_t k : cand_)
      if (p_[k].stage == Stage::Order && std::find(groups_.begin(), groups_.end(), p_[k].group) == groups_.end())
        groups_.push_back(p_[k].group);
    const std::size_t n = cand_.size(), g = groups_.size();
    suffix_.assign(n + 1, 0);
    group_max_.assign((n + 1) * g, 0);
    gifts_after_.assign(n + 1, false);
    for (std::size_t i = n; i-- > 0;) {
      const Prepared& q = p_[cand_[i]];
      suffix_[i] = suffix_[i + 1] + (q.stage == Stage::Order ? 0 : q.upper_bound);
      for (std::size_t x = 0; x < g; ++x) {
        Money m = group_max_[(i + 1) * g + x];
        if (q.stage == Stage::Order && q.group == groups_[x]) m = std::max(m, q.upper_bound);
        group_max_[i * g + x] = m;
      }
      gifts_after_[i] = gifts_after_[i + 1] || q.offer->reward.type == RewardType::FreeGift;
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
    Money most = suffix_[i];
    for (std::size_t x = 0; x < groups_.size(); ++x)
      if (!(s.order_groups >> groups_[x] & 1)) most += group_max_[i * groups_.size() + x];
    Money bound = std::max<Money>(0, s.total - most);
    if (bound > best_total_ || (bound == best_total_ && !gifts_after_[i])) return;
    const Prepared& p = p_[cand_[i]];
    if (!order_group_used(s, p)) {
      if (++used_ > budget_) {
        exhausted_ = true;
        return;
      }
      Step& step = ctx_.scratch->step;
      plan_offer(s, p, ctx_, step);
      if (step.useful()) {
        State& next = pool_[depth + 1];
        next = s;
        commit_offer(next, p, step, cand_[i], ctx_);
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
  std::vector<Money> suffix_;               // item-stage bounds from i on
  std::vector<std::uint32_t> groups_;       // order-stage groups among the candidates
  std::vector<Money> group_max_;            // [i][group]: the largest order-stage bound from i on
  std::vector<bool> gifts_after_;
  std::vector<State> pool_;
  std::vector<std::uint32_t> chosen_, best_;
  Money best_total_ = 0;
  std::int64_t best_gifts_ = 0;
  std::size_t budget_, used_ = 0;
  bool exhausted_ = false;
};

bool shares_class(const Prepared& a, const Prepared& b) {
  for (std::size_t w = 0; w < a.reach.size(); ++w)
    if (a.reach[w] & b.reach[w]) return true;
  return false;
}

// One greedy pass over cand[from..]: each offer is applied if it takes something. `before`
// keeps the state in front of every kept offer, so a later trial can restart there.
struct Pass {
  std::vector<std::uint32_t> kept;  // positions in cand
  std::vector<Money> took;          // what each kept offer took off
  std::vector<State> before;
  State end;

  // The pass cut just before position `from` (the kept offers in front of it stay).
  Pass prefix(std::size_t from) const {
    std::size_t n = static_cast<std::size_t>(std::lower_bound(kept.begin(), kept.end(), from) - kept.begin());
    Pass p;
    p.kept.assign(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n));
    p.took.assign(took.begin(), took.begin() + static_cast<std::ptrdiff_t>(n));
    p.before.assign(before.begin(), before.begin() + static_cast<std::ptrdiff_t>(n));
    p.end = n < kept.size() ? before[n] : end;
    return p;
  }
};

void run_pass(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& cand,
              const std::vector<char>& banned, std::size_t from, Pass& pass, std::size_t& used) {
  State& s = pass.end;
  for (std::size_t k = from; k < cand.size(); ++k) {
    if (banned[k] || order_group_used(s, p[cand[k]])) continue;
    Step& step = ctx.scratch->step;
    plan_offer(s, p[cand[k]], ctx, step);
    ++used;
    if (!step.useful()) continue;
    pass.kept.push_back(static_cast<std::uint32_t>(k));
    pass.took.push_back(step.discount);
    pass.before.push_back(s);
    commit_offer(s, p[cand[k]], step, cand[k], ctx);
  }
}

// Greedy with improvement. Within a stacking group the earlier (higher priority) offer takes
// the units it shares with later ones, and a later one may do better on them. Two kinds of
// move, each rerun from the state in front of the first offer it bans, kept when the total
// drops: "ban x" for every kept x with such a later rival, front to back, repeated while a
// sweep gains; then "promote y", which bans every rival in front of y at once, tried in order
// of estimated gain (y's bound minus what y and those rivals take now). Both stop when
// `budget` offer evaluations are spent. Offers without a rival are never worth leaving out.
std::vector<std::uint32_t> improve(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& cand,
                                   const State& start, std::size_t budget) {
  const std::size_t n = cand.size();
  std::vector<std::vector<std::uint32_t>> rivals_before(n);  // earlier offers of the same group sharing a class
  std::vector<char> has_later_rival(n, 0);
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t a = 0; a < b; ++a) {
      const Prepared &x = p[cand[a]], &y = p[cand[b]];
      if (x.stage == y.stage && x.group == y.group && shares_class(x, y)) {
        rivals_before[b].push_back(static_cast<std::uint32_t>(a));
        has_later_rival[a] = 1;
      }
    }
  std::vector<char> banned(n, 0);
  std::size_t used = 0;
  Pass best;
  best.end = start;
  run_pass(p, ctx, cand, banned, 0, best, used);
  // Tries banning `extra` on top of the current bans; keeps the result if it is better.
  auto attempt = [&](const std::vector<std::uint32_t>& extra) {
    std::vector<char> trial_banned = banned;
    std::size_t first = n;
    for (std::uint32_t x : extra) {
      trial_banned[x] = 1;
      first = std::min<std::size_t>(first, x);
    }
    Pass trial = best.prefix(first);
    run_pass(p, ctx, cand, trial_banned, first, trial, used);
    if (trial.end.total >= best.end.total) return false;
    best = std::move(trial);
    banned = std::move(trial_banned);
    return true;
  };
  for (bool improved = true; improved && used < budget;) {
    improved = false;
    for (std::size_t i = 0; i < best.kept.size() && used < budget; ++i) {
      std::uint32_t x = best.kept[i];
      if (has_later_rival[x] && attempt({x})) {
        improved = true;
        --i;  // position i now holds the next kept offer
      }
    }
  }
  std::vector<char> tried(n, 0);
  for (bool improved = true; improved && used < budget;) {
    improved = false;
    std::vector<Money> took(n, 0);
    std::vector<char> kept(n, 0);
    for (std::size_t i = 0; i < best.kept.size(); ++i) {
      took[best.kept[i]] = best.took[i];
      kept[best.kept[i]] = 1;
    }
    std::vector<std::pair<Money, std::uint32_t>> moves;
    for (std::size_t y = 0; y < n; ++y) {
      if (banned[y] || tried[y]) continue;
      Money gain = p[cand[y]].upper_bound - took[y];
      std::size_t blocking = 0, rivals = 0;
      for (std::uint32_t x : rivals_before[y]) {
        if (banned[x]) continue;
        ++rivals;
        if (kept[x]) {
          gain -= took[x];
          ++blocking;
        }
      }
      if (blocking > 0 && rivals > 1 && gain > 0) moves.emplace_back(-gain, static_cast<std::uint32_t>(y));
    }
    std::sort(moves.begin(), moves.end());
    for (const auto& move : moves) {
      if (used >= budget) break;
      tried[move.second] = 1;
      std::vector<std::uint32_t> extra;
      for (std::uint32_t x : rivals_before[move.second])
        if (!banned[x]) extra.push_back(x);
      if (attempt(extra)) {
        improved = true;
        break;
      }
    }
  }
  std::vector<std::uint32_t> out;
  for (std::uint32_t k : best.kept) out.push_back(cand[k]);
  return out;
}

// Order stage without search: in each stacking group the offer taking most off what is left.
std::vector<std::uint32_t> best_per_group(const std::vector<Prepared>& p, const Context& ctx, const std::vector<std::uint32_t>& cand,
                                          State s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < cand.size(); ++i) {
    const Prepared& first = p[cand[i]];
    if (order_group_used(s, first)) continue;
    std::uint32_t pick = cand[i];
    Money most = -1;
    for (std::size_t j = i; j < cand.size(); ++j) {
      if (p[cand[j]].group != first.group) continue;
      Step& step = ctx.scratch->step;
      plan_offer(s, p[cand[j]], ctx, step);
      if (step.discount > most) {
        most = step.discount;
        pick = cand[j];
      }
    }
    if (most > 0) {
      apply_offer(s, p[pick], pick, ctx);
      out.push_back(pick);
    } else {
      s.order_groups |= std::uint64_t{1} << first.group;
    }
  }
  return out;
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
    if (m.size() <= o.part_exact_limit) {
      Exact search(p, ctx, m, o.exact_budget);
      done = search.run(sub);
      if (done) got = search.best();
    }
    if (!done) {
      parts_exact = false;
      got = improve(p, ctx, m, sub, o.improve_budget);
    }
    chosen.insert(chosen.end(), got.begin(), got.end());
  }
  std::sort(chosen.begin(), chosen.end());
  State after_items = run_all(p, ctx, chosen, start);
  std::vector<std::uint32_t> got;
  bool done = false;
  if (order.size() <= o.part_exact_limit) {
    Exact search(p, ctx, order, o.exact_budget);
    done = search.run(after_items);
    if (done) got = search.best();
  }
  if (!done) got = best_per_group(p, ctx, order, after_items);
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
  Scratch scratch;
  Context ctx{&classes, o.rounding, false, &scratch};
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
