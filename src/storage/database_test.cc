// The Database contract, run against both drivers. The PostgreSQL half needs MOTCUA_TEST_PG_URL
// (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/database.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <thread>

#include "storage/migrations.h"
#include "storage/postgres_database.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;

// Every test gets its own SQLite file or PostgreSQL schema: ctest runs tests as parallel
// processes against the one test database.
class DatabaseTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    // A missing parent directory of the SQLite file is created by the driver.
    Status prepared = location_.Prepare(GetParam(), "t", (fs::path("sub") / "test.db").string());
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    db_ = Open();
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  std::unique_ptr<Database> Open(int readers = 4) {
    DatabaseOptions options(location_.url());
    options.reader_pool_size = readers;
    auto db = OpenDatabase(options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  bool pg() const { return GetParam() == Dialect::kPostgres; }
  std::string Id() const { return pg() ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"; }

  void CreateItems() {
    ASSERT_TRUE(db_->Write([&](Connection& c) {
                     return c.ExecScript(fmt::format(
                         "CREATE TABLE items (id {}, code TEXT NOT NULL UNIQUE, qty BIGINT, "
                         "price DOUBLE PRECISION, note TEXT);"
                         "CREATE TABLE tally (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);"
                         "INSERT INTO tally (id, n) VALUES (1, 0);",
                         Id()));
                   })
                    .ok());
  }

  Status Insert(Connection& c, const std::string& code, int64_t* id = nullptr) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto row,
        c.QueryOne("INSERT INTO items (code, qty) VALUES (?, ?) RETURNING id", {code, 1}));
    if (id != nullptr) *id = row->Int(0);
    return Status::Ok();
  }

  int64_t Count(const std::string& sql = "SELECT COUNT(*) FROM items") {
    int64_t n = -1;
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql));
      n = row->Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return n;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  CreateItems();
  EXPECT_EQ(db_->dialect(), GetParam());
  const std::string text = "Ủy ban nhân dân xã? 'quoted' \"dq\"";
  int64_t id = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto row, c.QueryOne("INSERT INTO items (code, qty, price, note) "
                                            "VALUES (?, ?, ?, ?) RETURNING id",
                                            {text, int64_t{-9007199254740993}, 2.5, nullptr}));
                   id = row->Int(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_GT(id, 0);
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        auto row, c.QueryOne("SELECT code, qty, price, note, id FROM items WHERE id = ?", {id}));
    EXPECT_TRUE(row.has_value());
    EXPECT_EQ(row->Text(0), text);
    EXPECT_EQ(row->Int(1), -9007199254740993);
    EXPECT_EQ(row->Text(1), "-9007199254740993");
    EXPECT_DOUBLE_EQ(row->Double(2), 2.5);
    EXPECT_TRUE(row->IsNull(3));
    EXPECT_EQ(row->OptText(3), std::nullopt);
    EXPECT_EQ(row->OptInt(3), std::nullopt);
    EXPECT_EQ(row->Text(3), "");
    EXPECT_EQ(row->OptInt(4), id);
    // A `?` inside a literal is not a placeholder.
    MOTCUA_ASSIGN_OR_RETURN(auto lit, c.QueryOne("SELECT 'a?b', ? + 1", {int64_t{41}}));
    EXPECT_EQ(lit->Text(0), "a?b");
    EXPECT_EQ(lit->Int(1), 42);
    MOTCUA_ASSIGN_OR_RETURN(auto none, c.QueryOne("SELECT id FROM items WHERE id = ?", {id + 1}));
    EXPECT_FALSE(none.has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(DatabaseTest, ExecReturnsChangedRowsAndIdsIncrease) {
  CreateItems();
  int64_t a = 0, b = 0;
  int64_t changed = -1;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_RETURN_IF_ERROR(Insert(c, "A", &a));
                   MOTCUA_RETURN_IF_ERROR(Insert(c, "B", &b));
                   MOTCUA_ASSIGN_OR_RETURN(changed, c.Exec("UPDATE items SET qty = qty + ?", {5}));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_GT(b, a);
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(Count("SELECT SUM(qty) FROM items"), 12);
}

TEST_P(DatabaseTest, QueryOneRejectsSeveralRowsAndBadParameterCount) {
  CreateItems();
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_RETURN_IF_ERROR(Insert(c, "A"));
                   return Insert(c, "B");
                 })
                  .ok());
  Status st = db_->Read([](Connection& c) { return c.QueryOne("SELECT id FROM items").status(); });
  EXPECT_EQ(st.code(), Code::kInternal);
  st = db_->Read([](Connection& c) {
    return c.Query("SELECT id FROM items WHERE id = ?", {1, 2}).status();
  });
  EXPECT_EQ(st.code(), Code::kInternal);
}

