#pragma once
// What the server checks before it counts a claim or issues tickets, and the shopper data those
// checks read: ids, time windows, targeting (compiled by the core's rules module), codes
// (the core's codes module), pool entry conditions, and the points ledger.
#include <optional>
#include <string>

#include "app.hpp"
#include "promokit/codes.hpp"
#include "promokit/model.hpp"
#include "promokit/rules.hpp"

namespace pkserver {

using promokit::Millis;

// A non-empty string id of at most 128 bytes; 400 with `path` otherwise.
std::string check_id(const Json& value, const std::string& path);

// The shopper's profile document as rules see it: the stored profile (or just { id } for a
// shopper the server has not seen) with `points` from the ledger.
Json shopper_json(const std::string& id, const std::optional<CustomerRecord>& record);
Json load_shopper(Storage& storage, const std::string& id);
promokit::Profile validate_profile(const Json& profile);  // the core's read_profile, 400 with the path

// Why the offer cannot be used at `now` (before start, from end on, outside every daypart), or
// nullptr; check_window answers 409 PK_OUTSIDE_WINDOW with it.
const char* window_problem(const promokit::Offer& offer, Millis now, const std::string& zone);
void check_window(const promokit::Offer& offer, Millis now, const std::string& zone);
// What targeting rules see of a profile at `now` (its own zone when it names one).
promokit::EvalContext eval_context(const Json& profile, Millis now, const std::string& zone);
// 403 PK_OFFER_NOT_ELIGIBLE when the offer's targeting rule does not match the shopper.
void check_targeting(const CatalogSnapshot& snap, const std::string& offer_id, const Json& profile, Millis now, const std::string& zone);
// Codes: a shared code must equal the offer's; a unique code must verify under the offer's
// key and have been issued (its number is returned). 403 PK_CODE_INVALID otherwise.
std::optional<std::uint64_t> check_code(App& app, const promokit::Offer& offer, const std::string& code);
promokit::codes::Format code_format(const App& app, const promokit::Offer& offer);

// Takes points; 409 PK_INSUFFICIENT_POINTS (the transaction's nested part rolls back) when the
// balance would go negative.
void debit_points(WriteTx& tx, const std::string& customer_id, std::int64_t points, const std::string& entry_id,
                  const std::string& reason, const std::string& ref, Millis now);
// [{ id, points, reason?, ref? }], checked; 400 with the path of the first bad field.
Json read_ledger_entries(const Json& list);

bool is_admin_call(const App& app, const httplib::Request& req);

}  // namespace pkserver
