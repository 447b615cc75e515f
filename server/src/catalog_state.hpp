#pragma once
// The catalog as the server holds it between admin writes: the stored documents assembled into
// one catalog document, read by the core (promokit::read_catalog) and with every targeting rule
// compiled (promokit::compile_rule). Handlers share an immutable snapshot; an admin write builds
// and validates the next one before it commits.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/model.hpp"
#include "promokit/rules.hpp"
#include "storage.hpp"

namespace pkserver {

// The document kinds of the admin API and the catalog section each one fills.
struct DocumentKind {
  std::string_view kind;     // URL segment: "prize-pools"
  std::string_view section;  // catalog field: "prizePools"
};
const std::vector<DocumentKind>& document_kinds();  // the six kinds with CRUD routes
// catalog.model: one object, published by the trainer (stored as kind "model", id "current").
const DocumentKind& model_kind();
const DocumentKind* find_kind(std::string_view kind);  // any of the above

struct CatalogSnapshot {
  std::int64_t version = 0;
  promokit::Json doc;  // { version, offers, prizePools, segments, challenges, templates }
  promokit::Catalog catalog;
  std::string body;    // doc serialized once: the full-catalog answer
  promokit::RuleContext rules;  // profile fields, default segments and the catalog's segments
  std::vector<std::optional<promokit::Rule>> targeting;  // per catalog.offers entry; nullopt: everyone
  std::vector<StoredDocument> stamps;  // (kind, id, version, deleted) of every document ever stored

  const promokit::Offer* offer(std::string_view id) const;
  std::optional<promokit::Rule> offer_targeting(std::string_view id) const;
  const promokit::PrizePool* pool(std::string_view id) const;
  const promokit::Json* item(std::string_view section, std::string_view id) const;  // a document of doc
};

// Reads and compiles a catalog document (sections sorted by id): the core's read_catalog, then
// each section by the module that owns it (rules: targeting and segments; games: prize-pool
// bands and budgets, challenges; notify: templates; ranking: the model). Throws ApiError (400,
// with the path of the first violation) when the core refuses it.
std::shared_ptr<CatalogSnapshot> compile_catalog(promokit::Json doc);

// The snapshot of stored documents (tombstones included, for deltas).
// currency: the catalog's top-level "currency" (a server option, not a stored document).
std::shared_ptr<const CatalogSnapshot> load_catalog(std::int64_t version, std::vector<StoredDocument> docs, const std::string& currency);

// What changed after version `since`, in the shape js-glue/src/sync/catalog.js applies:
// { since, version, <section>: [added or changed items], removed: { <section>: [ids] } }.
promokit::Json catalog_delta(const CatalogSnapshot& snap, std::int64_t since);

// The candidate after one admin change (json == nullopt: delete), compiled; paths of errors in
// the changed document are made relative to it ("reward.percent", not "offers[3].reward.percent").
std::shared_ptr<const CatalogSnapshot> compile_change(const CatalogSnapshot& current, const DocumentKind& kind,
                                                      const std::string& id, const std::optional<promokit::Json>& json);

}  // namespace pkserver
