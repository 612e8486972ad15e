// `motcua report timeliness` run as a real process on a database holding the seeds' figures
// (Cô Tô 2019: 8,063 dossiers, 8,035 early or on time, 28 still within their deadline).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "domain/local_date.h"
#include "storage/database.h"
#include "support/run_cli.h"

namespace motcua::testing {
namespace {

using Run = CliRun;

Run Report(const std::string& args) { return RunMotcua("report timeliness " + args, false); }

int64_t At(domain::LocalDate d, int hour, int minute = 0) {
  return domain::StartOfLocalDay(d) + hour * 3600 + minute * 60;
}

class ReportCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("motcua-report-cli-" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    db_path_ = new std::string((*dir_ / "coto.db").string());
    auto db = storage::OpenDatabase(storage::DatabaseOptions(*db_path_));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(storage::Migrate(**db).ok());
    Status st = (*db)->Write([](storage::Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO agencies (id, code, name, type, path, is_one_stop_centre, "
                 "created_at, updated_at) VALUES (1, '000.00.00.H22', 'Huyện Cô Tô', "
                 "'legacy_district', '/1/', 1, 0, 0), (2, '000.00.01.H22', 'UBND xã Thanh Lân', "
                 "'commune', '/1/2/', 1, 0, 0)")
              .status());
      for (int i = 1; i <= 8063; ++i) {
        int64_t rec = At(domain::LocalDate{2019, 1, 2}.AddDays(i % 340), 8, i % 60);
        int64_t due = rec + 5 * 86400;
        storage::Value fin = nullptr;
        std::string status = "in_process";
        if (i <= 8035) {
          fin = (i % 2) ? due : rec + 86400;
          status = "returned";
        } else {
          rec = At({2019, 12, 30}, 9);
          due = rec + 4 * 86400;
        }
        MOTCUA_RETURN_IF_ERROR(
            c.Exec("INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, "
                   "channel, applicant, status, submitted_at, received_at, legal_due_at, due_at, "
                   "finished_at, updated_at) VALUES (?, '1.000001', 1, ?, 'counter', '{}', ?, ?, "
                   "?, ?, ?, ?, ?)",
                   {"D-" + std::to_string(i), int64_t{i % 4 == 0 ? 2 : 1}, status, rec, rec, due,
                    due, fin, rec})
                .status());
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    (*db)->Close();
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete db_path_;
  }
  static std::string Db() { return "--db " + *db_path_; }

  static std::filesystem::path* dir_;
  static std::string* db_path_;
};
std::filesystem::path* ReportCli::dir_ = nullptr;
std::string* ReportCli::db_path_ = nullptr;

TEST_F(ReportCli, SeedFiguresAsJson) {
  auto r = Report(Db() +
                  " --from 2019-01-01 --to 2019-12-31 --as-of \"2019-12-31 17:00\" "
                  "--format json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto total = boost::json::parse(r.out).as_object()["total"].as_object();
  EXPECT_EQ(total["received"].as_int64(), 8063);
  EXPECT_EQ(total["resolved_early"].as_int64() + total["resolved_on_time"].as_int64(), 8035);
  EXPECT_EQ(total["resolved_late"].as_int64(), 0);
  EXPECT_EQ(total["pending_within_deadline"].as_int64(), 28);
  EXPECT_EQ(total["pending_overdue"].as_int64(), 0);
  EXPECT_EQ(total["early_or_on_time_of_total"].as_double(), 99.7);
  EXPECT_EQ(total["on_time_rate"].as_double(), 100.0);
}

TEST_F(ReportCli, AsOfLaterMakesThePendingOverdue) {
  auto r = Report(Db() + " --from 2019-01-01 --to 2019-12-31 --as-of \"2020-01-10 08:00\"");
  ASSERT_EQ(r.status, 0);
  auto total = boost::json::parse(r.out).as_object()["total"].as_object();
  // Judged at the end of the period (31 Dec 24:00), the 28 are still within their deadline.
  EXPECT_EQ(total["pending_within_deadline"].as_int64(), 28);
}

TEST_F(ReportCli, AgencySubtreeAndGroups) {
  auto r = Report(Db() +
                  " --from 2019-01-01 --to 2019-12-31 --agency 000.00.01.H22 "
                  "--as-of \"2019-12-31 17:00\"");
  ASSERT_EQ(r.status, 0) << r.out;
  auto total = boost::json::parse(r.out).as_object()["total"].as_object();
  EXPECT_EQ(total["received"].as_int64(), 8063 / 4);
  auto g = Report(Db() +
                  " --from 2019-01-01 --to 2019-12-31 --group-by agency "
                  "--as-of \"2019-12-31 17:00\"");
  ASSERT_EQ(g.status, 0);
  auto groups = boost::json::parse(g.out).as_object()["groups"].as_array();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].as_object()["key"].as_string(), "000.00.00.H22");
  EXPECT_EQ(groups[0].as_object()["label"].as_string(), "Huyện Cô Tô");
}

TEST_F(ReportCli, CsvHasBomAndXlsxIsAZip) {
  auto csv = Report(Db() + " --from 2019-01-01 --to 2019-12-31 --format csv");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.out.find("Tổng cộng"), std::string::npos);
  auto xlsx = Report(Db() + " --from 2019-01-01 --to 2019-12-31 --format xlsx");
  ASSERT_EQ(xlsx.status, 0);
  EXPECT_EQ(xlsx.out.substr(0, 2), "PK");
}

TEST_F(ReportCli, SqlEngineAgrees) {
  auto a = Report(Db() + " --from 2019-01-01 --to 2019-12-31 --as-of \"2019-12-31 17:00\"");
  auto b = Report(Db() +
                  " --from 2019-01-01 --to 2019-12-31 --as-of \"2019-12-31 17:00\" "
                  "--engine sql");
  ASSERT_EQ(a.status, 0);
  ASSERT_EQ(b.status, 0);
  EXPECT_EQ(boost::json::parse(a.out).as_object()["total"],
            boost::json::parse(b.out).as_object()["total"]);
}

TEST_F(ReportCli, BadArgumentsExitWithTwo) {
  EXPECT_EQ(Report(Db() + " --from 2019-13-01 --to 2019-12-31").status, 2);
  EXPECT_EQ(Report(Db() + " --from 2019-01-01").status, 2);
  EXPECT_EQ(Report(Db() + " --from 2019-01-01 --to 2019-12-31 --format pdf").status, 2);
  EXPECT_EQ(Report(Db() + " --from 2019-01-01 --to 2019-12-31 --as-of 2019-12-31").status, 2);
  EXPECT_EQ(Report(Db() + " --from 2019-01-01 --to 2019-12-31 --agency 999.99.99.X").status, 2);
  EXPECT_EQ(Report(Db() + " --from 2019-12-31 --to 2019-01-01").status, 2);
}

}  // namespace
}  // namespace motcua::testing

