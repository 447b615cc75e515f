#include "rate_limit.hpp"

#include <algorithm>

namespace pkserver {

double RateLimiter::take(const std::string& client, std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (now_ms - last_sweep_ > 60000) {  // forget clients whose bucket has refilled
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = (now_ms - it->second.at) / 1000.0 * rate_ >= burst_ ? buckets_.erase(it) : std::next(it);
    last_sweep_ = now_ms;
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + (now_ms - b.at) / 1000.0 * rate_);
    b.at = now_ms;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return (1 - b.tokens) / rate_;
}

}  // namespace pkserver
