// E-mail addresses and password-reset links (migration 19) on both drivers. The PostgreSQL half
// needs MOTCUA_TEST_PG_URL (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/user_store.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

class UserStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "us");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  Result<UserRecord> Add(Connection& c, const std::string& username, const std::string& email) {
    UserRecord u;
    u.username = username;
    u.password_hash = "x";
    u.full_name = username;
    u.role = "citizen";
    u.email = email;
    return InsertUser(c, u);
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(UserStoreTest, EmailIsOptionalAndUnique) {
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_RETURN_IF_ERROR(Add(c, "a", "a@example.vn").status());
                   MOTCUA_RETURN_IF_ERROR(Add(c, "b", "").status());
                   return Add(c, "c", "").status();  // no address twice: NULLs never collide
                 })
                  .ok());
  Status dup = db_->Write([&](Connection& c) { return Add(c, "d", "a@example.vn").status(); });
  EXPECT_EQ(dup.code(), Code::kConflict) << dup.ToString();
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   auto a = FindUserByEmail(c, "a@example.vn");
                   EXPECT_TRUE(a.ok() && *a && (*a)->username == "a");
                   auto b = FindUserByUsername(c, "b");
                   EXPECT_TRUE(b.ok() && *b && (*b)->email.empty());
                   auto none = FindUserByEmail(c, "");
                   EXPECT_TRUE(none.ok() && !*none);
                   auto d = FindUserByUsername(c, "d");
                   EXPECT_TRUE(d.ok() && !*d) << "the refused insert wrote nothing";
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(UserStoreTest, ASessionIsFoundWithItsUserInOneStatement) {
  int64_t id = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto u, Add(c, "lan", "lan@example.vn"));
                   id = u.id;
                   return InsertSession(c, {"hash-1", u.id, "csrf-1", 100, 200});
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto found, FindSessionWithUser(c, "hash-1"));
                   EXPECT_TRUE(found.has_value());
                   if (!found) return Status::Ok();
                   EXPECT_EQ(found->user.id, id);
                   EXPECT_EQ(found->user.username, "lan");
                   EXPECT_EQ(found->user.email, "lan@example.vn");
                   EXPECT_EQ(found->session.token_hash, "hash-1");
                   EXPECT_EQ(found->session.user_id, id);
                   EXPECT_EQ(found->session.csrf_token, "csrf-1");
                   EXPECT_EQ(found->session.created_at, 100);
                   EXPECT_EQ(found->session.expires_at, 200);
                   MOTCUA_ASSIGN_OR_RETURN(auto none, FindSessionWithUser(c, "hash-2"));
                   EXPECT_FALSE(none.has_value());
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(UserStoreTest, AResetLinkIsUsedOnlyOnce) {
  int64_t user_id = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto u, Add(c, "a", "a@example.vn"));
                   user_id = u.id;
                   MOTCUA_RETURN_IF_ERROR(InsertPasswordReset(c, {"h1", u.id, 100, 1900, {}}));
                   return InsertPasswordReset(c, {"h2", u.id, 10, 50, {}});
                 })
                  .ok());
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   auto first = MarkPasswordResetUsed(c, "h1", 200);
                   EXPECT_TRUE(first.ok() && *first);
                   auto second = MarkPasswordResetUsed(c, "h1", 300);
                   EXPECT_TRUE(second.ok() && !*second);
                   auto r = FindPasswordReset(c, "h1");
                   EXPECT_TRUE(r.ok() && *r && (*r)->used_at == 200 && (*r)->user_id == user_id);
                   auto gone = DeleteExpiredPasswordResets(c, 60);
                   EXPECT_TRUE(gone.ok() && *gone == 1);
                   auto h2 = FindPasswordReset(c, "h2");
                   EXPECT_TRUE(h2.ok() && !*h2);
                   return Status::Ok();
                 })
                  .ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, UserStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
