// `motcua calendar ...` run as a real process against the shipped data/calendar.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "support/run_cli.h"

namespace motcua::testing {
namespace {

using Run = CliRun;

// The calendar commands against the shipped data/calendar; stdout only.
Run Calendar(const std::string& args) {
  return RunMotcua("calendar " + args, false, "MOTCUA_DATA_DIR=" + std::string(MOTCUA_SOURCE_DIR));
}

TEST(CalendarCli, Holidays2024) {
  auto r = Calendar("holidays 2024");
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("2024-02-10\tholiday\tTết Nguyên Đán\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2024-04-29\tday-off\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2024-05-04\tworkday\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2024-02-14\tobserved\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2024-09-03\tholiday\tQuốc khánh\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.rfind("2024-01-01\t", 0), 0u);  // sorted, starting with 1 January
}

TEST(CalendarCli, Due) {
  EXPECT_EQ(Calendar("due --from \"2024-04-26 08:00\" --working-days 1").out, "2024-05-02 08:00\n");
  EXPECT_EQ(Calendar("due --from \"2024-06-03 11:00\" --working-hours 0.5").out,
            "2024-06-03 11:30\n");
  EXPECT_EQ(Calendar("due --from \"2025-01-24 16:00\" --working-days 1").out, "2025-02-03 16:00\n");
}

TEST(CalendarCli, Lunar) {
  EXPECT_EQ(Calendar("lunar 2020-05-23").out, "1/4/2020 (nhuận)\n");
  EXPECT_EQ(Calendar("lunar 1985-01-21").out, "1/1/1985\n");
  EXPECT_EQ(Calendar("lunar 2025-01-28").out, "29/12/2024\n");
}

TEST(CalendarCli, BadArgumentsExitWithTwo) {
  EXPECT_EQ(Calendar("holidays abc").status, 2);
  EXPECT_EQ(Calendar("holidays").status, 2);
  EXPECT_EQ(Calendar("due --from 2024-04-26 --working-days 1").status, 2);
  EXPECT_EQ(Calendar("due --from \"2024-04-26 08:00\"").status, 2);
  EXPECT_EQ(Calendar("due --from \"2024-04-26 08:00\" --working-days -1").status, 2);
  EXPECT_EQ(Calendar("due --from \"2024-04-26 08:00\" --working-days 1 --working-hours 2").status,
            2);
  EXPECT_EQ(Calendar("lunar 2024-02-30").status, 2);
  EXPECT_EQ(Calendar("lunar 2200-01-01").status, 2);
}

}  // namespace
}  // namespace motcua::testing
