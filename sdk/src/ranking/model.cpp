// catalog.model and the option documents of recommend and training: reading with paths, writing,
// and the compact weight encoding (docs/personalization.md §4).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "promokit/crypto.hpp"
#include "promokit/ranking.hpp"

namespace promokit::ranking {

namespace {

constexpr int kMaxBits = 24;

// Typed members of one JSON object; every fault names its path and carries `code`.
class Reader {
 public:
  Reader(const Json& j, std::string path, ErrorCode code, std::initializer_list<const char*> known)
      : j_(j), path_(std::move(path)), code_(code) {
    if (!j.is_object()) fail(path_, "must be an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; })) {
        std::string list;
        for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
        fail(sub(it.key()), "is not a known field (known: " + list + ")");
      }
    }
  }
  [[noreturn]] void fail(const std::string& path, const std::string& message) const { throw Error(code_, message, path); }
  std::string sub(std::string_view key) const { return path_key(path_, key); }
  const Json* get(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  void number(const char* key, double& out, double lo, double hi) const {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_number()) fail(sub(key), "must be a number");
    double x = v->get<double>();
    if (!(x >= lo && x <= hi)) fail(sub(key), "must be between " + Json(lo).dump() + " and " + Json(hi).dump());
    out = x;
  }
  void count(const char* key, std::int64_t& out, std::int64_t lo, std::int64_t hi) const {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_number_integer()) fail(sub(key), "must be an integer");
    std::int64_t x = v->get<std::int64_t>();
    if (x < lo || x > hi) fail(sub(key), "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    out = x;
  }
  void boolean(const char* key, bool& out) const {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_boolean()) fail(sub(key), "must be true or false");
    out = v->get<bool>();
  }
  void text(const char* key, std::string& out) const {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_string()) fail(sub(key), "must be a string");
    out = v->get<std::string>();
  }
  void strings(const char* key, std::vector<std::string>& out) const {
    const Json* v = get(key);
    if (!v) return;
    if (!v->is_array()) fail(sub(key), "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) fail(path_index(sub(key), i), "must be a string");
      out.push_back((*v)[i].get<std::string>());
    }
  }

 private:
  const Json& j_;
  std::string path_;
  ErrorCode code_;
};

constexpr ErrorCode kModel = ErrorCode::PK_MODEL_INVALID;
constexpr ErrorCode kOption = ErrorCode::PK_RANKING_OPTION;
constexpr const char* kDayparts[] = {"morning", "lunch", "afternoon", "evening", "night"};

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Base64url (RFC 4648 §5, no padding) over consecutive chunks, with a lookup table: the catalog
// carries megabytes of weights and the loading budget is 20 ms. Non-zero trailing bits are refused,
// as crypto::base64url_decode does.
std::optional<std::string> base64url_decode_chunks(const std::vector<std::string_view>& chunks) {
  static const auto table = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return t;
  }();
  const std::int8_t* const t = table.data();
  std::size_t total = 0;
  for (auto c : chunks) total += c.size();
  if (total % 4 == 1) return std::nullopt;
  std::string out(total / 4 * 3 + 2, '\0');
  char* o = out.data();
  std::uint32_t acc = 0;
  int have = 0;
  for (auto chunk : chunks) {
    const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
    const auto* const end = p + chunk.size();
    while (p < end) {
      if (have == 0 && end - p >= 4) {  // a whole group of four: one check, three bytes
        const int a = t[p[0]], b = t[p[1]], c = t[p[2]], d = t[p[3]];
        if ((a | b | c | d) < 0) return std::nullopt;
        const auto v = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
        o[0] = static_cast<char>(v >> 16);
        o[1] = static_cast<char>(v >> 8);
        o[2] = static_cast<char>(v);
        o += 3;
        p += 4;
        continue;
      }
      std::int8_t v = t[*p++];
      if (v < 0) return std::nullopt;
      acc = (acc << 6) | static_cast<std::uint32_t>(v);
      if (++have == 4) {
        o[0] = static_cast<char>(acc >> 16);
        o[1] = static_cast<char>(acc >> 8);
        o[2] = static_cast<char>(acc);
        o += 3;
        acc = 0;
        have = 0;
      }
    }
  }
  if (have == 2) {
    if (acc & 0xf) return std::nullopt;
    *o++ = static_cast<char>(acc >> 4);
  } else if (have == 3) {
    if (acc & 0x3) return std::nullopt;
    *o++ = static_cast<char>(acc >> 10);
    *o++ = static_cast<char>(acc >> 2);
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

I18nText read_label(const Json& v, const std::string& path) {
  I18nText t;
  if (v.is_string()) {
    t[""] = v.get<std::string>();
    return t;
  }
  if (!v.is_object()) throw Error(kModel, "must be a string or an object of locale -> text", path);
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it.value().is_string()) throw Error(kModel, "must be a string", path_key(path, it.key()));
    t[it.key()] = it.value().get<std::string>();
  }
  return t;
}

}  // namespace

