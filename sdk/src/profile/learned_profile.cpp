// Decayed behavioral scores (docs/personalization.md §1). Each entry keeps its value as of the
// time it was last touched; reading decays it to `now`, an update decays it to the event's time
// first, so a score is always sum_i w_i * 2^(-(now - t_i) / H) whatever order events arrive in.
#include <algorithm>
#include <cmath>

#include "core/bytes.hpp"
#include "promokit/crypto.hpp"
#include "promokit/error.hpp"
#include "promokit/profile.hpp"

namespace promokit {

namespace {

constexpr double kDayMs = 86400000.0;
constexpr const char* kDimensionNames[kScoreDimensions] = {"interest", "brand", "format", "promoType", "daypart"};
// The fixed SipHash key of key_hash: the bytes of "promokit-keyhash" read little-endian.
constexpr crypto::SipKey kKeyHashKey{0x6b696b6f6d6f7270ull, 0x687361687965792dull};

int dim_index(ScoreDimension d) noexcept { return static_cast<int>(d); }

bool counts_as_click(EventType t) noexcept {
  return t == EventType::Click || t == EventType::Claim || t == EventType::Redeem || t == EventType::Share;
}

Error state_error(const std::string& path, const std::string& message) {
  return Error(ErrorCode::PK_PROFILE_STATE, message, path.empty() ? "state" : "state." + path);
}

}  // namespace

std::string_view to_string(ScoreDimension d) noexcept { return kDimensionNames[dim_index(d)]; }

std::string_view daypart_of(Millis utc, std::string_view zone) {
  int hour = local_time(utc, !zone.empty() && is_known_zone(zone) ? zone : std::string_view("UTC")).minute_of_day / 60;
  if (hour >= 6 && hour < 11) return "morning";
  if (hour >= 11 && hour < 14) return "lunch";
  if (hour >= 14 && hour < 17) return "afternoon";
  if (hour >= 17 && hour < 21) return "evening";
  return "night";
}

std::string_view promo_type_of(const Reward& reward) noexcept {
  switch (reward.type) {
    case RewardType::Percent: return "percent";
    case RewardType::Fixed: return "fixed";
    case RewardType::FreeGift: return "free_gift";
    case RewardType::BuyXGetY: return "bogo";
    case RewardType::BonusPoints:
    case RewardType::PointsMultiplier: return "points";
  }
  return "percent";
}

bool is_automatic_tag(std::string_view tag) noexcept {
  if (tag.size() < 7 || (tag[0] != 'h' && tag[0] != 'l')) return false;  // most tags, without a compare
  return tag == "high_ctr" || tag == "low_ctr" || tag == "high_redemption" || tag == "low_redemption";
}

std::uint64_t key_hash(std::string_view key) noexcept { return crypto::siphash24(kKeyHashKey, key); }

LearnedProfile::LearnedProfile(LearningOptions options)
    : options_(options), half_life_ms_(std::max(options.half_life_days, 1e-6) * kDayMs) {
  if (options_.top_k == 0) options_.top_k = 1;
}

double LearnedProfile::decay(Millis dt) const noexcept {
  return dt <= 0 ? 1.0 : std::exp2(-static_cast<double>(dt) / half_life_ms_);
}

double LearnedProfile::affinity_of_raw(double v) const noexcept {
  double a = 1.0 - std::exp2(-std::fabs(v) / options_.saturation);
  return v < 0 ? -a : a;
}

double LearnedProfile::rank_of(const LearnedEntry& e) const noexcept {
  return std::log2(std::fabs(e.value)) + static_cast<double>(e.time) / half_life_ms_;
}

void LearnedProfile::rank_all(std::size_t dim) {
  ranks_[dim].clear();
  for (const auto& e : dims_[dim]) ranks_[dim].push_back(rank_of(e));
}

void LearnedProfile::add(ScoreDimension d, std::string_view key, double w, Millis t) {
  if (key.empty() || w == 0) return;
  const std::size_t di = dim_index(d);
  auto& list = dims_[di];
  auto& ranks = ranks_[di];
  const bool full = list.size() >= options_.top_k;
  // Found by the key itself, the hash (a SipHash) computed only for a new entry. The length and
  // the last character first: a dimension's keys often share a prefix ("cat-3", "cat-7").
  for (auto& e : list) {
    std::string_view k = e.key;
    if (k.size() != key.size() || (!k.empty() && k.back() != key.back()) || !same_bytes(k, key)) continue;
    if (t >= e.time) {
      e.value = e.value * decay(t - e.time) + w;
      e.time = t;
    } else {  // an event older than the entry: decay it to the entry's time instead
      e.value += w * decay(e.time - t);
    }
    if (full) ranks[&e - list.data()] = rank_of(e);
    return;
  }
  if (full) {
    // Full: the entry with the weakest magnitude at this event's time makes room (the first of
    // equals). |v| 2^(-(t - t_i)/H) orders as log2|v| + t_i/H (the rank), so no entry is decayed
    // — unless an entry is newer than the event: its magnitude then counts undecayed, as it is.
    const std::size_t n = list.size();
    std::size_t weakest = 0;
    bool newer = false;
    for (const auto& e : list) newer |= e.time > t;
    for (std::size_t i = 1; i < n; ++i)
      if (ranks[i] < ranks[weakest]) weakest = i;
    if (newer) {
      double least = 0;
      for (std::size_t i = 0; i < n; ++i) {
        double m = std::fabs(list[i].value) * decay(t - list[i].time);
        if (i == 0 || m < least) {
          weakest = i;
          least = m;
        }
      }
    }
    LearnedEntry& e = list[weakest];
    e.key.assign(key.data(), key.size());  // in the string's own storage
    e.hash = key_hash(key);
    e.value = w;
    e.time = t;
    ranks[weakest] = rank_of(e);
    return;
  }
  list.push_back(LearnedEntry{std::string(key), key_hash(key), w, t});
  if (list.size() >= options_.top_k) rank_all(di);
}

void LearnedProfile::remember_offer(const Event& e, std::uint64_t h) {
  if (e.offer_id.empty()) return;
  // The offer, or for a new one the least recently seen (the first of equals), which makes room
  // when the memory is full.
  const bool may_hold = offer_hashes_.may_hold(h), full = offers_.size() >= std::max<std::size_t>(options_.offer_memory, 1);
  const std::size_t n = offers_.size();
  std::size_t i = n;
  if (may_hold)
    for (std::size_t j = 0; j < n; ++j)
      if (offer_hash_[j] == h && same_bytes(offers_[j].id, e.offer_id)) {
        i = j;
        break;
      }
  if (i == n) {
    if (full) {
      i = 0;
      for (std::size_t j = 1; j < n; ++j)
        if (offer_last_[j] < offer_last_[i]) i = j;
      offer_hashes_.remove(offer_hash_[i]);
      OfferMemory& m = offers_[i];  // reset in place: the id keeps its storage
      m.views = m.clicks = 0;
      m.dismissed.reset();
      offer_last_[i] = 0;
    } else {
      offers_.emplace_back();
      offer_hash_.push_back(0);
      offer_last_.push_back(0);
    }
    offers_[i].id.assign(e.offer_id);
    offer_hash_[i] = h;
    offer_hashes_.add(h);
  }
  OfferMemory* it = &offers_[i];
  offer_last_[i] = std::max(offer_last_[i], e.time);
  if (e.type == EventType::View) ++it->views;
  if (counts_as_click(e.type)) ++it->clicks;
  if (e.type == EventType::Dismiss) {
    it->dismissed = std::max(it->dismissed.value_or(e.time), e.time);
  } else if ((counts_as_click(e.type) || e.type == EventType::Purchase) && it->dismissed && e.time >= *it->dismissed) {
    it->dismissed.reset();  // the shopper came back to it
  }
}

void LearnedProfile::remember_id(const std::string& id, std::uint64_t hash) {
  if (recent_.size() < options_.recent_ids) {
    recent_.push_back(id);
    recent_hash_.push_back(hash);
  } else {
    recent_[recent_next_] = id;
    recent_hashes_.remove(recent_hash_[recent_next_]);
    recent_hash_[recent_next_] = hash;
  }
  recent_hashes_.add(hash);
  recent_next_ = (recent_next_ + 1) % options_.recent_ids;
}

bool LearnedProfile::learn(const Event& e, const Offer* offer, std::string_view zone) {
  return learn(e, offer, zone, e.offer_id.empty() ? 0 : key_hash(e.offer_id));
}

bool LearnedProfile::learn(const Event& e, const Offer* offer, std::string_view zone, std::uint64_t offer_id_hash) {
  if (!e.id.empty() && options_.recent_ids > 0) {
    std::uint64_t h = key_hash(e.id);
    if (recent_hashes_.may_hold(h))
      for (std::size_t i = 0; i < recent_hash_.size(); ++i)
        if (recent_hash_[i] == h && same_bytes(recent_[i], e.id)) return false;
    remember_id(e.id, h);
  }
  ++events_;
  remember_offer(e, offer_id_hash);
  double w = options_.weight[static_cast<std::size_t>(e.type)];
  if (e.type != EventType::Complaint && e.type != EventType::Message) {
    Millis quarter = e.time / 900000;  // every zone offset is a multiple of 15 minutes
    if (quarter != daypart_quarter_ || !same_bytes(zone, daypart_zone_)) {
      daypart_ = daypart_of(e.time, zone);
      daypart_quarter_ = quarter;
      daypart_zone_ = std::string(zone);
    }
    add(ScoreDimension::Daypart, daypart_, 1.0, e.time);
  }
  if (w == 0) return true;

  // Interest: the event's category, the offer's category and tags (never the automatic ones).
  struct Key {  // not a string_view: an array of those is zeroed (a memset call in wasm) per event
    const char* data;
    std::size_t size;
    std::string_view view() const noexcept { return {data, size}; }
  } keys[34];
  std::size_t n = 0;
  auto key = [&](std::string_view k) {
    if (k.empty() || is_automatic_tag(k) || n == std::size(keys)) return;
    for (std::size_t i = 0; i < n; ++i)
      if (same_bytes(keys[i].view(), k)) return;
    keys[n++] = Key{k.data(), k.size()};
  };
  key(e.category);
  if (offer) {
    key(offer->category);
    for (const auto& c : offer->scope.categories) key(c);
    for (const auto& t : offer->tags) key(t);
  }
  for (std::size_t i = 0; i < n; ++i) add(ScoreDimension::Interest, keys[i].view(), w, e.time);
  add(ScoreDimension::Brand, !e.brand.empty() ? std::string_view(e.brand) : offer ? std::string_view(offer->brand) : "", w, e.time);
  add(ScoreDimension::Format, !e.format.empty() ? std::string_view(e.format) : offer ? std::string_view(offer->format) : "", w, e.time);
  if (offer) add(ScoreDimension::PromoType, promo_type_of(offer->reward), w, e.time);
  return true;
}

double LearnedProfile::raw(ScoreDimension d, std::string_view key, Millis now) const noexcept {
  std::uint64_t h = key_hash(key);
  for (const auto& e : dims_[dim_index(d)])
    if (e.hash == h && e.key == key) return e.value * decay(now - e.time);
  return 0;
}

double LearnedProfile::affinity(ScoreDimension d, std::string_view key, Millis now) const noexcept {
  return affinity_of_raw(raw(d, key, now));
}

std::vector<std::pair<std::string, double>> LearnedProfile::top(ScoreDimension d, Millis now, std::size_t n) const {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& e : dims_[dim_index(d)]) out.emplace_back(e.key, e.value * decay(now - e.time));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (out.size() > n) out.resize(n);
  return out;
}

