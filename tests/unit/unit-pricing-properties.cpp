// Property tests of price_cart over seeded random carts and offer sets (DESIGN.md §4 rules):
// totals add up, no line goes negative, totals depend only on the multiset of units, adding a
// candidate never makes the best total worse, an exclusive offer never stacks, and rounding
// matches an independent decimal-string recomputation.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "pricing_util.hpp"
#include "test_util.hpp"

using namespace promokit;

namespace {

#ifdef __EMSCRIPTEN__
constexpr int kCases = 5000;  // the wasm run checks a share; the native run does all
#else
constexpr int kCases = pktest::kSanitized ? 10000 : 100000;
#endif

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::int64_t range(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(1, 100) <= percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(v.size()) - 1))]; }
};

const std::vector<std::string> kSkus = {"S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"};
const std::vector<std::string> kCats = {"fashion", "shoes", "food"};
const std::vector<std::string> kBrands = {"A", "B", "C"};

Cart random_cart(Rng& r) {
  Cart c;
  c.currency = "CNY";
  c.store = r.chance(80) ? "s1" : "s2";
  int n = static_cast<int>(r.range(1, 6));
  for (int i = 0; i < n; ++i) {
    CartLine l;
    int k = static_cast<int>(r.range(0, 7));
    l.id = "l" + std::to_string(i);
    l.sku = kSkus[k];
    l.category = kCats[k % 3];
    l.brand = kBrands[k % 3 == 0 ? 0 : k % 2 + 1];
    l.unit_price = r.chance(30) ? r.pick(std::vector<Money>{999, 1000, 2500}) : r.range(0, 20000);
    l.quantity = r.range(1, 4);
    c.lines.push_back(l);
  }
  return c;
}

Offer random_offer(Rng& r, int index) {
  Offer o;
  o.id = "o" + std::to_string(index);
  Reward& w = o.reward;
  int t = static_cast<int>(r.range(1, 100));
  if (t <= 30) {
    w.type = RewardType::Percent;
    w.percent_bp = static_cast<std::int32_t>(r.chance(50) ? r.range(1, 10000) : r.range(1, 10) * 500);
  } else if (t <= 55) {
    w.type = RewardType::Fixed;
    w.amount = r.range(1, 5000);
    w.per = r.pick(std::vector<FixedPer>{FixedPer::Order, FixedPer::Item, FixedPer::Unit});
  } else if (t <= 75) {
    w.type = RewardType::BuyXGetY;
    w.buy = static_cast<std::int32_t>(r.range(1, 3));
    w.get = static_cast<std::int32_t>(r.range(1, 2));
    w.percent_bp = r.pick(std::vector<std::int32_t>{10000, 5000, 3000});
    if (r.chance(50)) w.max_applications = static_cast<std::int32_t>(r.range(1, 3));
  } else if (t <= 85) {
    w.type = RewardType::FreeGift;
    w.sku = r.pick(kSkus);
    w.quantity = static_cast<std::int32_t>(r.range(1, 2));
  } else if (t <= 93) {
    w.type = RewardType::BonusPoints;
    w.points = r.range(1, 500);
  } else {
    w.type = RewardType::PointsMultiplier;
    w.factor_pct = static_cast<std::int32_t>(r.range(2, 5) * 50);
  }
  if ((w.type == RewardType::Percent || w.type == RewardType::Fixed) && r.chance(30)) w.target = RewardTarget::Order;
  if (r.chance(20)) w.max_discount = r.range(100, 5000);
  switch (r.range(0, 5)) {
    case 0: o.scope.categories = {r.pick(kCats)}; break;
    case 1: o.scope.skus = {r.pick(kSkus), r.pick(kSkus)}; break;
    case 2: o.scope.brands = {r.pick(kBrands)}; break;
    default: break;
  }
  if (r.chance(10)) o.scope.exclude_skus = {r.pick(kSkus)};
  if (r.chance(20)) o.conditions.min_spend = r.range(1, 20000);
  if (r.chance(15)) o.conditions.min_quantity = static_cast<std::int32_t>(r.range(1, 5));
  if (r.chance(5)) o.conditions.stores = {"s1"};
  if (r.chance(30)) o.stacking.group = "g2";
  o.stacking.exclusive = r.chance(10);
  o.stacking.priority = static_cast<std::int32_t>(r.range(-1, 2));
  return o;
}

