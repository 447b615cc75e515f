// Native benchmark: voucher codes generated and verified, tokens signed and verified, draw
// tickets issued. Usage: bench_codes [--smoke] [--json]
// Times are process CPU time (std::clock): the machine is shared, and wall time under load
// measures the neighbours as much as this code.
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>

#include "promokit/codes.hpp"
#include "promokit/tokens.hpp"

using namespace promokit;

namespace {

double seconds_since(std::clock_t t0) { return static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false, json = false;
  for (int i = 1; i < argc; ++i) {
    smoke |= std::strcmp(argv[i], "--smoke") == 0;
    json |= std::strcmp(argv[i], "--json") == 0;
  }
  const std::uint64_t n_codes = smoke ? 100000 : 1000000;
  const int n_tokens = smoke ? 50 : 500;

  codes::CodeScheme scheme({std::string(codes::kDefaultPattern), std::string(codes::kDefaultCharset), "bench-campaign-secret-key"});
  auto t0 = std::clock();
  auto batch = scheme.generate(0, n_codes);
  double gen_s = seconds_since(t0);
  t0 = std::clock();
  std::uint64_t valid = 0;
  for (const auto& c : batch) valid += scheme.verify(c);
  double ver_s = seconds_since(t0);
  if (valid != n_codes) {
    std::fprintf(stderr, "bench_codes: %llu of %llu codes failed to verify\n", (unsigned long long)(n_codes - valid),
                 (unsigned long long)n_codes);
    return 1;
  }

  const std::string sk = tokens::signing_key_from_seed(std::string(32, '\x5a'));
  const std::string vk = tokens::verify_key_for(sk);
  tokens::Payload p{"fashion-20", "c-8f2c91", "u1", 1762000000000, "n-5d1e"};
  std::string token;
  t0 = std::clock();
  for (int i = 0; i < n_tokens; ++i) {
    p.nonce = "n-" + std::to_string(i);
    token = tokens::sign(p, sk);
  }
  double sign_us = seconds_since(t0) * 1e6 / n_tokens;
  t0 = std::clock();
  for (int i = 0; i < n_tokens; ++i) tokens::verify(token, vk, 0);
  double verify_us = seconds_since(t0) * 1e6 / n_tokens;
  t0 = std::clock();
  auto tickets = tickets::issue({"wheel-1", 3, "u1", 100, 0, 1762000000000}, sk);
  double ticket_us = seconds_since(t0) * 1e6 / 100;

  const double budget_s = 1.0;
  if (json) {
    std::printf("{\"codes\":%llu,\"generate_s\":%.4f,\"verify_s\":%.4f,\"token_sign_us\":%.1f,\"token_verify_us\":%.1f,"
                "\"ticket_issue_us\":%.1f,\"token_chars\":%zu}\n",
                (unsigned long long)n_codes, gen_s, ver_s, sign_us, verify_us, ticket_us, token.size());
    return 0;
  }
  std::printf("%-44s %14s %14s\n", "native, CPU time", "measured", "budget");
  std::printf("%-44s %12.3f s %12s\n", ("generate " + std::to_string(n_codes) + " codes PK-####-####").c_str(), gen_s,
              smoke ? "-" : "1 s (both)");
  std::printf("%-44s %12.3f s %12s\n", ("verify   " + std::to_string(n_codes) + " codes").c_str(), ver_s, "");
  std::printf("%-44s %12.3f s %12.2fx\n", "generate + verify", gen_s + ver_s, (gen_s + ver_s) / budget_s * (1e6 / n_codes));
  std::printf("%-44s %11.0f us\n", "token sign (Ed25519)", sign_us);
  std::printf("%-44s %11.0f us\n", "token verify (Ed25519)", verify_us);
  std::printf("%-44s %11.0f us\n", "draw ticket issue (per ticket)", ticket_us);
  std::printf("%-44s %11zu chars\n", "token length (sample payload)", token.size());
  std::printf("bench: codes native %llu generated + verified in %.3f s CPU (budget 1 s per million)\n",
              (unsigned long long)n_codes, gen_s + ver_s);
  return (!smoke && gen_s + ver_s > budget_s) ? 3 : 0;
}
