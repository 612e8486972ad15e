// The working calendar of the installation and of each agency: rules + the shipped yearly
// decisions (data/calendar/vn-decisions.json) + administrator overrides from the database.
// Calendars are built once and cached; an override change rebuilds them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/working_calendar.h"
#include "service/principal.h"
#include "storage/calendar_store.h"
#include "storage/database.h"

namespace motcua::service {

// Reads and parses <data_dir>/data/calendar/vn-decisions.json. Fails with internal (file missing
// or unreadable) or invalid_calendar_data.
Result<std::vector<domain::YearDecision>> LoadCalendarDecisions(const std::string& data_dir);

struct CalendarOverrideInput {
  std::string day;          // YYYY-MM-DD
  std::string kind;         // "day-off" (or "day_off") | "workday"
  std::string name;         // Vietnamese reason, required
  std::string agency_code;  // empty: the whole installation
};

class CalendarService {
 public:
  CalendarService(storage::Database& db, const Clock& clock,
                  std::vector<domain::YearDecision> decisions,
                  domain::OfficeHours hours = domain::OfficeHours::Default());

  // The calendar for an agency (its overrides plus installation-wide ones), or the
  // installation-wide one for nullopt.
  Result<std::shared_ptr<const domain::WorkingCalendar>> Calendar(
      std::optional<int64_t> agency_id = std::nullopt);
  // Agency id of a code; unknown_agency (422) if none.
  Result<int64_t> AgencyIdOf(const std::string& code);

  Result<std::vector<storage::CalendarOverrideRecord>> ListOverrides();
  // Admin only; an agency override needs an admin covering the agency, an installation-wide one
  // an admin of a root agency (or the command line: null actor). Audited in the same transaction.
  Result<storage::CalendarOverrideRecord> AddOverride(const Principal* actor,
                                                      const CalendarOverrideInput& input);
  // not_found when there is no such override.
  Status RemoveOverride(const Principal* actor, const std::string& day,
                        const std::string& agency_code);

 private:
  Status Authorize(storage::Connection& c, const Principal* actor, const std::string& agency_code,
                   std::optional<int64_t>& agency_id);
  void Invalidate();

  storage::Database& db_;
  const Clock& clock_;
  const std::vector<domain::YearDecision> decisions_;
  const domain::OfficeHours hours_;
  std::mutex mu_;
  std::map<std::optional<int64_t>, std::shared_ptr<const domain::WorkingCalendar>> cache_;
};

}  // namespace motcua::service
