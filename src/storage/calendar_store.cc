#include "storage/calendar_store.h"

namespace motcua::storage {

Result<std::vector<CalendarOverrideRecord>> ListCalendarOverrides(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows,
                          c.Query("SELECT id, day, kind, name, agency_id, created_at, created_by "
                                  "FROM calendar_overrides ORDER BY day, id"));
  std::vector<CalendarOverrideRecord> out;
  for (const auto& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.OptInt(4), r.Int(5), r.Text(6)});
  }
  return out;
}

Result<CalendarOverrideRecord> InsertCalendarOverride(Connection& c, CalendarOverrideRecord r) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO calendar_overrides (day, kind, name, agency_id, created_at, "
                 "created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                 {r.day, r.kind, r.name, r.agency_id ? Value(*r.agency_id) : Value(nullptr),
                  r.created_at, r.created_by}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  r.id = row->Int(0);
  return r;
}

Result<bool> DeleteCalendarOverride(Connection& c, const std::string& day,
                                    std::optional<int64_t> agency_id) {
  Result<int64_t> n = agency_id ? c.Exec(
                                      "DELETE FROM calendar_overrides WHERE day = ? AND "
                                      "agency_id = ?",
                                      {day, *agency_id})
                                : c.Exec(
                                      "DELETE FROM calendar_overrides WHERE day = ? AND "
                                      "agency_id IS NULL",
                                      {day});
  if (!n.ok()) return n.status();
  return *n > 0;
}

}  // namespace motcua::storage
