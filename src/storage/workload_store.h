// SQL for the counter workload: dossiers received per field, per local day and per receiving
// officer (the officer at the counter who received them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct WorkloadFilter {
  std::string agency_path;                // receiving agency's subtree ("/1/4/")
  int64_t from = 0;                       // received_at >= from (Unix seconds)
  int64_t to = 0;                         // received_at < to
  int64_t utc_offset_seconds = 7 * 3600;  // local day boundaries
};

// One group of received dossiers.
struct WorkloadCell {
  std::string field_code;  // empty when the procedure is unknown to the catalogue
  int32_t day_number = 0;  // local day: days since 1970-01-01
  // The receiving officer: who registered the dossier at the counter, or who took the "received"
  // transition of an online one. Null when neither is known.
  std::optional<int64_t> officer_user_id;
  std::string officer_name;
  std::string officer_username;
  int64_t dossiers = 0;
};

// Received dossiers (received_at set and within the filter) grouped by field, day and officer,
// ordered by field, day, officer.
Result<std::vector<WorkloadCell>> ListWorkload(Connection& c, const WorkloadFilter& filter);

}  // namespace motcua::storage
