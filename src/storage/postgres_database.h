// The scale-out driver, on libpq. Readers and the writer share one pool of connections, opened
// on demand up to reader_pool_size + 1 (room for the one in-process writer).
//
// Writers are serialised as the Database contract promises, and not only within this process:
// every Write takes a transaction-scoped advisory lock, so several app instances behind a load
// balancer still run their writes one at a time. Services check-then-write (unique codes, agency
// cycles, record versions) under that guarantee; READ COMMITTED alone would let two instances
// interleave. Reads run as REPEATABLE READ READ ONLY so that every statement in one Read sees the
// same snapshot, as on SQLite (read-only transactions never fail to serialise).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

class PgConnection;

class PostgresDatabase final : public Database {
 public:
  // Connects once to fail early on a bad URL or an unreachable server.
  static Result<std::unique_ptr<PostgresDatabase>> Open(const DatabaseOptions& options);
  ~PostgresDatabase() override;

  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Status Write(const std::function<Status(Connection&)>& fn) override;
  Status Read(const std::function<Status(Connection&)>& fn) override;
  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Ping() override;
  // Waits for running Reads and Writes to finish, so never call it from inside one.
  void Close() override;

 private:
  explicit PostgresDatabase(const DatabaseOptions& options);

  // Runs `fn` in a transaction opened by `begin` on a pooled connection.
  Status RunTransaction(const char* begin, const std::function<Status(Connection&)>& fn);
  Result<std::unique_ptr<PgConnection>> Acquire();
  void Release(std::unique_ptr<PgConnection> conn);

  const DatabaseOptions options_;
  const size_t max_connections_;

  std::mutex write_mu_;  // keeps in-process writers from holding pool connections while queued

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  bool closed_ = false;
  size_t open_ = 0;  // idle, lent out, or being connected
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

// Rewrites `?` placeholders to $1, $2, ... outside quoted literals, identifiers and comments.
// Sets `*count` to the number of placeholders. Exposed for tests.
std::string RewritePlaceholders(std::string_view sql, int* count);

}  // namespace motcua::storage
