#pragma once
// Reading an event from plain field values instead of a JSON document, for callers that have
// them that way: the wasm binding's packed track() (docs/architecture.md "Crossing the
// boundary"). The rules are read_event's (promokit/validate.hpp); a header of its own so that
// the many users of validate.hpp do not depend on it.
#include <optional>
#include <string_view>

#include "promokit/model.hpp"

namespace promokit {

// Strings as given (an absent one is empty); time and amount as the JS numbers (amount 0 when
// absent).
struct EventFields {
  std::string_view id, type, customer_id, offer_id, sku, category, brand, store, format;
  double time = 0, amount = 0;
};

// The event read_event would read from an object of the same fields, or nothing when it might
// not accept them (the caller then reads the document and reports its fault).
std::optional<Event> read_event_fields(const EventFields& fields);

}  // namespace promokit