std::map<std::string, OfferStats> read_offer_stats(const Json& doc, const std::string& path) {
  if (!doc.is_object()) throw Error(kModel, "must be an object of offer id -> counts", path);
  std::map<std::string, OfferStats> out;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    Reader r(it.value(), path_key(path, it.key()), kModel, {"impressions", "clicks", "claims", "redemptions"});
    OfferStats s;
    constexpr std::int64_t kMax = 1000000000000000;
    r.count("impressions", s.impressions, 0, kMax);
    r.count("clicks", s.clicks, 0, kMax);
    r.count("claims", s.claims, 0, kMax);
    r.count("redemptions", s.redemptions, 0, kMax);
    if (s.clicks > s.impressions && s.impressions > 0) r.fail(r.sub("clicks"), "must not exceed impressions");
    out.emplace(it.key(), s);
  }
  return out;
}

std::string encode_weights(const std::vector<float>& dense, int bits) {
  float max_abs = 0;
  for (float w : dense) max_abs = std::max(max_abs, std::fabs(w));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  auto quantize = [&](float w) { return static_cast<std::int16_t>(std::lround(w / scale)); };
  std::string sparse;
  std::uint64_t n = 0, last = 0;
  for (std::size_t i = 0; i < dense.size(); ++i) {
    std::int64_t q = quantize(dense[i]);
    if (q == 0) continue;  // zero, or below half a quantization step
    put_varint(sparse, i - last);
    put_varint(sparse, (static_cast<std::uint64_t>(q) << 1) ^ static_cast<std::uint64_t>(q >> 63));
    last = i;
    ++n;
  }
  std::string out = "PKW1";
  out.push_back(static_cast<char>(bits));
  const bool use_dense = sparse.size() > 2 * dense.size();  // most weights set: 2 bytes each is smaller
  out.push_back(use_dense ? 1 : 0);
  char buf[4];
  std::memcpy(buf, &scale, 4);  // little-endian on every target we build (x86-64, wasm32)
  out.append(buf, 4);
  if (use_dense) {
    out.reserve(out.size() + 2 * dense.size());
    for (float w : dense) {
      auto q = static_cast<std::uint16_t>(quantize(w));
      out.push_back(static_cast<char>(q & 0xff));
      out.push_back(static_cast<char>(q >> 8));
    }
    return out;
  }
  put_varint(out, n);
  return out + sparse;
}

int decode_weights(std::string_view b, std::vector<float>& dense, const std::string& path) {
  if (b.size() < 10 || b.substr(0, 3) != "PKW") throw Error(kModel, "is not promokit weights (no PKW header)", path);
  if (b[3] != '1') throw Error(ErrorCode::PK_MODEL_VERSION, "weights format PKW" + std::string(1, b[3]) + " is not supported (expected PKW1)", path);
  int bits = static_cast<unsigned char>(b[4]);
  if (bits < 1 || bits > kMaxBits) throw Error(kModel, "bits " + std::to_string(bits) + " outside 1-24", path);
  int layout = static_cast<unsigned char>(b[5]);
  if (layout > 1) throw Error(ErrorCode::PK_MODEL_VERSION, "weights layout " + std::to_string(layout) + " is not supported", path);
  float scale;
  std::memcpy(&scale, b.data() + 6, 4);
  if (!(scale > 0) || !std::isfinite(scale)) throw Error(kModel, "the quantization scale is not a positive number", path);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(b.data()) + 10;
  const unsigned char* end = reinterpret_cast<const unsigned char*>(b.data()) + b.size();
  const std::size_t size = std::size_t{1} << bits;
  // The table is filled through a plain pointer and copied into `dense` at once: in the wasm
  // build vector::resize and operator[] stayed calls per element (a model of 2^20 weights loads
  // in 20 ms or less: BENCHMARKS.md).
  if (layout == 1) {
    if (static_cast<std::size_t>(end - p) != 2 * size) throw Error(kModel, "a dense table must hold 2 bytes per weight", path);
    std::unique_ptr<float[]> table(new float[size]);
    float* const out = table.get();
    for (std::size_t i = 0; i < size; ++i, p += 2)
      out[i] = static_cast<float>(static_cast<std::int16_t>(static_cast<std::uint16_t>(p[0] | (p[1] << 8)))) * scale;
    dense.assign(out, out + size);
    return bits;
  }
  auto varint = [&]() -> std::uint64_t {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p == end) throw Error(kModel, "the weights end inside a number", path);
      unsigned char c = *p++;
      v |= static_cast<std::uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return v;
    }
    throw Error(kModel, "a number in the weights is longer than 64 bits", path);
  };
  std::uint64_t n = varint();
  if (n > size) throw Error(kModel, "holds more weights than its table", path);
  std::unique_ptr<float[]> table(new float[size]());
  float* const out = table.get();
  std::uint64_t index = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t delta = varint();
    if ((i > 0 && delta == 0) || delta >= size - index) throw Error(kModel, "a weight index is out of order or out of range", path);
    index += delta;
    std::uint64_t z = varint();
    std::int64_t q = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    out[index] = static_cast<float>(q) * scale;
  }
  if (p != end) throw Error(kModel, "has bytes after the last weight", path);
  dense.assign(out, out + size);
  return bits;
}

