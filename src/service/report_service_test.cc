#include "service/report_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "common/clock.h"
#include "service/auth_service.h"
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

// The index adds whole summaries of rows from their tallies when every row in them counts the
// same way in the window. With summaries of 64 rows, a few thousand dossiers span a hundred of
// them, so every window below mixes summaries counted from tallies and summaries scanned; the
// numbers must still be the SQL reference's, before and after dossiers change (a summary's
// bounds then only widen, and a moved or replaced row's tallies follow it).
TEST_F(ReportServiceTest, SummariesGiveTheNumbersOfTheScan) {
  Generate(6000, {2025, 1, 1}, {2026, 10, 1});
  ReportServiceOptions options;
  options.index_summary_rows = 64;
  ReportService small(*db_, clock_, nullptr, options);
  int64_t summarised = 0;
  auto check = [&](TimelinessQuery q, const std::string& what) {
    q.engine = ReportEngine::kIndex;
    auto a = small.Timeliness(nullptr, q);
    q.engine = ReportEngine::kSql;
    auto b = small.Timeliness(nullptr, q);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    summarised += a->rows_summarised;
    EXPECT_EQ(a->total, b->total) << what;
    ASSERT_EQ(a->groups.size(), b->groups.size()) << what;
    for (size_t i = 0; i < a->groups.size(); ++i) {
      EXPECT_EQ(a->groups[i].key, b->groups[i].key) << what;
      EXPECT_EQ(a->groups[i].counts, b->groups[i].counts) << what << " " << a->groups[i].key;
    }
  };
  struct Window {
    LocalDate from, to;
    std::optional<int64_t> as_of;
  };
  const std::vector<Window> windows = {
      {{2025, 1, 1}, {2026, 1, 1}, At({2025, 12, 31}, 23)},  // judged within the last day
      {{2025, 1, 1}, {2026, 1, 1}, std::nullopt},            // judged after the period
      {{2025, 7, 1}, {2025, 10, 1}, At({2025, 9, 30}, 23)},
      {{2025, 4, 1}, {2026, 4, 1}, At({2025, 11, 12}, 10, 17)},  // judged inside the period
      {{2026, 3, 1}, {2026, 4, 1}, At({2026, 2, 20}, 8)},        // judged before it starts
      {{2026, 1, 1}, {2026, 12, 1}, std::nullopt},
  };
  auto run_all = [&](const std::string& stage) {
    for (const auto& win : windows) {
      TimelinessQuery q;
      q.from = win.from;
      q.to = win.to;
      q.as_of = win.as_of;
      const std::string at = stage + " " + win.from.ToString() + ".." + win.to.ToString();
      for (std::string g : {"", "agency", "field", "procedure", "channel", "quarter"}) {
        q.group_by = g;
        check(q, at + " group_by=" + g);
      }
      q.group_by = "";
      q.agency_code = "000.03.00.H99";  // one department: the agency tallies
      check(q, at + " department");
      q.group_by = "procedure";  // agency and procedure: scanned
      check(q, at + " department by procedure");
      q.agency_code.reset();
      q.field_code = "F03";  // the procedure tallies
      check(q, at + " field by procedure");
      q.group_by = "agency";  // field and agency: scanned
      check(q, at + " field by agency");
      q.field_code.reset();
      q.channel = "online";
      q.group_by = "";
      check(q, at + " online");
      q.group_by = "channel";
      check(q, at + " online by channel");
      q.group_by = "field";  // channel and field: scanned
      check(q, at + " online by field");
    }
  };
  run_all("first load");
  EXPECT_GT(summarised, 0);  // the tallies were used
  // Changes: finished, reopened, withdrawn, handed over, new; each moves or replaces rows.
  clock_.Set(At({2026, 11, 2}, 9));
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'finished', finished_at = received_at + 7200, "
                   "updated_at = ? WHERE id IN (SELECT id FROM dossiers WHERE status = "
                   "'in_process' ORDER BY id LIMIT 40)",
                   {At({2026, 11, 2}, 9)})
                  .ok());
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'in_process', finished_at = NULL, returned_at = "
                   "NULL, updated_at = ? WHERE id IN (SELECT id FROM dossiers WHERE status = "
                   "'finished' ORDER BY id DESC LIMIT 30)",
                   {At({2026, 11, 2}, 9)})
                  .ok());
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'withdrawn', finished_at = ?, updated_at = ? "
                   "WHERE id IN (SELECT id FROM dossiers WHERE status = 'waiting_supplement' "
                   "ORDER BY id LIMIT 25)",
                   {At({2025, 12, 31}, 23, 30), At({2026, 11, 2}, 9)})
                  .ok());
  ASSERT_TRUE(Exec("UPDATE dossiers SET status = 'returned', returned_at = ?, updated_at = ? "
                   "WHERE id IN (SELECT id FROM dossiers WHERE status = 'finished' ORDER BY id "
                   "LIMIT 25)",
                   {At({2025, 8, 14}, 10), At({2026, 11, 2}, 9)})
                  .ok());
  // New dossiers due exactly at the judging minute of the first window: whole summaries of
  // them, within their deadline then (overdue only from the next minute).
  for (int i = 0; i < 150; ++i) {
    ASSERT_TRUE(
        Exec("INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
             "channel, applicant, status, submitted_at, received_at, legal_due_at, "
             "updated_at) VALUES (?, ?, '9.000001', 1, 2, 'online', '{}', 'in_process', ?, ?, "
             "?, ?)",
             {int64_t{90000 + i}, "NEW-" + std::to_string(i), At({2025, 3, 2}, 9),
              At({2025, 3, 2}, 9), At({2025, 12, 31}, 23), At({2026, 11, 2}, 9)})
            .ok());
  }
  clock_.Set(At({2026, 11, 2}, 12));  // every writer stamps updated_at with now
  run_all("after changes");
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
  RatingInput rating{code, "paper", {1, 2, 2, std::nullopt}, "", ""};
  auto rated = reports_->Rate(&clerk, rating);
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_TRUE(rated->satisfied);
  rating.answers.attitude = 3;
  EXPECT_EQ(reports_->Rate(&clerk, rating).status().reason(), "invalid_rating");
  rating.answers.attitude = 0;
  rating.channel = "online";  // only the applicant rates online
  EXPECT_EQ(reports_->Rate(&clerk, rating).status().code(), Code::kPermissionDenied);
}

