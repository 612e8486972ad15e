// The applicant key (migration 11, its backfill, the writes that keep it and the recall query)
// against both drivers. The PostgreSQL half needs MOTCUA_TEST_PG_URL (scripts/test-postgres.sh
// start prints one) and is skipped without it.
#include "storage/applicant_key.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stop_token>
#include <string>
#include <vector>

#include "storage/applicant_key_backfill.h"
#include "storage/dossier_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

std::string Citizen(const std::string& name, const std::string& id_number) {
  return fmt::format(R"({{"type":"citizen","full_name":"{}","id_number":"{}"}})", name, id_number);
}

TEST(ApplicantKeyTest, HashesTheDigitsOnlyUnderAPurposePrefix) {
  const std::string key = ApplicantKeyOfIdNumber("001090012345");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(key.find("001090012345"), std::string::npos);
  EXPECT_EQ(ApplicantKeyOfIdNumber(" 001 090-012.345 "), key);
  EXPECT_NE(ApplicantKeyOfIdNumber("001090012346"), key);
  EXPECT_NE(ApplicantKeyOfIdNumber("001090012"), ApplicantKeyOfIdNumber("001090012345"));
  EXPECT_EQ(ApplicantKeyOfIdNumber(""), "");
  EXPECT_EQ(ApplicantKeyOfIdNumber(" - "), "");
  EXPECT_EQ(ApplicantKeyOfApplicantJson(Citizen("An", "001090012345")), key);
  EXPECT_EQ(ApplicantKeyOfApplicantJson(R"({"type":"organisation","tax_code":"0101234567"})"), "");
  EXPECT_EQ(ApplicantKeyOfApplicantJson(R"({"id_number":12})"), "");
  EXPECT_EQ(ApplicantKeyOfApplicantJson("not json"), "");
  EXPECT_EQ(ApplicantKeyOfApplicantJson("{}"), "");
}

