// Evaluation and statistics (issue 8): timeliness reports (two engines that must agree: a plain
// SQL GROUP BY and an in-memory columnar index), the Decree 61 quarterly evaluation with ranking
// tables, the Decision 766 index, ratings and complaints (PAKN). docs/reports.md has the formulas.
//
// Access: leaders, monitors and administrators read reports of their agency's subtree; a null
// principal is the trusted command line. Ratings: see Rate; complaints: see ReceiveComplaint.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stop_token>
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
struct ReportIndex;  // report_index.h

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
  // Index engine, over every window run: rows read one by one, and rows counted from their
  // summary's tallies instead (ReportIndex::Summary).
  int64_t rows_scanned = 0, rows_summarised = 0;
};

// The dossiers behind one figure of a timeliness report (drill-down). `report` carries the same
// period, filters, group_by and as_of as the report; `group` is the key of one of its groups
// (agency code, field code, procedure code, channel or period label), "" for the total.
struct DrillDownQuery {
  TimelinessQuery report;
  std::string group;
  std::string figure;  // a domain::Figure name: "received", "resolved_late", ...
  int limit = 50;      // 1..1000
  int offset = 0;
};
struct DrillDossier {
  std::string code, procedure_code, procedure_name, field_code, agency_code, agency_name;
  std::string channel, status;
  std::string outcome;  // the dossier's outcome figure in this report ("pending_overdue", ...)
  std::optional<int64_t> received_at, due_at, finished_at, returned_at;
};
struct DrillDownResult {
  domain::LocalDate from, to;
  int64_t as_of = 0;
  std::string agency_code, group_by, group, figure;
  int64_t total = 0;  // equals the figure in the report
  int limit = 0, offset = 0;
  std::vector<DrillDossier> items;  // received_at, then id order
};

// Per-step lateness attributed to the agency that held the step (docs/reports.md, section 2).
struct StepQuery {
  domain::LocalDate from;  // inclusive
  domain::LocalDate to;    // exclusive
  std::optional<int64_t> as_of;
  std::optional<std::string> agency_code;  // step-holders in this subtree; default the caller's
  int top = 20;                            // length of the list of the latest steps
};
struct StepAgencyFigures {
  std::string code, name;
  int64_t closed_early = 0, closed_on_time = 0, closed_late = 0, closed_no_quota = 0;
  int64_t open_within = 0, open_overdue = 0;
  int64_t late_office_minutes = 0;     // closed late steps: office time past their due instant
  int64_t overdue_office_minutes = 0;  // open overdue steps: office time past due, at the cut
  int64_t late_dossiers = 0;           // late dossiers in which this agency overran a step
  int64_t attributed_minutes = 0;      // the share of those dossiers' lateness
  std::optional<double> on_time_rate() const;  // (early + on time) / judged closed steps
};
struct LateStep {
  std::string dossier_code, procedure_code, step_name, agency_code, agency_name;
  int64_t due_at = 0;
  std::optional<int64_t> ended_at;  // none: still open at the cut
  int64_t late_minutes = 0;
};
struct StepReport {
  domain::LocalDate from, to;
  int64_t as_of = 0;
  std::string agency_code;
  std::vector<StepAgencyFigures> agencies;  // by agency code
  StepAgencyFigures total;                  // late_dossiers: distinct dossiers
  std::vector<LateStep> top_late;           // most office minutes late first
  int64_t late_dossier_minutes = 0;         // lateness of the late dossiers considered
  int64_t unattributed_dossiers = 0;        // late dossiers where no step overran its quota
  int64_t unattributed_minutes = 0;
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
  // Proof of holding the receipt when the caller is neither the applicant's account nor staff
  // (the hall kiosk, the portal without log-in): the last 4 digits of the applicant's identity
  // number, tax code or phone (or the representative's).
  std::string verifier;
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
  // Rows per keyset page when the index loads; a stop request takes effect between pages.
  int index_page_rows = 20000;
  // The persisted index (service/report_snapshot.h): loaded at the first refresh, written by
  // SaveIndexSnapshot. "" for none.
  std::string snapshot_path;
  // Every refresh re-reads the rows stamped up to this long before the newest one it has seen,
  // so that a transaction committing after a later one is not missed. Must exceed the longest
  // write transaction plus the clock skew between servers (docs/decisions/0022).
  int64_t safety_window_seconds = 120;
  // Rows per summary of the index (ReportIndex::Summary): smaller in tests, so that a few
  // thousand dossiers span many summaries.
  size_t index_summary_rows = 65536;
};

class ReportService {
 public:
  // Runs inside the transaction that answers a complaint (the notification outbox, issue 16);
  // a failure rolls the answer back. Set once at start-up.
  using ComplaintAnsweredHook =
      std::function<Status(storage::Connection&, const storage::ComplaintRecord&)>;
  void SetComplaintAnsweredHook(ComplaintAnsweredHook hook) { answered_hook_ = std::move(hook); }

  ReportService(storage::Database& db, const Clock& clock, CalendarService* calendar = nullptr,
                ReportServiceOptions options = {});
  ~ReportService();

