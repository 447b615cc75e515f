#pragma once
// Counters for GET /metrics in the Prometheus text format (version 0.0.4): requests by route,
// method and status, a latency histogram per route, and domain counters the handlers bump.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace pkserver {

class Metrics {
 public:
  void observe(const std::string& route, const std::string& method, int status, double seconds);
  void add(const std::string& counter, std::int64_t n = 1);  // e.g. "events_accepted"
  void set_gauge(const std::string& gauge, double value);
  std::string render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::int64_t> counters_;
  std::map<std::string, double> gauges_;
};

}  // namespace pkserver
