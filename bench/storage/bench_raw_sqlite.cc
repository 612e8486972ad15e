// The ceiling for the SQLite driver: commits per second of one INSERT + UPDATE transaction with
// WAL and synchronous=FULL, straight on the C API. Compare with the driver's own rate to see
// what the abstraction costs; the rest is the disk's fsync latency.
//
//   bench_raw_sqlite [path] [seconds]   -> {"commits_per_sec":...}
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/motcua_bench_raw_sqlite.db";
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Exec(db,
       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
       "CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);"
       "CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
       "INSERT INTO tally VALUES (1, 0);");
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* update = nullptr;
  sqlite3_stmt* commit = nullptr;
  Check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "prepare");
  Check(sqlite3_prepare_v2(db, "INSERT INTO events (payload) VALUES (?)", -1, &insert, nullptr), db,
        "prepare");
  Check(sqlite3_prepare_v2(db, "UPDATE tally SET n = n + 1 WHERE id = 1", -1, &update, nullptr), db,
        "prepare");
  Check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "prepare");

  const std::string payload(200, 'x');  // about the size of an audit-log row
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  int64_t commits = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (sqlite3_stmt* s : {begin, insert, update, commit}) {
      if (s == insert) sqlite3_bind_text(s, 1, payload.data(), payload.size(), SQLITE_STATIC);
      Check(sqlite3_step(s), db, "step");
      sqlite3_reset(s);
    }
    ++commits;
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (sqlite3_stmt* s : {begin, insert, update, commit}) sqlite3_finalize(s);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  fmt::print("{{\"commits_per_sec\":{:.1f},\"commits\":{},\"seconds\":{:.3f}}}\n",
             commits / elapsed, commits, elapsed);
}
