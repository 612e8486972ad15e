// The hash chain of dossier_history and audit_log against both drivers, attacked the way someone
// with write access to the database would: triggers dropped, then a row edited or deleted.
#include "storage/audit_chain.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/dossier_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"
#include "storage/user_store.h"

namespace motcua::storage {
namespace {

class AuditChainTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr)
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    ASSERT_TRUE(location_.Prepare(GetParam(), "chain").ok());
    Open();
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    ASSERT_TRUE(db_->Write([](Connection& c) { return Seed(c); }).ok());
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  void Open() {
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  static Status Seed(Connection& c) {
    MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO agencies (id, code, name, type, path, created_at, "
                                  "updated_at) VALUES (1, 'H12', 'UBND tỉnh', 'province', '/1/', "
                                  "0, 0)")
                               .status());
    return c
        .Exec(
            "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
            "channel, applicant, status, submitted_at, updated_at) VALUES (1, "
            "'H12-250714-0001', '1.001234', 1, 1, 'counter', '{}', 'received', 0, 0)")
        .status();
  }

  // `n` history rows and `n` audit rows, each in its own transaction like the services write them.
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      Status st = db_->Write([&](Connection& c) -> Status {
        DossierHistoryRecord h;
        h.dossier_id = 1;
        h.at = 1000 + i;
        h.actor_name = "Cán bộ một cửa";
        h.actor_role = "reception_officer";
        h.action = i == 0 ? "register" : "assign";
        h.from_status = i == 0 ? std::nullopt : std::optional<std::string>("received");
        h.to_status = "received";
        h.comment = "Lần " + std::to_string(i);
        MOTCUA_RETURN_IF_ERROR(AppendDossierHistory(c, h).status());
        AuditRecord a;
        a.at = 1000 + i;
        a.actor_user_id = i == 0 ? std::nullopt : std::optional<int64_t>(7);
        a.actor_username = "cb.motcua";
        a.action = "dossier.read";
        a.object_type = "dossier";
        a.object_id = "H12-250714-0001";
        a.detail = R"({"purpose":"processing"})";
        return AppendAudit(c, a);
      });
      ASSERT_TRUE(st.ok()) << st.ToString();
    }
    // PostgreSQL's writers leave the rows to the linker (decision 0023); SQLite linked them.
    auto linked = LinkAllPendingRows(*db_);
    ASSERT_TRUE(linked.ok()) << linked.status().ToString();
    EXPECT_EQ(*linked, GetParam() == Dialect::kPostgres ? 2 * n : 0);
  }

  // A row as a PostgreSQL writer leaves it, written by hand so that both engines have one.
  void InsertUnlinkedAudit(int64_t at) {
    ASSERT_TRUE(Exec(fmt::format("INSERT INTO audit_log (at, actor_username, action, object_type, "
                                 "object_id) VALUES ({}, 'system', 'x', 'y', 'z')",
                                 at))
                    .ok());
  }

  // What an attacker with the database file does first.
  void DropTriggers() {
    Status st = db_->Write([](Connection& c) {
      return c.ExecScript(c.dialect() == Dialect::kPostgres
                              ? "DROP TRIGGER dossier_history_no_change ON dossier_history;"
                                "DROP TRIGGER audit_log_no_change ON audit_log;"
                              : "DROP TRIGGER dossier_history_no_update;"
                                "DROP TRIGGER dossier_history_no_delete;"
                                "DROP TRIGGER audit_log_no_update;"
                                "DROP TRIGGER audit_log_no_delete;");
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  Status Exec(const std::string& sql) {
    return db_->Write([&](Connection& c) { return c.Exec(sql).status(); });
  }

  ChainCheck Verify() {
    auto check = VerifyChains(*db_, 2);  // small pages: the walk crosses page boundaries
    EXPECT_TRUE(check.ok()) << check.status().ToString();
    return check.ok() ? *check : ChainCheck{};
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(AuditChainTest, CleanDatabaseVerifies) {
  Append(5);
  ChainCheck check = Verify();
  EXPECT_FALSE(check.first_break.has_value()) << check.first_break->table;
  EXPECT_EQ(check.rows_checked, 10);
  ASSERT_EQ(check.heads.size(), 2u);
  EXPECT_EQ(check.heads[0].table, "dossier_history");
  EXPECT_EQ(check.heads[0].rows, 5);
  EXPECT_EQ(check.heads[0].last_hash.size(), 64u);
}

TEST_P(AuditChainTest, TriggersRefuseChangesAndComeBackAtEveryStart) {
  Append(2);
  for (const char* sql :
       {"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log",
        "UPDATE dossier_history SET comment = 'x'", "DELETE FROM dossier_history"})
    EXPECT_FALSE(Exec(sql).ok()) << sql;
  if (GetParam() == Dialect::kPostgres) {
    EXPECT_FALSE(Exec("TRUNCATE audit_log").ok());
  }
  DropTriggers();
  db_->Close();
  Open();
  ASSERT_TRUE(Migrate(*db_).ok());  // what every start does
  EXPECT_FALSE(Exec("UPDATE audit_log SET action = 'x'").ok());
  EXPECT_FALSE(Exec("DELETE FROM dossier_history").ok());
  // The linker's one-time fill is no way around them for a linked row.
  EXPECT_FALSE(
      Exec("UPDATE audit_log SET chain_seq = NULL, prev_hash = NULL, row_hash = NULL").ok());
  EXPECT_FALSE(Exec("UPDATE dossier_history SET chain_seq = chain_seq + 100").ok());
  EXPECT_FALSE(Verify().first_break.has_value());
}

// Committed rows not linked yet are reported as pending, not as breaks, and the linker links
// them after the chain's last row.
TEST_P(AuditChainTest, PendingRowsAreReportedThenLinked) {
  Append(2);
  InsertUnlinkedAudit(500);
  InsertUnlinkedAudit(400);
  if (GetParam() == Dialect::kPostgres) {
    // What a PostgreSQL writer leaves.
    ASSERT_TRUE(db_->WriteConcurrently([](Connection& c) {
                     return AppendChained(
                                c, AuditChain(),
                                {int64_t{600}, nullptr, "system", nullptr, "x", "y", "z", "{}"})
                         .status();
                   })
                    .ok());
  }
  const int64_t pending = GetParam() == Dialect::kPostgres ? 3 : 2;
  ChainCheck check = Verify();
  ASSERT_FALSE(check.first_break.has_value()) << check.first_break->row_id;
  EXPECT_EQ(check.rows_checked, 4);
  ASSERT_EQ(check.heads.size(), 2u);
  EXPECT_EQ(check.heads[0].pending, 0);
  EXPECT_EQ(check.heads[1].pending, pending);
  EXPECT_EQ(check.heads[1].oldest_pending_at, 400);
  EXPECT_EQ(check.heads[1].rows, 2);

  auto linked = LinkPendingRows(*db_);
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_FALSE(linked->busy);
  EXPECT_EQ(linked->linked, pending);
  check = Verify();
  ASSERT_FALSE(check.first_break.has_value());
  EXPECT_EQ(check.rows_checked, 4 + pending);
  EXPECT_EQ(check.heads[1].pending, 0);
  EXPECT_EQ(check.heads[1].last_seq, 2 + pending);  // positions follow the linked ones
  auto again = LinkPendingRows(*db_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->linked, 0);
}

// An unlinked row takes its chain columns once, from the linker, and nothing else.
TEST_P(AuditChainTest, UnlinkedRowsAcceptOnlyTheLinkersFill) {
  Append(1);
  InsertUnlinkedAudit(700);
  for (const char* sql :
       {"UPDATE audit_log SET action = 'login' WHERE chain_seq IS NULL",
        "UPDATE audit_log SET chain_seq = 50, prev_hash = 'a', row_hash = 'b', action = 'login' "
        "WHERE chain_seq IS NULL",
        "UPDATE audit_log SET chain_seq = 50 WHERE chain_seq IS NULL",
        "DELETE FROM audit_log WHERE chain_seq IS NULL"})
    EXPECT_FALSE(Exec(sql).ok()) << sql;
  EXPECT_EQ(RowCount(*db_, "audit_log WHERE chain_seq IS NULL AND action = 'x'"), 1);
  // The fill itself (a wrong hash: the trigger checks who may write, verify what was written).
  ASSERT_TRUE(
      Exec("UPDATE audit_log SET chain_seq = 50, prev_hash = 'a', row_hash = 'b' WHERE chain_seq "
           "IS NULL")
          .ok());
  EXPECT_FALSE(Exec("UPDATE audit_log SET chain_seq = 51, prev_hash = 'c', row_hash = 'd' "
                    "WHERE chain_seq = 50")
                   .ok());
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "audit_log");
  EXPECT_EQ(check.first_break->reason, "link_broken");
}

// The last linked row taken out of the chain (position cleared, triggers dropped) would look
// pending and be linked again with whatever it now holds: it is a break instead, and the linker
// leaves it alone while linking the others.
TEST_P(AuditChainTest, RowTakenOutOfTheChainIsABreak) {
  Append(2);
  DropTriggers();
  ASSERT_TRUE(Exec("UPDATE audit_log SET chain_seq = NULL, object_id = 'khác' WHERE chain_seq = "
                   "2")
                  .ok());
  InsertUnlinkedAudit(900);
  auto linked = LinkPendingRows(*db_);
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_EQ(linked->linked, 1);
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "audit_log");
  EXPECT_EQ(check.first_break->reason, "unlinked_with_hash");
  EXPECT_EQ(check.first_break->row_id, 2);
}

// A linked row edited afterwards is found, whichever engine linked it and however late.
TEST_P(AuditChainTest, RowEditedAfterLinkingIsFound) {
  Append(3);
  InsertUnlinkedAudit(800);
  ASSERT_TRUE(LinkPendingRows(*db_).ok());
  DropTriggers();
  ASSERT_TRUE(Exec("UPDATE audit_log SET object_id = 'khác' WHERE at = 800").ok());
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "audit_log");
  EXPECT_EQ(check.first_break->reason, "content_changed");
  EXPECT_EQ(RowCount(*db_, "audit_log WHERE chain_seq = 4 AND at = 800"), 1);
}

TEST_P(AuditChainTest, EditedHistoryRowIsFound) {
  Append(5);
  DropTriggers();
  ASSERT_TRUE(Exec("UPDATE dossier_history SET comment = 'Đã sửa' WHERE id = 3").ok());
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "dossier_history");
  EXPECT_EQ(check.first_break->row_id, 3);
  EXPECT_EQ(check.first_break->reason, "content_changed");
}