// The outside probe (issue 15): a complaint could be assigned to anyone with an account, and
// the assignee may answer it. Only active staff of the handling agency's subtree qualify.
TEST_F(ReportServiceTest, ComplaintAssigneeIsStaffOfTheHandlingAgency) {
  Generate(20, {2026, 10, 1}, {2026, 10, 5});
  AuthService auth(*db_, clock_, AuthOptions{});
  auto make = [&](const std::string& name, const std::string& role, const std::string& agency) {
    auto p = auth.CreateUser(nullptr, {name, "mat-khau-123", "Người " + name, role, agency});
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Principal{};
  };
  Principal leader3 = make("lanh.dao.3", "leader", "000.03.00.H99");
  make("chuyen.vien.3", "specialist", "000.03.00.H99");
  make("chuyen.vien.4", "specialist", "000.04.00.H99");
  make("cong.dan", "citizen", "");
  Principal off = make("nghi.viec.3", "specialist", "000.03.00.H99");
  UserPatch disable;
  disable.active = false;
  Principal root = make("quan.tri", "admin", "000.00.00.H99");
  ASSERT_TRUE(auth.UpdateUser(root, off.username, disable).ok());

  ComplaintInput in;
  in.agency_code = "000.03.00.H99";
  in.channel = "portal";
  in.content = "Hồ sơ bị trả lại không rõ lý do.";
  in.due_working_days = 10;
  auto k = reports_->ReceiveComplaint(nullptr, in);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  for (const char* who : {"cong.dan", "chuyen.vien.4", "nghi.viec.3", "khong.co.ai"}) {
    auto r = reports_->AssignComplaint(leader3, k->id, std::nullopt, std::string(who));
    EXPECT_EQ(r.status().reason(), "unknown_assignee") << who;
  }
  // A refused assignment wrote nothing.
  auto before = reports_->ListComplaints(leader3, std::nullopt, 0, At({2027, 1, 1}, 0), 10);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_FALSE((*before)[0].assigned_user_id.has_value());
  // A leader of another department may not touch it at all.
  Principal leader4 = make("lanh.dao.4", "leader", "000.04.00.H99");
  EXPECT_EQ(reports_->AssignComplaint(leader4, k->id, std::nullopt, std::string("chuyen.vien.4"))
                .status()
                .reason(),
            "agency_scope");
  auto ok = reports_->AssignComplaint(leader3, k->id, std::nullopt, std::string("chuyen.vien.3"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  // Passed by the province to department 4: its staff now qualify, department 3's no longer.
  Principal province = make("lanh.dao.tinh", "leader", "000.00.00.H99");
  EXPECT_EQ(reports_
                ->AssignComplaint(province, k->id, std::string("000.04.00.H99"),
                                  std::string("chuyen.vien.3"))
                .status()
                .reason(),
            "unknown_assignee");
  EXPECT_TRUE(reports_
                  ->AssignComplaint(province, k->id, std::string("000.04.00.H99"),
                                    std::string("chuyen.vien.4"))
                  .ok());
}

// Anonymous ratings (hall kiosk, portal without log-in) prove the receipt with the last four
// digits of the applicant's id number or phone; one rating per dossier and channel.
TEST_F(ReportServiceTest, AnonymousRatingNeedsTheReceiptVerifier) {
  Generate(20, {2026, 10, 1}, {2026, 10, 5});
  const std::string applicant =
      R"({"type":"citizen","full_name":"Phạm Thu Hà","id_number":"001192007777",)"
      R"("phone":"0934567890"})";
  ASSERT_TRUE(Exec("INSERT INTO users (id, username, password_hash, full_name, role, created_at) "
                   "VALUES (900, 'cong.dan', 'x', 'Phạm Thu Hà', 'citizen', 0)")
                  .ok());
  int64_t id = 9000;
  for (const char* status : {"returned", "in_process", "finished"}) {
    ASSERT_TRUE(Exec("INSERT INTO dossiers (id, code, procedure_code, procedure_version, "
                     "agency_id, channel, applicant, applicant_user_id, status, submitted_at, "
                     "received_at, updated_at) VALUES (?, ?, '9.000001', 1, 2, 'online', ?, ?, "
                     "?, ?, ?, ?)",
                     {id, "VER-" + std::string(status), applicant,
                      std::string(status) == "finished" ? storage::Value(int64_t{900})
                                                        : storage::Value(nullptr),
                      std::string(status), At({2026, 10, 2}, 9), At({2026, 10, 2}, 9),
                      At({2026, 10, 2}, 9)})
                    .ok());
    ++id;
  }
  auto count = [&] {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM ratings"));
                     n = row->Int(0);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  };
  RatingInput in{"VER-returned", "kiosk", {2, 2, 2, std::nullopt}, "Tốt", ""};
  // No verifier, a wrong one, a malformed one: 4xx on the field, nothing written.
  auto st = reports_->Rate(nullptr, in).status();
  EXPECT_EQ(st.reason(), "missing_field");
  EXPECT_EQ(st.field(), "verifier");
  in.verifier = "1234";
  st = reports_->Rate(nullptr, in).status();
  EXPECT_EQ(st.reason(), "verifier_mismatch");
  EXPECT_EQ(st.field(), "verifier");
  EXPECT_EQ(st.http_status(), 422);
  in.verifier = "77a7";
  EXPECT_EQ(reports_->Rate(nullptr, in).status().reason(), "verifier_mismatch");
  in.verifier = "777";  // the id number's last four digits, not three
  EXPECT_EQ(reports_->Rate(nullptr, in).status().reason(), "verifier_mismatch");
  EXPECT_EQ(count(), 0);
  // The id number's last four digits: accepted, anonymous (no entered_by).
  in.verifier = "77 77";
  auto kiosk = reports_->Rate(nullptr, in);
  ASSERT_TRUE(kiosk.ok()) << kiosk.status().ToString();
  EXPECT_FALSE(kiosk->entered_by.has_value());
  EXPECT_TRUE(kiosk->satisfied);
  // Once per dossier and channel.
  st = reports_->Rate(nullptr, in).status();
  EXPECT_EQ(st.reason(), "already_rated");
  EXPECT_EQ(st.code(), Code::kConflict);
  // The portal is another channel; the phone's last four digits work too.
  in.channel = "online";
  in.verifier = "7890";
  in.answers.attitude = 0;
  auto online = reports_->Rate(nullptr, in);
  ASSERT_TRUE(online.ok()) << online.status().ToString();
  EXPECT_FALSE(online->satisfied);
  EXPECT_EQ(reports_->Rate(nullptr, in).status().reason(), "already_rated");
  EXPECT_EQ(count(), 2);
  // Paper forms are typed in by staff only, verifier or not.
  in.channel = "paper";
  EXPECT_EQ(reports_->Rate(nullptr, in).status().code(), Code::kPermissionDenied);
  // No result yet: not rateable even with the right verifier.
  in.channel = "kiosk";
  in.dossier_code = "VER-in_process";
  in.verifier = "7777";
  EXPECT_EQ(reports_->Rate(nullptr, in).status().reason(), "not_rateable");
  in.dossier_code = "VER-unknown";
  EXPECT_EQ(reports_->Rate(nullptr, in).status().code(), Code::kNotFound);
  // The applicant's own account rates online without a verifier; another citizen cannot.
  Principal owner;
  owner.user_id = 900;
  owner.role = domain::Role::kCitizen;
  in.dossier_code = "VER-finished";
  in.channel = "online";
  in.verifier.clear();
  Principal other = owner;
  other.user_id = 901;
  EXPECT_EQ(reports_->Rate(&other, in).status().code(), Code::kPermissionDenied);
  auto own = reports_->Rate(&owner, in);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->entered_by, 900);
  EXPECT_EQ(count(), 3);
}

// The hall kiosk takes complaints without a log-in; a logged-in citizen sees their own.
TEST_F(ReportServiceTest, KioskComplaintsAndMyComplaints) {
  Generate(20, {2026, 10, 1}, {2026, 10, 5});
  ASSERT_TRUE(Exec("INSERT INTO users (id, username, password_hash, full_name, role, created_at) "
                   "VALUES (900, 'cong.dan', 'x', 'Phạm Thu Hà', 'citizen', 0)")
                  .ok());
  ComplaintInput in;
  in.agency_code = "000.03.00.H99";
  in.channel = "kiosk";
  in.content = "Quầy số 3 vắng cán bộ.";
  auto kiosk = reports_->ReceiveComplaint(nullptr, in);
  ASSERT_TRUE(kiosk.ok()) << kiosk.status().ToString();
  EXPECT_EQ(kiosk->channel, "kiosk");
  EXPECT_FALSE(kiosk->created_by.has_value());
  in.channel = "counter";
  EXPECT_EQ(reports_->ReceiveComplaint(nullptr, in).status().code(), Code::kPermissionDenied);
  Principal citizen;
  citizen.user_id = 900;
  citizen.role = domain::Role::kCitizen;
  in.channel = "portal";
  in.content = "Đề nghị niêm yết lệ phí.";
  auto mine = reports_->ReceiveComplaint(&citizen, in);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  auto list = reports_->MyComplaints(citizen, 10);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().id, mine->id);
  EXPECT_EQ(list->front().content, "Đề nghị niêm yết lệ phí.");
  Principal stranger = citizen;
  stranger.user_id = 901;
  ASSERT_TRUE(reports_->MyComplaints(stranger, 10).ok());
  EXPECT_TRUE(reports_->MyComplaints(stranger, 10)->empty());
  stranger.user_id = 0;
  EXPECT_EQ(reports_->MyComplaints(stranger, 10).status().code(), Code::kPermissionDenied);
}

