#include "domain/local_date.h"

#include <fmt/format.h>

namespace motcua::domain {
namespace {

// Floor division, because C++ division truncates toward zero and day numbers go negative.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

bool IsValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil: eras of 400 years make the arithmetic exact and branch-free.
int32_t LocalDate::DayNumber() const {
  const int y = year - (month <= 2);
  const int era = static_cast<int>(FloorDiv(y, 400));
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

LocalDate LocalDate::FromDayNumber(int32_t day_number) {
  const int z = day_number + 719468;
  const int era = static_cast<int>(FloorDiv(z, 146097));
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2);
  return LocalDate{y, m, d};
}

Weekday LocalDate::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<Weekday>(static_cast<int>(((DayNumber() + 3) % 7 + 7) % 7));
}

std::optional<LocalDate> LocalDate::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> int {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0 || !IsValidDate(y, m, d)) return std::nullopt;
  return LocalDate{y, m, d};
}

std::string LocalDate::ToString() const {
  return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

LocalDate LocalDateOf(int64_t unix_seconds) {
  return LocalDate::FromDayNumber(
      static_cast<int32_t>(FloorDiv(unix_seconds + kVietnamUtcOffsetSeconds, kSecondsPerDay)));
}

int64_t StartOfLocalDay(LocalDate date) {
  return static_cast<int64_t>(date.DayNumber()) * kSecondsPerDay - kVietnamUtcOffsetSeconds;
}

std::optional<int64_t> ParseLocalDateTime(std::string_view s) {
  if (s.size() != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':') return std::nullopt;
  auto date = LocalDate::Parse(s.substr(0, 10));
  if (!date) return std::nullopt;
  for (int i : {11, 12, 14, 15}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return StartOfLocalDay(*date) + h * 3600 + m * 60;
}

std::string FormatLocalDateTime(int64_t t) {
  const LocalDate d = LocalDateOf(t);
  const int64_t sod = t - StartOfLocalDay(d);
  return fmt::format("{} {:02d}:{:02d}", d.ToString(), sod / 3600, sod % 3600 / 60);
}

}  // namespace motcua::domain
