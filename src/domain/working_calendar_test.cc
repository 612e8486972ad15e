#include "domain/working_calendar.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "domain/calendar_decisions.h"

namespace motcua::domain {
namespace {

// "YYYY-MM-DD HH:MM" local -> Unix seconds.
int64_t At(const std::string& s) {
  auto d = LocalDate::Parse(s.substr(0, 10));
  EXPECT_TRUE(d.has_value()) << s;
  return StartOfLocalDay(*d) + std::stoi(s.substr(11, 2)) * 3600 + std::stoi(s.substr(14, 2)) * 60;
}

std::string Local(std::optional<int64_t> t) {
  if (!t) return "none";
  const LocalDate d = LocalDateOf(*t);
  const int64_t sod = *t - StartOfLocalDay(d);
  return fmt::format("{} {:02d}:{:02d}", d.ToString(), sod / 3600, sod % 3600 / 60);
}

std::vector<YearDecision> Shipped() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/calendar/vn-decisions.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return *ParseCalendarDecisions(ss.str());
}

const WorkingCalendar& Calendar() {
  static const WorkingCalendar* c =
      new WorkingCalendar(*WorkingCalendar::Build(OfficeHours::Default(), Shipped()));
  return *c;
}

constexpr int64_t kHour = 3600;

// Reference implementation: walk day by day, session by session.
std::optional<int64_t> NaiveAdd(const WorkingCalendar& c, int64_t start, int64_t seconds) {
  LocalDate day = LocalDateOf(start);
  int64_t t = start;
  for (int guard = 0; guard < 400000; ++guard) {
    if (day.year > c.last_year()) return std::nullopt;
    if (c.IsWorkingDay(day)) {
      const int64_t midnight = StartOfLocalDay(day);
      for (const OfficeSession& s : c.office_hours().sessions) {
        const int64_t open = midnight + s.open_minute * 60, close = midnight + s.close_minute * 60;
        if (close <= t) continue;
        const int64_t from = std::max(open, t);
        if (seconds == 0) return from;
        if (close - from >= seconds) return from + seconds;
        seconds -= close - from;
      }
    }
    day = day.AddDays(1);
    t = StartOfLocalDay(day);
  }
  return std::nullopt;
}

TEST(OfficeHours, ParseAndFormat) {
  auto h = ParseOfficeHours("07:30-11:30,13:00-17:00");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, OfficeHours::Default());
  EXPECT_EQ(h->DaySeconds(), 8 * kHour);
  EXPECT_EQ(h->ToString(), "07:30-11:30,13:00-17:00");
  for (const char* bad : {"", "7:30-11:30", "07:30-07:30", "13:00-17:00,07:30-11:30",
                          "07:30-11:30,11:00-17:00", "07:30-24:01", "07:30-11:30;13:00-17:00"}) {
    auto r = ParseOfficeHours(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().reason(), "invalid_office_hours");
  }
}

TEST(WorkingCalendar, WorkingDays) {
  const WorkingCalendar& c = Calendar();
  EXPECT_TRUE(c.IsWorkingDay({2024, 6, 3}));
  EXPECT_FALSE(c.IsWorkingDay({2024, 6, 1}));   // Saturday
  EXPECT_FALSE(c.IsWorkingDay({2024, 4, 29}));  // swapped day off
  EXPECT_TRUE(c.IsWorkingDay({2024, 5, 4}));    // Saturday worked instead
  EXPECT_FALSE(c.IsWorkingDay({2024, 2, 14}));  // Tết nghỉ bù
  EXPECT_TRUE(c.IsWorkingDay({1998, 3, 7}));    // Saturday before the 40-hour week
  EXPECT_FALSE(c.IsWorkingDay({1985, 1, 1}));   // outside 1990–2060
}

