// The notification rows (migration 20) against both drivers. The PostgreSQL half needs
// MOTCUA_TEST_PG_URL (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/notification_store.h"

#include <gtest/gtest.h>

#include "storage/test_database.h"

namespace motcua::storage {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

class NotificationStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr)
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    Status prepared = location_.Prepare(GetParam(), "nt");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(Migrate(*db_).ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  int64_t Insert(const std::string& channel, int64_t due, const std::string& status = "queued") {
    OutboxRecord r;
    r.event = "received";
    r.channel = channel;
    r.recipient = channel == "email" ? "a@example.vn" : "0912345678";
    r.payload = R"({"text":"Ho so"})";
    r.status = status;
    r.next_attempt_at = due;
    r.created_at = kT0;
    int64_t id = 0;
    EXPECT_TRUE(db_->Write([&](Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(id, InsertOutbox(c, r));
                     return Status::Ok();
                   })
                    .ok());
    return id;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(NotificationStoreTest, DueRowsOfTheGivenChannelsOldestFirstAndLeasedOnce) {
  int64_t late = Insert("sms", kT0 + 10);
  int64_t early = Insert("email", kT0 - 10);
  Insert("zalo", kT0 - 20);           // a channel not asked for
  Insert("sms", kT0 + 100);           // not due yet
  Insert("email", kT0 - 30, "sent");  // done
  ASSERT_TRUE(
      db_->Write([&](Connection& c) -> Status {
           MOTCUA_ASSIGN_OR_RETURN(auto due, DueOutbox(c, kT0 + 10, {"email", "sms"}, 10));
           EXPECT_EQ(due.size(), 2u);
           if (due.size() != 2) return Status::Ok();
           EXPECT_EQ(due[0].id, early);
           EXPECT_EQ(due[1].id, late);
           MOTCUA_ASSIGN_OR_RETURN(bool first, LeaseOutbox(c, early, kT0 - 10, kT0 + 130));
           MOTCUA_ASSIGN_OR_RETURN(bool again, LeaseOutbox(c, early, kT0 - 10, kT0 + 130));
           EXPECT_TRUE(first);
           EXPECT_FALSE(again) << "a row another worker took is not taken twice";
           MOTCUA_ASSIGN_OR_RETURN(auto after, DueOutbox(c, kT0 + 10, {"email", "sms"}, 10));
           EXPECT_EQ(after.size(), 1u);
           MOTCUA_ASSIGN_OR_RETURN(auto none, DueOutbox(c, kT0 + 10, {}, 10));
           EXPECT_TRUE(none.empty());
           return Status::Ok();
         })
          .ok());
}

TEST_P(NotificationStoreTest, UpdateWritesTheOutcomeOfAnAttempt) {
  int64_t id = Insert("sms", kT0);
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto row, FindOutbox(c, id));
                   if (!row) return Status(Code::kNotFound, "outbox_row");
                   row->status = "failed";
                   row->attempts = 1;
                   row->next_attempt_at = kT0 + 60;
                   row->last_error = "connection refused";
                   MOTCUA_RETURN_IF_ERROR(UpdateOutbox(c, *row));
                   MOTCUA_ASSIGN_OR_RETURN(auto back, FindOutbox(c, id));
                   EXPECT_EQ(back->status, "failed");
                   EXPECT_EQ(back->attempts, 1);
                   EXPECT_EQ(back->next_attempt_at, kT0 + 60);
                   EXPECT_EQ(back->last_error, "connection refused");
                   EXPECT_FALSE(back->sent_at);
                   EXPECT_FALSE(back->dossier_id);
                   return Status::Ok();
                 })
                  .ok());
}

TEST_P(NotificationStoreTest, PreferencesOptOutsAndUnsubscribeLinks) {
  ASSERT_TRUE(
      db_->Write([&](Connection& c) -> Status {
           MOTCUA_RETURN_IF_ERROR(
               c.Exec("INSERT INTO users (id, username, password_hash, full_name, role, "
                      "created_at) VALUES (7, 'cd', 'x', 'Công dân', 'citizen', 0)")
                   .status());
           MOTCUA_ASSIGN_OR_RETURN(auto none, FindNotificationPreferences(c, 7));
           EXPECT_FALSE(none);
           MOTCUA_RETURN_IF_ERROR(SaveNotificationPreferences(c, 7, {false, true, true}, kT0));
           MOTCUA_RETURN_IF_ERROR(SaveNotificationPreferences(c, 7, {true, false, true}, kT0 + 1));
           MOTCUA_ASSIGN_OR_RETURN(auto p, FindNotificationPreferences(c, 7));
           EXPECT_TRUE(p && p->email && !p->sms && p->zalo);
           MOTCUA_RETURN_IF_ERROR(InsertOptOut(c, "email", "a@example.vn", kT0));
           MOTCUA_RETURN_IF_ERROR(InsertOptOut(c, "email", "a@example.vn", kT0 + 5));
           MOTCUA_ASSIGN_OR_RETURN(bool out, IsOptedOut(c, "email", "a@example.vn"));
           MOTCUA_ASSIGN_OR_RETURN(bool sms, IsOptedOut(c, "sms", "a@example.vn"));
           EXPECT_TRUE(out);
           EXPECT_FALSE(sms);
           MOTCUA_RETURN_IF_ERROR(InsertUnsubscribeLink(c, "h1", "email", "b@x.vn", kT0));
           MOTCUA_ASSIGN_OR_RETURN(auto link, FindUnsubscribeLink(c, "h1"));
           EXPECT_TRUE(link && link->recipient == "b@x.vn");
           MOTCUA_ASSIGN_OR_RETURN(auto missing, FindUnsubscribeLink(c, "h2"));
           EXPECT_FALSE(missing);
           return Status::Ok();
         })
          .ok());
}

INSTANTIATE_TEST_SUITE_P(Drivers, NotificationStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
