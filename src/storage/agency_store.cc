#include "storage/agency_store.h"

#include <fmt/format.h>

namespace motcua::storage {
namespace {

constexpr std::string_view kColumns =
    "id, code, name, short_name, type, parent_id, path, is_one_stop_centre, address, "
    "abolished_at, created_at, updated_at";

AgencyRecord FromRow(const Row& r) {
  AgencyRecord a;
  a.id = r.Int(0);
  a.code = r.Text(1);
  a.name = r.Text(2);
  a.short_name = r.Text(3);
  a.type = r.Text(4);
  a.parent_id = r.OptInt(5);
  a.path = r.Text(6);
  a.is_one_stop_centre = r.Bool(7);
  a.address = r.Text(8);
  a.abolished_at = r.OptInt(9);
  a.created_at = r.Int(10);
  a.updated_at = r.Int(11);
  return a;
}

Value OptValue(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

// `sql` selects kColumns; each caller formats it once, not per call (a transition looks agencies
// up several times).
Result<std::optional<AgencyRecord>> FindOne(Connection& c, const std::string& sql,
                                            const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, params));
  if (!row) return std::optional<AgencyRecord>();
  return std::optional<AgencyRecord>(FromRow(*row));
}

}  // namespace

Result<std::vector<AgencyRecord>> ListAgencies(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows,
                          c.Query(fmt::format("SELECT {} FROM agencies ORDER BY path", kColumns)));
  std::vector<AgencyRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<std::optional<AgencyRecord>> FindAgencyByCode(Connection& c, const std::string& code) {
  static const std::string sql = fmt::format("SELECT {} FROM agencies WHERE code = ?", kColumns);
  return FindOne(c, sql, {code});
}

Result<std::optional<AgencyRecord>> FindAgencyById(Connection& c, int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM agencies WHERE id = ?", kColumns);
  return FindOne(c, sql, {id});
}

void FindAgencies(QueryBatch& batch, const std::vector<int64_t>& ids,
                  const std::vector<std::string>& codes, std::vector<AgencyRecord>* out) {
  out->clear();
  if (ids.empty() && codes.empty()) return;
  auto marks = [](size_t n) {
    std::string m;
    for (size_t i = 0; i < n; ++i) m += i ? ", ?" : "?";
    return m;
  };
  std::string where;
  Params params;
  if (!ids.empty()) {
    where = fmt::format("id IN ({})", marks(ids.size()));
    for (int64_t id : ids) params.emplace_back(id);
  }
  if (!codes.empty()) {
    where += fmt::format("{}code IN ({})", where.empty() ? "" : " OR ", marks(codes.size()));
    for (const auto& code : codes) params.emplace_back(code);
  }
  batch.AddOwned(fmt::format("SELECT {} FROM agencies WHERE {}", kColumns, where),
                 std::move(params), [out](Rows& rows) {
                   out->reserve(rows.size());
                   for (const auto& r : rows) out->push_back(FromRow(r));
                   return Status::Ok();
                 });
}

Result<AgencyRecord> InsertAgency(Connection& c, AgencyRecord a) {
  std::string parent_path = "/";
  if (a.parent_id) {
    MOTCUA_ASSIGN_OR_RETURN(auto parent, FindAgencyById(c, *a.parent_id));
    if (!parent) return Status::Validation("unknown_agency", "parent_code");
    parent_path = parent->path;
  }
  // The path needs the id, so insert with a placeholder and fix it in the same transaction.
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("INSERT INTO agencies (code, name, short_name, type, parent_id, path, "
                           "is_one_stop_centre, address, abolished_at, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           {a.code, a.name, a.short_name, a.type, OptValue(a.parent_id), "",
                            int64_t{a.is_one_stop_centre}, a.address, OptValue(a.abolished_at),
                            a.created_at, a.updated_at}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  a.id = row->Int(0);
  a.path = fmt::format("{}{}/", parent_path, a.id);
  MOTCUA_ASSIGN_OR_RETURN(auto n,
                          c.Exec("UPDATE agencies SET path = ? WHERE id = ?", {a.path, a.id}));
  (void)n;
  return a;
}

Status UpdateAgency(Connection& c, const AgencyRecord& a) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto n, c.Exec("UPDATE agencies SET name = ?, short_name = ?, type = ?, address = ?, "
                     "is_one_stop_centre = ?, abolished_at = ?, updated_at = ? WHERE id = ?",
                     {a.name, a.short_name, a.type, a.address, int64_t{a.is_one_stop_centre},
                      OptValue(a.abolished_at), a.updated_at, a.id}));
  if (n != 1) return Status::NotFound("unknown_agency");
  return Status::Ok();
}

Status MoveAgency(Connection& c, const AgencyRecord& a, const AgencyRecord& new_parent) {
  if (new_parent.path.rfind(a.path, 0) == 0)
    return Status::Validation("agency_cycle", "parent_code");
  std::string new_path = fmt::format("{}{}/", new_parent.path, a.id);
  MOTCUA_ASSIGN_OR_RETURN(
      auto n1, c.Exec("UPDATE agencies SET parent_id = ? WHERE id = ?", {new_parent.id, a.id}));
  (void)n1;
  // Portable prefix rewrite: new prefix || the remainder after the old prefix.
  MOTCUA_ASSIGN_OR_RETURN(
      auto n2, c.Exec("UPDATE agencies SET path = ? || SUBSTR(path, ?) WHERE path LIKE ?",
                      {new_path, static_cast<int64_t>(a.path.size() + 1), a.path + "%"}));
  (void)n2;
  return Status::Ok();
}

Result<std::vector<CounterRecord>> ListCounters(Connection& c, int64_t agency_id) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows,
                          c.Query("SELECT id, agency_id, number, name, fields, active FROM "
                                  "counters WHERE agency_id = ? ORDER BY number",
                                  {agency_id}));
  std::vector<CounterRecord> out;
  for (const auto& r : rows) {
    out.push_back(
        {r.Int(0), r.Int(1), static_cast<int>(r.Int(2)), r.Text(3), r.Text(4), r.Bool(5)});
  }
  return out;
}

Result<CounterRecord> InsertCounter(Connection& c, CounterRecord rec) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO counters (agency_id, number, name, fields, active) "
                 "VALUES (?, ?, ?, ?, ?) RETURNING id",
                 {rec.agency_id, int64_t{rec.number}, rec.name, rec.fields, int64_t{rec.active}}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  rec.id = row->Int(0);
  return rec;
}

Result<std::optional<CounterRecord>> FindCounter(Connection& c, int64_t agency_id, int number) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, agency_id, number, name, fields, active "
                                               "FROM counters WHERE agency_id = ? AND number = ?",
                                               {agency_id, int64_t{number}}));
  if (!row) return std::optional<CounterRecord>();
  return std::optional<CounterRecord>(CounterRecord{row->Int(0), row->Int(1),
                                                    static_cast<int>(row->Int(2)), row->Text(3),
                                                    row->Text(4), row->Bool(5)});
}

Status UpdateCounter(Connection& c, const CounterRecord& rec) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto n, c.Exec("UPDATE counters SET name = ?, fields = ?, active = ? WHERE id = ?",
                     {rec.name, rec.fields, int64_t{rec.active}, rec.id}));
  if (n != 1) return Status::NotFound("not_found", "number");
  return Status::Ok();
}

}  // namespace motcua::storage