TEST_P(AuditChainTest, EditedRowWithRecomputedHashBreaksTheNextLink) {
  Append(4);
  DropTriggers();
  // A careful attacker recomputes the edited row's own hash; the next row still points at the old.
  std::string hash;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto row, c.QueryOne("SELECT prev_hash FROM audit_log WHERE id = 2"));
                   hash = ChainRowHash(AuditChain(), row->Text(0),
                                       {int64_t{1001}, int64_t{7}, std::string("cb.motcua"),
                                        nullptr, std::string("login"), std::string("dossier"),
                                        std::string("H12-250714-0001"),
                                        std::string(R"({"purpose":"processing"})")});
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(
      Exec("UPDATE audit_log SET action = 'login', row_hash = '" + hash + "' WHERE id = 2").ok());
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "audit_log");
  EXPECT_EQ(check.first_break->row_id, 3);
  EXPECT_EQ(check.first_break->reason, "link_broken");
}

TEST_P(AuditChainTest, DeletedRowsAreFound) {
  Append(5);
  DropTriggers();
  ASSERT_TRUE(Exec("DELETE FROM audit_log WHERE id = 2").ok());
  ChainCheck check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "audit_log");
  EXPECT_EQ(check.first_break->row_id, 3);
  EXPECT_EQ(check.first_break->reason, "link_broken");

  ASSERT_TRUE(Exec("DELETE FROM dossier_history WHERE id = 1").ok());
  check = Verify();
  ASSERT_TRUE(check.first_break.has_value());
  EXPECT_EQ(check.first_break->table, "dossier_history");
  EXPECT_EQ(check.first_break->row_id, 2);
}

