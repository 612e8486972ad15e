#include "service/report_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "common/clock.h"
#include "service/report_synthetic.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

using domain::LocalDate;

int64_t At(LocalDate d, int hour, int minute = 0) {
  return domain::StartOfLocalDay(d) + hour * 3600 + minute * 60;
}

class ReportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("rep", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    clock_.Set(At({2026, 11, 1}, 9));
    reports_ = std::make_unique<ReportService>(*db_, clock_);
  }
  void TearDown() override {
    reports_.reset();
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Generate(int64_t n, LocalDate from, LocalDate to) {
    SyntheticOptions o;
    o.count = n;
    o.from = domain::StartOfLocalDay(from);
    o.to = domain::StartOfLocalDay(to);
    o.departments = 5;
    o.communes = 10;
    o.procedures = 40;
    o.fields = 7;
    ASSERT_TRUE(GenerateSyntheticDossiers(*db_, o).ok());
  }
  void ExpectSame(TimelinessQuery q) {
    q.engine = ReportEngine::kIndex;
    auto a = reports_->Timeliness(nullptr, q);
    q.engine = ReportEngine::kSql;
    auto b = reports_->Timeliness(nullptr, q);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(a->total, b->total) << q.group_by;
    ASSERT_EQ(a->groups.size(), b->groups.size()) << q.group_by;
    for (size_t i = 0; i < a->groups.size(); ++i) {
      EXPECT_EQ(a->groups[i].key, b->groups[i].key);
      EXPECT_EQ(a->groups[i].counts, b->groups[i].counts) << q.group_by << " " << a->groups[i].key;
    }
    EXPECT_GT(a->total.total() + a->total.refused, 0);
  }
  Status Exec(const std::string& sql, const storage::Params& p = {}) {
    return db_->Write([&](storage::Connection& c) { return c.Exec(sql, p).status(); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  FakeClock clock_{0};
  std::unique_ptr<ReportService> reports_;
};

TEST_F(ReportServiceTest, IndexAndSqlGiveIdenticalNumbers) {
  Generate(8000, {2025, 7, 1}, {2026, 11, 1});
  TimelinessQuery q;
  q.from = {2026, 1, 1};
  q.to = {2026, 10, 1};
  q.as_of = At({2026, 9, 15}, 10, 30);
  for (std::string g : {"", "agency", "field", "procedure", "channel", "month", "quarter"}) {
    q.group_by = g;
    ExpectSame(q);
  }
  q.group_by = "agency";
  q.agency_code = "000.03.00.H99";
  ExpectSame(q);
  q.agency_code.reset();
  q.field_code = "F03";
  q.channel = "online";
  ExpectSame(q);
  q.field_code.reset();
  q.channel.reset();
  q.as_of.reset();  // now: after the period
  q.group_by = "day";
  q.from = {2026, 6, 1};
  q.to = {2026, 6, 8};
  ExpectSame(q);
}

TEST_F(ReportServiceTest, IndexFollowsChanges) {
  Generate(2000, {2026, 1, 1}, {2026, 3, 1});
  TimelinessQuery q;
  q.from = {2026, 1, 1};
  q.to = {2026, 4, 1};
  q.as_of = At({2026, 3, 31}, 17);
  auto before = reports_->Timeliness(nullptr, q);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(reports_->IndexedRows(), 2000u);
  // Finish one pending dossier and add a new one: the next report sees both.
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'finished', finished_at = received_at + 60, "
                   "updated_at = updated_at + 100000000 WHERE id = (SELECT MIN(id) FROM dossiers "
                   "WHERE status = 'in_process' AND legal_due_at IS NOT NULL)")
                  .ok());
  ASSERT_TRUE(
      Exec("INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
           "channel, applicant, status, submitted_at, received_at, legal_due_at, "
           "updated_at) VALUES (5000, 'NEW-1', '9.000001', 1, 2, 'online', '{}', "
           "'in_process', ?, ?, ?, ?)",
           {At({2026, 3, 2}, 9), At({2026, 3, 2}, 9), At({2026, 3, 9}, 17), At({2026, 3, 2}, 9)})
          .ok());
  auto after = reports_->Timeliness(nullptr, q);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->total.received, before->total.received + 1);
  EXPECT_EQ(after->total.resolved(), before->total.resolved() + 1);
  ExpectSame(q);
}