AutoTagOptions read_autotag_options(const Json& doc, const std::string& path, ErrorCode code) {
  AutoTagOptions o;
  if (doc.is_null()) return o;
  Reader r(doc, path, code, {"z", "minImpressions", "minClaims"});
  r.number("z", o.z, 0, 10);
  r.count("minImpressions", o.min_impressions, 1, 1000000000);
  r.count("minClaims", o.min_claims, 1, 1000000000);
  return o;
}

namespace {

// Kept out of read_model: wasm compiles a function at its first call, and most catalogs have no
// model, so an engine's creation need not compile this reader.
[[gnu::noinline]] Model read_document(const Json& doc, const std::string& path) {
  Model m;
  Reader r(doc, path, kModel,
           {"version", "bias", "weights", "priors", "exploration", "diversity", "context", "dismissHideDays", "interestCrosses",
            "labels", "offerStats", "autoTags", "meta"});
  if (const Json* v = r.get("version")) {
    if (!v->is_number_integer()) r.fail(r.sub("version"), "must be an integer");
    if (v->get<std::int64_t>() != 1)
      throw Error(ErrorCode::PK_MODEL_VERSION, "model version " + v->dump() + " is not supported (expected 1)", r.sub("version"));
  }
  ModelConfig& c = m.config;
  r.number("bias", m.bias, -50, 50);
  if (const Json* w = r.get("weights")) {
    Reader wr(*w, r.sub("weights"), kModel, {"bits", "data"});
    // One base64url string, or chunks of one (each under the ingest's string limit) to concatenate.
    const Json* d = wr.get("data");
    if (!d) wr.fail(wr.sub("data"), "is missing");
    std::vector<std::string_view> chunks;
    if (d->is_string()) {
      chunks.push_back(d->get_ref<const std::string&>());
    } else if (d->is_array()) {
      for (std::size_t i = 0; i < d->size(); ++i) {
        if (!(*d)[i].is_string()) wr.fail(path_index(wr.sub("data"), i), "must be a base64url string");
        chunks.push_back((*d)[i].get_ref<const std::string&>());
      }
    } else {
      wr.fail(wr.sub("data"), "must be a base64url string or an array of them");
    }
    auto bytes = base64url_decode_chunks(chunks);
    if (!bytes) wr.fail(wr.sub("data"), "is not base64url");
    m.bits = decode_weights(*bytes, m.weights, wr.sub("data"));
    std::int64_t bits = m.bits;
    wr.count("bits", bits, 1, kMaxBits);
    if (bits != m.bits) wr.fail(wr.sub("bits"), "says " + std::to_string(bits) + " but the data holds a 2^" + std::to_string(m.bits) + " table");
  }
  if (const Json* p = r.get("priors")) {
    Reader pr(*p, r.sub("priors"), kModel, {"interest", "declared", "brand", "format", "promoType", "fatigue"});
    pr.number("interest", c.priors.interest, -20, 20);
    pr.number("declared", c.priors.declared, -20, 20);
    pr.number("brand", c.priors.brand, -20, 20);
    pr.number("format", c.priors.format, -20, 20);
    pr.number("promoType", c.priors.promo_type, -20, 20);
    pr.number("fatigue", c.priors.fatigue, -20, 20);
  }
  if (const Json* e = r.get("exploration")) {
    Reader er(*e, r.sub("exploration"), kModel, {"enabled", "priorStrength", "defaultCtr"});
    er.boolean("enabled", c.explore);
    er.number("priorStrength", c.prior_strength, 0.01, 1e9);
    er.number("defaultCtr", c.default_ctr, 1e-6, 1 - 1e-6);
  }
  if (const Json* d = r.get("diversity")) {
    Reader dr(*d, r.sub("diversity"), kModel, {"lambda", "maxCategoryShare", "brandRedundancy"});
    dr.number("lambda", c.diversity_lambda, 0, 1);
    dr.number("maxCategoryShare", c.max_category_share, 0.01, 1);
    dr.number("brandRedundancy", c.brand_redundancy, 0, 1);
  }
  if (const Json* x = r.get("context")) {
    Reader xr(*x, r.sub("context"), kModel, {"dayparts", "mallBoost", "pins"});
    xr.number("mallBoost", c.mall_boost, -20, 20);
    xr.strings("pins", c.pins);
    if (const Json* dps = xr.get("dayparts")) {
      if (!dps->is_array()) xr.fail(xr.sub("dayparts"), "must be an array");
      if (dps->size() > 64) xr.fail(xr.sub("dayparts"), "holds more than 64 rules");
      for (std::size_t i = 0; i < dps->size(); ++i) {
        Reader dr((*dps)[i], path_index(xr.sub("dayparts"), i), kModel, {"daypart", "categories", "tags", "boost"});
        DaypartBoost b;
        dr.text("daypart", b.daypart);
        if (std::find(std::begin(kDayparts), std::end(kDayparts), b.daypart) == std::end(kDayparts))
          dr.fail(dr.sub("daypart"), "must be one of morning, lunch, afternoon, evening, night");
        dr.strings("categories", b.categories);
        dr.strings("tags", b.tags);
        dr.number("boost", b.boost, -20, 20);
        c.dayparts.push_back(std::move(b));
      }
    }
  }
  r.number("dismissHideDays", c.hide_dismissed_days, 0, 3650);
  std::int64_t crosses = static_cast<std::int64_t>(c.interest_crosses);
  r.count("interestCrosses", crosses, 0, 32);
  c.interest_crosses = static_cast<std::size_t>(crosses);
  if (const Json* l = r.get("labels")) {
    if (!l->is_object()) r.fail(r.sub("labels"), "must be an object of key -> label");
    for (auto it = l->begin(); it != l->end(); ++it) c.labels[it.key()] = read_label(it.value(), path_key(r.sub("labels"), it.key()));
  }
  if (const Json* s = r.get("offerStats")) c.offer_stats = read_offer_stats(*s, r.sub("offerStats"));
  if (const Json* a = r.get("autoTags")) c.autotags = read_autotag_options(*a, r.sub("autoTags"), kModel);
  if (const Json* meta = r.get("meta")) m.meta = *meta;
  return m;
}

}  // namespace

