// Concurrent writers on PostgreSQL (decisions 0020 and 0023): the retry policy of Write, the hash
// chains (appended unlinked, linked by one linker at a time) and the day's dossier sequence under
// several writers at once, and migrations started together.
// Needs MOTCUA_TEST_PG_URL (scripts/test-postgres.sh); skipped without it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "storage/audit_chain.h"
#include "storage/database.h"
#include "storage/dossier_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

class PostgresConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUrl() == nullptr) GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    ASSERT_TRUE(location_.Prepare(Dialect::kPostgres, "pgc").ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    db_.reset();
    location_.Remove();
  }
  Database& Open(bool migrate = true) {
    DatabaseOptions options(location_.url());
    options.reader_pool_size = 8;
    auto db = OpenDatabase(options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    if (migrate) {
      auto n = Migrate(*db_);
      EXPECT_TRUE(n.ok()) << n.status().ToString();
    }
    return *db_;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

Status RaiseSqlState(Connection& c, const std::string& state) {
  return c.ExecScript("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '" + state +
                      "'; END $$");
}

TEST_F(PostgresConcurrencyTest, SerializationFailureAndDeadlockAreRerun) {
  Database& db = Open(false);
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c.ExecScript("CREATE TABLE t (id SERIAL PRIMARY KEY, v TEXT)");
                }).ok());
  for (const std::string state : {"40001", "40P01"}) {
    int attempts = 0;
    Status st = db.WriteConcurrently([&](Connection& c) -> Status {
      ++attempts;  // counts attempts on purpose: the test is about re-running
      MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO t (v) VALUES (?)", {state}).status());
      if (attempts < 3) return RaiseSqlState(c, state);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(attempts, 3);
  }
  // The failed attempts left nothing behind.
  EXPECT_EQ(RowCount(db, "t"), 2);
}

TEST_F(PostgresConcurrencyTest, RetriesAreBoundedThenUnavailable) {
  Database& db = Open(false);
  int attempts = 0;
  Status st = db.Write([&](Connection& c) {
    ++attempts;
    return RaiseSqlState(c, "40001");
  });
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_EQ(attempts, 12);
}

TEST_F(PostgresConcurrencyTest, OtherFailuresAreNotRerunAndUniqueOnlyOnce) {
  Database& db = Open(false);
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c.ExecScript(
                      "CREATE TABLE u (k TEXT PRIMARY KEY); INSERT INTO u VALUES "
                      "('taken')");
                }).ok());
  int attempts = 0;
  Status st = db.WriteConcurrently([&](Connection& c) {
    ++attempts;
    return c.Exec("INSERT INTO u VALUES ('taken')").status();
  });
  EXPECT_EQ(st.reason(), "already_exists");
  EXPECT_EQ(attempts, 2);  // a concurrent writer may have taken it: looked at once more
  attempts = 0;
  st = db.WriteConcurrently([&](Connection& c) {
    ++attempts;
    return RaiseSqlState(c, "22012");  // division_by_zero: a bug, not a race
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(attempts, 1);
  attempts = 0;
  st = db.WriteConcurrently([&](Connection&) {
    ++attempts;
    return Status::Validation("missing_field", "x");
  });
  EXPECT_EQ(st.code(), Code::kValidation);
  EXPECT_EQ(attempts, 1);
}

TEST_F(PostgresConcurrencyTest, ConnectionLostBeforeCommitIsRerunOnAFreshOne) {
  Database& db = Open(false);
  ASSERT_TRUE(
      db.Write([](Connection& c) { return c.ExecScript("CREATE TABLE t (v INTEGER)"); }).ok());
  int attempts = 0;
  Status st = db.WriteConcurrently([&](Connection& c) -> Status {
    ++attempts;
    MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO t VALUES (?)", {int64_t{attempts}}).status());
    // The server ends this session, as a restart or a network cut would.
    if (attempts == 1) return c.Query("SELECT pg_terminate_backend(pg_backend_pid())").status();
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(attempts, 2);
  int64_t v = 0;
  ASSERT_TRUE(db.Read([&](Connection& c) -> Status {
                  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT v FROM t"));
                  if (rows.size() != 1) return Status::Internal("want one row");
                  v = rows[0].Int(0);
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(v, 2);
}

// Writers append to both chains and take numbers of one agency-day at once; a quarter of them
// roll back after appending and taking theirs. Meanwhile two linkers, each on a Database of its
// own (two processes), link what is committed. Once the last rows are linked the chains verify
// whole, positions are 1..N (no fork: the linkers took turns), and the committed numbers are 1..N.
TEST_F(PostgresConcurrencyTest, ChainsDoNotForkAndDaySequencesStayGapFree) {
  Database& db = Open();
  std::vector<std::unique_ptr<Database>> linker_dbs;
  for (int i = 0; i < 2; ++i) {
    auto other = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(other.ok()) << other.status().ToString();
    linker_dbs.push_back(std::move(other).value());
  }
  std::atomic<bool> writing{true};
  std::atomic<int64_t> linked_while_writing{0}, linker_failures{0}, busy{0};
  std::vector<std::thread> linkers;
  for (auto& ldb : linker_dbs) {
    linkers.emplace_back([&, d = ldb.get()] {
      while (writing) {
        auto r = LinkPendingRows(*d);
        if (!r.ok()) {
          ++linker_failures;
          ADD_FAILURE() << r.status().ToString();
        } else {
          linked_while_writing += r->linked;
          busy += r->busy;
        }
      }
    });
  }
  const int64_t agency = 1;
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c
                      .Exec(
                          "INSERT INTO agencies (id, code, name, type, path, created_at, "
                          "updated_at) VALUES (1, 'H12', 'UBND tỉnh', 'province', '/1/', 0, 0)")
                      .status();
                }).ok());
  // A dossier for the unnumbered writers' history rows, numbered 1 like any other.
  int64_t first_dossier = 0;
  ASSERT_TRUE(db.Write([&](Connection& c) -> Status {
                  MOTCUA_ASSIGN_OR_RETURN(int64_t n, NextDossierSequence(c, agency, "2026-12-03"));
                  DossierRecord d;
                  d.code = fmt::format("H12-261203-{:04d}", n);
                  d.procedure_code = "1.001234";
                  d.procedure_version = 1;
                  d.agency_id = agency;
                  d.channel = "counter";
                  d.applicant = "{}";
                  d.status = "received";
                  MOTCUA_ASSIGN_OR_RETURN(d, InsertDossier(c, d));
                  first_dossier = d.id;
                  return Status::Ok();
                }).ok());
  constexpr int kThreads = 6, kEach = 16;
  std::mutex mu;
  std::vector<int64_t> committed{1};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool roll_back = (t * kEach + i) % 4 == 3;
        // Half the writers take no number: the day's row would queue them before their appends.
        const bool numbered = t % 2 == 0;
        int64_t number = 0;
        Status st = db.WriteConcurrently([&](Connection& c) -> Status {
          DossierRecord d;
          d.id = first_dossier;
          if (numbered) {
            MOTCUA_ASSIGN_OR_RETURN(number, NextDossierSequence(c, agency, "2026-12-03"));
            d.code = fmt::format("H12-261203-{:04d}", number);
            d.procedure_code = "1.001234";
            d.procedure_version = 1;
            d.agency_id = agency;
            d.channel = "counter";
            d.applicant = "{}";
            d.status = "received";
            MOTCUA_ASSIGN_OR_RETURN(d, InsertDossier(c, d));
          }
          MOTCUA_RETURN_IF_ERROR(AppendChained(c, AuditChain(),
                                               {int64_t{1000 + t}, nullptr, "t", nullptr, "test",
                                                "seq", std::to_string(number), "{}"})
                                     .status());
          MOTCUA_RETURN_IF_ERROR(
              AppendChained(c, HistoryChain(),
                            {d.id, int64_t{1000 + t}, nullptr, "t", "test", nullptr, "test",
                             nullptr, "received", nullptr, "", "{}"})
                  .status());
          if (roll_back) return Status::Validation("rolled_back", "test");
          return Status::Ok();
        });
        if (roll_back) {
          if (st.reason() != "rolled_back") ++failures;
        } else if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << st.ToString();
        } else if (numbered) {
          std::lock_guard lock(mu);
          committed.push_back(number);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  writing = false;
  for (auto& th : linkers) th.join();
  for (auto& ldb : linker_dbs) ldb->Close();
  EXPECT_EQ(linker_failures.load(), 0);
  EXPECT_GT(linked_while_writing.load(), 0);
  auto rest = LinkAllPendingRows(db);
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(failures.load(), 0);
  std::set<int64_t> numbers(committed.begin(), committed.end());
  ASSERT_EQ(numbers.size(), committed.size()) << "a number was given twice";
  ASSERT_FALSE(numbers.empty());
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), static_cast<int64_t>(numbers.size())) << "a gap";
  auto check = VerifyChains(db, 64);
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE(check->first_break)
      << check->first_break->table << " row " << check->first_break->row_id << " "
      << check->first_break->reason;
  EXPECT_EQ(check->rows_checked, RowCount(db, "audit_log") + RowCount(db, "dossier_history"));
  for (const auto& head : check->heads) {
    EXPECT_EQ(head.pending, 0) << head.table;
    EXPECT_EQ(head.last_seq, head.rows) << head.table << ": positions are not 1..N";
  }
  EXPECT_EQ(RowCount(db, "dossiers"), static_cast<int64_t>(committed.size()));
}

// The chain no longer makes writers take turns: one writer has appended to both chains and waits
// inside its transaction while another appends to both and commits.
TEST_F(PostgresConcurrencyTest, ChainAppendersDoNotWaitForEachOther) {
  Database& db = Open();
  std::atomic<bool> first_appended{false}, second_committed{false};
  auto append = [](Connection& c, int64_t at) -> Status {
    return AppendChained(c, AuditChain(), {at, nullptr, "t", nullptr, "test", "x", "y", "{}"})
        .status();
  };
  std::thread first([&] {
    Status st = db.WriteConcurrently([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(append(c, 1));
      first_appended = true;
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!second_committed && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
  });
  while (!first_appended) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto started = std::chrono::steady_clock::now();
  Status st = db.WriteConcurrently([&](Connection& c) { return append(c, 2); });
  const auto waited = std::chrono::steady_clock::now() - started;
  // The linker sees only the committed row (the higher id): it goes first in the chain, and the
  // first writer's, committed later, after it.
  auto early = LinkPendingRows(db);
  second_committed = true;
  first.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_LT(waited, std::chrono::seconds(5)) << "the second appender waited for the first";
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->linked, 1);
  ASSERT_TRUE(LinkAllPendingRows(db).ok());
  auto check = VerifyChains(db);
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->first_break);
  EXPECT_EQ(check->rows_checked, 2);
  EXPECT_EQ(RowCount(db, "audit_log WHERE at = 2 AND chain_seq = 1"), 1);
  EXPECT_EQ(RowCount(db, "audit_log WHERE at = 1 AND chain_seq = 2"), 1);
}

// While a linker's transaction holds the linker's lock, another linker (here another process's)
// returns at once without linking; then it links what the first left.
TEST_F(PostgresConcurrencyTest, ASecondLinkerBacksOffWhileOneLinks) {
  Database& db = Open();
  auto other = OpenDatabase(DatabaseOptions(location_.url()));
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(db.WriteConcurrently([](Connection& c) {
                  return AppendChained(c, AuditChain(),
                                       {int64_t{1}, nullptr, "t", nullptr, "test", "x", "y", "{}"})
                      .status();
                }).ok());
  std::atomic<bool> holding{false}, done{false};
  std::thread holder([&] {
    Status st = db.WriteConcurrently([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto got,
                              c.QueryOne("SELECT CASE WHEN pg_try_advisory_xact_lock(19781, "
                                         "hashtext(current_schema())) THEN 1 ELSE 0 END"));
      if (got->Int(0) != 1) return Status::Internal("linker's lock not free");
      holding = true;
      while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto r = LinkPendingRows(**other);
  done = true;
  holder.join();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->busy);
  EXPECT_EQ(r->linked, 0);
  auto after = LinkPendingRows(**other);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->busy);
  EXPECT_EQ(after->linked, 1);
  (*other)->Close();
}

// Database::Write keeps its callbacks apart from the concurrent writers' (the writers' lock,
// exclusive against shared): a concurrent writer that started first finishes before it runs.
TEST_F(PostgresConcurrencyTest, WriteWaitsForConcurrentWriters) {
  Database& db = Open();
  std::atomic<bool> inside{false}, concurrent_done{false};
  std::atomic<bool> write_saw_done{false};
  std::thread concurrent([&] {
    Status st = db.WriteConcurrently([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(c.Query("SELECT 1").status());
      inside = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      concurrent_done = true;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok());
  });
  while (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  // The lock travels with the transaction's first statement (BEGIN is sent lazily): whatever
  // the callback reads from the database comes after the concurrent writer is done.
  Status st = db.Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(c.Query("SELECT 1").status());
    write_saw_done = concurrent_done.load();
    return Status::Ok();
  });
  concurrent.join();
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(write_saw_done.load());
}

// A write callback that reads through the Database (a cache filling itself) while holding its
// own connection: with more writers than the pool could serve twice, they must not starve each
// other of connections.
TEST_F(PostgresConcurrencyTest, WritersThatReadInsideDoNotExhaustThePool) {
  DatabaseOptions options(location_.url());
  options.reader_pool_size = 2;
  auto opened = OpenDatabase(options);
  ASSERT_TRUE(opened.ok());
  db_ = std::move(opened).value();
  Database& db = *db_;
  ASSERT_TRUE(
      db.Write([](Connection& c) { return c.ExecScript("CREATE TABLE t (v INTEGER)"); }).ok());
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        Status st = db.WriteConcurrently([&](Connection& c) -> Status {
          MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO t VALUES (1)").status());
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          return db.Read([](Connection& r) { return r.Query("SELECT COUNT(*) FROM t").status(); });
        });
        if (st.ok()) ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(done.load(), 40);
  EXPECT_EQ(RowCount(db, "t"), 40);
}

TEST_F(PostgresConcurrencyTest, InstancesMigratingTogetherApplyEachMigrationOnce) {
  constexpr int kInstances = 4;
  std::vector<int> applied(kInstances, -1);
  std::vector<std::string> errors(kInstances);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] {
      auto db = OpenDatabase(DatabaseOptions(location_.url()));
      if (!db.ok()) {
        errors[i] = db.status().ToString();
        return;
      }
      auto n = Migrate(**db);
      if (n.ok()) {
        applied[i] = *n;
      } else {
        errors[i] = n.status().ToString();
      }
      (*db)->Close();
    });
  }
  for (auto& th : threads) th.join();
  int total = 0;
  for (int i = 0; i < kInstances; ++i) {
    EXPECT_EQ(errors[i], "") << "instance " << i;
    total += std::max(applied[i], 0);
  }
  EXPECT_EQ(total, static_cast<int>(AllMigrations().size()));
  Database& db = Open(false);
  EXPECT_EQ(RowCount(db, "schema_migrations"), static_cast<int64_t>(AllMigrations().size()));
}

}  // namespace
}  // namespace motcua::storage
