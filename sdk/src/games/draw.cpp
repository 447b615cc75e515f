// Verifiable draws (docs/games.md §Draw construction). The outcome of a ticket is
//   rng   = CounterRng(SHA-256("promokit-draw-v1\0" || version || seed || ticket ids ||
//                              pool hash || distribution hash))
//   drawn = the prize whose cumulative weight interval holds rng.uniform(2^32)
// followed, for scratch cards, by the grid from the same stream. The proof is two 16-byte
// commitments: one to the ticket (every field but the signature), one to the outcome.
#include <algorithm>
#include <cstring>

#include "codes/signing.hpp"
#include "games/internal.hpp"
#include "promokit/crypto.hpp"
#include "promokit/games.hpp"

namespace promokit::games {
namespace {

constexpr std::size_t kGridCells = 9, kWinCells = 3;

std::string bytes_of_hex(std::string_view hex, ErrorCode code, const char* field, std::size_t size) {
  auto b = crypto::hex_decode(hex);
  if (!b || b->size() != size)
    throw Error(code, "must be " + std::to_string(size * 2) + " hexadecimal digits", field);
  return *b;
}

// signing::Writer's encoding fed to SHA-256 through a stack buffer: a draw's three hashes are
// made without building their messages, and SHA-256 sees one update per 256 bytes rather than
// one per field (each update is several out-of-line calls in the wasm build).
class Hasher {
 public:
  Hasher& raw(std::string_view s) {
    if (s.size() > sizeof buf_ - fill_) {
      flush();
      if (s.size() > sizeof buf_) {
        h_.update(s);
        return *this;
      }
    }
    std::memcpy(buf_ + fill_, s.data(), s.size());
    fill_ += s.size();
    return *this;
  }
  Hasher& varint(std::uint64_t v) {
    if (fill_ + 10 > sizeof buf_) flush();
    fill_ += signing::encode_varint(v, buf_ + fill_);
    return *this;
  }
  Hasher& text(std::string_view s) { return varint(s.size()).raw(s); }
  // The bytes of a hex text of `size` bytes (at most 32); the error names `field` otherwise.
  Hasher& hex(std::string_view hex, std::size_t size, ErrorCode code, const char* field) {
    if (fill_ + 32 > sizeof buf_) flush();
    if (size > 32 || hex.size() != 2 * size || !crypto::hex_decode_to(hex, buf_ + fill_))
      throw Error(code, "must be " + std::to_string(size * 2) + " hexadecimal digits", field);
    fill_ += size;
    return *this;
  }
  crypto::Digest256 finish() {
    flush();
    return h_.finish();
  }
  std::string head16() { return std::string(crypto::as_bytes(finish()).substr(0, 16)); }

