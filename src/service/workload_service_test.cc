// The workload service on a real SQLite database: working days from the agency's calendar,
// counts per field and officer, the counters as set up today, the suggestion, roles and scope.
#include "service/workload_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/clock.h"
#include "storage/dossier_store.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

using domain::LocalDate;

class WorkloadServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("workload", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    catalogue_ = std::make_unique<CatalogueService>(*db_, clock_);
    calendar_ =
        std::make_unique<CalendarService>(*db_, clock_, std::vector<domain::YearDecision>{});
    workload_ = std::make_unique<WorkloadService>(*db_, *calendar_, *catalogue_);
    Status st = db_->Write([](storage::Connection& c) -> Status {
      for (auto [id, code, path, centre] :
           {std::tuple{1, "H99", "/1/", 0}, std::tuple{2, "C.H99", "/1/2/", 1},
            std::tuple{3, "D.H99", "/1/3/", 0}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, "
                   "is_one_stop_centre, created_at, updated_at) VALUES (?, ?, ?, 'department', ?, "
                   "?, ?, 0, 0)",
                   {int64_t{id}, code, code, id == 1 ? storage::Value(nullptr) : int64_t{1}, path,
                    int64_t{centre}})
                .status());
      }
      for (auto [n, fields] : {std::pair{1, "HT"}, std::pair{2, "HT, DD"}, std::pair{3, "KS"}}) {
        MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO counters (agency_id, number, name, fields) "
                                      "VALUES (2, ?, ?, ?)",
                                      {int64_t{n}, fmt::format("Quầy {}", n), fields})
                                   .status());
      }
      MOTCUA_RETURN_IF_ERROR(c.Exec("INSERT INTO users (id, username, password_hash, full_name, "
                                    "role, agency_id, created_at) VALUES (10, 'cb.quay', 'x', "
                                    "'Trần Thị Bình', 'reception_officer', 2, 0)")
                                 .status());
      for (auto [code, field] : {std::pair{"1.1", "HT"}, std::pair{"1.2", "DD"}}) {
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO procedures (code, name, field_code, level, online_level, "
                   "current_version, updated_at) VALUES (?, ?, ?, 'province', 'none', 1, 0)",
                   {code, code, field})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  void Receive(const std::string& procedure, LocalDate day, int n) {
    Status st = db_->Write([&](storage::Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        storage::DossierRecord d;
        d.code = fmt::format("C-{}", ++seq_);
        d.procedure_code = procedure;
        d.procedure_version = 1;
        d.agency_id = 2;
        d.channel = "counter";
        d.applicant = "{}";
        d.status = "received";
        d.submitted_at = domain::StartOfLocalDay(day) + 9 * 3600;
        d.received_at = d.submitted_at;
        d.created_by = 10;
        d.updated_at = d.submitted_at;
        MOTCUA_RETURN_IF_ERROR(storage::InsertDossier(c, d).status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  static Principal As(domain::Role role, const std::string& code, const std::string& path) {
    Principal p;
    p.user_id = 99;
    p.role = role;
    p.agency_code = code;
    p.agency_path = path;
    return p;
  }

  static const WorkloadField* Field(const WorkloadReport& r, const std::string& code) {
    for (const auto& f : r.fields)
      if (f.code == code) return &f;
    return nullptr;
  }

  int seq_ = 0;
  FakeClock clock_{1'762'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CatalogueService> catalogue_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<WorkloadService> workload_;
};

TEST_F(WorkloadServiceTest, CountsWorkingDaysCountersAndSuggestion) {
  // Monday 2 November 2026 to Sunday 8 November: five working days.
  Receive("1.1", {2026, 11, 2}, 6);
  Receive("1.1", {2026, 11, 3}, 4);
  Receive("1.2", {2026, 11, 3}, 5);
  Receive("1.2", {2026, 11, 9}, 7);  // after the period
  WorkloadQuery q;
  q.from = {2026, 11, 2};
  q.to = {2026, 11, 8};
  auto r = workload_->Workload(As(domain::Role::kMonitor, "H99", "/1/"), q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->agency_code, "H99");
  EXPECT_EQ(r->days.size(), 7u);
  EXPECT_EQ(r->working_days, 5);
  EXPECT_FALSE(r->working[5]) << "Saturday";
  EXPECT_EQ(r->total, 15);
  const WorkloadField* ht = Field(*r, "HT");
  const WorkloadField* dd = Field(*r, "DD");
  const WorkloadField* ks = Field(*r, "KS");
  ASSERT_TRUE(ht && dd && ks);
  EXPECT_EQ(ht->total, 10);
  EXPECT_EQ(ht->per_day[0], 6);
  EXPECT_EQ(ht->per_day[1], 4);
  EXPECT_EQ(dd->total, 5);
  EXPECT_EQ(ks->total, 0) << "a counter's field without dossiers still shows";
  EXPECT_EQ(ht->current_counters, 2);
  EXPECT_EQ(dd->current_counters, 1);
  EXPECT_EQ(ks->current_counters, 1);
  EXPECT_EQ(r->current_counters.size(), 3u);
  EXPECT_EQ(r->counters, 3);
  // 2 and 1 dossiers a working day: two counters and one; the empty field gets none.
  EXPECT_DOUBLE_EQ(ht->suggested.daily_dossiers, 2.0);
  EXPECT_EQ(ht->suggested.counters, 2);
  EXPECT_EQ(dd->suggested.counters, 1);
  EXPECT_EQ(ks->suggested.counters, 0);
  EXPECT_EQ(r->general_counters, 0);
  ASSERT_EQ(r->officers.size(), 1u);
  EXPECT_EQ(r->officers[0].name, "Trần Thị Bình");
  EXPECT_EQ(r->officers[0].total, 15);
  EXPECT_EQ(r->officers[0].per_day[1], 9);

  // More counters than needed per field, and a small field grouped onto the general counter.
  Receive("1.1", {2026, 11, 4}, 90);
  q.counters = 4;
  auto more = workload_->Workload(As(domain::Role::kAdmin, "H99", "/1/"), q);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(Field(*more, "HT")->suggested.counters, 3);
  EXPECT_TRUE(Field(*more, "DD")->suggested.on_general);
  EXPECT_EQ(more->general_counters, 1);

  auto json = WorkloadReportJson(*more);
  EXPECT_EQ(json.at("total").as_int64(), 105);
  EXPECT_EQ(json.at("suggested").at("general_counters").as_int64(), 1);
}

TEST_F(WorkloadServiceTest, RolesScopeAndBadInput) {
  Receive("1.1", {2026, 11, 2}, 3);
  WorkloadQuery q;
  q.from = {2026, 11, 2};
  q.to = {2026, 11, 8};
  // The department's leader sees its own subtree: nothing of the centre's reception.
  auto own = workload_->Workload(As(domain::Role::kLeader, "D.H99", "/1/3/"), q);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->total, 0);
  EXPECT_TRUE(own->current_counters.empty());
  EXPECT_EQ(own->counters, 1);
  EXPECT_EQ(own->general_counters, 1);
  q.agency_code = "C.H99";
  EXPECT_EQ(workload_->Workload(As(domain::Role::kLeader, "D.H99", "/1/3/"), q).status().reason(),
            "agency_scope");
  auto centre = workload_->Workload(As(domain::Role::kMonitor, "H99", "/1/"), q);
  ASSERT_TRUE(centre.ok());
  EXPECT_EQ(centre->total, 3);
  q.agency_code.reset();
  EXPECT_EQ(workload_->Workload(As(domain::Role::kReceptionOfficer, "C.H99", "/1/2/"), q)
                .status()
                .reason(),
            "forbidden");
  Principal monitor = As(domain::Role::kMonitor, "H99", "/1/");
  WorkloadQuery bad = q;
  bad.to = {2026, 11, 1};
  EXPECT_EQ(workload_->Workload(monitor, bad).status().field(), "to");
  bad = q;
  bad.from = {2025, 1, 1};
  EXPECT_EQ(workload_->Workload(monitor, bad).status().field(), "from");
  bad = q;
  bad.counters = 500;
  EXPECT_EQ(workload_->Workload(monitor, bad).status().field(), "counters");
  bad = q;
  bad.agency_code = "KHONG.CO";
  EXPECT_EQ(workload_->Workload(monitor, bad).status().reason(), "unknown_agency");
}

}  // namespace
}  // namespace motcua::service