Model read_model(const Json& doc, const std::string& path) {
  if (doc.is_null()) return Model{};
  return read_document(doc, path);
}

Json to_json(const Model& m) {
  const ModelConfig& c = m.config;
  Json out = {{"version", 1}, {"bias", m.bias}};
  if (m.bits > 0) {
    // Chunks of 48 KiB (a multiple of 4 characters) stay under the default 64 KiB string limit.
    std::string data = crypto::base64url_encode(encode_weights(m.weights, m.bits));
    constexpr std::size_t kChunk = 49152;
    Json chunks = Json::array();
    for (std::size_t at = 0; at < data.size(); at += kChunk) chunks.push_back(data.substr(at, kChunk));
    out["weights"] = {{"bits", m.bits}, {"data", chunks.size() == 1 ? chunks[0] : chunks}};
  }
  out["priors"] = {{"interest", c.priors.interest}, {"declared", c.priors.declared}, {"brand", c.priors.brand},
                   {"format", c.priors.format},     {"promoType", c.priors.promo_type}, {"fatigue", c.priors.fatigue}};
  out["exploration"] = {{"enabled", c.explore}, {"priorStrength", c.prior_strength}, {"defaultCtr", c.default_ctr}};
  out["diversity"] = {{"lambda", c.diversity_lambda}, {"maxCategoryShare", c.max_category_share}, {"brandRedundancy", c.brand_redundancy}};
  Json dayparts = Json::array();
  for (const auto& b : c.dayparts)
    dayparts.push_back({{"daypart", b.daypart}, {"categories", b.categories}, {"tags", b.tags}, {"boost", b.boost}});
  out["context"] = {{"dayparts", std::move(dayparts)}, {"mallBoost", c.mall_boost}, {"pins", c.pins}};
  out["dismissHideDays"] = c.hide_dismissed_days;
  out["interestCrosses"] = c.interest_crosses;
  Json labels = Json::object();
  for (const auto& [k, t] : c.labels) {
    Json l = Json::object();
    for (const auto& [loc, text] : t) l[loc.empty() ? "en" : loc] = text;
    labels[k] = std::move(l);
  }
  out["labels"] = std::move(labels);
  Json stats = Json::object();
  for (const auto& [id, s] : c.offer_stats)
    stats[id] = {{"impressions", s.impressions}, {"clicks", s.clicks}, {"claims", s.claims}, {"redemptions", s.redemptions}};
  out["offerStats"] = std::move(stats);
  out["autoTags"] = {{"z", c.autotags.z}, {"minImpressions", c.autotags.min_impressions}, {"minClaims", c.autotags.min_claims}};
  if (!m.meta.is_null()) out["meta"] = m.meta;
  return out;
}