const OfferMemory* LearnedProfile::offer(std::string_view id) const noexcept {
  std::uint64_t h = key_hash(id);
  for (std::size_t i = 0; i < offers_.size(); ++i)
    if (offer_hash_[i] == h && offers_[i].id == id) return &offers_[i];
  return nullptr;
}

Json LearnedProfile::to_json() const {
  Json out = {{"v", 1}, {"events", events_}};
  for (std::size_t d = 0; d < kScoreDimensions; ++d) {
    Json list = Json::array();
    for (const auto& e : dims_[d]) list.push_back(Json::array({e.key, e.value, e.time}));
    out[kDimensionNames[d]] = std::move(list);
  }
  Json offers = Json::array();
  for (std::size_t i = 0; i < offers_.size(); ++i) {
    const OfferMemory& m = offers_[i];
    offers.push_back(Json::array({m.id, m.views, m.clicks, offer_last_[i], m.dismissed ? Json(*m.dismissed) : Json()}));
  }
  out["offers"] = std::move(offers);
  // The ring from its oldest id, so an import continues replacing in the same order.
  Json recent = Json::array();
  for (std::size_t i = 0; i < recent_.size(); ++i) recent.push_back(recent_[(recent_next_ + i) % recent_.size()]);
  out["recent"] = std::move(recent);
  return out;
}

