#pragma once
// The limits every JSON text is parsed under, enforced on nlohmann's SAX events, with the
// errors parse_json documents. Shared by parse_json (a Json DOM) and JsonTape::parse.
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "promokit/json.hpp"

namespace promokit::json_limits {

// Wraps a SAX sink (nlohmann's DOM builder, or the tape's) to enforce limits while parsing
// (nlohmann's parser itself is iterative, so depth only costs memory, which the limits bound).
template <class Sink>
class LimitedSax {
 public:
  LimitedSax(Sink& sink, std::string_view text, const JsonLimits& limits) : dom_(sink), text_(text), limits_(limits) {}

  bool null() { return tick() && dom_.null(); }
  bool boolean(bool v) { return tick() && dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return tick() && dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return tick() && dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const std::string& s) { return tick() && dom_.number_float(v, s); }
  bool string(std::string& s) {
    tick();
    check_string(s);
    return dom_.string(s);
  }
  bool binary(Json::binary_t& b) { return tick() && dom_.binary(b); }
  bool start_object(std::size_t n) {
    open(true);
    return dom_.start_object(n);
  }
  bool key(std::string& k) {
    check_string(k);
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    open(false);
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*nlohmann: all read lately*/, const nlohmann::detail::exception& ex) {
    // nlohmann reports the position one past the last character read: step back over white
    // space to the offending character, and to the start of a word (an invalid literal).
    std::size_t at = position > 0 ? position - 1 : 0;
    auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '+'; };
    if (at >= text_.size()) at = text_.size();
    else {
      while (at > 0 && is_space(text_[at])) --at;
      while (at > 0 && is_word(text_[at]) && is_word(text_[at - 1])) --at;
    }
    TextPosition pos = position_at(text_, at);
    std::size_t end = at;
    while (end < text_.size() && is_word(text_[end]) && end - at < 32) ++end;
    if (end == at && at < text_.size()) ++end;
    pos.token = std::string(text_.substr(at, end - at));
    std::string what = ex.what();
    // Strip nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    auto colon = what.find(": ", what.find("parse error"));
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    throw Error(ErrorCode::PK_JSON_SYNTAX,
                "invalid JSON at line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ": " + detail,
                "", pos);
  }

 private:
  struct Frame {
    bool object;
    std::size_t count = 0;
    std::string key;
  };

  std::string path() const {
    std::string p;
    for (const auto& f : frames_) p = f.object ? path_key(p, f.key) : path_index(p, f.count ? f.count - 1 : 0);
    return p;
  }
  bool tick() {
    if (!frames_.empty() && ++frames_.back().count > limits_.max_entries)
      throw Error(ErrorCode::PK_JSON_ARRAY_TOO_LONG,
                  "more than " + std::to_string(limits_.max_entries) + " entries", path());
    return true;
  }
  void open(bool object) {
    tick();
    if (frames_.size() >= limits_.max_depth)
      throw Error(ErrorCode::PK_JSON_TOO_DEEP, "nested deeper than " + std::to_string(limits_.max_depth) + " levels",
                  path());
    frames_.push_back(Frame{object, 0, {}});
  }
  void check_string(const std::string& s) const {
    if (s.size() > limits_.max_string)
      throw Error(ErrorCode::PK_JSON_STRING_TOO_LONG,
                  "string of " + std::to_string(s.size()) + " bytes exceeds the limit of " +
                      std::to_string(limits_.max_string),
                  path());
  }

  Sink& dom_;
  std::string_view text_;
  const JsonLimits& limits_;
  std::vector<Frame> frames_;
};

template <class Sink>
void parse(std::string_view text, const JsonLimits& limits, Sink& sink) {
  if (text.size() > limits.max_bytes)
    throw Error(ErrorCode::PK_JSON_TOO_LARGE,
                "document of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                    std::to_string(limits.max_bytes));
  LimitedSax<Sink> sax(sink, text, limits);
  Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true, false);
}

}  // namespace promokit::json_limits
