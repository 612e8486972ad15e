#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "storage/audit_chain.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace motcua::storage {
namespace {

// Portable to both dialects, hence TEXT for the timestamp.
constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

std::string NowIso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now));
}

}  // namespace

namespace {

Result<int> MigrateLocked(Database& db, const std::vector<Migration>& migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return Status::Internal(fmt::format("migration {} ({}) is out of order",
                                          migrations[i].version, migrations[i].name));
    }
  }
  MOTCUA_RETURN_IF_ERROR(db.Write([](Connection& c) { return c.ExecScript(kCreateTable); }));
  int applied = 0;
  for (const Migration& m : migrations) {
    // Checked inside the write transaction as well as under Exclusively: a migration script
    // takes locks of every kind, and two instances applying one together would deadlock or
    // apply it twice. The callback may be re-run (decision 0020), so it only reports.
    bool ran = false;
    Status status = db.Write([&](Connection& c) -> Status {
      ran = false;
      MOTCUA_ASSIGN_OR_RETURN(auto done, c.QueryOne("SELECT version FROM schema_migrations "
                                                    "WHERE version = ?",
                                                    {int64_t{m.version}}));
      if (done) return Status::Ok();
      MOTCUA_RETURN_IF_ERROR(
          c.ExecScript(c.dialect() == Dialect::kPostgres ? m.postgres_sql : m.sqlite_sql));
      if (m.then != nullptr) MOTCUA_RETURN_IF_ERROR(m.then(c));
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 {int64_t{m.version}, std::string(m.name), NowIso8601()})
              .status());
      ran = true;
      return Status::Ok();
    });
    if (status.ok() && ran) ++applied;
    if (!status.ok()) {
      return Status::Internal(
          fmt::format("migration {} ({}) failed: {}", m.version, m.name, status.ToString()));
    }
  }
  return applied;
}

}  // namespace

Result<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  int applied = 0;
  MOTCUA_RETURN_IF_ERROR(db.Exclusively([&]() -> Status {
    MOTCUA_ASSIGN_OR_RETURN(applied, MigrateLocked(db, migrations));
    return Status::Ok();
  }));
  return applied;
}

Result<int> Migrate(Database& db) {
  int applied = 0;
  // One lock around both: the triggers are dropped and created again, which two instances
  // starting together must not interleave either.
  MOTCUA_RETURN_IF_ERROR(db.Exclusively([&]() -> Status {
    MOTCUA_ASSIGN_OR_RETURN(applied, MigrateLocked(db, AllMigrations()));
    // Every start: a trigger dropped by hand (or by migration 14) comes back before any request.
    return EnsureAppendOnlyTriggers(db);
  }));
  return applied;
}

}  // namespace motcua::storage
