#include "domain/working_calendar.h"

#include <algorithm>

namespace motcua::domain {

Result<WorkingCalendar> WorkingCalendar::Build(OfficeHours hours,
                                               std::vector<YearDecision> decisions,
                                               std::vector<DecisionDay> overrides, int first_year,
                                               int last_year) {
  if (first_year < 1901 || last_year > 2099 || first_year > last_year) {
    return Status::InvalidArgument("invalid_argument", "year", "Khoảng năm không hợp lệ.",
                                   "Bad year range.");
  }
  if (hours.sessions.empty() || hours.DaySeconds() <= 0) {
    return Status::Validation("invalid_office_hours", "office_hours", "Giờ làm việc không hợp lệ.",
                              "Invalid office hours.");
  }
  WorkingCalendar c;
  c.hours_ = std::move(hours);
  c.day_seconds_ = c.hours_.DaySeconds();
  c.first_year_ = first_year;
  c.last_year_ = last_year;
  c.first_day_number_ = LocalDate{first_year, 1, 1}.DayNumber();
  c.origin_ = StartOfLocalDay({first_year, 1, 1});
  for (const OfficeSession& s : c.hours_.sessions) {
    c.session_open_.push_back(s.open_minute * 60);
    c.session_close_.push_back(s.close_minute * 60);
  }
  c.decisions_ = std::move(decisions);
  c.overrides_ = std::move(overrides);

  const int32_t n = LocalDate{last_year, 12, 31}.DayNumber() - c.first_day_number_ + 1;
  c.working_.resize(n);
  for (int32_t i = 0; i < n; ++i) {
    c.working_[i] = !IsWeeklyRestDay(LocalDate::FromDayNumber(c.first_day_number_ + i));
  }
  auto set = [&](LocalDate d, DayKind kind) {
    const int32_t i = d.DayNumber() - c.first_day_number_;
    if (i >= 0 && i < n) c.working_[i] = kind == DayKind::kWorkday;
  };
  for (int y = first_year; y <= last_year; ++y) {
    for (const CalendarEntry& e : HolidaysOfYear(y, c.decisions_)) set(e.date, e.kind);
  }
  for (const DecisionDay& o : c.overrides_) set(o.date, o.kind);

  c.cumulative_.resize(n + 1);
  c.cumulative_[0] = 0;
  for (int32_t i = 0; i < n; ++i) {
    c.cumulative_[i + 1] = c.cumulative_[i] + (c.working_[i] ? c.day_seconds_ : 0);
  }
  const int64_t buckets = c.cumulative_[n] / kBucketSeconds + 1;
  c.bucket_day_.resize(buckets);
  int32_t d = 0;
  for (int64_t b = 0; b < buckets; ++b) {
    while (d < n - 1 && c.cumulative_[d + 1] <= b * kBucketSeconds) ++d;
    c.bucket_day_[b] = d;
  }
  return c;
}

bool WorkingCalendar::IsWorkingDay(LocalDate date) const {
  const int32_t i = date.DayNumber() - first_day_number_;
  return i >= 0 && i < static_cast<int32_t>(working_.size()) && working_[i];
}

bool WorkingCalendar::IsOfficeTime(int64_t instant) const {
  const int64_t rel = instant - origin_;
  if (rel < 0) return false;
  const int64_t day = rel / kSecondsPerDay;
  if (day >= static_cast<int64_t>(working_.size()) || !working_[day]) return false;
  const int64_t sod = rel - day * kSecondsPerDay;
  for (size_t k = 0; k < session_open_.size(); ++k) {
    if (sod >= session_open_[k] && sod < session_close_[k]) return true;
  }
  return false;
}

std::vector<CalendarEntry> WorkingCalendar::DaysOfYear(int year) const {
  std::vector<CalendarEntry> out = HolidaysOfYear(year, decisions_);
  for (const DecisionDay& o : overrides_) {
    if (o.date.year != year) continue;
    std::erase_if(out, [&](const CalendarEntry& e) { return e.date == o.date; });
    out.push_back({o.date, o.kind, o.name});
  }
  std::sort(out.begin(), out.end(),
            [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
  return out;
}

std::optional<int64_t> WorkingCalendar::Elapsed(int64_t instant) const {
  const int64_t rel = instant - origin_;
  if (rel < 0) return std::nullopt;
  const int64_t days = static_cast<int64_t>(working_.size());
  const int64_t day = rel / kSecondsPerDay;
  if (day >= days) {
    if (rel == days * kSecondsPerDay) return cumulative_[days];
    return std::nullopt;
  }
  int64_t e = cumulative_[day];
  if (working_[day]) {
    const int64_t sod = rel - day * kSecondsPerDay;
    for (size_t k = 0; k < session_open_.size(); ++k) {
      if (sod > session_open_[k]) e += std::min(sod, session_close_[k]) - session_open_[k];
    }
  }
  return e;
}

std::optional<int64_t> WorkingCalendar::InstantAt(int64_t target) const {
  if (target <= 0 || target > cumulative_.back()) return std::nullopt;
  // Start from the bucket's first day: the scan only crosses days with no office time
  // (weekends, holidays), so it is bounded by the longest run of days off (about 9 at Tết).
  int64_t d = bucket_day_[(target - 1) / kBucketSeconds];
  while (cumulative_[d + 1] < target) ++d;
  int64_t r = target - cumulative_[d];  // 0 < r <= day length
  const int64_t midnight = origin_ + d * kSecondsPerDay;
  for (size_t k = 0; k < session_open_.size(); ++k) {
    const int64_t len = session_close_[k] - session_open_[k];
    if (r <= len) return midnight + session_open_[k] + r;
    r -= len;
  }
  return std::nullopt;  // unreachable: r <= day length
}

std::optional<int64_t> WorkingCalendar::CountingStart(int64_t instant) const {
  if (IsOfficeTime(instant)) return instant;
  auto e = Elapsed(instant);
  if (!e) return std::nullopt;
  // The first instant with one more office second elapsed is one second after the next opening.
  auto at = InstantAt(*e + 1);
  if (!at) return std::nullopt;
  return *at - 1;
}

std::optional<int64_t> WorkingCalendar::AddOfficeTime(int64_t start, int64_t office_seconds) const {
  if (office_seconds <= 0) return CountingStart(start);
  auto e = Elapsed(start);
  if (!e) return std::nullopt;
  return InstantAt(*e + office_seconds);
}

std::optional<int64_t> WorkingCalendar::SameDayDue(int64_t start,
                                                   std::optional<int> cutoff_minute) const {
  auto counting = CountingStart(start);
  if (!counting) return std::nullopt;
  int64_t day = (*counting - origin_) / kSecondsPerDay;
  if (cutoff_minute) {
    const int64_t sod = *counting - origin_ - day * kSecondsPerDay;
    if (sod >= int64_t{*cutoff_minute} * 60) return CloseOfWorkingDayFrom(day + 1);
  }
  return origin_ + day * kSecondsPerDay + session_close_.back();
}

std::optional<int64_t> WorkingCalendar::CloseOfWorkingDayFrom(int64_t day) const {
  const int64_t n = static_cast<int64_t>(working_.size());
  while (day >= 0 && day < n && !working_[day]) ++day;
  if (day < 0 || day >= n) return std::nullopt;
  return origin_ + day * kSecondsPerDay + session_close_.back();
}

std::optional<int64_t> WorkingCalendar::AddCalendarDays(int64_t start, int64_t days) const {
  auto counting = CountingStart(start);
  if (!counting || days < 0) return std::nullopt;
  const int64_t day = (*counting - origin_) / kSecondsPerDay;
  return CloseOfWorkingDayFrom(day + days);
}

std::optional<int64_t> WorkingCalendar::AddMonths(int64_t start, int months) const {
  auto counting = CountingStart(start);
  if (!counting || months < 0) return std::nullopt;
  const int64_t day = (*counting - origin_) / kSecondsPerDay;
  const LocalDate from = LocalDate::FromDayNumber(static_cast<int32_t>(first_day_number_ + day));
  const int total = from.year * 12 + (from.month - 1) + months;
  LocalDate to{total / 12, total % 12 + 1, 1};
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (to.year % 4 == 0 && to.year % 100 != 0) || to.year % 400 == 0;
  const int last = to.month == 2 && leap ? 29 : kDays[to.month - 1];
  to.day = std::min(from.day, last);
  return CloseOfWorkingDayFrom(to.DayNumber() - first_day_number_);
}

std::optional<int64_t> WorkingCalendar::OfficeTimeBetween(int64_t from, int64_t to) const {
  if (to <= from) return 0;
  auto a = Elapsed(from);
  auto b = Elapsed(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::optional<int64_t> WorkingCalendar::DueWithPauses(int64_t start, int64_t office_seconds,
                                                      std::vector<ClockPause> pauses,
                                                      int64_t extension_seconds) const {
  std::sort(pauses.begin(), pauses.end(),
            [](const ClockPause& a, const ClockPause& b) { return a.from < b.from; });
  int64_t cursor = start;
  int64_t remaining = office_seconds + extension_seconds;
  for (const ClockPause& p : pauses) {
    if (p.to <= cursor || p.to <= p.from) continue;
    auto due = AddOfficeTime(cursor, remaining);
    if (!due) return std::nullopt;
    if (*due <= p.from) return due;  // finished before this pause began
    if (p.from > cursor) {
      auto used = OfficeTimeBetween(cursor, p.from);
      if (!used) return std::nullopt;
      remaining -= *used;
    }
    cursor = std::max(cursor, p.to);
  }
  return AddOfficeTime(cursor, remaining);
}

}  // namespace motcua::domain
