#include "storage/backup.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace motcua::storage {
namespace {

Status SqliteError(sqlite3* db, const std::string& what) {
  return Status::Internal(fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : "out of memory"));
}

// Runs `argv` without a shell and waits; Internal with the exit status on failure.
Status Run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
  if (rc != 0) return Status::Internal(fmt::format("{}: {}", argv[0], std::strerror(rc)));
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return Status::Internal(fmt::format("{}: waitpid failed", argv[0]));
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return Status::Ok();
  return Status::Internal(fmt::format("{} exited with status {}", argv[0],
                                      WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1));
}

}  // namespace

Status SqliteOnlineBackup(const std::string& db_path, const std::string& dest_path) {
  sqlite3* src = nullptr;
  sqlite3* dest = nullptr;
  auto close = [&] {
    sqlite3_close_v2(src);
    sqlite3_close_v2(dest);
  };
  // Read-write open (not read-only) so that a WAL file whose -shm is missing can still be read.
  if (sqlite3_open_v2(db_path.c_str(), &src, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Status st = SqliteError(src, db_path);
    close();
    return st;
  }
  sqlite3_busy_timeout(src, 10000);
  if (sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    Status st = SqliteError(dest, dest_path);
    close();
    return st;
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
  if (b == nullptr) {
    Status st = SqliteError(dest, "sqlite3_backup_init");
    close();
    return st;
  }
  // All pages in one step: the copy is one read transaction on the source, so it is the
  // database as of one commit; the writer goes on appending to the WAL meanwhile. (Steps of a few
  // pages would restart whenever another connection writes, never finishing under load.)
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    Status st = Status::Internal(fmt::format("sqlite3_backup_step: {}", sqlite3_errstr(rc)));
    close();
    return st;
  }
  // The copy stands alone: no WAL beside it, every page in the one file, fsynced.
  char* err = nullptr;
  rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;", nullptr, nullptr,
                    &err);
  Status st = rc == SQLITE_OK ? Status::Ok()
                              : Status::Internal(fmt::format("{}: {}", dest_path, err ? err : ""));
  sqlite3_free(err);
  close();
  if (!st.ok()) return st;
  return SqliteIntegrityCheck(dest_path);
}

Status SqliteIntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Status st = SqliteError(db, path);
    sqlite3_close_v2(db);
    return st;
  }
  sqlite3_stmt* stmt = nullptr;
  Status st = Status::Ok();
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK) {
    st = SqliteError(db, path);
  } else if (sqlite3_step(stmt) != SQLITE_ROW) {
    st = SqliteError(db, path);
  } else {
    const char* first = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (first == nullptr || std::strcmp(first, "ok") != 0)
      st = Status::Internal(fmt::format("integrity_check: {}", first ? first : "?"));
  }
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  return st;
}

Status PostgresDump(const std::string& url, const std::string& dest_path) {
  return Run(
      {"pg_dump", "--format=custom", "--no-owner", "--file=" + dest_path, "--dbname=" + url});
}

Status PostgresRestore(const std::string& dump_path, const std::string& url) {
  return Run({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "--dbname=" + url, dump_path});
}

}  // namespace motcua::storage
