// Customer analytics bindings: _createAnalyzer (-> Analyzer: feed / finish with Embind strings,
// feedIo / finishIo through the scratch buffer, io.js packSlices / unpackText), _analyticsExport
// (report -> csv / html), _analyticsDemo and _assignArm. The public API is
// js-glue/src/modules/analytics.js. The shopper module (PROMOKIT_SHOPPER) keeps only _assignArm:
// a shopper's client may assign itself an experiment arm; reports are an admin's.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "guard.hpp"
#include "io_buffer.hpp"
#include "promokit/analytics.hpp"

namespace promokit::bindings {
namespace {

#if !PROMOKIT_SHOPPER
using analytics::Analyzer;
using analytics::Options;

Options options_from(const std::string& json) {
  return Options::from_json(json.empty() ? Json::object() : parse_json(json));
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Analyzer* create_analyzer(const std::string& options_json) {
  return guard([&] { return new Analyzer(options_from(options_json)); }, static_cast<Analyzer*>(nullptr));
}

void analyzer_feed(Analyzer& a, const std::string& chunk) {
  guard_void([&] { a.feed(chunk); });
}

// The chunk stays in the buffer for the next one (a stream's chunks are alike in size).
void analyzer_feed_io(Analyzer& a, int size) {
  guard_void([&] { a.feed(io_prefix(size)); });
}

std::string analyzer_finish(Analyzer& a) {
  return guard([&] { return a.finish_text(); });
}

int analyzer_finish_io(Analyzer& a) {
  return guard([&] { return io_result(a.finish_text()); }, 0);
}

std::string export_report(const std::string& report_json, const std::string& format) {
  return guard([&] {
    JsonLimits limits;
    limits.max_bytes = 1u << 30;
    Json report = parse_json(report_json, limits);
    if (!report.is_object() || !report.contains("summary") || !report.contains("currency"))
      throw Error(ErrorCode::PK_INVALID_ARGUMENT, "not an analytics report");
    if (format == "csv") return analytics::report_to_csv(report);
    if (format == "html") return analytics::report_to_html(report);
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "format must be \"csv\" or \"html\"");
  });
}

emscripten::val demo(double seed, double customers) {
  return guard(
      [&] {
        if (!(seed >= 0) || !(customers >= 0)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "seed and customers must be >= 0");
        auto d = analytics::generate_demo({static_cast<std::uint64_t>(seed), static_cast<std::size_t>(customers)});
        emscripten::val out = emscripten::val::object();
        out.set("csv", d.csv);
        out.set("truth", dump(d.truth));
        return out;
      },
      emscripten::val::undefined());
}

#endif

double assign_arm(const std::string& experiment, const std::string& customer, const std::string& weights_json) {
  return guard(
      [&] {
        Json w = parse_json(weights_json);
        std::vector<double> weights;
        if (!w.is_array() || w.empty()) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "weights must be a non-empty array");
        for (const auto& x : w) {
          if (!x.is_number() || !(x.get<double>() > 0))
            throw Error(ErrorCode::PK_INVALID_ARGUMENT, "weights must be positive numbers");
          weights.push_back(x.get<double>());
        }
        return static_cast<double>(analytics::assign_arm(experiment, customer, weights));
      },
      -1.0);
}

}  // namespace
}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_analytics) {
  using namespace emscripten;
  using namespace promokit::bindings;
#if !PROMOKIT_SHOPPER
  class_<promokit::analytics::Analyzer>("Analyzer")
      .function("feed", &analyzer_feed)
      .function("feedIo", &analyzer_feed_io)
      .function("finish", &analyzer_finish)
      .function("finishIo", &analyzer_finish_io);
  function("_createAnalyzer", &create_analyzer, allow_raw_pointers());
  function("_analyticsExport", &export_report);
  function("_analyticsDemo", &demo);
#endif
  function("_assignArm", &assign_arm);
}
