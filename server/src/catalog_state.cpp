#include "catalog_state.hpp"

#include <algorithm>

#include "api_error.hpp"
#include "promokit/games.hpp"
#include "promokit/notify.hpp"
#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

namespace pkserver {

using promokit::Json;

namespace {
std::string id_of(const Json& d) {
  if (!d.is_object()) return {};
  auto it = d.find("id");
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

const std::vector<DocumentKind>& document_kinds() {
  static const std::vector<DocumentKind> kinds = {
      {"offers", "offers"}, {"prize-pools", "prizePools"}, {"segments", "segments"},
      {"challenges", "challenges"}, {"templates", "templates"}, {"calendar", "calendar"}};
  return kinds;
}

const DocumentKind& model_kind() {
  static const DocumentKind kind{"model", "model"};
  return kind;
}

const DocumentKind* find_kind(std::string_view kind) {
  for (const auto& k : document_kinds())
    if (k.kind == kind) return &k;
  return kind == model_kind().kind ? &model_kind() : nullptr;
}

namespace {
bool is_single(const DocumentKind& k) { return &k == &model_kind(); }
}  // namespace

const promokit::Offer* CatalogSnapshot::offer(std::string_view id) const {
  for (const auto& o : catalog.offers)
    if (o.id == id) return &o;
  return nullptr;
}

std::optional<promokit::Rule> CatalogSnapshot::offer_targeting(std::string_view id) const {
  for (std::size_t i = 0; i < catalog.offers.size(); ++i)
    if (catalog.offers[i].id == id) return targeting[i];
  return std::nullopt;
}

const promokit::PrizePool* CatalogSnapshot::pool(std::string_view id) const {
  for (const auto& p : catalog.prize_pools)
    if (p.id == id) return &p;
  return nullptr;
}

const Json* CatalogSnapshot::item(std::string_view section, std::string_view id) const {
  auto it = doc.find(section);
  if (it == doc.end()) return nullptr;
  if (it->is_object()) return &*it;  // a single-object section (the model)
  for (const auto& d : *it)
    if (id_of(d) == id) return &d;
  return nullptr;
}

namespace {

// A rule error's own path (inside the rule) appended to where the rule sits in the catalog.
std::string join_path(const std::string& base, const std::string& inner) {
  if (inner.empty()) return base;
  return base + (inner.front() == '[' ? "" : ".") + inner;
}

promokit::Rule compile_at(const Json& rule, const promokit::RuleContext& ctx, const std::string& path) {
  try {
    return promokit::compile_rule(rule, ctx);
  } catch (const promokit::Error& e) {
    ApiError err = from_core(e);
    err.path = join_path(path, e.path());
    throw err;
  }
}

// What read_catalog keeps as plain JSON or checks only in shape, read by the owning modules.
void check_sections(const promokit::Catalog& c) {
  try {
    for (std::size_t i = 0; i < c.prize_pools.size(); ++i) {
      std::vector<promokit::Issue> issues = promokit::games::pool_problems(c.prize_pools[i]);
      if (!issues.empty())
        throw ApiError{400, issues[0].code, issues[0].message, join_path(promokit::path_index("prizePools", i), issues[0].path), {}};
    }
    if (!c.challenges.is_null()) promokit::games::read_challenges(c.challenges, &c);
    promokit::notify::read_setup(c);
    if (!c.model.is_null()) promokit::ranking::read_model(c.model, "model");
  } catch (const promokit::Error& e) {
    throw from_core(e);
  }
}

void sort_section(Json& list) {
  std::stable_sort(list.begin(), list.end(), [](const Json& a, const Json& b) { return id_of(a) < id_of(b); });
}

}  // namespace

std::shared_ptr<const CatalogSnapshot> load_catalog(std::int64_t version, std::vector<StoredDocument> docs, const std::string& currency) {
  Json doc = {{"version", version}, {"currency", currency}, {"offers", Json::array()}};
  for (auto& d : docs) {
    const DocumentKind* k = find_kind(d.kind);
    if (!k || d.deleted) continue;
    std::string section(k->section);
    if (is_single(*k)) {
      doc[section] = promokit::parse_json(d.json);
    } else {
      if (!doc.contains(section)) doc[section] = Json::array();
      doc[section].push_back(promokit::parse_json(d.json));
    }
    d.json.clear();
  }
  auto snap = compile_catalog(std::move(doc));
  snap->stamps = std::move(docs);
  return snap;
}

Json catalog_delta(const CatalogSnapshot& snap, std::int64_t since) {
  Json delta = {{"since", since}, {"version", snap.version}};
  for (const auto& stamp : snap.stamps) {
    if (stamp.version <= since) continue;
    const DocumentKind* k = find_kind(stamp.kind);
    if (!k) continue;
    std::string section(k->section);
    if (is_single(*k)) {
      delta[section] = stamp.deleted ? Json() : snap.doc.value(section, Json());
    } else if (stamp.deleted) {
      delta["removed"][section].push_back(stamp.id);
    } else if (const Json* item = snap.item(section, stamp.id)) {
      delta[section].push_back(*item);
    }
  }
  return delta;
}

std::shared_ptr<CatalogSnapshot> compile_catalog(Json doc) {
  auto snap = std::make_shared<CatalogSnapshot>();
  for (auto& [section, value] : doc.items())
    if (value.is_array()) sort_section(value);
  promokit::Diagnostics diag;
  try {
    snap->catalog = promokit::read_catalog(doc, diag);
  } catch (const promokit::Error& e) {
    throw from_core(e);
  }
  snap->version = snap->catalog.version;
  check_sections(snap->catalog);
  snap->rules = promokit::RuleContext::for_profiles();
  snap->rules.add_segments(snap->catalog.segments);
  for (std::size_t i = 0; i < snap->catalog.segments.size(); ++i)
    compile_at(snap->catalog.segments[i].rule, snap->rules, promokit::path_key(promokit::path_index("segments", i), "rule"));
  for (std::size_t i = 0; i < snap->catalog.offers.size(); ++i) {
    const Json& t = snap->catalog.offers[i].targeting;
    if (t.is_null())
      snap->targeting.emplace_back();
    else
      snap->targeting.emplace_back(compile_at(t, snap->rules, promokit::path_key(promokit::path_index("offers", i), "targeting")));
  }
  snap->body = doc.dump();
  snap->doc = std::move(doc);
  return snap;
}

std::shared_ptr<const CatalogSnapshot> compile_change(const CatalogSnapshot& current, const DocumentKind& kind,
                                                      const std::string& id, const std::optional<Json>& json) {
  Json doc = current.doc;
  std::string section(kind.section);
  if (is_single(kind)) {
    if (json) doc[section] = *json;
    else doc.erase(section);
  }
  Json scratch = Json::array();
  Json& list = is_single(kind) ? scratch : doc[section];
  if (!list.is_array()) list = Json::array();
  for (auto it = list.begin(); it != list.end(); ++it)
    if (id_of(*it) == id) {
      list.erase(it);
      break;
    }
  if (json && !is_single(kind)) list.push_back(*json);
  sort_section(list);
  // Where the changed document sits in the candidate: its errors are reported relative to it.
  std::size_t at = 0;
  while (at < list.size() && id_of(list[at]) != id) ++at;
  doc["version"] = current.version + 1;
  try {
    auto next = compile_catalog(std::move(doc));
    next->stamps = current.stamps;
    auto stamp = std::find_if(next->stamps.begin(), next->stamps.end(),
                              [&](const StoredDocument& d) { return d.kind == kind.kind && d.id == id; });
    if (stamp == next->stamps.end()) stamp = next->stamps.insert(next->stamps.end(), StoredDocument{std::string(kind.kind), id, 0, false, {}});
    stamp->version = next->version;
    stamp->deleted = !json;
    return next;
  } catch (ApiError& e) {
    if (!json) throw;
    std::string prefix = is_single(kind) ? section : promokit::path_index(section, at);
    if (e.path == prefix)
      e.path.clear();
    else if (e.path.rfind(prefix, 0) == 0 && (e.path[prefix.size()] == '.' || e.path[prefix.size()] == '['))
      e.path = e.path.substr(prefix.size() + (e.path[prefix.size()] == '.' ? 1 : 0));
    throw;
  }
}

}  // namespace pkserver
