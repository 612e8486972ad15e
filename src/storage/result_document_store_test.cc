// The signed result documents (migration 22) against both drivers. The PostgreSQL half needs
// MOTCUA_TEST_PG_URL (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/result_document_store.h"

#include <gtest/gtest.h>

#include "storage/dossier_store.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

class ResultDocumentStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr)
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    Status prepared = location_.Prepare(GetParam(), "rd");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(Migrate(*db_).ok());
    ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                     MOTCUA_RETURN_IF_ERROR(
                         c.Exec("INSERT INTO agencies (id, code, name, type, path, created_at, "
                                "updated_at) VALUES (1, 'X.H99', 'Một cửa xã X', "
                                "'service_centre', '/1/', 0, 0)")
                             .status());
                     DossierRecord d;
                     d.code = "X.H99-250714-0001";
                     d.procedure_code = "1.000502";
                     d.procedure_version = 1;
                     d.agency_id = 1;
                     d.channel = "online";
                     d.applicant = R"({"type":"citizen","full_name":"Nguyễn Văn An"})";
                     d.status = "finished";
                     d.submitted_at = kT0;
                     d.updated_at = kT0;
                     MOTCUA_ASSIGN_OR_RETURN(d, InsertDossier(c, d));
                     dossier_id_ = d.id;
                     return Status::Ok();
                   })
                    .ok());
  }
  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  ResultDocumentRecord Doc(const std::string& source, int64_t at) {
    ResultDocumentRecord r;
    r.dossier_id = dossier_id_;
    r.source = source;
    r.sha256 = std::string(64, source == "generated" ? 'a' : 'b');
    r.size_bytes = 1234;
    r.original_name = source == "uploaded" ? "quyết-định.pdf" : "";
    r.signed_at = at;
    r.signer_agency_code = "X.H99";
    r.signer_subject = "Ủy ban nhân dân xã X";
    r.cert_serial = "0A1B";
    r.cert_sha256 = std::string(64, 'c');
    r.created_at = at;
    return r;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
  int64_t dossier_id_ = 0;
};

TEST_P(ResultDocumentStoreTest, TheNewestResultWinsAndEveryFieldRoundTrips) {
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_RETURN_IF_ERROR(InsertResultDocument(c, Doc("generated", kT0)).status());
                   return InsertResultDocument(c, Doc("uploaded", kT0 + 60)).status();
                 })
                  .ok());
  ASSERT_TRUE(
      db_->Read([&](Connection& c) -> Status {
           MOTCUA_ASSIGN_OR_RETURN(auto all, ListResultDocuments(c, dossier_id_));
           EXPECT_EQ(all.size(), 2u);
           MOTCUA_ASSIGN_OR_RETURN(auto latest, LatestResultDocument(c, dossier_id_, "result"));
           EXPECT_TRUE(latest.has_value());
           if (!latest) return Status::Ok();
           EXPECT_EQ(latest->source, "uploaded");
           EXPECT_EQ(latest->original_name, "quyết-định.pdf");
           EXPECT_EQ(latest->signer_subject, "Ủy ban nhân dân xã X");
           EXPECT_EQ(latest->signed_at, kT0 + 60);
           EXPECT_EQ(latest->cert_sha256, std::string(64, 'c'));
           EXPECT_FALSE(latest->created_by.has_value());
           MOTCUA_ASSIGN_OR_RETURN(auto forms, LatestResultDocument(c, dossier_id_, "form"));
           EXPECT_FALSE(forms.has_value());
           return Status::Ok();
         })
          .ok());
}

TEST_P(ResultDocumentStoreTest, AnUnknownSourceOrDossierIsRefused) {
  auto bad = Doc("scanned", kT0);
  EXPECT_FALSE(
      db_->Write([&](Connection& c) { return InsertResultDocument(c, bad).status(); }).ok());
  auto orphan = Doc("generated", kT0);
  orphan.dossier_id = dossier_id_ + 999;
  EXPECT_FALSE(
      db_->Write([&](Connection& c) { return InsertResultDocument(c, orphan).status(); }).ok());
}

INSTANTIATE_TEST_SUITE_P(Dialects, ResultDocumentStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
