#include "rules/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace promokit::rules {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string_view suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  if (name.size() > 64) return {};
  std::string_view best;
  std::size_t best_d = name.size() <= 3 ? 1 : name.size() <= 6 ? 2 : 3;  // the most edits we still call a typo
  for (auto c : candidates) {
    if (c.size() > 64) continue;
    std::size_t d = edit_distance(name, c);
    if (d <= best_d && (best.empty() || d < best_d)) best = c, best_d = d;
  }
  return best;
}

}  // namespace promokit::rules
