#include "storage/dossier_store.h"

#include <fmt/format.h>

#include <string_view>
#include <utility>

#include "storage/applicant_key.h"
#include "storage/audit_chain.h"

namespace motcua::storage {
namespace {

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
Value Opt(const std::optional<int>& v) { return v ? Value(int64_t{*v}) : Value(nullptr); }
Value Opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }

// dossiers.applicant_key follows the applicant document on every write (storage/applicant_key.h).
Value ApplicantKeyValue(const std::string& applicant) {
  std::string key = ApplicantKeyOfApplicantJson(applicant);
  return key.empty() ? Value(nullptr) : Value(std::move(key));
}

std::optional<int> OptInt32(const Row& r, size_t i) {
  auto v = r.OptInt(i);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

constexpr std::string_view kDossierColumns =
    "d.id, d.code, d.procedure_code, d.procedure_version, d.agency_id, d.channel, d.applicant, "
    "d.applicant_user_id, d.status, d.outcome, d.version, d.submitted_at, d.received_at, "
    "d.due_at, d.legal_due_at, d.paused_at, d.extended_at, d.extension_reason, d.finished_at, "
    "d.returned_at, d.return_method, d.current_step_id, d.current_agency_id, d.timeliness, "
    "d.components, d.result, d.created_by, d.updated_at";
constexpr size_t kDossierColumnCount = 28;

DossierRecord DossierFromRow(const Row& r, size_t o = 0) {
  DossierRecord d;
  d.id = r.Int(o + 0);
  d.code = r.Text(o + 1);
  d.procedure_code = r.Text(o + 2);
  d.procedure_version = static_cast<int>(r.Int(o + 3));
  d.agency_id = r.Int(o + 4);
  d.channel = r.Text(o + 5);
  d.applicant = r.Text(o + 6);
  d.applicant_user_id = r.OptInt(o + 7);
  d.status = r.Text(o + 8);
  d.outcome = r.OptText(o + 9);
  d.version = r.Int(o + 10);
  d.submitted_at = r.Int(o + 11);
  d.received_at = r.OptInt(o + 12);
  d.due_at = r.OptInt(o + 13);
  d.legal_due_at = r.OptInt(o + 14);
  d.paused_at = r.OptInt(o + 15);
  d.extended_at = r.OptInt(o + 16);
  d.extension_reason = r.OptText(o + 17);
  d.finished_at = r.OptInt(o + 18);
  d.returned_at = r.OptInt(o + 19);
  d.return_method = r.OptText(o + 20);
  d.current_step_id = r.OptInt(o + 21);
  d.current_agency_id = r.OptInt(o + 22);
  d.timeliness = r.OptText(o + 23);
  d.components = r.Text(o + 24);
  d.result = r.Text(o + 25);
  d.created_by = r.OptInt(o + 26);
  d.updated_at = r.Int(o + 27);
  return d;
}

// `sql` selects kDossierColumns; built once by each caller (formatting it on every call was a
// visible share of a transition).
Result<std::optional<DossierRecord>> FindDossierWith(Connection& c, const std::string& sql,
                                                     const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, params));
  if (!row) return std::optional<DossierRecord>();
  return std::optional<DossierRecord>(DossierFromRow(*row));
}

constexpr std::string_view kStepSelect =
    "SELECT s.id, s.dossier_id, s.seq, s.position, s.name, s.agency_id, s.role, "
    "s.assignee_user_id, s.quota_hours, s.started_at, s.due_at, s.paused_at, s.ended_at, "
    "s.end_action, s.handed_over_by, s.ended_by, s.timeliness, COALESCE(a.name, '') "
    "FROM dossier_steps s LEFT JOIN agencies a ON a.id = s.agency_id";

DossierStepRecord StepFromRow(const Row& r) {
  DossierStepRecord s;
  s.id = r.Int(0);
  s.dossier_id = r.Int(1);
  s.seq = static_cast<int>(r.Int(2));
  s.position = static_cast<int>(r.Int(3));
  s.name = r.Text(4);
  s.agency_id = r.Int(5);
  s.role = r.Text(6);
  s.assignee_user_id = r.OptInt(7);
  s.quota_hours = OptInt32(r, 8);
  s.started_at = r.Int(9);
  s.due_at = r.OptInt(10);
  s.paused_at = r.OptInt(11);
  s.ended_at = r.OptInt(12);
  s.end_action = r.OptText(13);
  s.handed_over_by = r.OptInt(14);
  s.ended_by = r.OptInt(15);
  s.timeliness = r.OptText(16);
  s.agency_name = r.Text(17);
  return s;
}

