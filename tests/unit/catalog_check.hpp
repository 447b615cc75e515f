#pragma once
// A catalog's two readings compared: read_catalog_text (off a tape) against
// read_catalog(parse_json(text)) (off a Json document). Used by unit-json-tape.cpp over tables
// and the kept fuzz corpus, and by tests/fuzz/fuzz_catalog_text.cpp over arbitrary bytes.
#include <optional>
#include <string>
#include <string_view>

#include "promokit/validate.hpp"

namespace pktest {

// Every field read_catalog sets, as JSON, so two catalogs compare with ==.
inline promokit::Json catalog_dump(const promokit::Catalog& c) {
  using promokit::Json;
  auto opt = [](const auto& o) { return o ? Json(*o) : Json(); };
  Json offers = Json::array();
  for (const auto& o : c.offers) {
    const auto& r = o.reward;
    Json dayparts = Json::array();
    for (const auto& d : o.validity.dayparts) dayparts.push_back({d.days, d.from_minute, d.to_minute});
    offers.push_back({
        {"id", o.id}, {"title", o.title}, {"description", o.description},
        {"reward", {static_cast<int>(r.type), static_cast<int>(r.target), r.percent_bp, r.amount, static_cast<int>(r.per),
                    opt(r.max_discount), r.sku, r.quantity, r.buy, r.get, opt(r.max_applications), r.points, r.factor_pct}},
        {"scope", {o.scope.skus, o.scope.categories, o.scope.brands, o.scope.exclude_skus, o.scope.exclude_categories,
                   o.scope.exclude_brands}},
        {"conditions", {o.conditions.min_spend, o.conditions.min_quantity, o.conditions.first_purchase, o.conditions.stores}},
        {"targeting", o.targeting},
        {"validity", {opt(o.validity.start), opt(o.validity.end), o.validity.zone, dayparts}},
        {"limits", {opt(o.limits.total), opt(o.limits.per_customer), opt(o.limits.per_customer_per_day)}},
        {"code", {static_cast<int>(o.code.mode), o.code.value, o.code.pattern}},
        {"stacking", {o.stacking.group, o.stacking.exclusive, o.stacking.priority}},
        {"tags", o.tags}, {"format", o.format}, {"brand", o.brand}, {"category", o.category}, {"malls", o.malls},
        {"boost", o.boost}, {"pointsCost", o.points_cost}, {"requiresClaim", o.requires_claim}});
  }
  Json pools = Json::array();
  for (const auto& p : c.prize_pools) {
    Json prizes = Json::array();
    for (const auto& z : p.prizes)
      prizes.push_back({z.id, static_cast<int>(z.kind), z.offer_id, z.sku, z.points, z.weight, opt(z.stock), z.cost, z.min_prob,
                        z.max_prob, opt(z.per_customer)});
    pools.push_back({p.id, static_cast<int>(p.game), p.version, opt(p.budget), p.personalize, prizes, p.entry});
  }
  Json segments = Json::array();
  for (const auto& s : c.segments) segments.push_back({s.id, s.rule, s.description});
  return {{"version", c.version}, {"currency", c.currency}, {"offers", offers}, {"prizePools", pools}, {"segments", segments},
          {"model", c.model}, {"calendar", c.calendar}, {"templates", c.templates}, {"challenges", c.challenges},
          {"config", c.config}};
}

// What one reading gave: the catalog's dump, or the error's code, message, path and position.
inline promokit::Json reading(std::string_view text, bool tape) {
  using promokit::Json;
  try {
    promokit::Catalog c = tape ? promokit::read_catalog_text(text) : promokit::read_catalog(promokit::parse_json(text));
    return catalog_dump(c);
  } catch (const promokit::Error& e) {
    return {{"error", static_cast<int>(e.code())}, {"message", e.what()}, {"path", e.path()},
            {"at", {e.position().line, e.position().column, e.position().offset, e.position().token}}};
  }
}

// Empty when both readings agree; else both, for the failure message.
inline std::string catalog_readings_differ(std::string_view text) {
  promokit::Json a = reading(text, true), b = reading(text, false);
  return a == b ? std::string() : "read_catalog_text: " + a.dump() + "\nthrough a Json document: " + b.dump();
}

}  // namespace pktest
