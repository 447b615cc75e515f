// Timestamps and money as shops export them. Money is read digit by digit into integer minor
// units; a value is never a floating-point number on the way in.
#include <algorithm>
#include <array>
#include <cstdio>

#include "internal.hpp"

namespace promokit::analytics {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads exactly n digits at s[i]; advances i.
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[i + k];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  i += n;
  out = v;
  return true;
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// "+03:00", "+0300", "+03", "Z" at s[i..]; consumes the rest of s.
std::optional<int> offset_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::nullopt;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return 0;
  if (s[i] != '+' && s[i] != '-') return std::nullopt;
  int sign = s[i] == '-' ? -1 : 1, h = 0, m = 0;
  ++i;
  if (!digits(s, i, 2, h)) return std::nullopt;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && !digits(s, i, 2, m)) return std::nullopt;
  if (i != s.size() || h > 14 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

}  // namespace

std::optional<int> parse_utc_offset(std::string_view text) { return offset_at(trim(text), 0); }

std::optional<Millis> parse_timestamp(std::string_view text, int utc_offset_minutes, DateOrder order) {
  std::string_view s = trim(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  std::size_t i = 0;
  if (s.size() >= 10 && s[4] == '-') {  // YYYY-MM-DD
    if (!digits(s, i, 4, y) || s[i++] != '-' || !digits(s, i, 2, mo) || s[i++] != '-' || !digits(s, i, 2, d))
      return std::nullopt;
  } else {  // DD/MM/YYYY (or MM/DD/YYYY); one-digit day and month are common in spreadsheets
    int a = 0, b = 0;
    auto one_or_two = [&](int& out) {
      if (!digits(s, i, 1, out)) return false;
      int second = 0;
      if (i < s.size() && is_digit(s[i]) && digits(s, i, 1, second)) out = out * 10 + second;
      return true;
    };
    if (!one_or_two(a) || i >= s.size() || s[i++] != '/' || !one_or_two(b) || i >= s.size() || s[i++] != '/' ||
        !digits(s, i, 4, y))
      return std::nullopt;
    d = order == DateOrder::DMY ? a : b;
    mo = order == DateOrder::DMY ? b : a;
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  int offset = utc_offset_minutes;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    // "9:05" (a one-digit hour) appears in spreadsheet exports
    if (!digits(s, i, 2, h) && !digits(s, i, 1, h)) return std::nullopt;
    if (i >= s.size() || s[i++] != ':' || !digits(s, i, 2, mi)) return std::nullopt;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(s, i, 2, sec)) return std::nullopt;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        int scale = 100, n = 0;
        while (i < s.size() && is_digit(s[i])) {
          ms += (s[i] - '0') * scale;
          scale /= 10;
          ++i;
          ++n;
        }
        if (n == 0) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (i < s.size()) {
      while (i < s.size() && s[i] == ' ') ++i;
      auto off = offset_at(s, i);
      if (!off) return std::nullopt;
      offset = *off;
    }
  }
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + std::min(sec, 59) - offset * 60;
  if (secs < 0) return std::nullopt;
  return secs * 1000 + ms;
}

