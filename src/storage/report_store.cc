#include "storage/report_store.h"

#include <fmt/format.h>

#include <map>
#include <string_view>
#include <utility>

namespace motcua::storage {
namespace {

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
Value OptBool(const std::optional<bool>& v) {
  return v ? Value(int64_t{*v ? 1 : 0}) : Value(nullptr);
}

// The WHERE conditions of a filter, appended to `params`.
std::string FilterSql(const ReportFilter& f, Params& params) {
  std::string sql;
  if (f.agency_path) {
    sql += " AND a.path LIKE ?";
    params.push_back(*f.agency_path + "%");
  }
  if (f.field_code) {
    sql += " AND p.field_code = ?";
    params.push_back(*f.field_code);
  }
  if (f.procedure_code) {
    sql += " AND d.procedure_code = ?";
    params.push_back(*f.procedure_code);
  }
  if (f.channel) {
    sql += " AND d.channel = ?";
    params.push_back(*f.channel);
  }
  return sql;
}

}  // namespace

Result<std::vector<ReportGroupRow>> TimelinessGroupBy(Connection& c, const domain::ReportWindow& w,
                                                      const ReportFilter& filter,
                                                      ReportGroupKey key) {
  std::string_view key_sql = "''";
  switch (key) {
    case ReportGroupKey::kNone:
      break;
    case ReportGroupKey::kAgency:
      key_sql = "d.agency_id";
      break;
    case ReportGroupKey::kField:
      key_sql = "COALESCE(p.field_code, '')";
      break;
    case ReportGroupKey::kProcedure:
      key_sql = "d.procedure_code";
      break;
    case ReportGroupKey::kChannel:
      key_sql = "d.channel";
      break;
  }
  Params params;
  std::string where = FilterSql(filter, params);
  // Minutes are integers computed here, not user text: formatting them in is safe and keeps the
  // placeholder count down. The conditions mirror domain::Accumulate (docs/reports.md).
  const int64_t F = w.from_min, T = w.to_min, A = w.as_of_min, J = w.judge_min();
  const std::string cc = fmt::format("(f.cm IS NOT NULL AND f.cm < {} AND f.cm <= {})", T, A);
  const std::string sc = fmt::format(
      "(f.st <> 'refused' AND f.em IS NOT NULL AND f.em < {T} AND f.em <= {A} AND "
      "NOT (f.cm IS NOT NULL AND f.cm < {T} AND f.cm <= {A} AND f.cm < {F}))",
      fmt::arg("T", T), fmt::arg("A", A), fmt::arg("F", F));
  const std::string same_day = "(f.fin + 25200) / 86400 = (f.due + 25200) / 86400";
  const std::string overdue = fmt::format("(f.dm IS NOT NULL AND {} > f.dm)", J);
  // Each row gets a scope (0 refused, 1 carried over, 2 received), an outcome and a "returned in
  // the period" flag; the database counts the combinations, we add them up per key.
  std::string sql = fmt::format(
      "SELECT f.k, "
      "CASE WHEN f.st = 'refused' THEN 0 WHEN f.em < {F} THEN 1 ELSE 2 END, "
      "CASE WHEN f.st = 'refused' THEN 9 "
      "WHEN {cc} AND f.st IN ('finished', 'returned') THEN "
      "(CASE WHEN f.due IS NULL THEN 4 WHEN f.fin > f.due THEN 3 WHEN {same_day} THEN 2 "
      "ELSE 1 END) "
      "WHEN {cc} AND f.st = 'withdrawn' THEN 5 WHEN {cc} AND f.st = 'stopped' THEN 6 "
      "WHEN {overdue} THEN 8 ELSE 7 END, "
      "CASE WHEN f.rm IS NOT NULL AND f.rm >= {F} AND f.rm < {T} AND f.rm <= {A} THEN 1 ELSE 0 "
      "END, COUNT(*) "
      "FROM (SELECT {key} AS k, d.status AS st, COALESCE(d.legal_due_at, d.due_at) AS due, "
      "d.finished_at AS fin, d.received_at / 60 AS em, "
      "COALESCE(d.legal_due_at, d.due_at) / 60 AS dm, d.returned_at / 60 AS rm, "
      "CASE WHEN d.status IN ('finished', 'returned') THEN d.finished_at / 60 "
      "WHEN d.status IN ('withdrawn', 'stopped', 'refused') "
      "THEN COALESCE(d.finished_at, d.updated_at) / 60 END AS cm "
      "FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
      "LEFT JOIN procedures p ON p.code = d.procedure_code "
      "WHERE d.status NOT IN ('submitted', 'incomplete') "
      "AND NOT (d.status IN ('finished', 'returned') AND d.finished_at IS NULL){where}) f "
      "WHERE {sc} OR (f.st = 'refused' AND {cc} AND f.cm >= {F}) "
      "GROUP BY 1, 2, 3, 4",
      fmt::arg("key", key_sql), fmt::arg("where", where), fmt::arg("sc", sc), fmt::arg("cc", cc),
      fmt::arg("same_day", same_day), fmt::arg("overdue", overdue), fmt::arg("F", F),
      fmt::arg("T", T), fmt::arg("A", A));
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::map<std::string, domain::TimelinessCounts> by_key;
  for (const auto& r : rows) {
    auto& k = by_key[r.Text(0)];
    const int64_t scope = r.Int(1), outcome = r.Int(2), returned = r.Int(3), n = r.Int(4);
    if (scope == 1) k.carried_over += n;
    if (scope == 2) k.received += n;
    if (returned) k.returned += n;
    switch (outcome) {
      case 1:
        k.resolved_early += n;
        break;
      case 2:
        k.resolved_on_time += n;
        break;
      case 3:
        k.resolved_late += n;
        break;
      case 4:
        k.resolved_no_deadline += n;
        break;
      case 5:
        k.withdrawn += n;
        break;
      case 6:
        k.stopped += n;
        break;
      case 7:
        k.pending_within_deadline += n;
        break;
      case 8:
        k.pending_overdue += n;
        break;
      case 9:
        k.refused += n;
        break;
      default:
        break;
    }
  }
  std::vector<ReportGroupRow> out;
  out.reserve(by_key.size());
  for (auto& [key_text, counts] : by_key) out.push_back({key_text, counts});
  return out;
}

namespace {

constexpr std::string_view kScanColumns =
    "SELECT id, agency_id, procedure_code, channel, status, received_at, legal_due_at, due_at, "
    "finished_at, returned_at, updated_at FROM dossiers ";

ReportScanRow ScanRowOf(const Row& r) {
  ReportScanRow s;
  s.id = r.Int(0);
  s.agency_id = r.Int(1);
  s.procedure_code = r.Text(2);
  s.channel = r.Text(3);
  s.status = r.Text(4);
  s.received_at = r.OptInt(5);
  s.legal_due_at = r.OptInt(6);
  s.due_at = r.OptInt(7);
  s.finished_at = r.OptInt(8);
  s.returned_at = r.OptInt(9);
  s.updated_at = r.Int(10);
  return s;
}

}  // namespace

Status ScanReportRows(Connection& c, int64_t after_id, int64_t updated_since,
                      const std::function<void(const ReportScanRow&)>& fn, int page) {
  // Rows already seen but changed since: found through dossiers_updated (few, normally).
  if (after_id > 0) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("{} WHERE updated_at >= ? AND id <= ? ORDER BY id", kScanColumns),
                {updated_since, after_id}));
    for (const auto& r : rows) fn(ScanRowOf(r));
  }
  // New rows, by keyset pages.
  int64_t last = after_id;
  while (true) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto rows, c.Query(fmt::format("{} WHERE id > ? ORDER BY id LIMIT ?", kScanColumns),
                           {last, int64_t{page}}));
    for (const auto& r : rows) {
      auto s = ScanRowOf(r);
      last = s.id;
      fn(s);
    }
    if (rows.size() < static_cast<size_t>(page)) return Status::Ok();
  }
}

