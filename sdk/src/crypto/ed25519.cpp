// Ed25519 (RFC 8032 §5.1), written for clarity and constant time with respect to secrets:
// field elements mod p = 2^255 - 19 in five 51-bit limbs, points in extended coordinates
// with the complete addition formula of RFC 8032 §5.1.4, a branch-free double-and-add
// scalar multiplication, and scalars mod L reduced by branch-free binary long division.
// The curve constants (d, sqrt(-1), the base point) are derived from their definitions at
// first use rather than typed in, and the RFC 8032 vectors check the whole.
#include <cstring>

#include "promokit/crypto.hpp"

namespace promokit::crypto {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;
constexpr u64 kMask51 = (u64(1) << 51) - 1;

struct Fe {
  u64 v[5];
};

constexpr Fe kZero{{0, 0, 0, 0, 0}};
constexpr Fe kOne{{1, 0, 0, 0, 0}};

// Exponents, little-endian bytes: p - 2 (inversion), (p - 5) / 8 (square roots), (p - 1) / 4.
using Exponent = std::array<std::uint8_t, 32>;
constexpr Exponent exponent(std::uint8_t low, std::uint8_t high) {
  Exponent e{};
  for (auto& b : e) b = 0xff;
  e[0] = low;
  e[31] = high;
  return e;
}
constexpr Exponent kPMinus2 = exponent(0xeb, 0x7f);
constexpr Exponent kPMinus5Over8 = exponent(0xfd, 0x0f);
constexpr Exponent kPMinus1Over4 = exponent(0xfb, 0x1f);

Fe carry(Fe a) {
  for (int i = 0; i < 4; ++i) {
    a.v[i + 1] += a.v[i] >> 51;
    a.v[i] &= kMask51;
  }
  a.v[0] += 19 * (a.v[4] >> 51);
  a.v[4] &= kMask51;
  return a;
}

Fe add(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  return carry(r);
}

// a - b computed as a + 4p - b so no limb goes negative (b's limbs are carried, < 2^52).
Fe sub(const Fe& a, const Fe& b) {
  Fe r;
  r.v[0] = a.v[0] + 4 * (kMask51 - 18) - b.v[0];
  for (int i = 1; i < 5; ++i) r.v[i] = a.v[i] + 4 * kMask51 - b.v[i];
  return carry(r);
}

Fe mul(const Fe& a, const Fe& b) {
  const u64 b19[5] = {0, b.v[1] * 19, b.v[2] * 19, b.v[3] * 19, b.v[4] * 19};
  u128 r[5];
  for (int i = 0; i < 5; ++i) {
    r[i] = 0;
    // Limb i of the product: a_j * b_(i-j), wrapping past 2^255 with a factor 19.
    for (int j = 0; j < 5; ++j) r[i] += u128(a.v[j]) * (j <= i ? b.v[i - j] : b19[i - j + 5]);
  }
  Fe out;
  for (int i = 0; i < 4; ++i) {
    r[i + 1] += r[i] >> 51;
    out.v[i] = static_cast<u64>(r[i]) & kMask51;
  }
  out.v[4] = static_cast<u64>(r[4]) & kMask51;
  u128 wrap = u128(out.v[0]) + (r[4] >> 51) * 19;
  out.v[0] = static_cast<u64>(wrap) & kMask51;
  out.v[1] += static_cast<u64>(wrap >> 51);
  return out;
}

Fe square(const Fe& a) { return mul(a, a); }

Fe pow(const Fe& a, const Exponent& e) {  // public exponents only: branches are fine
  Fe r = kOne;
  for (int bit = 255; bit >= 0; --bit) {
    r = square(r);
    if ((e[bit / 8] >> (bit % 8)) & 1) r = mul(r, a);
  }
  return r;
}

Fe invert(const Fe& a) { return pow(a, kPMinus2); }

std::array<std::uint8_t, 32> to_bytes(const Fe& a) {
  Fe t = carry(carry(a));
  // t < 2p here; q = 1 exactly when t >= p, found by propagating t + 19 through the limbs.
  u64 q = (t.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (t.v[i] + q) >> 51;
  t.v[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    t.v[i + 1] += t.v[i] >> 51;
    t.v[i] &= kMask51;
  }
  t.v[4] &= kMask51;  // drops 2^255: subtracts p together with the 19 added above
  const u64 w[4] = {t.v[0] | t.v[1] << 51, t.v[1] >> 13 | t.v[2] << 38, t.v[2] >> 26 | t.v[3] << 25,
                    t.v[3] >> 39 | t.v[4] << 12};
  std::array<std::uint8_t, 32> out;
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(w[i / 8] >> (8 * (i % 8)));
  return out;
}

u64 load_le64(const std::uint8_t* p) {
  u64 w = 0;
  for (int i = 7; i >= 0; --i) w = (w << 8) | p[i];
  return w;
}

Fe from_bytes(const std::uint8_t* s) {  // ignores bit 255
  return Fe{{load_le64(s) & kMask51, (load_le64(s + 6) >> 3) & kMask51, (load_le64(s + 12) >> 6) & kMask51,
             (load_le64(s + 19) >> 1) & kMask51, (load_le64(s + 24) >> 12) & kMask51}};
}

bool is_negative(const Fe& a) { return to_bytes(a)[0] & 1; }
bool equal(const Fe& a, const Fe& b) { return to_bytes(a) == to_bytes(b); }
Fe small(u64 n) { return Fe{{n, 0, 0, 0, 0}}; }

struct Point {
  Fe x, y, z, t;  // extended coordinates: x = X/Z, y = Y/Z, x * y = T/Z
};

struct Curve {
  Fe d, d2, sqrt_m1;
  Point base;
};

const Curve& curve();

Point point_add(const Point& p, const Point& q) {
  const Curve& c = curve();
  Fe a = mul(sub(p.y, p.x), sub(q.y, q.x));
  Fe b = mul(add(p.y, p.x), add(q.y, q.x));
  Fe cc = mul(mul(p.t, c.d2), q.t);
  Fe dd = mul(add(p.z, p.z), q.z);
  Fe e = sub(b, a), f = sub(dd, cc), g = add(dd, cc), h = add(b, a);
  return Point{mul(e, f), mul(g, h), mul(f, g), mul(e, h)};
}

void select(Point& r, const Point& s, u64 bit) {  // r = bit ? s : r, without a branch
  const u64 mask = 0 - bit;
  Fe* rf[4] = {&r.x, &r.y, &r.z, &r.t};
  const Fe* sf[4] = {&s.x, &s.y, &s.z, &s.t};
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 5; ++i) rf[k]->v[i] ^= mask & (rf[k]->v[i] ^ sf[k]->v[i]);
}

Point scalar_mult(const Point& p, const std::uint8_t* scalar) {
  Point r{kZero, kOne, kOne, kZero};
  for (int bit = 255; bit >= 0; --bit) {
    r = point_add(r, r);
    Point s = point_add(r, p);
    select(r, s, (scalar[bit / 8] >> (bit % 8)) & 1);
  }
  return r;
}

// [s]P + [t]Q for public scalars (verification only): one shared chain of doublings (Straus),
// adding P, Q or P + Q per bit and skipping zero bits, so it is variable-time by design.
Point double_scalar_mult_public(const std::uint8_t* s, const Point& p, const std::uint8_t* t, const Point& q) {
  const Point both = point_add(p, q);
  Point r{kZero, kOne, kOne, kZero};
  for (int bit = 255; bit >= 0; --bit) {
    r = point_add(r, r);
    const int sb = (s[bit / 8] >> (bit % 8)) & 1, tb = (t[bit / 8] >> (bit % 8)) & 1;
    if (sb && tb) r = point_add(r, both);
    else if (sb) r = point_add(r, p);
    else if (tb) r = point_add(r, q);
  }
  return r;
}

std::array<std::uint8_t, 32> encode(const Point& p) {
  Fe zi = invert(p.z);
  Fe x = mul(p.x, zi), y = mul(p.y, zi);
  auto out = to_bytes(y);
  out[31] |= static_cast<std::uint8_t>(is_negative(x) << 7);
  return out;
}

// x from y and the sign bit (RFC 8032 §5.1.3); false when no curve point has this y.
bool recover_x(const Fe& d, const Fe& sqrt_m1, const Fe& y, bool sign, Fe& x) {
  Fe yy = square(y);
  Fe u = sub(yy, kOne), v = add(mul(d, yy), kOne);
  Fe v3 = mul(square(v), v);
  x = mul(mul(u, v3), pow(mul(u, mul(v3, mul(v3, v))), kPMinus5Over8));
  Fe vxx = mul(v, square(x));
  if (!equal(vxx, u)) {
    if (!equal(vxx, sub(kZero, u))) return false;
    x = mul(x, sqrt_m1);
  }
  if (equal(x, kZero) && sign) return false;
  if (is_negative(x) != sign) x = sub(kZero, x);
  return true;
}

bool decode(const std::uint8_t* s, Point& p) {
  std::array<std::uint8_t, 32> canonical;
  std::memcpy(canonical.data(), s, 32);
  canonical[31] &= 0x7f;
  Fe y = from_bytes(s);
  if (to_bytes(y) != canonical) return false;  // y >= p
  Fe x;
  if (!recover_x(curve().d, curve().sqrt_m1, y, s[31] >> 7, x)) return false;
  p = Point{x, y, kOne, mul(x, y)};
  return true;
}

const Curve& curve() {
  static const Curve c = [] {
    Curve k;
    k.d = mul(sub(kZero, small(121665)), invert(small(121666)));
    k.d2 = add(k.d, k.d);
    k.sqrt_m1 = pow(small(2), kPMinus1Over4);
    Fe x, y = mul(small(4), invert(small(5)));  // the base point: y = 4/5, x even
    recover_x(k.d, k.sqrt_m1, y, false, x);
    k.base = Point{x, y, kOne, mul(x, y)};
    return k;
  }();
  return c;
}

// Scalars mod L = 2^252 + 27742317777372353535851937790883648493, as little-endian 64-bit limbs.
constexpr u64 kL[4] = {0x5812631a5cf5d3edull, 0x14def9dea2f79cd6ull, 0, 0x1000000000000000ull};

// n (little-endian bytes, up to 64) mod L by binary long division, branch-free per bit.
std::array<std::uint8_t, 32> reduce_mod_l(const std::uint8_t* n, std::size_t len) {
  u64 r[4] = {0, 0, 0, 0};
  for (std::size_t bit = len * 8; bit-- > 0;) {
    u64 in = (n[bit / 8] >> (bit % 8)) & 1;
    for (int i = 3; i > 0; --i) r[i] = (r[i] << 1) | (r[i - 1] >> 63);
    r[0] = (r[0] << 1) | in;
    u64 t[4], borrow = 0;
    for (int i = 0; i < 4; ++i) {
      u128 d = u128(r[i]) - kL[i] - borrow;
      t[i] = static_cast<u64>(d);
      borrow = static_cast<u64>(d >> 64) & 1;
    }
    const u64 keep_r = 0 - borrow;  // borrow: r < L, keep r
    for (int i = 0; i < 4; ++i) r[i] = (r[i] & keep_r) | (t[i] & ~keep_r);
  }
  std::array<std::uint8_t, 32> out;
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(r[i / 8] >> (8 * (i % 8)));
  return out;
}

// (a * b + c) mod L for 32-byte little-endian a, b, c.
std::array<std::uint8_t, 32> mul_add_mod_l(const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c) {
  u64 x[4], y[4], acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    x[i] = load_le64(a + 8 * i);
    y[i] = load_le64(b + 8 * i);
    acc[i] = load_le64(c + 8 * i);
  }
  for (int i = 0; i < 4; ++i) {
    u64 carry_word = 0;
    for (int j = 0; j < 4; ++j) {
      u128 t = u128(x[i]) * y[j] + acc[i + j] + carry_word;
      acc[i + j] = static_cast<u64>(t);
      carry_word = static_cast<u64>(t >> 64);
    }
    for (int k = i + 4; carry_word && k < 8; ++k) {
      u128 t = u128(acc[k]) + carry_word;
      acc[k] = static_cast<u64>(t);
      carry_word = static_cast<u64>(t >> 64);
    }
  }
  std::uint8_t wide[64];
  for (int i = 0; i < 64; ++i) wide[i] = static_cast<std::uint8_t>(acc[i / 8] >> (8 * (i % 8)));
  return reduce_mod_l(wide, 64);
}

