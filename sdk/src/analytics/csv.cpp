// RFC 4180 reader as a byte state machine: chunks may split a row, a quote or a CRLF anywhere,
// and memory stays at one row (capped at max_row_bytes; a longer row is skipped, not stored).
#include <cstdint>
#include <cstring>

#include "promokit/analytics.hpp"

namespace promokit::analytics {

namespace {
constexpr unsigned char kBom[] = {0xEF, 0xBB, 0xBF};

// The first '"' in [p, end) (nullptr: none), adding the line breaks before it to `newlines`:
// one pass, 8 bytes a step while a word holds neither byte (messages are long, quotes and line
// breaks in them rare).
const char* closing_quote(const char* p, const char* end, std::uint32_t& newlines) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  const auto has = [](std::uint64_t w, unsigned char c) {
    const std::uint64_t x = w ^ (kOnes * c);
    return (x - kOnes) & ~x & kHigh;  // nonzero iff some byte of w is c
  };
  for (;;) {
    for (std::uint64_t w; end - p >= 8; p += 8) {
      std::memcpy(&w, p, 8);
      if (has(w, '"') | has(w, '\n')) break;
    }
    for (const char* stop = end - p >= 8 ? p + 8 : end; p < stop; ++p) {
      if (*p == '"') return p;
      newlines += *p == '\n';
    }
    if (p == end) return nullptr;
  }
}

// The end of an unquoted field: the delimiter, a line end, or the end of the chunk.
const char* unquoted_end(const char* q, const char* end, char delimiter) {
  while (q < end && *q != delimiter && *q != '\n' && *q != '\r') ++q;
  return q;
}
}  // namespace

CsvReader::CsvReader(char delimiter, std::size_t max_row_bytes) : delimiter_(delimiter), max_row_bytes_(max_row_bytes) {}

void CsvReader::append(const char* p, std::size_t n) {
  if (n == 0) return;
  row_has_bytes_ = true;
  if (row_error_ == ErrorCode::PK_CSV_ROW_TOO_LONG) return;
  if (buf_.size() + n > max_row_bytes_) {
    row_error_ = ErrorCode::PK_CSV_ROW_TOO_LONG;
    buf_.clear();
    ends_.clear();
    return;
  }
  buf_.append(p, n);
}

void CsvReader::end_field() {
  if (row_error_ != ErrorCode::PK_CSV_ROW_TOO_LONG) ends_.push_back(static_cast<std::uint32_t>(buf_.size()));
}

void CsvReader::end_row(CsvRowHandler& handler) {
  if (row_has_bytes_) {
    end_field();
    row_.line = row_line_;
    row_.error = row_error_;
    row_.fields.clear();
    if (row_error_ == ErrorCode::PK_OK) {
      std::uint32_t begin = 0;
      for (auto end : ends_) {
        row_.fields.emplace_back(buf_.data() + begin, end - begin);
        begin = end;
      }
    }
    handler.row(row_);
  }
  buf_.clear();
  ends_.clear();
  row_has_bytes_ = false;
  row_error_ = ErrorCode::PK_OK;
  row_line_ = line_;
}

// The common row: wholly inside the chunk, no "" inside quotes, no text after a closing quote,
// not empty, within max_row_bytes. Its fields are delivered as views into the chunk (no copy);
// false leaves p and the reader as they were, and the state machine reads the row.
bool CsvReader::whole_row(const char*& p, const char* end, CsvRowHandler& handler) {
  const char* q = p;
  if (q == end || *q == '\n' || *q == '\r') return false;
  std::uint32_t newlines = 0;
  row_.fields.clear();
  for (;;) {
    if (q < end && *q == '"') {
      const char* close = closing_quote(q + 1, end, newlines);
      if (!close || close + 1 == end || close[1] == '"') return false;
      row_.fields.emplace_back(q + 1, static_cast<std::size_t>(close - q - 1));
      q = close + 1;
      if (*q != delimiter_ && *q != '\n' && *q != '\r') return false;
    } else {
      const char* f = q;
      q = unquoted_end(q, end, delimiter_);
      if (q == end) return false;
      row_.fields.emplace_back(f, static_cast<std::size_t>(q - f));
    }
    if (static_cast<std::size_t>(q - p) > max_row_bytes_) return false;
    const char c = *q++;
    if (c == delimiter_) continue;
    if (c == '\r') {
      if (q == end) return false;  // a "\n" may follow in the next chunk
      if (*q == '\n') ++q;
    }
    break;
  }
  row_.line = row_line_;
  row_.error = ErrorCode::PK_OK;
  handler.row(row_);
  line_ += newlines + 1;
  row_line_ = line_;
  p = q;
  return true;
}

