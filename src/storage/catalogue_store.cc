#include "storage/catalogue_store.h"

#include <fmt/format.h>

namespace motcua::storage {
namespace {

constexpr std::string_view kSelect =
    "SELECT p.id, p.code, p.name, p.field_code, p.level, p.online_level, p.current_version, "
    "p.retired_at, p.updated_at, v.document, v.effective_from FROM procedures p JOIN "
    "procedure_versions v ON v.procedure_id = p.id AND v.version = p.current_version";

ProcedureRow FromRow(const Row& r) {
  ProcedureRow p;
  p.id = r.Int(0);
  p.code = r.Text(1);
  p.name = r.Text(2);
  p.field_code = r.Text(3);
  p.level = r.Text(4);
  p.online_level = r.Text(5);
  p.current_version = static_cast<int>(r.Int(6));
  p.retired_at = r.OptInt(7);
  p.updated_at = r.Int(8);
  p.document = r.Text(9);
  p.effective_from = r.Text(10);
  return p;
}

ProcedureVersionRow VersionFromRow(const Row& r) {
  return {static_cast<int>(r.Int(0)), r.Text(1), r.OptText(2), r.Text(3), r.Int(4), r.Text(5)};
}

constexpr std::string_view kVersionSelect =
    "SELECT v.version, v.effective_from, v.effective_to, v.document, v.created_at, v.created_by "
    "FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id WHERE p.code = ?";

}  // namespace

Result<std::vector<ProcedureRow>> ListProcedures(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(fmt::format("{} ORDER BY p.code", kSelect)));
  std::vector<ProcedureRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

Result<std::optional<ProcedureRow>> FindProcedure(Connection& c, const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(auto row,
                          c.QueryOne(fmt::format("{} WHERE p.code = ?", kSelect), {code}));
  if (!row) return std::optional<ProcedureRow>();
  return std::optional<ProcedureRow>(FromRow(*row));
}

Result<std::vector<ProcedureVersionRow>> ListProcedureVersions(Connection& c,
                                                               const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows,
                          c.Query(fmt::format("{} ORDER BY v.version", kVersionSelect), {code}));
  std::vector<ProcedureVersionRow> out;
  for (const auto& r : rows) out.push_back(VersionFromRow(r));
  return out;
}

Result<std::optional<ProcedureVersionRow>> FindProcedureVersionOn(Connection& c,
                                                                  const std::string& code,
                                                                  const std::string& day) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(fmt::format("{} AND v.effective_from <= ? ORDER BY v.effective_from DESC, "
                             "v.version DESC LIMIT 1",
                             kVersionSelect),
                 {code, day}));
  if (!row) return std::optional<ProcedureVersionRow>();
  return std::optional<ProcedureVersionRow>(VersionFromRow(*row));
}

Status InsertProcedure(Connection& c, const ProcedureRow& p, const std::string& created_by) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("INSERT INTO procedures (code, name, field_code, level, online_level, "
                           "current_version, retired_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, "
                           "NULL, ?) RETURNING id",
                           {p.code, p.name, p.field_code, p.level, p.online_level, p.updated_at}));
  if (!row) return Status::Internal("INSERT ... RETURNING id returned no row");
  return c
      .Exec(
          "INSERT INTO procedure_versions (procedure_id, version, effective_from, effective_to, "
          "document, created_at, created_by) VALUES (?, 1, ?, NULL, ?, ?, ?)",
          {row->Int(0), p.effective_from, p.document, p.updated_at, created_by})
      .status();
}

Result<int> AddProcedureVersion(Connection& c, const ProcedureRow& p, const std::string& created_by,
                                const std::string& day_before) {
  MOTCUA_ASSIGN_OR_RETURN(auto current, FindProcedure(c, p.code));
  if (!current) return Status::NotFound("unknown_procedure", "code");
  int next = current->current_version + 1;
  MOTCUA_RETURN_IF_ERROR(c.Exec("UPDATE procedure_versions SET effective_to = ? WHERE "
                                "procedure_id = ? AND version = ?",
                                {day_before, current->id, int64_t{current->current_version}})
                             .status());
  MOTCUA_RETURN_IF_ERROR(
      c.Exec("INSERT INTO procedure_versions (procedure_id, version, effective_from, "
             "effective_to, document, created_at, created_by) VALUES (?, ?, ?, NULL, ?, ?, ?)",
             {current->id, int64_t{next}, p.effective_from, p.document, p.updated_at, created_by})
          .status());
  MOTCUA_RETURN_IF_ERROR(
      c.Exec("UPDATE procedures SET name = ?, field_code = ?, level = ?, online_level = ?, "
             "current_version = ?, updated_at = ? WHERE id = ?",
             {p.name, p.field_code, p.level, p.online_level, int64_t{next}, p.updated_at,
              current->id})
          .status());
  return next;
}

Status SetProcedureRetired(Connection& c, const std::string& code, std::optional<int64_t> at) {
  MOTCUA_ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE procedures SET retired_at = ? WHERE code = ?",
                                         {at ? Value(*at) : Value(nullptr), code}));
  if (n == 0) return Status::NotFound("unknown_procedure", "code");
  return Status::Ok();
}

Result<int64_t> CountProcedures(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM procedures"));
  return row ? row->Int(0) : 0;
}

}  // namespace motcua::storage
