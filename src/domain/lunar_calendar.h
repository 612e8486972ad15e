// Vietnamese lunar calendar (âm lịch Việt Nam): the lunisolar calendar computed for the meridian
// of UTC+7. It is not the Chinese calendar (computed for UTC+8): a new moon shortly before local
// midnight falls on different days in the two zones, so Tết and the Hùng Kings' day sometimes
// differ (e.g. Tết 1985: 21 Jan in Vietnam, 20 Feb in China).
//
// Rules (as in Hồ Ngọc Đức's published algorithm, implemented here from the astronomy): a month
// starts on the local day of a new moon; the month containing the winter solstice is month 11;
// in a year with 13 months between two months 11, the first month with no major solar term
// (trung khí) is the leap month and repeats the number of the month before it.
#pragma once

#include <compare>
#include <optional>

#include "domain/local_date.h"

namespace motcua::domain {

// Supported range of solar years for the conversions (the astronomical series are fitted to it).
inline constexpr int kLunarMinYear = 1900;
inline constexpr int kLunarMaxYear = 2100;

struct LunarDate {
  int day = 1;        // 1..30
  int month = 1;      // 1..12 (tháng Giêng = 1, tháng Chạp = 12)
  int year = 1900;    // the solar year in which the lunar year's month 1 begins
  bool leap = false;  // tháng nhuận

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

// The lunar date of a solar date. nullopt outside kLunarMinYear..kLunarMaxYear.
// `utc_offset_hours` exists so tests can reproduce the Chinese calendar (8); the product uses 7.
std::optional<LunarDate> SolarToLunar(LocalDate date, int utc_offset_hours = 7);

// The solar date of a lunar date; nullopt if it does not exist (e.g. leap=true in a month that is
// not leap that year, or day 30 of a 29-day month) or is out of range.
std::optional<LocalDate> LunarToSolar(LunarDate lunar, int utc_offset_hours = 7);

// Mùng 1 Tết (first day of month 1) of lunar year `year`; requires kLunarMinYear <= year <=
// kLunarMaxYear.
LocalDate LunarNewYear(int year, int utc_offset_hours = 7);

// Number of days (29 or 30) of the lunar month containing `date`.
int LunarMonthLength(LocalDate date, int utc_offset_hours = 7);

}  // namespace motcua::domain
