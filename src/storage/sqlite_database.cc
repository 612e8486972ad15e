#include "storage/sqlite_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace motcua::storage {
namespace {

// Keeps the WAL from growing without bound after a burst of writes.
constexpr int64_t kJournalSizeLimit = 64 * 1024 * 1024;
// Statements are keyed by SQL text; a caller formatting values into SQL would otherwise grow the
// cache forever.
constexpr size_t kMaxCachedStatements = 256;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

Status Unavailable() { return Status(Code::kUnavailable, "unavailable"); }

// "UNIQUE constraint failed: counters.agency_id, counters.number" -> "agency_id".
std::string ColumnOf(std::string_view msg) {
  auto colon = msg.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view cols = msg.substr(colon + 2);
  cols = cols.substr(0, cols.find(','));
  auto dot = cols.rfind('.');
  return std::string(dot == std::string_view::npos ? cols : cols.substr(dot + 1));
}

// `rc` must be an extended result code (extended codes are enabled on every connection).
Status ErrorOf(sqlite3* db, int rc, std::string_view sql) {
  std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict("already_exists", ColumnOf(msg));
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return Status::Validation("constraint_failed",
                              rc == SQLITE_CONSTRAINT_NOTNULL ? ColumnOf(msg) : std::string());
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) return Unavailable();
  return Status::Internal(fmt::format("sqlite error {} ({}) in: {}", rc, msg, sql));
}

bool IsBlank(const char* s) {
  for (; *s != '\0'; ++s) {
    if (!std::isspace(static_cast<unsigned char>(*s)) && *s != ';') return false;
  }
  return true;
}

}  // namespace