  Result<TimelinessReport> Timeliness(const Principal* actor, const TimelinessQuery& query);
  // The dossiers behind one figure; `total` equals the figure of Timeliness() for the same
  // query (both apply domain::Accumulate to the same facts). Same access rules.
  Result<DrillDownResult> TimelinessDossiers(const Principal* actor, const DrillDownQuery& query);
  // Steps closed in the period and steps open at min(as_of, to), per step-holding agency.
  Result<StepReport> Steps(const Principal* actor, const StepQuery& query);
  Result<EvaluationReport> Evaluate(const Principal* actor, const std::string& period,
                                    const std::optional<std::string>& agency_code);
  Result<Index766Report> Index766(const Principal* actor, domain::LocalDate from,
                                  domain::LocalDate to,
                                  const std::optional<std::string>& agency_code);

  // Records the applicant's answers for a dossier with a result (finished or returned), once per
  // dossier and channel. Who may rate:
  //   paper  — staff whose subtree covers the receiving agency (typing in the paper form);
  //   kiosk  — that staff, or anyone giving the right `verifier` (the hall kiosk, anonymous);
  //   online — the citizen account that submitted the dossier, or anyone giving the verifier.
  // Failures: Validation "invalid_rating_channel"/"invalid_rating"; NotFound on "dossier_code";
  // Validation "missing_field"/"verifier_mismatch" on "verifier" (no identity and a missing or
  // wrong verifier; PermissionDenied instead when a logged-in caller gives none); Conflict
  // "not_rateable" (no result yet) and "already_rated" on "dossier_code".
  Result<storage::RatingRecord> Rate(const Principal* actor, const RatingInput& input);

  // Receives a complaint or request (PAKN) about a dossier, an official or an agency. Portal and
  // kiosk complaints may be anonymous (the kiosk stands in the public hall); counter complaints are
  // recorded by staff. The answer is due `due_working_days` working days after reception.
  Result<storage::ComplaintRecord> ReceiveComplaint(const Principal* actor,
                                                    const ComplaintInput& input);
  // The complaints `actor` filed while logged in, newest first, with their answers.
  Result<std::vector<storage::ComplaintRecord>> MyComplaints(const Principal& actor, int limit);
  // Assigns the complaint to an agency and/or a staff member. Both must lie in the actor's
  // subtree (PermissionDenied "agency_scope"); a citizen or disabled account is refused
  // (Validation "invalid_assignee" on "username"). Naming only the member assigns their agency.
  Result<storage::ComplaintRecord> AssignComplaint(const Principal& actor, int64_t id,
                                                   const std::optional<std::string>& agency_code,
                                                   const std::optional<std::string>& username);
  Result<storage::ComplaintRecord> AnswerComplaint(const Principal& actor, int64_t id,
                                                   const std::string& answer, bool substantiated);
  // One complaint, for a reader whose subtree covers it or the staff member it is assigned to.
  Result<storage::ComplaintRecord> GetComplaint(const Principal& actor, int64_t id);
  // The complaints assigned to `actor` (any staff), the unanswered first.
  Result<std::vector<storage::ComplaintRecord>> AssignedComplaints(const Principal& actor,
                                                                   int limit);
  Result<std::vector<storage::ComplaintRecord>> ListComplaints(
      const Principal& actor, const std::optional<std::string>& agency_code, int64_t from,
      int64_t to, int limit);

  // The in-memory index: brought up to date before every indexed report (a cheap version check,
  // then only the changed rows); Rebuild() drops and reloads it.
  // A stop request on `stop` (the server shutting down during the first load, which takes tens
  // of seconds at ten million dossiers) ends the scan within one page of rows and returns
  // kUnavailable "cancelled": the index is then left empty and not loaded, and the next refresh
  // loads it from the start; a cancelled later refresh leaves the index as it was.
  Status RefreshIndex(std::stop_token stop = {});
  Status RebuildIndex();
  size_t IndexedRows() const;
  // Whether a refresh has completed since construction or the last rebuild.
  bool IndexLoaded() const;
  // Writes the loaded index to options.snapshot_path (atomically) unless it has not changed
  // since the last snapshot. Ok and nothing written when there is no path or no loaded index.
  Status SaveIndexSnapshot();

 private:
  using Index = ReportIndex;
  // Fills the empty index from the snapshot file and checks it against the database.
  Status LoadIndexSnapshot();
  Result<storage::ReportAgency> ScopeAgency(const Principal* actor,
                                            const std::optional<std::string>& code);
  storage::Database& db_;
  const Clock& clock_;
  CalendarService* calendar_;
  ReportServiceOptions options_;
  std::unique_ptr<Index> index_;
  ComplaintAnsweredHook answered_hook_;
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
std::string Index766ReportCsv(const Index766Report& r);
Result<std::string> Index766ReportXlsx(const Index766Report& r);
// Any table (a header row, then text cells; whole numbers are written as numbers in XLSX) as
// CSV (UTF-8 with BOM) or as a one-sheet workbook with `title` above the table.
std::string TableCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows);
Result<std::string> TableXlsx(const std::string& sheet, const std::string& title,
                              const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows);
boost::json::object DrillDownJson(const DrillDownResult& r);
boost::json::object StepReportJson(const StepReport& r);
std::string StepReportCsv(const StepReport& r);
Result<std::string> StepReportXlsx(const StepReport& r);

}  // namespace motcua::service