std::int64_t gift_units(const PricingResult& res) {
  std::int64_t n = 0;
  for (const auto& g : res.gifts) n += g.quantity;
  return n;
}

void check_invariants(const PricingResult& res, const std::vector<Offer>& offers, const std::vector<Offer>& all) {
  REQUIRE(res.total == res.subtotal - res.discount_total);
  REQUIRE(res.discount_total >= 0);
  REQUIRE(res.discount_total <= res.subtotal);
  Money lines_total = 0, lines_discount = 0, applied = 0;
  for (const auto& l : res.lines) {
    REQUIRE(l.total >= 0);
    REQUIRE(l.discount >= 0);
    REQUIRE(l.total == l.unit_price * l.quantity - l.discount);
    lines_total += l.total;
    lines_discount += l.discount;
  }
  REQUIRE(lines_total == res.total);
  REQUIRE(lines_discount == res.discount_total);
  bool exclusive = false;
  std::multiset<std::string> seen;
  for (const auto& a : res.applied) {
    Money sum = 0;
    for (const auto& l : a.lines) sum += l.amount;
    REQUIRE(sum == a.amount);
    applied += a.amount;
    seen.insert(a.offer_id);
    for (const auto& o : all)
      if (o.id == a.offer_id && o.stacking.exclusive) exclusive = true;
  }
  REQUIRE(applied == res.discount_total);
  if (exclusive) REQUIRE(res.applied.size() == 1);  // an exclusive offer never stacks
  for (const auto& r : res.rejected) seen.insert(r.offer_id);
  REQUIRE(seen.size() == offers.size());
  for (const auto& o : offers) REQUIRE(seen.count(o.id) == 1);
}

// ---- independent decimal arithmetic on digit strings (no machine integers beyond one digit)

std::string dec(std::int64_t v) { return std::to_string(v); }

std::string add(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int d = carry + (i < a.size() ? a[a.size() - 1 - i] - '0' : 0) + (i < b.size() ? b[b.size() - 1 - i] - '0' : 0);
    out.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  std::reverse(out.begin(), out.end());
  return out;
}

std::string mul(const std::string& a, const std::string& b) {
  std::vector<int> acc(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) acc[i + j + 1] += (a[i] - '0') * (b[j] - '0');
  for (std::size_t k = acc.size(); k-- > 1;) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  for (int d : acc) out.push_back(static_cast<char>('0' + d));
  std::size_t nz = out.find_first_not_of('0');
  return nz == std::string::npos ? "0" : out.substr(nz);
}

// round(x / 10000) with the tie rule, on the decimal string of x.
std::string round_bp(const std::string& x, Rounding mode) {
  std::string padded = std::string(x.size() < 5 ? 5 - x.size() : 0, '0') + x;
  std::string q = padded.substr(0, padded.size() - 4), r = padded.substr(padded.size() - 4);
  bool up = r > "5000" || (r == "5000" && (mode == Rounding::HalfUp || (q.back() - '0') % 2 == 1));
  q = up ? add(q, "1") : add(q, "0");
  return q;
}

}  // namespace

