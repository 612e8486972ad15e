// For unit tests only: a fresh, migrated SQLite database in a temporary directory of its own, and
// a per-test location on either driver for tests run against SQLite and PostgreSQL.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.h"

namespace motcua::storage {

// Empties and creates <tmp>/motcua-<tag>-<pid>-<current test name>/, stores it in `*dir`, and
// opens and migrates t.db there. The caller closes the database and removes `*dir` in TearDown.
inline Result<std::unique_ptr<Database>> OpenTestDatabase(const std::string& tag,
                                                          std::filesystem::path* dir) {
  *dir = std::filesystem::temp_directory_path() /
         ("motcua-" + tag + "-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(*dir);
  std::filesystem::create_directories(*dir);
  MOTCUA_ASSIGN_OR_RETURN(auto db, OpenDatabase(DatabaseOptions((*dir / "t.db").string())));
  MOTCUA_ASSIGN_OR_RETURN(int applied, Migrate(*db));
  (void)applied;
  return db;
}

// The PostgreSQL test server named by MOTCUA_TEST_PG_URL, or null when it is unset or empty (the
// PostgreSQL half of a test is then skipped).
inline const char* PostgresTestUrl() {
  const char* base = std::getenv("MOTCUA_TEST_PG_URL");
  return base == nullptr || *base == '\0' ? nullptr : base;
}

// One test's own database location on one driver: a PostgreSQL schema on MOTCUA_TEST_PG_URL or a
// SQLite file in a temporary directory. Each test needs its own because ctest runs tests as
// parallel processes against the one PostgreSQL test database.
class DialectTestLocation {
 public:
  // Names the location `<prefix>_<pid>_<current test name>` (lower case, other characters '_')
  // and makes it empty: a fresh schema for kPostgres (PostgresTestUrl() must be set), else an
  // emptied temporary directory in which the database file is `sqlite_file` (a relative path;
  // the driver creates missing directories).
  Status Prepare(Dialect dialect, const std::string& prefix,
                 const std::string& sqlite_file = "test.db") {
    name_ = fmt::format("{}_{}_{}", prefix, ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (char& c : name_) {
      c = std::isalnum(static_cast<unsigned char>(c))
              ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
              : '_';
    }
    if (dialect == Dialect::kPostgres) {
      const char* base = PostgresTestUrl();
      if (base == nullptr) return Status::InvalidArgument("MOTCUA_TEST_PG_URL is not set");
      base_url_ = base;
      MOTCUA_RETURN_IF_ERROR(
          AdminScript(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", name_)));
      url_ = fmt::format("{}{}options=-csearch_path%3D{}", base_url_,
                         base_url_.find('?') == std::string::npos ? "?" : "&", name_);
    } else {
      dir_ = std::filesystem::temp_directory_path() / name_;
      std::filesystem::remove_all(dir_);
      url_ = (dir_ / sqlite_file).string();
    }
    return Status::Ok();
  }

  // Drops the schema or removes the directory; call after closing the database.
  void Remove() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!base_url_.empty())
      (void)AdminScript(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", name_));
  }

  // The URL (or SQLite path) to open.
  const std::string& url() const { return url_; }

 private:
  Status AdminScript(const std::string& sql) {
    auto admin = OpenDatabase(DatabaseOptions(base_url_));
    if (!admin.ok()) return admin.status();
    return (*admin)->Write([&](Connection& c) { return c.ExecScript(sql); });
  }

  std::string name_;
  std::string base_url_;
  std::string url_;
  std::filesystem::path dir_;
};

// Rows of the audit log with this action: tests check that a change was audited once and that a
// refused change audited nothing.
inline int64_t AuditCount(Database& db, const std::string& action) {
  int64_t n = -1;
  EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
                  MOTCUA_ASSIGN_OR_RETURN(
                      auto row,
                      c.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action}));
                  n = row->Int(0);
                  return Status::Ok();
                }).ok());
  return n;
}

// Rows in `table` (a name from the schema, never user input): tests check that a refused change
// wrote nothing.
inline int64_t RowCount(Database& db, const std::string& table) {
  int64_t n = -1;
  EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
                  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM " + table));
                  n = row->Int(0);
                  return Status::Ok();
                }).ok());
  return n;
}

}  // namespace motcua::storage
