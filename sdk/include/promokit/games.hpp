#pragma once
// Games (DESIGN.md §4, §7; docs/games.md): verifiable local draws from server-issued tickets
// (wheel, scratch card, daily draw), per-shopper prize distributions that stay inside each
// pool's budget and probability bands, and challenges whose completion grants rewards once.
//
//   auto dist = games::distribution(pool, catalog, games::interests_of(profile, profile_doc));
//   games::Outcome o = games::draw(pool, ticket, profile, dist, {.now = now});
//   games::verify_draw(ticket, pool, profile, o, {.verify_key = vk, .catalog = &catalog});  // the server
//
// Everything here is a pure function of its arguments (the caller passes `now`); state that
// must survive (tickets used, daily plays, prizes won, challenge progress) lives in GameState
// and ChallengeState, which export to JSON and import back.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/crypto.hpp"
#include "promokit/json.hpp"
#include "promokit/model.hpp"
#include "promokit/rules.hpp"
#include "promokit/tokens.hpp"
#include "promokit/validate.hpp"

namespace promokit::games {

// The draw construction's version: part of every random stream and proof. A build refuses
// outcomes of a version it does not implement (PK_UNSUPPORTED).
inline constexpr int kDrawVersion = 1;

// ---------------------------------------------------------------------------------------------
// Per-shopper distributions

// How much a shopper cares about a tag, in [0, 1]: declared interests count 1, learned scores
// (a profile document's scores.interest.<tag>, or the engine's learned profile) their value.
struct Interests {
  std::map<std::string, double, std::less<>> tags;
  double of(std::string_view tag) const noexcept;
  void raise(std::string_view tag, double score);  // keeps the larger score, clamped to [0, 1]
};
// profile.interests at 1, then profile_doc.scores.interest (when profile_doc is an object).
Interests interests_of(const Profile& profile, const Json& profile_doc = nullptr);

// A draw picks prize i with probability weights[i] / kWeightTotal exactly.
inline constexpr std::uint64_t kWeightTotal = std::uint64_t(1) << 32;

struct Distribution {
  std::vector<std::uint64_t> weights;  // per prize, in pool order; they sum to kWeightTotal
  std::vector<double> match;           // the shopper's interest in each prize, in [0, 1]
  bool personalized = false;
  std::string pool_hash;               // pool_hash_hex() of the pool it was made for
  std::string hash;                    // SHA-256 over the weights (hex): what a draw commits to
  // The same two hashes as bytes: what a draw's generator is seeded with.
  std::array<std::uint8_t, 32> pool_digest{}, digest{};
  double probability(std::size_t i) const noexcept { return static_cast<double>(weights[i]) / kWeightTotal; }
  double expected_cost(const PrizePool& pool) const noexcept;  // minor units per draw
};

// The configured distribution: weights as written, normalized.
Distribution base_distribution(const PrizePool& pool);
// The shopper's distribution. personalize == false: the base distribution. Otherwise the
// distribution closest (chi-square distance) to the base one leaned toward the shopper's
// interests — target_i ∝ p_i (1 + match_i) — subject to every prize's [minProb, maxProb] and
// expected cost <= budget, checked exactly on the integer weights. A prize's match is the
// best interest among the tags, category and brand of the offer it grants (catalog may be
// null: no match). PK_POOL_INFEASIBLE when the bands and budget cannot all hold.
Distribution distribution(const PrizePool& pool, const Catalog* catalog, const Interests& interests);

// Why the bands and budget of a personalized pool cannot all hold (PK_POOL_INFEASIBLE, paths
// relative to the pool: "prizes", "budget"); empty when the pool is usable.
std::vector<Issue> pool_problems(const PrizePool& pool);

// The admin preview: { poolId, game, personalized, budget, expectedCost, withinBudget,
// prizes: [{ id, kind, probability, baseProbability, minProb, maxProb, cost, match }] }.
Json preview(const PrizePool& pool, const Distribution& base, const Distribution& shopper);

// SHA-256 over every pool field a draw depends on (stock excluded: it is the server's).
std::array<std::uint8_t, 32> pool_digest(const PrizePool& pool);
std::string pool_hash_hex(const PrizePool& pool);  // pool_digest() in hexadecimal

// ---------------------------------------------------------------------------------------------
// Draws

struct Outcome {
  int version = kDrawVersion;
  std::string ticket_id;
  std::uint64_t sequence = 0;
  std::string pool_id;
  std::int64_t pool_version = 0;
  std::string prize_id;                 // what the shopper gets
  std::size_t index = 0;                // its position in pool.prizes: the wheel segment
  std::string drawn;                    // the prize drawn before a stock-out substitution
  bool substituted = false;
  std::vector<std::string> unavailable;  // prize ids the drawing client held out of stock / capped
  std::vector<std::string> grid;        // scratch: 9 cells, row-major (prize ids, "" for blank)
  std::string day;                      // daily: the shopper's local day "YYYY-MM-DD"
  std::string pool_hash, dist_hash;     // hex
  std::string proof;                    // hex: ticket commitment (16 bytes) || outcome commitment (16 bytes)
};
Json to_json(const Outcome& outcome);
Outcome outcome_from_json(const Json& j);  // PK_DRAW_MALFORMED naming the field

struct DrawOptions {
  Millis now = 0;                        // ticket expiry; the daily game's local day
  std::string zone;                      // used when the profile has none; empty: UTC
  std::vector<std::string> unavailable;  // prizes out of stock or at the shopper's cap (ids)
};

// The outcome of one ticket: a deterministic function of (ticket, pool, distribution, options'
// stock view, draw version). Checks the ticket names this pool, version and shopper
// (PK_TICKET_POOL_MISMATCH, PK_TICKET_CUSTOMER_MISMATCH) and has not expired
// (PK_TICKET_EXPIRED); PK_POOL_EXHAUSTED when no prize is available.
Outcome draw(const PrizePool& pool, const tickets::Ticket& ticket, const Profile& profile, const Distribution& dist,
             const DrawOptions& options = {});

// The sampling step of draw(): the prize whose cumulative weight interval holds
// rng.uniform(kWeightTotal). Exactly weights[i] / kWeightTotal for each prize.
std::size_t sample(const Distribution& dist, crypto::CounterRng& rng);

// The prize granted in place of `drawn` when it is unavailable: the available prize with the
// lowest cost; ties go to the higher weight in `dist`, then to the earlier prize. Never costs
// more than the drawn prize would have. nullopt when nothing is available.
std::optional<std::size_t> substitute(const PrizePool& pool, const Distribution& dist, std::size_t drawn,
                                      const std::vector<bool>& unavailable);

struct VerifyOptions {
  std::string verify_key;                // when set, the ticket's signature is checked first
  std::optional<Millis> now;             // when set, the ticket's expiry is checked
  const Catalog* catalog = nullptr;      // for personalized pools (offer tags)
  Interests interests;                   // the shopper's interests as the verifier knows them
  std::vector<std::string> unavailable;  // the verifier's (authoritative) stock view
};
struct Verified {
  std::size_t drawn = 0;    // index of the prize the ticket drew
  std::size_t granted = 0;  // what to grant under the verifier's stock view
  bool substituted = false;
};
// Recomputes the draw. Checks, each failure with its own code: version (PK_UNSUPPORTED),
// ticket vs pool and shopper (PK_TICKET_POOL_MISMATCH, PK_TICKET_CUSTOMER_MISMATCH), the
// signature (PK_TICKET_SIGNATURE, with a key), expiry (PK_TICKET_EXPIRED, with now), the
// proof's ticket part — an edited seed or id (PK_DRAW_PROOF) —, the pool (PK_POOL_EDITED),
// the shopper's distribution (PK_DRAW_PROFILE_MISMATCH), the claimed prize, index, grid
// and day against the recomputation (PK_DRAW_OUTCOME_MISMATCH), the proof's outcome part
// (PK_DRAW_PROOF).
Verified verify_draw(const tickets::Ticket& ticket, const PrizePool& pool, const Profile& profile, const Outcome& outcome,
                     const VerifyOptions& options = {});

// What must be remembered between draws, per shopper and pool: the next ticket in issue order,
// the last local day a daily game was played, and prizes won (per-customer caps).
struct PoolRecord {
  std::optional<std::uint64_t> next_sequence;  // unset: the first ticket seen sets it
  std::string last_day;
  std::map<std::string, std::int64_t, std::less<>> wins;  // prize id -> count
};
struct GameState {
  std::map<std::string, PoolRecord, std::less<>> pools;  // key: customerId + "\n" + poolId
  PoolRecord* find(std::string_view customer, std::string_view pool);
  PoolRecord& at(std::string_view customer, std::string_view pool);
  // Tickets before `sequence` can no longer be used (e.g. the server retires expired ones).
  void forfeit_before(std::string_view customer, std::string_view pool, std::uint64_t sequence);
  Json to_json() const;
  static GameState from_json(const Json& j);  // PK_GAME_STATE naming the path of a fault
};

// Ticket order: PK_TICKET_USED for a sequence already used, PK_TICKET_ORDER for one that skips
// an unused ticket. Daily pools: PK_DAILY_ALREADY_PLAYED when `day` was played already.
void check_ticket(const GameState& state, const PrizePool& pool, const tickets::Ticket& ticket, std::string_view day);
// Records a checked draw: advances the ticket sequence, the daily day, the prize's win count.
void record_draw(GameState& state, const PrizePool& pool, const tickets::Ticket& ticket, const Outcome& outcome);
// Prize ids unavailable to this shopper: stock 0 in the pool, per-customer caps reached in state.
std::vector<std::string> unavailable_for(const GameState& state, const PrizePool& pool, std::string_view customer);

// Entry rule and point cost (pool.entry = { rule, pointsCost }): PK_GAME_NOT_ELIGIBLE when the
// rule does not match the profile document or the points left (profile.points less
// points_spent, at least 0) do not cover the cost. Returns the points the play costs.
// `entry_rule`: pool.entry.rule compiled already (a session compiles it once per pool), else
// it is compiled here.
std::int64_t check_entry(const PrizePool& pool, const Catalog& catalog, const Profile& profile, const Json& profile_doc,
                         Millis now, std::string_view zone, std::int64_t points_spent = 0, const Rule* entry_rule = nullptr);

// A shopper's local day "YYYY-MM-DD" at `now` (zone: the profile's, else `fallback`, else UTC).
std::string local_day(Millis now, std::string_view zone);

const PrizePool* find_pool(const Catalog& catalog, std::string_view pool_id);  // nullptr if absent
const PrizePool& pool_or_throw(const Catalog& catalog, std::string_view pool_id);  // PK_POOL_NOT_FOUND

// ---------------------------------------------------------------------------------------------
// Challenges (catalog.challenges; docs/games.md §Challenges)

enum class GoalType { Spend, Count, Distinct };
enum class Period { Day, Week, Month, All };

struct ChallengeReward {
  std::string offer_id;         // an offer granted into the wallet
  std::int64_t points = 0;      // loyalty points
  std::string pool_id;          // tickets (spins) for this pool, issued by the server
  std::int64_t tickets = 0;
};

struct Challenge {
  std::string id;
  I18nText title;
  GoalType type = GoalType::Count;
  std::vector<EventType> events;  // which events count (spend: purchase)
  std::string field;              // distinct: "store" | "category" | "brand" | "offerId" | "sku"
  std::int64_t target = 1;        // minor units for spend, else a count
  // Filters on the event (or the offer it names): empty means any.
  std::string category, brand, store, offer_id, tag;
  Period period = Period::Week;
  ChallengeReward reward;
};
// Reads and validates catalog.challenges (PK_SCHEMA_* with paths "challenges[1].goal.target").
std::vector<Challenge> read_challenges(const Json& section, const Catalog* catalog = nullptr);

// Progress held between calls: per challenge and period the events counted (by id, so a
// replayed event never counts twice) and the running total; completions are kept for good.
struct ChallengeState {
  struct Window {
    std::set<std::string, std::less<>> event_ids;
    std::int64_t total = 0;                   // spend sum or count
    std::set<std::string, std::less<>> seen;  // distinct values
  };
  std::map<std::string, Window, std::less<>> windows;          // key: challengeId "@" periodKey
  std::map<std::string, Millis, std::less<>> completed;        // key -> when it completed
  Json to_json() const;
  static ChallengeState from_json(const Json& j);  // PK_GAME_STATE
};

struct Grant {
  std::string grant_id;  // challengeId "@" periodKey: the idempotency key for the server
  std::string challenge_id;
  ChallengeReward reward;
  Millis at = 0;
};

// Applies one event to every challenge (zone: where periods are counted). Returns the grants
// it completes — each (challenge, period) at most once, ever. An event id seen before in the
// same window changes nothing.
std::vector<Grant> track(ChallengeState& state, const std::vector<Challenge>& challenges, const Catalog* catalog,
                         const Event& event, std::string_view zone);
// Drops windows of periods that ended before the one holding `now` (completions stay).
void prune(ChallengeState& state, const std::vector<Challenge>& challenges, Millis now, std::string_view zone);

struct Progress {
  const Challenge* challenge = nullptr;
  std::string period_key;  // "2026-W05", "2026-02", "2026-02-03", "all"
  Millis period_end = 0;   // 0 for Period::All
  std::int64_t value = 0, target = 0;
  bool completed = false;
};
std::vector<Progress> progress(const ChallengeState& state, const std::vector<Challenge>& challenges, Millis now,
                               std::string_view zone);
Json to_json(const Progress& p, std::string_view locale);  // { id, title, period, periodEnd, value, target, ratio, completed, reward }
Json to_json(const Grant& g);
std::string period_key(Period period, Millis t, std::string_view zone);

// ---------------------------------------------------------------------------------------------
// One shopper's games as a client holds them: catalog, profile, clock, and the state of draws
// and challenges. The JS layer attaches one to every engine (engine.draw, engine.challenges);
// the server uses the free functions above with its own state.
class Session {
 public:
  // Reads catalog.challenges (PK_SCHEMA_* with paths). zone, locale: used when the profile
  // has none (then UTC and "en").
  explicit Session(Catalog catalog, std::string zone = {}, std::string locale = {});
  // The same over a catalog shared with its owner (an engine's: Engine::shared_catalog), not
  // copied: a 1,000-offer catalog's copy was a tenth of createEngine in wasm.
  explicit Session(std::shared_ptr<const Catalog> catalog, std::string zone = {}, std::string locale = {});