class SqliteConnection final : public Connection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        const DatabaseOptions& options,
                                                        bool writer) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
    if (rc != SQLITE_OK) {
      return Status::Internal(fmt::format("cannot open {}: {}", path, sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options.busy_timeout_ms);
    std::string pragmas = "PRAGMA foreign_keys=ON;";
    if (writer) {
      // journal_mode is persistent in the file, so readers opened afterwards are in WAL too.
      MOTCUA_ASSIGN_OR_RETURN(Rows mode, conn->Query("PRAGMA journal_mode=WAL", {}));
      if (mode.empty() || mode[0].Text(0) != "wal") {
        return Status::Internal(fmt::format("cannot put {} in WAL mode", path));
      }
      pragmas += fmt::format("PRAGMA synchronous={};PRAGMA journal_size_limit={};",
                             options.synchronous_full ? "FULL" : "NORMAL", kJournalSizeLimit);
    } else {
      // Makes a write attempted inside Read fail instead of silently taking the write lock.
      pragmas += "PRAGMA query_only=ON;";
    }
    MOTCUA_RETURN_IF_ERROR(conn->Raw(pragmas.c_str()));
    return conn;
  }

  ~SqliteConnection() override {
    ClearCache();
    for (auto& [sql, stmt] : control_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    MOTCUA_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    StmtGuard guard{stmt};
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return Fail(ErrorOf(db_, rc, sql));
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    MOTCUA_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    StmtGuard guard{stmt};
    Rows rows;
    const int ncols = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(ncols);
      for (int i = 0; i < ncols; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, i));
            break;
          case SQLITE_TEXT:
            values.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                            sqlite3_column_bytes(stmt, i)));
            break;
          case SQLITE_BLOB: {
            const void* blob = sqlite3_column_blob(stmt, i);
            int n = sqlite3_column_bytes(stmt, i);
            values.emplace_back(blob ? std::string(static_cast<const char*>(blob), n)
                                     : std::string());
            break;
          }
          default:
            values.emplace_back(nullptr);
        }
      }
      rows.emplace_back(std::move(values));
    }
    if (rc != SQLITE_DONE) return Fail(ErrorOf(db_, rc, sql));
    return rows;
  }

  Status ExecScript(std::string_view sql) override {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    return Fail(Raw(std::string(sql).c_str()));
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  // Transaction control and pragmas, bypassing the statement cache and the aborted state.
  Status Raw(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? Status::Ok() : ErrorOf(db_, sqlite3_extended_errcode(db_), sql);
  }

  void Rollback() {
    if (!sqlite3_get_autocommit(db_)) (void)Raw("ROLLBACK");
  }

  // Starts a transaction on this connection: clears the state left by the previous one.
  Status Begin(const char* sql) {
    aborted_ = false;
    return Control(sql);
  }
  bool aborted() const { return aborted_; }
  // Each callback of a group commit starts clean: a failure is spoilt for its savepoint only.
  void ClearAborted() { aborted_ = false; }
  // True when no transaction is open: SQLite rolled it back on its own (I/O error, full disk,
  // ...) or a callback ended it.
  bool InAutocommit() const { return sqlite3_get_autocommit(db_) != 0; }

  // Transaction control on the hot paths (the writer's BEGIN IMMEDIATE, SAVEPOINT, RELEASE,
  // COMMIT; a reader's BEGIN and COMMIT), prepared once: sqlite3_exec would parse it each time.
  // `sql` must be a string literal: it is the cache key.
  Status Control(const char* sql) {
    sqlite3_stmt*& stmt = control_[sql];
    if (stmt == nullptr) {
      int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return ErrorOf(db_, rc, sql);
    }
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? Status::Ok() : ErrorOf(db_, rc, sql);
  }

  Status Checkpoint() {
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    return rc == SQLITE_OK ? Status::Ok() : ErrorOf(db_, rc, "wal_checkpoint(TRUNCATE)");
  }

 private:
  // Leaves a cached statement ready for its next use whatever happened to this one.
  struct StmtGuard {
    sqlite3_stmt* stmt;
    ~StmtGuard() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  };

  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  // PostgreSQL refuses every statement after a failure until ROLLBACK; doing the same here keeps
  // code that ignores a failure from passing on SQLite and breaking on PostgreSQL.
  Status CheckUsable() const {
    if (aborted_) return Status::Internal("statement after a failed one in the same transaction");
    return Status::Ok();
  }
  Status Fail(Status status) {
    if (!status.ok()) aborted_ = true;
    return status;
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    sqlite3_stmt* stmt = nullptr;
    if (auto it = cache_.find(sql); it != cache_.end()) {
      stmt = it->second;
    } else {
      if (cache_.size() >= kMaxCachedStatements) ClearCache();
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
      if (rc != SQLITE_OK) return Fail(ErrorOf(db_, rc, sql));
      if (stmt == nullptr) return Fail(Status::Internal(fmt::format("empty statement: {}", sql)));
      std::string rest(tail, sql.data() + sql.size() - tail);
      if (!IsBlank(rest.c_str())) {
        sqlite3_finalize(stmt);
        return Fail(
            Status::Internal(fmt::format("one statement per call; use ExecScript: {}", sql)));
      }
      cache_.emplace(std::string(sql), stmt);
    }
    if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
      return Fail(
          Status::Internal(fmt::format("{} parameters for {} placeholders in: {}", params.size(),
                                       sqlite3_bind_parameter_count(stmt), sql)));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        // Static is safe: the bindings are cleared before `params` can go away.
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(stmt);
        return Fail(ErrorOf(db_, rc, sql));
      }
    }
    return stmt;
  }

  void ClearCache() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
  std::unordered_map<const char*, sqlite3_stmt*> control_;
  bool aborted_ = false;
};

namespace {
// The database whose Write callback this thread is running: a Write from inside one would wait
// for its own batch to commit.
thread_local const SqliteDatabase* running_write_of = nullptr;
}  // namespace

struct SqliteDatabase::PendingWrite {
  const std::function<Status(Connection&)>* fn = nullptr;
  Status status;
  std::exception_ptr exception;
  bool done = false;  // status and exception are final
  bool lead = false;  // this caller runs the next batch
  std::condition_variable cv;
};

SqliteDatabase::SqliteDatabase() = default;

