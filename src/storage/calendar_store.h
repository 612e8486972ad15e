// SQL for administrator calendar overrides (extra days off, extra working days).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct CalendarOverrideRecord {
  int64_t id = 0;
  std::string day;                   // YYYY-MM-DD, local
  std::string kind;                  // "day_off" | "workday"
  std::string name;                  // Vietnamese reason shown in the calendar
  std::optional<int64_t> agency_id;  // null: the whole installation
  int64_t created_at = 0;
  std::string created_by;
};

Result<std::vector<CalendarOverrideRecord>> ListCalendarOverrides(Connection& c);
// Duplicate (day, agency) -> already_exists.
Result<CalendarOverrideRecord> InsertCalendarOverride(Connection& c, CalendarOverrideRecord r);
// Returns false when no such override.
Result<bool> DeleteCalendarOverride(Connection& c, const std::string& day,
                                    std::optional<int64_t> agency_id);

}  // namespace motcua::storage
