// Parsing the published yearly calendar decisions (data/calendar/vn-decisions.json) from JSON
// text. Reading the file belongs to the caller (service/app): the domain stays free of I/O.
//
// Shape: {"decisions": [{"year": 2024, "reference": "...", "verified": true,
//          "days": [{"date": "2024-04-29", "kind": "day-off", "name": "..."},
//                   {"date": "2024-05-04", "kind": "workday"}],
//          "tet_days": ["2025-01-27", ...],            // optional
//          "national_day_adjacent": "2025-09-01"}]}    // optional
// Other members (sources, notes) are ignored.
#pragma once

#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/public_holidays.h"

namespace motcua::domain {

// Fails with invalid_calendar_data (field names the offending member) on malformed input:
// bad JSON, a date that is not YYYY-MM-DD, a kind other than day-off/workday, a workday that
// is not a weekly rest day, a year listed twice.
Result<std::vector<YearDecision>> ParseCalendarDecisions(std::string_view json);

}  // namespace motcua::domain
