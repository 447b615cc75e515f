#pragma once
// Behavioral learning (docs/personalization.md §1): from a shopper's events the SDK keeps
// exponentially decayed scores per dimension — interest per category/tag, brand affinity, format
// preference, promotion-type sensitivity, daypart activity — plus a short memory of the offers the
// shopper saw, clicked or dismissed. Memory is bounded (top-K per dimension), the state exports to
// JSON and imports back exactly, and the interest scores answer the rules' interest(tag) operator.
//
//   LearnedProfile lp;                              // default options: half-life 14 days, K = 32
//   lp.learn(event, offer_or_null, "Asia/Shanghai");
//   double s = lp.affinity(ScoreDimension::Interest, "fashion", now);   // in (-1, 1)
//   LearnedInterestHooks hooks(lp, now);  EvalContext{now, zone, &hooks}  // interest(tag) in rules
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"
#include "promokit/model.hpp"
#include "promokit/rules.hpp"

namespace promokit {

enum class ScoreDimension : std::uint8_t { Interest, Brand, Format, PromoType, Daypart };
inline constexpr std::size_t kScoreDimensions = 5;
std::string_view to_string(ScoreDimension d) noexcept;  // "interest", "brand", "format", "promoType", "daypart"

// The daypart an instant falls in, in local time: "morning" 06-11, "lunch" 11-14, "afternoon"
// 14-17, "evening" 17-21, "night" 21-06. An empty or unknown zone counts as UTC.
std::string_view daypart_of(Millis utc, std::string_view zone);

// The promotion type a reward counts as for sensitivity: "percent", "fixed", "free_gift", "bogo"
// (every buy_x_get_y), "points" (bonus points and multipliers).
std::string_view promo_type_of(const Reward& reward) noexcept;

// Tags the SDK sets itself (ranking/autotags); they are never learned as interests.
bool is_automatic_tag(std::string_view tag) noexcept;

// The 64-bit key hash shared by profile memory and ranking features (SipHash-2-4 with a fixed,
// published key; see docs/personalization.md §3).
std::uint64_t key_hash(std::string_view key) noexcept;

struct LearningOptions {
  double half_life_days = 14;      // a score halves after this long without new events
  std::size_t top_k = 32;          // entries kept per dimension
  std::size_t offer_memory = 64;   // offers remembered (views, clicks, dismissal)
  std::size_t recent_ids = 64;     // event ids remembered to drop replays
  double saturation = 2.0;         // raw score at which affinity reaches 0.5
  // Weight of one event of each type (indexed by EventType); dismiss is negative.
  std::array<double, 10> weight = {0.25, 1.0, 2.0, 3.0, 3.0, -1.0, 1.5, 0.5, 0.0, 0.0};
};

struct LearnedEntry {
  std::string key;
  std::uint64_t hash = 0;  // key_hash(key)
  double value = 0;        // decayed sum, as of `time`
  Millis time = 0;
};

struct OfferMemory {
  std::string id;
  std::int64_t views = 0, clicks = 0;  // clicks count click, claim, redeem and share
  std::optional<Millis> dismissed;     // last dismissal not followed by a click or claim
};

class LearnedProfile {
 public:
  explicit LearnedProfile(LearningOptions options = {});

  // Applies one event. `offer` is the catalog offer the event names (nullptr when none or
  // unknown): its category, tags, brand, format and reward type fill what the event leaves out.
  // Returns false (and changes nothing) for an event id seen among the last `recent_ids`.
  bool learn(const Event& event, const Offer* offer, std::string_view zone);
  // The same with key_hash(event.offer_id) already computed (the caller found the offer by it).
  bool learn(const Event& event, const Offer* offer, std::string_view zone, std::uint64_t offer_id_hash);

  // Decayed raw score at `now` (0 for an unknown key).
  double raw(ScoreDimension d, std::string_view key, Millis now) const noexcept;
  // sign(v) * (1 - 2^(-|v| / saturation)): in (-1, 1), 0 for an unknown key.
  double affinity(ScoreDimension d, std::string_view key, Millis now) const noexcept;
  double affinity_of_raw(double raw) const noexcept;
  // Entries of a dimension, strongest decayed score first (at most n).
  std::vector<std::pair<std::string, double>> top(ScoreDimension d, Millis now, std::size_t n) const;
  const std::vector<LearnedEntry>& entries(ScoreDimension d) const noexcept { return dims_[static_cast<int>(d)]; }
  // Decay factor 2^(-dt / half-life) for dt >= 0 (1 for dt <= 0).
  double decay(Millis dt) const noexcept;

