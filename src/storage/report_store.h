// SQL for reports and evaluation (issue 8): the plain GROUP BY timeliness report over the dossier
// tables, the paged scan that loads the in-memory report index, the inputs of the Decree 61 and
// 766 evaluations, and the ratings and complaints (PAKN) tables of migration 10. Reads the
// dossier tables only; never writes them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "domain/timeliness_report.h"
#include "storage/database.h"

namespace motcua::storage {

// Filters of a report; unset members do not filter.
struct ReportFilter {
  std::optional<std::string> agency_path;  // receiving agency within this subtree ("/1/4/")
  std::optional<std::string> field_code;   // the procedure's current field (lĩnh vực)
  std::optional<std::string> procedure_code;
  std::optional<std::string> channel;  // dossiers.channel
};

enum class ReportGroupKey { kNone, kAgency, kField, kProcedure, kChannel };

struct ReportGroupRow {
  std::string key;  // agency id as text, field code, procedure code, channel; "" for kNone
  domain::TimelinessCounts counts;
};

// The timeliness report computed by the database: one GROUP BY over the dossiers (joined to
// agencies and procedures) with the classification of domain::Accumulate written in SQL. The
// reference implementation the in-memory index must agree with.
Result<std::vector<ReportGroupRow>> TimelinessGroupBy(Connection& c, const domain::ReportWindow& w,
                                                      const ReportFilter& filter,
                                                      ReportGroupKey key);

// Drill-down (the dossiers behind a figure). Candidates are the dossiers of `filter` that can
// possibly count in `figure` over the window (a necessary condition written in SQL, so the
// database skips most of the table); the service decides exactly with domain::Accumulate.
// Ordered by received_at, id. Extra group conditions: the receiving agency exactly, and the
// procedure's field with "" for none (as the report groups it).
struct DrillFilter {
  ReportFilter base;
  std::optional<int64_t> agency_id;
  std::optional<std::string> group_field;
};
struct DrillCandidate {
  int64_t id = 0;
  std::string status;
  std::optional<int64_t> received_at, legal_due_at, due_at, finished_at, returned_at;
  int64_t updated_at = 0;
};
Result<std::vector<DrillCandidate>> ListDrillCandidates(Connection& c, const DrillFilter& filter,
                                                        domain::Figure figure, int64_t from,
                                                        int64_t to);
// The listed columns of the dossiers `ids`, in the order of `ids`.
struct DrillDossierRow {
  int64_t id = 0;
  std::string code, procedure_code, procedure_name, field_code, agency_code, agency_name;
  std::string channel, status;
  std::optional<int64_t> received_at, due_at, legal_due_at, finished_at, returned_at;
};
Result<std::vector<DrillDossierRow>> ListDrillDossiers(Connection& c,
                                                       const std::vector<int64_t>& ids);

// Steps for the per-step report, held by agencies of the subtree `agency_path`: ended in
// [from, end), or open at `end` (started before it, not ended before it) while their dossier was
// not closed before it. Unix seconds; `end` is exclusive.
struct StepReportRow {
  int64_t dossier_id = 0;
  std::string dossier_code, procedure_code, step_name;
  int64_t agency_id = 0;  // the agency that held the step
  int64_t started_at = 0;
  std::optional<int64_t> due_at, ended_at;
};
Result<std::vector<StepReportRow>> ListStepReportRows(Connection& c, const std::string& agency_path,
                                                      int64_t from, int64_t end);
// Every step of the dossiers resolved (finished_at) in [from, to) that had at least one step held
// within `agency_path`, with the dossier's due and finish instants, in dossier and step order.
struct LateDossierStepRow {
  int64_t dossier_id = 0;
  std::string dossier_code;
  std::optional<int64_t> dossier_due_at;  // legal_due_at, else due_at
  int64_t finished_at = 0;
  int64_t agency_id = 0;
  std::string step_name;
  std::optional<int64_t> due_at, ended_at;
};
Result<std::vector<LateDossierStepRow>> ListResolvedDossierSteps(Connection& c,
                                                                 const std::string& agency_path,
                                                                 int64_t from, int64_t to);

// One dossier as the report index needs it.
struct ReportScanRow {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string procedure_code;
  std::string channel;
  std::string status;
  std::optional<int64_t> received_at, legal_due_at, due_at, finished_at, returned_at;
  int64_t updated_at = 0;
};
// Calls `fn` for every dossier with id <= after_id and updated_at >= updated_since (changed
// since the last scan; none when after_id is 0), then for every dossier with id > after_id in id
// order, fetching `page` rows per query (keyset pagination: memory stays flat on any table size).
// `stop` is checked before each page, so a stop request ends the scan within one page (about
// 40 ms at the default size); the scan then returns kUnavailable "cancelled", having called `fn`
// for a prefix of the rows only.
Status ScanReportRows(Connection& c, int64_t after_id, int64_t updated_since,
                      const std::function<void(const ReportScanRow&)>& fn,
                      std::stop_token stop = {}, int page = 20000);

// A cheap fingerprint of the dossier table: MAX(id) and MAX(updated_at), both answered from
// an index.
struct DossierTableVersion {
  int64_t max_id = 0;
  int64_t max_updated_at = 0;
  bool operator==(const DossierTableVersion&) const = default;
};
Result<DossierTableVersion> ReadDossierTableVersion(Connection& c);

// What ties a persisted report index to its database (service/report_snapshot.h): the schema
// version (highest migration applied), the instant the first migration was applied (when the
// database was created) and the code of its first dossier. A copy of the file keeps them; another
// database, or the same path re-created, does not.
struct ReportDatabaseIdentity {
  int64_t schema_version = 0;
  std::string created_at;     // ISO 8601, as recorded
  std::string first_dossier;  // "id:code", "" while there is none
};
Result<ReportDatabaseIdentity> ReadReportDatabaseIdentity(Connection& c);
// The report columns of the dossiers with these ids (any order; missing ids are left out).
Result<std::vector<ReportScanRow>> ReadReportRows(Connection& c, const std::vector<int64_t>& ids);

struct ReportAgency {
  int64_t id = 0;
  std::string code, name, path, type;
  bool is_one_stop_centre = false;
};
Result<std::vector<ReportAgency>> ListReportAgencies(Connection& c);
struct ReportProcedure {
  std::string code, name, field_code, online_level;
  bool retired = false;
};
Result<std::vector<ReportProcedure>> ListReportProcedures(Connection& c);

// Evaluation inputs: dossiers of the subtree finished in [from, to) (Unix seconds).
struct EvalDossierRow {
  int64_t id = 0;
  std::string code;
  int64_t agency_id = 0;
  std::string procedure_code;
  std::string channel;
  std::optional<std::string> return_method;
  std::string status;
  std::optional<int64_t> received_at, legal_due_at, due_at, finished_at, extended_at;
  std::optional<int64_t> created_by;
  int64_t supplement_requests = 0;  // history rows request_supplement
  int64_t substantiated_complaints = 0;
  int64_t digitised_components = 0;  // attachments of kind component, digitised
  int64_t digitised_results = 0;     // attachments of kind result
  // The latest rating, if any.
  std::optional<int64_t> rating_bodies, rating_publication, rating_attitude, rating_supplements;
  bool rated = false;
  bool rating_satisfied = false;
};
Result<std::vector<EvalDossierRow>> ListEvaluationDossiers(Connection& c,
                                                           const std::string& agency_path,
                                                           int64_t from, int64_t to);
struct EvalStepRow {
  int64_t dossier_id = 0;
  int64_t agency_id = 0;
  std::optional<int64_t> due_at, ended_at;
  std::optional<int64_t> user_id;  // ended_by, else the assignee
};
Result<std::vector<EvalStepRow>> ListEvaluationSteps(Connection& c, const std::string& agency_path,
                                                     int64_t from, int64_t to);
struct ReportUser {
  int64_t id = 0;
  std::string username, full_name;
  std::optional<int64_t> agency_id;
};
Result<std::vector<ReportUser>> ListReportUsers(Connection& c, const std::vector<int64_t>& ids);

// Ratings (phiếu đánh giá).
struct RatingRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  std::string channel;  // "paper", "kiosk", "online"
  std::optional<int64_t> bodies_contacted, publication, attitude, supplements;
  bool satisfied = false;
  std::string comment;
  std::optional<int64_t> entered_by;
  int64_t at = 0;
};
Result<RatingRecord> InsertRating(Connection& c, RatingRecord r);
// Whether the dossier already has a rating through `channel` (one per dossier and channel).
Result<bool> RatingExists(Connection& c, int64_t dossier_id, const std::string& channel);
// Ratings entered in [from, to) for dossiers received by the subtree: (count, satisfied).
Result<std::pair<int64_t, int64_t>> CountRatings(Connection& c, const std::string& agency_path,
                                                 int64_t from, int64_t to);

