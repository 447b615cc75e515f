// The text syntax -> JsonLogic. Recursive descent with a depth counter (every nesting level
// checks RuleLimits::max_depth first), so no input can overflow the stack. Grammar and
// precedence: docs/rules.md.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/utf8.hpp"
#include "promokit/rules.hpp"
#include "rules/program.hpp"
#include "rules/suggest.hpp"

namespace promokit::rules {
namespace {

enum class Tok { End, Number, String, Ident, Punct };

struct Token {
  Tok kind = Tok::End;
  std::string_view text;  // as written
  std::size_t offset = 0;
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

const std::string_view kKeywords[] = {"and", "or", "not", "in", "true", "false", "null", "it"};
bool is_keyword(std::string_view s) { return std::find(std::begin(kKeywords), std::end(kKeywords), s) != std::end(kKeywords); }

// Operators whose second argument is evaluated against each element (fields there are the
// element's, not the profile's).
bool scoped_operator(std::string_view name) {
  return name == "map" || name == "filter" || name == "reduce" || name == "all" || name == "none" || name == "some";
}

class Parser {
 public:
  Parser(std::string_view text, const RuleContext& ctx) : text_(text), ctx_(ctx) {}

  Json parse() {
    if (text_.size() > ctx_.limits.max_text)
      throw Error(ErrorCode::PK_RULE_TOO_LARGE, "the rule text is longer than " + std::to_string(ctx_.limits.max_text) + " bytes");
    advance();
    if (tok_.kind == Tok::End) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "the rule is empty");
    Json r = expr();
    if (tok_.kind != Tok::End) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "unexpected " + describe(tok_) + " after a complete rule");
    return r;
  }

 private:
  // ---- errors ----
  [[noreturn]] void fail(ErrorCode code, const Token& at, const std::string& what) const {
    TextPosition pos = position_at(text_, at.offset);
    pos.token = std::string(at.text);
    // The line with a caret under the token.
    std::size_t start = text_.rfind('\n', at.offset == 0 ? 0 : at.offset - 1);
    start = (start == std::string_view::npos || at.offset == 0) ? 0 : start + 1;
    if (at.offset > 0 && text_[at.offset - 1] == '\n') start = at.offset;
    std::size_t end = text_.find('\n', at.offset);
    std::string_view line = text_.substr(start, (end == std::string_view::npos ? text_.size() : end) - start);
    std::string caret(pos.column > 0 ? pos.column - 1 : 0, ' ');
    caret.append(std::max<std::size_t>(1, position_at(at.text, at.text.size()).column - 1), '^');
    std::string msg = what + "\n  " +
                      std::string(line) + "\n  " + caret;
    throw Error(code, msg, "", pos);
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End: return "end of rule";
      case Tok::Number: return "number " + std::string(t.text);
      case Tok::String: return "string " + std::string(t.text);
      case Tok::Ident: return is_keyword(t.text) ? "'" + std::string(t.text) + "'" : "name '" + std::string(t.text) + "'";
      default: return "'" + std::string(t.text) + "'";
    }
  }