  const OfferMemory* offer(std::string_view id) const noexcept;
  const std::vector<OfferMemory>& offers() const noexcept { return offers_; }
  // key_hash(offers()[i].id) for each i: the scans for an offer compare these first.
  const std::vector<std::uint64_t>& offer_hashes() const noexcept { return offer_hash_; }
  std::int64_t event_count() const noexcept { return events_; }
  const LearningOptions& options() const noexcept { return options_; }

  // { "v": 1, "events", "interest": [[key, value, time]...], "brand", "format", "promoType",
  //   "daypart", "offers": [[id, views, clicks, last, dismissed|null]...], "recent": [ids] }
  Json to_json() const;
  // Reads what to_json wrote; throws PK_PROFILE_STATE naming the path of a fault.
  static LearnedProfile from_json(const Json& state, LearningOptions options = {});
  bool operator==(const LearnedProfile& other) const;

 private:
  // How many of a list's hashes fall in each of 256 buckets: a bucket at 0 means "not in the
  // list" without a scan (most tracked events are new ids, most name an offer not remembered).
  struct HashCounts {
    std::array<std::uint32_t, 256> n{};
    void add(std::uint64_t h) noexcept { ++n[h & 255]; }
    void remove(std::uint64_t h) noexcept { --n[h & 255]; }
    bool may_hold(std::uint64_t h) const noexcept { return n[h & 255] != 0; }
  };
  void add(ScoreDimension d, std::string_view key, double w, Millis t);
  double rank_of(const LearnedEntry& e) const noexcept;
  void rank_all(std::size_t dim);
  void remember_offer(const Event& e, std::uint64_t id_hash);
  std::array<std::vector<LearnedEntry>, kScoreDimensions> dims_;
  // ranks_[d][i] = log2|v| + t / half-life of dims_[d][i]: orders the entries' magnitudes at any
  // later common time without a decay each. Kept only while the list is full (where it picks who
  // makes room), empty otherwise.
  std::array<std::vector<double>, kScoreDimensions> ranks_;
  std::vector<OfferMemory> offers_;
  HashCounts offer_hashes_;  // of offer_hash_
  // key_hash(offers_[i].id) and the time of the most recent event on offers_[i], in arrays of
  // their own: a full memory is scanned for the offer and for the least recent one per event.
  std::vector<std::uint64_t> offer_hash_;
  std::vector<Millis> offer_last_;
  std::vector<std::string> recent_;  // ring of event ids
  std::vector<std::uint64_t> recent_hash_;  // their key hashes, compared first
  HashCounts recent_hashes_;  // of recent_hash_
  std::size_t recent_next_ = 0;
  void remember_id(const std::string& id, std::uint64_t hash);  // hash: key_hash(id)
  // The daypart of the last event's quarter hour in its zone: events come in bursts, and a zone
  // lookup costs more than the rest of learn(). Not part of the state (recomputed on demand).
  std::string daypart_zone_;
  Millis daypart_quarter_ = -1;
  std::string_view daypart_;
  std::int64_t events_ = 0;
  LearningOptions options_;
  double half_life_ms_;
};

// Answers the rules' interest(tag) with the learned interest affinity (nothing when the tag was
// never learned, so the rule falls back to the data's scores.interest) and score(name) for
// "brand:<b>", "format:<f>", "promoType:<t>", "daypart:<d>" and "interest:<tag>".
class LearnedInterestHooks : public EvalHooks {
 public:
  LearnedInterestHooks(const LearnedProfile& profile, Millis now) : profile_(profile), now_(now) {}
  std::optional<double> interest(std::string_view tag) const override;
  std::optional<double> score(std::string_view name) const override;

 private:
  const LearnedProfile& profile_;
  Millis now_;
};

}  // namespace promokit
