#include "storage/forms_store.h"

#include <string_view>

namespace motcua::storage {
namespace {

// A step held by someone other than the one-stop point's officers is processing.
constexpr std::string_view kRegisterSelect =
    "SELECT d.id, d.code, d.procedure_code, COALESCE(p.name, ''), d.applicant, d.status, "
    "d.received_at, d.due_at, "
    "(SELECT MIN(s.started_at) FROM dossier_steps s WHERE s.dossier_id = d.id "
    "AND s.role <> 'reception_officer'), "
    "d.returned_at, d.timeliness, d.result "
    "FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code "
    "WHERE d.agency_id = ? AND d.received_at >= ? AND d.received_at < ?";

RegisterEntry EntryFromRow(const Row& r) {
  RegisterEntry e;
  e.id = r.Int(0);
  e.code = r.Text(1);
  e.procedure_code = r.Text(2);
  e.procedure_name = r.Text(3);
  e.applicant = r.Text(4);
  e.status = r.Text(5);
  e.received_at = r.Int(6);
  e.due_at = r.OptInt(7);
  e.transferred_at = r.OptInt(8);
  e.returned_at = r.OptInt(9);
  e.timeliness = r.OptText(10);
  e.result = r.Text(11);
  return e;
}

}  // namespace

Result<std::vector<RegisterEntry>> ListRegisterPage(Connection& c, int64_t agency_id, int64_t from,
                                                    int64_t to,
                                                    const std::optional<RegisterCursor>& after,
                                                    int limit) {
  Params params{agency_id, from, to};
  std::string sql(kRegisterSelect);
  if (after) {
    sql += " AND (d.received_at > ? OR (d.received_at = ? AND d.id > ?))";
    params.emplace_back(after->received_at);
    params.emplace_back(after->received_at);
    params.emplace_back(after->id);
  }
  sql += " ORDER BY d.received_at, d.id LIMIT ?";
  params.emplace_back(int64_t{limit > 0 ? limit : 1});
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<RegisterEntry> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(EntryFromRow(r));
  return out;
}

}  // namespace motcua::storage