 private:
  void flush() {
    h_.update(std::string_view(buf_, fill_));
    fill_ = 0;
  }
  crypto::Sha256 h_;
  char buf_[256];
  std::size_t fill_ = 0;
};

std::string ticket_commitment(const tickets::Ticket& t) {
  return Hasher()
      .raw(std::string_view("promokit-draw-ticket-v1\0", 24))
      .text(t.ticket_id)
      .text(t.seed)
      .text(t.pool_id)
      .varint(static_cast<std::uint64_t>(t.pool_version))
      .text(t.customer_id)
      .varint(static_cast<std::uint64_t>(t.expiry))
      .varint(t.sequence)
      .head16();
}

std::string outcome_commitment(std::string_view ticket_part, const Outcome& o) {
  Hasher w;
  w.raw(std::string_view("promokit-draw-outcome-v1\0", 25))
      .raw(ticket_part)
      .varint(static_cast<std::uint64_t>(o.version))
      .text(o.pool_hash)
      .text(o.dist_hash)
      .text(o.drawn)
      .text(o.prize_id)
      .varint(o.index)
      .varint(o.substituted ? 1 : 0)
      .varint(o.unavailable.size());
  for (const auto& u : o.unavailable) w.text(u);
  w.varint(o.grid.size());
  for (const auto& g : o.grid) w.text(g);
  w.text(o.day);
  return w.head16();
}

crypto::CounterRng rng_for(const tickets::Ticket& t, const Distribution& dist) {
  Hasher w;
  w.raw(std::string_view("promokit-draw-v1\0", 17))
      .varint(kDrawVersion)
      .hex(t.seed, 32, ErrorCode::PK_TICKET_MALFORMED, "seed")
      .text(t.ticket_id)
      .text(t.pool_id)
      .varint(static_cast<std::uint64_t>(t.pool_version))
      .text(t.customer_id)
      .varint(t.sequence)
      .raw(crypto::as_bytes(dist.pool_digest))
      .raw(crypto::as_bytes(dist.digest));
  return crypto::CounterRng(crypto::as_bytes(w.finish()));
}

// Nine cells: the granted prize three times, the other prizes at most twice each (chosen
// without replacement from two copies of each), blanks when they run out; then shuffled.
std::vector<std::string> scratch_grid(const PrizePool& pool, std::size_t granted, crypto::CounterRng& rng) {
  std::vector<std::string> pool_cells;
  for (std::size_t i = 0; i < pool.prizes.size(); ++i)
    if (i != granted) pool_cells.insert(pool_cells.end(), 2, pool.prizes[i].id);
  std::vector<std::string> cells(kWinCells, pool.prizes[granted].id);
  while (cells.size() < kGridCells) {
    if (pool_cells.empty()) {
      cells.emplace_back();
      continue;
    }
    std::size_t k = static_cast<std::size_t>(rng.uniform(pool_cells.size()));
    cells.push_back(std::move(pool_cells[k]));
    pool_cells.erase(pool_cells.begin() + static_cast<std::ptrdiff_t>(k));
  }
  for (std::size_t i = cells.size() - 1; i > 0; --i) std::swap(cells[i], cells[rng.uniform(i + 1)]);
  return cells;
}

std::vector<bool> flags_of(const PrizePool& pool, const std::vector<std::string>& ids) {
  std::vector<bool> f(pool.prizes.size(), false);
  for (std::size_t i = 0; i < pool.prizes.size(); ++i)
    f[i] = std::find(ids.begin(), ids.end(), pool.prizes[i].id) != ids.end();
  return f;
}

// The outcome for a ticket under a stock view and (daily) day; the proof is filled in.
Outcome compute(const PrizePool& pool, const tickets::Ticket& t, const Distribution& dist, const std::vector<std::string>& unavailable,
                const std::string& day) {
  if (dist.weights.size() != pool.prizes.size() || dist.pool_hash.empty())
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the distribution was not made for pool \"" + pool.id + "\"");
  Outcome o;
  o.ticket_id = t.ticket_id;
  o.sequence = t.sequence;
  o.pool_id = pool.id;
  o.pool_version = pool.version;
  o.pool_hash = dist.pool_hash;
  o.dist_hash = dist.hash;
  o.day = pool.game == Game::Daily ? day : std::string();
  std::vector<bool> out = flags_of(pool, unavailable);
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i]) o.unavailable.push_back(pool.prizes[i].id);

  crypto::CounterRng rng = rng_for(t, dist);
  std::size_t drawn = sample(dist, rng);
  auto granted = substitute(pool, dist, drawn, out);
  if (!granted) throw Error(ErrorCode::PK_POOL_EXHAUSTED, "every prize of pool \"" + pool.id + "\" is out of stock or capped");
  o.drawn = pool.prizes[drawn].id;
  o.prize_id = pool.prizes[*granted].id;
  o.index = *granted;
  o.substituted = *granted != drawn;
  if (pool.game == Game::Scratch) o.grid = scratch_grid(pool, *granted, rng);
  std::string tp = ticket_commitment(t);
  o.proof = crypto::hex_encode(tp + outcome_commitment(tp, o));
  return o;
}

void check_ticket_matches(const PrizePool& pool, const tickets::Ticket& t, const Profile& profile) {
  if (t.pool_id != pool.id || t.pool_version != pool.version)
    throw Error(ErrorCode::PK_TICKET_POOL_MISMATCH, "ticket " + t.ticket_id + " is for pool \"" + t.pool_id + "\" version " +
                                                        std::to_string(t.pool_version) + ", not \"" + pool.id + "\" version " +
                                                        std::to_string(pool.version));
  if (t.customer_id != profile.id)
    throw Error(ErrorCode::PK_TICKET_CUSTOMER_MISMATCH, "ticket " + t.ticket_id + " was issued to another shopper");
}