  void set_profile(const Json& profile_doc);  // validated like any profile
  void set_now(Millis now) noexcept { now_ = now; }
  // Feeds the challenges and the activity clock; returns the grants the event completes.
  std::vector<Grant> track(const Event& event);

  // A draw as the shopper plays it: the pool (PK_POOL_NOT_FOUND), the entry rule and point
  // cost (the points spent on earlier plays count), ticket order and the daily limit, the
  // shopper's stock view (pool stock, per-customer caps), then the draw, recorded.
  Outcome draw(std::string_view pool_id, const tickets::Ticket& ticket);
  // The admin preview for this shopper (see preview()).
  Json preview(std::string_view pool_id) const;
  std::vector<Progress> progress() const;
  Json challenges_json() const;  // [to_json(progress, locale)]

  const Catalog& catalog() const noexcept { return *catalog_; }
  const Profile& profile() const noexcept { return profile_; }
  const Json& profile_doc() const noexcept { return profile_doc_; }
  Millis now() const noexcept { return now_; }
  std::string zone() const;    // the profile's, else the session's, else "UTC"
  std::string_view zone_view() const noexcept;  // the same without a copy
  std::string locale() const;  // the profile's, else the session's, else "en"
  std::optional<Millis> last_activity() const noexcept { return last_activity_; }
  const std::vector<Challenge>& challenges() const noexcept { return challenges_; }
  const std::vector<Grant>& grants() const noexcept { return grants_; }  // every grant made
  std::int64_t points_spent() const noexcept { return points_spent_; }
  // The shopper's distribution for a pool of the catalog, made once per pool and profile: it
  // depends only on them (the catalog is fixed for the session's life; set_profile drops it).
  const Distribution& distribution_for(const PrizePool& pool) const;

  // { v, draws: GameState, challenges: ChallengeState, grants, pointsSpent, lastActivity };
  // import_state(export_state()) restores the session; PK_GAME_STATE with a path otherwise.
  Json export_state() const;
  void import_state(const Json& state);

 private:
  std::shared_ptr<const Catalog> catalog_;  // never null; fixed for the session's life
  std::vector<Challenge> challenges_;
  std::string zone_, locale_;
  Profile profile_;
  Json profile_doc_ = Json::object();
  Millis now_ = 0;
  GameState draws_;
  ChallengeState progress_;
  std::vector<Grant> grants_;
  std::int64_t points_spent_ = 0;
  std::optional<Millis> last_activity_;
  mutable std::vector<std::optional<Distribution>> dists_;  // per catalog_.prize_pools index
  std::vector<std::optional<Rule>> entry_rules_;  // per pool index: entry.rule compiled once
};

}  // namespace promokit::games
