// SHA-256 and SHA-512 (FIPS 180-4) and HMAC-SHA256 (RFC 2104). Both hashes share the
// Merkle–Damgård buffering below; only the word size, constants and compression differ.
#include <algorithm>
#include <cstring>

#include "promokit/crypto.hpp"

namespace promokit::crypto {
namespace {

constexpr std::uint32_t kK256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint64_t kK512[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
    0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
    0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
    0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
    0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
    0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
    0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
    0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
    0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
    0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

template <class W>
[[gnu::always_inline]] constexpr W rotr(W x, unsigned n) noexcept { return (x >> n) | (x << (sizeof(W) * 8 - n)); }

template <class W>
[[gnu::always_inline]] inline W load_be(const std::uint8_t* p) noexcept {
  W w = 0;
  for (std::size_t i = 0; i < sizeof(W); ++i) w = (w << 8) | p[i];
  return w;
}

template <class W>
void store_be(std::uint8_t* p, W w) noexcept {
  for (std::size_t i = sizeof(W); i-- > 0; w >>= 8) p[i] = static_cast<std::uint8_t>(w);
}

// The two hashes differ only in word size, round count, constants and rotation amounts.
struct Sha256Traits {
  using W = std::uint32_t;
  static constexpr int kRounds = 64;
  static constexpr const W* kK = kK256;
  [[gnu::always_inline]] static W sigma0(W x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
  [[gnu::always_inline]] static W sigma1(W x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }
  [[gnu::always_inline]] static W big_sigma0(W x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
  [[gnu::always_inline]] static W big_sigma1(W x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
};

struct Sha512Traits {
  using W = std::uint64_t;
  static constexpr int kRounds = 80;
  static constexpr const W* kK = kK512;
  [[gnu::always_inline]] static W sigma0(W x) { return rotr(x, 1) ^ rotr(x, 8) ^ (x >> 7); }
  [[gnu::always_inline]] static W sigma1(W x) { return rotr(x, 19) ^ rotr(x, 61) ^ (x >> 6); }
  [[gnu::always_inline]] static W big_sigma0(W x) { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
  [[gnu::always_inline]] static W big_sigma1(W x) { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }
};

template <class T>
void compress(typename T::W h[8], const std::uint8_t* block) noexcept {
  using W = typename T::W;
  W w[T::kRounds];
  for (int i = 0; i < 16; ++i) w[i] = load_be<W>(block + sizeof(W) * i);
  for (int i = 16; i < T::kRounds; ++i) w[i] = w[i - 16] + T::sigma0(w[i - 15]) + w[i - 7] + T::sigma1(w[i - 2]);
  W a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < T::kRounds; ++i) {
    W t1 = k + T::big_sigma1(e) + ((e & f) ^ (~e & g)) + T::kK[i] + w[i];
    W t2 = T::big_sigma0(a) + ((a & b) ^ (a & c) ^ (b & c));
    k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}


// Merkle–Damgård buffering shared by both hashes: whole blocks go straight to compress.
template <std::size_t Block, class W, void (*Compress)(W*, const std::uint8_t*)>
void absorb(W* h, std::uint8_t* buf, std::size_t& fill, std::uint64_t& length, std::string_view data) noexcept {
  auto p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t n = data.size();
  length += n;
  if (fill) {
    std::size_t take = std::min(n, Block - fill);
    std::memcpy(buf + fill, p, take);
    fill += take; p += take; n -= take;
    if (fill < Block) return;
    Compress(h, buf);
    fill = 0;
  }
  for (; n >= Block; p += Block, n -= Block) Compress(h, p);
  std::memcpy(buf, p, n);
  fill = n;
}

// Padding: 0x80, zeros, then the bit length big-endian in the last LenBytes of a block
// (SHA-512's 128-bit length field: the upper 64 bits are zero here).
template <std::size_t Block, std::size_t LenBytes, class W, void (*Compress)(W*, const std::uint8_t*), std::size_t N>
std::array<std::uint8_t, N> pad_and_output(W* h, std::uint8_t* buf, std::size_t fill, std::uint64_t length) noexcept {
  buf[fill++] = 0x80;
  if (fill > Block - LenBytes) {
    std::memset(buf + fill, 0, Block - fill);
    Compress(h, buf);
    fill = 0;
  }
  std::memset(buf + fill, 0, Block - fill);
  store_be<std::uint64_t>(buf + Block - 8, length * 8);
  Compress(h, buf);
  std::array<std::uint8_t, N> out;
  for (std::size_t i = 0; i < N / sizeof(W); ++i) store_be<W>(out.data() + i * sizeof(W), h[i]);
  return out;
}

}  // namespace

std::string_view as_bytes(const Digest256& d) noexcept { return {reinterpret_cast<const char*>(d.data()), d.size()}; }
std::string_view as_bytes(const Digest512& d) noexcept { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

Sha256::Sha256() noexcept
    : h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

Sha256& Sha256::update(std::string_view data) noexcept {
  absorb<64, std::uint32_t, compress<Sha256Traits>>(h_, block_, fill_, length_, data);
  return *this;
}

Digest256 Sha256::finish() noexcept {
  return pad_and_output<64, 8, std::uint32_t, compress<Sha256Traits>, 32>(h_, block_, fill_, length_);
}

Sha512::Sha512() noexcept
    : h_{0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
         0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179} {}

Sha512& Sha512::update(std::string_view data) noexcept {
  absorb<128, std::uint64_t, compress<Sha512Traits>>(h_, block_, fill_, length_, data);
  return *this;
}

Digest512 Sha512::finish() noexcept {
  return pad_and_output<128, 16, std::uint64_t, compress<Sha512Traits>, 64>(h_, block_, fill_, length_);
}

Digest256 sha256(std::string_view data) noexcept { return Sha256().update(data).finish(); }
Digest512 sha512(std::string_view data) noexcept { return Sha512().update(data).finish(); }

Digest256 hmac_sha256(std::string_view key, std::string_view data) noexcept {
  std::uint8_t k[64] = {};
  if (key.size() > 64) {
    Digest256 kh = sha256(key);
    std::memcpy(k, kh.data(), kh.size());
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  std::uint8_t ipad[64], opad[64];
  for (int i = 0; i < 64; ++i) {
    ipad[i] = k[i] ^ 0x36;
    opad[i] = k[i] ^ 0x5c;
  }
  auto view = [](const std::uint8_t* p) { return std::string_view(reinterpret_cast<const char*>(p), 64); };
  Digest256 inner = Sha256().update(view(ipad)).update(data).finish();
  return Sha256().update(view(opad)).update(as_bytes(inner)).finish();
}

}  // namespace promokit::crypto