constexpr std::string_view kAttachmentSelect =
    "SELECT id, dossier_id, kind, component_code, sha256, mime, size_bytes, original_name, "
    "digitised, uploaded_by, uploaded_at FROM attachments";
constexpr std::string_view kAttachmentsOfDossier =
    "SELECT id, dossier_id, kind, component_code, sha256, mime, size_bytes, original_name, "
    "digitised, uploaded_by, uploaded_at FROM attachments WHERE dossier_id = ? ORDER BY id";

AttachmentRecord AttachmentFromRow(const Row& r) {
  AttachmentRecord a;
  a.id = r.Int(0);
  a.dossier_id = r.OptInt(1);
  a.kind = r.Text(2);
  a.component_code = r.Text(3);
  a.sha256 = r.Text(4);
  a.mime = r.Text(5);
  a.size_bytes = r.Int(6);
  a.original_name = r.Text(7);
  a.digitised = r.Bool(8);
  a.uploaded_by = r.OptInt(9);
  a.uploaded_at = r.Int(10);
  return a;
}

// FROM/WHERE of a queue query, with its parameters. Built from the filters that are set rather
// than with "? IS NULL OR ..." so that PostgreSQL can type every parameter and use the indexes.
std::string QueueFromWhere(const DossierQueueQuery& q, Params& params) {
  std::string sql = " FROM dossiers d";
  if (q.current_agency_path) sql += " JOIN agencies ca ON ca.id = d.current_agency_id";
  if (q.assignee_user_id || q.current_step_role)
    sql += " JOIN dossier_steps cs ON cs.id = d.current_step_id";
  std::string where;
  auto add = [&](std::string_view cond) {
    where += where.empty() ? " WHERE " : " AND ";
    where += cond;
  };
  if (q.current_agency_id) {
    add("d.current_agency_id = ?");
    params.emplace_back(*q.current_agency_id);
  }
  if (q.current_agency_path) {
    add("ca.path LIKE ?");
    params.emplace_back(*q.current_agency_path + "%");
  }
  if (q.receiving_agency_id) {
    add("d.agency_id = ?");
    params.emplace_back(*q.receiving_agency_id);
  }
  if (q.assignee_user_id) {
    add("cs.assignee_user_id = ?");
    params.emplace_back(*q.assignee_user_id);
  }
  if (q.current_step_role) {
    add("cs.role = ?");
    params.emplace_back(*q.current_step_role);
  }
  if (q.applicant_user_id) {
    add("d.applicant_user_id = ?");
    params.emplace_back(*q.applicant_user_id);
  }
  if (!q.statuses.empty()) {
    std::string in = "d.status IN (";
    for (size_t i = 0; i < q.statuses.size(); ++i) {
      in += i == 0 ? "?" : ", ?";
      params.emplace_back(q.statuses[i]);
    }
    add(in + ")");
  }
  if (q.due_before) {
    add("d.due_at < ?");
    params.emplace_back(*q.due_before);
  }
  if (q.due_not_before) {
    add("d.due_at >= ?");
    params.emplace_back(*q.due_not_before);
  }
  return sql + where;
}

}  // namespace

Result<DossierRecord> InsertDossier(Connection& c, DossierRecord d) {
  d.version = 1;
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, channel, "
          "applicant, applicant_user_id, status, outcome, version, submitted_at, received_at, "
          "due_at, legal_due_at, paused_at, extended_at, extension_reason, finished_at, "
          "returned_at, return_method, current_step_id, current_agency_id, timeliness, "
          "components, result, created_by, updated_at, applicant_key) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {d.code,
           d.procedure_code,
           int64_t{d.procedure_version},
           d.agency_id,
           d.channel,
           d.applicant,
           Opt(d.applicant_user_id),
           d.status,
           Opt(d.outcome),
           d.version,
           d.submitted_at,
           Opt(d.received_at),
           Opt(d.due_at),
           Opt(d.legal_due_at),
           Opt(d.paused_at),
           Opt(d.extended_at),
           Opt(d.extension_reason),
           Opt(d.finished_at),
           Opt(d.returned_at),
           Opt(d.return_method),
           Opt(d.current_step_id),
           Opt(d.current_agency_id),
           Opt(d.timeliness),
           d.components,
           d.result,
           Opt(d.created_by),
           d.updated_at,
           ApplicantKeyValue(d.applicant)}));
  if (!row) return Status::Internal("INSERT INTO dossiers returned no id");
  d.id = row->Int(0);
  return d;
}

