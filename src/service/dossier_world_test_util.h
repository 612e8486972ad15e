// For unit tests only: what a dossier needs to live in a service test, so that each suite builds
// only the service it is about. A migrated SQLite database in the test's own directory, a fake
// clock, agencies, a catalogue loaded from JSON, the calendar and the dossier service.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/local_date.h"
#include "service/agency_service.h"
#include "service/attachment_store.h"
#include "service/auth_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "storage/test_database.h"

namespace motcua::service::testing {

// Monday 14 July 2025, 09:00 Vietnam time: a working day with a whole working week ahead.
inline const int64_t kMonday9 = domain::StartOfLocalDay({2025, 7, 14}) + 9 * 3600;

// The province H99, its service centre C.H99 (which receives and returns) and its department
// A.H99 (which decides). Names matter where a test reads them back (signatures, messages).
inline std::vector<AgencyInput> ProvinceCentreDepartment(
    const std::string& province_name = "Tỉnh", const std::string& centre_name = "Trung tâm") {
  return {{"H99", province_name, "", "province", "", "", false},
          {"C.H99", centre_name, "", "service_centre", "H99", "", true},
          {"A.H99", "Sở A", "", "department", "H99", "", false}};
}

// One procedure, 9.000001, that department A.H99 decides in 3 working days with postal
// submission and return: reception at the centre, appraisal (specialist), approval (leader),
// return at the centre.
inline std::string FourStepCatalogue(const std::string& procedure_name) {
  return R"({"procedures":[
{"code":"9.000001","name":")" +
         procedure_name + R"(","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"toan_trinh","postal_submission":true,"postal_return":true,"inter_agency":false,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Giấy chứng nhận","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":16},
  {"name":"Phê duyệt","agency":"competent","role":"leader","quota_hours":4},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]}
]})";
}

// A submission of `procedure_code` by Nguyễn Văn An with the one component "Tờ khai".
inline SubmitInput ApplicantSubmission(const std::string& procedure_code,
                                       const std::string& channel) {
  SubmitInput in;
  in.procedure_code = procedure_code;
  in.channel = channel;
  in.applicant.full_name = "Nguyễn Văn An";
  in.applicant.id_number = "001090012345";
  in.applicant.phone = "0912 345 678";
  in.applicant.address = "Số 1 phố Huế";
  in.components = {{"Tờ khai", 1, 0, true, {}}};
  return in;
}

class DossierWorldTest : public ::testing::Test {
 protected:
  // Builds the world; call it first in SetUp (ASSERT_NO_FATAL_FAILURE(OpenWorld(...))).
  // `with_files` gives the dossier service an attachment store under dir_/attachments.
  void OpenWorld(const std::string& tag, const std::vector<AgencyInput>& agencies,
                 const std::string& catalogue_json, bool with_files = false) {
    auto db = storage::OpenTestDatabase(tag, &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auth_ = std::make_unique<AuthService>(*db_, clock_, AuthOptions{});
    agencies_ = std::make_unique<AgencyService>(*db_, clock_);
    for (const AgencyInput& in : agencies)
      ASSERT_TRUE(agencies_->Create(nullptr, in).ok()) << in.code;
    std::ofstream(dir_ / "catalogue.json") << catalogue_json;
    catalogue_ = std::make_unique<CatalogueService>(*db_, clock_);
    auto loaded = catalogue_->LoadShippedIfEmpty((dir_ / "catalogue.json").string());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    calendar_ =
        std::make_unique<CalendarService>(*db_, clock_, std::vector<domain::YearDecision>{});
    if (with_files)
      files_ = std::make_unique<AttachmentStore>((dir_ / "attachments").string(), 1 << 20);
    dossiers_ =
        std::make_unique<DossierService>(*db_, clock_, *catalogue_, *calendar_, files_.get());
  }

  // Suites that own services built on the dossier service reset them first, then call this.
  void TearDown() override {
    dossiers_.reset();
    if (db_) db_->Close();
    std::filesystem::remove_all(dir_);
  }

  Principal User(const std::string& name, const std::string& role, const std::string& agency) {
    auto p = auth_->CreateUser(nullptr, {name, "mat-khau-123", "Người " + name, role, agency});
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Principal{};
  }

  // The dossier as `viewer` sees it (empty when they may not).
  boost::json::object View(const Principal& viewer, const std::string& code) {
    auto v = dossiers_->Get(&viewer, code);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : boost::json::object{};
  }

  // `in` by `actor` on the dossier's current version, as `viewer` reads it.
  Result<Reply> ActOnCurrent(const Principal& viewer, const Principal& actor,
                             const std::string& code, ActionInput in) {
    in.version = View(viewer, code).at("version").as_int64();
    return dossiers_->Act(actor, code, in);
  }

  FakeClock clock_{kMonday9};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<AgencyService> agencies_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<AttachmentStore> files_;
  std::unique_ptr<DossierService> dossiers_;
};

}  // namespace motcua::service::testing
