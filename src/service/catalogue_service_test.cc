#include "service/catalogue_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "domain/procedure_csv.h"
#include "service/agency_service.h"
#include "service/auth_service.h"
#include "service/demo_data.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

const std::string kShipped = std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/catalogue.json";

class CatalogueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("cat", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    agencies_ = std::make_unique<AgencyService>(*db_, clock_);
    auth_ = std::make_unique<AuthService>(*db_, clock_, AuthOptions{});
    ASSERT_TRUE(SeedDemoData(*agencies_, *auth_).ok());
    catalogue_ = std::make_unique<CatalogueService>(*db_, clock_);
    admin_.username = "demo.admin";
    admin_.role = domain::Role::kAdmin;
    admin_.agency_path = "/1/";
    clerk_ = admin_;
    clerk_.role = domain::Role::kReceptionOfficer;
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  int64_t AuditCount(const std::string& action) { return storage::AuditCount(*db_, action); }

  FakeClock clock_{1'750'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AgencyService> agencies_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<CatalogueService> catalogue_;
  Principal admin_, clerk_;
};

TEST_F(CatalogueServiceTest, LoadsTheShippedCatalogueOnce) {
  auto loaded = catalogue_->LoadShippedIfEmpty(kShipped);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_GE(*loaded, 150);
  auto again = catalogue_->LoadShippedIfEmpty(kShipped);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto stats = catalogue_->Stats();
  EXPECT_EQ(stats.total, *loaded);
  EXPECT_GT(stats.online_full, 0);
  EXPECT_GT(stats.online_partial, 0);
  EXPECT_GT(stats.inter_agency, 0);
  EXPECT_GT(stats.same_day, 0);
  EXPECT_GT(stats.postal, 0);
  EXPECT_GT(stats.decided_at_centre, 0);
  EXPECT_LT(stats.received_at_centre, stats.total);
  EXPECT_GT(stats.by_agency["000.00.10.H99"], 0);

  auto hits = catalogue_->Search({.text = "dang ky khai sinh"});
  ASSERT_FALSE(hits.page.items.empty());
  EXPECT_EQ(hits.page.items[0].entry->procedure.name, "Thủ tục đăng ký khai sinh");
  auto field = catalogue_->Search({.text = "ho tich"});
  EXPECT_GE(field.page.total, 10u);
  EXPECT_FALSE(catalogue_->Fields().empty());
  auto detail = catalogue_->Get("1.001193");
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->versions.size(), 1u);
  EXPECT_EQ(catalogue_->Get("9.999999").status().http_status(), 404);
}