Result<std::optional<DossierRecord>> FindDossierByCode(Connection& c, const std::string& code) {
  static const std::string sql =
      fmt::format("SELECT {} FROM dossiers d WHERE d.code = ?", kDossierColumns);
  return FindDossierWith(c, sql, {code});
}

Result<std::optional<DossierRecord>> FindDossierById(Connection& c, int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM dossiers d WHERE d.id = ?", kDossierColumns);
  return FindDossierWith(c, sql, {id});
}

namespace {

// The version test and the bump are one statement: under PostgreSQL's READ COMMITTED a
// concurrent UPDATE of the row waits for the first to commit, then re-checks the WHERE against
// the new version and matches nothing — exactly one of two racing transitions wins.
constexpr std::string_view kUpdateDossier =
    "UPDATE dossiers SET applicant = ?, applicant_user_id = ?, status = ?, outcome = ?, "
    "version = version + 1, received_at = ?, due_at = ?, legal_due_at = ?, "
    "paused_at = ?, extended_at = ?, extension_reason = ?, finished_at = ?, "
    "returned_at = ?, return_method = ?, current_step_id = ?, current_agency_id = ?, "
    "timeliness = ?, components = ?, result = ?, updated_at = ?, applicant_key = ? "
    "WHERE id = ? AND version = ?";

Params UpdateDossierParams(const DossierRecord& d) {
  return {d.applicant,
          Opt(d.applicant_user_id),
          d.status,
          Opt(d.outcome),
          Opt(d.received_at),
          Opt(d.due_at),
          Opt(d.legal_due_at),
          Opt(d.paused_at),
          Opt(d.extended_at),
          Opt(d.extension_reason),
          Opt(d.finished_at),
          Opt(d.returned_at),
          Opt(d.return_method),
          Opt(d.current_step_id),
          Opt(d.current_agency_id),
          Opt(d.timeliness),
          d.components,
          d.result,
          d.updated_at,
          ApplicantKeyValue(d.applicant),
          d.id,
          d.version};
}

}  // namespace

Result<bool> UpdateDossier(Connection& c, DossierRecord& d) {
  MOTCUA_ASSIGN_OR_RETURN(int64_t changed, c.Exec(kUpdateDossier, UpdateDossierParams(d)));
  if (changed == 0) return false;
  ++d.version;
  return true;
}

Status UpdateDossierLater(Connection& c, DossierRecord& d) {
  MOTCUA_RETURN_IF_ERROR(c.ExecLater(kUpdateDossier, UpdateDossierParams(d), [](int64_t changed) {
    return changed == 0 ? Status::Conflict("stale_version", "version") : Status::Ok();
  }));
  ++d.version;
  return Status::Ok();
}

Result<int64_t> NextDossierSequence(Connection& c, int64_t agency_id, const std::string& day) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO dossier_sequences (agency_id, day, last_number) VALUES (?, ?, 1) "
                 "ON CONFLICT (agency_id, day) DO UPDATE SET "
                 "last_number = dossier_sequences.last_number + 1 RETURNING last_number",
                 {agency_id, day}));
  if (!row) return Status::Internal("dossier_sequences upsert returned nothing");
  return row->Int(0);
}

Result<DossierStepRecord> InsertDossierStep(Connection& c, DossierStepRecord s) {
  // The next seq is taken by the INSERT itself: one statement, not a read and a write. The CASTs
  // type the NULLs of integer columns (PostgreSQL reads an untyped value in a SELECT as text).
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO dossier_steps (dossier_id, seq, position, name, agency_id, role, "
                 "assignee_user_id, quota_hours, started_at, due_at, paused_at, ended_at, "
                 "end_action, handed_over_by, ended_by, timeliness) SELECT ?, "
                 "COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), ?, "
                 "CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), ?, CAST(? AS BIGINT), "
                 "CAST(? AS BIGINT), ? FROM dossier_steps WHERE dossier_id = ? RETURNING id, seq",
                 {s.dossier_id, int64_t{s.position}, s.name, s.agency_id, s.role,
                  Opt(s.assignee_user_id), Opt(s.quota_hours), s.started_at, Opt(s.due_at),
                  Opt(s.paused_at), Opt(s.ended_at), Opt(s.end_action), Opt(s.handed_over_by),
                  Opt(s.ended_by), Opt(s.timeliness), s.dossier_id}));
  if (!row) return Status::Internal("INSERT INTO dossier_steps returned no id");
  s.id = row->Int(0);
  s.seq = static_cast<int>(row->Int(1));
  return s;
}

