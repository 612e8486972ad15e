// Applicant recall at the counter: reception officers only, within their agency subtree (by the
// receiving agency or an agency that held a step), the newest dossier first, the id number's
// shape checked, and each disclosure audited without the number.
#include "service/applicant_recall.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/dossier_store.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

class ApplicantRecallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("recall", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    // A province /1/ with a centre /1/2/ and a commune /1/3/.
    Status st = db_->Write([](storage::Connection& c) -> Status {
      for (auto [id, path] : {std::pair{1, "/1/"}, std::pair{2, "/1/2/"}, std::pair{3, "/1/3/"}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, created_at, "
                   "updated_at) VALUES (?, ?, ?, 'department', ?, ?, 0, 0)",
                   {int64_t{id}, fmt::format("000.00.{:02}.H99", id), fmt::format("CQ {}", id),
                    id == 1 ? storage::Value(nullptr) : storage::Value(int64_t{1}), path})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    recall_ = std::make_unique<ApplicantRecall>(*db_, clock_);
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  static Principal Staff(domain::Role role, int64_t agency_id, const std::string& path) {
    Principal p;
    p.user_id = 100 + agency_id;
    p.username = fmt::format("staff{}", agency_id);
    p.role = role;
    p.agency_id = agency_id;
    p.agency_code = fmt::format("000.00.{:02}.H99", agency_id);
    p.agency_path = path;
    return p;
  }

  // A dossier received by `agency_id` for the citizen `name` with `id_number`.
  int64_t Received(const std::string& code, int64_t agency_id, const std::string& name,
                   const std::string& id_number, const std::string& phone = "0912345678") {
    storage::DossierRecord d;
    d.code = code;
    d.procedure_code = "1.001";
    d.procedure_version = 1;
    d.agency_id = agency_id;
    d.channel = "counter";
    d.applicant = fmt::format(
        R"({{"type":"citizen","full_name":"{}","id_number":"{}","date_of_birth":"1990-03-04",)"
        R"("phone":"{}","email":"an@example.vn","address":"Số 1 đường Mẫu"}})",
        name, id_number, phone);
    d.status = "received";
    d.submitted_at = kT0;
    d.received_at = kT0;
    d.updated_at = kT0;
    int64_t id = 0;
    Status st = db_->Write([&](storage::Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto out, storage::InsertDossier(c, d));
      id = out.id;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return id;
  }

  int64_t Audited() { return storage::AuditCount(*db_, "applicant_recall"); }

  FakeClock clock_{kT0 + 86400};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<ApplicantRecall> recall_;
};

TEST_F(ApplicantRecallTest, FillsFromTheNewestDossierInScopeAndAuditsWithoutTheNumber) {
  Received("000.00.02.H99-250714-0001", 2, "Nguyễn Văn An", "001090012345", "0911111111");
  Received("000.00.02.H99-250714-0002", 2, "Nguyễn Văn An", "001090012345", "0922222222");
  Received("000.00.02.H99-250714-0003", 2, "Trần Thị Bình", "079185001234");

  auto r = recall_->Recall(Staff(domain::Role::kReceptionOfficer, 2, "/1/2/"), " 001090012345 ");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->dossier_code, "000.00.02.H99-250714-0002");
  EXPECT_EQ(r->applicant.full_name, "Nguyễn Văn An");
  EXPECT_EQ(r->applicant.phone, "0922222222");
  EXPECT_EQ(r->applicant.email, "an@example.vn");
  EXPECT_EQ(r->applicant.address, "Số 1 đường Mẫu");
  ASSERT_TRUE(r->applicant.date_of_birth.has_value());
  EXPECT_EQ(r->applicant.date_of_birth->year, 1990);
  EXPECT_EQ(r->received_at, kT0);

  EXPECT_EQ(Audited(), 1);
  Status st = db_->Read([](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT actor_username, object_type, object_id, "
                                                 "detail FROM audit_log WHERE action = "
                                                 "'applicant_recall'"));
    EXPECT_TRUE(row.has_value());
    if (!row) return Status::Ok();
    EXPECT_EQ(row->Text(0), "staff2");
    EXPECT_EQ(row->Text(1), "dossier");
    EXPECT_EQ(row->Text(2), "000.00.02.H99-250714-0002");
    EXPECT_EQ(row->Text(3).find("001090012345"), std::string::npos);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
}

TEST_F(ApplicantRecallTest, AnotherSubtreeFindsNothingUntilItHoldsAStep) {
  int64_t id = Received("000.00.02.H99-250714-0001", 2, "Nguyễn Văn An", "001090012345");
  const Principal commune = Staff(domain::Role::kReceptionOfficer, 3, "/1/3/");
  auto r = recall_->Recall(commune, "001090012345");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(Audited(), 0);

  storage::DossierStepRecord step;
  step.dossier_id = id;
  step.agency_id = 3;
  step.role = "specialist";
  step.started_at = kT0;
  ASSERT_TRUE(db_->Write([&](storage::Connection& c) {
                   return storage::InsertDossierStep(c, step).status();
                 })
                  .ok());
  r = recall_->Recall(commune, "001090012345");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->dossier_code, "000.00.02.H99-250714-0001");

  // The province's officer covers both.
  r = recall_->Recall(Staff(domain::Role::kReceptionOfficer, 1, "/1/"), "001090012345");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

TEST_F(ApplicantRecallTest, OnlyReceptionOfficersWithAnAgency) {
  Received("000.00.02.H99-250714-0001", 2, "Nguyễn Văn An", "001090012345");
  Principal citizen;
  citizen.user_id = 7;
  citizen.role = domain::Role::kCitizen;
  for (const Principal& p :
       {citizen, Staff(domain::Role::kSpecialist, 2, "/1/2/"),
        Staff(domain::Role::kLeader, 1, "/1/"), Staff(domain::Role::kAdmin, 1, "/1/"),
        Staff(domain::Role::kReceptionOfficer, 2, "")}) {
    auto r = recall_->Recall(p, "001090012345");
    ASSERT_FALSE(r.ok()) << domain::RoleName(p.role);
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied) << domain::RoleName(p.role);
  }
  EXPECT_EQ(Audited(), 0);
}

TEST_F(ApplicantRecallTest, ChecksTheShapeOfTheIdNumber) {
  const Principal officer = Staff(domain::Role::kReceptionOfficer, 2, "/1/2/");
  for (const char* bad : {"", "12345678", "1234567890", "00109001234", "0010900123456",
                          "00109001234a", "001 090 012 345", "-01090012345"}) {
    auto r = recall_->Recall(officer, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kValidation) << bad;
    EXPECT_EQ(r.status().reason(), "invalid_id_number") << bad;
    EXPECT_EQ(r.status().field(), "id_number") << bad;
    EXPECT_NE(r.status().Message("vi").find("9 chữ số"), std::string::npos);
    EXPECT_NE(r.status().Message("en").find("9 digits"), std::string::npos);
  }
  // A 9-digit CMND is a valid shape: looked up, not found here.
  auto r = recall_->Recall(officer, "012345678");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  Received("000.00.02.H99-250714-0001", 2, "Lê Văn Cũ", "012345678");
  r = recall_->Recall(officer, "012345678");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->applicant.full_name, "Lê Văn Cũ");
}

}  // namespace
}  // namespace motcua::service