  // ---- lexer ----
  void advance() {
    prev_end_ = tok_.offset + tok_.text.size();
    std::size_t i = pos_;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++i;
      else if (c == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else break;
    }
    tok_ = Token{};
    tok_.offset = i;
    if (i >= text_.size()) {
      tok_.kind = Tok::End;
      pos_ = i;
      return;
    }
    char c = text_[i];
    std::size_t j = i;
    if (digit(c) || (c == '.' && i + 1 < text_.size() && digit(text_[i + 1]))) {
      while (j < text_.size() && digit(text_[j])) ++j;
      if (j < text_.size() && text_[j] == '.') {
        ++j;
        while (j < text_.size() && digit(text_[j])) ++j;
      }
      if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
        if (k < text_.size() && digit(text_[k])) {
          j = k;
          while (j < text_.size() && digit(text_[j])) ++j;
        }
      }
      tok_.kind = Tok::Number;
    } else if (c == '"') {
      ++j;
      while (j < text_.size() && text_[j] != '"') j += text_[j] == '\\' ? 2 : 1;
      if (j >= text_.size()) {
        Token t{Tok::String, text_.substr(i, 1), i};
        fail(ErrorCode::PK_RULE_SYNTAX, t, "this string is never closed (a \" is missing)");
      }
      ++j;
      tok_.kind = Tok::String;
    } else if (ident_start(c)) {
      while (j < text_.size() && ident_char(text_[j])) ++j;
      // A dotted path: a.b.0.c
      while (j + 1 < text_.size() && text_[j] == '.' && ident_char(text_[j + 1])) {
        ++j;
        while (j < text_.size() && ident_char(text_[j])) ++j;
      }
      tok_.kind = Tok::Ident;
    } else {
      static const std::string_view puncts[] = {"===", "!==", "==", "!=", "<=", ">=", "&&", "||", "!!", "<", ">", "+", "-", "*",
                                                "/",   "%",   "!",  "(",  ")",  "[",  "]",  "{",  "}",  ",", ":", "?", "="};
      for (auto p : puncts)
        if (text_.substr(i, p.size()) == p) {
          j = i + p.size();
          break;
        }
      if (j == i) {
        std::size_t k = i + 1;
        while (k < text_.size() && (static_cast<unsigned char>(text_[k]) & 0xc0) == 0x80) ++k;
        Token t{Tok::Punct, text_.substr(i, k - i), i};
        fail(ErrorCode::PK_RULE_SYNTAX, t, "unexpected character '" + std::string(t.text) + "'");
      }
      if (text_.substr(i, j - i) == "=") {
        Token t{Tok::Punct, text_.substr(i, 1), i};
        fail(ErrorCode::PK_RULE_SYNTAX, t, "'=' is not a comparison \xE2\x80\x94 did you mean '=='?");
      }
      tok_.kind = Tok::Punct;
    }
    tok_.text = text_.substr(i, j - i);
    pos_ = j;
  }

  bool is(std::string_view p) const { return (tok_.kind == Tok::Punct || tok_.kind == Tok::Ident) && tok_.text == p; }
  bool accept(std::string_view p) {
    if (!is(p)) return false;
    advance();
    return true;
  }
  void expect(std::string_view p, const char* context) {
    if (!accept(p)) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "expected '" + std::string(p) + "' " + context + ", found " + describe(tok_));
  }

  struct Depth {
    Parser& p;
    explicit Depth(Parser& parser) : p(parser) {
      if (++p.depth_ > p.ctx_.limits.max_depth)
        p.fail(ErrorCode::PK_RULE_TOO_DEEP, p.tok_, "the rule nests deeper than " + std::to_string(p.ctx_.limits.max_depth) + " levels");
    }
    ~Depth() { --p.depth_; }
  };

  static Json op(std::string_view name, Json args) { return Json{{std::string(name), std::move(args)}}; }

  // ---- grammar ----
  Json expr() {
    Depth d(*this);
    Json c = or_expr();
    if (!accept("?")) return c;
    Json a = expr();
    expect(":", "between the branches of ? :");
    Json b = expr();
    return op("?:", Json::array({std::move(c), std::move(a), std::move(b)}));
  }

  Json chain(const char* word, const char* symbol, Json (Parser::*next)()) {
    Json first = (this->*next)();
    if (!is(word) && !is(symbol)) return first;
    Json args = Json::array({std::move(first)});
    while (accept(word) || accept(symbol)) args.push_back((this->*next)());
    return op(word, std::move(args));
  }
  Json or_expr() { return chain("or", "||", &Parser::and_expr); }
  Json and_expr() { return chain("and", "&&", &Parser::not_expr); }

  Json not_expr() {
    Depth d(*this);
    if (accept("not")) return op("!", Json::array({not_expr()}));
    return comparison();
  }

  Json comparison() {
    Json left = sum();
    if (is("in") || (is("not") && peek_is_in())) {
      bool negate = accept("not");
      advance();  // in
      Json right = sum();
      Json in = op("in", Json::array({std::move(left), std::move(right)}));
      return negate ? op("!", Json::array({std::move(in)})) : in;
    }
    static const std::string_view cmps[] = {"===", "!==", "==", "!=", "<=", ">=", "<", ">"};
    for (auto c : cmps)
      if (tok_.kind == Tok::Punct && tok_.text == c) {
        advance();
        Json right = sum();
        Json args = Json::array({std::move(left), std::move(right)});
        if ((c == "<" || c == "<=") && tok_.kind == Tok::Punct && (tok_.text == "<" || tok_.text == "<=")) {
          if (tok_.text != c)
            fail(ErrorCode::PK_RULE_SYNTAX, tok_, "a between test uses the same operator twice (a < x < b or a <= x <= b)");
          advance();
          args.push_back(sum());
        }
        for (auto c2 : cmps)
          if (tok_.kind == Tok::Punct && tok_.text == c2)
            fail(ErrorCode::PK_RULE_SYNTAX, tok_, "comparisons do not chain; use 'and' or parentheses");
        return op(c, std::move(args));
      }
    return left;
  }

  bool peek_is_in() {
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    return text_.substr(i, 2) == "in" && (i + 2 >= text_.size() || !ident_char(text_[i + 2]));
  }

  // Left-associative + - (or * / %): a run of + (or *) without parentheses becomes one n-ary node.
  Json arithmetic(const char* nary, const char* a, const char* b, Json (Parser::*next)()) {
    Json acc = (this->*next)();
    bool open = false;
    for (;;) {
      std::string_view o;
      for (const char* x : {nary, a, b})
        if (x && tok_.kind == Tok::Punct && tok_.text == x) o = x;
      if (o.empty()) return acc;
      advance();
      Json rhs = (this->*next)();
      if (o == nary && open) acc.begin().value().push_back(std::move(rhs));
      else acc = op(o, Json::array({std::move(acc), std::move(rhs)}));
      open = o == nary;
    }
  }
  Json sum() { return arithmetic("+", "-", nullptr, &Parser::product); }
  Json product() { return arithmetic("*", "/", "%", &Parser::unary); }

  Json unary() {
    Depth d(*this);
    if (tok_.kind == Tok::Punct && tok_.text == "-") {
      advance();
      if (tok_.kind == Tok::Number) return number(true);
      return op("-", Json::array({unary()}));
    }
    if (accept("!!")) return op("!!", Json::array({unary()}));
    if (accept("!")) return op("!", Json::array({unary()}));
    return primary();
  }

  Json number(bool negative) {
    std::string s = (negative ? "-" : "") + std::string(tok_.text);
    Token t = tok_;
    advance();
    double v = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(v)) fail(ErrorCode::PK_RULE_SYNTAX, t, "number out of range");
    if (s.find_first_of(".eE") == std::string::npos && std::fabs(v) < 9007199254740992.0 && !(negative && v == 0))
      return Json(static_cast<std::int64_t>(v));
    return Json(v);
  }

  Json string_literal() {
    Token t = tok_;
    advance();
    // A literal without escapes or control characters is its bytes (once they are UTF-8), as
    // JSON reads it; only one with escapes goes through parse_json. nlohmann's lexer charges
    // wasm's tier-up budget its whole character switch per character, so lexing a catalog's
    // literals had V8 recompile it during a cold createEngine; and Json::parse, used here
    // before, is another instance of nlohmann's parser (12 KB of wasm). The rule's own limit on
    // a literal applies below.
    const std::string_view inner = t.text.substr(1, t.text.size() - 2);
    const bool plain = std::none_of(inner.begin(), inner.end(), [](char c) { return c == '\\' || static_cast<unsigned char>(c) < 0x20; });
    Json s;
    if (plain && valid_utf8(inner)) {
      s = std::string(inner);
    } else {
      JsonLimits whole;
      whole.max_bytes = whole.max_string = std::max(whole.max_bytes, t.text.size());
      try {
        s = parse_json(t.text, whole);
      } catch (const Error&) {
        fail(ErrorCode::PK_RULE_SYNTAX, t, "invalid escape in string (strings use JSON escapes such as \\\" and \\n)");
      }
    }
    if (s.get_ref<const std::string&>().size() > ctx_.limits.max_string)
      fail(ErrorCode::PK_RULE_TOO_LARGE, t, "a string literal is longer than " + std::to_string(ctx_.limits.max_string) + " bytes");
    return s;
  }

  Json primary() {
    Depth d(*this);
    Token t = tok_;
    switch (tok_.kind) {
      case Tok::Number: return number(false);
      case Tok::String: return string_literal();
      case Tok::End: fail(ErrorCode::PK_RULE_SYNTAX, tok_, "the rule ends too early: a value is missing");
      case Tok::Punct:
        if (accept("(")) {
          Json e = expr();
          expect(")", "to close '('");
          return e;
        }
        if (accept("[")) {
          Json items = Json::array();
          if (!accept("]")) {
            do {
              if (items.size() >= ctx_.limits.max_array)
                fail(ErrorCode::PK_RULE_TOO_LARGE, tok_, "a list has more than " + std::to_string(ctx_.limits.max_array) + " entries");
              items.push_back(expr());
            } while (accept(","));
            expect("]", "to close the list");
          }
          return items;
        }
        if (is("{")) return object_literal();
        fail(ErrorCode::PK_RULE_SYNTAX, tok_, "expected a value, found " + describe(tok_));
      case Tok::Ident: break;
    }
    if (accept("true")) return true;
    if (accept("false")) return false;
    if (accept("null")) return nullptr;
    if (accept("it")) return op("var", "");
    if (is_keyword(t.text)) fail(ErrorCode::PK_RULE_SYNTAX, t, "expected a value, found " + describe(t));
    advance();
    if (accept("(")) return call(t);
    check_field(t, t.text);
    return op("var", std::string(t.text));
  }

  // A JSON object literal: data, not logic (its values are not evaluated). At the top it may not
  // have exactly one key (that would be an operator); nested inside a literal it may.
  Json object_literal(bool top = true) {
    Depth d(*this);
    Token open = tok_;
    expect("{", "");
    Json obj = Json::object();
    if (!accept("}")) {
      do {
        if (tok_.kind != Tok::String) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "an object key must be a string in double quotes");
        Json key = string_literal();
        expect(":", "after an object key");
        obj[key.get<std::string>()] = json_literal();
      } while (accept(","));
      expect("}", "to close the object");
    }
    if (top && obj.size() == 1)
      fail(ErrorCode::PK_RULE_SYNTAX, open, "an object with exactly one key is an operator in JsonLogic; write the operator instead");
    return obj;
  }

  Json json_literal() {
    Depth d(*this);
    if (tok_.kind == Tok::String) return string_literal();
    if (tok_.kind == Tok::Number) return number(false);
    if (tok_.kind == Tok::Punct && tok_.text == "-") {
      advance();
      if (tok_.kind != Tok::Number) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "expected a number after '-'");
      return number(true);
    }
    if (accept("true")) return true;
    if (accept("false")) return false;
    if (accept("null")) return nullptr;
    if (is("{")) return object_literal(false);
    if (accept("[")) {
      Json a = Json::array();
      if (!accept("]")) {
        do a.push_back(json_literal());
        while (accept(","));
        expect("]", "to close the list");
      }
      return a;
    }
    fail(ErrorCode::PK_RULE_SYNTAX, tok_, "expected a JSON value inside an object literal, found " + describe(tok_));
  }

  Json call(const Token& name) {
    std::string op_name(name.text);
    std::size_t first_arg = 0;
    if (op_name == "op") {  // op("+", a, b, c): any operator, any arity
      if (tok_.kind != Tok::String) fail(ErrorCode::PK_RULE_SYNTAX, tok_, "op(...) takes the operator name as a string first");
      Token ot = tok_;
      op_name = string_literal().get<std::string>();
      if (!find_operator(op_name)) unknown_operator(ot, op_name);
      first_arg = 1;
      if (!is(")")) expect(",", "after the operator name");
    }
    const OpInfo* info = find_operator(op_name);
    if (!info || op_name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
      if (first_arg == 0) unknown_operator(name, op_name);
    Json args = Json::array();
    bool scoped = scoped_operator(op_name);
    if (!accept(")")) {
      do {
        bool inner = scoped && args.size() == 1;  // the per-element expression
        if (inner) ++scope_;
        args.push_back(expr());
        if (inner) --scope_;
      } while (accept(","));
      expect(")", ("to close " + std::string(name.text) + "(").c_str());
    }
    int n = static_cast<int>(args.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args))
      fail(ErrorCode::PK_RULE_ARITY, name,
           op_name + " takes " + std::to_string(info->min_args) +
               (info->max_args == info->min_args ? "" : " to " + std::to_string(info->max_args)) + " argument(s), got " + std::to_string(n));
    if (info->op == Op::Segment) {
      if (!args[0].is_string()) fail(ErrorCode::PK_RULE_ARITY, name, "segment(...) takes a segment name in quotes");
      const std::string& seg = args[0].get_ref<const std::string&>();
      if (!ctx_.segments.count(seg)) {
        std::vector<std::string_view> names;
        for (const auto& s : ctx_.segments) names.push_back(s.first);
        std::string msg = "unknown segment '" + seg + "'";
        if (auto s = suggest(seg, names); !s.empty()) msg += " \xE2\x80\x94 did you mean '" + std::string(s) + "'?";
        fail(ErrorCode::PK_RULE_UNKNOWN_SEGMENT, name, msg);
      }
      return op("segment", seg);
    }
    if (info->op == Op::Var && n >= 1 && args[0].is_string()) check_field(name, args[0].get_ref<const std::string&>());
    return op(op_name, std::move(args));
  }

  [[noreturn]] void unknown_operator(const Token& at, const std::string& name) {
    std::vector<std::string_view> names;
    for (const auto& o : operators())
      if (o.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos) names.push_back(o.name);
    std::string msg = "unknown function '" + name + "'";
    if (auto s = suggest(name, names); !s.empty()) msg += " \xE2\x80\x94 did you mean '" + std::string(s) + "'?";
    fail(ErrorCode::PK_RULE_UNKNOWN_OPERATOR, at, msg);
  }

  bool known_field(std::string_view path) const {
    for (const auto& f : ctx_.fields) {
      if (f == path) return true;
      if (f.size() > 2 && f.substr(f.size() - 2) == ".*") {
        std::string_view prefix = std::string_view(f).substr(0, f.size() - 1);  // "attributes."
        if (path.substr(0, prefix.size()) == prefix) return true;
      }
    }
    return false;
  }

  void check_field(const Token& at, std::string_view path) const {
    if (ctx_.fields.empty() || scope_ > 0 || path.empty() || known_field(path)) return;
    std::vector<std::string_view> names;
    for (const auto& f : ctx_.fields) names.push_back(f);
    std::string msg = "unknown field '" + std::string(path) + "'";
    if (auto s = suggest(path, names); !s.empty()) msg += " \xE2\x80\x94 did you mean '" + std::string(s) + "'?";
    fail(ErrorCode::PK_RULE_UNKNOWN_FIELD, at, msg);
  }

  std::string_view text_;
  const RuleContext& ctx_;
  Token tok_;
  std::size_t pos_ = 0, prev_end_ = 0;
  std::size_t depth_ = 0;
  int scope_ = 0;
};

}  // namespace

Json parse_text(std::string_view text, const RuleContext& ctx) { return Parser(text, ctx).parse(); }

}  // namespace promokit::rules
