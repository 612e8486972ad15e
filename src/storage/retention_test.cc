// The retention purge against both drivers.
#include "storage/retention.h"

#include <gtest/gtest.h>

#include <stop_token>

#include "storage/dossier_store.h"
#include "storage/test_database.h"
#include "storage/user_store.h"

namespace motcua::storage {
namespace {

constexpr int64_t kNow = 1'752'476'400;

class RetentionTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr)
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    ASSERT_TRUE(location_.Prepare(GetParam(), "retention").ok());
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(Migrate(*db_).ok());
    // 7 stale idempotency records and 3 fresh; 5 expired sessions and 2 live.
    Status st = db_->Write([](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO users (id, username, password_hash, full_name, "
                                    "role, created_at) VALUES (1, 'u', 'x', 'U', 'citizen', 0)")
                                 .status());
      for (int i = 0; i < 10; ++i) {
        IdempotencyRecord r{1,
                            "k" + std::to_string(i),
                            "h",
                            201,
                            R"({"applicant":{"id_number":"001090012345"}})",
                            i < 7 ? kNow - 2 * 86400 - i : kNow - 60};
        MOTCUA_RETURN_IF_ERROR(InsertIdempotencyKey(c, r));
      }
      // Notifications: 3 old and final (sent, dead, skipped), 1 old but still to deliver
      // (failed), 1 recent and sent.
      const char* kOutbox[][2] = {
          {"sent", "100"}, {"dead", "100"}, {"skipped", "100"}, {"failed", "100"}, {"sent", "1"}};
      for (const auto& [status, days] : kOutbox) {
        const int64_t created = kNow - std::stoll(days) * 86400;
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO notification_outbox (event, channel, recipient, payload, status, "
                   "next_attempt_at, created_at) VALUES ('received', 'sms', '84912345678', '{}', "
                   "?, ?, ?)",
                   {std::string(status), created, created})
                .status());
      }
      // Unsubscribe links: one from an e-mail of 400 days ago, one of 100 days ago.
      for (int days : {400, 100})
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO notification_unsubscribe_links (token_hash, channel, recipient, "
                   "created_at) VALUES (?, 'email', 'an@example.vn', ?)",
                   {"h" + std::to_string(days), kNow - days * int64_t{86400}})
                .status());
      for (int i = 0; i < 7; ++i) {
        MOTCUA_RETURN_IF_ERROR(InsertSession(
            c, {"t" + std::to_string(i), 1, "csrf", 0, i < 5 ? kNow - 1 : kNow + 3600}));
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(RetentionTest, PurgesOnlyWhatIsPastItsWindowInSmallBatches) {
  auto r = PurgeExpired(*db_, kNow, {24 * 3600, 2});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->idempotency_keys, 7);
  EXPECT_EQ(r->sessions, 5);
  EXPECT_EQ(RowCount(*db_, "idempotency_keys"), 3);
  EXPECT_EQ(RowCount(*db_,
                     "idempotency_keys WHERE response LIKE '%001090012345%' AND "
                     "created_at < " +
                         std::to_string(kNow - 86400)),
            0);
  EXPECT_EQ(RowCount(*db_, "sessions"), 2);
  EXPECT_EQ(r->notifications, 3);
  EXPECT_EQ(RowCount(*db_, "notification_outbox WHERE status = 'failed'"), 1);
  EXPECT_EQ(RowCount(*db_, "notification_outbox WHERE status = 'sent'"), 1);
  EXPECT_EQ(r->unsubscribe_links, 1);
  EXPECT_EQ(RowCount(*db_, "notification_unsubscribe_links WHERE token_hash = 'h100'"), 1);
  auto again = PurgeExpired(*db_, kNow, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(
      again->idempotency_keys + again->sessions + again->notifications + again->unsubscribe_links,
      0);
}

TEST_P(RetentionTest, StopsBetweenBatchesAndKeepsItsProgress) {
  std::stop_source stop;
  stop.request_stop();
  RetentionResult done;
  auto r = PurgeExpired(*db_, kNow, {24 * 3600, 2}, stop.get_token(), &done);
  EXPECT_EQ(r.status().reason(), "cancelled");
  EXPECT_EQ(done.idempotency_keys, 0);
  EXPECT_EQ(RowCount(*db_, "idempotency_keys"), 10);
}

INSTANTIATE_TEST_SUITE_P(Engines, RetentionTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
