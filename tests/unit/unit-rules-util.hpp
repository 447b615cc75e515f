#pragma once
// Comparing rule results as JavaScript would see them: numbers by value (1 == 1.0), NaN as null
// (JSON has no NaN), arrays and objects member by member.
#include <cmath>

#include "promokit/json.hpp"

namespace pktest {

inline bool same_value(const promokit::Json& a, const promokit::Json& b) {
  using promokit::Json;
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    return x == y || (std::isnan(x) && std::isnan(y));
  }
  if (a.is_number() && std::isnan(a.get<double>())) return b.is_null();
  if (b.is_number() && std::isnan(b.get<double>())) return a.is_null();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same_value(it.value(), b[it.key()])) return false;
    return true;
  }
  return a == b;
}

}  // namespace pktest
