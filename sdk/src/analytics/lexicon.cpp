// The built-in English + Swahili lexicon and the trie that matches it. Every message is
// normalised once and each word start is walked through one trie, so the cost per message is
// linear in its length whatever the number of terms.
#include "internal.hpp"

namespace promokit::analytics::detail {

namespace {

bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

// Terms as a shop in Tanzania meets them. '*' = any word starting so.
const char* const kComplaintTerms[] = {
    // English
    "complain*", "refund*", "broken", "damaged", "fake", "scam*", "cheat*", "rude", "terrible", "awful", "worst",
    "disappointed", "disappointing", "not happy", "unhappy", "not received", "never arrived", "never received",
    "still waiting", "too late", "delay*", "poor service", "bad service", "wrong order", "wrong item", "money back",
    "useless", "angry", "not working", "doesnt work", "didnt work", "unacceptable",
    // Swahili
    "malalamiko", "nalalamika", "ninalalamika", "sijapokea", "hatujapokea", "hajapokea", "sijaridhika",
    "sijafurahi", "imechelewa", "umechelewa", "mmechelewa", "mmenichelewesha", "imeharibika", "imevunjika",
    "mbovu", "huduma mbaya", "rudisha pesa", "nirudishie pesa", "nirudishiwe pesa", "wizi", "tapeli", "matapeli",
    "nimekasirika", "nimechukizwa", "haifanyi kazi", "feki", "bandia", "uongo", "mmenidanganya",
    // Chinese
    "\xE6\x8A\x95\xE8\xAF\x89", "\xE9\x80\x80\xE6\xAC\xBE", "\xE5\xA4\xAA\xE5\xB7\xAE",
    "\xE4\xB8\x8D\xE6\xBB\xA1\xE6\x84\x8F"};  // 投诉 退款 太差 不满意

const char* const kSwahiliWords[] = {
    "na", "ya", "wa", "za", "kwa", "ni", "la", "katika", "hii", "huu", "hiyo", "hizo", "sana", "nini", "gani",
    "je", "tafadhali", "asante", "asanteni", "karibu", "habari", "nataka", "naomba", "bei", "leo", "kesho", "jana",
    "mimi", "wewe", "yangu", "yako", "sasa", "lini", "wapi", "ndiyo", "hapana", "sawa", "kama", "bado", "pia",
    "tu", "vipi", "mambo", "poa", "shikamoo", "nzuri", "kuja", "huduma", "mteja", "nime*", "nina*", "nili*",
    "nita*", "tume*", "tuna*", "ume*", "una*", "hakuna", "kuna", "ipo", "iko", "mpaka", "hadi", "saa", "wiki"};

const char* const kEnglishWords[] = {
    "the", "is", "are", "and", "you", "your", "i", "my", "me", "we", "to", "for", "of", "in", "on", "it", "this",
    "that", "what", "how", "when", "where", "please", "thanks", "thank", "hello", "want", "need", "can", "could",
    "would", "will", "have", "has", "did", "do", "does", "not", "yes", "price", "today", "tomorrow", "yesterday",
    "with", "was", "be", "there", "am", "service", "customer", "week"};

const char* const kPaymentTerms[] = {
    "paid", "payment*", "receipt*", "transaction*", "bought", "purchased", "deposit*", "nimelipa", "umelipa",
    "amelipa", "tumelipa", "mmelipa", "malipo", "imepokelewa", "yamepokelewa", "tumepokea", "nimetuma",
    "risiti", "muamala", "nimenunua", "umenunua", "ununuzi",
    "\xE4\xBB\x98\xE4\xBA\x86", "\xE5\xB7\xB2\xE4\xBB\x98", "\xE4\xBB\x98\xE6\xAC\xBE",
    "\xE8\xBD\xAC\xE8\xB4\xA6"};  // 付了 已付 付款 转账

struct Named {
  const char* name;
  std::vector<const char*> terms;
};

NamedTerms from_table(const std::vector<Named>& table) {
  NamedTerms out;
  for (const auto& n : table) {
    out.names.emplace_back(n.name);
    out.terms.emplace_back(n.terms.begin(), n.terms.end());
  }
  return out;
}

}  // namespace

namespace {

// normalize_text into a buffer sized for the worst case, written through a pointer (per-byte
// std::string calls stay calls in wasm); returns the length and counts CJK lead bytes on the way.
std::size_t normalize_into(std::string_view text, std::string& out, int& cjk) {
  if (out.size() < text.size()) out.resize(text.size());
  char* o = out.data();
  std::size_t n = 0;
  bool space = true;  // collapse leading and repeated separators
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size; ++i) {
    unsigned char c = p[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (word_byte(c)) {
      if (c >= 0x80) {
        if (c == 0xE2 && i + 2 < size && p[i + 1] == 0x80 && p[i + 2] == 0x99) {  // ’ (typographic apostrophe)
          i += 2;
          continue;
        }
        cjk += c >= 0xE4 && c <= 0xE9;  // lead byte of a CJK ideograph (U+4E00..U+9FFF)
      }
      o[n++] = static_cast<char>(c);
      space = false;
    } else if (c != '\'' && !space) {
      o[n++] = ' ';
      space = true;
    }
  }
  if (n && o[n - 1] == ' ') --n;
  return n;
}

}  // namespace

void normalize_text(std::string_view text, std::string& out) {
  int cjk = 0;
  out.resize(normalize_into(text, out, cjk));
}

Lexicon::Lexicon() : nodes_(1), next_(1, 0) {}

void Lexicon::add_class(unsigned char c) {
  const std::size_t k = classes_ + 1;
  std::vector<std::uint32_t> table(nodes_.size() * k, 0);
  for (std::size_t n = 0; n < nodes_.size(); ++n)
    for (std::size_t j = 0; j < classes_; ++j) table[n * k + j] = next_[n * classes_ + j];
  next_ = std::move(table);
  class_[c] = static_cast<std::uint8_t>(classes_);
  classes_ = k;
}

void Lexicon::add(std::string_view term, TermKind kind, int id) {
  bool stem = !term.empty() && term.back() == '*';
  if (stem) term.remove_suffix(1);
  std::string norm;
  normalize_text(term, norm);
  if (norm.empty()) return;
  if (static_cast<unsigned char>(norm[0]) >= 0xE4 && static_cast<unsigned char>(norm[0]) <= 0xE9) {
    infix_.push_back({norm, kind, id});
    return;
  }
  std::uint32_t node = 0;
  std::size_t edge = 0;  // the transition into `node`
  for (unsigned char c : norm) {
    if (!class_[c]) add_class(c);  // at most 255 classes: bytes, and 0 is never in a term
    edge = node * classes_ + class_[c];
    std::uint32_t next = next_[edge] & ~kHasKinds;
    if (!next) {
      next = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
      next_.resize(nodes_.size() * classes_, 0);
      next_[edge] = next;
    }
    node = next;
  }
  next_[edge] |= kHasKinds;
  Node& n = nodes_[node];
  (stem ? n.stem : n.exact) |= kind;
  if (kind == kLocation) n.location = static_cast<std::int16_t>(id);
  if (kind == kService) n.service = static_cast<std::int16_t>(id);
}

TextFacts Lexicon::scan(std::string_view text, std::string& buf) const {
  TextFacts f;
  const std::size_t n = normalize_into(text, buf, f.cjk);
  const auto* s = reinterpret_cast<const unsigned char*>(buf.data());
  for (std::size_t start = 0; start < n;) {
    // walk the trie from this word start; terms of several words continue through spaces
    std::uint32_t next = child(0, s[start]);
    for (std::size_t j = start; next;) {
      const std::uint32_t node = next & ~kHasKinds;
      if (next & kHasKinds) {
        const Node& nd = nodes_[node];
        std::uint8_t kinds = nd.stem;
        if (j + 1 == n || s[j + 1] == ' ') kinds |= nd.exact;
        if (kinds) apply(f, kinds, nd.location, nd.service);
      }
      if (++j == n) break;
      next = child(node, s[j]);
    }
    // the next word (words are short: a loop beats a memchr call)
    do ++start;
    while (start < n && s[start] != ' ');
    ++start;
  }
  if (f.cjk) {
    std::string_view norm(buf.data(), n);
    for (const auto& t : infix_)
      if (norm.find(t.text) != std::string_view::npos) apply(f, t.kind, t.id, t.id);
  }
  return f;
}

void Lexicon::apply(TextFacts& f, std::uint8_t kinds, int location, int service) const {
  if (kinds & kComplaint) ++f.complaint;
  if (kinds & kSwahili) ++f.swahili;
  if (kinds & kEnglish) ++f.english;
  if (kinds & kPayment) f.payment = true;
  if ((kinds & kLocation) && f.location < 0) f.location = location;
  if ((kinds & kService) && f.service < 0) f.service = service;
}

NamedTerms default_locations() {
  return from_table({
      {"Dar es Salaam", {"dar es salaam", "dar", "dsm", "daressalaam", "kariakoo", "mikocheni", "masaki", "kinondoni",
                         "sinza", "mbezi", "ilala", "temeke", "posta", "ubungo"}},
      {"Arusha", {"arusha", "njiro", "sakina", "tengeru", "usa river"}},
      {"Dubai", {"dubai", "deira", "bur dubai", "jumeirah", "sharjah"}},
      {"Zanzibar", {"zanzibar", "unguja", "stone town"}},
      {"Mwanza", {"mwanza"}},
      {"Dodoma", {"dodoma"}},
      {"Moshi", {"moshi"}},
      {"Nairobi", {"nairobi"}},
  });
}

NamedTerms default_services() {
  // The demo shop is a beauty salon and spa; shops pass their own list (option "services").
  return from_table({
      {"braids", {"braid*", "kusuka", "kusukwa", "rasta", "twists", "misuko"}},
      {"hair treatment", {"hair", "nywele", "wig*", "weave", "relaxer", "dread*"}},
      {"nails", {"nail*", "manicure", "pedicure", "kucha"}},
      {"massage", {"massage*", "masaji", "spa"}},
      {"facial", {"facial*", "skin care", "ngozi"}},
      {"makeup", {"makeup", "make up", "urembo", "bridal", "harusi"}},
  });
}

NamedTerms named_terms_from_json(const Json& j, const char* option) {
  NamedTerms out;
  if (!j.is_object()) throw Error(ErrorCode::PK_ANALYTICS_OPTION, "must be an object of name -> [terms]", option);
  if (j.size() > 63) throw Error(ErrorCode::PK_ANALYTICS_OPTION, "at most 63 names", option);
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string path = path_key(option, it.key());
    if (!it.value().is_array()) throw Error(ErrorCode::PK_ANALYTICS_OPTION, "must be an array of strings", path);
    std::vector<std::string> terms;
    for (std::size_t k = 0; k < it.value().size(); ++k) {
      const Json& t = it.value()[k];
      if (!t.is_string()) throw Error(ErrorCode::PK_ANALYTICS_OPTION, "must be a string", path_index(path, k));
      terms.push_back(t.get<std::string>());
    }
    out.names.push_back(it.key());
    out.terms.push_back(std::move(terms));
  }
  return out;
}

std::vector<std::string> default_complaint_terms() { return {std::begin(kComplaintTerms), std::end(kComplaintTerms)}; }

Lexicon build_lexicon(const Options& o, const NamedTerms& locations, const NamedTerms& services) {
  Lexicon lex;
  auto complaints = o.complaint_terms.empty() ? default_complaint_terms() : o.complaint_terms;
  for (const auto& t : complaints) lex.add(t, kComplaint);
  for (const auto& t : o.extra_complaint_terms) lex.add(t, kComplaint);
  for (const char* t : kSwahiliWords) lex.add(t, kSwahili);
  for (const char* t : kEnglishWords) lex.add(t, kEnglish);
  for (const char* t : kPaymentTerms) lex.add(t, kPayment);
  for (std::size_t i = 0; i < locations.names.size(); ++i)
    for (const auto& t : locations.terms[i]) lex.add(t, kLocation, static_cast<int>(i));
  for (std::size_t i = 0; i < services.names.size(); ++i)
    for (const auto& t : services.terms[i]) lex.add(t, kService, static_cast<int>(i));
  return lex;
}

}  // namespace promokit::analytics::detail