// Every figure of every group links to a list whose total is that figure, with both engines.
TEST_F(ReportServiceTest, DrillDownTotalsEqualTheFigures) {
  Generate(4000, {2025, 10, 1}, {2026, 11, 1});
  const char* figures[] = {"carried_over",    "received",
                           "total",           "resolved",
                           "resolved_early",  "resolved_on_time",
                           "resolved_late",   "resolved_no_deadline",
                           "pending",         "pending_within_deadline",
                           "pending_overdue", "withdrawn",
                           "stopped",         "refused",
                           "returned"};
  int checked_nonzero = 0;
  for (std::string g : {"", "agency", "field", "channel", "procedure", "month"}) {
    TimelinessQuery q;
    q.from = {2026, 3, 1};
    q.to = {2026, 8, 1};
    q.as_of = At({2026, 6, 20}, 14, 45);  // inside the period: pending is judged then
    q.group_by = g;
    if (g == "procedure") q.field_code = "F02";
    for (auto engine : {ReportEngine::kIndex, ReportEngine::kSql}) {
      q.engine = engine;
      auto r = reports_->Timeliness(nullptr, q);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      std::vector<std::pair<std::string, domain::TimelinessCounts>> groups{{"", r->total}};
      for (size_t i = 0; i < r->groups.size() && i < 4; ++i)
        groups.emplace_back(r->groups[i].key, r->groups[i].counts);
      for (const auto& [key, counts] : groups) {
        for (const char* name : figures) {
          DrillDownQuery d;
          d.report = q;
          d.group = key;
          d.figure = name;
          d.limit = 1000;
          auto list = reports_->TimelinessDossiers(nullptr, d);
          ASSERT_TRUE(list.ok()) << list.status().ToString();
          const int64_t want = domain::FigureValue(counts, *domain::ParseFigure(name));
          EXPECT_EQ(list->total, want) << "group_by=" << g << " group=" << key << " " << name;
          EXPECT_EQ(static_cast<int64_t>(list->items.size()), std::min<int64_t>(want, 1000));
          if (want > 0) ++checked_nonzero;
          for (const auto& item : list->items) {
            EXPECT_FALSE(item.code.empty());
            if (std::string_view(name).substr(0, 9) == "resolved_") {
              EXPECT_EQ(item.outcome, name);
            }
            if (g == "agency" && !key.empty()) {
              EXPECT_EQ(item.agency_code, key);
            }
            if (g == "channel" && !key.empty()) {
              EXPECT_EQ(item.channel, key);
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked_nonzero, 100);  // the data exercises the figures, not only zeros

  // Paging: the pages together are the whole list, without repeats.
  DrillDownQuery d;
  d.report.from = {2026, 3, 1};
  d.report.to = {2026, 8, 1};
  d.report.as_of = At({2026, 6, 20}, 14, 45);
  d.figure = "received";
  d.limit = 1000;
  auto all = reports_->TimelinessDossiers(nullptr, d);
  ASSERT_TRUE(all.ok());
  ASSERT_GT(all->total, 40);
  std::vector<std::string> paged;
  d.limit = 17;
  for (d.offset = 0; d.offset < all->total; d.offset += 17) {
    auto p = reports_->TimelinessDossiers(nullptr, d);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->total, all->total);
    for (const auto& item : p->items) paged.push_back(item.code);
  }
  ASSERT_EQ(static_cast<int64_t>(paged.size()), all->total);
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
  for (size_t i = 0; i < all->items.size(); ++i) EXPECT_EQ(paged[i], all->items[i].code);

  // Bad input and access.
  d.figure = "late";
  EXPECT_EQ(reports_->TimelinessDossiers(nullptr, d).status().field(), "figure");
  d.figure = "received";
  d.report.group_by = "month";
  d.group = "2027-01";
  EXPECT_EQ(reports_->TimelinessDossiers(nullptr, d).status().field(), "group");
  Principal clerk;
  clerk.user_id = 1;
  clerk.role = domain::Role::kReceptionOfficer;
  clerk.agency_code = "000.00.00.H99";
  clerk.agency_path = "/1/";
  d.group.clear();
  EXPECT_EQ(reports_->TimelinessDossiers(&clerk, d).status().code(), Code::kPermissionDenied);
  Principal leader = clerk;
  leader.role = domain::Role::kLeader;
  leader.agency_code = "000.03.00.H99";
  leader.agency_path = "/1/3/";
  d.report.agency_code = "000.00.00.H99";  // above the leader
  EXPECT_EQ(reports_->TimelinessDossiers(&leader, d).status().reason(), "agency_scope");
  d.report.agency_code.reset();
  auto own = reports_->TimelinessDossiers(&leader, d);
  ASSERT_TRUE(own.ok());
  for (const auto& item : own->items) EXPECT_EQ(item.agency_code, "000.03.00.H99");
}

// Hand-built July 2026 (Mon 13 – Wed 22): a commune receives, the department (Sở) holds the
// inter-agency steps. Office hours 07:30–11:30, 13:00–17:00, no holiday in the weeks used.
TEST_F(ReportServiceTest, StepLatenessIsAttributedToTheAgencyHoldingTheStep) {
  ASSERT_TRUE(Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, "
                   "is_one_stop_centre, created_at, updated_at) VALUES "
                   "(1, '000.00.00.H99', 'UBND tỉnh', 'province', NULL, '/1/', 1, 0, 0), "
                   "(2, '000.02.00.H99', 'UBND xã Đồng Tiến', 'commune', 1, '/1/2/', 1, 0, 0), "
                   "(3, '000.03.00.H99', 'Sở Tư pháp', 'department', 1, '/1/3/', 0, 0, 0)")
                  .ok());
  auto dossier = [&](int64_t id, const std::string& status, int64_t received, int64_t due,
                     std::optional<int64_t> finished) {
    storage::Value fin = finished ? storage::Value(*finished) : storage::Value(nullptr);
    ASSERT_TRUE(
        Exec("INSERT INTO dossiers (id, code, procedure_code, procedure_version, "
             "agency_id, channel, applicant, status, submitted_at, received_at, "
             "legal_due_at, due_at, finished_at, updated_at) VALUES "
             "(?, ?, '1.000001', 1, 2, 'counter', '{}', ?, ?, ?, ?, ?, ?, ?)",
             {id, "HS-" + std::to_string(id), status, received, received, due, due, fin, received})
            .ok());
  };
  int seq = 0;
  auto step = [&](int64_t dossier_id, int64_t agency, const std::string& name, int64_t started,
                  std::optional<int64_t> due, std::optional<int64_t> ended) {
    ++seq;
    ASSERT_TRUE(Exec("INSERT INTO dossier_steps (dossier_id, seq, position, name, agency_id, "
                     "role, started_at, due_at, ended_at) VALUES (?, ?, ?, ?, ?, 'specialist', "
                     "?, ?, ?)",
                     {dossier_id, int64_t{seq}, int64_t{seq}, name, agency, started,
                      due ? storage::Value(*due) : storage::Value(nullptr),
                      ended ? storage::Value(*ended) : storage::Value(nullptr)})
                    .ok());
  };
  const LocalDate mon{2026, 7, 13}, tue{2026, 7, 14}, wed{2026, 7, 15}, thu{2026, 7, 16},
      fri{2026, 7, 17};
  // A: late by 90 office minutes (Wed 17:00 → Thu 09:00). The Sở overran by 210 (Tue 17:00 →
  // Wed 11:00), the commune's last step by 60 (Wed 17:00 → Thu 08:30): 70 and 20 minutes.
  dossier(1, "finished", At(mon, 8), At(wed, 17), At(thu, 9));
  step(1, 2, "Tiếp nhận", At(mon, 8), At(mon, 17), At(mon, 16));
  step(1, 3, "Thẩm định", At(mon, 16), At(tue, 17), At(wed, 11));
  step(1, 2, "Trả kết quả", At(wed, 11), At(wed, 17), At(thu, 8, 30));
  // B: early; the Sở's step early, the commune's on time.
  dossier(2, "returned", At(mon, 9), At(fri, 17), At(wed, 10));
  step(2, 3, "Thẩm định", At(mon, 9), At(tue, 12), At(mon, 15));
  step(2, 2, "Phê duyệt", At(mon, 15), At(wed, 17), At(wed, 10));
  // C: open; the Sở's step due Tue 21 10:00 is 420 office minutes overdue at Wed 22 09:00.
  dossier(3, "in_process", At({2026, 7, 20}, 8), At({2026, 7, 24}, 17), std::nullopt);
  step(3, 3, "Thẩm định", At({2026, 7, 20}, 8), At({2026, 7, 21}, 10), std::nullopt);
  // D: late by 30 minutes (Wed 07:30 → 08:00) with no step over a quota: unattributed.
  dossier(4, "finished", At(mon, 8), At(tue, 17), At(wed, 8));
  step(4, 2, "Giải quyết", At(mon, 8), std::nullopt, At(wed, 8));

  StepQuery q;
  q.from = {2026, 7, 1};
  q.to = {2026, 8, 1};
  q.as_of = At({2026, 7, 22}, 9);
  auto r = reports_->Steps(nullptr, q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->agencies.size(), 2u);
  const auto& commune = r->agencies[0];
  const auto& so = r->agencies[1];
  EXPECT_EQ(commune.code, "000.02.00.H99");
  EXPECT_EQ(so.code, "000.03.00.H99");
  EXPECT_EQ(so.name, "Sở Tư pháp");
  EXPECT_EQ(so.closed_early, 1);
  EXPECT_EQ(so.closed_on_time, 0);
  EXPECT_EQ(so.closed_late, 1);
  EXPECT_EQ(so.open_overdue, 1);
  EXPECT_EQ(so.open_within, 0);
  EXPECT_EQ(so.late_office_minutes, 210);
  EXPECT_EQ(so.overdue_office_minutes, 420);
  EXPECT_EQ(so.late_dossiers, 1);
  EXPECT_EQ(so.attributed_minutes, 70);
  EXPECT_EQ(so.on_time_rate(), 50.0);
  EXPECT_EQ(commune.closed_early, 0);
  EXPECT_EQ(commune.closed_on_time, 2);
  EXPECT_EQ(commune.closed_late, 1);
  EXPECT_EQ(commune.closed_no_quota, 1);
  EXPECT_EQ(commune.late_office_minutes, 60);
  EXPECT_EQ(commune.attributed_minutes, 20);
  EXPECT_EQ(commune.late_dossiers, 1);
  EXPECT_EQ(r->total.late_dossiers, 2);
  EXPECT_EQ(r->late_dossier_minutes, 120);
  EXPECT_EQ(r->unattributed_dossiers, 1);
  EXPECT_EQ(r->unattributed_minutes, 30);
  EXPECT_EQ(r->total.attributed_minutes + r->unattributed_minutes, r->late_dossier_minutes);
  ASSERT_EQ(r->top_late.size(), 3u);
  EXPECT_EQ(r->top_late[0].dossier_code, "HS-3");
  EXPECT_EQ(r->top_late[0].late_minutes, 420);
  EXPECT_FALSE(r->top_late[0].ended_at.has_value());
  EXPECT_EQ(r->top_late[1].late_minutes, 210);
  EXPECT_EQ(r->top_late[1].agency_code, "000.03.00.H99");
  EXPECT_EQ(r->top_late[2].late_minutes, 60);

  // The Sở's leader sees the steps the Sở held in dossiers the commune received.
  Principal leader;
  leader.user_id = 9;
  leader.role = domain::Role::kLeader;
  leader.agency_code = "000.03.00.H99";
  leader.agency_path = "/1/3/";
  auto mine = reports_->Steps(&leader, StepQuery{q.from, q.to, q.as_of, std::nullopt, 20});
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ(mine->agencies.size(), 1u);
  EXPECT_EQ(mine->agencies[0].closed_late, 1);
  EXPECT_EQ(mine->total.late_dossiers, 1);  // A only: D had no step at the Sở
  EXPECT_EQ(mine->total.attributed_minutes, 70);
  // The dossier report of the Sở (by receiving agency) has nothing: the reason for this report.
  TimelinessQuery t;
  t.from = q.from;
  t.to = q.to;
  t.as_of = q.as_of;
  auto by_receiver = reports_->Timeliness(&leader, t);
  ASSERT_TRUE(by_receiver.ok());
  EXPECT_EQ(by_receiver->total.total(), 0);

  // Judged before its due instant, C's step is still within its quota.
  q.as_of = At({2026, 7, 21}, 9);
  auto earlier = reports_->Steps(nullptr, q);
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->agencies[1].open_overdue, 0);
  EXPECT_EQ(earlier->agencies[1].open_within, 1);

  auto csv = StepReportCsv(*r);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.find("Sở Tư pháp"), std::string::npos);
  EXPECT_NE(csv.find("Tổng cộng"), std::string::npos);
  auto xlsx = StepReportXlsx(*r);
  ASSERT_TRUE(xlsx.ok());
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  auto json = StepReportJson(*r);
  EXPECT_EQ(json["total"].as_object()["attributed_minutes"].as_int64(), 90);
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
    // The drill-down's SQL on PostgreSQL: its totals are the figures.
    std::vector<std::pair<std::string, domain::TimelinessCounts>> groups{{"", a->total}};
    if (!a->groups.empty()) groups.emplace_back(a->groups[0].key, a->groups[0].counts);
    for (const auto& [key, counts] : groups) {
      for (const char* name : {"received", "carried_over", "resolved_late", "pending_overdue",
                               "withdrawn", "refused", "returned"}) {
        DrillDownQuery d;
        d.report = q;
        d.group = key;
        d.figure = name;
        auto list = reports.TimelinessDossiers(nullptr, d);
        ASSERT_TRUE(list.ok()) << list.status().ToString();
        EXPECT_EQ(list->total, domain::FigureValue(counts, *domain::ParseFigure(name)))
            << g << " " << key << " " << name;
      }
    }
  }
  // The step report's SQL runs there too (the generator makes no steps: all zero).
  auto steps =
      reports.Steps(nullptr, StepQuery{{2026, 2, 1}, {2026, 8, 1}, std::nullopt, std::nullopt, 20});
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  EXPECT_EQ(steps->total.closed_late, 0);
  db->Close();
  auto admin = storage::OpenDatabase(storage::DatabaseOptions(base));
  ASSERT_TRUE(admin.ok());
  (void)(*admin)->Write(
      [&](storage::Connection& c) { return c.ExecScript("DROP SCHEMA " + schema + " CASCADE"); });
  (*admin)->Close();
}

}  // namespace
}  // namespace motcua::service
