// Evaluation and statistics (issue 8): timeliness reports (two engines that must agree: a plain
// SQL GROUP BY and an in-memory columnar index), the Decree 61 quarterly evaluation with ranking
// tables, the Decision 766 index, ratings and complaints (PAKN). docs/reports.md has the formulas.
//
// Access: leaders, monitors and administrators read reports of their agency's subtree; a null
// principal is the trusted command line. Ratings: the applicant online, staff for paper/kiosk.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/decree61.h"
#include "domain/index766.h"
#include "domain/local_date.h"
#include "domain/timeliness_report.h"
#include "service/principal.h"
#include "storage/database.h"
#include "storage/report_store.h"

namespace motcua::service {

class CalendarService;

enum class ReportEngine { kIndex, kSql };

struct TimelinessQuery {
  domain::LocalDate from;                  // inclusive (local day)
  domain::LocalDate to;                    // exclusive
  std::optional<int64_t> as_of;            // Unix seconds, truncated to the minute; default now
  std::optional<std::string> agency_code;  // subtree; default the caller's agency
  std::optional<std::string> field_code;
  std::optional<std::string> procedure_code;
  std::optional<std::string> channel;
  // "", "agency", "field", "procedure", "channel", "day", "month", "quarter", "year".
  std::string group_by;
  ReportEngine engine = ReportEngine::kIndex;
};

struct TimelinessGroup {
  std::string key;    // agency code, field code, procedure code, channel or period label
  std::string label;  // a Vietnamese name where one exists
  domain::TimelinessCounts counts;
};

struct TimelinessReport {
  domain::LocalDate from, to;
  int64_t as_of = 0;
  std::string agency_code;  // the subtree reported ("" = everything, command line only)
  std::string group_by;
  std::vector<TimelinessGroup> groups;
  domain::TimelinessCounts total;
  double elapsed_ms = 0;
  std::string engine;  // "index" or "sql"
};

// Evaluation of one unit (agency) or official for a quarter or year.
struct EvaluationRow {
  std::string key;  // agency code or username
  std::string name;
  std::string agency_code;
  int64_t dossiers = 0;
  std::array<std::optional<double>, 10> indicators{};  // by number; means for dossier ones
  double total = 0;                                    // on 18 points
  domain::Band band = domain::Band::kWeak;
  int rank = 0;
};
struct EvaluationReport {
  std::string period;  // "2026Q3"
  std::string agency_code;
  std::vector<EvaluationRow> units;      // ranked
  std::vector<EvaluationRow> officials;  // ranked
  domain::Bands bands;
};

struct Index766Report {
  std::string agency_code;
  domain::LocalDate from, to;
  domain::Index766Input input;
  domain::Index766Result result;
};

struct RatingInput {
  std::string dossier_code;
  std::string channel;  // "paper", "kiosk", "online"
  domain::RatingAnswers answers;
  std::string comment;
};

struct ComplaintInput {
  std::optional<std::string> dossier_code;       // about a dossier ...
  std::optional<std::string> official_username;  // ... or an official (or both)
  std::optional<std::string> agency_code;        // when neither names the agency
  std::string channel;                           // "portal", "kiosk", "counter"
  std::string content;
  int due_working_days = 10;
};

struct ReportServiceOptions {
  domain::Bands bands;
  int complaint_default_working_days = 10;
};

class ReportService {
 public:
  ReportService(storage::Database& db, const Clock& clock, CalendarService* calendar = nullptr,
                ReportServiceOptions options = {});
  ~ReportService();

  Result<TimelinessReport> Timeliness(const Principal* actor, const TimelinessQuery& query);
  Result<EvaluationReport> Evaluate(const Principal* actor, const std::string& period,
                                    const std::optional<std::string>& agency_code);
  Result<Index766Report> Index766(const Principal* actor, domain::LocalDate from,
                                  domain::LocalDate to,
                                  const std::optional<std::string>& agency_code);

  Result<storage::RatingRecord> Rate(const Principal* actor, const RatingInput& input);

  Result<storage::ComplaintRecord> ReceiveComplaint(const Principal* actor,
                                                    const ComplaintInput& input);
  Result<storage::ComplaintRecord> AssignComplaint(const Principal& actor, int64_t id,
                                                   const std::optional<std::string>& agency_code,
                                                   const std::optional<std::string>& username);
  Result<storage::ComplaintRecord> AnswerComplaint(const Principal& actor, int64_t id,
                                                   const std::string& answer, bool substantiated);
  Result<std::vector<storage::ComplaintRecord>> ListComplaints(
      const Principal& actor, const std::optional<std::string>& agency_code, int64_t from,
      int64_t to, int limit);

  // The in-memory index: brought up to date before every indexed report (a cheap version check,
  // then only the changed rows); Rebuild() drops and reloads it.
  Status RefreshIndex();
  Status RebuildIndex();
  size_t IndexedRows() const;

 private:
  struct Index;
  Result<storage::ReportAgency> ScopeAgency(const Principal* actor,
                                            const std::optional<std::string>& code);
  storage::Database& db_;
  const Clock& clock_;
  CalendarService* calendar_;
  ReportServiceOptions options_;
  std::unique_ptr<Index> index_;
};

// Renders a timeliness report: JSON (per group and total: counts and rates), CSV (UTF-8 with
// BOM, Vietnamese headers) and XLSX (one sheet).
boost::json::object TimelinessReportJson(const TimelinessReport& r);
std::string TimelinessReportCsv(const TimelinessReport& r);
Result<std::string> TimelinessReportXlsx(const TimelinessReport& r);
boost::json::object EvaluationReportJson(const EvaluationReport& r);
std::string EvaluationReportCsv(const EvaluationReport& r);
Result<std::string> EvaluationReportXlsx(const EvaluationReport& r);
boost::json::object Index766ReportJson(const Index766Report& r);

}  // namespace motcua::service
