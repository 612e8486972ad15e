// The PostgreSQL driver sends BEGIN (and the writers' lock) with a transaction's first statement
// and does not wait for a read-only COMMIT's answer (decision 0024). These tests hold it to what
// the round trips it saves must not change: a failing first statement, a Read's one snapshot, no
// transaction left open, and a pooled connection the server dropped.
// Needs MOTCUA_TEST_PG_URL (scripts/test-postgres.sh); skipped without it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/database.h"
#include "storage/query_batch.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

class PostgresPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUrl() == nullptr) GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    ASSERT_TRUE(location_.Prepare(Dialect::kPostgres, "pgl").ok());
    db_ = OpenPool(1);
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->Write([](Connection& c) {
                     return c.ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT)");
                   })
                    .ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    if (other_) other_->Close();
    location_.Remove();
  }
  std::unique_ptr<Database> OpenPool(int readers) {
    DatabaseOptions options(location_.url());
    options.reader_pool_size = readers;
    auto db = OpenDatabase(options);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }
  Status Insert(Database& db, int64_t id) {
    return db.WriteConcurrently([&](Connection& c) {
      return c.Exec("INSERT INTO t (id, name) VALUES (?, ?)", {id, std::string("x")}).status();
    });
  }
  Result<int64_t> Count(Database& db) {
    int64_t n = -1;
    MOTCUA_RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(
          auto row, c.QueryOne("SELECT COUNT(*), current_setting('transaction_isolation') "
                               "FROM t WHERE id > ?",
                               {int64_t{0}}));
      n = row->Int(0);
      // Inside the Read's own transaction, even on a reopened connection.
      if (row->Text(1) != "repeatable read") return Status::Internal(row->Text(1));
      return Status::Ok();
    }));
    return n;
  }

  // The server drops the pool's one connection (a restart, an idle timeout), through other_.
  void DropPooled() {
    if (!other_) other_ = OpenPool(1);
    ASSERT_TRUE(other_);
    int64_t pid = 0;
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT pg_backend_pid()"));
                     pid = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    Status killed = other_->Write([&](Connection& c) {
      return c.Query("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {pid}).status();
    });
    ASSERT_TRUE(killed.ok()) << killed.ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Database> other_;
};

TEST_F(PostgresPipelineTest, AFailingFirstStatementRollsBackAndReportsItsOwnError) {
  // Three runs: the statement is prepared by the second, so the third travels with BEGIN.
  for (int64_t id = 1; id <= 3; ++id) ASSERT_TRUE(Insert(*db_, id).ok());
  Status st = Insert(*db_, 2);
  EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
  EXPECT_EQ(st.reason(), "already_exists");
  // Nothing half-done, and the connection is fit for the next transaction.
  Status two = db_->Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        c.Exec("INSERT INTO t (id, name) VALUES (?, ?)", {int64_t{4}, std::string("x")}).status());
    return c.Exec("INSERT INTO t (id, name) VALUES (?, ?)", {int64_t{1}, std::string("x")})
        .status();
  });
  EXPECT_EQ(two.code(), Code::kConflict);
  auto n = Count(*db_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 3);
  ASSERT_TRUE(Insert(*db_, 5).ok());
  EXPECT_EQ(*Count(*db_), 4);
}

TEST_F(PostgresPipelineTest, AReadSeesOneSnapshotFromItsFirstStatement) {
  for (int round = 0; round < 3; ++round) ASSERT_TRUE(Count(*db_).ok());  // prepared
  other_ = OpenPool(1);
  ASSERT_TRUE(other_);
  int64_t before = -1, after = -1;
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto row,
                            c.QueryOne("SELECT COUNT(*) FROM t WHERE id > ?", {int64_t{0}}));
    before = row->Int(0);
    // Committed by another connection after this Read's first statement: not seen by it.
    MOTCUA_RETURN_IF_ERROR(Insert(*other_, 100));
    MOTCUA_ASSIGN_OR_RETURN(row, c.QueryOne("SELECT COUNT(*) FROM t WHERE id > ?", {int64_t{0}}));
    after = row->Int(0);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(*Count(*db_), 1);
}

TEST_F(PostgresPipelineTest, AReadLeavesNoTransactionOpen) {
  int64_t pid = 0;
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT pg_backend_pid()"));
                     pid = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
  }
  // The COMMIT went without waiting for its answer; the server still ends the transaction.
  other_ = OpenPool(1);
  ASSERT_TRUE(other_);
  std::string state;
  for (int i = 0; i < 200 && state != "idle"; ++i) {
    ASSERT_TRUE(other_
                    ->Read([&](Connection& c) -> Status {
                      MOTCUA_ASSIGN_OR_RETURN(
                          auto row,
                          c.QueryOne("SELECT state FROM pg_stat_activity WHERE pid = ?", {pid}));
                      state = row ? row->Text(0) : "gone";
                      return Status::Ok();
                    })
                    .ok());
    if (state != "idle") std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(state, "idle");
  // A Read that runs nothing opens nothing, and the connection serves the next ones.
  EXPECT_TRUE(db_->Read([](Connection&) { return Status::Ok(); }).ok());
  EXPECT_TRUE(Insert(*db_, 7).ok());
  EXPECT_EQ(*Count(*db_), 1);
}