SqliteDatabase::~SqliteDatabase() { Close(); }

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const DatabaseOptions& options) {
  const std::string& path = options.url;
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    // Each pooled connection would get its own private in-memory database.
    return Status::InvalidArgument("invalid_argument", "database_url", {},
                                   "SQLite needs a file path");
  }
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec)
    return Status::Internal(fmt::format("cannot create {}: {}", parent.string(), ec.message()));

  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  MOTCUA_ASSIGN_OR_RETURN(db->writer_, SqliteConnection::Open(path, options, /*writer=*/true));
  const int readers = std::max(1, options.reader_pool_size);
  for (int i = 0; i < readers; ++i) {
    MOTCUA_ASSIGN_OR_RETURN(auto reader, SqliteConnection::Open(path, options, /*writer=*/false));
    db->idle_readers_.push_back(reader.get());
    db->readers_.push_back(std::move(reader));
  }
  return db;
}

Status SqliteDatabase::Write(const std::function<Status(Connection&)>& fn) {
  if (running_write_of == this) return Status::Internal("Write called inside a Write callback");
  PendingWrite me;
  me.fn = &fn;
  std::unique_lock lock(write_mu_);
  if (write_closed_ || !writer_) return Unavailable();
  write_queue_.push_back(&me);
  // Nobody writing means the queue was empty: this caller leads at once, with no hand-off.
  if (!leader_active_) leader_active_ = me.lead = true;
  me.cv.wait(lock, [&] { return me.done || me.lead; });
  if (!me.done) {
    // The leader is always the queue's front, so its own callback runs first.
    const size_t n = std::min(write_queue_.size(), kMaxBatch);
    std::vector<PendingWrite*> batch(write_queue_.begin(), write_queue_.begin() + n);
    write_queue_.erase(write_queue_.begin(), write_queue_.begin() + n);
    lock.unlock();
    int64_t commits = 0;
    try {
      commits = RunBatch(batch);
    } catch (...) {
      // Only allocation can throw here; every caller must still be woken, none told "committed".
      for (PendingWrite* w : batch) {
        if (!w->exception && w->status.ok()) w->exception = std::current_exception();
      }
      writer_->Rollback();
    }
    lock.lock();
    write_stats_.transactions += static_cast<int64_t>(batch.size());
    write_stats_.commits += commits;
    write_stats_.largest_batch = std::max(write_stats_.largest_batch, batch.size());
    // Notified under the lock: a woken caller cannot return (and free its PendingWrite) before
    // the lock is released.
    for (PendingWrite* w : batch) {
      w->done = true;
      if (w != &me) w->cv.notify_one();
    }
    if (!write_queue_.empty()) {
      write_queue_.front()->lead = true;
      write_queue_.front()->cv.notify_one();
    } else {
      leader_active_ = false;
      write_idle_cv_.notify_all();
    }
  }
  lock.unlock();
  if (me.exception) std::rethrow_exception(me.exception);
  return me.status;
}

