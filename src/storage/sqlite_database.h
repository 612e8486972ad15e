// The embedded driver. SQLite allows one writer at a time per file, so a single writer
// connection behind a mutex queues writers in-process (no SQLITE_BUSY churn), while WAL mode lets
// a pool of reader connections see consistent snapshots concurrently with it.
#pragma once

#include <condition_variable>
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
  // Waits for running Reads and Writes to finish, so never call it from inside one.
  void Close() override;

 private:
  SqliteDatabase();

  std::mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_;  // null once closed

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  bool closed_ = false;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::vector<SqliteConnection*> idle_readers_;
};

}  // namespace motcua::storage