// Cô Tô 2019 (domain.md §8): 8,063 dossiers, 8,035 early or on time, 28 still within deadline.
TEST_F(ReportServiceTest, SeedFiguresCoTo2019) {
  ASSERT_TRUE(Exec("INSERT INTO agencies (id, code, name, type, path, is_one_stop_centre, "
                   "created_at, updated_at) VALUES (1, '000.00.00.H22', 'Trung tâm Hành chính "
                   "công huyện Cô Tô', 'legacy_district', '/1/', 1, 0, 0)")
                  .ok());
  ASSERT_TRUE(
      db_->Write([&](storage::Connection& c) -> Status {
           for (int i = 1; i <= 8063; ++i) {
             int64_t rec = At(LocalDate{2019, 1, 2}.AddDays(i % 340), 8, i % 60);
             int64_t due = rec + 5 * 86400;
             storage::Value fin = nullptr;
             std::string status = "in_process";
             if (i <= 8035) {
               // Alternate: a day early, or exactly at the due instant (on time).
               fin = (i % 2) ? due : rec + 86400;
               status = (i % 3) ? "returned" : "finished";
             } else {
               rec = At({2019, 12, 30}, 9);
               due = rec + 4 * 86400;
             }
             MOTCUA_RETURN_IF_ERROR(
                 c.Exec(
                      "INSERT INTO dossiers (code, procedure_code, procedure_version, "
                      "agency_id, channel, applicant, status, submitted_at, "
                      "received_at, legal_due_at, due_at, finished_at, updated_at) "
                      "VALUES (?, '1.000001', 1, 1, 'counter', '{}', ?, ?, ?, ?, ?, ?, ?)",
                      {"000.00.00.H22-" + std::to_string(i), status, rec, rec, due, due, fin, rec})
                     .status());
           }
           return Status::Ok();
         })
          .ok());
  for (auto engine : {ReportEngine::kIndex, ReportEngine::kSql}) {
    TimelinessQuery q;
    q.from = {2019, 1, 1};
    q.to = {2020, 1, 1};
    q.as_of = At({2019, 12, 31}, 17);
    q.engine = engine;
    auto r = reports_->Timeliness(nullptr, q);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->total.received, 8063);
    EXPECT_EQ(r->total.resolved_early + r->total.resolved_on_time, 8035);
    EXPECT_EQ(r->total.resolved_late, 0);
    EXPECT_EQ(r->total.pending_within_deadline, 28);
    EXPECT_EQ(r->total.pending_overdue, 0);
    auto rates = domain::RatesOf(r->total);
    EXPECT_EQ(rates.early_or_on_time_of_total, 99.7);
    auto json = TimelinessReportJson(*r);
    EXPECT_EQ(json["total"].as_object()["early_or_on_time_of_total"].as_double(), 99.7);
    EXPECT_EQ(json["total"].as_object()["received"].as_int64(), 8063);
  }
}

TEST_F(ReportServiceTest, ScopeAndPermissions) {
  Generate(500, {2026, 1, 1}, {2026, 3, 1});
  Principal leader;
  leader.user_id = 1;
  leader.role = domain::Role::kLeader;
  leader.agency_code = "000.03.00.H99";
  leader.agency_path = "/1/3/";
  TimelinessQuery q;
  q.from = {2026, 1, 1};
  q.to = {2026, 3, 1};
  auto own = reports_->Timeliness(&leader, q);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->agency_code, "000.03.00.H99");
  q.agency_code = "000.00.00.H99";  // the province: above the leader
  EXPECT_EQ(reports_->Timeliness(&leader, q).status().reason(), "agency_scope");
  Principal clerk = leader;
  clerk.role = domain::Role::kReceptionOfficer;
  q.agency_code.reset();
  EXPECT_EQ(reports_->Timeliness(&clerk, q).status().code(), Code::kPermissionDenied);
  q.group_by = "week";
  EXPECT_EQ(reports_->Timeliness(&leader, q).status().reason(), "invalid_group_by");
}