Status UpdateDossierStep(Connection& c, const DossierStepRecord& s) {
  return c.ExecLater(
      "UPDATE dossier_steps SET assignee_user_id = ?, due_at = ?, paused_at = ?, "
      "ended_at = ?, end_action = ?, ended_by = ?, timeliness = ? WHERE id = ?",
      {Opt(s.assignee_user_id), Opt(s.due_at), Opt(s.paused_at), Opt(s.ended_at), Opt(s.end_action),
       Opt(s.ended_by), Opt(s.timeliness), s.id},
      [](int64_t changed) {
        return changed == 0 ? Status::NotFound("not_found", "step") : Status::Ok();
      });
}

void FindDossierStep(QueryBatch& batch, int64_t step_id, std::optional<DossierStepRecord>* out) {
  static const std::string sql = fmt::format("{} WHERE s.id = ?", kStepSelect);
  batch.Add(sql, {step_id}, [out](Rows& rows) {
    out->reset();
    if (!rows.empty()) *out = StepFromRow(rows.front());
    return Status::Ok();
  });
}

Result<std::optional<DossierStepRecord>> FindDossierStep(Connection& c, int64_t step_id) {
  return ReadAlone<std::optional<DossierStepRecord>>(
      c, [&](QueryBatch& batch, auto* out) { FindDossierStep(batch, step_id, out); });
}

void ListDossierSteps(QueryBatch& batch, int64_t dossier_id, std::vector<DossierStepRecord>* out) {
  static const std::string sql =
      fmt::format("{} WHERE s.dossier_id = ? ORDER BY s.seq", kStepSelect);
  batch.Add(sql, {dossier_id}, [out](Rows& rows) {
    out->clear();
    out->reserve(rows.size());
    for (const auto& r : rows) out->push_back(StepFromRow(r));
    return Status::Ok();
  });
}

Result<std::vector<DossierStepRecord>> ListDossierSteps(Connection& c, int64_t dossier_id) {
  return ReadAlone<std::vector<DossierStepRecord>>(
      c, [&](QueryBatch& batch, auto* out) { ListDossierSteps(batch, dossier_id, out); });
}

namespace {
Params HistoryValues(const DossierHistoryRecord& h) {
  return {h.dossier_id,     h.at,     Opt(h.actor_user_id), h.actor_name, h.actor_role,
          Opt(h.agency_id), h.action, Opt(h.from_status),   h.to_status,  Opt(h.step_id),
          h.comment,        h.detail};
}
}  // namespace

Result<int64_t> AppendDossierHistory(Connection& c, const DossierHistoryRecord& h) {
  return AppendChained(c, HistoryChain(), HistoryValues(h));
}

Status AppendDossierHistoryLater(Connection& c, const DossierHistoryRecord& h) {
  return AppendChainedLater(c, HistoryChain(), HistoryValues(h));
}

void ListDossierHistory(QueryBatch& batch, int64_t dossier_id,
                        std::vector<DossierHistoryRecord>* out) {
  batch.Add(
      "SELECT id, dossier_id, at, actor_user_id, actor_name, actor_role, agency_id, "
      "action, from_status, to_status, step_id, comment, detail FROM dossier_history "
      "WHERE dossier_id = ? ORDER BY id",
      {dossier_id}, [out](Rows& rows) {
        out->clear();
        out->reserve(rows.size());
        for (const auto& r : rows) {
          out->push_back({r.Int(0), r.Int(1), r.Int(2), r.OptInt(3), r.Text(4), r.Text(5),
                          r.OptInt(6), r.Text(7), r.OptText(8), r.Text(9), r.OptInt(10), r.Text(11),
                          r.Text(12)});
        }
        return Status::Ok();
      });
}

Result<std::vector<DossierHistoryRecord>> ListDossierHistory(Connection& c, int64_t dossier_id) {
  return ReadAlone<std::vector<DossierHistoryRecord>>(
      c, [&](QueryBatch& batch, auto* out) { ListDossierHistory(batch, dossier_id, out); });
}

