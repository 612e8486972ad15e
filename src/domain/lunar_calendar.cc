#include "domain/lunar_calendar.h"

#include <cmath>
#include <numbers>

namespace motcua::domain {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr int32_t kJulianDayOfUnixEpoch = 2440588;  // JDN of 1970-01-01
constexpr double kSynodicMonth = 29.530588853;
constexpr double kNewMoonEpoch = 2415021.076998695;  // JD of the new moon of 1900-01-01

int Floor(double x) { return static_cast<int>(std::floor(x)); }

int JulianDayNumber(LocalDate d) { return d.DayNumber() + kJulianDayOfUnixEpoch; }
LocalDate FromJulianDayNumber(int jdn) {
  return LocalDate::FromDayNumber(jdn - kJulianDayOfUnixEpoch);
}

// Julian date (TT-corrected to UT) of the k-th new moon after 1900-01-01, from the series in
// J. Meeus, "Astronomical Algorithms" (truncated; accurate to a few minutes over 1900–2100).
double NewMoon(int k) {
  const double t = k / 1236.85;  // Julian centuries since 1900-01-01
  const double t2 = t * t, t3 = t2 * t;
  const double dr = kPi / 180;
  double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;     // Sun anomaly
  const double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;  // Moon's
  const double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;  // latitude arg
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  double delta_t;  // TT - UT, in days
  if (t < -11) {
    delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
  } else {
    delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - delta_t;
}

// Local day (JDN) of the k-th new moon: the civil day in the given zone in which it occurs.
int NewMoonDay(int k, int tz) { return Floor(NewMoon(k) + 0.5 + tz / 24.0); }

// Apparent solar longitude in radians [0, 2π) at Julian date `jd` (low-precision series).
double SunLongitude(double jd) {
  const double t = (jd - 2451545.0) / 36525;  // Julian centuries since J2000
  const double t2 = t * t;
  const double dr = kPi / 180;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l -= kPi * 2 * std::floor(l / (kPi * 2));
  return l;
}

// Index 0..11 of the major solar term (trung khí) sector the Sun is in at the start of local
// day `jdn` (each sector is 30°; sector 9 begins at the winter solstice, 270°).
int SunSector(int jdn, int tz) { return Floor(SunLongitude(jdn - 0.5 - tz / 24.0) / kPi * 6); }

// JDN of the first day of lunar month 11 (the month containing the winter solstice) that falls in
// solar year `year`.
int LunarMonth11(int year, int tz) {
  const int off = JulianDayNumber({year, 12, 31}) - 2415021;
  const int k = Floor(off / kSynodicMonth);
  int nm = NewMoonDay(k, tz);
  if (SunSector(nm, tz) >= 9) nm = NewMoonDay(k - 1, tz);  // solstice not yet reached: earlier
  return nm;
}

// In a 13-month year starting at month 11 (JDN a11), the offset (1..12) of the leap month from
// month 11: the first month in which no major solar term begins.
int LeapMonthOffset(int a11, int tz) {
  const int k = Floor((a11 - kNewMoonEpoch) / kSynodicMonth + 0.5);
  int i = 1;
  int arc = SunSector(NewMoonDay(k + i, tz), tz);
  int last;
  do {
    last = arc;
    ++i;
    arc = SunSector(NewMoonDay(k + i, tz), tz);
  } while (arc != last && i < 14);
  return i - 1;
}

bool InRange(int year) { return year >= kLunarMinYear && year <= kLunarMaxYear; }

// JDN of the first day of the lunar month containing JDN `jdn`.
int MonthStartOf(int jdn, int tz) {
  // The mean lunation gives k within one of the true one; true new moons wander up to ~14 h
  // from the mean, so step until NewMoonDay(k) <= jdn < NewMoonDay(k + 1).
  int k = Floor((jdn - kNewMoonEpoch) / kSynodicMonth);
  while (NewMoonDay(k, tz) > jdn) --k;
  while (NewMoonDay(k + 1, tz) <= jdn) ++k;
  return NewMoonDay(k, tz);
}

}  // namespace

std::optional<LunarDate> SolarToLunar(LocalDate date, int tz) {
  if (!InRange(date.year)) return std::nullopt;
  const int jdn = JulianDayNumber(date);
  const int month_start = MonthStartOf(jdn, tz);
  int a11 = LunarMonth11(date.year, tz);
  int b11 = a11;
  int lunar_year;
  if (a11 >= month_start) {
    lunar_year = date.year;
    a11 = LunarMonth11(date.year - 1, tz);
  } else {
    lunar_year = date.year + 1;
    b11 = LunarMonth11(date.year + 1, tz);
  }
  LunarDate out;
  out.day = jdn - month_start + 1;
  const int diff = Floor((month_start - a11) / 29.0);  // months since month 11
  out.month = diff + 11;
  if (b11 - a11 > 365) {  // 13 lunar months between the two months 11: one is leap
    const int leap_diff = LeapMonthOffset(a11, tz);
    if (diff >= leap_diff) {
      out.month = diff + 10;
      out.leap = diff == leap_diff;
    }
  }
  if (out.month > 12) out.month -= 12;
  if (out.month >= 11 && diff < 4) lunar_year -= 1;
  out.year = lunar_year;
  return out;
}

std::optional<LocalDate> LunarToSolar(LunarDate lunar, int tz) {
  if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) return std::nullopt;
  // Lunar year kLunarMinYear - 1 ends inside the range (its last months fall in early 1900).
  if (lunar.year < kLunarMinYear - 1 || lunar.year > kLunarMaxYear) return std::nullopt;
  int a11, b11;
  if (lunar.month < 11) {
    a11 = LunarMonth11(lunar.year - 1, tz);
    b11 = LunarMonth11(lunar.year, tz);
  } else {
    a11 = LunarMonth11(lunar.year, tz);
    b11 = LunarMonth11(lunar.year + 1, tz);
  }
  const int k = Floor(0.5 + (a11 - kNewMoonEpoch) / kSynodicMonth);
  int off = lunar.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int leap_off = LeapMonthOffset(a11, tz);
    int leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (lunar.leap && lunar.month != leap_month) return std::nullopt;
    if (lunar.leap || off >= leap_off) off += 1;
  } else if (lunar.leap) {
    return std::nullopt;
  }
  const int month_start = NewMoonDay(k + off, tz);
  const int next_start = NewMoonDay(k + off + 1, tz);
  if (lunar.day > next_start - month_start) return std::nullopt;
  return FromJulianDayNumber(month_start + lunar.day - 1);
}

LocalDate LunarNewYear(int year, int tz) { return *LunarToSolar({1, 1, year, false}, tz); }

int LunarMonthLength(LocalDate date, int tz) {
  const int jdn = JulianDayNumber(date);
  const int start = MonthStartOf(jdn, tz);
  const int k = Floor((start - kNewMoonEpoch) / kSynodicMonth + 0.5);
  // k may be off by one from the index of `start`; find the next new moon day after `start`.
  for (int i = k - 1; i <= k + 2; ++i) {
    const int d = NewMoonDay(i, tz);
    if (d > start) return d - start;
  }
  return 30;  // unreachable for dates in range
}

}  // namespace motcua::domain