TEST(WorkingCalendar, DueInstants) {
  const WorkingCalendar& c = Calendar();
  struct Case {
    const char* from;
    double hours;
    const char* due;
  };
  const Case cases[] = {
      {"2024-06-03 08:00", 8, "2024-06-04 08:00"},    // inside office hours
      {"2024-06-03 06:00", 8, "2024-06-03 17:00"},    // before opening: ends exactly at closing
      {"2024-06-03 17:00", 8, "2024-06-04 17:00"},    // at closing: counts from next opening
      {"2024-06-03 11:00", 0.5, "2024-06-03 11:30"},  // stays at the closing of the morning
      {"2024-06-03 11:00", 1, "2024-06-03 13:30"},
      {"2024-06-03 12:15", 1, "2024-06-03 14:00"},  // lunch break: counts from 13:00
      {"2024-06-01 09:00", 8, "2024-06-03 17:00"},  // Saturday: from Monday's opening
      {"2024-06-07 16:00", 1, "2024-06-07 17:00"},
      {"2024-06-03 08:00", 40, "2024-06-10 08:00"},  // 5 working days
      {"2024-04-26 08:00", 8, "2024-05-02 08:00"},   // 29/4 swapped, 30/4 and 1/5 holidays
      {"2024-05-03 17:00", 1, "2024-05-04 08:30"},   // Saturday 4/5/2024 is worked
      {"2025-01-24 16:00", 8, "2025-02-03 16:00"},   // across Tết Ất Tỵ
      {"2024-06-03 08:00", 0, "2024-06-03 08:00"},
      {"2024-06-03 05:00", 0, "2024-06-03 07:30"},
  };
  for (const Case& k : cases) {
    EXPECT_EQ(Local(c.AddWorkingHours(At(k.from), k.hours)), k.due) << k.from << " + " << k.hours;
  }
  EXPECT_EQ(Local(c.AddWorkingDays(At("2024-06-03 08:00"), 3)), "2024-06-06 08:00");
  EXPECT_EQ(c.AddWorkingDays(At("2060-12-30 08:00"), 10), std::nullopt);
  EXPECT_EQ(c.AddWorkingDays(At("1980-01-01 08:00"), 1), std::nullopt);
}

TEST(WorkingCalendar, SameDay) {
  const WorkingCalendar& c = Calendar();
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-03 10:00"))), "2024-06-03 17:00");
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-03 17:30"))), "2024-06-04 17:00");
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-08 10:00"))), "2024-06-10 17:00");
}

TEST(WorkingCalendar, SameDayCutOff) {
  const WorkingCalendar& c = Calendar();
  const int cutoff = 15 * 60;
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-03 14:59"), cutoff)), "2024-06-03 17:00");
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-03 15:00"), cutoff)), "2024-06-04 17:00");
  // Friday afternoon → Monday; received on Saturday → counted from Monday morning.
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-07 16:00"), cutoff)), "2024-06-10 17:00");
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-08 10:00"), cutoff)), "2024-06-10 17:00");
  // Without a cut-off the close of the same day.
  EXPECT_EQ(Local(c.SameDayDue(At("2024-06-03 16:00"))), "2024-06-03 17:00");
}

TEST(WorkingCalendar, CalendarDaysEndOnAWorkingDay) {
  const WorkingCalendar& c = Calendar();
  // Monday + 4 days = Friday; + 5 = Saturday, so Monday.
  EXPECT_EQ(Local(c.AddCalendarDays(At("2024-06-03 10:00"), 4)), "2024-06-07 17:00");
  EXPECT_EQ(Local(c.AddCalendarDays(At("2024-06-03 10:00"), 5)), "2024-06-10 17:00");
  // Every day counts, weekends included: 10 days from Monday 3 June is Thursday 13 June.
  EXPECT_EQ(Local(c.AddCalendarDays(At("2024-06-03 10:00"), 10)), "2024-06-13 17:00");
  // Friday 26 April 2024 + 3 = Monday 29 April, a swapped day off before 30/4 and 1/5.
  EXPECT_EQ(Local(c.AddCalendarDays(At("2024-04-26 09:00"), 3)), "2024-05-02 17:00");
  // Received on Saturday: counting starts Monday, so one day is Tuesday.
  EXPECT_EQ(Local(c.AddCalendarDays(At("2024-06-08 10:00"), 1)), "2024-06-11 17:00");
  EXPECT_EQ(c.AddCalendarDays(At("2060-12-30 08:00"), 10), std::nullopt);
}

TEST(WorkingCalendar, Months) {
  const WorkingCalendar& c = Calendar();
  EXPECT_EQ(Local(c.AddMonths(At("2024-01-31 10:00"), 1)), "2024-02-29 17:00");  // leap year
  EXPECT_EQ(Local(c.AddMonths(At("2023-01-31 10:00"), 1)), "2023-02-28 17:00");
  // 30 June 2024 is a Sunday.
  EXPECT_EQ(Local(c.AddMonths(At("2024-05-30 10:00"), 1)), "2024-07-01 17:00");
  EXPECT_EQ(Local(c.AddMonths(At("2024-11-15 10:00"), 2)), "2025-01-15 17:00");
}

