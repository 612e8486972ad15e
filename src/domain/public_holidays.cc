#include "domain/public_holidays.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "domain/lunar_calendar.h"

namespace motcua::domain {
namespace {

// First day on which public offices rested on Saturdays too (QĐ 188/1999/QĐ-TTg).
constexpr LocalDate kFiveDayWeekFrom{1999, 10, 2};
constexpr int kCompensationFrom = 1995;  // Labour Code 1994 in force
constexpr int kHungKingsFrom = 2007;     // Luật 84/2007/QH11
constexpr int kFiveDayTetFrom = 2013;    // Labour Code 2012 (applied from Tết Quý Tỵ 2013)
constexpr int kTetSaturdayBeforeFrom = 2014;
constexpr int kNationalDayTwoDaysFrom = 2021;  // Labour Code 2019
constexpr int kCulturalDayFrom = 2026;         // Nghị quyết 28/2026/QH16

struct Statutory {
  CalendarEntry entry;
  bool tet = false;
};

const char* const kTetNames[] = {"Giao thừa Tết Nguyên Đán", "Tết Nguyên Đán",
                                 "Mùng hai Tết Nguyên Đán", "Mùng ba Tết Nguyên Đán",
                                 "Mùng bốn Tết Nguyên Đán"};

std::vector<Statutory> StatutoryOf(int year, const YearDecision* decision) {
  std::vector<Statutory> out;
  auto add = [&](LocalDate d, std::string name, bool tet = false) {
    out.push_back({{d, DayKind::kHoliday, std::move(name)}, tet});
  };
  add({year, 1, 1}, "Tết Dương lịch");
  const LocalDate tet = LunarNewYear(year);
  const int tet_days = year >= kFiveDayTetFrom ? 5 : 4;  // counting the last day of the old year
  for (int i = 0; i < tet_days; ++i) add(tet.AddDays(i - 1), kTetNames[i], true);
  if (year >= kHungKingsFrom) add(*LunarToSolar({10, 3, year, false}), "Ngày Giỗ Tổ Hùng Vương");
  add({year, 4, 30}, "Ngày Chiến thắng");
  add({year, 5, 1}, "Ngày Quốc tế Lao động");
  const LocalDate national{year, 9, 2};
  add(national, "Quốc khánh");
  if (year >= kNationalDayTwoDaysFrom) {
    LocalDate adjacent;
    if (decision && decision->national_day_adjacent) {
      adjacent = *decision->national_day_adjacent;
    } else {
      // Join 2 Sep to the nearest weekend (see the header).
      static constexpr int kOffset[] = {+1, -1, -1, +1, -1, -1, +1};  // Mon..Sun
      adjacent = national.AddDays(kOffset[static_cast<int>(national.weekday())]);
    }
    add(adjacent, "Quốc khánh");
  }
  if (year >= kCulturalDayFrom) add({year, 11, 24}, "Ngày Văn hóa Việt Nam");
  std::stable_sort(out.begin(), out.end(), [](const Statutory& a, const Statutory& b) {
    return a.entry.date < b.entry.date;
  });
  return out;
}

const YearDecision* FindDecision(int year, const std::vector<YearDecision>& decisions) {
  for (const YearDecision& d : decisions) {
    if (d.year == year) return &d;
  }
  return nullptr;
}

std::string DayMonthYear(LocalDate d) {
  return fmt::format("{:02d}/{:02d}/{:04d}", d.day, d.month, d.year);
}

const char* WeekdayNameVi(Weekday w) {
  static const char* const kNames[] = {"thứ Hai", "thứ Ba",  "thứ Tư",  "thứ Năm",
                                       "thứ Sáu", "thứ Bảy", "Chủ nhật"};
  return kNames[static_cast<int>(w)];
}

}  // namespace

std::string_view DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kObserved:
      return "observed";
    case DayKind::kDayOff:
      return "day-off";
    case DayKind::kWorkday:
      return "workday";
  }
  return "holiday";
}

std::optional<DayKind> ParseDayKind(std::string_view name) {
  if (name == "holiday") return DayKind::kHoliday;
  if (name == "observed") return DayKind::kObserved;
  if (name == "day-off" || name == "day_off") return DayKind::kDayOff;
  if (name == "workday") return DayKind::kWorkday;
  return std::nullopt;
}

bool IsWeeklyRestDay(LocalDate date) {
  const Weekday w = date.weekday();
  if (w == Weekday::kSunday) return true;
  return w == Weekday::kSaturday && date >= kFiveDayWeekFrom;
}

std::vector<CalendarEntry> StatutoryHolidays(int year, const YearDecision* decision) {
  std::vector<CalendarEntry> out;
  for (Statutory& s : StatutoryOf(year, decision)) out.push_back(std::move(s.entry));
  return out;
}

std::vector<CalendarEntry> HolidaysOfYear(int year, const std::vector<YearDecision>& decisions) {
  const YearDecision* decision = FindDecision(year, decisions);
  const std::vector<Statutory> statutory = StatutoryOf(year, decision);
  std::map<int32_t, CalendarEntry> days;  // by day number: one entry per date
  std::set<int32_t> off;                  // holidays and compensations so far
  for (const Statutory& s : statutory) {
    days.emplace(s.entry.date.DayNumber(), s.entry);
    off.insert(s.entry.date.DayNumber());
  }
  const bool tet_fixed = decision && decision->tet_days;
  if (tet_fixed) {
    // The decision lists the Tết days off; those that are not statutory Tết days are the
    // compensation the decision granted.
    for (const LocalDate& d : *decision->tet_days) {
      if (days.count(d.DayNumber())) continue;
      days.emplace(d.DayNumber(), CalendarEntry{d, DayKind::kObserved, "Tết Nguyên Đán (nghỉ bù)"});
      off.insert(d.DayNumber());
    }
  }

  if (year >= kCompensationFrom) {
    auto is_free = [&](int32_t n) {
      return !off.count(n) && !IsWeeklyRestDay(LocalDate::FromDayNumber(n));
    };
    for (const Statutory& s : statutory) {
      const LocalDate d = s.entry.date;
      if (!IsWeeklyRestDay(d) || (s.tet && tet_fixed)) continue;
      int32_t n = d.DayNumber();
      const bool before =
          s.tet && year >= kTetSaturdayBeforeFrom && d.weekday() == Weekday::kSaturday;
      do {
        n += before ? -1 : +1;
      } while (!is_free(n));
      off.insert(n);
      days.emplace(n, CalendarEntry{LocalDate::FromDayNumber(n), DayKind::kObserved,
                                    s.entry.name + " (nghỉ bù)"});
    }
  }

  for (const YearDecision& y : decisions) {
    for (const DecisionDay& dd : y.days) {
      if (dd.date.year != year) continue;
      auto it = days.find(dd.date.DayNumber());
      if (it != days.end() && it->second.kind == DayKind::kHoliday) continue;  // holidays win
      CalendarEntry e{dd.date, dd.kind, dd.name};
      if (e.name.empty()) {
        e.name = dd.kind == DayKind::kWorkday
                     ? fmt::format("Ngày làm việc bù ({} {})", WeekdayNameVi(dd.date.weekday()),
                                   DayMonthYear(dd.date))
                     : fmt::format("Ngày nghỉ hoán đổi ({} {})", WeekdayNameVi(dd.date.weekday()),
                                   DayMonthYear(dd.date));
      }
      days.insert_or_assign(dd.date.DayNumber(), std::move(e));
    }
  }

  std::vector<CalendarEntry> out;
  out.reserve(days.size());
  for (auto& [n, e] : days) out.push_back(std::move(e));
  return out;
}

}  // namespace motcua::domain