std::string format_date(Millis t) {
  detail::Civil c = detail::civil_from_days((t >= 0 ? t : t - 86399999) / 86400000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Money

namespace {

struct CurrencyInfo {
  std::string_view code;
  int exponent;
};
constexpr CurrencyInfo kCurrencies[] = {
    {"TZS", 2}, {"KES", 2}, {"UGX", 0}, {"RWF", 0}, {"USD", 2}, {"EUR", 2}, {"GBP", 2},
    {"CNY", 2}, {"JPY", 0}, {"AED", 2}, {"INR", 2}, {"ZAR", 2}, {"KRW", 0},
};

// Currency marks as written in messages, lower-cased, longest first where one prefixes another.
struct Mark {
  std::string_view text;
  const char* code;  // nullptr: the shop's default currency (shilling notations)
  bool word;         // must stand as a word (letters on neither side)
};
constexpr Mark kMarks[] = {
    {"tzs", "TZS", true},  {"tshs", "TZS", true}, {"tsh", "TZS", true},  {"shs", nullptr, true},
    {"sh", nullptr, true}, {"kes", "KES", true},  {"kshs", "KES", true}, {"ksh", "KES", true},
    {"ugx", "UGX", true},  {"usd", "USD", true},  {"us$", "USD", false}, {"$", "USD", false},
    {"eur", "EUR", true},  {"\xE2\x82\xAC", "EUR", false},  // €
    {"cny", "CNY", true},  {"rmb", "CNY", true},  {"yuan", "CNY", true}, {"\xC2\xA5", "CNY", false},  // ¥
    {"\xEF\xBF\xA5", "CNY", false},                                                                 // ￥
    {"\xE5\x85\x83", "CNY", false},                                                                 // 元
    {"aed", "AED", true},  {"dhs", "AED", true},  {"dirhams", "AED", true}, {"dirham", "AED", true},
};

// Whether a mark can start with this byte: most positions of a message are rejected at once,
// without a call (find_money asks it for every byte).
constexpr auto kMarkStart = [] {
  std::array<bool, 256> t{};
  for (const auto& m : kMarks) t[static_cast<unsigned char>(m.text[0])] = true;
  return t;
}();
inline bool may_start_mark(char c) { return kMarkStart[static_cast<unsigned char>(lower(c))]; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Does a currency mark start at s[i]? Returns its length and code.
std::size_t mark_at(std::string_view s, std::size_t i, const char*& code) {
  if (i >= s.size() || !may_start_mark(s[i])) return 0;
  for (const auto& m : kMarks) {
    std::size_t n = m.text.size();
    if (i + n > s.size()) continue;
    bool eq = true;
    for (std::size_t k = 0; k < n && eq; ++k) eq = lower(s[i + k]) == m.text[k];
    if (!eq) continue;
    if (m.word && ((i > 0 && is_alpha(s[i - 1])) || (i + n < s.size() && is_alpha(s[i + n])))) continue;
    code = m.code;
    return n;
  }
  return 0;
}

// A number at s[i]: digits with "," or " " thousands groups (or "." groups when no decimal
// part follows), an optional decimal part, an optional k (thousands). Returns the value scaled
// to `exponent` decimals and the end index, or nothing when the digits do not form a number.
struct Number {
  std::int64_t scaled = 0;  // value * 10^exponent
  std::size_t end = 0;
};
std::optional<Number> number_at(std::string_view s, std::size_t i, int exponent) {
  std::size_t start = i;
  std::int64_t whole = 0;
  int group_len = 0;     // digits since the number start or the last separator
  char group_sep = 0;    // the thousands separator once one was seen
  constexpr std::int64_t kMax = 100000000000000LL;  // 10^14 major units: beyond any real amount
  auto three_digits_at = [&](std::size_t j) {
    return j + 3 <= s.size() && is_digit(s[j]) && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
           (j + 3 == s.size() || !is_digit(s[j + 3]));
  };
  while (i < s.size()) {
    char c = s[i];
    if (is_digit(c)) {
      whole = whole * 10 + (c - '0');
      if (whole > kMax) return std::nullopt;
      ++group_len;
      ++i;
      continue;
    }
    // A separator followed by exactly three digits is a thousands separator, provided the
    // groups are well formed (1-3 leading digits, then groups of 3, one separator kind).
    // A lone ".ddd" is a decimal part for 3-decimal currencies only.
    bool sep = c == ',' || c == '.' || c == ' ' || c == '\'';
    bool well_formed = group_sep == 0 ? group_len <= 3 : (group_sep == c && group_len == 3);
    bool decimal_dot = c == '.' && group_sep == 0 && exponent >= 3;
    if (sep && group_len > 0 && well_formed && !decimal_dot && three_digits_at(i + 1)) {
      group_sep = c;
      group_len = 0;
      ++i;
      continue;
    }
    break;
  }
  if (i == start) return std::nullopt;
  const std::int64_t scale = detail::minor_per_major_exp(exponent);
  std::int64_t frac = 0;
  // decimal part: "." unless "." groups thousands; "," only after "." groups ("1.500,50")
  bool decimal = i + 1 < s.size() && ((s[i] == '.' && group_sep != '.') || (s[i] == ',' && group_sep == '.'));
  if (decimal && is_digit(s[i + 1])) {
    std::size_t j = i + 1;
    int n = 0;
    std::int64_t f = 0;
    while (j < s.size() && is_digit(s[j])) {
      if (n < 9) f = f * 10 + (s[j] - '0');
      ++n;
      ++j;
    }
    if (n > exponent && n <= 9) {
      // more decimals than the currency has: keep them only when they are zeros ("150000.000")
      std::int64_t drop = 1;
      for (int k = exponent; k < n; ++k) drop *= 10;
      if (f % drop != 0) return std::nullopt;
      f /= drop;
      n = exponent;
    } else if (n > 9) {
      return std::nullopt;
    }
    for (int k = n; k < exponent; ++k) f *= 10;
    frac = f;
    i = j;
  }
  Number out;
  out.scaled = whole * scale + frac;
  if (i < s.size() && (s[i] == 'k' || s[i] == 'K') && (i + 1 >= s.size() || !is_alpha(s[i + 1]))) {
    out.scaled *= 1000;
    ++i;
  }
  out.end = i;
  return out;
}

std::string_view code_or_default(const char* code, std::string_view def) { return code ? std::string_view(code) : def; }

}  // namespace

int currency_exponent(std::string_view code) {
  for (const auto& c : kCurrencies)
    if (code == c.code) return c.exponent;
  return 2;
}

std::optional<MoneyValue> parse_money(std::string_view cell, std::string_view default_currency) {
  std::string_view s = trim(cell);
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s.front() == '-' || s.front() == '(') {
    negative = true;
    s = trim(s.substr(1));
    if (!s.empty() && s.back() == ')') s = trim(s.substr(0, s.size() - 1));
  }
  const char* code = nullptr;
  bool have_mark = false;
  std::size_t i = 0;
  if (std::size_t n = mark_at(s, 0, code)) {
    have_mark = true;
    i = n;
    while (i < s.size() && (s[i] == ' ' || s[i] == '.')) ++i;
  }
  if (!negative && i < s.size() && s[i] == '-') {
    negative = true;
    ++i;
  }
  std::string currency(have_mark ? code_or_default(code, default_currency) : default_currency);
  int exponent = currency_exponent(currency);
  auto num = number_at(s, i, exponent);
  if (!num) return std::nullopt;
  std::size_t j = num->end;
  while (j < s.size() && s[j] == ' ') ++j;
  if (j < s.size()) {
    if (s.substr(j) == "/=" || s.substr(j) == "/-") {
      j = s.size();
    } else if (!have_mark) {
      std::size_t n = mark_at(s, j, code);
      if (n == 0 || j + n != s.size()) return std::nullopt;
      std::string suffix_currency(code_or_default(code, default_currency));
      if (currency_exponent(suffix_currency) != exponent) num = number_at(s, i, currency_exponent(suffix_currency));
      currency = suffix_currency;
      j = s.size();
    }
  }
  if (j != s.size()) return std::nullopt;
  return MoneyValue{negative ? -num->scaled : num->scaled, currency};
}

std::optional<MoneyValue> find_money(std::string_view s, std::string_view default_currency) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* code = nullptr;
    std::size_t n = may_start_mark(s[i]) ? mark_at(s, i, code) : 0;
    if (n) {  // mark before the number: "TZS 150,000", "¥200"
      std::size_t j = i + n;
      while (j < s.size() && (s[j] == ' ' || s[j] == '.' || s[j] == ':')) ++j;
      std::string currency(code_or_default(code, default_currency));
      if (j < s.size() && is_digit(s[j])) {
        if (auto num = number_at(s, j, currency_exponent(currency))) return MoneyValue{num->scaled, currency};
      }
      i += n - 1;
      continue;
    }
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || is_alpha(s[i - 1])))) continue;
    // number before the mark: "150,000/=", "45k tsh", "200元"
    std::string_view def = default_currency;
    auto num = number_at(s, i, currency_exponent(def));
    if (!num) continue;
    std::size_t j = num->end;
    if (s.substr(j, 2) == "/=") return MoneyValue{num->scaled, std::string(def)};
    while (j < s.size() && s[j] == ' ') ++j;
    if (mark_at(s, j, code) > 0) {
      std::string currency(code_or_default(code, default_currency));
      if (currency_exponent(currency) != currency_exponent(def)) num = number_at(s, i, currency_exponent(currency));
      if (num) return MoneyValue{num->scaled, currency};
    }
    i = num->end > i ? num->end - 1 : i;
  }
  return std::nullopt;
}

std::string format_money(Money minor, std::string_view currency) {
  int exponent = currency_exponent(currency);
  const std::int64_t scale = detail::minor_per_major(currency);
  bool negative = minor < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t whole = v / static_cast<std::uint64_t>(scale), frac = v % static_cast<std::uint64_t>(scale);
  std::string digits_str = std::to_string(whole), grouped;
  for (std::size_t k = 0; k < digits_str.size(); ++k) {
    if (k && (digits_str.size() - k) % 3 == 0) grouped += ',';
    grouped += digits_str[k];
  }
  std::string out = std::string(currency) + " " + (negative ? "-" : "") + grouped;
  if (frac) {
    std::string f = std::to_string(frac);
    out += "." + std::string(static_cast<std::size_t>(exponent) - f.size(), '0') + f;
  }
  return out;
}

}  // namespace promokit::analytics
