// SQL for the procedure catalogue (danh mục thủ tục hành chính): versions as JSON documents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct ProcedureRow {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string field_code;
  std::string level;
  std::string online_level;
  int current_version = 0;
  std::optional<int64_t> retired_at;
  int64_t updated_at = 0;
  std::string document;  // JSON of the current version
  std::string effective_from;
};

struct ProcedureVersionRow {
  int version = 0;
  std::string effective_from;  // YYYY-MM-DD
  std::optional<std::string> effective_to;
  std::string document;
  int64_t created_at = 0;
  std::string created_by;
};

// Current versions of every procedure (retired ones too), ordered by code.
Result<std::vector<ProcedureRow>> ListProcedures(Connection& c);
Result<std::optional<ProcedureRow>> FindProcedure(Connection& c, const std::string& code);
Result<std::vector<ProcedureVersionRow>> ListProcedureVersions(Connection& c,
                                                               const std::string& code);
// The version in force on `day` (YYYY-MM-DD): the latest whose effective_from <= day.
Result<std::optional<ProcedureVersionRow>> FindProcedureVersionOn(Connection& c,
                                                                  const std::string& code,
                                                                  const std::string& day);

// Inserts a new procedure at version 1 (already_exists if the code is taken).
Status InsertProcedure(Connection& c, const ProcedureRow& row, const std::string& created_by);
// Adds version current+1 effective from row.effective_from, closes the previous version the day
// before, and updates the summary columns.
Result<int> AddProcedureVersion(Connection& c, const ProcedureRow& row,
                                const std::string& created_by, const std::string& day_before);
Status SetProcedureRetired(Connection& c, const std::string& code, std::optional<int64_t> at);
Result<int64_t> CountProcedures(Connection& c);

}  // namespace motcua::storage