namespace motcua::testing {
namespace {

// `motcua report steps`: a district's step overran in a dossier its commune received.
TEST(ReportStepsCli, AttributesLatenessToTheStepHolder) {
  auto dir = std::filesystem::temp_directory_path() /
             ("motcua-report-steps-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "steps.db").string();
  {
    auto db = storage::OpenDatabase(storage::DatabaseOptions(path));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(storage::Migrate(**db).ok());
    const domain::LocalDate mon{2026, 7, 13}, tue{2026, 7, 14}, wed{2026, 7, 15}, thu{2026, 7, 16};
    Status st = (*db)->Write([&](storage::Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO agencies (id, code, name, type, path, is_one_stop_centre, "
                 "created_at, updated_at) VALUES (1, '000.00.00.H22', 'Huyện Cô Tô', "
                 "'legacy_district', '/1/', 1, 0, 0), (2, '000.00.01.H22', 'UBND xã Thanh Lân', "
                 "'commune', '/1/2/', 1, 0, 0)")
              .status());
      // Due Wed 17:00, resolved Thu 08:30: 60 office minutes late.
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO dossiers (id, code, procedure_code, procedure_version, agency_id, "
                 "channel, applicant, status, submitted_at, received_at, legal_due_at, due_at, "
                 "finished_at, updated_at) VALUES (1, 'TL-1', '1.000001', 1, 2, 'counter', '{}', "
                 "'returned', ?, ?, ?, ?, ?, ?)",
                 {At(mon, 8), At(mon, 8), At(wed, 17), At(wed, 17), At(thu, 8, 30), At(thu, 9)})
              .status());
      // The commune's step on time; the district's due Tue 17:00, ended Thu 08:30: 540 minutes
      // over (Wed 480 + Thu 07:30–08:30).
      MOTCUA_RETURN_IF_ERROR(
          c.Exec("INSERT INTO dossier_steps (dossier_id, seq, position, name, agency_id, role, "
                 "started_at, due_at, ended_at) VALUES (1, 1, 1, 'Tiếp nhận', 2, "
                 "'reception_officer', ?, ?, ?), (1, 2, 2, 'Thẩm định', 1, 'specialist', ?, ?, ?)",
                 {At(mon, 8), At(mon, 17), At(mon, 10), At(mon, 10), At(tue, 17), At(thu, 8, 30)})
              .status());
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    (*db)->Close();
  }
  auto r = RunMotcua("report steps --db " + path +
                         " --from 2026-07-01 --to 2026-07-31 "
                         "--as-of \"2026-07-31 17:00\" --format json",
                     false);
  ASSERT_EQ(r.status, 0) << r.out;
  auto o = boost::json::parse(r.out).as_object();
  auto agencies = o["agencies"].as_array();
  ASSERT_EQ(agencies.size(), 2u);
  auto district = agencies[0].as_object();
  EXPECT_EQ(district["agency"].as_string(), "000.00.00.H22");
  EXPECT_EQ(district["closed_late"].as_int64(), 1);
  EXPECT_EQ(district["late_office_minutes"].as_int64(), 540);
  EXPECT_EQ(district["attributed_minutes"].as_int64(), 60);
  auto commune = agencies[1].as_object();
  EXPECT_EQ(commune["closed_on_time"].as_int64(), 1);
  EXPECT_EQ(commune["attributed_minutes"].as_int64(), 0);
  EXPECT_EQ(o["late_dossier_minutes"].as_int64(), 60);

  auto sub =
      RunMotcua("report steps --db " + path +
                    " --from 2026-07-01 --to 2026-07-31 --agency 000.00.01.H22 --format json",
                false);
  ASSERT_EQ(sub.status, 0) << sub.out;
  EXPECT_EQ(boost::json::parse(sub.out).at("agencies").as_array().size(), 1u);
  auto csv = RunMotcua(
      "report steps --db " + path + " --from 2026-07-01 --to 2026-07-31 --format csv", false);
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.out.find("Huyện Cô Tô"), std::string::npos);
  EXPECT_EQ(RunMotcua("report steps --db " + path + " --from 2026-07-01 --to bad", false).status,
            2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::testing