void CsvReader::feed(std::string_view chunk, CsvRowHandler& handler) {
  const char* p = chunk.data();
  const char* end = p + chunk.size();
  // A BOM is only meaningful as the first three bytes of the stream; it may arrive split.
  while (bom_checked_ < 3 && p < end) {
    if (static_cast<unsigned char>(*p) != kBom[bom_checked_]) {
      // Not a BOM: replay the matched prefix as data (only possible for bytes EF or EF BB).
      std::string prefix(reinterpret_cast<const char*>(kBom), bom_checked_);
      bom_checked_ = 3;
      if (!prefix.empty()) feed(prefix, handler);
      break;
    }
    ++bom_checked_;
    ++p;
  }
  while (p < end) {
    if (state_ == State::FieldStart && !row_has_bytes_ && whole_row(p, end, handler)) continue;
    char c = *p;
    switch (state_) {
      case State::AfterCR:
        state_ = State::FieldStart;
        if (c == '\n') { ++p; continue; }
        [[fallthrough]];
      case State::FieldStart:
        if (c == '"') {
          row_has_bytes_ = true;
          state_ = State::Quoted;
          ++p;
          continue;
        }
        state_ = State::Unquoted;
        [[fallthrough]];
      case State::Unquoted: {
        const char* q = unquoted_end(p, end, delimiter_);
        append(p, static_cast<std::size_t>(q - p));
        p = q;
        if (p == end) continue;
        c = *p++;
        if (c == delimiter_) {
          row_has_bytes_ = true;
          end_field();
          state_ = State::FieldStart;
        } else {
          ++line_;
          state_ = c == '\r' ? State::AfterCR : State::FieldStart;
          end_row(handler);
        }
        continue;
      }
      case State::Quoted: {
        const char* q = p;
        while (q < end && *q != '"') {
          if (*q == '\n') ++line_;
          ++q;
        }
        append(p, static_cast<std::size_t>(q - p));
        p = q;
        if (p < end) {
          state_ = State::QuoteInQuoted;
          ++p;
        }
        continue;
      }
      case State::QuoteInQuoted:
        if (c == '"') {  // "" is an escaped quote
          append(p, 1);
          state_ = State::Quoted;
          ++p;
        } else if (c == delimiter_ || c == '\n' || c == '\r') {
          state_ = State::Unquoted;  // the delimiter / line end is handled there
        } else {
          // Text after a closing quote: RFC 4180 forbids it; the row is reported, reading goes on.
          if (row_error_ == ErrorCode::PK_OK) row_error_ = ErrorCode::PK_CSV_SYNTAX;
          state_ = State::Unquoted;
        }
        continue;
    }
  }
}

void CsvReader::finish(CsvRowHandler& handler) {
  if (bom_checked_ < 3 && bom_checked_ > 0) {
    std::string prefix(reinterpret_cast<const char*>(kBom), bom_checked_);
    bom_checked_ = 3;
    feed(prefix, handler);
  }
  // An unclosed quote swallowed the rest of the input: that row is malformed.
  if (state_ == State::Quoted && row_error_ == ErrorCode::PK_OK) row_error_ = ErrorCode::PK_CSV_SYNTAX;
  end_row(handler);
  state_ = State::FieldStart;
}

}  // namespace promokit::analytics
