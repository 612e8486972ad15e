// The embedded driver. SQLite allows one writer at a time per file, so a single writer
// connection queues writers in-process (no SQLITE_BUSY churn), while WAL mode lets a pool of
// reader connections see consistent snapshots concurrently with it.
//
// Group commit (decision 0019): Write enqueues its callback and waits. The first caller to find
// nobody writing becomes the leader: it takes up to kMaxBatch queued callbacks, runs them one
// after the other in one BEGIN IMMEDIATE transaction, each inside its own SAVEPOINT (a failing or
// throwing callback rolls back alone), commits once (one fsync at synchronous=FULL), hands each
// caller its own outcome and passes the lead to the next caller in the queue. A lone writer runs
// its transaction on its own thread with no savepoint and no hand-off, exactly as before.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

class SqliteConnection;

class SqliteDatabase final : public Database {
 public:
  // `options.url` is a file path; its parent directory is created if missing.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const DatabaseOptions& options);
  ~SqliteDatabase() override;

  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Status Write(const std::function<Status(Connection&)>& fn) override;
  Status Read(const std::function<Status(Connection&)>& fn) override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Ping() override;
  // Waits for running Reads and queued Writes to finish (the queue is drained and committed),
  // so never call it from inside one.
  void Close() override;

  // Callbacks run per commit at most: beyond it the followers wait for the next commit, so one
  // batch's latency stays bounded.
  static constexpr size_t kMaxBatch = 256;

  // Counts since Open, for tests and benchmarks: callbacks run by Write, and commits.
  struct WriteStats {
    int64_t transactions = 0;
    int64_t commits = 0;
    size_t largest_batch = 0;
  };
  WriteStats write_stats() const;
  // Writes waiting for a leader (tests use it to line callbacks up in one batch).
  size_t queued_writes() const;

 private:
  struct PendingWrite;

  SqliteDatabase();
  // Runs `batch` on the writer connection and fills in each one's outcome; returns the number of
  // commits. Leader only.
  int64_t RunBatch(const std::vector<PendingWrite*>& batch);

  mutable std::mutex write_mu_;
  std::deque<PendingWrite*> write_queue_;
  bool leader_active_ = false;
  bool write_closed_ = false;
  std::condition_variable write_idle_cv_;  // Close waits on it for the queue to drain
  WriteStats write_stats_;
  std::unique_ptr<SqliteConnection> writer_;  // used by the leader only; null once closed

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  bool closed_ = false;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> idle_readers_;
};

}  // namespace motcua::storage
