// The PostgreSQL driver prepares each statement once per connection (decision 0023): the same SQL
// with other parameter types, after a rolled-back transaction, past the cache's size, and after
// a failure in preparing behaves as unprepared statements do. Needs MOTCUA_TEST_PG_URL.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

class PostgresPreparedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUrl() == nullptr) GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    ASSERT_TRUE(location_.Prepare(Dialect::kPostgres, "pgp").ok());
    DatabaseOptions options(location_.url());
    options.reader_pool_size = 1;  // every call on the same few connections
    auto db = OpenDatabase(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Write([](Connection& c) {
                     return c.ExecScript(
                         "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, n "
                         "BIGINT)");
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

TEST_F(PostgresPreparedTest, SameStatementWithOtherTypesRollbacksAndFailures) {
  const std::string insert = "INSERT INTO t (id, name, n) VALUES (?, ?, ?)";
  ASSERT_TRUE(db_->Write([&](Connection& c) {
                   return c.Exec(insert, {int64_t{1}, nullptr, nullptr}).status();
                 })
                  .ok());
  // Rolled back after the statement was prepared: the next run of it still works.
  EXPECT_EQ(db_->Write([&](Connection& c) -> Status {
                 MOTCUA_RETURN_IF_ERROR(
                     c.Exec(insert, {int64_t{2}, std::string("b"), int64_t{2}}).status());
                 return Status::Validation("rolled_back", "test");
               })
                .reason(),
            "rolled_back");
  ASSERT_TRUE(db_->Write([&](Connection& c) {
                   return c.Exec(insert, {int64_t{2}, std::string("b"), int64_t{2}}).status();
                 })
                  .ok());
  // A duplicate key fails as before, and the connection goes on.
  Status dup = db_->Write([&](Connection& c) {
    return c.Exec(insert, {int64_t{2}, std::string("c"), int64_t{3}}).status();
  });
  EXPECT_EQ(dup.reason(), "already_exists") << dup.ToString();
  // A statement the server cannot prepare fails like one it cannot run.
  Status bad = db_->Write([](Connection& c) { return c.Exec("SELECT nope FROM t").status(); });
  EXPECT_FALSE(bad.ok());
  int64_t rows = -1;
  std::string name;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto r, c.QueryOne("SELECT COUNT(*) FROM t"));
                   rows = r->Int(0);
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto s, c.QueryOne("SELECT name FROM t WHERE id = ?", {int64_t{2}}));
                   name = s->Text(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(rows, 2);
  EXPECT_EQ(name, "b");
}

// Each statement is prepared the second time a connection sees it, up to the cache's size; the
// third pass runs prepared and unprepared ones alike.
TEST_F(PostgresPreparedTest, MoreDistinctStatementsThanTheCacheHolds) {
  for (int pass = 0; pass < 3; ++pass) {
    Status st = db_->Write([&](Connection& c) -> Status {
      for (int i = 0; i < 450; ++i) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec(fmt::format("INSERT INTO t (id, name, n) VALUES (?, 'x', {})", i),
                   {int64_t{pass * 1000 + i}})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << "pass " << pass << ": " << st.ToString();
  }
  EXPECT_EQ(RowCount(*db_, "t"), 1350);
  EXPECT_EQ(RowCount(*db_, "t WHERE n = 420"), 3);
}

}  // namespace
}  // namespace motcua::storage
