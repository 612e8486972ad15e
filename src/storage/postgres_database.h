// The scale-out driver, on libpq. Readers and writers share one pool of connections, opened on
// demand up to 2 * reader_pool_size + 1; at most reader_pool_size writers at once per process.
//
// Writers run concurrently, in this process and across the app instances behind a load balancer
// (decision 0020, which replaced decision 0005's one writer at a time): READ COMMITTED. Write's
// callbacks (written for one writer at a time) hold the writers' lock (kPgWritersLock) exclusively
// from the start; WriteConcurrently's, whose reads-then-writes are guarded by version checks, row
// locks and unique keys, hold it shared, so they run together but never beside a Write. Chain
// appends take no lock of their own: rows are inserted unlinked and linked after commit by one
// linker at a time (decision 0023, storage/audit_chain.h). A transaction that loses to another
// (deadlock, serialization failure, a unique key a concurrent writer just took, a connection lost
// before COMMIT) is rolled back and re-run with jittered back-off, so a callback may run more than
// once. Reads run as REPEATABLE READ READ ONLY so that every statement in one Read sees the same
// snapshot, as on SQLite (read-only transactions never fail to serialise).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

class PgConnection;

// How a transaction opens: BEGIN, then the writers' lock if any. Sent with its first statement.
struct PgBegin {
  const char* begin;  // null: no transaction block, one statement alone (ReadOne)
  const char* lock;   // null: none
  bool read_only;     // COMMIT is sent without waiting for its answer
};

// Why a transaction failed, as far as re-running it goes.
enum class PgFailure {
  kNone,
  kOther,
  kConflict,        // 40001 serialization failure, 40P01 deadlock: re-run
  kUnique,          // 23505: re-run once, a concurrent writer may have committed what we checked
  kConnectionLost,  // before COMMIT was sent: nothing committed, re-run on a fresh connection
};

class PostgresDatabase final : public Database {
 public:
  // Connects once to fail early on a bad URL or an unreachable server.
  static Result<std::unique_ptr<PostgresDatabase>> Open(const DatabaseOptions& options);
  ~PostgresDatabase() override;

  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Status Write(const std::function<Status(Connection&)>& fn) override;
  Status WriteConcurrently(const std::function<Status(Connection&)>& fn) override;
  Status Read(const std::function<Status(Connection&)>& fn) override;
  Status ReadOne(const std::function<Status(Connection&)>& fn) override;
  // Holds a session advisory lock, shared by every app instance on the database, around `fn`.
  Status Exclusively(const std::function<Status()>& fn) override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Ping() override;
  // Waits for running Reads and Writes to finish, so never call it from inside one.
  void Close() override;

 private:
  explicit PostgresDatabase(const DatabaseOptions& options);

  // Runs `fn` in a transaction opened by `begin` on a pooled connection; `*failure` says whether
  // a failure may be re-run.
  Status RunTransaction(const PgBegin& begin, const std::function<Status(Connection&)>& fn,
                        PgFailure* failure);
  // Runs a write transaction, re-running it while it loses to a concurrent one.
  Status WriteWithRetry(const PgBegin& begin, const std::function<Status(Connection&)>& fn);
  Result<std::unique_ptr<PgConnection>> Acquire();
  void Release(std::unique_ptr<PgConnection> conn);

  const DatabaseOptions options_;
  const size_t max_connections_;
  // Write callbacks may Read (a cache filling itself) while they hold their connection: with as
  // many writers as connections, each would wait for a connection the others hold. So writers
  // are fewer than connections, leaving readers (and nested reads) room to finish.
  const size_t max_writers_;
  std::mutex writers_mu_;
  std::condition_variable writers_cv_;
  size_t writers_ = 0;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  bool closed_ = false;
  size_t open_ = 0;  // idle, lent out, or being connected
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

// The writers' lock, transaction-scoped and per schema, taken before anything else: exclusively by
// Write, shared by WriteConcurrently. Concurrent writers share it (and their commits share WAL
// flushes); a Write waits for those running and keeps new ones out until it commits.
inline constexpr const char* kPgWritersLock =
    "SELECT pg_advisory_xact_lock(19780, hashtext(current_schema()))";
inline constexpr const char* kPgWritersLockShared =
    "SELECT pg_advisory_xact_lock_shared(19780, hashtext(current_schema()))";

// Rewrites `?` placeholders to $1, $2, ... outside quoted literals, identifiers and comments.
// Sets `*count` to the number of placeholders. Exposed for tests.
std::string RewritePlaceholders(std::string_view sql, int* count);

}  // namespace motcua::storage