Result<std::vector<DossierRecord>> ListDossierQueue(Connection& c, const DossierQueueQuery& q) {
  Params params;
  std::string sql = fmt::format("SELECT {}{}", kDossierColumns, QueueFromWhere(q, params));
  // Soonest due first; dossiers without a due instant (not yet received) after them.
  sql += " ORDER BY CASE WHEN d.due_at IS NULL THEN 1 ELSE 0 END, d.due_at, d.id LIMIT ? OFFSET ?";
  params.emplace_back(int64_t{q.limit});
  params.emplace_back(int64_t{q.offset});
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<DossierRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(DossierFromRow(r));
  return out;
}

Result<int64_t> CountDossierQueue(Connection& c, const DossierQueueQuery& q) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + QueueFromWhere(q, params);
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

Result<std::optional<DossierLookup>> LookupDossier(Connection& c, const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne(fmt::format("SELECT {}, COALESCE(p.name, ''), a.name, a.code, "
                                       "COALESCE(ca.name, '') FROM dossiers d "
                                       "JOIN agencies a ON a.id = d.agency_id "
                                       "LEFT JOIN agencies ca ON ca.id = d.current_agency_id "
                                       "LEFT JOIN procedures p ON p.code = d.procedure_code "
                                       "WHERE d.code = ?",
                                       kDossierColumns),
                           {code}));
  if (!row) return std::optional<DossierLookup>();
  DossierLookup out;
  out.dossier = DossierFromRow(*row);
  constexpr size_t o = kDossierColumnCount;
  out.procedure_name = row->Text(o);
  out.agency_name = row->Text(o + 1);
  out.agency_code = row->Text(o + 2);
  out.current_agency_name = row->Text(o + 3);
  return std::optional<DossierLookup>(std::move(out));
}

Result<AttachmentRecord> InsertAttachment(Connection& c, AttachmentRecord a) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO attachments (dossier_id, kind, component_code, sha256, mime, "
          "size_bytes, original_name, digitised, uploaded_by, uploaded_at) VALUES (?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {Opt(a.dossier_id), a.kind, a.component_code, a.sha256, a.mime, a.size_bytes,
           a.original_name, int64_t{a.digitised ? 1 : 0}, Opt(a.uploaded_by), a.uploaded_at}));
  if (!row) return Status::Internal("INSERT INTO attachments returned no id");
  a.id = row->Int(0);
  return a;
}

Result<std::optional<AttachmentRecord>> FindAttachment(Connection& c, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(auto row,
                          c.QueryOne(fmt::format("{} WHERE id = ?", kAttachmentSelect), {id}));
  if (!row) return std::optional<AttachmentRecord>();
  return std::optional<AttachmentRecord>(AttachmentFromRow(*row));
}

void ListAttachments(QueryBatch& batch, int64_t dossier_id, std::vector<AttachmentRecord>* out) {
  batch.Add(kAttachmentsOfDossier, {dossier_id}, [out](Rows& rows) {
    out->clear();
    out->reserve(rows.size());
    for (const auto& r : rows) out->push_back(AttachmentFromRow(r));
    return Status::Ok();
  });
}

Result<std::vector<AttachmentRecord>> ListAttachments(Connection& c, int64_t dossier_id) {
  return ReadAlone<std::vector<AttachmentRecord>>(
      c, [&](QueryBatch& batch, auto* out) { ListAttachments(batch, dossier_id, out); });
}

Status LinkAttachment(Connection& c, int64_t attachment_id, int64_t dossier_id, bool digitised) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t changed,
      c.Exec("UPDATE attachments SET dossier_id = ?, digitised = ? WHERE id = ? AND "
             "(dossier_id IS NULL OR dossier_id = ?)",
             {dossier_id, int64_t{digitised ? 1 : 0}, attachment_id, dossier_id}));
  if (changed == 0) return Status::NotFound("not_found", "attachment");
  return Status::Ok();
}

Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(Connection& c, int64_t user_id,
                                                            const std::string& key) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT user_id, idem_key, request_hash, status_code, response, "
                           "created_at FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
                           {user_id, key}));
  if (!row) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{row->Int(0), row->Text(1), row->Text(2),
                                                            static_cast<int>(row->Int(3)),
                                                            row->Text(4), row->Int(5)});
}

Status InsertIdempotencyKey(Connection& c, const IdempotencyRecord& r) {
  return c
      .Exec(
          "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status_code, "
          "response, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {r.user_id, r.key, r.request_hash, int64_t{r.status_code}, r.response, r.created_at})
      .status();
}

Result<int64_t> PurgeIdempotencyKeys(Connection& c, int64_t before) {
  return c.Exec("DELETE FROM idempotency_keys WHERE created_at < ?", {before});
}

}  // namespace motcua::storage
