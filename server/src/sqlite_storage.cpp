// The SQLite backend: WAL mode, one writer thread that groups concurrent transactions into one
// commit (each in its own savepoint, so one failing request undoes only its own changes), and
// read-only connections for readers, one per thread, which WAL lets run beside the writer.
#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "storage.hpp"

namespace pkserver {
namespace {

class SqliteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) { sqlite3_reset(stmt_); sqlite3_clear_bindings(stmt_); }
  ~Statement() { sqlite3_reset(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(const std::string& v) { check(sqlite3_bind_text(stmt_, ++arg_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT)); return *this; }
  Statement& bind(const char* v) { return bind(std::string(v)); }
  Statement& bind(std::int64_t v) { check(sqlite3_bind_int64(stmt_, ++arg_, v)); return *this; }
  Statement& bind(std::optional<std::int64_t> v) {
    if (v) return bind(*v);
    check(sqlite3_bind_null(stmt_, ++arg_));
    return *this;
  }
  bool step() {  // true while there is a row
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqliteError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void run() { while (step()) {} }
  std::string text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void check(int rc) { if (rc != SQLITE_OK) throw SqliteError(std::string("sqlite bind: ") + sqlite3_errmsg(db_)); }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int arg_ = 0;
};

class Connection {
 public:
  Connection(const std::string& path, bool readonly) {
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw SqliteError("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw SqliteError("sqlite: " + msg + " in: " + sql.substr(0, 60));
    }
  }
  Statement prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        throw SqliteError(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
      it = cache_.emplace(sql, stmt).first;
    }
    return Statement(db_, it->second);
  }
  std::int64_t changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;  // keyed by the SQL text
};

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  json TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS documents_version ON documents (version);
CREATE TABLE IF NOT EXISTS customers (
  id TEXT PRIMARY KEY, profile TEXT NOT NULL DEFAULT '{}', points INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS claims (
  id TEXT PRIMARY KEY, offer_id TEXT NOT NULL, customer_id TEXT NOT NULL, day TEXT NOT NULL,
  status TEXT NOT NULL, token TEXT NOT NULL, created_at INTEGER NOT NULL, expiry INTEGER NOT NULL,
  redeemed_at INTEGER, redemption_id TEXT, store TEXT, code TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_customer ON claims (customer_id, offer_id, day);
CREATE UNIQUE INDEX IF NOT EXISTS claims_code ON claims (offer_id, code) WHERE code <> '';
CREATE TABLE IF NOT EXISTS offer_counts (
  offer_id TEXT PRIMARY KEY, claims INTEGER NOT NULL DEFAULT 0, redemptions INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS offer_events (
  offer_id TEXT NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (offer_id, type));
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, type TEXT NOT NULL, offer_id TEXT NOT NULL,
  time INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger (
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, delta INTEGER NOT NULL, balance INTEGER NOT NULL,
  reason TEXT NOT NULL, ref TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_customer ON ledger (customer_id, at);
CREATE TABLE IF NOT EXISTS tickets (
  id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, pool_version INTEGER NOT NULL, customer_id TEXT NOT NULL,
  status TEXT NOT NULL, issued_at INTEGER NOT NULL, expiry INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS game_states (
  customer_id TEXT NOT NULL, pool_id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (customer_id, pool_id));
CREATE TABLE IF NOT EXISTS prize_grants (
  pool_id TEXT NOT NULL, prize_id TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (pool_id, prize_id));
CREATE INDEX IF NOT EXISTS events_time ON events (time);
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
  scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
  content_type TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (scope, key));
CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
CREATE INDEX IF NOT EXISTS events_customer ON events (customer_id, time);
CREATE TABLE IF NOT EXISTS notify_states (customer_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, key TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL,
  template_id TEXT NOT NULL, offer_id TEXT NOT NULL, text TEXT NOT NULL, locale TEXT NOT NULL, status TEXT NOT NULL,
  attempts INTEGER NOT NULL, error TEXT NOT NULL, created_at INTEGER NOT NULL, due_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL, sent_at INTEGER, read_at INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS outbox_occurrence ON outbox (customer_id, key);
-- Pushes waiting for delivery; unread in-app messages (also "pending") stay out of it.
DROP INDEX IF EXISTS outbox_pending;
CREATE INDEX IF NOT EXISTS outbox_pushes ON outbox (channel, next_attempt_at) WHERE status = 'pending' AND channel <> 'inApp';
)sql";

std::int64_t meta_int(Connection& c, const char* key) {
  auto s = c.prepare("SELECT value FROM meta WHERE key = ?");
  s.bind(key);
  return s.step() ? std::stoll(s.text(0)) : 0;
}

ClaimRecord read_claim(const Statement& s) {
  ClaimRecord c;
  c.id = s.text(0); c.offer_id = s.text(1); c.customer_id = s.text(2); c.day = s.text(3);
  c.status = s.text(4); c.token = s.text(5); c.created_at = s.integer(6); c.expiry = s.integer(7);
  if (!s.is_null(8)) c.redeemed_at = s.integer(8);
  c.redemption_id = s.text(9); c.store = s.text(10); c.code = s.text(11);
  return c;
}
OutboxRecord read_outbox(const Statement& s) {
  OutboxRecord r;
  r.id = s.text(0); r.customer_id = s.text(1); r.key = s.text(2); r.channel = s.text(3); r.kind = s.text(4);
  r.template_id = s.text(5); r.offer_id = s.text(6); r.text = s.text(7); r.locale = s.text(8); r.status = s.text(9);
  r.attempts = s.integer(10); r.error = s.text(11); r.created_at = s.integer(12); r.due_at = s.integer(13);
  r.next_attempt_at = s.integer(14);
  if (!s.is_null(15)) r.sent_at = s.integer(15);
  if (!s.is_null(16)) r.read_at = s.integer(16);
  return r;
}
#define PK_OUTBOX_COLUMNS \
  "id, customer_id, key, channel, kind, template_id, offer_id, text, locale, status, attempts, error, created_at, due_at, " \
  "next_attempt_at, sent_at, read_at"

#define PK_CLAIM_COLUMNS "id, offer_id, customer_id, day, status, token, created_at, expiry, redeemed_at, redemption_id, store, code"

// One class serves both kinds of transaction; readers only ever see it as a ReadTx, over a
// connection opened read-only.
class SqliteTx final : public WriteTx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  std::int64_t catalog_version() override { return meta_int(c_, "catalog_version"); }

  std::vector<StoredDocument> documents(std::int64_t since) override {
    std::vector<StoredDocument> out;
    auto s = c_.prepare("SELECT kind, id, version, deleted, json FROM documents WHERE version > ? ORDER BY kind, id");
    s.bind(since);
    while (s.step()) out.push_back({s.text(0), s.text(1), s.integer(2), s.integer(3) != 0, s.text(4)});
    return out;
  }
  std::optional<StoredDocument> document(const std::string& kind, const std::string& id) override {
    auto s = c_.prepare("SELECT version, json FROM documents WHERE kind = ? AND id = ? AND deleted = 0");
    s.bind(kind).bind(id);
    if (!s.step()) return std::nullopt;
    return StoredDocument{kind, id, s.integer(0), false, s.text(1)};
  }
  std::optional<CustomerRecord> customer(const std::string& id) override {
    auto s = c_.prepare("SELECT profile, points, revision FROM customers WHERE id = ?");
    s.bind(id);
    if (!s.step()) return std::nullopt;
    return CustomerRecord{id, s.text(0), s.integer(1), s.integer(2)};
  }
  std::int64_t customer_revision(const std::string& id) override {
    auto s = c_.prepare("SELECT revision FROM customers WHERE id = ?");
    s.bind(id);
    return s.step() ? s.integer(0) : 0;
  }
  std::int64_t profiles_revision() override { return meta_int(c_, "profiles_revision"); }
  void each_profile(const std::function<void(const std::string&)>& fn) override {
    auto s = c_.prepare("SELECT profile FROM customers WHERE profile <> '{}' ORDER BY id");
    while (s.step()) fn(s.text(0));
  }
  std::vector<CustomerRecord> customers_after(const std::string& after, std::size_t limit) override {
    std::vector<CustomerRecord> out;
    auto s = c_.prepare("SELECT id, profile, points, revision FROM customers WHERE profile <> '{}' AND id > ? ORDER BY id LIMIT ?");
    s.bind(after);
    s.bind(static_cast<std::int64_t>(limit));
    while (s.step()) out.push_back(CustomerRecord{s.text(0), s.text(1), s.integer(2), s.integer(3)});
    return out;
  }
  std::vector<ClaimRecord> claims_of(const std::string& customer_id) override {
    std::vector<ClaimRecord> out;
    auto s = c_.prepare("SELECT " PK_CLAIM_COLUMNS " FROM claims WHERE customer_id = ? ORDER BY created_at, id");
    s.bind(customer_id);
    while (s.step()) out.push_back(read_claim(s));
    return out;
  }
  std::optional<ClaimRecord> claim(const std::string& id) override {
    auto s = c_.prepare("SELECT " PK_CLAIM_COLUMNS " FROM claims WHERE id = ?");
    s.bind(id);
    if (!s.step()) return std::nullopt;
    return read_claim(s);
  }
  std::vector<LedgerEntry> ledger(const std::string& customer_id, std::size_t limit) override {
    std::vector<LedgerEntry> out;
    auto s = c_.prepare("SELECT id, reason, ref, delta, balance, at FROM ledger WHERE customer_id = ? ORDER BY at DESC, rowid DESC LIMIT ?");
    s.bind(customer_id).bind(static_cast<std::int64_t>(limit));
    while (s.step()) out.push_back({s.text(0), customer_id, s.text(1), s.text(2), s.integer(3), s.integer(4), s.integer(5)});
    return out;
  }
  OfferCounts offer_counts(const std::string& offer_id) override {
    OfferCounts out;
    {
      auto s = c_.prepare("SELECT claims, redemptions FROM offer_counts WHERE offer_id = ?");
      s.bind(offer_id);
      if (s.step()) { out.claims = s.integer(0); out.redemptions = s.integer(1); }
    }
    auto s = c_.prepare("SELECT type, count FROM offer_events WHERE offer_id = ? ORDER BY type");
    s.bind(offer_id);
    while (s.step()) out.events.emplace_back(s.text(0), s.integer(1));
    return out;
  }
  std::optional<TicketRecord> ticket(const std::string& id) override {
    auto s = c_.prepare("SELECT pool_id, customer_id, status, pool_version, issued_at, expiry, json FROM tickets WHERE id = ?");
    s.bind(id);
    if (!s.step()) return std::nullopt;
    return TicketRecord{id, s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4), s.integer(5), s.text(6)};
  }
  std::optional<std::string> game_state(const std::string& customer_id, const std::string& pool_id) override {
    auto s = c_.prepare("SELECT json FROM game_states WHERE customer_id = ? AND pool_id = ?");
    s.bind(customer_id).bind(pool_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }
  std::int64_t prizes_granted(const std::string& pool_id, const std::string& prize_id) override {
    auto s = c_.prepare("SELECT count FROM prize_grants WHERE pool_id = ? AND prize_id = ?");
    s.bind(pool_id).bind(prize_id);
    return s.step() ? s.integer(0) : 0;
  }
  std::map<std::string, OfferCounts> all_offer_counts() override {
    std::map<std::string, OfferCounts> out;
    {
      auto s = c_.prepare("SELECT offer_id, claims, redemptions FROM offer_counts");
      while (s.step()) {
        OfferCounts& c = out[s.text(0)];
        c.claims = s.integer(1);
        c.redemptions = s.integer(2);
      }
    }
    auto s = c_.prepare("SELECT offer_id, type, count FROM offer_events ORDER BY offer_id, type");
    while (s.step()) out[s.text(0)].events.emplace_back(s.text(1), s.integer(2));
    return out;
  }
  void each_event(const std::function<void(const std::string&)>& fn) override {
    auto s = c_.prepare("SELECT json FROM events ORDER BY time, id");
    while (s.step()) fn(s.text(0));
  }
  std::vector<EventRecord> events_of(const std::string& customer_id) override {
    std::vector<EventRecord> out;
    auto s = c_.prepare("SELECT id, type, offer_id, time, json FROM events WHERE customer_id = ? ORDER BY time, id");
    s.bind(customer_id);
    while (s.step()) out.push_back({s.text(0), customer_id, s.text(1), s.text(2), s.integer(3), s.text(4)});
    return out;
  }
  std::optional<std::string> notify_state(const std::string& customer_id) override {
    auto s = c_.prepare("SELECT json FROM notify_states WHERE customer_id = ?");
    s.bind(customer_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }
  std::vector<OutboxRecord> outbox(const OutboxQuery& q) override {
    std::vector<OutboxRecord> out;
    // One statement for every filter: an empty filter value matches everything.
    // pushes_due reads the outbox_pushes index (one channel); a shopper's listing (the in-app
    // inbox) the (customer_id, key) index; only the admin's unfiltered listing scans.
    auto s = q.pushes_due
                 ? c_.prepare("SELECT " PK_OUTBOX_COLUMNS " FROM outbox WHERE status = 'pending' AND channel <> 'inApp' "
                              "AND channel = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
             : !q.customer_id.empty()
                 ? c_.prepare("SELECT " PK_OUTBOX_COLUMNS " FROM outbox WHERE customer_id = ? AND (? = '' OR status = ?) "
                              "AND (? = '' OR channel = ?) AND (? IS NULL OR due_at <= ?) AND id > ? ORDER BY id LIMIT ?")
                 : c_.prepare("SELECT " PK_OUTBOX_COLUMNS " FROM outbox WHERE (? = '' OR status = ?) "
                              "AND (? = '' OR channel = ?) AND (? IS NULL OR due_at <= ?) AND id > ? ORDER BY id LIMIT ?");
    if (q.pushes_due) {
      s.bind(q.channel).bind(q.at);
    } else {
      if (!q.customer_id.empty()) s.bind(q.customer_id);
      s.bind(q.status).bind(q.status).bind(q.channel).bind(q.channel)
          .bind(q.due_by).bind(q.due_by).bind(q.after);
    }
    s.bind(static_cast<std::int64_t>(q.limit));
    while (s.step()) out.push_back(read_outbox(s));
    return out;
  }
  std::optional<OutboxRecord> outbox_item(const std::string& id) override {
    auto s = c_.prepare("SELECT " PK_OUTBOX_COLUMNS " FROM outbox WHERE id = ?");
    s.bind(id);
    if (!s.step()) return std::nullopt;
    return read_outbox(s);
  }
  std::optional<std::string> meta(const std::string& key) override {
    auto s = c_.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }

  std::uint64_t sequence(const std::string& name) override {
    auto s = c_.prepare("SELECT next FROM sequences WHERE name = ?");
    s.bind(name);
    return s.step() ? static_cast<std::uint64_t>(s.integer(0)) : 0;
  }

  void nested(const std::function<void()>& fn) override {
    std::string name = "n" + std::to_string(++depth_);
    c_.exec("SAVEPOINT " + name);
    try {
      fn();
    } catch (...) {
      c_.exec("ROLLBACK TO " + name);
      c_.exec("RELEASE " + name);
      --depth_;
      throw;
    }
    c_.exec("RELEASE " + name);
    --depth_;
  }

  std::optional<StoredAnswer> answer(const std::string& scope, const std::string& key) override {
    auto s = c_.prepare("SELECT request_hash, status, content_type, body FROM answers WHERE scope = ? AND key = ?");
    s.bind(scope).bind(key);
    if (!s.step()) return std::nullopt;
    return StoredAnswer{s.text(0), Answer{static_cast<int>(s.integer(1)), s.text(3), s.text(2)}};
  }
  void save_answer(const std::string& scope, const std::string& key, const StoredAnswer& a, Millis now) override {
    c_.prepare("INSERT INTO answers (scope, key, request_hash, status, content_type, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(scope).bind(key).bind(a.request_hash).bind(std::int64_t{a.answer.status}).bind(a.answer.content_type)
        .bind(a.answer.body).bind(now).run();
  }
  std::size_t purge_answers(Millis older_than) override {
    c_.prepare("DELETE FROM answers WHERE at < ?").bind(older_than).run();
    return static_cast<std::size_t>(c_.changes());
  }

  std::int64_t put_document(const std::string& kind, const std::string& id, const std::string& json) override {
    std::int64_t v = bump("catalog_version");
    c_.prepare("INSERT INTO documents (kind, id, version, deleted, json) VALUES (?, ?, ?, 0, ?) "
               "ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, deleted = 0, json = excluded.json")
        .bind(kind).bind(id).bind(v).bind(json).run();
    return v;
  }
  std::int64_t delete_document(const std::string& kind, const std::string& id) override {
    if (!document(kind, id)) return 0;
    std::int64_t v = bump("catalog_version");
    c_.prepare("UPDATE documents SET version = ?, deleted = 1, json = '' WHERE kind = ? AND id = ?").bind(v).bind(kind).bind(id).run();
    return v;
  }

  std::int64_t count_claims(const std::string& offer_id) override {
    auto s = c_.prepare("SELECT claims FROM offer_counts WHERE offer_id = ?");
    s.bind(offer_id);
    return s.step() ? s.integer(0) : 0;
  }
  std::int64_t count_claims(const std::string& offer_id, const std::string& customer_id) override {
    auto s = c_.prepare("SELECT count(*) FROM claims WHERE customer_id = ? AND offer_id = ?");
    s.bind(customer_id).bind(offer_id);
    s.step();
    return s.integer(0);
  }
  std::int64_t count_claims(const std::string& offer_id, const std::string& customer_id, const std::string& day) override {
    auto s = c_.prepare("SELECT count(*) FROM claims WHERE customer_id = ? AND offer_id = ? AND day = ?");
    s.bind(customer_id).bind(offer_id).bind(day);
    s.step();
    return s.integer(0);
  }
  bool code_used(const std::string& offer_id, const std::string& code) override {
    auto s = c_.prepare("SELECT 1 FROM claims WHERE offer_id = ? AND code = ?");
    s.bind(offer_id).bind(code);
    return s.step();
  }
  void insert_claim(const ClaimRecord& c) override {
    c_.prepare("INSERT INTO claims (" PK_CLAIM_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', ?)")
        .bind(c.id).bind(c.offer_id).bind(c.customer_id).bind(c.day).bind(c.status).bind(c.token).bind(c.created_at)
        .bind(c.expiry).bind(c.code).run();
    c_.prepare("INSERT INTO offer_counts (offer_id, claims) VALUES (?, 1) ON CONFLICT (offer_id) DO UPDATE SET claims = claims + 1")
        .bind(c.offer_id).run();
    touch_customer(c.customer_id);
  }
  void mark_redeemed(const std::string& claim_id, const std::string& redemption_id, const std::string& store, Millis at) override {
    auto c = claim(claim_id);
    if (!c) throw SqliteError("mark_redeemed: no claim " + claim_id);
    c_.prepare("UPDATE claims SET status = 'redeemed', redeemed_at = ?, redemption_id = ?, store = ? WHERE id = ?")
        .bind(at).bind(redemption_id).bind(store).bind(claim_id).run();
    c_.prepare("INSERT INTO offer_counts (offer_id, redemptions) VALUES (?, 1) ON CONFLICT (offer_id) DO UPDATE SET redemptions = redemptions + 1")
        .bind(c->offer_id).run();
    touch_customer(c->customer_id);
  }

  bool insert_event(const EventRecord& e) override {
    c_.prepare("INSERT OR IGNORE INTO events (id, customer_id, type, offer_id, time, json) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(e.id).bind(e.customer_id).bind(e.type).bind(e.offer_id).bind(e.time).bind(e.json).run();
    if (c_.changes() == 0) return false;
    if (!e.offer_id.empty())
      c_.prepare("INSERT INTO offer_events (offer_id, type, count) VALUES (?, ?, 1) "
                 "ON CONFLICT (offer_id, type) DO UPDATE SET count = count + 1")
          .bind(e.offer_id).bind(e.type).run();
    return true;
  }

  void put_profile(const std::string& customer_id, const std::string& json) override {
    c_.prepare("INSERT INTO customers (id, profile, revision) VALUES (?, ?, 1) "
               "ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, revision = revision + 1")
        .bind(customer_id).bind(json).run();
    bump("profiles_revision");
  }
  bool add_ledger_entry(LedgerEntry& e) override {
    {
      auto s = c_.prepare("SELECT 1 FROM ledger WHERE id = ?");
      s.bind(e.id);
      if (s.step()) return false;
    }
    c_.prepare("INSERT INTO customers (id, points, revision) VALUES (?, ?, 1) "
               "ON CONFLICT (id) DO UPDATE SET points = points + excluded.points, revision = revision + 1")
        .bind(e.customer_id).bind(e.delta).run();
    auto s = c_.prepare("SELECT points FROM customers WHERE id = ?");
    s.bind(e.customer_id);
    s.step();
    e.balance = s.integer(0);
    c_.prepare("INSERT INTO ledger (id, customer_id, delta, balance, reason, ref, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(e.id).bind(e.customer_id).bind(e.delta).bind(e.balance).bind(e.reason).bind(e.ref).bind(e.at).run();
    return true;
  }
  void touch_customer(const std::string& customer_id) override {
    c_.prepare("INSERT INTO customers (id, revision) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET revision = revision + 1")
        .bind(customer_id).run();
  }

  void insert_ticket(const TicketRecord& t) override {
    c_.prepare("INSERT INTO tickets (id, pool_id, pool_version, customer_id, status, issued_at, expiry, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(t.id).bind(t.pool_id).bind(t.pool_version).bind(t.customer_id).bind(t.status).bind(t.issued_at)
        .bind(t.expiry).bind(t.json).run();
  }
  void set_ticket_status(const std::string& id, const std::string& status) override {
    c_.prepare("UPDATE tickets SET status = ? WHERE id = ?").bind(status).bind(id).run();
  }

  void put_game_state(const std::string& customer_id, const std::string& pool_id, const std::string& json) override {
    c_.prepare("INSERT INTO game_states (customer_id, pool_id, json) VALUES (?, ?, ?) "
               "ON CONFLICT (customer_id, pool_id) DO UPDATE SET json = excluded.json")
        .bind(customer_id).bind(pool_id).bind(json).run();
  }
  void add_prize_granted(const std::string& pool_id, const std::string& prize_id) override {
    c_.prepare("INSERT INTO prize_grants (pool_id, prize_id, count) VALUES (?, ?, 1) "
               "ON CONFLICT (pool_id, prize_id) DO UPDATE SET count = count + 1")
        .bind(pool_id).bind(prize_id).run();
  }

  void put_notify_state(const std::string& customer_id, const std::string& json) override {
    c_.prepare("INSERT INTO notify_states (customer_id, json) VALUES (?, ?) "
               "ON CONFLICT (customer_id) DO UPDATE SET json = excluded.json")
        .bind(customer_id).bind(json).run();
  }
  bool insert_outbox(const OutboxRecord& r) override {
    c_.prepare("INSERT OR IGNORE INTO outbox (" PK_OUTBOX_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(r.id).bind(r.customer_id).bind(r.key).bind(r.channel).bind(r.kind).bind(r.template_id).bind(r.offer_id)
        .bind(r.text).bind(r.locale).bind(r.status).bind(r.attempts).bind(r.error).bind(r.created_at).bind(r.due_at)
        .bind(r.next_attempt_at).bind(r.sent_at).bind(r.read_at).run();
    return c_.changes() > 0;
  }
  void update_outbox(const OutboxRecord& r) override {
    c_.prepare("UPDATE outbox SET status = ?, attempts = ?, error = ?, next_attempt_at = ?, sent_at = ?, read_at = ? WHERE id = ?")
        .bind(r.status).bind(r.attempts).bind(r.error).bind(r.next_attempt_at).bind(r.sent_at).bind(r.read_at).bind(r.id).run();
  }

  std::uint64_t reserve_sequence(const std::string& name, std::uint64_t count) override {
    auto s = c_.prepare("INSERT INTO sequences (name, next) VALUES (?, ?) "
                        "ON CONFLICT (name) DO UPDATE SET next = next + excluded.next RETURNING next");
    s.bind(name).bind(static_cast<std::int64_t>(count));
    s.step();
    return static_cast<std::uint64_t>(s.integer(0)) - count;
  }
  void set_meta(const std::string& key, const std::string& value) override {
    c_.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key).bind(value).run();
  }

 private:
  std::int64_t bump(const char* key) {
    auto s = c_.prepare("INSERT INTO meta (key, value) VALUES (?, '1') "
                        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value");
    s.bind(key);
    s.step();
    return std::stoll(s.text(0));
  }

  Connection& c_;
  int depth_ = 0;
};

class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(const SqliteOptions& o) : options_(o) {
    if (o.synchronous != "full" && o.synchronous != "normal")
      throw std::invalid_argument("synchronous must be \"full\" or \"normal\"");
    writer_conn_ = std::make_unique<Connection>(o.path, false);
    writer_conn_->exec("PRAGMA journal_mode = WAL");
    writer_conn_->exec("PRAGMA synchronous = " + o.synchronous);
    writer_conn_->exec("PRAGMA foreign_keys = ON");
    writer_conn_->exec(kSchema);
    writer_ = std::thread([this] { run_writer(); });
  }
  ~SqliteStorage() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    writer_.join();
    std::lock_guard<std::mutex> lock(readers_mutex_);
    readers_.clear();
  }

  void write(const std::function<void(WriteTx&)>& fn) override {
    Job job{&fn, false, nullptr};
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (stopping_) throw SqliteError("storage is shutting down");
      queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait(lock, [&] { return job.done; });
    if (job.error) std::rethrow_exception(job.error);
  }

  void read(const std::function<void(ReadTx&)>& fn) override {
    std::unique_ptr<Connection> conn = take_reader();
    try {
      conn->exec("BEGIN");
      SqliteTx tx(*conn);
      fn(tx);
      conn->exec("COMMIT");
    } catch (...) {
      try { conn->exec("ROLLBACK"); } catch (...) {}
      give_back(std::move(conn));
      throw;
    }
    give_back(std::move(conn));
  }

  std::string describe() const override {
    return "sqlite " + options_.path + " (WAL, synchronous=" + options_.synchronous + ", group commit up to " +
           std::to_string(options_.max_batch) + ")";
  }

 private:
  struct Job {
    const std::function<void(WriteTx&)>* fn;
    bool done = false;
    std::exception_ptr error;
  };

  void run_writer() {
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        while (!queue_.empty() && batch.size() < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      commit_batch(batch);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (Job* j : batch) j->done = true;
      }
      done_cv_.notify_all();
    }
  }

  void commit_batch(const std::vector<Job*>& batch) {
    Connection& c = *writer_conn_;
    try {
      c.exec("BEGIN IMMEDIATE");
    } catch (...) {
      for (Job* j : batch) j->error = std::current_exception();
      return;
    }
    SqliteTx tx(c);
    for (Job* j : batch) {
      try {
        tx.nested([&] { (*j->fn)(tx); });
      } catch (...) {
        j->error = std::current_exception();
      }
    }
    try {
      c.exec("COMMIT");
    } catch (...) {
      auto error = std::current_exception();
      try { c.exec("ROLLBACK"); } catch (...) {}
      for (Job* j : batch) j->error = error;
    }
  }

  std::unique_ptr<Connection> take_reader() {
    {
      std::lock_guard<std::mutex> lock(readers_mutex_);
      if (!readers_.empty()) {
        auto c = std::move(readers_.back());
        readers_.pop_back();
        return c;
      }
    }
    return std::make_unique<Connection>(options_.path, true);
  }
  void give_back(std::unique_ptr<Connection> c) {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    readers_.push_back(std::move(c));
  }

  SqliteOptions options_;
  std::unique_ptr<Connection> writer_conn_;
  std::thread writer_;
  std::mutex mutex_;
  std::condition_variable queue_cv_, done_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const SqliteOptions& options) {
  return std::make_unique<SqliteStorage>(options);
}

}  // namespace pkserver