RecommendOptions read_recommend_options(const Json& doc) {
  RecommendOptions o;
  if (doc.is_null()) return o;
  Reader r(doc, "options", kOption,
           {"limit", "explore", "diversity", "hideDismissed", "explain", "seed", "locale", "zone", "context"});
  std::int64_t limit = static_cast<std::int64_t>(o.limit);
  r.count("limit", limit, 0, 10000);
  o.limit = static_cast<std::size_t>(limit);
  if (r.get("explore")) {
    bool b = true;
    r.boolean("explore", b);
    o.explore = b;
  }
  if (r.get("hideDismissed")) {
    bool b = true;
    r.boolean("hideDismissed", b);
    o.hide_dismissed = b;
  }
  r.boolean("diversity", o.diversity);
  r.boolean("explain", o.explain);
  r.text("seed", o.seed);
  r.text("locale", o.locale);
  r.text("zone", o.zone);
  if (const Json* c = r.get("context")) {
    Reader cr(*c, r.sub("context"), kOption, {"mall", "daypart", "pins", "locale", "zone"});
    cr.text("mall", o.mall);
    cr.text("daypart", o.daypart);
    if (!o.daypart.empty() && std::find(std::begin(kDayparts), std::end(kDayparts), o.daypart) == std::end(kDayparts))
      cr.fail(cr.sub("daypart"), "must be one of morning, lunch, afternoon, evening, night");
    cr.strings("pins", o.pins);
    cr.text("locale", o.locale);
    cr.text("zone", o.zone);
  }
  if (!o.zone.empty() && !is_known_zone(o.zone)) r.fail(r.sub("zone"), "unknown time zone '" + o.zone + "'");
  return o;
}

TrainingOptions read_training_options(const Json& doc) {
  TrainingOptions o;
  if (doc.is_null()) return o;
  Reader r(doc, "options", kOption, {"alpha", "beta", "l1", "l2", "bits", "epochs", "labelWindowMs", "halfLifeDays", "zone"});
  r.number("alpha", o.ftrl.alpha, 1e-6, 100);
  r.number("beta", o.ftrl.beta, 0, 100);
  r.number("l1", o.ftrl.l1, 0, 1000);
  r.number("l2", o.ftrl.l2, 0, 1000);
  std::int64_t bits = o.ftrl.bits, epochs = o.epochs;
  r.count("bits", bits, 1, kMaxBits);
  r.count("epochs", epochs, 1, 100);
  o.ftrl.bits = static_cast<int>(bits);
  o.epochs = static_cast<int>(epochs);
  r.count("labelWindowMs", o.label_window, 1, 365LL * 86400000);
  r.number("halfLifeDays", o.learning.half_life_days, 0.001, 3650);
  r.text("zone", o.zone);
  return o;
}

RecommenderOptions read_recommender_options(const Json& doc) {
  RecommenderOptions o;
  if (doc.is_null()) return o;
  Reader r(doc, "options", kOption, {"halfLifeDays", "topK", "zone", "seed"});
  r.number("halfLifeDays", o.learning.half_life_days, 0.001, 3650);
  std::int64_t k = static_cast<std::int64_t>(o.learning.top_k);
  r.count("topK", k, 1, 1024);
  o.learning.top_k = static_cast<std::size_t>(k);
  r.text("zone", o.zone);
  if (!o.zone.empty() && !is_known_zone(o.zone)) r.fail(r.sub("zone"), "unknown time zone '" + o.zone + "'");
  r.text("seed", o.seed);
  return o;
}

}  // namespace promokit::ranking
