// Read-only SQL for the official forms (Mẫu 01–07): the dossier register (sổ theo dõi hồ sơ) of
// one receiving agency over a period, read page by page so that a busy centre's month (thousands
// of rows) never needs one huge result set. Everything else a form prints comes from
// dossier_store.h, agency_store.h, catalogue_store.h and user_store.h.
//
// Personal data: `applicant` is the stored applicant JSON; the register prints the name and
// contact as the circular requires. Nothing here logs it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

// One line of the register as stored: the dossier with the procedure's name and the instant it
// first reached a step not held by the one-stop point (chuyển hồ sơ đến cơ quan giải quyết).
struct RegisterEntry {
  int64_t id = 0;
  std::string code;
  std::string procedure_code;
  std::string procedure_name;  // empty if the procedure is not in the catalogue
  std::string applicant;       // JSON; personal data
  std::string status;
  int64_t received_at = 0;
  std::optional<int64_t> due_at;
  std::optional<int64_t> transferred_at;
  std::optional<int64_t> returned_at;
  std::optional<std::string> timeliness;
  std::string result = "{}";  // JSON (routing: competent_agency_code)
};

// Where the previous page ended: the last entry's (received_at, id).
struct RegisterCursor {
  int64_t received_at = 0;
  int64_t id = 0;
};

// Dossiers received by `agency_id` with `from <= received_at < to`, ordered by reception instant
// then id, at most `limit` after `after` (from the start when unset).
Result<std::vector<RegisterEntry>> ListRegisterPage(Connection& c, int64_t agency_id, int64_t from,
                                                    int64_t to,
                                                    const std::optional<RegisterCursor>& after,
                                                    int limit);

}  // namespace motcua::storage
