// Crypto primitives against published vectors: FIPS 180-4 / NIST examples (SHA-256, SHA-512),
// RFC 4231 (HMAC-SHA256), the SipHash paper's reference table, RFC 8032 (Ed25519). Lengths
// around block boundaries and random Ed25519 cases are cross-checked with OpenSSL (the
// expected values below were produced by it, not by this code).
#include <doctest/doctest.h>

#include <string>

#include "promokit/crypto.hpp"

using namespace promokit::crypto;

namespace {

std::string unhex(std::string_view h) { return hex_decode(h).value(); }
template <class D>
std::string hex(const D& d) { return hex_encode(as_bytes(d)); }

// Bytes (i * 7 + 3) mod 256, i = 0..n-1: the boundary-length inputs.
std::string ramp(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + 3) & 0xff);
  return s;
}

const char* kNist448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const char* kNist896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

template <class H>
std::string million_a() {
  H h;
  std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.update(chunk);
  return hex_encode(as_bytes(h.finish()));
}

}  // namespace

TEST_CASE("sha256: FIPS 180-4 examples and the million-a vector") {
  CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256(kNist448)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256(kNist896)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(million_a<Sha256>() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: lengths around the padding and block boundaries, one-shot and split") {
  struct Case { std::size_t n; const char* digest; };
  const Case cases[] = {
      {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
      {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
      {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
      {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
      {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
      {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
      {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
      {127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"},
      {128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"},
      {129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.n);
    std::string m = ramp(c.n);
    CHECK(hex(sha256(m)) == c.digest);
    for (std::size_t split : {std::size_t(1), std::size_t(13), c.n / 2, c.n - 1}) {
      CAPTURE(split);
      CHECK(hex(Sha256().update(m.substr(0, split)).update(m.substr(split)).finish()) == c.digest);
    }
  }
}

TEST_CASE("sha512: FIPS 180-4 examples, the million-a vector and block boundaries") {
  CHECK(hex(sha512("abc")) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(hex(sha512(kNist896)) ==
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  CHECK(million_a<Sha512>() ==
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  struct Case { std::size_t n; const char* digest; };
  const Case cases[] = {
      {111, "68cffa6d0d76f309c9ce0d35280939f8e25990c43b7b086ccdf709be35b07d4ddba599541ff2b1c19d34ea49aeafb9659adb7ac3c0b078bb30a22d57fc6687ef"},
      {112, "d0865c524d1dddf7c23b799c413f5adcd7caefd3f66a9b49750ec81066012c25a8bcf94ddea6dc525691673097ca40e0101e897fc97218cfdb0704084e2bef4b"},
      {127, "e0b6a20f1c0c88970a9340152cd5a1c1ecf3d3b8de55102741879438079473540133b812706e5dbec322c8c9523b6fc8c6d16ee626e87ad5fe3d2916afedc369"},
      {128, "99b16f17aa0b969a5b8f08f367719d516e330ccd2660b6f0688ec031dbc783de50a1cd185a2568dba75070a2403d17d4741d163578515dfd2ff756ddfe4d47b1"},
      {129, "a1556e29185778aa5991e34b8884c840d589f0fbb4b8ed590e51e9ac4eb03a008125000db2671f8fe7f485b59a77b518670078ecb41a54b4cd02a7f1d2ca4c6d"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.n);
    CHECK(hex(sha512(ramp(c.n))) == c.digest);
  }
}

TEST_CASE("hmac-sha256: RFC 4231 test cases 1-7") {
  struct Case { std::string key, data; const char* mac; std::size_t bytes; };
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
      {std::string(20, '\xaa'), std::string(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
      {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
      {std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b", 16},  // truncated to 128 bits
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed "
       "before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
  };
  int n = 0;
  for (const auto& c : cases) {
    CAPTURE(++n);
    CHECK(hex(hmac_sha256(c.key, c.data)).substr(0, c.bytes * 2) == c.mac);
  }
}

TEST_CASE("siphash-2-4: the reference table (key 00..0f, message 00..n-1)") {
  const std::uint64_t expect[17] = {
      0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a, 0x85676696d7fb7e2d, 0xcf2794e0277187b7,
      0x18765564cd99a68d, 0xcbc9466e58fee3ce, 0xab0200f58b01d137, 0x93f5f5799a932462, 0x9e0082df0ba9e4b0,
      0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7, 0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee,
      0xa129ca6149be45e5, 0x3f2acc7f57c29bdb};
  SipKey key{0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
  std::string msg;
  for (int n = 0; n < 17; ++n) {
    CAPTURE(n);
    CHECK(siphash24(key, msg) == expect[n]);
    msg.push_back(static_cast<char>(n));
  }
  CHECK(siphash24_u64(key, 0x0706050403020100ull) == expect[8]);
}

TEST_CASE("ed25519: RFC 8032 §7.1 vectors and OpenSSL cross-checks") {
  struct Case { const char *seed, *pub, *msg, *sig; };
  const Case cases[] = {
      // RFC 8032 TEST 1, 2, 3 and TEST SHA(abc) (message = SHA-512("abc")).
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
      {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
       "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
       "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
      // OpenSSL (node:crypto) with seeds SHA-256("pk-ed-i").
      {"42aeaee160c60d5192d31e5c0fee3c66170c3aa7cc102d6e1c01ac18090378ce",
       "080ead88bc9a503011dfaa757a090ba3c7c0e98d4d0613590c9b644408b33f07", "5a4b12a319ef656ec3b0e5e9945fa48770",
       "645608d4dede73da6780dd8c3b7b82ca27cd8cbe4cd365cafaae158206bff792d4fb5f78076cf2ae73ca6d2e8ef6dc7a689d9ae5915274a7e57cac76849a6d0f"},
      {"1640a33faf6fd8a0c52e05a3f541dc8d0d016ebacee6cdd0c15fccad2866d0fd",
       "9418deea8f0fc677b03217b2a34c40bbcbb161aa07e38f79e0421fd087cb0165",
       "5339531a19c97e8534d0f021f5bb43d9c20b031e06f611382d51c14887d49c875bc5b79a92849fbf999463ebddb5acb42d2555",
       "bffb1d5860c36380a419cc66034e9a98e53910ceb06f224ae8d83b9850a88ff92fb79af20c5c2f286bcc66bd73fce2e03c786dfb1c4220878daf35c886208d02"},
      {"8f8a5d28f1cb337b96fd3a3f7368f5bfff51ee7fe74a0a2e30bfd9acdf7d25af",
       "64a8da00183f85c3fe21cac482ba30ba2c3a2cb4df8b235cc2e5dd2fafa6fd02", "90f6e39f",
       "c6c4133540e260c97af1dc4c3c56f8002f40f057c6938c33ed0cabe909b993b3cdadd0883c5c0751a891f2010be70afd78a534af8111ad7400a5196e8bd4f702"},
      {"43926517157eb4a76a22c5ee183856400a84f35099b5d96c84ede4713a088618",
       "155c2c82b13b69dbaf99638b0fcf2077e55281372c374097a21bf0b1010a7210",
       "b24397a8948978fc9e264d5693673ba44d271a19c259d666fb7bdd3fa78bb139d7bf33a434811cc24c065f714eae092da7ad59c4c82628",
       "6187512d75cd6029b273f3b9c4601d830e64cb9be1c7e5214c62da9cb028cb380fd6006d6e0d2067653e68c431b02d5dc993721475b9275bfeb854a87595690d"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.seed);
    Ed25519Seed seed;
    Ed25519PublicKey pub;
    Ed25519Signature sig;
    std::string s = unhex(c.seed), p = unhex(c.pub), g = unhex(c.sig), msg = unhex(c.msg);
    std::copy(s.begin(), s.end(), seed.begin());
    std::copy(p.begin(), p.end(), pub.begin());
    std::copy(g.begin(), g.end(), sig.begin());
    CHECK(ed25519_public_key(seed) == pub);
    CHECK(ed25519_sign(seed, msg) == sig);
    CHECK(ed25519_verify(pub, msg, sig));
  }
}

TEST_CASE("ed25519: any flipped bit in key, message or signature fails verification") {
  Ed25519Seed seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i * 3 + 1);
  const std::string msg = "offer=fashion-20;claim=c-1";
  Ed25519PublicKey pub = ed25519_public_key(seed);
  Ed25519Signature sig = ed25519_sign(seed, msg);
  REQUIRE(ed25519_verify(pub, msg, sig));
  // Every bit of the signature and the key (sampled every 3rd bit to stay fast in wasm).
  for (int bit = 0; bit < 512; bit += 3) {
    Ed25519Signature bad = sig;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
    CHECK_FALSE(ed25519_verify(pub, msg, bad));
  }
  for (int bit = 0; bit < 256; bit += 5) {
    Ed25519PublicKey bad = pub;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
    CHECK_FALSE(ed25519_verify(bad, msg, sig));
  }
  for (std::size_t i = 0; i < msg.size(); ++i) {
    std::string bad = msg;
    bad[i] ^= 0x01;
    CHECK_FALSE(ed25519_verify(pub, bad, sig));
  }
}

TEST_CASE("ed25519: a non-canonical S (S + L) is refused (no malleability)") {
  Ed25519Seed seed{};
  seed[0] = 7;
  Ed25519PublicKey pub = ed25519_public_key(seed);
  Ed25519Signature sig = ed25519_sign(seed, "m");
  // S + L, little-endian, with L = 2^252 + 27742317777372353535851937790883648493.
  const std::uint8_t l[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                              0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
  Ed25519Signature bad = sig;
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    unsigned t = bad[32 + i] + l[i] + carry;
    bad[32 + i] = static_cast<std::uint8_t>(t);
    carry = t >> 8;
  }
  REQUIRE(carry == 0);  // S < L < 2^253, so S + L < 2^254 fits
  CHECK_FALSE(ed25519_verify(pub, "m", bad));
}

TEST_CASE("encodings: RFC 4648 vectors, round trips and strict decoding") {
  // RFC 4648 §10 (padding dropped).
  const char* b32[][2] = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                          {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
  for (auto& v : b32) {
    CHECK(base32_encode(v[0]) == v[1]);
    CHECK(base32_decode(v[1]).value() == v[0]);
  }
  CHECK(base32_decode("mzxw6ytboi").value() == "foobar");  // case-insensitive
  CHECK_FALSE(base32_decode("MZ").has_value());           // non-zero trailing bits
  CHECK_FALSE(base32_decode("M").has_value());            // too short for a byte
  CHECK_FALSE(base32_decode("MZXW6YTB0I").has_value());   // '0' is not in the alphabet
  const char* b64[][2] = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"},
                          {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
  for (auto& v : b64) {
    CHECK(base64url_encode(v[0]) == v[1]);
    CHECK(base64url_decode(v[1]).value() == v[0]);
  }
  CHECK_FALSE(base64url_decode("Zh").has_value());
  CHECK_FALSE(base64url_decode("Zm9v+g").has_value());
  CHECK(hex_encode("\x01\xab") == "01ab");
  CHECK(hex_decode("01AB").value() == "\x01\xab");
  CHECK_FALSE(hex_decode("0").has_value());
  CHECK_FALSE(hex_decode("zz").has_value());
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 17) {
    std::string part = all.substr(0, n);
    CHECK(base32_decode(base32_encode(part)).value() == part);
    CHECK(base64url_decode(base64url_encode(part)).value() == part);
    CHECK(hex_decode(hex_encode(part)).value() == part);
  }
}

TEST_CASE("equal_constant_time") {
  CHECK(equal_constant_time("abc", "abc"));
  CHECK_FALSE(equal_constant_time("abc", "abd"));
  CHECK_FALSE(equal_constant_time("abc", "ab"));
  CHECK(equal_constant_time("", ""));
}

TEST_CASE("counter rng: the documented construction, determinism and no modulo bias") {
  CounterRng rng("seed");
  // Block 0 = SHA-256("seed" || 00 00 00 00 00 00 00 00); its first 8 bytes are word 0.
  Digest256 block0 = sha256(std::string("seed") + std::string(8, '\0'));
  std::uint64_t w0 = 0;
  for (int i = 0; i < 8; ++i) w0 = (w0 << 8) | block0[i];
  CHECK(rng.next_u64() == w0);
  for (int i = 0; i < 3; ++i) rng.next_u64();
  CHECK(rng.blocks_used() == 1);
  Digest256 block1 = sha256(std::string("seed") + std::string(7, '\0') + std::string(1, '\1'));
  std::uint64_t w4 = 0;
  for (int i = 0; i < 8; ++i) w4 = (w4 << 8) | block1[i];
  CHECK(rng.next_u64() == w4);

  CounterRng a("x"), b("x"), c("y");
  for (int i = 0; i < 50; ++i) {
    std::uint64_t va = a.uniform(1000);
    CHECK(va == b.uniform(1000));
    CHECK(va < 1000);
  }
  CHECK(a.next_u64() != c.next_u64());

  // n = 3 * 2^62: a plain w % n would give [0, 2^62) twice the weight of the rest;
  // rejection keeps each third of the range at ~1/3.
  CounterRng r("bias");
  const std::uint64_t n = 3ull << 62;
  int low = 0;
  const int draws = 30000;
  for (int i = 0; i < draws; ++i) low += r.uniform(n) < (1ull << 62);
  CHECK(low > draws / 3 - 600);
  CHECK(low < draws / 3 + 600);
  for (int i = 0; i < 1000; ++i) {
    double d = r.uniform01();
    CHECK(d >= 0.0);
    CHECK(d < 1.0);
  }
  CHECK(r.uniform(1) == 0);
  CHECK(r.uniform(0) == 0);
}
