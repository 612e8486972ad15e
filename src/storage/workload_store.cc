#include "storage/workload_store.h"

namespace motcua::storage {

Result<std::vector<WorkloadCell>> ListWorkload(Connection& c, const WorkloadFilter& filter) {
  // The derived table keeps the GROUP BY on plain columns, which both dialects accept; the day
  // is integer division of the shifted instant (integer in SQLite and in PostgreSQL's bigint).
  constexpr std::string_view kSql =
      "SELECT w.field_code, w.day, w.officer, u.full_name, u.username, COUNT(*) "
      "FROM (SELECT COALESCE(p.field_code, '') AS field_code, "
      "(d.received_at + ?) / 86400 AS day, "
      "COALESCE(d.created_by, (SELECT h.actor_user_id FROM dossier_history h "
      "WHERE h.dossier_id = d.id AND h.to_status = 'received' AND h.actor_user_id IS NOT NULL "
      "ORDER BY h.id LIMIT 1)) AS officer "
      "FROM dossiers d JOIN agencies a ON a.id = d.agency_id "
      "LEFT JOIN procedures p ON p.code = d.procedure_code "
      "WHERE d.received_at IS NOT NULL AND d.received_at >= ? AND d.received_at < ? "
      "AND a.path LIKE ?) w "
      "LEFT JOIN users u ON u.id = w.officer "
      "GROUP BY w.field_code, w.day, w.officer, u.full_name, u.username "
      "ORDER BY w.field_code, w.day, w.officer";
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(kSql, {filter.utc_offset_seconds, filter.from,
                                                    filter.to, filter.agency_path + "%"}));
  std::vector<WorkloadCell> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    WorkloadCell cell;
    cell.field_code = r.Text(0);
    cell.day_number = static_cast<int32_t>(r.Int(1));
    cell.officer_user_id = r.OptInt(2);
    cell.officer_name = r.Text(3);
    cell.officer_username = r.Text(4);
    cell.dossiers = r.Int(5);
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace motcua::storage