Result<DossierTableVersion> ReadDossierTableVersion(Connection& c) {
  DossierTableVersion v;
  // Two statements: SQLite answers a lone MAX() from the index, not two in one SELECT.
  MOTCUA_ASSIGN_OR_RETURN(auto a, c.QueryOne("SELECT MAX(id) FROM dossiers"));
  MOTCUA_ASSIGN_OR_RETURN(auto b, c.QueryOne("SELECT MAX(updated_at) FROM dossiers"));
  if (a) v.max_id = a->Int(0);
  if (b) v.max_updated_at = b->Int(0);
  return v;
}

Result<std::vector<ReportAgency>> ListReportAgencies(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, code, name, path, type, "
                                             "is_one_stop_centre FROM agencies ORDER BY path"));
  std::vector<ReportAgency> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5)});
  return out;
}

Result<std::vector<ReportProcedure>> ListReportProcedures(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT code, name, field_code, online_level, "
                                             "retired_at FROM procedures ORDER BY code"));
  std::vector<ReportProcedure> out;
  for (const auto& r : rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), !r.IsNull(4)});
  return out;
}

Result<std::vector<EvalDossierRow>> ListEvaluationDossiers(Connection& c,
                                                           const std::string& agency_path,
                                                           int64_t from, int64_t to) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(
          "SELECT d.id, d.code, d.agency_id, d.procedure_code, d.channel, d.return_method, "
          "d.status, d.received_at, d.legal_due_at, d.due_at, d.finished_at, d.extended_at, "
          "d.created_by, "
          "(SELECT COUNT(*) FROM dossier_history h WHERE h.dossier_id = d.id "
          " AND h.action = 'request_supplement'), "
          "(SELECT COUNT(*) FROM complaints k WHERE k.dossier_id = d.id "
          " AND k.substantiated = 1), "
          "(SELECT COUNT(*) FROM attachments t WHERE t.dossier_id = d.id "
          " AND t.kind = 'component' AND t.digitised = 1), "
          "(SELECT COUNT(*) FROM attachments t WHERE t.dossier_id = d.id AND t.kind = 'result'), "
          "r.id, r.bodies_contacted, r.publication, r.attitude, r.supplements, r.satisfied "
          "FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
          "LEFT JOIN ratings r ON r.id = (SELECT MAX(r2.id) FROM ratings r2 "
          " WHERE r2.dossier_id = d.id) "
          "WHERE a.path LIKE ? AND d.finished_at >= ? AND d.finished_at < ? "
          "AND d.status IN ('finished', 'returned') ORDER BY d.id",
          {agency_path + "%", from, to}));
  std::vector<EvalDossierRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    EvalDossierRow e;
    e.id = r.Int(0);
    e.code = r.Text(1);
    e.agency_id = r.Int(2);
    e.procedure_code = r.Text(3);
    e.channel = r.Text(4);
    e.return_method = r.OptText(5);
    e.status = r.Text(6);
    e.received_at = r.OptInt(7);
    e.legal_due_at = r.OptInt(8);
    e.due_at = r.OptInt(9);
    e.finished_at = r.OptInt(10);
    e.extended_at = r.OptInt(11);
    e.created_by = r.OptInt(12);
    e.supplement_requests = r.Int(13);
    e.substantiated_complaints = r.Int(14);
    e.digitised_components = r.Int(15);
    e.digitised_results = r.Int(16);
    e.rated = !r.IsNull(17);
    e.rating_bodies = r.OptInt(18);
    e.rating_publication = r.OptInt(19);
    e.rating_attitude = r.OptInt(20);
    e.rating_supplements = r.OptInt(21);
    e.rating_satisfied = e.rated && r.Bool(22);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<EvalStepRow>> ListEvaluationSteps(Connection& c, const std::string& agency_path,
                                                     int64_t from, int64_t to) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT s.dossier_id, s.agency_id, s.due_at, s.ended_at, "
                         "COALESCE(s.ended_by, s.assignee_user_id) "
                         "FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id "
                         "JOIN agencies a ON a.id = d.agency_id "
                         "WHERE a.path LIKE ? AND d.finished_at >= ? AND d.finished_at < ? "
                         "AND d.status IN ('finished', 'returned') ORDER BY s.dossier_id, s.seq",
                         {agency_path + "%", from, to}));
  std::vector<EvalStepRow> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.OptInt(3), r.OptInt(4)});
  return out;
}