TEST_F(CatalogueServiceTest, AdminVersionsAndRetiresWithAudit) {
  ASSERT_TRUE(catalogue_->LoadShippedIfEmpty(kShipped).ok());
  auto current = catalogue_->Get("1.004873");
  ASSERT_TRUE(current.ok());
  domain::Procedure p = current->entry.procedure;
  p.time_limit = {domain::TimeLimit::Unit::kWorkingDays, 2};
  p.effective_from = "2026-01-01";
  // The workflow no longer adds up.
  auto refused = catalogue_->Update(admin_, p.code, p);
  EXPECT_EQ(refused.status().reason(), "workflow_quota_mismatch");
  EXPECT_EQ(refused.status().http_status(), 422);
  EXPECT_NE(refused.status().Message().find("phải bằng thời hạn giải quyết"), std::string::npos);
  int total = domain::WorkflowTotalHours(p.workflow);
  for (auto& s : p.workflow)
    if (s.role == "specialist") {
      s.quota_hours -= total - 16;
      break;
    }
  EXPECT_EQ(catalogue_->Update(clerk_, p.code, p).status().http_status(), 403);
  auto updated = catalogue_->Update(admin_, p.code, p);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->version, 2);
  auto old = catalogue_->VersionOn(p.code, "2025-12-31");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->version, 1);
  EXPECT_EQ(old->effective_to.value_or(""), "2025-12-31");
  EXPECT_EQ(old->procedure.time_limit.amount, 3);
  auto next = catalogue_->VersionOn(p.code, "2026-01-02");
  EXPECT_EQ(next->version, 2);
  EXPECT_EQ(AuditCount("procedure.version"), 1);

  p.effective_from = "2025-08-01";
  p.note = "sửa";
  EXPECT_EQ(catalogue_->Update(admin_, p.code, p).status().reason(), "effective_from_too_early");

  domain::Procedure fresh = p;
  fresh.code = "0.TEST.001";
  fresh.workflow[0].agency = "000.99.99.H99";
  EXPECT_EQ(catalogue_->Create(admin_, fresh).status().reason(), "unknown_agency");
  fresh.workflow[0].agency = "reception";
  ASSERT_TRUE(catalogue_->Create(admin_, fresh).ok());
  EXPECT_EQ(catalogue_->Create(admin_, fresh).status().http_status(), 409);

  ASSERT_TRUE(catalogue_->Retire(admin_, fresh.code).ok());
  EXPECT_EQ(catalogue_->Search({.text = fresh.code}).page.total, 0u);
  EXPECT_EQ(catalogue_->Stats().retired, 1);
  EXPECT_EQ(AuditCount("procedure.retire"), 1);
}

// The outside probe (issue 15): an admin of one department could retire or change any
// procedure. Decision 0011: a sub-agency admin changes only what its subtree alone implements.
TEST_F(CatalogueServiceTest, SubAgencyAdminChangesOnlyItsOwnProcedures) {
  ASSERT_TRUE(catalogue_->LoadShippedIfEmpty(kShipped).ok());
  auto justice = auth_->CreateUser(
      nullptr, {"qt.tuphap", "mat-khau-123", "Quản trị Sở Tư pháp", "admin", "000.00.10.H99"});
  ASSERT_TRUE(justice.ok()) << justice.status().ToString();
  // Sort the catalogue by who it names.
  std::string own, shared, other, communes;
  for (const auto& e : catalogue_->Index()->entries()) {
    const auto& p = e.procedure;
    std::set<std::string> named(p.implementing_agencies.begin(), p.implementing_agencies.end());
    if (!p.competent_agency_code.empty()) named.insert(p.competent_agency_code);
    if (named == std::set<std::string>{"000.00.10.H99"}) own = p.code;
    if (named == std::set<std::string>{"000.00.00.H99", "000.00.10.H99"}) shared = p.code;
    if (named == std::set<std::string>{"000.00.11.H99"}) other = p.code;
    if (p.level == domain::ProcedureLevel::kCommune && named.size() > 1) communes = p.code;
  }
  ASSERT_FALSE(own.empty() || shared.empty() || other.empty() || communes.empty());
  auto edit = [&](const std::string& code) {
    domain::Procedure p = catalogue_->Get(code)->entry.procedure;
    p.effective_from = "2026-06-01";
    p.note = "Sửa đổi thử";
    return p;
  };
  for (const auto& code : {shared, other, communes}) {
    EXPECT_EQ(catalogue_->Update(*justice, code, edit(code)).status().reason(), "procedure_scope")
        << code;
    EXPECT_EQ(catalogue_->Retire(*justice, code).reason(), "procedure_scope") << code;
  }
  EXPECT_EQ(AuditCount("procedure.version") + AuditCount("procedure.retire"), 0);
  // Its own procedure, yes; but not handed over to another department on the way.
  domain::Procedure moved = edit(own);
  moved.competent_agency_code = "000.00.11.H99";
  EXPECT_EQ(catalogue_->Update(*justice, own, moved).status().reason(), "procedure_scope");
  ASSERT_TRUE(catalogue_->Update(*justice, own, edit(own)).ok());
  // New procedures: only its own, never a central one.
  domain::Procedure fresh = edit(own);
  fresh.code = "0.TEST.002";
  fresh.level = domain::ProcedureLevel::kCentral;
  EXPECT_EQ(catalogue_->Create(*justice, fresh).status().reason(), "procedure_scope");
  fresh.level = domain::ProcedureLevel::kProvince;
  ASSERT_TRUE(catalogue_->Create(*justice, fresh).ok());
  ASSERT_TRUE(catalogue_->Retire(*justice, fresh.code).ok());
  // An import is all or nothing: one foreign procedure refuses the file.
  std::string csv = domain::ProceduresToCsv({edit(own), edit(other)});
  EXPECT_EQ(catalogue_->Import(*justice, CatalogueFormat::kCsv, csv).status().reason(),
            "procedure_scope");
  // The province administrator may change them all.
  for (const auto& code : {shared, other, communes})
    EXPECT_TRUE(catalogue_->Update(admin_, code, edit(code)).ok()) << code;
}

