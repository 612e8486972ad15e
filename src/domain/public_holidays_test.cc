#include "domain/public_holidays.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "domain/calendar_decisions.h"

namespace motcua::domain {
namespace {

std::vector<YearDecision> ShippedDecisions() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/calendar/vn-decisions.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = ParseCalendarDecisions(ss.str());
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : std::vector<YearDecision>{};
}

std::map<std::string, CalendarEntry> Year(int year, const std::vector<YearDecision>& d = {}) {
  std::map<std::string, CalendarEntry> out;
  for (const CalendarEntry& e : HolidaysOfYear(year, d)) out[e.date.ToString()] = e;
  return out;
}

bool IsOff(const std::string& date, const std::vector<YearDecision>& d = {}) {
  auto y = Year(std::stoi(date.substr(0, 4)), d);
  auto it = y.find(date);
  return it != y.end() && IsDayOffKind(it->second.kind);
}

DayKind KindOf(const std::string& date, const std::vector<YearDecision>& d = {}) {
  auto y = Year(std::stoi(date.substr(0, 4)), d);
  auto it = y.find(date);
  EXPECT_NE(it, y.end()) << date;
  return it == y.end() ? DayKind::kHoliday : it->second.kind;
}

TEST(PublicHolidays, FixedHolidaysEveryYear) {
  for (int year = 1995; year <= 2050; ++year) {
    auto y = Year(year);
    EXPECT_EQ(y[fmt::format("{}-01-01", year)].name, "Tết Dương lịch") << year;
    EXPECT_EQ(y[fmt::format("{}-04-30", year)].name, "Ngày Chiến thắng") << year;
    EXPECT_EQ(y[fmt::format("{}-05-01", year)].name, "Ngày Quốc tế Lao động") << year;
    EXPECT_EQ(y[fmt::format("{}-09-02", year)].name, "Quốc khánh") << year;
    int national = 0, hung = 0, tet = 0;
    for (auto& [d, e] : y) {
      if (e.kind != DayKind::kHoliday) continue;
      national += e.name == "Quốc khánh";
      hung += e.name == "Ngày Giỗ Tổ Hùng Vương";
      tet += e.name.find("Tết Nguyên Đán") != std::string::npos;
    }
    EXPECT_EQ(national, year >= 2021 ? 2 : 1) << year;
    EXPECT_EQ(hung, year >= 2007 ? 1 : 0) << year;
    EXPECT_EQ(tet, year >= 2013 ? 5 : 4) << year;
  }
}

TEST(PublicHolidays, TetDays) {
  auto y = Year(2024);
  EXPECT_EQ(y["2024-02-09"].name, "Giao thừa Tết Nguyên Đán");
  EXPECT_EQ(y["2024-02-10"].name, "Tết Nguyên Đán");
  EXPECT_EQ(y["2024-02-13"].name, "Mùng bốn Tết Nguyên Đán");
  auto old = Year(2012);
  EXPECT_EQ(old["2012-01-22"].name, "Giao thừa Tết Nguyên Đán");
  EXPECT_EQ(old["2012-01-25"].name, "Mùng ba Tết Nguyên Đán");
  EXPECT_EQ(old.count("2012-01-26"), 1u);  // nghỉ bù of the Sunday eve, not a 4th day of Tết
  EXPECT_EQ(old["2012-01-26"].kind, DayKind::kObserved);
}

// Compensatory days off (nghỉ bù) of the published calendars 2007–2030.
TEST(PublicHolidays, ObservedDays) {
  for (const char* d :
       {"2011-01-03", "2012-01-02", "2017-01-02", "2022-01-03", "2023-01-02",  // 1 Jan
        "2012-01-26", "2013-02-14", "2013-02-15", "2014-01-29", "2014-02-04", "2015-02-17",
        "2015-02-23", "2016-02-12", "2017-01-26", "2017-02-01", "2018-02-14", "2018-02-20",
        "2020-01-23", "2020-01-29", "2021-02-10", "2021-02-16", "2023-01-20", "2023-01-26",
        "2024-02-08", "2024-02-14", "2025-01-27",                              // Tết
        "2016-04-18", "2019-04-15", "2022-04-11", "2023-05-02", "2026-04-27",  // Hùng Kings
        "2011-05-02", "2016-05-02", "2017-05-02", "2022-05-02", "2023-05-03",  // 30 Apr
        "2010-05-03", "2011-05-03", "2016-05-03", "2021-05-03", "2022-05-03",  // 1 May
        "2007-09-03", "2012-09-03", "2017-09-04", "2018-09-03", "2023-09-04",  // 2 Sep
        "2029-11-26", "2030-11-25"}) {                                         // 24 Nov
    EXPECT_EQ(KindOf(d), DayKind::kObserved) << d;
  }
}

TEST(PublicHolidays, NationalDayAdjacent) {
  for (const char* d : {"2021-09-03", "2022-09-01", "2023-09-01", "2024-09-03", "2025-09-01",
                        "2026-09-01", "2029-09-03"}) {
    EXPECT_EQ(KindOf(d), DayKind::kHoliday) << d;
    EXPECT_EQ(Year(std::stoi(std::string(d).substr(0, 4)))[d].name, "Quốc khánh");
  }
  EXPECT_FALSE(IsOff("2020-09-01"));
  EXPECT_FALSE(IsOff("2020-09-03"));
  // 2 Sep 2029 is a Sunday: 3 Sep is the adjacent day, so the nghỉ bù is 4 Sep.
  EXPECT_EQ(KindOf("2029-09-04"), DayKind::kObserved);
}

TEST(PublicHolidays, SixDayWeekBeforeOctober1999) {
  // Saturday was a working day: no nghỉ bù for a Saturday holiday.
  EXPECT_FALSE(IsWeeklyRestDay({1999, 10, 1}));
  EXPECT_FALSE(IsWeeklyRestDay({1995, 9, 2}));
  EXPECT_TRUE(IsWeeklyRestDay({1999, 10, 2}));
  EXPECT_FALSE(IsOff("1995-09-04"));  // 2 Sep 1995 was a Saturday
  EXPECT_FALSE(IsOff("1999-05-03"));  // 1 May 1999 was a Saturday
  // Sunday holidays were compensated on the next working day, which could be a Saturday.
  EXPECT_EQ(KindOf("1995-01-02"), DayKind::kObserved);  // 1 Jan 1995, Sunday
  EXPECT_EQ(KindOf("1995-05-02"), DayKind::kObserved);  // 30 Apr Sunday; 1 May is a holiday
  EXPECT_EQ(KindOf("1997-02-10"), DayKind::kObserved);  // Tết 1997: mùng 3 on Sunday 9 Feb
  EXPECT_FALSE(IsOff("1997-02-11"));                    // mùng 2 on Saturday: not compensated
  // From the 40-hour week on, Saturdays count.
  EXPECT_EQ(KindOf("2000-01-03"), DayKind::kObserved);  // 1 Jan 2000, Saturday
  // No nghỉ bù before the Labour Code 1994 came into force.
  EXPECT_FALSE(IsOff("1989-01-02"));
}

TEST(PublicHolidays, ShippedDecisions) {
  const auto d = ShippedDecisions();
  for (const char* off : {"2010-02-19", "2012-01-27", "2013-04-29", "2014-05-02", "2014-09-01",
                          "2015-01-02", "2015-02-16", "2015-04-29", "2018-12-31", "2019-04-29",
                          "2024-04-29", "2025-05-02", "2026-08-31"}) {
    EXPECT_EQ(KindOf(off, d), DayKind::kDayOff) << off;
  }
  for (const char* work : {"2010-02-27", "2012-02-04", "2013-05-04", "2014-04-26", "2014-09-06",
                           "2014-12-27", "2015-02-14", "2015-04-25", "2019-01-05", "2019-05-04",
                           "2024-05-04", "2025-04-26", "2026-08-22"}) {
    EXPECT_EQ(KindOf(work, d), DayKind::kWorkday) << work;
  }
}

std::string Listing(int year, const std::vector<YearDecision>& d) {
  std::string out;
  for (const CalendarEntry& e : HolidaysOfYear(year, d)) {
    out += fmt::format("{} {} {}\n", e.date.ToString(), DayKindName(e.kind), e.name);
  }
  return out;
}

TEST(PublicHolidays, Year2025Exactly) {
  EXPECT_EQ(Listing(2025, ShippedDecisions()),
            "2025-01-01 holiday Tết Dương lịch\n"
            "2025-01-27 observed Mùng bốn Tết Nguyên Đán (nghỉ bù)\n"
            "2025-01-28 holiday Giao thừa Tết Nguyên Đán\n"
            "2025-01-29 holiday Tết Nguyên Đán\n"
            "2025-01-30 holiday Mùng hai Tết Nguyên Đán\n"
            "2025-01-31 holiday Mùng ba Tết Nguyên Đán\n"
            "2025-02-01 holiday Mùng bốn Tết Nguyên Đán\n"
            "2025-04-07 holiday Ngày Giỗ Tổ Hùng Vương\n"
            "2025-04-26 workday Làm việc bù cho thứ Sáu 02/05/2025\n"
            "2025-04-30 holiday Ngày Chiến thắng\n"
            "2025-05-01 holiday Ngày Quốc tế Lao động\n"
            "2025-05-02 day-off Ngày nghỉ (hoán đổi với thứ Bảy 26/04/2025)\n"
            "2025-09-01 holiday Quốc khánh\n"
            "2025-09-02 holiday Quốc khánh\n");
}

TEST(PublicHolidays, Year2026Exactly) {
  EXPECT_EQ(Listing(2026, ShippedDecisions()),
            "2026-01-01 holiday Tết Dương lịch\n"
            "2026-02-16 holiday Giao thừa Tết Nguyên Đán\n"
            "2026-02-17 holiday Tết Nguyên Đán\n"
            "2026-02-18 holiday Mùng hai Tết Nguyên Đán\n"
            "2026-02-19 holiday Mùng ba Tết Nguyên Đán\n"
            "2026-02-20 holiday Mùng bốn Tết Nguyên Đán\n"
            "2026-04-26 holiday Ngày Giỗ Tổ Hùng Vương\n"
            "2026-04-27 observed Ngày Giỗ Tổ Hùng Vương (nghỉ bù)\n"
            "2026-04-30 holiday Ngày Chiến thắng\n"
            "2026-05-01 holiday Ngày Quốc tế Lao động\n"
            "2026-08-22 workday Làm việc bù cho thứ Hai 31/08/2026\n"
            "2026-08-31 day-off Ngày nghỉ (hoán đổi với thứ Bảy 22/08/2026)\n"
            "2026-09-01 holiday Quốc khánh\n"
            "2026-09-02 holiday Quốc khánh\n"
            "2026-11-24 holiday Ngày Văn hóa Việt Nam\n");
}

TEST(PublicHolidays, DecisionFixesTetAndAdjacentDay) {
  YearDecision d;
  d.year = 2030;
  d.tet_days =
      std::vector<LocalDate>{{2030, 2, 1}, {2030, 2, 4}, {2030, 2, 5}, {2030, 2, 6}, {2030, 2, 7}};
  d.national_day_adjacent = LocalDate{2030, 9, 3};
  auto y = Year(2030, {d});
  EXPECT_EQ(y["2030-02-07"].kind, DayKind::kObserved);
  EXPECT_EQ(y["2030-09-03"].name, "Quốc khánh");
  EXPECT_EQ(y.count("2030-09-01"), 0u);
}

// Every listed day of 2008–2030 with the shipped decisions: MMDD + kind (H holiday, O observed,
// D day-off, W workday). Checked by hand against the published Tết/holiday schedules of each year
// (2008–2026) and the rules for 2027–2030.
TEST(PublicHolidays, Table2008To2030) {
  const std::pair<int, const char*> table[] = {
      {2008, "0101H 0206H 0207H 0208H 0209H 0211O 0415H 0430H 0501H 0902H"},
      {2009, "0101H 0125H 0126H 0127H 0128H 0129O 0404H 0406O 0430H 0501H 0902H"},
      {2010, "0101H 0213H 0214H 0215H 0216H 0217O 0218O 0219D 0227W 0423H 0430H 0501H 0503O 0902H"},
      {2011, "0101H 0103O 0202H 0203H 0204H 0205H 0207O 0412H 0430H 0501H 0502O 0503O 0902H"},
      {2012,
       "0101H 0102O 0122H 0123H 0124H 0125H 0126O 0127D 0204W 0331H 0402O 0430H 0501H 0902H 0903O"},
      {2013, "0101H 0209H 0210H 0211H 0212H 0213H 0214O 0215O 0419H 0429D 0430H 0501H 0504W 0902H"},
      {2014,
       "0101H 0129O 0130H 0131H 0201H 0202H 0203H 0204O 0409H 0426W 0430H 0501H 0502D 0901D 0902H "
       "0906W 1227W"},
      {2015,
       "0101H 0102D 0214W 0216D 0217O 0218H 0219H 0220H 0221H 0222H 0223O 0425W 0428H 0429D 0430H "
       "0501H 0902H"},
      {2016, "0101H 0207H 0208H 0209H 0210H 0211H 0212O 0416H 0418O 0430H 0501H 0502O 0503O 0902H"},
      {2017,
       "0101H 0102O 0126O 0127H 0128H 0129H 0130H 0131H 0201O 0406H 0430H 0501H 0502O 0902H 0904O"},
      {2018, "0101H 0214O 0215H 0216H 0217H 0218H 0219H 0220O 0425H 0430H 0501H 0902H 0903O 1231D"},
      {2019, "0101H 0105W 0204H 0205H 0206H 0207H 0208H 0414H 0415O 0429D 0430H 0501H 0504W 0902H"},
      {2020, "0101H 0123O 0124H 0125H 0126H 0127H 0128H 0129O 0402H 0430H 0501H 0902H"},
      {2021, "0101H 0210O 0211H 0212H 0213H 0214H 0215H 0216O 0421H 0430H 0501H 0503O 0902H 0903H"},
      {2022,
       "0101H 0103O 0131H 0201H 0202H 0203H 0204H 0410H 0411O 0430H 0501H 0502O 0503O 0901H 0902H"},
      {2023,
       "0101H 0102O 0120O 0121H 0122H 0123H 0124H 0125H 0126O 0429H 0430H 0501H 0502O 0503O 0901H "
       "0902H 0904O"},
      {2024,
       "0101H 0208O 0209H 0210H 0211H 0212H 0213H 0214O 0418H 0429D 0430H 0501H 0504W 0902H 0903H"},
      {2025, "0101H 0127O 0128H 0129H 0130H 0131H 0201H 0407H 0426W 0430H 0501H 0502D 0901H 0902H"},
      {2026,
       "0101H 0216H 0217H 0218H 0219H 0220H 0426H 0427O 0430H 0501H 0822W 0831D 0901H 0902H 1124H"},
      {2027,
       "0101H 0204O 0205H 0206H 0207H 0208H 0209H 0210O 0416H 0430H 0501H 0503O 0902H 0903H 1124H"},
      {2028,
       "0101H 0103O 0124O 0125H 0126H 0127H 0128H 0129H 0404H 0430H 0501H 0502O 0901H 0902H 0904O "
       "1124H"},
      {2029, "0101H 0212H 0213H 0214H 0215H 0216H 0423H 0430H 0501H 0902H 0903H 0904O 1124H 1126O"},
      {2030,
       "0101H 0131O 0201H 0202H 0203H 0204H 0205H 0206O 0412H 0430H 0501H 0902H 0903H 1124H 1125O"},
  };
  const auto decisions = ShippedDecisions();
  for (const auto& [year, expected] : table) {
    std::string got;
    for (const CalendarEntry& e : HolidaysOfYear(year, decisions)) {
      got += fmt::format("{}{:02d}{:02d}{}", got.empty() ? "" : " ", e.date.month, e.date.day,
                         "HODW"[static_cast<int>(e.kind)]);
    }
    EXPECT_EQ(got, expected) << year;
  }
}

TEST(CalendarDecisions, RejectsMalformed) {
  EXPECT_FALSE(ParseCalendarDecisions("{").ok());
  EXPECT_FALSE(ParseCalendarDecisions(R"({"decisions": 3})").ok());
  auto bad_date = ParseCalendarDecisions(
      R"({"decisions": [{"year": 2024, "days": [{"date": "2024-02-30", "kind": "day-off"}]}]})");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().reason(), "invalid_calendar_data");
  EXPECT_EQ(bad_date.status().field(), "decisions[0].days[0].date");
  // A "workday" must be a weekly rest day made a working day.
  EXPECT_FALSE(
      ParseCalendarDecisions(
          R"({"decisions": [{"year": 2024, "days": [{"date": "2024-05-03", "kind": "workday"}]}]})")
          .ok());
  EXPECT_FALSE(ParseCalendarDecisions(R"({"decisions": [{"year": 2024}, {"year": 2024}]})").ok());
  EXPECT_FALSE(ParseCalendarDecisions(
                   R"({"decisions": [{"year": 2024, "national_day_adjacent": "2024-09-04"}]})")
                   .ok());
}

}  // namespace
}  // namespace motcua::domain
