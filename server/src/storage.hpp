#pragma once
// What the server stores, behind an interface: handlers speak in domain operations (documents,
// claims, events, ledger entries, idempotent answers) inside transactions, never in SQL, so a
// PostgreSQL backend can replace SQLite without touching them (docs/server-api.md, "Storage").
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pkserver {

using Millis = std::int64_t;

// One HTTP answer as the idempotency store keeps it.
struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

struct StoredAnswer {
  std::string request_hash;  // what the first request carried (method, path, body)
  Answer answer;
};

// Admin documents: kind is "offers", "prize-pools", "segments", "challenges" or "templates".
// Every write bumps the catalog version and stamps the document with it; a delete leaves a
// tombstone so `since` deltas can name what was removed.
struct StoredDocument {
  std::string kind, id;
  std::int64_t version = 0;
  bool deleted = false;
  std::string json;  // empty for a tombstone
};

struct ClaimRecord {
  std::string id, offer_id, customer_id;
  std::string day;     // local calendar day of the claim in the offer's zone (per-day limits)
  std::string code;    // the voucher code it was claimed with, if any (unique codes are single use)
  std::string status;  // "claimed" | "redeemed"
  std::string token;
  Millis created_at = 0, expiry = 0;
  std::optional<Millis> redeemed_at;
  std::string redemption_id, store;
};

struct LedgerEntry {
  std::string id, customer_id, reason, ref;
  std::int64_t delta = 0, balance = 0;  // balance after this entry
  Millis at = 0;
};

struct CustomerRecord {
  std::string id;
  std::string profile_json;  // the stored profile document ("{}" for a shopper only seen by id)
  std::int64_t points = 0;   // ledger balance
  std::int64_t revision = 0; // bumped by every change to the profile, wallet or ledger
};

struct EventRecord {
  std::string id, customer_id, type, offer_id;
  Millis time = 0;
  std::string json;
};

struct TicketRecord {
  std::string id, pool_id, customer_id, status;  // status "issued" | "used"
  std::int64_t pool_version = 0;
  Millis issued_at = 0, expiry = 0;
  std::string json;  // the signed ticket as handed out
};

// One message of the notification outbox (server/src/notifications.hpp): planned once per
// (customer, occurrence key) by the core's triggers, then delivered by a channel adapter
// (pushes) or pulled by the shopper's app (in-app).
struct OutboxRecord {
  std::string id, customer_id;
  std::string key;       // the core's occurrence key ("birthday:2026", "deal:offer-1", ...)
  std::string channel;   // "wechat" | "email" | "sms" | "inApp"
  std::string kind, template_id, offer_id, text, locale;
  std::string status;    // "pending" | "sent" | "failed" | "read"
  std::int64_t attempts = 0;
  std::string error;     // the last delivery error
  Millis created_at = 0, due_at = 0, next_attempt_at = 0;
  std::optional<Millis> sent_at, read_at;
};

struct OutboxQuery {
  std::string customer_id, status, channel;  // empty: any
  bool pushes_due = false;       // pending pushes of `channel` whose next attempt is at or before `at`
  std::optional<Millis> due_by;  // only messages due at or before this time
  Millis at = 0;
  std::size_t limit = 100;
  std::string after;             // id order paging for listings (pushes_due orders by next attempt)
};

// Per-offer aggregates: claims and redemptions are counted by the server itself; the event
// counts come from client event batches (views are impressions).
struct OfferCounts {
  std::int64_t claims = 0, redemptions = 0;
  std::vector<std::pair<std::string, std::int64_t>> events;  // (type, count)
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;
  virtual std::int64_t catalog_version() = 0;
  // Documents stamped after `since`, tombstones included, ordered by kind and id.
  virtual std::vector<StoredDocument> documents(std::int64_t since) = 0;
  virtual std::optional<StoredDocument> document(const std::string& kind, const std::string& id) = 0;
  virtual std::optional<CustomerRecord> customer(const std::string& id) = 0;
  virtual std::int64_t customer_revision(const std::string& id) = 0;  // 0 when unknown
  virtual std::int64_t profiles_revision() = 0;  // bumped by every profile write (preview cache)
  virtual void each_profile(const std::function<void(const std::string& json)>& fn) = 0;
  // Customers with a stored profile whose id sorts after `after`, in id order (admin listing).
  virtual std::vector<CustomerRecord> customers_after(const std::string& after, std::size_t limit) = 0;
  virtual std::vector<ClaimRecord> claims_of(const std::string& customer_id) = 0;
  virtual std::optional<ClaimRecord> claim(const std::string& id) = 0;
  virtual std::vector<LedgerEntry> ledger(const std::string& customer_id, std::size_t limit) = 0;
  virtual OfferCounts offer_counts(const std::string& offer_id) = 0;
  virtual std::optional<TicketRecord> ticket(const std::string& id) = 0;
  // Draw state of a shopper in a pool (games::GameState JSON), and prizes granted per pool.
  virtual std::optional<std::string> game_state(const std::string& customer_id, const std::string& pool_id) = 0;
  virtual std::int64_t prizes_granted(const std::string& pool_id, const std::string& prize_id) = 0;
  virtual std::map<std::string, OfferCounts> all_offer_counts() = 0;
  virtual void each_event(const std::function<void(const std::string& json)>& fn) = 0;  // in time order
  virtual std::vector<EventRecord> events_of(const std::string& customer_id) = 0;  // in time order
  // What the notification triggers sent a shopper (notify::State JSON).
  virtual std::optional<std::string> notify_state(const std::string& customer_id) = 0;
  virtual std::vector<OutboxRecord> outbox(const OutboxQuery& query) = 0;
  virtual std::optional<OutboxRecord> outbox_item(const std::string& id) = 0;
  virtual std::optional<std::string> meta(const std::string& key) = 0;
  virtual std::uint64_t sequence(const std::string& name) = 0;  // the next number reserve_sequence hands out
  // The answer stored for an Idempotency-Key in a scope (endpoint).
  virtual std::optional<StoredAnswer> answer(const std::string& scope, const std::string& key) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Runs fn inside a nested savepoint: an exception undoes only fn's changes, then propagates.
  virtual void nested(const std::function<void()>& fn) = 0;

  virtual void save_answer(const std::string& scope, const std::string& key, const StoredAnswer& answer, Millis now) = 0;
  virtual std::size_t purge_answers(Millis older_than) = 0;

  // Both return the new catalog version; delete_document returns 0 when there was nothing to delete.
  virtual std::int64_t put_document(const std::string& kind, const std::string& id, const std::string& json) = 0;
  virtual std::int64_t delete_document(const std::string& kind, const std::string& id) = 0;

  virtual std::int64_t count_claims(const std::string& offer_id) = 0;
  virtual std::int64_t count_claims(const std::string& offer_id, const std::string& customer_id) = 0;
  virtual std::int64_t count_claims(const std::string& offer_id, const std::string& customer_id, const std::string& day) = 0;
  virtual bool code_used(const std::string& offer_id, const std::string& code) = 0;
  virtual void insert_claim(const ClaimRecord& claim) = 0;
  virtual void mark_redeemed(const std::string& claim_id, const std::string& redemption_id, const std::string& store, Millis at) = 0;

  // false when an event with this id is already stored (nothing changes then).
  virtual bool insert_event(const EventRecord& event) = 0;

  virtual void put_profile(const std::string& customer_id, const std::string& json) = 0;
  // Appends an entry and moves the balance; false when an entry with this id exists already.
  // entry.balance is filled in. The caller checks that the balance stays >= 0.
  virtual bool add_ledger_entry(LedgerEntry& entry) = 0;
  virtual void touch_customer(const std::string& customer_id) = 0;  // bumps the revision

  virtual void insert_ticket(const TicketRecord& ticket) = 0;
  virtual void set_ticket_status(const std::string& id, const std::string& status) = 0;
  virtual void put_game_state(const std::string& customer_id, const std::string& pool_id, const std::string& json) = 0;
  virtual void add_prize_granted(const std::string& pool_id, const std::string& prize_id) = 0;

  virtual void put_notify_state(const std::string& customer_id, const std::string& json) = 0;
  // false when the customer has a message with this key already (nothing changes then).
  virtual bool insert_outbox(const OutboxRecord& record) = 0;
  // Writes status, attempts, error, next_attempt_at, sent_at and read_at of record.id.
  virtual void update_outbox(const OutboxRecord& record) = 0;

  // Reserves `count` consecutive numbers of a named sequence (voucher codes of an offer,
  // tickets of a customer in a pool); returns the first. Sequences start at 0.
  virtual std::uint64_t reserve_sequence(const std::string& name, std::uint64_t count) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;
  // Runs fn in one atomic transaction and returns once it is committed durably; an exception
  // from fn rolls its changes back and propagates. Writes are serialized.
  virtual void write(const std::function<void(WriteTx&)>& fn) = 0;
  // A consistent read-only view; runs concurrently with writes and other reads.
  virtual void read(const std::function<void(ReadTx&)>& fn) = 0;
  virtual std::string describe() const = 0;  // for the start-up log
};

struct SqliteOptions {
  std::string path;
  // "full": every commit is fsynced (survives power loss). "normal": with WAL a commit reaches
  // the OS before the answer, so it survives a killed process but not a power cut.
  std::string synchronous = "full";
  std::size_t max_batch = 256;  // transactions grouped into one commit (group commit)
};

std::unique_ptr<Storage> open_sqlite_storage(const SqliteOptions& options);

}  // namespace pkserver