LearnedProfile LearnedProfile::from_json(const Json& s, LearningOptions options) {
  if (!s.is_object()) throw state_error("", "must be an object");
  auto member = [&](const char* name, Json::value_t type) -> const Json& {
    auto it = s.find(name);
    if (it == s.end()) throw state_error(name, "is missing");
    if (it->type() != type && !(type == Json::value_t::number_integer && it->is_number_unsigned()))
      throw state_error(name, std::string("must be ") + (type == Json::value_t::array ? "an array" : "an integer"));
    return *it;
  };
  const Json& v = member("v", Json::value_t::number_integer);
  if (v.get<std::int64_t>() != 1) throw state_error("v", "version " + v.dump() + " is not supported (expected 1)");
  LearnedProfile p(options);
  p.events_ = member("events", Json::value_t::number_integer).get<std::int64_t>();
  auto time_at = [](const Json& j, const std::string& path) -> Millis {
    if (!j.is_number_integer()) throw state_error(path, "must be a time in integer milliseconds");
    return j.get<Millis>();
  };
  for (std::size_t d = 0; d < kScoreDimensions; ++d) {
    const Json& list = member(kDimensionNames[d], Json::value_t::array);
    auto& out = p.dims_[d];
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string path = path_index(kDimensionNames[d], i);
      const Json& e = list[i];
      if (!e.is_array() || e.size() != 3 || !e[0].is_string() || !e[1].is_number())
        throw state_error(path, "must be [key, value, time]");
      LearnedEntry entry{e[0].get<std::string>(), 0, e[1].get<double>(), time_at(e[2], path_index(path, 2))};
      entry.hash = key_hash(entry.key);
      out.push_back(std::move(entry));
    }
    if (out.size() > p.options_.top_k) out.resize(p.options_.top_k);  // a smaller K now: keep the first K
    if (out.size() >= p.options_.top_k) p.rank_all(d);
  }
  const Json& offers = member("offers", Json::value_t::array);
  for (std::size_t i = 0; i < offers.size(); ++i) {
    std::string path = path_index("offers", i);
    const Json& m = offers[i];
    if (!m.is_array() || m.size() != 5 || !m[0].is_string() || !m[1].is_number_integer() || !m[2].is_number_integer())
      throw state_error(path, "must be [offerId, views, clicks, last, dismissed]");
    OfferMemory om{m[0].get<std::string>(), m[1].get<std::int64_t>(), m[2].get<std::int64_t>(), {}};
    Millis last = time_at(m[3], path_index(path, 3));
    if (!m[4].is_null()) om.dismissed = time_at(m[4], path_index(path, 4));
    std::uint64_t h = key_hash(om.id);
    p.offer_hashes_.add(h);
    p.offer_hash_.push_back(h);
    p.offer_last_.push_back(last);
    p.offers_.push_back(std::move(om));
  }
  const Json& recent = member("recent", Json::value_t::array);
  for (std::size_t i = 0; i < recent.size(); ++i) {
    if (!recent[i].is_string()) throw state_error(path_index("recent", i), "must be an event id string");
    if (p.options_.recent_ids > 0) p.remember_id(recent[i].get_ref<const std::string&>(), key_hash(recent[i].get_ref<const std::string&>()));
  }
  return p;
}