TEST_P(DatabaseTest, ErrorStatusRollsBack) {
  CreateItems();
  Status st = db_->Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "A"));
    return Status::Validation("nope");
  });
  EXPECT_EQ(st.code(), Code::kValidation);
  EXPECT_EQ(st.reason(), "nope");
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, ExceptionRollsBackAndPropagates) {
  CreateItems();
  EXPECT_THROW((void)db_->Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "A"));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);
  EXPECT_THROW((void)db_->Read([&](Connection&) -> Status { throw std::runtime_error("boom"); }),
               std::runtime_error);
  // The connections went back to a usable state.
  EXPECT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "A"); }).ok());
  EXPECT_EQ(Count(), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsConflict) {
  CreateItems();
  ASSERT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "A"); }).ok());
  Status st = db_->Write([&](Connection& c) { return Insert(c, "A"); });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.reason(), "already_exists");
  EXPECT_EQ(st.field(), "code");
  // Primary keys too.
  st = db_->Write(
      [&](Connection& c) { return c.Exec("INSERT INTO tally (id, n) VALUES (1, 0)").status(); });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.reason(), "already_exists");
}

TEST_P(DatabaseTest, OtherConstraintIsValidation) {
  CreateItems();
  Status st = db_->Write([&](Connection& c) {
    return c.Exec("INSERT INTO items (code) VALUES (?)", {nullptr}).status();
  });
  EXPECT_EQ(st.code(), Code::kValidation);
  EXPECT_EQ(st.reason(), "constraint_failed");
  EXPECT_EQ(st.field(), "code");
}

TEST_P(DatabaseTest, FailedStatementSpoilsTheTransaction) {
  CreateItems();
  ASSERT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "A"); }).ok());
  Status later;
  Status st = db_->Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "B"));
    EXPECT_EQ(Insert(c, "A").code(), Code::kConflict);
    later = Insert(c, "C");
    return Status::Ok();  // wrongly ignores the failures
  });
  EXPECT_FALSE(later.ok());
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_EQ(Count(), 1);
  EXPECT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "B"); }).ok());
}

TEST_P(DatabaseTest, ReadCannotWrite) {
  CreateItems();
  Status st = db_->Read([&](Connection& c) { return Insert(c, "A"); });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Count(), 0);
}

TEST_P(DatabaseTest, ReaderKeepsItsSnapshotWhileWriterCommits) {
  CreateItems();
  ASSERT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "A"); }).ok());
  std::promise<void> first_read, committed;
  auto committed_future = committed.get_future();
  std::vector<int64_t> seen;
  std::thread reader([&] {
    Status st = db_->Read([&](Connection& c) -> Status {
      for (int i = 0; i < 2; ++i) {
        MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM items"));
        seen.push_back(row->Int(0));
        if (i == 0) {
          first_read.set_value();
          committed_future.wait();
        }
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
  });
  first_read.get_future().wait();
  // The writer is not blocked by the open reader.
  EXPECT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "B"); }).ok());
  committed.set_value();
  reader.join();
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(Count(), 2);
}