// Rows written before migration 14 get their links from it, in id order.
TEST_P(AuditChainTest, Migration14LinksExistingRows) {
  db_->Close();
  location_.Remove();
  ASSERT_TRUE(location_.Prepare(GetParam(), "chain").ok());
  Open();
  std::vector<Migration> before;
  for (const Migration& m : AllMigrations())
    if (m.version < 14) before.push_back(m);
  ASSERT_TRUE(Migrate(*db_, before).ok());
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
                   MOTCUA_RETURN_IF_ERROR(Seed(c));
                   for (int i = 0; i < 5; ++i) {
                     MOTCUA_RETURN_IF_ERROR(
                         c.Exec("INSERT INTO dossier_history (dossier_id, at, actor_name, "
                                "actor_role, action, to_status) VALUES (1, ?, 'a', 'b', 'c', 'd')",
                                {int64_t{i}})
                             .status());
                     MOTCUA_RETURN_IF_ERROR(
                         c.Exec("INSERT INTO audit_log (at, actor_username, action, object_type, "
                                "object_id) VALUES (?, 'system', 'x', 'y', 'z')",
                                {int64_t{i}})
                             .status());
                   }
                   return Status::Ok();
                 })
                  .ok());
  auto migrated = Migrate(*db_);
  ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
  int from_fourteen = 0;  // 14 and whatever came after it
  for (const Migration& m : AllMigrations()) from_fourteen += m.version >= 14;
  EXPECT_EQ(*migrated, from_fourteen);
  Append(2);  // new rows continue the chain of the linked ones
  ChainCheck check = Verify();
  EXPECT_FALSE(check.first_break.has_value());
  EXPECT_EQ(check.rows_checked, 14);
  EXPECT_EQ(RowCount(*db_, "audit_log WHERE row_hash IS NULL"), 0);
  // Migration 24 gave the rows linked in id order their ids as positions.
  EXPECT_EQ(RowCount(*db_, "audit_log WHERE at < 5 AND chain_seq = id"), 5);
  EXPECT_EQ(RowCount(*db_, "dossier_history WHERE at < 5 AND chain_seq = id"), 5);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditChainTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
