// The life-event rows (migration 13) against both drivers. The PostgreSQL half needs
// MOTCUA_TEST_PG_URL (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/life_event_store.h"

#include <gtest/gtest.h>

#include "storage/dossier_store.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

class LifeEventStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr)
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    Status prepared = location_.Prepare(GetParam(), "le");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(Migrate(*db_).ok());
    ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
                     return c
                         .Exec(
                             "INSERT INTO agencies (id, code, name, type, path, created_at, "
                             "updated_at) VALUES (1, 'X.H99', 'Một cửa xã X', 'service_centre', "
                             "'/1/', 0, 0)")
                         .status();
                   })
                    .ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  static DossierRecord NewDossier(const std::string& code, const std::string& procedure) {
    DossierRecord d;
    d.code = code;
    d.procedure_code = procedure;
    d.procedure_version = 1;
    d.agency_id = 1;
    d.channel = "online";
    d.applicant = R"({"type":"citizen","full_name":"Nguyễn Thị Mẹ"})";
    d.status = "submitted";
    d.submitted_at = kT0;
    d.updated_at = kT0;
    return d;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(LifeEventStoreTest, AGroupListsItsDossiersInOrderFromAnyOfThem) {
  std::vector<int64_t> ids;
  int64_t submission = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   LifeEventSubmissionRecord rec;
                   rec.event_id = "khai-sinh";
                   rec.created_at = kT0;
                   MOTCUA_ASSIGN_OR_RETURN(rec, InsertLifeEventSubmission(c, rec));
                   submission = rec.id;
                   // Linked in reverse to show that the group's order is its own.
                   const char* procedures[] = {"1.001193", "1.004222", "1.001939"};
                   for (int i = 2; i >= 0; --i) {
                     MOTCUA_ASSIGN_OR_RETURN(
                         auto d, InsertDossier(c, NewDossier("X.H99-250714-000" + std::to_string(i),
                                                             procedures[i])));
                     ids.insert(ids.begin(), d.id);
                     MOTCUA_RETURN_IF_ERROR(LinkLifeEventDossier(c, rec.id, d.id, i));
                   }
                   // An unrelated dossier belongs to no group.
                   return InsertDossier(c, NewDossier("X.H99-250714-0009", "1.000656")).status();
                 })
                  .ok());
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto group, ListLifeEventGroupOf(c, ids[1]));
                   EXPECT_EQ(group.size(), 3u);
                   for (size_t i = 0; i < group.size(); ++i) {
                     EXPECT_EQ(group[i].position, static_cast<int>(i));
                     EXPECT_EQ(group[i].dossier_id, ids[i]);
                     EXPECT_EQ(group[i].submission_id, submission);
                     EXPECT_EQ(group[i].event_id, "khai-sinh");
                     EXPECT_EQ(group[i].channel, "online");
                   }
                   EXPECT_EQ(group[1].procedure_code, "1.004222");
                   MOTCUA_ASSIGN_OR_RETURN(auto same, ListLifeEventSubmission(c, submission));
                   EXPECT_EQ(same.size(), 3u);
                   MOTCUA_ASSIGN_OR_RETURN(auto none, FindDossierByCode(c, "X.H99-250714-0009"));
                   MOTCUA_ASSIGN_OR_RETURN(auto alone, ListLifeEventGroupOf(c, none->id));
                   EXPECT_TRUE(alone.empty());
                   MOTCUA_ASSIGN_OR_RETURN(int64_t n, CountLifeEventSubmissions(c));
                   EXPECT_EQ(n, 1);
                   return Status::Ok();
                 })
                  .ok());
  // A dossier belongs to one group only.
  Status twice = db_->Write([&](Connection& c) -> Status {
    LifeEventSubmissionRecord rec;
    rec.event_id = "khai-sinh";
    rec.created_at = kT0;
    MOTCUA_ASSIGN_OR_RETURN(rec, InsertLifeEventSubmission(c, rec));
    return LinkLifeEventDossier(c, rec.id, ids[0], 0);
  });
  EXPECT_EQ(twice.code(), Code::kConflict) << twice.ToString();
}

INSTANTIATE_TEST_SUITE_P(Engines, LifeEventStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
