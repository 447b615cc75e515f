#pragma once
// "Did you mean" for misspelt fields, operators and segments.
#include <string_view>
#include <vector>

namespace promokit::rules {

// The closest candidate within a small edit distance (case-insensitive), or "" if none is close.
std::string_view suggest(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace promokit::rules