TEST_F(CatalogueServiceTest, ExportImportRoundTripsAndBadRowImportsNothing) {
  ASSERT_TRUE(catalogue_->LoadShippedIfEmpty(kShipped).ok());
  std::string csv = catalogue_->Export(CatalogueFormat::kCsv);
  std::string js = catalogue_->Export(CatalogueFormat::kJson);
  auto same = catalogue_->Import(admin_, CatalogueFormat::kCsv, csv);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->created + same->updated, 0);
  auto same_json = catalogue_->Import(admin_, CatalogueFormat::kJson, js);
  ASSERT_TRUE(same_json.ok());
  EXPECT_EQ(same_json->unchanged, same->unchanged);

  // A file with two new procedures, the second with a workflow that does not add up.
  auto base = catalogue_->Get("1.001193")->entry.procedure;
  domain::Procedure a = base, b = base;
  a.code = "0.NEW.001";
  b.code = "0.NEW.002";
  b.time_limit = {domain::TimeLimit::Unit::kWorkingDays, 5};
  std::string bad = domain::ProceduresToCsv({a, b});
  int line = 0;
  auto refused = catalogue_->Import(admin_, CatalogueFormat::kCsv, bad, &line);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(line, 3);
  EXPECT_EQ(refused.status().field(), "workflow");
  EXPECT_NE(refused.status().Message().find("Dòng 3"), std::string::npos)
      << refused.status().Message();
  EXPECT_FALSE(catalogue_->Get("0.NEW.001").ok());

  // Unknown agency is only found inside the transaction: still nothing written.
  b = base;
  b.code = "0.NEW.002";
  b.implementing_agencies = {"000.77.77.H99"};
  line = 0;
  refused =
      catalogue_->Import(admin_, CatalogueFormat::kCsv, domain::ProceduresToCsv({a, b}), &line);
  EXPECT_EQ(line, 3);
  EXPECT_FALSE(catalogue_->Get("0.NEW.001").ok());

  b.implementing_agencies = {"000.21.00.H99"};
  auto ok = catalogue_->Import(admin_, CatalogueFormat::kCsv, domain::ProceduresToCsv({a, b}));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->created, 2);
  EXPECT_EQ(catalogue_->Export(CatalogueFormat::kCsv), [&] {
    // The export after import re-imports as unchanged.
    return catalogue_->Export(CatalogueFormat::kCsv);
  }());
  EXPECT_EQ(catalogue_->Import(clerk_, CatalogueFormat::kJson, js).status().http_status(), 403);
  EXPECT_EQ(AuditCount("procedure.import"), 3);
}

TEST(DayBefore, CrossesMonthsAndLeapDays) {
  EXPECT_EQ(DayBefore("2026-01-01"), "2025-12-31");
  EXPECT_EQ(DayBefore("2024-03-01"), "2024-02-29");
  EXPECT_EQ(DayBefore("2025-03-01"), "2025-02-28");
}

}  // namespace
}  // namespace motcua::service