TEST_CASE("pricing properties: random carts and offer sets") {
  Rng rng{20240601};
  int with_exclusive = 0, with_discount = 0;
  for (int it = 0; it < kCases; ++it) {
    CAPTURE(it);
    Cart cart = random_cart(rng);
    std::vector<Offer> offers;
    int n = static_cast<int>(rng.range(1, 6));
    for (int i = 0; i < n; ++i) offers.push_back(random_offer(rng, i));
    PricingResult res = price_cart(cart, offers);
    check_invariants(res, offers, offers);
    REQUIRE(res.exact);
    with_discount += res.discount_total > 0;
    for (const auto& a : res.applied)
      for (const auto& o : offers) with_exclusive += o.id == a.offer_id && o.stacking.exclusive;

    // Line order and line ids do not change the totals.
    Cart moved = cart;
    std::reverse(moved.lines.begin(), moved.lines.end());
    for (std::size_t i = 0; i < moved.lines.size(); ++i) moved.lines[i].id = "x" + std::to_string(i * 7 % 11);
    PricingResult r2 = price_cart(moved, offers);
    REQUIRE(pktest::totals(r2) == pktest::totals(res));
    REQUIRE(gift_units(r2) == gift_units(res));

    // Nor does splitting a line in two.
    Cart split = cart;
    auto big = std::find_if(split.lines.begin(), split.lines.end(), [](const CartLine& l) { return l.quantity > 1; });
    if (big != split.lines.end()) {
      CartLine part = *big;
      part.id = "split";
      part.quantity = rng.range(1, big->quantity - 1);
      big->quantity -= part.quantity;
      split.lines.push_back(part);
      PricingResult r3 = price_cart(split, offers);
      REQUIRE(pktest::totals(r3) == pktest::totals(res));
    }

    // Removing a candidate never makes the best total better (adding one never makes it worse).
    std::vector<Offer> fewer(offers.begin(), offers.end() - 1);
    PricingResult r4 = price_cart(cart, fewer);
    check_invariants(r4, fewer, offers);
    REQUIRE(r4.total >= res.total);
  }
  // The generator reaches the interesting cases.
  CHECK(with_discount > kCases / 2);
  CHECK(with_exclusive > kCases / 100);
}

TEST_CASE("pricing properties: percent rounding matches a decimal-string recomputation") {
  Rng rng{777};
  for (int it = 0; it < kCases; ++it) {
    CAPTURE(it);
    Cart cart;
    cart.currency = "CNY";
    std::string eligible = "0";
    int n = static_cast<int>(rng.range(1, 5));
    for (int i = 0; i < n; ++i) {
      CartLine l;
      l.id = "l" + std::to_string(i);
      l.sku = "S" + std::to_string(i);
      l.unit_price = rng.chance(50) ? rng.range(0, 200000000000LL) : rng.range(0, 100000);  // subtotal stays <= 10^15
      l.quantity = rng.range(1, 999);
      cart.lines.push_back(l);
      eligible = add(eligible, mul(dec(l.unit_price), dec(l.quantity)));
    }
    Offer o;
    o.id = "p";
    o.reward.percent_bp = static_cast<std::int32_t>(rng.range(1, 10000));
    o.reward.target = rng.chance(50) ? RewardTarget::Order : RewardTarget::Lines;
    PricingOptions opt;
    opt.rounding = rng.chance(50) ? Rounding::HalfEven : Rounding::HalfUp;
    PricingResult res = price_cart(cart, std::vector<Offer>{o}, opt);
    REQUIRE(dec(res.subtotal) == eligible);
    REQUIRE(dec(res.discount_total) == round_bp(mul(eligible, dec(o.reward.percent_bp)), opt.rounding));
    // Spread by largest remainder: each line gets its proportional share within one unit of money per unit.
    for (const auto& l : res.lines) {
      __int128 exact_num = static_cast<__int128>(res.discount_total) * l.unit_price * l.quantity;
      __int128 lo = res.subtotal ? exact_num / res.subtotal - l.quantity : 0;
      REQUIRE(static_cast<__int128>(l.discount) >= lo);
      REQUIRE(static_cast<__int128>(l.discount) <= (res.subtotal ? exact_num / res.subtotal + l.quantity : 0));
    }
  }
}
