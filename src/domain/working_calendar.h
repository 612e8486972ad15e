// Working calendar (lịch làm việc) of one agency and the arithmetic of legal time limits (thời hạn
// giải quyết) in office time. Built once from the holiday rules, the published decisions and the
// administrator overrides; then every query is O(1) (a small bounded scan) on a precomputed index
// of cumulative office seconds per day, so due instants can be computed on every request.
//
// Semantics (issue 3):
// - office time is time inside office hours on working days;
// - N working days = N × the agency's office-day length of office time (8 h by default);
// - counting starts at the start instant if it is inside office hours, else at the next opening;
// - the due instant is the first instant at which that much office time has elapsed; exactly at a
//   closing time it stays at that closing time;
// - "same day" (trong ngày) is due at the close of the day counting starts (optionally with a
//   reception cut-off, after which counting starts the next working day);
// - calendar days and months follow the Civil Code (see AddCalendarDays);
// - pauses (tạm dừng, e.g. waiting for a supplement) stop the clock; an extension (gia hạn) adds
//   office time.
// All instants are Unix seconds; local time is UTC+7.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/local_date.h"
#include "domain/office_hours.h"
#include "domain/public_holidays.h"

namespace motcua::domain {

// An interval [from, to) during which the clock is stopped.
struct ClockPause {
  int64_t from = 0;
  int64_t to = 0;
};

class WorkingCalendar {
 public:
  // Indexes local dates from 1 Jan `first_year` to 31 Dec `last_year` (defaults cover 1990–2060).
  // `overrides` are the administrator's days (kDayOff or kWorkday) already filtered for the
  // agency; they win over rules and decisions. Fails with invalid_argument on a bad year range.
  static Result<WorkingCalendar> Build(OfficeHours hours, std::vector<YearDecision> decisions,
                                       std::vector<DecisionDay> overrides = {},
                                       int first_year = 1990, int last_year = 2060);

  const OfficeHours& office_hours() const { return hours_; }
  int64_t OfficeDaySeconds() const { return day_seconds_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  // Whether `date` is a working day (false outside the indexed range).
  bool IsWorkingDay(LocalDate date) const;
  // Whether the instant lies inside office hours of a working day ([open, close) of a session).
  bool IsOfficeTime(int64_t instant) const;

  // The holidays/decisions/overrides of `year` (see HolidaysOfYear), overrides merged in.
  std::vector<CalendarEntry> DaysOfYear(int year) const;

  // All of the following return nullopt when an instant involved lies outside the index.

  // The instant counting starts from `instant`: itself if inside office time, else next opening.
  std::optional<int64_t> CountingStart(int64_t instant) const;
  // The due instant after `office_seconds` (>= 0) of office time counted from `start`.
  std::optional<int64_t> AddOfficeTime(int64_t start, int64_t office_seconds) const;
  std::optional<int64_t> AddWorkingDays(int64_t start, int64_t days) const {
    return AddOfficeTime(start, days * day_seconds_);
  }
  std::optional<int64_t> AddWorkingHours(int64_t start, double hours) const {
    return AddOfficeTime(start, static_cast<int64_t>(hours * 3600 + 0.5));
  }
  // "Trong ngày": the close of office hours of the day on which counting starts. With a cut-off
  // (minutes after local midnight, e.g. 15:00 = 900), a dossier received at or after the cut-off
  // on a working day counts from the next working day (practice: what comes in late in the
  // afternoon cannot be handed over and decided the same day). nullopt: no cut-off.
  std::optional<int64_t> SameDayDue(int64_t start,
                                    std::optional<int> cutoff_minute = std::nullopt) const;
  // Calendar days (ngày) and months (tháng), Civil Code 2015 Art. 147–148: the period starts on
  // the day after the day counting starts (the day of receipt, or the next working day when
  // received out of office hours), every day counts, and when the last day is not a working day
  // the period ends on the next working day; due at the close of office hours of that day. A
  // month ending on a day the month does not have (31 → 30 April) ends on the month's last day.
  std::optional<int64_t> AddCalendarDays(int64_t start, int64_t days) const;
  std::optional<int64_t> AddMonths(int64_t start, int months) const;
  // Office time elapsed between two instants (0 if to <= from).
  std::optional<int64_t> OfficeTimeBetween(int64_t from, int64_t to) const;
  // Due instant with the clock stopped during `pauses` (any order; overlaps allowed) and
  // `extension_seconds` of office time added.
  std::optional<int64_t> DueWithPauses(int64_t start, int64_t office_seconds,
                                       std::vector<ClockPause> pauses,
                                       int64_t extension_seconds = 0) const;

 private:
  WorkingCalendar() = default;
  // Office seconds from the index origin to `instant`; nullopt outside the index.
  std::optional<int64_t> Elapsed(int64_t instant) const;
  // The first instant at which `target` office seconds (from the origin) have elapsed; target > 0.
  std::optional<int64_t> InstantAt(int64_t target) const;
  // The close of office hours of the first working day on or after day index `day`.
  std::optional<int64_t> CloseOfWorkingDayFrom(int64_t day) const;

  static constexpr int64_t kBucketSeconds = 3600;

  OfficeHours hours_;
  int64_t day_seconds_ = 0;
  int first_year_ = 0;
  int last_year_ = 0;
  int32_t first_day_number_ = 0;
  int64_t origin_ = 0;                 // Unix seconds of local midnight of the first indexed day
  std::vector<int64_t> session_open_;  // seconds after midnight
  std::vector<int64_t> session_close_;
  std::vector<uint8_t> working_;     // per day
  std::vector<int64_t> cumulative_;  // per day + 1: office seconds before the day starts
  std::vector<int32_t> bucket_day_;  // first day whose end passes bucket × kBucketSeconds
  std::vector<YearDecision> decisions_;
  std::vector<DecisionDay> overrides_;
};

}  // namespace motcua::domain