Result<std::vector<ReportUser>> ListReportUsers(Connection& c, const std::vector<int64_t>& ids) {
  std::vector<ReportUser> out;
  for (int64_t id : ids) {
    MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, username, full_name, agency_id "
                                                 "FROM users WHERE id = ?",
                                                 {id}));
    if (row) out.push_back({row->Int(0), row->Text(1), row->Text(2), row->OptInt(3)});
  }
  return out;
}

Result<RatingRecord> InsertRating(Connection& c, RatingRecord r) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO ratings (dossier_id, channel, bodies_contacted, publication, "
          "attitude, supplements, satisfied, comment, entered_by, at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {r.dossier_id, r.channel, Opt(r.bodies_contacted), Opt(r.publication), Opt(r.attitude),
           Opt(r.supplements), int64_t{r.satisfied ? 1 : 0}, r.comment, Opt(r.entered_by), r.at}));
  if (!row) return Status::Internal("INSERT ratings returned no id");
  r.id = row->Int(0);
  return r;
}

Result<std::pair<int64_t, int64_t>> CountRatings(Connection& c, const std::string& agency_path,
                                                 int64_t from, int64_t to) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT COUNT(*), COALESCE(SUM(r.satisfied), 0) FROM ratings r "
                           "JOIN dossiers d ON d.id = r.dossier_id "
                           "JOIN agencies a ON a.id = d.agency_id "
                           "WHERE a.path LIKE ? AND r.at >= ? AND r.at < ?",
                           {agency_path + "%", from, to}));
  if (!row) return std::pair<int64_t, int64_t>{0, 0};
  return std::pair<int64_t, int64_t>{row->Int(0), row->Int(1)};
}