TEST(WorkingCalendar, ElapsedPausesExtension) {
  const WorkingCalendar& c = Calendar();
  EXPECT_EQ(c.OfficeTimeBetween(At("2024-06-03 08:00"), At("2024-06-04 08:00")), 8 * kHour);
  EXPECT_EQ(c.OfficeTimeBetween(At("2024-06-03 11:00"), At("2024-06-03 13:30")), kHour);
  EXPECT_EQ(c.OfficeTimeBetween(At("2024-06-07 17:00"), At("2024-06-10 07:30")), 0);
  EXPECT_EQ(c.OfficeTimeBetween(At("2024-06-04 08:00"), At("2024-06-03 08:00")), 0);

  // 2 working days from Monday 08:00, clock stopped Monday 12:00 → Wednesday 13:00:
  // 3.5 h used on Monday, 4 h on Wednesday afternoon, 8 h Thursday, 0.5 h on Friday.
  const std::vector<ClockPause> pause{{At("2024-06-03 12:00"), At("2024-06-05 13:00")}};
  EXPECT_EQ(Local(c.DueWithPauses(At("2024-06-03 08:00"), 16 * kHour, pause)), "2024-06-07 08:00");
  // A pause after the due instant changes nothing; an extension adds office time.
  EXPECT_EQ(Local(c.DueWithPauses(At("2024-06-03 08:00"), 8 * kHour,
                                  {{At("2024-06-04 09:00"), At("2024-06-05 09:00")}})),
            "2024-06-04 08:00");
  EXPECT_EQ(Local(c.DueWithPauses(At("2024-06-03 08:00"), 8 * kHour, {}, 8 * kHour)),
            "2024-06-05 08:00");
  // A pause covering the start: counting starts when it ends.
  EXPECT_EQ(Local(c.DueWithPauses(At("2024-06-03 08:00"), kHour,
                                  {{At("2024-06-03 07:00"), At("2024-06-03 15:00")}})),
            "2024-06-03 16:00");
}

TEST(WorkingCalendar, OverridesAndAgencyHours) {
  auto c = WorkingCalendar::Build(*ParseOfficeHours("08:00-12:00,13:30-17:30"), Shipped(),
                                  {{{2024, 6, 5}, DayKind::kDayOff, "Nghỉ đột xuất"},
                                   {{2024, 6, 8}, DayKind::kWorkday, "Làm việc thứ Bảy"}},
                                  2020, 2030);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->IsWorkingDay({2024, 6, 5}));
  EXPECT_TRUE(c->IsWorkingDay({2024, 6, 8}));
  EXPECT_EQ(Local(c->AddWorkingDays(At("2024-06-04 09:00"), 1)), "2024-06-06 09:00");
  EXPECT_EQ(Local(c->AddWorkingHours(At("2024-06-07 17:00"), 1)), "2024-06-08 08:30");
  auto days = c->DaysOfYear(2024);
  bool found = false;
  for (const auto& e : days) found |= e.date == LocalDate{2024, 6, 5} && e.kind == DayKind::kDayOff;
  EXPECT_TRUE(found);
  EXPECT_FALSE(WorkingCalendar::Build(OfficeHours{}, {}).ok());
  EXPECT_FALSE(WorkingCalendar::Build(OfficeHours::Default(), {}, {}, 2030, 2020).ok());
}

// Property tests over random instants of 1995–2050 and 0–60 working days.
TEST(WorkingCalendar, Properties) {
  const WorkingCalendar& c = Calendar();
  std::mt19937_64 rng(20240429);
  const int64_t lo = At("1995-01-01 00:00"), hi = At("2050-12-31 23:59");
  std::uniform_int_distribution<int64_t> instant(lo, hi);
  std::uniform_int_distribution<int> days(0, 60);
  for (int i = 0; i < 20000; ++i) {
    const int64_t t = instant(rng);
    const int n = days(rng);
    const auto due = c.AddWorkingDays(t, n);
    ASSERT_TRUE(due.has_value());
    // Elapsed office time from start to due is exactly N days.
    ASSERT_EQ(c.OfficeTimeBetween(t, *due), n * c.OfficeDaySeconds()) << Local(t) << " + " << n;
    // The due instant is inside office time, or exactly at a closing time.
    if (n > 0 && !c.IsOfficeTime(*due)) {
      ASSERT_TRUE(c.IsOfficeTime(*due - 1)) << Local(due);
    }
    // Same answer as the day-by-day walk.
    ASSERT_EQ(due, NaiveAdd(c, t, n * c.OfficeDaySeconds())) << Local(t) << " + " << n;
    // Monotonic in the start instant.
    const int64_t later = t + std::uniform_int_distribution<int64_t>(0, 3 * 86400)(rng);
    ASSERT_LE(*due, *c.AddWorkingDays(later, n));
    // Working hours too, at second resolution.
    const int64_t secs = std::uniform_int_distribution<int64_t>(1, 100 * 3600)(rng);
    ASSERT_EQ(c.AddOfficeTime(t, secs), NaiveAdd(c, t, secs));
  }
}

}  // namespace
}  // namespace motcua::domain