TEST_F(ReportServiceTest, ExportsCsvWithBomAndXlsx) {
  Generate(300, {2026, 1, 1}, {2026, 2, 1});
  TimelinessQuery q;
  q.from = {2026, 1, 1};
  q.to = {2026, 2, 1};
  q.group_by = "channel";
  auto r = reports_->Timeliness(nullptr, q);
  ASSERT_TRUE(r.ok());
  auto csv = TimelinessReportCsv(*r);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.find("Giải quyết trước hạn"), std::string::npos);
  EXPECT_NE(csv.find("Tổng cộng"), std::string::npos);
  auto xlsx = TimelinessReportXlsx(*r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");  // a zip container
}

TEST_F(ReportServiceTest, EvaluationRanksUnitsAndOfficials) {
  Generate(3000, {2026, 6, 1}, {2026, 9, 30});
  auto e = reports_->Evaluate(nullptr, "2026Q3", std::nullopt);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_FALSE(e->units.empty());
  EXPECT_EQ(e->units.front().rank, 1);
  for (size_t i = 1; i < e->units.size(); ++i) {
    EXPECT_LE(e->units[i].total, e->units[i - 1].total);
    EXPECT_GE(e->units[i].total, 0);
    EXPECT_LE(e->units[i].total, 18);
  }
  EXPECT_TRUE(e->units.front().indicators[1].has_value());
  auto json = EvaluationReportJson(*e);
  EXPECT_EQ(json["period"].as_string(), "2026Q3");
  EXPECT_TRUE(EvaluationReportXlsx(*e).ok());
  EXPECT_EQ(reports_->Evaluate(nullptr, "2026Q5", std::nullopt).status().reason(),
            "invalid_quarter");
}

TEST_F(ReportServiceTest, Index766ListsWhatIsNotComputable) {
  Generate(1000, {2026, 1, 1}, {2026, 4, 1});
  auto r = reports_->Index766(nullptr, {2026, 1, 1}, {2026, 4, 1}, std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->input.dossiers_received, 0);
  auto json = Index766ReportJson(*r);
  EXPECT_GE(json["not_computable"].as_array().size(), 4u);
}

TEST_F(ReportServiceTest, ComplaintsAndRatings) {
  Generate(200, {2026, 10, 1}, {2026, 10, 20});
  Principal leader;
  leader.user_id = 0;
  leader.role = domain::Role::kLeader;
  leader.agency_code = "000.00.00.H99";
  leader.agency_path = "/1/";
  ComplaintInput in;
  in.agency_code = "000.03.00.H99";
  in.channel = "portal";
  in.content = "Cán bộ hẹn lại nhiều lần.";
  in.due_working_days = 10;
  auto k = reports_->ReceiveComplaint(nullptr, in);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  // Sunday 1 November 2026 09:00: counting starts Monday; 10 working days later.
  EXPECT_GT(k->due_at, k->received_at + 10 * 86400);
  in.channel = "counter";  // only staff record counter complaints
  EXPECT_EQ(reports_->ReceiveComplaint(nullptr, in).status().code(), Code::kPermissionDenied);
  in.content = "  ";
  EXPECT_EQ(reports_->ReceiveComplaint(&leader, in).status().reason(), "missing_field");
  auto assigned = reports_->AssignComplaint(leader, k->id, "000.03.00.H99", std::nullopt);
  ASSERT_TRUE(assigned.ok()) << assigned.status().ToString();
  auto answered = reports_->AnswerComplaint(leader, k->id, "Đã xác minh, phản ánh đúng.", true);
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(answered->substantiated, true);
  EXPECT_EQ(reports_->AnswerComplaint(leader, k->id, "lần hai", false).status().reason(),
            "already_answered");
  auto list = reports_->ListComplaints(leader, std::nullopt, 0, At({2027, 1, 1}, 0), 10);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);

  // A paper rating entered by staff for a returned dossier.
  std::string code;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT code FROM dossiers "
                                                                "WHERE status = 'returned' "
                                                                "ORDER BY id LIMIT 1"));
                   code = row->Text(0);
                   return Status::Ok();
                 })
                  .ok());
  Principal clerk = leader;
  clerk.role = domain::Role::kReceptionOfficer;
  RatingInput rating{code, "paper", {1, 2, 2, std::nullopt}, ""};
  auto rated = reports_->Rate(&clerk, rating);
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_TRUE(rated->satisfied);
  rating.answers.attitude = 3;
  EXPECT_EQ(reports_->Rate(&clerk, rating).status().reason(), "invalid_rating");
  rating.answers.attitude = 0;
  rating.channel = "online";  // only the applicant rates online
  EXPECT_EQ(reports_->Rate(&clerk, rating).status().code(), Code::kPermissionDenied);
}

