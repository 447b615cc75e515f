#include "log.hpp"

#include <chrono>
#include <cstdio>
#include <mutex>

namespace pkserver {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void log_line(const char* level, const char* msg, promokit::Json fields) {
  promokit::Json line = {{"ts", now_ms()}, {"level", level}, {"msg", msg}};
  for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  std::string text = line.dump(-1, ' ', false, promokit::Json::error_handler_t::replace) + "\n";
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace pkserver
