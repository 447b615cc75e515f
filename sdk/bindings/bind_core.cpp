// Core bindings: version, the error channel, validation, the scratch buffer. Private `_name` functions; the public
// API is the JS layer's.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "guard.hpp"
#include "io_buffer.hpp"
#include "promokit/event_fields.hpp"
#include "promokit/validate.hpp"
#include "promokit/version.hpp"

namespace promokit::bindings {

std::string& io_bytes() {
  static std::string bytes;
  return bytes;
}

int io_buffer(int size) {
  return guard([&] {
    std::string& io = io_bytes();
    if (size > 0 && io.size() < static_cast<std::size_t>(size)) io.resize(static_cast<std::size_t>(size));
    return static_cast<int>(reinterpret_cast<std::uintptr_t>(io.data()));
  });
}

int io_result(std::string_view text) {
  std::string& io = io_bytes();
  if (text.size() > UINT32_MAX - 4) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the result is too large");
  const auto n = static_cast<std::uint32_t>(text.size());
  io.resize(sizeof n + text.size());
  std::memcpy(io.data(), &n, sizeof n);  // wasm is little-endian, as draw_packed writes it
  std::memcpy(io.data() + sizeof n, text.data(), text.size());
  return static_cast<int>(reinterpret_cast<std::uintptr_t>(io.data()));
}

void io_release() { std::string().swap(io_bytes()); }

std::string_view io_prefix(int size) {
  const std::string& io = io_bytes();
  if (size < 0 || static_cast<std::size_t>(size) > io.size())
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the bytes did not cross intact");
  return std::string_view(io.data(), static_cast<std::size_t>(size));
}

bool io_strings(std::string_view* out, std::size_t count) {
  const std::string& io = io_bytes();
  if (count > io.size() / 4) return false;
  std::size_t at = 4 * count;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t n;
    std::memcpy(&n, io.data() + 4 * i, 4);
    if (n > io.size() - at) return false;
    out[i] = std::string_view(io.data() + at, n);
    at += n;
  }
  return true;
}

std::optional<Event> io_event(double time, double amount) {
  std::string_view f[9];
  if (!io_strings(f, 9)) return std::nullopt;
  return read_event_fields({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], time, amount});
}

// The catalog document of the weights path: `catalog` with model.weights.data put back from the
// buffer (`chunks` strings, or one for -1).
Json document_from_io(const std::string& catalog, int chunks) {
  const auto lost = [] { return Error(ErrorCode::PK_INVALID_ARGUMENT, "the model's weights did not cross intact"); };
  std::vector<std::string_view> texts(chunks < 0 ? 1 : static_cast<std::size_t>(chunks));
  if (!io_strings(texts.data(), texts.size())) throw lost();
  Json doc = parse_json(catalog);
  auto model = doc.is_object() ? doc.find("model") : doc.end();
  if (model == doc.end() || !model->is_object()) throw lost();
  auto weights = model->find("weights");
  if (weights == model->end() || !weights->is_object()) throw lost();
  auto data = weights->find("data");
  if (data == weights->end()) throw lost();
  if (chunks < 0) {
    *data = std::string(texts[0]);
  } else {
    *data = Json::array();
    for (std::string_view t : texts) data->push_back(std::string(t));
  }
  return doc;
}

// The buffer's one string: a catalog's JSON text (kCatalogInBuffer) or snapshot (kSnapshotInBuffer).
std::string_view io_document(const char* what) {
  std::string_view bytes;
  if (!io_strings(&bytes, 1)) throw Error(ErrorCode::PK_INVALID_ARGUMENT, std::string("the ") + what + " did not cross intact");
  return bytes;
}

Catalog read_catalog_from_io(const std::string& catalog, int chunks) {
  IoRelease release;
  if (chunks == kCatalogInBuffer) return read_catalog_text(io_document("catalog"));
  if (chunks == kSnapshotInBuffer) return read_catalog_snapshot(io_document("catalog snapshot"));
  return read_catalog(document_from_io(catalog, chunks));
}

// A catalog's snapshot (catalog_snapshot) left in the buffer after its length (io_result), from
// the catalog's text (chunks 0: `catalog`) or the buffer as read_catalog_from_io takes it.
int catalog_snapshot_io(const std::string& catalog, int chunks) {
  return guard([&] {
    std::string bytes;
    if (chunks == 0) bytes = catalog_snapshot(catalog);
    else if (chunks == kCatalogInBuffer) bytes = catalog_snapshot(io_document("catalog"));
    else if (chunks == kSnapshotInBuffer) throw Error(ErrorCode::PK_INVALID_ARGUMENT, "the catalog is a snapshot already");
    else bytes = catalog_snapshot_of(document_from_io(catalog, chunks));
    return io_result(bytes);
  }, 0);
}

LastError& last_error() {
  static LastError e;
  return e;
}

void record(const Error& e) {
  auto& l = last_error();
  l.code = static_cast<int>(e.code());
  l.name = std::string(e.name());
  l.message = e.what();
  l.path = e.path();
  l.line = static_cast<int>(e.position().line);
  l.column = static_cast<int>(e.position().column);
  l.offset = e.position().line ? static_cast<int>(e.position().offset) : -1;
  l.token = e.position().token;
}

void record(ErrorCode code, const std::string& message) { record(Error(code, message)); }

namespace {

int error_code() { return last_error().code; }
LastError take_error() {
  LastError e = last_error();
  last_error() = LastError{};
  return e;
}

std::string error_table_json() {
  std::size_t n = 0;
  const ErrorInfo* t = error_table(n);
  Json out = Json::array();
  for (std::size_t i = 0; i < n; ++i) out.push_back({{"code", t[i].number}, {"name", t[i].name}, {"meaning", t[i].meaning}});
  return out.dump();
}

std::string validate_doc(const std::string& kind, const std::string& text, bool all) {
  return guard([&] {
    ValidateOptions options;
    options.all = all;
    return validate_text(doc_kind_from_string(kind), text, options).to_json().dump();
  });
}

}  // namespace
}  // namespace promokit::bindings

EMSCRIPTEN_BINDINGS(promokit_core) {
  using namespace emscripten;
  using promokit::bindings::LastError;
  value_object<LastError>("LastError")
      .field("code", &LastError::code)
      .field("name", &LastError::name)
      .field("message", &LastError::message)
      .field("path", &LastError::path)
      .field("token", &LastError::token)
      .field("line", &LastError::line)
      .field("column", &LastError::column)
      .field("offset", &LastError::offset);
  function("_version", +[]() { return std::string(promokit::version()); });
  function("_errorCode", &promokit::bindings::error_code);
  function("_takeError", &promokit::bindings::take_error);
  function("_errorTable", &promokit::bindings::error_table_json);
  function("_validate", &promokit::bindings::validate_doc);
  function("_heapUsed", +[]() { return static_cast<double>(mallinfo().uordblks); });
  function("_ioBuffer", &promokit::bindings::io_buffer);
  function("_ioRelease", &promokit::bindings::io_release);
  function("_catalogSnapshot", &promokit::bindings::catalog_snapshot_io);
}
