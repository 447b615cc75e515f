#pragma once
// JSON ingest with safe limits. Every document that enters the core goes through parse_json,
// so a hostile payload costs at most max_bytes of memory and never a deep recursion.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "promokit/error.hpp"

namespace promokit {

using Json = nlohmann::json;

struct JsonLimits {
  std::size_t max_bytes = 32u << 20;     // whole document
  std::size_t max_depth = 128;           // nested arrays/objects
  std::size_t max_string = 64u << 10;    // one string or key, in bytes
  std::size_t max_entries = 1000000;     // entries of one array or object
};

// Parses text into a Json value or throws Error (PK_JSON_*) with a text position for syntax
// errors and a JSON path for limit violations.
Json parse_json(std::string_view text, const JsonLimits& limits = {});

// Path building: path_key("offers[3]", "reward") == "offers[3].reward";
// keys that are not identifiers are quoted: path_key("", "a b") == "[\"a b\"]".
std::string path_key(std::string_view parent, std::string_view key);
std::string path_index(std::string_view parent, std::size_t index);

// A short human name of a JSON value's type ("string", "array", ...).
std::string_view json_type_name(const Json& value) noexcept;

}  // namespace promokit
