#pragma once
// Cryptographic primitives written for the core (wasm has no crypto library we may link):
// SHA-256, HMAC-SHA256, SHA-512, SipHash-2-4, Ed25519 (RFC 8032), the text encodings tokens
// use, a constant-time compare, and the counter-mode SHA-256 generator the draws use.
// Byte strings are std::string / std::string_view (binary-safe). docs/security.md explains
// every construction and which published test vectors check it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace promokit::crypto {

using Digest256 = std::array<std::uint8_t, 32>;
using Digest512 = std::array<std::uint8_t, 64>;

std::string_view as_bytes(const Digest256& d) noexcept;
std::string_view as_bytes(const Digest512& d) noexcept;

// Streaming SHA-256 (FIPS 180-4).
class Sha256 {
 public:
  Sha256() noexcept;
  Sha256& update(std::string_view data) noexcept;
  Digest256 finish() noexcept;  // the object is spent afterwards

 private:
  std::uint32_t h_[8];
  std::uint8_t block_[64];
  std::uint64_t length_ = 0;  // bytes absorbed
  std::size_t fill_ = 0;
};

// Streaming SHA-512 (FIPS 180-4); Ed25519 hashes with it.
class Sha512 {
 public:
  Sha512() noexcept;
  Sha512& update(std::string_view data) noexcept;
  Digest512 finish() noexcept;

 private:
  std::uint64_t h_[8];
  std::uint8_t block_[128];
  std::uint64_t length_ = 0;
  std::size_t fill_ = 0;
};

Digest256 sha256(std::string_view data) noexcept;
Digest512 sha512(std::string_view data) noexcept;
Digest256 hmac_sha256(std::string_view key, std::string_view data) noexcept;  // RFC 2104

// SipHash-2-4 (Aumasson & Bernstein): a fast keyed PRF for short inputs; the voucher-code
// permutation uses it as its round function. key = 16 bytes as two little-endian words.
struct SipKey { std::uint64_t k0 = 0, k1 = 0; };
std::uint64_t siphash24(const SipKey& key, std::string_view data) noexcept;
std::uint64_t siphash24_u64(const SipKey& key, std::uint64_t word) noexcept;  // == siphash24 of 8 LE bytes

// Ed25519 (RFC 8032, pure, no context). seed: the 32-byte secret key.
using Ed25519Seed = std::array<std::uint8_t, 32>;
using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;
Ed25519PublicKey ed25519_public_key(const Ed25519Seed& seed);
Ed25519Signature ed25519_sign(const Ed25519Seed& seed, std::string_view message);
// Rejects non-canonical S (S >= L) and public keys or R that do not decode to a curve point.
bool ed25519_verify(const Ed25519PublicKey& key, std::string_view message, const Ed25519Signature& sig);

// Equality whose running time depends only on the lengths, never on where bytes differ.
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

// Encodings. Decoders return nullopt on any character outside the alphabet or a bad length.
std::string hex_encode(std::string_view bytes);
std::optional<std::string> hex_decode(std::string_view text);
// The same into out (text.size() / 2 bytes), without allocating; false where hex_decode fails.
bool hex_decode_to(std::string_view text, char* out) noexcept;
// RFC 4648 base32 "A-Z2-7" without padding (QR alphanumeric mode can hold it); decoding is
// case-insensitive and rejects non-zero trailing bits, so every byte string has one text.
std::string base32_encode(std::string_view bytes);
std::optional<std::string> base32_decode(std::string_view text);
// RFC 4648 §5 base64url without padding; decoding rejects non-zero trailing bits.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// Deterministic random numbers from a seed: block i = SHA-256(seed || uint64_be(i)), i = 0, 1,
// ...; each block yields four 64-bit words read big-endian. Same seed, same sequence, on
// every platform. Not for secrets: for draws whose seed comes from a server-issued ticket.
class CounterRng {
 public:
  explicit CounterRng(std::string_view seed);
  std::uint64_t next_u64() noexcept;
  // Uniform in [0, n) without modulo bias (rejection sampling); 0 for n == 0.
  std::uint64_t uniform(std::uint64_t n) noexcept;
  // Uniform in [0, 1): the top 53 bits of one word times 2^-53.
  double uniform01() noexcept;
  std::uint64_t blocks_used() const noexcept { return counter_; }

 private:
  Sha256 prefix_;  // state after absorbing the seed, reused for every block
  std::uint64_t counter_ = 0;
  Digest256 block_{};
  std::size_t word_ = 4;  // next word of block_ (4: block exhausted)
};

}  // namespace promokit::crypto
