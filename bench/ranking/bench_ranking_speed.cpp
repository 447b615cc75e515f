// Speed of the personalization hot paths, native (the wasm figures come from wasm.mjs over the
// same workload): recommend the top 20 of 1,000 and 10,000 offers (scoring, exploration,
// diversity, reasons), one track(), and loading a model of 2^20 hashed weights from the catalog.
// Times are CPU time of the calling thread, so other load on a shared machine does not inflate them.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "promokit/ranking.hpp"
#include "promokit/validate.hpp"

using namespace promokit;
using namespace promokit::ranking;

namespace {

double cpu_us() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}
constexpr Millis kNow = 1772424000000;

const char* kCategories[] = {"fashion", "food", "electronics", "beauty", "home", "sports", "kids", "books"};

// A catalog of n offers with statistics and a dense-ish trained model of 2^bits weights.
Json catalog_doc(std::size_t n, int bits) {
  Json offers = Json::array(), stats = Json::object();
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = "o" + std::to_string(i);
    offers.push_back({{"id", id},
                      {"reward", {{"type", "percent"}, {"percent", 5 + static_cast<int>(i % 40)}}},
                      {"category", kCategories[i % 8]},
                      {"tags", {kCategories[i % 8], i % 3 ? "budget" : "premium"}},
                      {"brand", "brand" + std::to_string(i % 40)},
                      {"format", i % 2 ? "banner" : "carousel"},
                      {"malls", {"m" + std::to_string(i % 5)}}});
    stats[id] = {{"impressions", 1000 + i % 700}, {"clicks", 20 + i % 90}};
  }
  Model m;
  m.bits = bits;
  m.weights.resize(std::size_t{1} << bits);
  std::uint64_t s = 1;
  for (auto& w : m.weights) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    w = static_cast<float>(static_cast<std::int64_t>(s >> 40) % 2000 - 1000) / 2000.0f;
  }
  Json model = to_json(m);
  model["offerStats"] = stats;
  model["context"] = {{"dayparts", {{{"daypart", "lunch"}, {"categories", {"food"}}, {"boost", 0.5}}}}};
  return {{"version", 1}, {"offers", offers}, {"model", model}};
}

template <class F>
std::vector<double> time_runs(int runs, F&& f) {
  std::vector<double> us;
  for (int i = 0; i < runs; ++i) {
    double t0 = cpu_us();
    f(i);
    us.push_back(cpu_us() - t0);
  }
  std::sort(us.begin(), us.end());
  return us;
}

double pct(const std::vector<double>& v, double p) { return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))]; }

Event event(EventType type, std::string offer, Millis time, std::string id) {
  Event e;
  e.id = std::move(id);
  e.type = type;
  e.offer_id = std::move(offer);
  e.time = time;
  return e;
}

}  // namespace

// --write DIR: the workload of the wasm half (bench/ranking/wasm.mjs) as JSON files.
int write_workload(const std::string& dir) {
  auto write = [&](const std::string& name, const Json& doc) {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    if (!f) return false;
    std::string text = doc.dump();
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
  };
  Json events = Json::array();
  for (int i = 0; i < 120; ++i)
    events.push_back({{"id", "e" + std::to_string(i)}, {"type", to_string(static_cast<EventType>(i % 7))},
                      {"offerId", "o" + std::to_string(i * 7 % 1000)}, {"time", kNow - (120 - i) * 3600000LL}});
  Json model_catalog = catalog_doc(10, 20);
  bool ok = write("catalog-1000.json", catalog_doc(1000, 18)) && write("catalog-10000.json", catalog_doc(10000, 18)) &&
            write("model-2p20.json", model_catalog) &&
            write("profile.json", {{"id", "u1"}, {"zone", "Asia/Shanghai"}, {"mall", "m1"}, {"tier", "gold"}, {"interests", {"beauty"}}}) &&
            write("events.json", events) && write("now.json", kNow);
  if (!ok) std::fprintf(stderr, "cannot write the workload to %s\n", dir.c_str());
  return ok ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc > 2 && std::strcmp(argv[1], "--write") == 0) return write_workload(argv[2]);
  bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  int runs = smoke ? 50 : 400;
  std::printf("| operation | p50 | p90 | budget |\n|---|---|---|---|\n");
  double top20_1k = 0;
  for (std::size_t n : {std::size_t{1000}, std::size_t{10000}}) {
    Catalog cat = read_catalog(catalog_doc(n, 18));
    Recommender rec(cat);
    Profile p;
    p.id = "u1";
    p.zone = "Asia/Shanghai";
    p.mall = "m1";
    p.tier = "gold";
    p.interests = {"beauty"};
    rec.set_profile(p);
    for (int i = 0; i < 120; ++i)
      rec.track(event(static_cast<EventType>(i % 7), "o" + std::to_string(i * 7 % n), kNow - (120 - i) * 3600000LL, "e" + std::to_string(i)));
    RecommendOptions o;
    o.limit = 20;
    o.seed = "bench";
    std::size_t got = 0;
    auto t = time_runs(smoke && n > 1000 ? 10 : runs, [&](int i) { got += rec.recommend(kNow + i * 1000, o).size(); });
    if (n == 1000) top20_1k = pct(t, 0.5);
    std::printf("| recommend top 20 of %zu offers (native) | %.3f ms | %.3f ms | %s |\n", n, pct(t, 0.5) / 1000, pct(t, 0.9) / 1000,
                n == 1000 ? "0.5 ms (wasm)" : "5 ms (wasm)");
    if (got == 0) return 1;
  }
  {
    Catalog cat = read_catalog(catalog_doc(1000, 12));
    Recommender rec(cat);
    Profile p;
    p.id = "u1";
    rec.set_profile(p);
    const int n = smoke ? 20000 : 200000;
    std::vector<Event> events;
    for (int i = 0; i < n; ++i)
      events.push_back(event(static_cast<EventType>(i % 8), "o" + std::to_string(i * 13 % 1000), kNow + i * 1000LL, "t" + std::to_string(i)));
    double t0 = cpu_us();
    for (const auto& e : events) rec.track(e);
    double ns = (cpu_us() - t0) * 1000 / n;
    std::printf("| track() one event (mean of %d) | %.0f ns | — | 2 µs |\n", n, ns);
  }
  {
    Model m;
    m.bits = 20;
    m.weights.resize(std::size_t{1} << 20);
    for (std::size_t i = 0; i < m.weights.size(); ++i) m.weights[i] = static_cast<float>(static_cast<int>(i * 2654435761u % 20001) - 10000) / 5000.0f;
    Json doc = to_json(m);
    std::string text = doc.dump();
    auto t = time_runs(smoke ? 5 : 30, [&](int) { read_model(doc); });
    auto tp = time_runs(smoke ? 5 : 30, [&](int) { read_model(parse_json(text)); });
    std::printf("| load a model of 2^20 weights from catalog.model (%.1f MB JSON) | %.1f ms | %.1f ms | 20 ms |\n",
                static_cast<double>(text.size()) / 1e6, pct(t, 0.5) / 1000, pct(t, 0.9) / 1000);
    std::printf("| the same including JSON parsing of the text | %.1f ms | %.1f ms | — |\n", pct(tp, 0.5) / 1000, pct(tp, 0.9) / 1000);
  }
  std::printf("%s: ranking speed, native top 20 of 1,000 in %.3f ms (p50)\n", smoke ? "smoke" : "bench", top20_1k / 1000);
  return 0;
}