int64_t SqliteDatabase::RunBatch(const std::vector<PendingWrite*>& batch) {
  SqliteConnection& conn = *writer_;
  int64_t commits = 0;
  size_t next = 0;
  // One transaction for batch[next..], unless SQLite abandons it midway: the rest then get a new
  // one.
  while (next < batch.size()) {
    const size_t first = next;
    // A lone callback needs no savepoint: the transaction is its own.
    const bool savepoints = batch.size() - first > 1;
    // IMMEDIATE takes the write lock now, so another process's writer makes us wait here (up to
    // busy_timeout) rather than fail mid-transaction on a lock upgrade.
    Status begun = conn.Control("BEGIN IMMEDIATE");
    if (!begun.ok()) {
      for (size_t i = first; i < batch.size(); ++i) batch[i]->status = begun;
      return commits;
    }
    bool any_ok = false;
    bool lost = false;
    for (; next < batch.size() && !lost; ++next) {
      PendingWrite& w = *batch[next];
      conn.ClearAborted();
      if (savepoints) {
        w.status = conn.Control("SAVEPOINT motcua_write");
        if (!w.status.ok()) {
          lost = true;
          continue;
        }
      }
      const SqliteDatabase* outer = std::exchange(running_write_of, this);
      try {
        w.status = (*w.fn)(conn);
      } catch (...) {
        w.exception = std::current_exception();
      }
      running_write_of = outer;
      if (!w.exception && w.status.ok() && conn.aborted()) {
        w.status = Status::Internal("Write callback returned OK after a failed statement");
      }
      bool ok = !w.exception && w.status.ok();
      if (conn.InAutocommit()) {
        // The transaction is gone, and with it the work of the callbacks before this one.
        if (ok) w.status = Status::Internal("the transaction ended inside a Write callback");
        lost = true;
      } else if (savepoints) {
        Status ended = conn.Control(ok ? "RELEASE motcua_write" : "ROLLBACK TO motcua_write");
        if (ended.ok() && !ok) ended = conn.Control("RELEASE motcua_write");
        if (!ended.ok()) {
          if (ok) w.status = ended;
          lost = true;
        }
      }
      if (lost) {
        ok = false;
        if (!w.exception && w.status.ok()) w.status = Unavailable();
      }
      any_ok = any_ok || ok;
    }
    Status committed = Status::Ok();
    if (lost) {
      committed = Unavailable();
    } else if (any_ok) {
      committed = conn.Control("COMMIT");
      if (committed.ok()) ++commits;
    }
    if (lost || !any_ok || !committed.ok()) conn.Rollback();
    if (!committed.ok()) {
      // Every callback of this transaction that had succeeded shares the commit's failure.
      for (size_t i = first; i < next; ++i) {
        PendingWrite& w = *batch[i];
        if (!w.exception && w.status.ok()) w.status = committed;
      }
    }
  }
  return commits;
}

Status SqliteDatabase::Read(const std::function<Status(Connection&)>& fn) {
  SqliteConnection* conn = nullptr;
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return closed_ || !idle_readers_.empty(); });
    if (closed_) return Unavailable();
    conn = idle_readers_.back();
    idle_readers_.pop_back();
  }
  struct Release {
    SqliteDatabase* db;
    SqliteConnection* conn;
    ~Release() {
      conn->Rollback();
      {
        std::lock_guard lock(db->pool_mu_);
        db->idle_readers_.push_back(conn);
      }
      db->pool_cv_.notify_all();
    }
  } release{this, conn};
  // The snapshot is fixed by the first read and kept until the transaction ends.
  MOTCUA_RETURN_IF_ERROR(conn->Begin("BEGIN"));
  Status status = fn(*conn);
  if (status.ok() && conn->aborted()) {
    status = Status::Internal("Read callback returned OK after a failed statement");
  }
  if (status.ok()) status = conn->Control("COMMIT");
  return status;
}

Status SqliteDatabase::Ping() {
  return Read([](Connection& c) { return c.Query("SELECT 1").status(); });
}

void SqliteDatabase::Close() {
  {
    // Writes queued before this point still run and commit; later ones fail.
    std::unique_lock lock(write_mu_);
    write_closed_ = true;
    write_idle_cv_.wait(lock, [&] { return !leader_active_ && write_queue_.empty(); });
  }
  {
    std::unique_lock lock(pool_mu_);
    closed_ = true;
    pool_cv_.notify_all();
    pool_cv_.wait(lock, [&] { return idle_readers_.size() == readers_.size(); });
    idle_readers_.clear();
    readers_.clear();
  }
  std::lock_guard lock(write_mu_);
  if (!writer_) return;
  // Folds the WAL back into the main file so the .db alone is a complete copy (backups, scp).
  (void)writer_->Checkpoint();
  writer_.reset();
}

SqliteDatabase::WriteStats SqliteDatabase::write_stats() const {
  std::lock_guard lock(write_mu_);
  return write_stats_;
}

size_t SqliteDatabase::queued_writes() const {
  std::lock_guard lock(write_mu_);
  return write_queue_.size();
}

}  // namespace motcua::storage