void check_expiry(const tickets::Ticket& t, Millis now) {
  if (now >= t.expiry) throw Error(ErrorCode::PK_TICKET_EXPIRED, "ticket " + t.ticket_id + " expired at " + std::to_string(t.expiry));
}

[[noreturn]] void mismatch(const std::string& what) {
  throw Error(ErrorCode::PK_DRAW_OUTCOME_MISMATCH, "the ticket draws a different outcome: " + what);
}

}  // namespace

std::size_t sample(const Distribution& dist, crypto::CounterRng& rng) {
  std::uint64_t r = rng.uniform(kWeightTotal), acc = 0;
  for (std::size_t i = 0; i < dist.weights.size(); ++i) {
    acc += dist.weights[i];
    if (r < acc) return i;
  }
  return dist.weights.size() - 1;  // unreachable: the weights sum to kWeightTotal
}

std::optional<std::size_t> substitute(const PrizePool& pool, const Distribution& dist, std::size_t drawn,
                                      const std::vector<bool>& unavailable) {
  if (!unavailable[drawn]) return drawn;
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < pool.prizes.size(); ++i) {
    if (unavailable[i]) continue;
    if (!best || pool.prizes[i].cost < pool.prizes[*best].cost ||
        (pool.prizes[i].cost == pool.prizes[*best].cost && dist.weights[i] > dist.weights[*best]))
      best = i;
  }
  return best;
}

Outcome draw(const PrizePool& pool, const tickets::Ticket& ticket, const Profile& profile, const Distribution& dist,
             const DrawOptions& options) {
  check_ticket_matches(pool, ticket, profile);
  check_expiry(ticket, options.now);
  std::string day = pool.game == Game::Daily ? local_day(options.now, cal::zone_or(profile.zone, options.zone)) : std::string();
  return compute(pool, ticket, dist, options.unavailable, day);
}

Verified verify_draw(const tickets::Ticket& ticket, const PrizePool& pool, const Profile& profile, const Outcome& o,
                     const VerifyOptions& options) {
  if (o.version != kDrawVersion)
    throw Error(ErrorCode::PK_UNSUPPORTED, "draw version " + std::to_string(o.version) + " is not implemented by this build (it has " +
                                               std::to_string(kDrawVersion) + ")");
  check_ticket_matches(pool, ticket, profile);
  if (o.ticket_id != ticket.ticket_id || o.sequence != ticket.sequence || o.pool_id != pool.id || o.pool_version != pool.version)
    throw Error(ErrorCode::PK_DRAW_OUTCOME_MISMATCH, "the outcome belongs to ticket " + o.ticket_id + ", not " + ticket.ticket_id);
  if (!options.verify_key.empty()) tickets::verify_signature(ticket, options.verify_key);
  if (options.now) check_expiry(ticket, *options.now);
  std::string proof = bytes_of_hex(o.proof, ErrorCode::PK_DRAW_MALFORMED, "proof", 32);
  std::string tp = ticket_commitment(ticket);
  if (!crypto::equal_constant_time(proof.substr(0, 16), tp))
    throw Error(ErrorCode::PK_DRAW_PROOF, "the ticket differs from the one the outcome was drawn with (an edited seed or id)");
  if (o.pool_hash != pool_hash_hex(pool))
    throw Error(ErrorCode::PK_POOL_EDITED, "the outcome was drawn from a different version of pool \"" + pool.id + "\"");
  Distribution dist = distribution(pool, options.catalog, options.interests);
  if (o.dist_hash != dist.hash)
    throw Error(ErrorCode::PK_DRAW_PROFILE_MISMATCH, "the outcome was drawn from a different per-shopper distribution");

  Outcome again = compute(pool, ticket, dist, o.unavailable, o.day);
  if (again.unavailable != o.unavailable) mismatch("the stock view names prizes that are not in the pool, or repeats one");
  if (again.drawn != o.drawn) mismatch("drawn \"" + again.drawn + "\", claimed \"" + o.drawn + "\"");
  if (again.prize_id != o.prize_id || again.index != o.index || again.substituted != o.substituted)
    mismatch("prize \"" + again.prize_id + "\" at index " + std::to_string(again.index) + ", claimed \"" + o.prize_id + "\" at " +
             std::to_string(o.index));
  if (again.grid != o.grid) mismatch("the scratch grid differs");
  if (again.day != o.day) mismatch("the day is only part of daily draws");
  if (!crypto::equal_constant_time(proof, *crypto::hex_decode(again.proof)))
    throw Error(ErrorCode::PK_DRAW_PROOF, "the proof does not commit to this outcome");

  Verified v;
  v.drawn = static_cast<std::size_t>(std::find_if(pool.prizes.begin(), pool.prizes.end(), [&](const Prize& z) { return z.id == o.drawn; }) -
                                     pool.prizes.begin());
  auto granted = substitute(pool, dist, v.drawn, flags_of(pool, options.unavailable));
  if (!granted) throw Error(ErrorCode::PK_POOL_EXHAUSTED, "every prize of pool \"" + pool.id + "\" is out of stock or capped");
  v.granted = *granted;
  v.substituted = *granted != v.drawn;
  return v;
}