// Complaints and requests (phản ánh, kiến nghị).
struct ComplaintRecord {
  int64_t id = 0;
  std::optional<int64_t> dossier_id;
  std::optional<int64_t> official_user_id;
  int64_t agency_id = 0;  // the agency it is about
  std::string channel;    // "portal", "kiosk", "counter"
  std::string content;
  int64_t received_at = 0;
  int64_t due_at = 0;
  int due_working_days = 0;
  std::optional<int64_t> assigned_agency_id, assigned_user_id;
  std::optional<int64_t> answered_at;
  std::string answer;
  std::optional<bool> substantiated;
  std::optional<int64_t> created_by;
  std::string agency_path;  // read only (joined)
};
Result<ComplaintRecord> InsertComplaint(Connection& c, ComplaintRecord r);
Result<std::optional<ComplaintRecord>> FindComplaint(Connection& c, int64_t id);
// Writes assignment and answer columns.
Status UpdateComplaint(Connection& c, const ComplaintRecord& r);
// Complaints about the subtree received in [from, to), newest first.
Result<std::vector<ComplaintRecord>> ListComplaints(Connection& c, const std::string& agency_path,
                                                    int64_t from, int64_t to, int limit);
// Complaints a user filed (created_by), newest first.
Result<std::vector<ComplaintRecord>> ListComplaintsByCreator(Connection& c, int64_t user_id,
                                                             int limit);
// Complaints assigned to a staff member (assigned_user_id), the unanswered first, then newest.
Result<std::vector<ComplaintRecord>> ListComplaintsAssignedTo(Connection& c, int64_t user_id,
                                                              int limit);

}  // namespace motcua::storage