bool LearnedProfile::operator==(const LearnedProfile& o) const {
  auto same_entries = [](const LearnedEntry& a, const LearnedEntry& b) { return a.key == b.key && a.value == b.value && a.time == b.time; };
  for (std::size_t d = 0; d < kScoreDimensions; ++d)
    if (!std::equal(dims_[d].begin(), dims_[d].end(), o.dims_[d].begin(), o.dims_[d].end(), same_entries)) return false;
  auto same_offer = [](const OfferMemory& a, const OfferMemory& b) {
    return a.id == b.id && a.views == b.views && a.clicks == b.clicks && a.dismissed == b.dismissed;
  };
  return events_ == o.events_ && std::equal(offers_.begin(), offers_.end(), o.offers_.begin(), o.offers_.end(), same_offer) &&
         offer_last_ == o.offer_last_ &&
         to_json()["recent"] == o.to_json()["recent"];
}

std::optional<double> LearnedInterestHooks::interest(std::string_view tag) const {
  for (const auto& e : profile_.entries(ScoreDimension::Interest))
    if (e.key == tag) return profile_.affinity_of_raw(e.value * profile_.decay(now_ - e.time));
  return std::nullopt;
}

std::optional<double> LearnedInterestHooks::score(std::string_view name) const {
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view dim = name.substr(0, colon), key = name.substr(colon + 1);
  for (std::size_t d = 0; d < kScoreDimensions; ++d) {
    if (dim != kDimensionNames[d]) continue;
    for (const auto& e : profile_.entries(static_cast<ScoreDimension>(d)))
      if (e.key == key) return profile_.affinity_of_raw(e.value * profile_.decay(now_ - e.time));
    return 0.0;  // a known dimension without this key: no affinity
  }
  return std::nullopt;
}

}  // namespace promokit
