// LocalDate (ngày theo giờ Việt Nam): a calendar date in the proleptic Gregorian calendar, with
// conversions to and from a day number and the Unix-seconds instants of Asia/Ho_Chi_Minh.
// Vietnam has kept UTC+7 with no daylight saving since 1975, so local time is a fixed offset.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

// Seconds east of UTC for Asia/Ho_Chi_Minh (valid from 1975; earlier dates are outside our scope).
inline constexpr int64_t kVietnamUtcOffsetSeconds = 7 * 3600;
inline constexpr int64_t kSecondsPerDay = 86400;

// Weekday numbering follows the Vietnamese convention of naming only Monday..Saturday by number
// (thứ Hai..thứ Bảy); we use ISO order with Monday = 0 so that "Saturday or Sunday" is >= 5.
enum class Weekday { kMonday = 0, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Day number: days since 1970-01-01 (negative before). Exact for any year of int range.
  int32_t DayNumber() const;
  static LocalDate FromDayNumber(int32_t day_number);
  Weekday weekday() const;
  bool IsWeekendDay() const {  // Saturday or Sunday
    Weekday w = weekday();
    return w == Weekday::kSaturday || w == Weekday::kSunday;
  }
  LocalDate AddDays(int32_t n) const { return FromDayNumber(DayNumber() + n); }

  // "YYYY-MM-DD"; nullopt unless the text is exactly that shape and a real date.
  static std::optional<LocalDate> Parse(std::string_view text);
  std::string ToString() const;  // YYYY-MM-DD

  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
  friend bool operator==(const LocalDate&, const LocalDate&) = default;
};

bool IsValidDate(int year, int month, int day);
int DaysInMonth(int year, int month);

// The local date (UTC+7) on which the Unix instant falls.
LocalDate LocalDateOf(int64_t unix_seconds);
// Unix seconds of local midnight starting `date`.
int64_t StartOfLocalDay(LocalDate date);

// "YYYY-MM-DD HH:MM" (or with 'T' instead of the space), Vietnam time -> Unix seconds.
std::optional<int64_t> ParseLocalDateTime(std::string_view text);
// Unix seconds -> "YYYY-MM-DD HH:MM" in Vietnam time (seconds are dropped).
std::string FormatLocalDateTime(int64_t unix_seconds);

}  // namespace motcua::domain