bool less_than_l(const std::uint8_t* s) {  // public data: a plain comparison
  for (int i = 3; i >= 0; --i) {
    u64 w = load_le64(s + 8 * i);
    if (w != kL[i]) return w < kL[i];
  }
  return false;
}

std::array<std::uint8_t, 32> hash_mod_l(std::initializer_list<std::string_view> parts) {
  Sha512 h;
  for (auto p : parts) h.update(p);
  Digest512 d = h.finish();
  return reduce_mod_l(d.data(), d.size());
}

std::string_view view(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const char*>(p), n}; }

struct Expanded {
  std::array<std::uint8_t, 32> scalar, prefix;
};

Expanded expand(const Ed25519Seed& seed) {
  Digest512 h = sha512(view(seed.data(), seed.size()));
  Expanded e;
  std::memcpy(e.scalar.data(), h.data(), 32);
  std::memcpy(e.prefix.data(), h.data() + 32, 32);
  e.scalar[0] &= 248;
  e.scalar[31] &= 127;
  e.scalar[31] |= 64;
  return e;
}

}  // namespace

Ed25519PublicKey ed25519_public_key(const Ed25519Seed& seed) {
  return encode(scalar_mult(curve().base, expand(seed).scalar.data()));
}

Ed25519Signature ed25519_sign(const Ed25519Seed& seed, std::string_view message) {
  Expanded e = expand(seed);
  Ed25519PublicKey pub = encode(scalar_mult(curve().base, e.scalar.data()));
  auto r = hash_mod_l({view(e.prefix.data(), 32), message});
  auto big_r = encode(scalar_mult(curve().base, r.data()));
  auto k = hash_mod_l({view(big_r.data(), 32), view(pub.data(), 32), message});
  auto s = mul_add_mod_l(k.data(), e.scalar.data(), r.data());
  Ed25519Signature sig;
  std::memcpy(sig.data(), big_r.data(), 32);
  std::memcpy(sig.data() + 32, s.data(), 32);
  return sig;
}

bool ed25519_verify(const Ed25519PublicKey& key, std::string_view message, const Ed25519Signature& sig) {
  if (!less_than_l(sig.data() + 32)) return false;
  Point a;
  if (!decode(key.data(), a)) return false;
  auto k = hash_mod_l({view(sig.data(), 32), view(key.data(), 32), message});
  Point minus_a{sub(kZero, a.x), a.y, a.z, sub(kZero, a.t)};
  Point check = double_scalar_mult_public(sig.data() + 32, curve().base, k.data(), minus_a);
  auto enc = encode(check);
  return equal_constant_time(view(enc.data(), 32), view(sig.data(), 32));
}

}  // namespace promokit::crypto
