#include "domain/lunar_calendar.h"

#include <gtest/gtest.h>

namespace motcua::domain {

void PrintTo(const LocalDate& d, std::ostream* os) { *os << d.ToString(); }
void PrintTo(const LunarDate& d, std::ostream* os) {
  *os << d.day << '/' << d.month << '/' << d.year << (d.leap ? " (nhuận)" : "");
}

namespace {

LocalDate D(int y, int m, int d) { return LocalDate{y, m, d}; }

TEST(LunarCalendar, TetOfRecentYears) {
  // Published Vietnamese Tết dates (mùng 1 tháng Giêng).
  const LocalDate tet[] = {D(1997, 2, 7),  D(2008, 2, 7),  D(2009, 1, 26), D(2010, 2, 14),
                           D(2011, 2, 3),  D(2012, 1, 23), D(2013, 2, 10), D(2014, 1, 31),
                           D(2015, 2, 19), D(2016, 2, 8),  D(2017, 1, 28), D(2018, 2, 16),
                           D(2019, 2, 5),  D(2020, 1, 25), D(2021, 2, 12), D(2022, 2, 1),
                           D(2023, 1, 22), D(2024, 2, 10), D(2025, 1, 29), D(2026, 2, 17)};
  for (const LocalDate& d : tet) {
    EXPECT_EQ(LunarNewYear(d.year), d) << d.ToString();
    EXPECT_EQ(SolarToLunar(d), (LunarDate{1, 1, d.year, false})) << d.ToString();
  }
}

// Years in which Vietnam's Tết (UTC+7) is not China's (UTC+8).
TEST(LunarCalendar, TetDiffersFromChina) {
  struct Case {
    int year;
    LocalDate vietnam, china;
  };
  const Case cases[] = {
      {1968, D(1968, 1, 29), D(1968, 1, 30)},  // Tết Mậu Thân
      {1985, D(1985, 1, 21), D(1985, 2, 20)},  // a whole month apart (month 11 placed differently)
      {2007, D(2007, 2, 17), D(2007, 2, 18)},
      {2030, D(2030, 2, 2), D(2030, 2, 3)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LunarNewYear(c.year), c.vietnam) << c.year;
    EXPECT_EQ(LunarNewYear(c.year, 8), c.china) << c.year;
  }
}

TEST(LunarCalendar, HungKingsDay) {
  const LocalDate days[] = {D(2020, 4, 2),  D(2021, 4, 21), D(2022, 4, 10), D(2023, 4, 29),
                            D(2024, 4, 18), D(2025, 4, 7),  D(2026, 4, 26)};
  for (const LocalDate& d : days) {
    EXPECT_EQ(LunarToSolar({10, 3, d.year, false}), d) << d.ToString();
  }
}

TEST(LunarCalendar, LeapMonths) {
  EXPECT_EQ(SolarToLunar(D(2020, 5, 23)), (LunarDate{1, 4, 2020, true}));
  EXPECT_EQ(SolarToLunar(D(2020, 5, 22)), (LunarDate{30, 4, 2020, false}));
  EXPECT_EQ(SolarToLunar(D(2023, 3, 22)), (LunarDate{1, 2, 2023, true}));
  EXPECT_EQ(SolarToLunar(D(2025, 7, 25)), (LunarDate{1, 6, 2025, true}));
  EXPECT_EQ(LunarToSolar({1, 6, 2025, true}), D(2025, 7, 25));
  EXPECT_EQ(LunarToSolar({1, 5, 2025, true}), std::nullopt);  // 2025 has no leap 5th month
  EXPECT_EQ(LunarToSolar({1, 1, 2024, true}), std::nullopt);  // 2024 has no leap month at all
}

TEST(LunarCalendar, LastDayOfYearBelongsToPreviousLunarYear) {
  EXPECT_EQ(SolarToLunar(D(2025, 1, 28)), (LunarDate{29, 12, 2024, false}));
  EXPECT_EQ(SolarToLunar(D(2024, 2, 9)), (LunarDate{30, 12, 2023, false}));
  EXPECT_EQ(LunarMonthLength(D(2025, 1, 28)), 29);
  EXPECT_EQ(LunarMonthLength(D(2024, 2, 9)), 30);
}

TEST(LunarCalendar, OutOfRange) {
  EXPECT_EQ(SolarToLunar(D(1899, 12, 31)), std::nullopt);
  EXPECT_EQ(SolarToLunar(D(2101, 1, 1)), std::nullopt);
  EXPECT_TRUE(SolarToLunar(D(1900, 1, 1)).has_value());
  EXPECT_TRUE(SolarToLunar(D(2100, 12, 31)).has_value());
  EXPECT_EQ(LunarToSolar({31, 1, 2000, false}), std::nullopt);
}

// Every day of 1900–2100: the lunar date advances by one day or starts a new month at day 1, month
// lengths are 29 or 30, and converting back gives the same solar date.
TEST(LunarCalendar, RoundTripsEveryDay) {
  const int32_t first = D(1900, 1, 1).DayNumber();
  const int32_t last = D(2100, 12, 31).DayNumber();
  LunarDate prev = *SolarToLunar(LocalDate::FromDayNumber(first));
  int leap_months = 0;
  for (int32_t n = first + 1; n <= last; ++n) {
    const LocalDate solar = LocalDate::FromDayNumber(n);
    const auto lunar = SolarToLunar(solar);
    ASSERT_TRUE(lunar.has_value()) << solar.ToString();
    if (lunar->day == 1) {
      ASSERT_TRUE(prev.day == 29 || prev.day == 30) << solar.ToString();
      if (lunar->leap) {
        ++leap_months;
        ASSERT_EQ(lunar->month, prev.month) << solar.ToString();
      } else {
        ASSERT_EQ(lunar->month, prev.month % 12 + 1) << solar.ToString();
      }
    } else {
      ASSERT_EQ(lunar->day, prev.day + 1) << solar.ToString();
      ASSERT_EQ(lunar->month, prev.month);
      ASSERT_EQ(lunar->leap, prev.leap);
    }
    ASSERT_EQ(LunarToSolar(*lunar), solar) << solar.ToString();
    prev = *lunar;
  }
  // About 7 leap months every 19 years.
  EXPECT_GT(leap_months, 70);
  EXPECT_LT(leap_months, 78);
}

}  // namespace
}  // namespace motcua::domain
