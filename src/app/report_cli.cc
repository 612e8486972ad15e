#include "app/report_cli.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "domain/local_date.h"
#include "service/calendar_service.h"
#include "service/report_service.h"
#include "storage/database.h"

namespace motcua::app {
namespace {

// Reads the reported period and evaluation instant shared by the `report` subcommands into `q`
// (TimelinessQuery or StepQuery). --to is the last day reported (inclusive), as people write it:
// "from 2019-01-01 to 2019-12-31". Prints the reason and returns false on bad input.
template <typename Query>
bool ParsePeriod(const std::string& from_text, const std::string& to_text,
                 const std::string& as_of_text, Query& q) {
  auto from = domain::LocalDate::Parse(from_text);
  auto to = domain::LocalDate::Parse(to_text);
  if (!from || !to) {
    fmt::print(stderr, "Ngày không hợp lệ (định dạng YYYY-MM-DD).\n");
    return false;
  }
  q.from = *from;
  q.to = to->AddDays(1);
  if (!as_of_text.empty()) {
    auto t = domain::ParseLocalDateTime(as_of_text);
    if (!t) {
      fmt::print(stderr, "Thời điểm --as-of không hợp lệ (định dạng \"YYYY-MM-DD HH:MM\").\n");
      return false;
    }
    q.as_of = *t;
  }
  return true;
}

// Opens and migrates the database at `url`; prints the reason and returns null on failure.
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url) {
  auto db = storage::OpenDatabase(storage::DatabaseOptions(url));
  if (!db.ok()) {
    fmt::print(stderr, "Không mở được cơ sở dữ liệu {}: {}\n", url, db.status().ToString());
    return nullptr;
  }
  if (auto n = storage::Migrate(**db); !n.ok()) {
    fmt::print(stderr, "Lỗi cập nhật lược đồ: {}\n", n.status().ToString());
    return nullptr;
  }
  return std::move(db).value();
}

// Writes report `r` to stdout as `format` (json, csv or xlsx) through the report's own writers
// and returns the exit code; a refused report exits 2, a server-side failure 1.
template <typename Report, typename Csv, typename Xlsx, typename Json>
int PrintReport(const Result<Report>& r, const std::string& format, Csv csv, Xlsx xlsx, Json json) {
  if (!r.ok()) {
    fmt::print(stderr, "Không lập được báo cáo: {} ({})\n", r.status().Message("vi"),
               r.status().field());
    return r.status().code() == Code::kInternal || r.status().code() == Code::kUnavailable ? 1 : 2;
  }
  std::string out;
  if (format == "csv") {
    out = csv(*r);
  } else if (format == "xlsx") {
    auto x = xlsx(*r);
    if (!x.ok()) {
      fmt::print(stderr, "Lỗi tạo tệp XLSX: {}\n", x.status().ToString());
      return 1;
    }
    out = std::move(*x);
  } else {
    out = boost::json::serialize(json(*r)) + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

struct TimelinessArgs {
  std::string db = "var/motcua.db";
  std::string from, to;
  std::string agency, field, procedure, channel, group_by;
  std::string as_of;
  std::string format = "json";
  std::string engine = "index";
};

int RunTimeliness(const TimelinessArgs& a) {
  service::TimelinessQuery q;
  if (!ParsePeriod(a.from, a.to, a.as_of, q)) return 2;
  if (!a.agency.empty()) q.agency_code = a.agency;
  if (!a.field.empty()) q.field_code = a.field;
  if (!a.procedure.empty()) q.procedure_code = a.procedure;
  if (!a.channel.empty()) q.channel = a.channel;
  q.group_by = a.group_by;
  q.engine = a.engine == "sql" ? service::ReportEngine::kSql : service::ReportEngine::kIndex;

  auto db = OpenMigrated(a.db);
  if (db == nullptr) return 1;
  service::ReportService reports(*db, SystemClock::Instance());
  return PrintReport(reports.Timeliness(nullptr, q), a.format, service::TimelinessReportCsv,
                     service::TimelinessReportXlsx, service::TimelinessReportJson);
}

struct StepsArgs {
  std::string db = "var/motcua.db";
  std::string from, to, agency, as_of;
  std::string format = "json";
  int top = 20;
};

int RunSteps(const StepsArgs& a) {
  service::StepQuery q;
  if (!ParsePeriod(a.from, a.to, a.as_of, q)) return 2;
  if (!a.agency.empty()) q.agency_code = a.agency;
  q.top = a.top;
  auto db = OpenMigrated(a.db);
  if (db == nullptr) return 1;
  // Late office minutes are counted on the working calendar with the shipped holiday decisions.
  std::vector<domain::YearDecision> decisions;
  const char* env = std::getenv("MOTCUA_DATA_DIR");
  auto loaded = service::LoadCalendarDecisions(env ? env : MOTCUA_DEFAULT_DATA_DIR);
  if (loaded.ok()) {
    decisions = std::move(loaded).value();
  } else {
    fmt::print(stderr,
               "Cảnh báo: không đọc được dữ liệu quyết định nghỉ lễ ({}); chỉ áp dụng quy tắc của "
               "Bộ luật Lao động.\n",
               loaded.status().Message("vi"));
  }
  service::CalendarService calendar(*db, SystemClock::Instance(), std::move(decisions));
  service::ReportService reports(*db, SystemClock::Instance(), &calendar);
  return PrintReport(reports.Steps(nullptr, q), a.format, service::StepReportCsv,
                     service::StepReportXlsx, service::StepReportJson);
}

}  // namespace

void AddReportCommands(CLI::App& app, int& exit_code) {
  auto* report = app.add_subcommand("report", "Báo cáo, thống kê (reports)");
  report->require_subcommand(1);
  auto args = std::make_shared<TimelinessArgs>();
  auto* t = report->add_subcommand(
      "timeliness", "Tình hình giải quyết hồ sơ: tiếp nhận, trước hạn, đúng hạn, quá hạn...");
  t->add_option("--db", args->db, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  t->add_option("--from", args->from, "Từ ngày (YYYY-MM-DD)")->required();
  t->add_option("--to", args->to, "Đến hết ngày (YYYY-MM-DD)")->required();
  t->add_option("--agency", args->agency, "Mã định danh cơ quan (cả các đơn vị trực thuộc)");
  t->add_option("--field", args->field, "Mã lĩnh vực");
  t->add_option("--procedure", args->procedure, "Mã thủ tục hành chính");
  t->add_option("--channel", args->channel, "Kênh tiếp nhận")
      ->check(CLI::IsMember({"counter", "online", "postal"}));
  t->add_option("--group-by", args->group_by, "Nhóm theo")
      ->check(CLI::IsMember(
          {"agency", "field", "procedure", "channel", "day", "month", "quarter", "year"}));
  t->add_option(
      "--as-of", args->as_of,
      "Thời điểm đánh giá hồ sơ đang giải quyết (\"YYYY-MM-DD HH:MM\", mặc định: bây giờ)");
  t->add_option("--format", args->format, "json | csv | xlsx")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}))
      ->capture_default_str();
  t->add_option("--engine", args->engine, "index (nhanh) | sql (GROUP BY)")
      ->check(CLI::IsMember({"index", "sql"}))
      ->capture_default_str();
  t->callback([args, &exit_code] { exit_code = RunTimeliness(*args); });

  auto steps = std::make_shared<StepsArgs>();
  auto* st = report->add_subcommand(
      "steps", "Tiến độ các bước xử lý theo cơ quan thực hiện bước (trễ hạn quy cho ai)");
  st->add_option("--db", steps->db, "Đường dẫn SQLite hoặc URL postgresql://")
      ->envname("MOTCUA_DB")
      ->capture_default_str();
  st->add_option("--from", steps->from, "Từ ngày (YYYY-MM-DD)")->required();
  st->add_option("--to", steps->to, "Đến hết ngày (YYYY-MM-DD)")->required();
  st->add_option("--agency", steps->agency,
                 "Mã định danh cơ quan thực hiện bước (cả các đơn vị trực thuộc)");
  st->add_option(
      "--as-of", steps->as_of,
      "Thời điểm đánh giá các bước đang xử lý (\"YYYY-MM-DD HH:MM\", mặc định: bây giờ)");
  st->add_option("--top", steps->top, "Số bước trễ nhiều nhất được liệt kê")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  st->add_option("--format", steps->format, "json | csv | xlsx")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}))
      ->capture_default_str();
  st->callback([steps, &exit_code] { exit_code = RunSteps(*steps); });
}

}  // namespace motcua::app