std::string local_day(Millis now, std::string_view zone) {
  LocalTime t = local_time(now, cal::zone_or(zone, ""));
  return cal::date_text(t.year, t.month, t.day);
}

const PrizePool* find_pool(const Catalog& catalog, std::string_view pool_id) {
  for (const auto& p : catalog.prize_pools)
    if (p.id == pool_id) return &p;
  return nullptr;
}

const PrizePool& pool_or_throw(const Catalog& catalog, std::string_view pool_id) {
  if (const PrizePool* p = find_pool(catalog, pool_id)) return *p;
  throw Error(ErrorCode::PK_POOL_NOT_FOUND, "no prize pool \"" + std::string(pool_id) + "\" in the catalog");
}

// ---------------------------------------------------------------------------------------------
// Outcome JSON

Json to_json(const Outcome& o) {
  Json j = {{"version", o.version},         {"ticketId", o.ticket_id},   {"sequence", o.sequence},
            {"poolId", o.pool_id},          {"poolVersion", o.pool_version}, {"prizeId", o.prize_id},
            {"index", o.index},             {"drawn", o.drawn},          {"substituted", o.substituted},
            {"unavailable", o.unavailable}, {"poolHash", o.pool_hash},   {"distHash", o.dist_hash},
            {"proof", o.proof}};
  if (!o.grid.empty()) j["grid"] = o.grid;
  if (!o.day.empty()) j["day"] = o.day;
  return j;
}

Outcome outcome_from_json(const Json& j) {
  const auto code = ErrorCode::PK_DRAW_MALFORMED;
  signing::require_object(j, code, "a draw outcome");
  auto strings = [&](const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array()) throw Error(code, "must be an array of strings", key);
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) throw Error(code, "must be a string", path_index(key, i));
      out.push_back((*it)[i].get<std::string>());
    }
    return out;
  };
  Outcome o;
  o.version = static_cast<int>(signing::json_integer(j, "version", code, 0, 1000000));
  o.ticket_id = signing::json_text(j, "ticketId", code, 128);
  o.sequence = static_cast<std::uint64_t>(signing::json_integer(j, "sequence", code, 0, signing::kMaxSafeInteger));
  o.pool_id = signing::json_text(j, "poolId", code, 128);
  o.pool_version = signing::json_integer(j, "poolVersion", code, 0, signing::kMaxSafeInteger);
  o.prize_id = signing::json_text(j, "prizeId", code, 128);
  o.index = static_cast<std::size_t>(signing::json_integer(j, "index", code, 0, 1000000));
  o.drawn = signing::json_text(j, "drawn", code, 128);
  auto sub = j.find("substituted");
  if (sub != j.end() && !sub->is_boolean()) throw Error(code, "must be true or false", "substituted");
  o.substituted = sub != j.end() && sub->get<bool>();
  o.unavailable = strings("unavailable");
  o.grid = strings("grid");
  if (j.contains("day")) o.day = signing::json_text(j, "day", code, 10);
  o.pool_hash = signing::json_text(j, "poolHash", code, 64);
  o.dist_hash = signing::json_text(j, "distHash", code, 64);
  o.proof = signing::json_text(j, "proof", code, 64);
  return o;
}

}  // namespace promokit::games