TEST_P(DatabaseTest, ReadersWaitForAFreeConnection) {
  db_->Close();
  db_ = Open(/*readers=*/1);
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  auto work = [&] {
    for (int i = 0; i < 5; ++i) {
      Status st = db_->Read([&](Connection& c) -> Status {
        int now = ++inside;
        max_inside = std::max(max_inside.load(), now);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        --inside;
        return c.Query("SELECT 1").status();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
  };
  std::thread a(work), b(work), c(work), d(work);
  a.join();
  b.join();
  c.join();
  d.join();
  // SQLite has exactly one reader; PostgreSQL shares 2 * reader_pool_size + 1 between all (room
  // for reader_pool_size writers that read inside, decision 0020).
  EXPECT_LE(max_inside.load(), pg() ? 3 : 1);
  EXPECT_GE(max_inside.load(), 1);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  CreateItems();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      // Every snapshot sees the two tables agree: each write changes both.
      Status st = db_->Read([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(
            auto row, c.QueryOne("SELECT (SELECT COUNT(*) FROM items), n FROM tally WHERE id = 1"));
        if (row->Int(0) != row->Int(1)) ++failures;
        return Status::Ok();
      });
      if (!st.ok()) ++failures;
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status st = db_->Write([&](Connection& c) -> Status {
          MOTCUA_RETURN_IF_ERROR(Insert(c, fmt::format("{}-{}", t, i)));
          return c.Exec("UPDATE tally SET n = n + 1 WHERE id = 1").status();
        });
        if (!st.ok()) {
          ADD_FAILURE() << st.ToString();
          ++failures;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kPerThread);
  EXPECT_EQ(Count("SELECT n FROM tally"), kThreads * kPerThread);
}

TEST_P(DatabaseTest, MigrationsApplyOnceAndAtomically) {
  std::vector<Migration> migrations = {
      {1, "first", "CREATE TABLE m1 (id INTEGER PRIMARY KEY, v TEXT);",
       "CREATE TABLE m1 (id BIGSERIAL PRIMARY KEY, v TEXT);"},
      {2, "second", "CREATE TABLE m2 (x INTEGER); INSERT INTO m2 VALUES (7);",
       "CREATE TABLE m2 (x INTEGER); INSERT INTO m2 VALUES (7);"},
  };
  auto n = Migrate(*db_, migrations);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  n = Migrate(*db_, migrations);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(Count("SELECT x FROM m2"), 7);

  // The third migration's second statement fails: its first must not survive.
  migrations.push_back({3, "broken", "CREATE TABLE m3 (x INTEGER); INSERT INTO nowhere VALUES (1);",
                        "CREATE TABLE m3 (x INTEGER); INSERT INTO nowhere VALUES (1);"});
  n = Migrate(*db_, migrations);
  EXPECT_FALSE(n.ok());
  EXPECT_EQ(n.status().code(), Code::kInternal);
  Status st = db_->Read([](Connection& c) { return c.Query("SELECT COUNT(*) FROM m3").status(); });
  EXPECT_FALSE(st.ok()) << "m3 was left behind";
  EXPECT_EQ(Count("SELECT MAX(version) FROM schema_migrations"), 2);

  migrations.back() = {3, "fixed", "CREATE TABLE m3 (x INTEGER);", "CREATE TABLE m3 (x INTEGER);"};
  n = Migrate(*db_, migrations);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  st = db_->Read([](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        auto rows, c.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1"));
    EXPECT_EQ(rows.size(), 3u);
    if (rows.size() != 3) return Status::Ok();
    EXPECT_EQ(rows[0].Text(1), "first");
    EXPECT_EQ(rows[2].Int(0), 3);
    EXPECT_EQ(rows[2].Text(1), "fixed");
    EXPECT_EQ(rows[2].Text(2).size(), 20u);  // 2024-01-02T03:04:05Z
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(DatabaseTest, ProjectMigrationsApply) {
  auto n = Migrate(*db_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, static_cast<int>(AllMigrations().size()));
  n = Migrate(*db_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
}

TEST_P(DatabaseTest, CloseIsFinalAndDataSurvivesReopening) {
  CreateItems();
  ASSERT_TRUE(db_->Write([&](Connection& c) { return Insert(c, "A"); }).ok());
  EXPECT_TRUE(db_->Ping().ok());
  db_->Close();
  db_->Close();
  EXPECT_EQ(db_->Write([&](Connection& c) { return Insert(c, "B"); }).code(), Code::kUnavailable);
  EXPECT_EQ(db_->Read([](Connection&) { return Status::Ok(); }).code(), Code::kUnavailable);
  if (!pg()) {
    // The checkpoint emptied the WAL into the main file.
    fs::path wal = location_.url() + "-wal";
    EXPECT_TRUE(!fs::exists(wal) || fs::file_size(wal) == 0);
  }
  db_ = Open();
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Count(), 1);
  if (!pg()) {
    Status st = db_->Read([](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query("PRAGMA integrity_check"));
      EXPECT_EQ(rows.size(), 1u);
      if (!rows.empty()) {
        EXPECT_EQ(rows[0].Text(0), "ok");
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, DatabaseTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST(RewritePlaceholdersTest, SkipsLiteralsIdentifiersAndComments) {
  int n = 0;
  EXPECT_EQ(RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c = ?", &n),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(RewritePlaceholders("SELECT 'it''s ?', \"q?\", ? -- why?\n, ? /* ? */", &n),
            "SELECT 'it''s ?', \"q?\", $1 -- why?\n, $2 /* ? */");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(RewritePlaceholders("SELECT 'unterminated ?", &n), "SELECT 'unterminated ?");
  EXPECT_EQ(n, 0);
}

TEST(RowTest, ConvertsBetweenTypes) {
  Row r({std::string("42"), int64_t{7}, 1.5, nullptr, std::string("t"), std::string("3.0"),
         std::string("f")});
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_EQ(r.Text(1), "7");
  EXPECT_DOUBLE_EQ(r.Double(1), 7.0);
  EXPECT_EQ(r.Text(2), "1.5");
  EXPECT_EQ(r.Int(3), 0);
  EXPECT_TRUE(r.IsNull(3));
  EXPECT_TRUE(r.Bool(4));
  EXPECT_EQ(r.Int(5), 3);
  EXPECT_FALSE(r.Bool(6));
  EXPECT_EQ(r.OptInt(0), 42);
  EXPECT_EQ(r.OptText(1), "7");
}

TEST(OpenDatabaseTest, ChoosesDriverAndFailsEarly) {
  fs::path dir = fs::temp_directory_path() / fmt::format("motcua_open_{}", getpid());
  fs::remove_all(dir);
  auto db = OpenDatabase(DatabaseOptions("sqlite:" + (dir / "a" / "x.db").string()));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->dialect(), Dialect::kSqlite);
  (*db)->Close();
  EXPECT_TRUE(fs::exists(dir / "a" / "x.db"));
  EXPECT_FALSE(OpenDatabase(DatabaseOptions(":memory:")).ok());
  // Nothing listens on port 1: fails at once rather than on first use.
  EXPECT_FALSE(OpenDatabase(DatabaseOptions("postgresql://postgres@127.0.0.1:1/none")).ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace motcua::storage
