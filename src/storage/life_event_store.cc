#include "storage/life_event_store.h"

#include <fmt/format.h>

#include <string_view>

namespace motcua::storage {
namespace {

constexpr std::string_view kMemberSelect =
    "SELECT l.submission_id, s.event_id, l.position, d.id, d.code, d.procedure_code, d.status, "
    "d.agency_id, d.due_at, d.applicant_user_id, d.result, d.channel FROM life_event_dossiers l "
    "JOIN life_event_submissions s ON s.id = l.submission_id "
    "JOIN dossiers d ON d.id = l.dossier_id";

std::vector<LifeEventMemberRow> MembersFrom(const Rows& rows) {
  std::vector<LifeEventMemberRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    LifeEventMemberRow m;
    m.submission_id = r.Int(0);
    m.event_id = r.Text(1);
    m.position = static_cast<int>(r.Int(2));
    m.dossier_id = r.Int(3);
    m.code = r.Text(4);
    m.procedure_code = r.Text(5);
    m.status = r.Text(6);
    m.agency_id = r.Int(7);
    m.due_at = r.OptInt(8);
    m.applicant_user_id = r.OptInt(9);
    m.result = r.Text(10);
    m.channel = r.Text(11);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<LifeEventMemberRow>> Members(Connection& c, std::string_view where, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("{} WHERE {} ORDER BY l.position", kMemberSelect, where), {id}));
  return MembersFrom(rows);
}

// Formatted once: every dossier view reads it.
const std::string& GroupOfSql() {
  static const std::string sql = fmt::format(
      "{} WHERE l.submission_id = (SELECT submission_id FROM life_event_dossiers WHERE "
      "dossier_id = ?) ORDER BY l.position",
      kMemberSelect);
  return sql;
}

}  // namespace

Result<LifeEventSubmissionRecord> InsertLifeEventSubmission(Connection& c,
                                                            LifeEventSubmissionRecord rec) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO life_event_submissions (event_id, applicant_user_id, created_at) "
          "VALUES (?, ?, ?) RETURNING id",
          {rec.event_id, rec.applicant_user_id ? Value(*rec.applicant_user_id) : Value(nullptr),
           rec.created_at}));
  if (!row) return Status::Internal("INSERT INTO life_event_submissions returned no id");
  rec.id = row->Int(0);
  return rec;
}

Status LinkLifeEventDossier(Connection& c, int64_t submission_id, int64_t dossier_id,
                            int position) {
  return c
      .Exec(
          "INSERT INTO life_event_dossiers (submission_id, dossier_id, position) VALUES (?, ?, ?)",
          {submission_id, dossier_id, int64_t{position}})
      .status();
}

void ListLifeEventGroupOf(QueryBatch& batch, int64_t dossier_id,
                          std::vector<LifeEventMemberRow>* out) {
  batch.Add(GroupOfSql(), {dossier_id}, [out](Rows& rows) {
    *out = MembersFrom(rows);
    return Status::Ok();
  });
}

Result<std::vector<LifeEventMemberRow>> ListLifeEventGroupOf(Connection& c, int64_t dossier_id) {
  return ReadAlone<std::vector<LifeEventMemberRow>>(
      c, [&](QueryBatch& batch, auto* out) { ListLifeEventGroupOf(batch, dossier_id, out); });
}

Result<std::vector<LifeEventMemberRow>> ListLifeEventSubmission(Connection& c,
                                                                int64_t submission_id) {
  return Members(c, "l.submission_id = ?", submission_id);
}

Result<int64_t> CountLifeEventSubmissions(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM life_event_submissions"));
  return row ? row->Int(0) : 0;
}

}  // namespace motcua::storage