// The same equality on PostgreSQL (skipped unless MOTCUA_TEST_PG_URL is set): the SQL path must
// be portable, and its integer arithmetic must agree with the index there too.
TEST(ReportServicePostgres, IndexAndSqlGiveIdenticalNumbers) {
  const char* base = std::getenv("MOTCUA_TEST_PG_URL");
  if (base == nullptr || *base == '\0') GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
  std::string schema = "rep_" + std::to_string(::getpid());
  {
    auto admin = storage::OpenDatabase(storage::DatabaseOptions(base));
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    ASSERT_TRUE((*admin)
                    ->Write([&](storage::Connection& c) {
                      return c.ExecScript("DROP SCHEMA IF EXISTS " + schema +
                                          " CASCADE; CREATE SCHEMA " + schema);
                    })
                    .ok());
    (*admin)->Close();
  }
  std::string url = std::string(base) +
                    (std::string(base).find('?') == std::string::npos ? "?" : "&") +
                    "options=-csearch_path%3D" + schema;
  auto opened = storage::OpenDatabase(storage::DatabaseOptions(url));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto db = std::move(opened).value();
  ASSERT_TRUE(storage::Migrate(*db).ok());
  SyntheticOptions o;
  o.count = 4000;
  o.from = domain::StartOfLocalDay({2026, 1, 1});
  o.to = domain::StartOfLocalDay({2026, 9, 1});
  o.departments = 4;
  o.communes = 6;
  o.procedures = 30;
  o.fields = 5;
  ASSERT_TRUE(GenerateSyntheticDossiers(*db, o).ok());
  FakeClock clock(At({2026, 11, 1}, 9));
  ReportService reports(*db, clock);
  for (std::string g : {"", "agency", "field", "channel", "month"}) {
    TimelinessQuery q;
    q.from = {2026, 2, 1};
    q.to = {2026, 8, 1};
    q.as_of = At({2026, 7, 20}, 16, 45);
    q.group_by = g;
    auto a = reports.Timeliness(nullptr, q);
    q.engine = ReportEngine::kSql;
    auto b = reports.Timeliness(nullptr, q);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(a->total, b->total) << g;
    ASSERT_EQ(a->groups.size(), b->groups.size()) << g;
    for (size_t i = 0; i < a->groups.size(); ++i)
      EXPECT_EQ(a->groups[i].counts, b->groups[i].counts) << g << " " << a->groups[i].key;
  }
  db->Close();
  auto admin = storage::OpenDatabase(storage::DatabaseOptions(base));
  ASSERT_TRUE(admin.ok());
  (void)(*admin)->Write(
      [&](storage::Connection& c) { return c.ExecScript("DROP SCHEMA " + schema + " CASCADE"); });
  (*admin)->Close();
}

}  // namespace
}  // namespace motcua::service
