#pragma once
// Customer import: profiles as JSON, or a shop's history as CSV read by the core's analytics
// module, whose per-customer rows become profiles (segments as tags, scores kept for rules).
#include <vector>

#include "app.hpp"

namespace pkserver {

// The profile documents of an analytics report's customer rows.
std::vector<Json> profiles_from_report(const Json& report);

struct ImportResult {
  std::size_t imported = 0;
  Json rejected = Json::array();  // [{ index, code, path, message }]
};
// Validates each profile (the core's read_profile) and merges the valid ones over what is
// stored, in one transaction.
ImportResult import_profiles(WriteTx& tx, const std::vector<Json>& profiles, const std::string& base_path);

// POST /v1/admin/import/customers
Answer import_customers(App& app, Call& call);

}  // namespace pkserver