// Each test gets its own SQLite file or PostgreSQL schema with a province "/1/" holding two
// departments "/1/2/" and "/1/3/".
class ApplicantKeyStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "ak");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  // Applies the migrations up to and including `version` (without any backfill).
  void MigrateThrough(int version) {
    std::vector<Migration> some;
    for (const auto& m : AllMigrations())
      if (m.version <= version) some.push_back(m);
    auto n = Migrate(*db_, some);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
  }

  void AddAgencies() {
    Status st = db_->Write([](Connection& c) -> Status {
      for (auto [id, path] : {std::pair{1, "/1/"}, std::pair{2, "/1/2/"}, std::pair{3, "/1/3/"}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, created_at, "
                   "updated_at) VALUES (?, ?, ?, 'department', ?, ?, 0, 0)",
                   {int64_t{id}, fmt::format("000.00.{:02}.H12", id), fmt::format("CQ {}", id),
                    id == 1 ? Value(nullptr) : Value(int64_t{1}), path})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // A dossier row as the schema before migration 11 knew it (no applicant_key column named).
  void InsertOldRow(int64_t id, const std::string& applicant, int64_t agency_id = 2) {
    Status st = db_->Write([&](Connection& c) -> Status {
      return c
          .Exec(
              "INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
              "channel, applicant, status, submitted_at, updated_at) VALUES (?, ?, '1.001', 1, "
              "?, 'counter', ?, 'received', ?, ?)",
              {id, fmt::format("000.00.02.H12-250714-{:04}", id), agency_id, applicant, kT0 + id,
               kT0 + id})
          .status();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  DossierRecord Insert(const std::string& code, const std::string& applicant, int64_t agency_id) {
    DossierRecord d;
    d.code = code;
    d.procedure_code = "1.001";
    d.procedure_version = 1;
    d.agency_id = agency_id;
    d.channel = "counter";
    d.applicant = applicant;
    d.status = "received";
    d.submitted_at = kT0;
    d.received_at = kT0;
    d.updated_at = kT0;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(d, InsertDossier(c, d));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return d;
  }

  void AddStep(int64_t dossier_id, int64_t agency_id) {
    DossierStepRecord s;
    s.dossier_id = dossier_id;
    s.agency_id = agency_id;
    s.role = "specialist";
    s.started_at = kT0;
    Status st = db_->Write([&](Connection& c) { return InsertDossierStep(c, s).status(); });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  // dossiers.applicant_key of the dossier `id`; "NULL" when unset.
  std::string KeyOf(int64_t id) {
    std::string out = "?";
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto row,
                              c.QueryOne("SELECT applicant_key FROM dossiers WHERE id = ?", {id}));
      out = !row ? "missing" : row->IsNull(0) ? "NULL" : row->Text(0);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  // The recalled dossier's code for `id_number` within `path`; "" when none.
  std::string Recall(const std::string& id_number, const std::string& path) {
    std::string out = "error";
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto found,
                              FindNewestByApplicantKey(c, ApplicantKeyOfIdNumber(id_number), path));
      out = found ? found->dossier_code : "";
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

TEST_P(ApplicantKeyStoreTest, BackfillKeysOlderRowsInBatchesAndOnlyOnce) {
  MigrateThrough(10);
  AddAgencies();
  // 12 dossiers before migration 11: ten citizens (two of them the same person), an
  // organisation and a citizen without a number.
  for (int64_t id = 1; id <= 10; ++id)
    InsertOldRow(
        id, Citizen("Người " + std::to_string(id), fmt::format("0010900{:05}", id == 7 ? 3 : id)));
  InsertOldRow(11, R"({"type":"organisation","full_name":"Công ty A","tax_code":"0101234567"})");
  InsertOldRow(12, R"({"type":"citizen","full_name":"Không số"})");

  // Migration 11 and those after it, no backfill yet.
  int after_ten = 0;
  for (const auto& m : AllMigrations()) after_ten += m.version > 10;
  auto applied = Migrate(*db_, AllMigrations());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, after_ten);
  EXPECT_EQ(KeyOf(1), "NULL");

  auto keyed = BackfillApplicantKeys(*db_, 3);  // four transactions of at most 3 rows
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  EXPECT_EQ(*keyed, 10);
  for (int64_t id = 1; id <= 10; ++id)
    EXPECT_EQ(KeyOf(id), ApplicantKeyOfIdNumber(fmt::format("0010900{:05}", id == 7 ? 3 : id)))
        << id;
  EXPECT_EQ(KeyOf(11), "NULL");
  EXPECT_EQ(KeyOf(12), "NULL");
  EXPECT_EQ(KeyOf(3), KeyOf(7));

  // Done: another run changes nothing, nor does migrating again.
  keyed = BackfillApplicantKeys(*db_, 3);
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  EXPECT_EQ(*keyed, 0);
  applied = Migrate(*db_);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, 0);

  // The newest of the two dossiers of the same person is recalled.
  EXPECT_EQ(Recall("001090000003", "/1/"), "000.00.02.H12-250714-0007");
}

TEST_P(ApplicantKeyStoreTest, BackfillResumesAnInterruptedRunAndStopsWhenAsked) {
  MigrateThrough(10);
  AddAgencies();
  for (int64_t id = 1; id <= 5; ++id)
    InsertOldRow(id, Citizen("Người", fmt::format("0010900{:05}", id)));
  ASSERT_TRUE(Migrate(*db_, AllMigrations()).ok());
  // As if a first run had stopped after the first two rows.
  ASSERT_TRUE(db_->Write([](Connection& c) {
                   return c.Exec("UPDATE applicant_key_backfill SET after_id = 2").status();
                 })
                  .ok());
  // A stop requested before a batch ends the run with nothing more done.
  std::stop_source stopped;
  stopped.request_stop();
  EXPECT_EQ(BackfillApplicantKeys(*db_, 1000, stopped.get_token()).status().reason(), "cancelled");
  EXPECT_EQ(KeyOf(3), "NULL");
  auto resumed = BackfillApplicantKeys(*db_);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(*resumed, 3);
  EXPECT_EQ(KeyOf(1), "NULL");  // skipped: the cursor said it was done
  EXPECT_EQ(KeyOf(2), "NULL");
  for (int64_t id = 3; id <= 5; ++id)
    EXPECT_EQ(KeyOf(id), ApplicantKeyOfIdNumber(fmt::format("0010900{:05}", id))) << id;
}

TEST_P(ApplicantKeyStoreTest, InsertAndUpdateKeepTheKeyWithTheApplicant) {
  ASSERT_TRUE(Migrate(*db_).ok());
  AddAgencies();
  DossierRecord d = Insert("000.00.02.H12-250714-0001", Citizen("An", "001090012345"), 2);
  EXPECT_EQ(KeyOf(d.id), ApplicantKeyOfIdNumber("001090012345"));
  DossierRecord org = Insert("000.00.02.H12-250714-0002", R"({"type":"organisation"})", 2);
  EXPECT_EQ(KeyOf(org.id), "NULL");

  d.applicant = Citizen("An", "079185001234");
  bool updated = false;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(updated, UpdateDossier(c, d));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(updated);
  EXPECT_EQ(KeyOf(d.id), ApplicantKeyOfIdNumber("079185001234"));
  EXPECT_EQ(Recall("001090012345", "/1/"), "");
  EXPECT_EQ(Recall("079185001234", "/1/"), "000.00.02.H12-250714-0001");
}

TEST_P(ApplicantKeyStoreTest, RecallIsScopedByReceivingOrStepAgency) {
  ASSERT_TRUE(Migrate(*db_).ok());
  AddAgencies();
  const std::string an = Citizen("An", "001090012345");
  Insert("000.00.02.H12-250714-0001", an, 2);
  DossierRecord second = Insert("000.00.03.H12-250714-0001", an, 3);
  Insert("000.00.02.H12-250714-0002", Citizen("Bình", "079185001234"), 2);

  EXPECT_EQ(Recall("001090012345", "/1/"), "000.00.03.H12-250714-0001");  // newest
  EXPECT_EQ(Recall("001090012345", "/1/3/"), "000.00.03.H12-250714-0001");
  EXPECT_EQ(Recall("001090012345", "/1/2/"), "000.00.02.H12-250714-0001");
  EXPECT_EQ(Recall("079185001234", "/1/3/"), "");
  EXPECT_EQ(Recall("001090000000", "/1/"), "");
  // An agency below the receiving one does not see what its parent received.
  EXPECT_EQ(Recall("079185001234", "/1/2/1/"), "");

  // A step held by agency 2 brings the newer dossier into its scope.
  AddStep(second.id, 2);
  EXPECT_EQ(Recall("001090012345", "/1/2/"), "000.00.03.H12-250714-0001");
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplicantKeyStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const ::testing::TestParamInfo<Dialect>& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage
