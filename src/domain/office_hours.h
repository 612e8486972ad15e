// Office hours (giờ làm việc) of an agency: the sessions of a working day in local time.
// Default: 07:30–11:30 and 13:00–17:00 (8 hours), Monday to Friday; which days are working days
// is the working calendar's business (weekly rest days, holidays, decisions, overrides).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::domain {

// One session [open, close) in minutes after local midnight.
struct OfficeSession {
  int open_minute = 0;
  int close_minute = 0;
  friend bool operator==(const OfficeSession&, const OfficeSession&) = default;
};

struct OfficeHours {
  std::vector<OfficeSession> sessions;  // sorted, non-overlapping, non-empty

  static OfficeHours Default();
  // Length of one office day in seconds (8 h = 28800 by default): the unit of "N working days".
  int64_t DaySeconds() const;
  // "07:30-11:30,13:00-17:00"
  std::string ToString() const;
  friend bool operator==(const OfficeHours&, const OfficeHours&) = default;
};

// Parses "HH:MM-HH:MM[,HH:MM-HH:MM...]". Fails with invalid_office_hours unless the sessions are
// well-formed, increasing, non-overlapping, within the day, and there are 1 to 4 of them.
Result<OfficeHours> ParseOfficeHours(std::string_view text);

}  // namespace motcua::domain
