#include "storage/report_store.h"

#include <fmt/format.h>

#include <map>
#include <string_view>
#include <utility>

// GCC 12 at -O2 reports a false "may be used uninitialized" inside std::variant's string member
// when strings are pushed into Params and the helpers are inlined (GCC bug 105562 family), as in
// service/report_synthetic.cc.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

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

Result<std::vector<DrillCandidate>> ListDrillCandidates(Connection& c, const DrillFilter& filter,
                                                        domain::Figure figure, int64_t from,
                                                        int64_t to) {
  using domain::Figure;
  Params params;
  std::string where = FilterSql(filter.base, params);
  if (filter.agency_id) {
    where += " AND d.agency_id = ?";
    params.push_back(*filter.agency_id);
  }
  if (filter.group_field) {
    where += " AND COALESCE(p.field_code, '') = ?";
    params.push_back(*filter.group_field);
  }
  // Necessary conditions only (docs/reports.md, "Drill-down"); instants are whole minutes, so
  // "minute < T" is "second < T" and "minute >= F" is "second >= F".
  const std::string close =
      "(CASE WHEN d.status IN ('finished', 'returned') THEN d.finished_at "
      "WHEN d.status IN ('withdrawn', 'stopped') THEN COALESCE(d.finished_at, d.updated_at) END)";
  const std::string in_scope = fmt::format(
      "d.status <> 'refused' AND d.received_at IS NOT NULL AND d.received_at < {T} AND "
      "({close} IS NULL OR {close} >= {F})",
      fmt::arg("T", to), fmt::arg("F", from), fmt::arg("close", close));
  std::string cond;
  switch (figure) {
    case Figure::kRefused:
      cond = fmt::format(
          "d.status = 'refused' AND COALESCE(d.finished_at, d.updated_at) >= {} AND "
          "COALESCE(d.finished_at, d.updated_at) < {}",
          from, to);
      break;
    case Figure::kReceived:
      cond = fmt::format("{} AND d.received_at >= {}", in_scope, from);
      break;
    case Figure::kCarriedOver:
      cond = fmt::format("{} AND d.received_at < {}", in_scope, from);
      break;
    case Figure::kResolved:
    case Figure::kResolvedEarly:
    case Figure::kResolvedOnTime:
    case Figure::kResolvedLate:
    case Figure::kResolvedNoDeadline:
      cond = fmt::format(
          "{} AND d.status IN ('finished', 'returned') AND d.finished_at >= {} AND "
          "d.finished_at < {}",
          in_scope, from, to);
      break;
    case Figure::kWithdrawn:
    case Figure::kStopped:
      cond = fmt::format("{} AND d.status = '{}' AND COALESCE(d.finished_at, d.updated_at) < {}",
                         in_scope, figure == Figure::kWithdrawn ? "withdrawn" : "stopped", to);
      break;
    case Figure::kReturned:
      cond = fmt::format("{} AND d.returned_at >= {} AND d.returned_at < {}", in_scope, from, to);
      break;
    case Figure::kTotal:
    case Figure::kPending:
    case Figure::kPendingWithinDeadline:
    case Figure::kPendingOverdue:
      cond = in_scope;
      break;
  }
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT d.id, d.status, d.received_at, d.legal_due_at, d.due_at, "
                          "d.finished_at, d.returned_at, d.updated_at "
                          "FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
                          "LEFT JOIN procedures p ON p.code = d.procedure_code "
                          "WHERE {}{} ORDER BY d.received_at, d.id",
                          cond, where),
              params));
  std::vector<DrillCandidate> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    DrillCandidate d;
    d.id = r.Int(0);
    d.status = r.Text(1);
    d.received_at = r.OptInt(2);
    d.legal_due_at = r.OptInt(3);
    d.due_at = r.OptInt(4);
    d.finished_at = r.OptInt(5);
    d.returned_at = r.OptInt(6);
    d.updated_at = r.Int(7);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<DrillDossierRow>> ListDrillDossiers(Connection& c,
                                                       const std::vector<int64_t>& ids) {
  std::vector<DrillDossierRow> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto r, c.QueryOne("SELECT d.id, d.code, d.procedure_code, COALESCE(p.name, ''), "
                           "COALESCE(p.field_code, ''), a.code, a.name, d.channel, d.status, "
                           "d.received_at, d.due_at, d.legal_due_at, d.finished_at, d.returned_at "
                           "FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
                           "LEFT JOIN procedures p ON p.code = d.procedure_code WHERE d.id = ?",
                           {id}));
    if (!r) continue;
    DrillDossierRow d;
    d.id = r->Int(0);
    d.code = r->Text(1);
    d.procedure_code = r->Text(2);
    d.procedure_name = r->Text(3);
    d.field_code = r->Text(4);
    d.agency_code = r->Text(5);
    d.agency_name = r->Text(6);
    d.channel = r->Text(7);
    d.status = r->Text(8);
    d.received_at = r->OptInt(9);
    d.due_at = r->OptInt(10);
    d.legal_due_at = r->OptInt(11);
    d.finished_at = r->OptInt(12);
    d.returned_at = r->OptInt(13);
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<StepReportRow>> ListStepReportRows(Connection& c, const std::string& agency_path,
                                                      int64_t from, int64_t end) {
  // A step still open when its dossier closed (withdrawn, stopped, refused, resolved) is not
  // "open": the dossier's closing ends the obligation.
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT s.dossier_id, d.code, d.procedure_code, s.name, s.agency_id, s.started_at, "
              "s.due_at, s.ended_at "
              "FROM dossier_steps s JOIN agencies a ON a.id = s.agency_id "
              "JOIN dossiers d ON d.id = s.dossier_id "
              "WHERE a.path LIKE ? AND ("
              "(s.ended_at IS NOT NULL AND s.ended_at >= ? AND s.ended_at < ?) "
              "OR (s.started_at < ? AND (s.ended_at IS NULL OR s.ended_at >= ?) "
              "AND NOT (d.status IN ('finished', 'returned', 'withdrawn', 'stopped', 'refused') "
              "AND COALESCE(d.finished_at, d.updated_at) < ?))) "
              "ORDER BY s.dossier_id, s.seq",
              {agency_path + "%", from, end, end, end, end}));
  std::vector<StepReportRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    StepReportRow s;
    s.dossier_id = r.Int(0);
    s.dossier_code = r.Text(1);
    s.procedure_code = r.Text(2);
    s.step_name = r.Text(3);
    s.agency_id = r.Int(4);
    s.started_at = r.Int(5);
    s.due_at = r.OptInt(6);
    s.ended_at = r.OptInt(7);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<LateDossierStepRow>> ListResolvedDossierSteps(Connection& c,
                                                                 const std::string& agency_path,
                                                                 int64_t from, int64_t to) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT d.id, d.code, COALESCE(d.legal_due_at, d.due_at), d.finished_at, "
                         "s.agency_id, s.name, s.due_at, s.ended_at "
                         "FROM dossiers d JOIN dossier_steps s ON s.dossier_id = d.id "
                         "WHERE d.status IN ('finished', 'returned') AND d.finished_at >= ? "
                         "AND d.finished_at < ? AND EXISTS (SELECT 1 FROM dossier_steps s2 "
                         "JOIN agencies a ON a.id = s2.agency_id WHERE s2.dossier_id = d.id "
                         "AND a.path LIKE ?) ORDER BY d.id, s.seq",
                         {from, to, agency_path + "%"}));
  std::vector<LateDossierStepRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    LateDossierStepRow s;
    s.dossier_id = r.Int(0);
    s.dossier_code = r.Text(1);
    s.dossier_due_at = r.OptInt(2);
    s.finished_at = r.Int(3);
    s.agency_id = r.Int(4);
    s.step_name = r.Text(5);
    s.due_at = r.OptInt(6);
    s.ended_at = r.OptInt(7);
    out.push_back(std::move(s));
  }
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
                      const std::function<void(const ReportScanRow&)>& fn, std::stop_token stop,
                      int page) {
  // Rows already seen but changed since: found through dossiers_updated (few, normally). The
  // unary pluses keep SQLite (no statistics) off the primary key, which `id <= ?` and ORDER BY id
  // would make it walk for nearly every row of the table, to save sorting those few.
  if (after_id > 0) {
    MOTCUA_ASSIGN_OR_RETURN(
        auto rows,
        c.Query(fmt::format("{} WHERE updated_at >= ? AND +id <= ? ORDER BY +id", kScanColumns),
                {updated_since, after_id}));
    for (const auto& r : rows) fn(ScanRowOf(r));
  }
  // New rows, by keyset pages.
  int64_t last = after_id;
  while (true) {
    if (stop.stop_requested()) return Status(Code::kUnavailable, "cancelled");
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

Result<ReportDatabaseIdentity> ReadReportDatabaseIdentity(Connection& c) {
  ReportDatabaseIdentity id;
  MOTCUA_ASSIGN_OR_RETURN(auto v, c.QueryOne("SELECT MAX(version) FROM schema_migrations"));
  if (v) id.schema_version = v->Int(0);
  MOTCUA_ASSIGN_OR_RETURN(
      auto first, c.QueryOne("SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1"));
  if (first) id.created_at = first->Text(0);
  MOTCUA_ASSIGN_OR_RETURN(auto d, c.QueryOne("SELECT id, code FROM dossiers ORDER BY id LIMIT 1"));
  if (d) id.first_dossier = fmt::format("{}:{}", d->Int(0), d->Text(1));
  return id;
}

Result<std::vector<ReportScanRow>> ReadReportRows(Connection& c, const std::vector<int64_t>& ids) {
  std::vector<ReportScanRow> out;
  for (size_t at = 0; at < ids.size(); at += 100) {
    const size_t n = std::min<size_t>(100, ids.size() - at);
    std::string marks;
    Params params;
    for (size_t i = 0; i < n; ++i) {
      marks += i ? ",?" : "?";
      params.push_back(ids[at + i]);
    }
    MOTCUA_ASSIGN_OR_RETURN(
        auto rows, c.Query(fmt::format("{} WHERE id IN ({})", kScanColumns, marks), params));
    for (const auto& r : rows) out.push_back(ScanRowOf(r));
  }
  return out;
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

Result<bool> RatingExists(Connection& c, int64_t dossier_id, const std::string& channel) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT 1 FROM ratings WHERE dossier_id = ? AND channel = ? LIMIT 1",
                           {dossier_id, channel}));
  return row.has_value();
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

Result<std::vector<ComplaintRecord>> ListComplaintsByCreator(Connection& c, int64_t user_id,
                                                             int limit) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows,
                          c.Query(fmt::format("{} WHERE k.created_by = ? "
                                              "ORDER BY k.received_at DESC, k.id DESC LIMIT ?",
                                              kComplaintSelect),
                                  {user_id, int64_t{limit}}));
  std::vector<ComplaintRecord> out;
  for (const auto& r : rows) out.push_back(ComplaintFromRow(r));
  return out;
}

Result<std::vector<ComplaintRecord>> ListComplaintsAssignedTo(Connection& c, int64_t user_id,
                                                              int limit) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows, c.Query(fmt::format("{} WHERE k.assigned_user_id = ? "
                                     "ORDER BY CASE WHEN k.answered_at IS NULL THEN 0 ELSE 1 END, "
                                     "k.received_at DESC, k.id DESC LIMIT ?",
                                     kComplaintSelect),
                         {user_id, int64_t{limit}}));
  std::vector<ComplaintRecord> out;
  for (const auto& r : rows) out.push_back(ComplaintFromRow(r));
  return out;
}

}  // namespace motcua::storage