namespace {

constexpr std::string_view kComplaintSelect =
    "SELECT k.id, k.dossier_id, k.official_user_id, k.agency_id, k.channel, k.content, "
    "k.received_at, k.due_at, k.due_working_days, k.assigned_agency_id, k.assigned_user_id, "
    "k.answered_at, k.answer, k.substantiated, k.created_by, a.path "
    "FROM complaints k JOIN agencies a ON a.id = k.agency_id";

ComplaintRecord ComplaintFromRow(const Row& r) {
  ComplaintRecord k;
  k.id = r.Int(0);
  k.dossier_id = r.OptInt(1);
  k.official_user_id = r.OptInt(2);
  k.agency_id = r.Int(3);
  k.channel = r.Text(4);
  k.content = r.Text(5);
  k.received_at = r.Int(6);
  k.due_at = r.Int(7);
  k.due_working_days = static_cast<int>(r.Int(8));
  k.assigned_agency_id = r.OptInt(9);
  k.assigned_user_id = r.OptInt(10);
  k.answered_at = r.OptInt(11);
  k.answer = r.Text(12);
  if (!r.IsNull(13)) k.substantiated = r.Bool(13);
  k.created_by = r.OptInt(14);
  k.agency_path = r.Text(15);
  return k;
}

}  // namespace

Result<ComplaintRecord> InsertComplaint(Connection& c, ComplaintRecord k) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO complaints (dossier_id, official_user_id, agency_id, channel, "
                 "content, received_at, due_at, due_working_days, assigned_agency_id, "
                 "assigned_user_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "RETURNING id",
                 {Opt(k.dossier_id), Opt(k.official_user_id), k.agency_id, k.channel, k.content,
                  k.received_at, k.due_at, int64_t{k.due_working_days}, Opt(k.assigned_agency_id),
                  Opt(k.assigned_user_id), Opt(k.created_by)}));
  if (!row) return Status::Internal("INSERT complaints returned no id");
  k.id = row->Int(0);
  return k;
}

Result<std::optional<ComplaintRecord>> FindComplaint(Connection& c, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(auto row,
                          c.QueryOne(fmt::format("{} WHERE k.id = ?", kComplaintSelect), {id}));
  if (!row) return std::optional<ComplaintRecord>();
  return std::optional<ComplaintRecord>(ComplaintFromRow(*row));
}

Status UpdateComplaint(Connection& c, const ComplaintRecord& k) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto n, c.Exec("UPDATE complaints SET assigned_agency_id = ?, assigned_user_id = ?, "
                     "answered_at = ?, answer = ?, substantiated = ? WHERE id = ?",
                     {Opt(k.assigned_agency_id), Opt(k.assigned_user_id), Opt(k.answered_at),
                      k.answer, OptBool(k.substantiated), k.id}));
  if (n == 0) return Status::NotFound();
  return Status::Ok();
}

Result<std::vector<ComplaintRecord>> ListComplaints(Connection& c, const std::string& agency_path,
                                                    int64_t from, int64_t to, int limit) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("{} WHERE a.path LIKE ? AND k.received_at >= ? AND k.received_at < ? "
                          "ORDER BY k.received_at DESC, k.id DESC LIMIT ?",
                          kComplaintSelect),
              {agency_path + "%", from, to, int64_t{limit}}));
  std::vector<ComplaintRecord> out;
  for (const auto& r : rows) out.push_back(ComplaintFromRow(r));
  return out;
}

}  // namespace motcua::storage