TEST_F(PostgresPipelineTest, APooledConnectionTheServerDroppedIsReopened) {
  // Both paths: a first statement already prepared (sent with BEGIN) and one that is not.
  for (int round = 0; round < 3; ++round) ASSERT_TRUE(Count(*db_).ok());
  other_ = OpenPool(1);
  ASSERT_TRUE(other_);
  DropPooled();
  auto n = Count(*db_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  DropPooled();
  std::string isolation;
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        auto row, c.QueryOne("SELECT current_setting('transaction_isolation'), COUNT(*) FROM t "
                             "WHERE name = ?",
                             {std::string("y")}));
    isolation = row->Text(0);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(isolation, "repeatable read");
  DropPooled();
  EXPECT_TRUE(Insert(*db_, 9).ok());
  EXPECT_EQ(*Count(*db_), 1);
  // A batch that opens its transaction, prepared and so sent with BEGIN in one pipeline.
  auto batch_read = [&](std::string* isolation) {
    return db_->Read([&](Connection& c) -> Status {
      QueryBatch batch;
      batch.Add("SELECT current_setting('transaction_isolation') FROM t WHERE id = ?", {int64_t{9}},
                [&](Rows& rows) {
                  *isolation = rows.at(0).Text(0);
                  return Status::Ok();
                });
      batch.Add("SELECT COUNT(*) FROM t WHERE id <> ?", {int64_t{9}},
                [](Rows&) { return Status::Ok(); });
      return batch.Run(c);
    });
  };
  for (int round = 0; round < 3; ++round) ASSERT_TRUE(batch_read(&isolation).ok());
  DropPooled();
  isolation.clear();
  st = batch_read(&isolation);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(isolation, "repeatable read");
}

TEST_F(PostgresPipelineTest, ReadOneRunsItsOneStatementWithoutATransactionBlock) {
  ASSERT_TRUE(Insert(*db_, 1).ok());
  // Three rounds: prepared by the second, sent as a prepared statement alone by the third.
  for (int round = 0; round < 3; ++round) {
    std::string isolation;
    int64_t n = -1;
    Status st = db_->ReadOne([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(
          auto row, c.QueryOne("SELECT current_setting('transaction_isolation'), COUNT(*) FROM t "
                               "WHERE id > ?",
                               {int64_t{0}}));
      isolation = row->Text(0);
      n = row->Int(1);
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    // The server's default, not the REPEATABLE READ a Read opens: no BEGIN was sent.
    EXPECT_EQ(isolation, "read committed") << "round " << round;
    EXPECT_EQ(n, 1);
    // Nothing left open on the pooled connection: the next Read opens its own transaction.
    EXPECT_EQ(*Count(*db_), 1);
  }
  // One statement only: a second one, or a batch of two, is a bug.
  Status two = db_->ReadOne([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(c.Query("SELECT 1").status());
    return c.Query("SELECT 2").status();
  });
  EXPECT_EQ(two.code(), Code::kInternal) << two.ToString();
  Status batch = db_->ReadOne([&](Connection& c) -> Status {
    QueryBatch b;
    b.Add("SELECT id FROM t WHERE id = ?", {int64_t{1}}, [](Rows&) { return Status::Ok(); });
    b.Add("SELECT id FROM t WHERE id = ?", {int64_t{2}}, [](Rows&) { return Status::Ok(); });
    return b.Run(c);
  });
  EXPECT_EQ(batch.code(), Code::kInternal) << batch.ToString();
  EXPECT_EQ(*Count(*db_), 1);
  // A dropped pooled connection is reopened for it too: for a statement prepared there (sent in
  // a pipeline) and for one never seen (sent unprepared).
  auto count_alone = [&](const char* sql) {
    return db_->ReadOne([&](Connection& c) { return c.Query(sql, {int64_t{0}}).status(); });
  };
  const char* prepared_sql = "SELECT COUNT(*) FROM t WHERE id > ?";
  for (int round = 0; round < 3; ++round) ASSERT_TRUE(count_alone(prepared_sql).ok());
  DropPooled();
  Status alone = count_alone(prepared_sql);
  EXPECT_TRUE(alone.ok()) << alone.ToString();
  // Again, with a statement the reopened connection has never seen.
  DropPooled();
  alone = count_alone("SELECT COUNT(*) FROM t WHERE id >= ?");
  EXPECT_TRUE(alone.ok()) << alone.ToString();
}

}  // namespace
}  // namespace motcua::storage
