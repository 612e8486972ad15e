// Reads gathered into one batch give what the same reads one by one give, on both drivers; on
// PostgreSQL they travel in one pipeline (with BEGIN when they open the transaction) once every
// statement is prepared, so each case runs three times. Likewise deferred writes (ExecLater). The
// PostgreSQL half needs MOTCUA_TEST_PG_URL and is skipped without it.
#include "storage/query_batch.h"

#include <gtest/gtest.h>

#include "storage/test_database.h"

namespace motcua::storage {
namespace {

class QueryBatchTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "qb");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    DatabaseOptions options(location_.url());
    options.reader_pool_size = 1;  // the same connection again and again
    auto db = OpenDatabase(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
                     MOTCUA_RETURN_IF_ERROR(c.ExecScript(
                         "CREATE TABLE t (id BIGINT PRIMARY KEY, g BIGINT, name TEXT)"));
                     for (int64_t i = 1; i <= 6; ++i)
                       MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO t (id, g, name) VALUES (?, ?, ?)",
                                                     {i, i % 2, "n" + std::to_string(i)})
                                                  .status());
                     return Status::Ok();
                   })
                    .ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(QueryBatchTest, GivesEachQueryItsOwnRowsInOrder) {
  for (int round = 0; round < 3; ++round) {
    std::vector<int64_t> odd, even;
    std::string named;
    int64_t none = -1;
    Status st = db_->Read([&](Connection& c) {
      QueryBatch batch;
      batch.Add("SELECT id FROM t WHERE g = ? ORDER BY id", {int64_t{1}}, [&](Rows& rows) {
        for (const auto& r : rows) odd.push_back(r.Int(0));
        return Status::Ok();
      });
      batch.Add("SELECT id FROM t WHERE g = ? ORDER BY id", {int64_t{0}}, [&](Rows& rows) {
        for (const auto& r : rows) even.push_back(r.Int(0));
        return Status::Ok();
      });
      batch.Add("SELECT name FROM t WHERE id = ?", {int64_t{5}}, [&](Rows& rows) {
        named = rows.at(0).Text(0);
        return Status::Ok();
      });
      batch.Add("SELECT COUNT(*) FROM t WHERE name = ?", {std::string("none")}, [&](Rows& rows) {
        none = rows.at(0).Int(0);
        return Status::Ok();
      });
      return batch.Run(c);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(odd, (std::vector<int64_t>{1, 3, 5})) << "round " << round;
    EXPECT_EQ(even, (std::vector<int64_t>{2, 4, 6}));
    EXPECT_EQ(named, "n5");
    EXPECT_EQ(none, 0);
  }
}

TEST_P(QueryBatchTest, AFailingQueryFailsTheBatchAndItsTransaction) {
  for (int round = 0; round < 3; ++round) {
    bool took_first = false;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(c.Exec("DELETE FROM t WHERE id = ?", {int64_t{1}}).status());
      QueryBatch batch;
      batch.Add("SELECT id FROM t WHERE g = ?", {int64_t{1}}, [&](Rows&) {
        took_first = true;
        return Status::Ok();
      });
      // Fails after the first query ran: PostgreSQL divides by zero while running it (once
      // prepared, so that the third round sends both in one pipeline); SQLite, which answers
      // NULL to that, reads a column that is not there.
      batch.Add(GetParam() == Dialect::kPostgres ? "SELECT 1 / (id - id) FROM t WHERE id = ?"
                                                 : "SELECT missing FROM t WHERE id = ?",
                {int64_t{3}}, [&](Rows&) { return Status::Ok(); });
      return batch.Run(c);
    });
    EXPECT_FALSE(st.ok()) << "round " << round;
    EXPECT_FALSE(took_first);  // nothing is handed over from a batch that failed
    // Rolled back whole: the row deleted before the batch is still there.
    int64_t n = 0;
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM t"));
                     n = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    EXPECT_EQ(n, 6);
  }
}

