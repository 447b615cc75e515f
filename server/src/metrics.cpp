#include "metrics.hpp"

#include <sstream>

namespace pkserver {
namespace {
std::string label(const std::string& v) {  // escapes for a Prometheus label value
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::add(const std::string& counter, std::int64_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  counters_[counter] += n;
}

void Metrics::set_gauge(const std::string& gauge, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  gauges_[gauge] = value;
}

std::string Metrics::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP promokit_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE promokit_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "promokit_http_requests_total{route=\"" << label(std::get<0>(key)) << "\",method=\"" << std::get<1>(key)
        << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  out << "# HELP promokit_http_request_duration_seconds Time from request to answer, by route.\n"
         "# TYPE promokit_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string r = label(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "promokit_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    out << "promokit_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count << "\n"
        << "promokit_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n"
        << "promokit_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
  }
  for (const auto& [name, n] : counters_)
    out << "# TYPE promokit_" << name << "_total counter\npromokit_" << name << "_total " << n << "\n";
  for (const auto& [name, v] : gauges_)
    out << "# TYPE promokit_" << name << " gauge\npromokit_" << name << " " << v << "\n";
  return out.str();
}

}  // namespace pkserver
