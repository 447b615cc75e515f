#pragma once
// Per-client token buckets: `rate` requests per second, `burst` at once. A client is its app key
// (or bearer token) hash plus its address. Off when rate == 0.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pkserver {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst > 0 ? burst : 2 * rate) {}
  bool enabled() const noexcept { return rate_ > 0; }
  // 0 when the request may go; else the seconds to wait (for Retry-After).
  double take(const std::string& client, std::int64_t now_ms);

 private:
  struct Bucket { double tokens; std::int64_t at; };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::int64_t last_sweep_ = 0;
};

}  // namespace pkserver