TEST_P(QueryBatchTest, ABatchThatOpensAReadSeesItsSnapshot) {
  for (int round = 0; round < 3; ++round) {
    std::string isolation;
    Status st = db_->Read([&](Connection& c) {
      QueryBatch batch;
      const char* sql = GetParam() == Dialect::kPostgres
                            ? "SELECT current_setting('transaction_isolation'), COUNT(*) FROM t "
                              "WHERE g = ?"
                            : "SELECT 'repeatable read', COUNT(*) FROM t WHERE g = ?";
      batch.Add(sql, {int64_t{1}}, [&](Rows& rows) {
        isolation = rows.at(0).Text(0);
        return Status::Ok();
      });
      batch.Add("SELECT id FROM t WHERE id = ?", {int64_t{2}}, [](Rows&) { return Status::Ok(); });
      return batch.Run(c);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(isolation, "repeatable read");
  }
}

// Deferred writes (Connection::ExecLater). PostgreSQL defers a statement once it is prepared
// there: from the third round on.
TEST_P(QueryBatchTest, DeferredWritesAreSeenByTheNextStatementAndCommitted) {
  for (int64_t round = 0; round < 3; ++round) {
    std::string name;
    int64_t count = 0;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(
          c.ExecLater("UPDATE t SET name = ? WHERE id = ?",
                      {"r" + std::to_string(round), int64_t{1}}, [](int64_t changed) {
                        return changed == 1 ? Status::Ok() : Status::Internal("not 1 row");
                      }));
      MOTCUA_RETURN_IF_ERROR(c.ExecLater("INSERT INTO t (id, g, name) VALUES (?, ?, ?)",
                                         {100 + round, int64_t{9}, std::string("new")}));
      QueryBatch batch;
      batch.Add("SELECT name FROM t WHERE id = ?", {int64_t{1}}, [&](Rows& rows) {
        name = rows.at(0).Text(0);
        return Status::Ok();
      });
      batch.Add("SELECT COUNT(*) FROM t WHERE g = ?", {int64_t{9}}, [&](Rows& rows) {
        count = rows.at(0).Int(0);
        return Status::Ok();
      });
      MOTCUA_RETURN_IF_ERROR(batch.Run(c));
      // The last write of the transaction is sent when it commits.
      return c.ExecLater("UPDATE t SET g = ? WHERE id = ?", {int64_t{8}, 100 + round});
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(name, "r" + std::to_string(round)) << "round " << round;
    EXPECT_EQ(count, 1);
    int64_t committed = 0;
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(
                         auto row,
                         c.QueryOne("SELECT COUNT(*) FROM t WHERE g = 8 AND name = 'new'"));
                     committed = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    EXPECT_EQ(committed, round + 1);
  }
}

TEST_P(QueryBatchTest, AFailedCheckFailsTheNextStatementAndNothingIsWritten) {
  for (int64_t round = 0; round < 3; ++round) {
    bool deferred = false;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(c.ExecLater("INSERT INTO t (id, g, name) VALUES (?, ?, ?)",
                                         {int64_t{50}, int64_t{7}, std::string("lost")}));
      Status later = c.ExecLater(
          "UPDATE t SET name = ? WHERE id = ?", {std::string("x"), int64_t{999}},
          [](int64_t changed) {
            return changed == 0 ? Status::Conflict("stale_version", "version") : Status::Ok();
          });
      if (!later.ok()) return later;  // SQLite, and PostgreSQL before it is prepared: at once
      deferred = true;
      return c.Query("SELECT id FROM t WHERE id = ?", {int64_t{2}}).status();
    });
    ASSERT_FALSE(st.ok()) << "round " << round;
    EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
    EXPECT_EQ(st.reason(), "stale_version");
    if (GetParam() == Dialect::kPostgres && round == 2) {
      EXPECT_TRUE(deferred);
    } else if (GetParam() == Dialect::kSqlite) {
      EXPECT_FALSE(deferred);
    }
    int64_t n = -1;
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row,
                                             c.QueryOne("SELECT COUNT(*) FROM t WHERE id = 50"));
                     n = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    EXPECT_EQ(n, 0);
  }
}

TEST_P(QueryBatchTest, AFailingDeferredWriteFailsTheCommit) {
  for (int64_t round = 0; round < 3; ++round) {
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(c.Exec("DELETE FROM t WHERE id = ?", {int64_t{6}}).status());
      // A key that is taken: on PostgreSQL, once deferred, it fails only when the commit sends it.
      return c.ExecLater("INSERT INTO t (id, g, name) VALUES (?, ?, ?)",
                         {int64_t{2}, int64_t{0}, std::string("twice")});
    });
    ASSERT_FALSE(st.ok()) << "round " << round;
    EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
    EXPECT_EQ(st.reason(), "already_exists");
    int64_t n = 0;
    ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row,
                                             c.QueryOne("SELECT COUNT(*) FROM t WHERE id = 6"));
                     n = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    EXPECT_EQ(n, 1);  // the delete before it was rolled back
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, QueryBatchTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
