// Public holidays (ngày nghỉ lễ, tết) of Vietnam by era, compensatory days off (nghỉ bù) and the
// published yearly decisions that swap working days (hoán đổi ngày làm việc).
//
// Rules as in force for public offices in each year:
// - Labour Code 1994 (BLLĐ 1994, Art. 73; in force 1 Jan 1995): 1 Jan; Tết 4 days (the last day of
//   the lunar year and the first 3 days of the new year); 30 Apr; 1 May; 2 Sep. "If a holiday falls
//   on the weekly rest day, the employee takes a compensatory day off on the next day" (nghỉ bù
//   vào ngày tiếp theo). No nghỉ bù is computed before 1995.
// - Weekly rest days of public offices: Sunday only until 1 Oct 1999; Saturday and Sunday from
//   2 Oct 1999 (QĐ 188/1999/QĐ-TTg, 40-hour week). So a holiday on a Saturday before that date is
//   not compensated, and Saturday is a working day.
// - Labour Code amendment 2007 (Luật 84/2007/QH11): Hùng Kings' day, 10th of the 3rd lunar month.
// - Labour Code 2012 (Art. 115): Tết 5 days from Tết 2013 (default: last day of the lunar year and
//   the first 4 days). From Tết 2014 the Prime Minister's yearly Tết schedules place the
//   compensation of a Tết day falling on a Saturday on the working day before Tết and of one on a
//   Sunday on the working day after; we apply that as the default rule.
// - Labour Code 2019 (Art. 112; from 2021): 2 Sep plus one adjacent day, chosen each year; default:
//   the day that joins 2 Sep to the weekend (Mon→3 Sep, Tue/Wed→1 Sep, Thu→3 Sep, Fri/Sat→1 Sep,
//   Sun→3 Sep), as the yearly decisions since 2021 have done.
// - Nghị quyết 28/2026/QH16 (from 1 Jul 2026): Ngày Văn hóa Việt Nam, 24 Nov.
// Published yearly decisions (data, see calendar_decisions.h) add days off swapped with working
// Saturdays, and may fix the Tết days or the 2 Sep adjacent day explicitly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/local_date.h"

namespace motcua::domain {

// What a listed day is; the names are the CLI/API spellings.
enum class DayKind {
  kHoliday,   // "holiday": a public holiday (ngày lễ, tết), listed even on a weekend
  kObserved,  // "observed": compensatory day off for a holiday on a weekly rest day (nghỉ bù)
  kDayOff,  // "day-off": extra day off by decision or override (ngày nghỉ hoán đổi / bổ sung)
  kWorkday,  // "workday": a weekly rest day made a working day (ngày làm việc bù)
};

std::string_view DayKindName(DayKind kind);
std::optional<DayKind> ParseDayKind(std::string_view name);  // also accepts "day_off"
inline bool IsDayOffKind(DayKind kind) { return kind != DayKind::kWorkday; }

struct CalendarEntry {
  LocalDate date;
  DayKind kind = DayKind::kHoliday;
  std::string name;  // Vietnamese
  friend bool operator==(const CalendarEntry&, const CalendarEntry&) = default;
};

// One day set by a published decision or by an administrator.
struct DecisionDay {
  LocalDate date;
  DayKind kind = DayKind::kDayOff;  // kDayOff or kWorkday
  std::string name;                 // Vietnamese; a default is made when empty
};

// The published decisions about one calendar year (công văn / thông báo of the Government Office,
// the Ministry of Home Affairs / Labour). Days may lie in a neighbouring year (a Saturday of late
// December worked for 2 January).
struct YearDecision {
  int year = 0;
  std::string reference;  // e.g. "Công văn 2450/VPCP-KGVX ngày 12/4/2024"
  bool verified = false;  // checked against the published text
  std::vector<DecisionDay> days;
  // When set, these are the days off of Tết (holidays and compensations together), replacing the
  // default rule for the Tết that begins in `year`.
  std::optional<std::vector<LocalDate>> tet_days;
  // When set, the day adjacent to 2 Sep chosen for `year` (from 2021).
  std::optional<LocalDate> national_day_adjacent;
};

// Weekly rest day of public offices on `date` (Sunday; also Saturday from 2 Oct 1999).
bool IsWeeklyRestDay(LocalDate date);

// Statutory holidays of `year` by the rules above, without compensation or decisions.
std::vector<CalendarEntry> StatutoryHolidays(int year, const YearDecision* decision = nullptr);

// The full list for `year`, sorted by date, one entry per date: statutory holidays (also on
// weekends), compensatory days, and the days of every decision whose date lies in `year`.
// `decisions` may contain any years; requires 1900 < year < 2100.
std::vector<CalendarEntry> HolidaysOfYear(int year, const std::vector<YearDecision>& decisions);

}  // namespace motcua::domain
