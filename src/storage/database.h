// The storage interface: the only contract services see. Two drivers implement it: SQLite (the
// embedded default) and PostgreSQL (scale-out). SQL given to it is portable: `?` placeholders
// (the PostgreSQL driver rewrites them to $1, $2, ...), no dialect-specific functions; identity
// columns are read back with `RETURNING id`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace motcua::storage {

enum class Dialect { kSqlite, kPostgres };

struct Migration;  // migrations.h

// A bound parameter or a column value. Booleans are stored as integers 0/1.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// One result row. Columns are addressed by index in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // Integer value; also parses a text column holding digits (PostgreSQL returns text). 0 if NULL.
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  // Text value; numbers are formatted. Empty if NULL.
  std::string Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// One query of Connection::QueryBatch. `sql` must outlive the call.
struct BatchQuery {
  std::string_view sql;
  Params params;
};

// A connection used inside one Read or Write call. Not thread-safe; never kept beyond the call.
// Failures: kConflict with reason "already_exists" for unique-constraint violations (field: the
// first column of the key, when the driver can tell), kValidation "constraint_failed" for other
// constraints (NOT NULL, CHECK, FOREIGN KEY: the service should have caught them, but a concurrent
// change can still trip them and that is the caller's problem, not the server's), kUnavailable
// "unavailable" for busy/locked beyond the timeout or a lost connection, kInternal otherwise.
// A failed statement ends the transaction's usefulness (PostgreSQL aborts it; the SQLite driver
// mimics this so both behave alike): later statements fail and Write will not commit, so return
// the failure rather than carrying on.
class Connection {
 public:
  virtual ~Connection() = default;
  // Executes a statement; returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs a query and returns all rows.
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs queries that do not depend on each other, in order, as Query would one after the other,
  // and returns their rows in the same order; fails as the first failing one would. The
  // PostgreSQL driver sends them together: one round trip instead of one each.
  virtual Result<std::vector<Rows>> QueryBatch(const std::vector<BatchQuery>& queries);
  // Executes a write whose answer the caller does not need yet. `check` (optional) gets the
  // number of rows changed and says whether that is right. The PostgreSQL driver sends the write
  // with the transaction's next statement or batch (one round trip for all), at the latest just
  // before its COMMIT. Its failure, or its check's, is then the failure of that later call (or
  // of the commit), and the transaction is lost; so a
  // caller returns every error it gets, as always, and never reads a deferred write's rows back
  // except through a later statement. SQLite runs it at once.
  virtual Status ExecLater(std::string_view sql, Params params,
                           std::function<Status(int64_t changed)> check = {});
  // Runs a query expected to return at most one row.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `fn` in one write transaction: committed if it returns OK, rolled back otherwise (and
  // if it throws). The commit is durable when Write returns OK. Writes are serialised: each sees
  // every earlier one and none interleaves with it. PostgreSQL may re-run `fn` when its
  // transaction fails for a transient reason (decision 0020), so `fn` must have no effect outside
  // the connection that a second run would repeat: no files, no caches, no counters; assign
  // results to outer variables, never append to them.
  virtual Status Write(const std::function<Status(Connection&)>& fn) = 0;
  // The same, except that on PostgreSQL it runs alongside other writers (READ COMMITTED): only for
  // callbacks whose every read that decides a write is re-checked by the write (a version in the
  // UPDATE's WHERE, a unique key, a row-locking UPDATE ... RETURNING). Decision 0020 lists them.
  virtual Status WriteConcurrently(const std::function<Status(Connection&)>& fn) {
    return Write(fn);
  }
  // Runs `fn` on a read-only snapshot; readers run concurrently with each other and the writer.
  virtual Status Read(const std::function<Status(Connection&)>& fn) = 0;
  // Read for a callback that runs one statement (or one QueryBatch of one query), such as the
  // session look-up of every request: a lone statement sees one committed state by itself, so
  // PostgreSQL runs it without BEGIN and COMMIT. There a second statement fails (kInternal).
  virtual Status ReadOne(const std::function<Status(Connection&)>& fn) { return Read(fn); }

  // Runs `fn` (which may call Write and Read) while no other caller of Exclusively on the same
  // database, in any process, runs. For the migrations of instances started together.
  virtual Status Exclusively(const std::function<Status()>& fn) { return fn(); }

  virtual Dialect dialect() const = 0;
  // A quick liveness check for /readyz.
  virtual Status Ping() = 0;
  // Closes every connection; the WAL is checkpointed. Further calls fail.
  virtual void Close() = 0;
};

struct DatabaseOptions {
  DatabaseOptions() = default;
  explicit DatabaseOptions(std::string database_url) : url(std::move(database_url)) {}
  // A file path (SQLite) or a postgresql:// / postgres:// URL.
  std::string url;
  int reader_pool_size = 4;
  int busy_timeout_ms = 5000;
  // SQLite: synchronous=FULL makes every acknowledged commit survive power loss.
  bool synchronous_full = true;
};

// Opens the database named by `options.url`, choosing the driver from its form.
Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options);

// Applies every migration newer than the recorded schema version, each in its own transaction,
// recording it in `schema_migrations`. Returns the number applied.
Result<int> Migrate(Database& db, const std::vector<Migration>& migrations);
// The same with AllMigrations(), then (re)creates the append-only triggers of the hash-chained
// tables (storage/audit_chain.h).
Result<int> Migrate(Database& db);

}  // namespace motcua::storage
