// The command line, run as a real process.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "support/run_cli.h"

namespace motcua::testing {
namespace {

using Run = CliRun;

Run Motcua(const std::string& args) { return RunMotcua(args); }

TEST(Cli, Version) {
  auto r = Motcua("version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("motcua "), std::string::npos);
}

TEST(Cli, BadArgumentsExitWithTwo) {
  EXPECT_EQ(Motcua("").status, 2);
  EXPECT_EQ(Motcua("no-such-command").status, 2);
  EXPECT_EQ(Motcua("serve --port notaport").status, 2);
}

TEST(Cli, MigrateAndCreateUser) {
  auto dir = std::filesystem::temp_directory_path() / ("motcua-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "cli.db").string();
  auto m = Motcua("migrate --db " + db);
  EXPECT_EQ(m.status, 0) << m.out;
  auto again = Motcua("migrate --db " + db);
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("Đã áp dụng 0 "), std::string::npos) << again.out;
  auto u = Motcua("create-user --db " + db +
                  " --username cong.dan --password mat-khau-9 --role citizen");
  EXPECT_EQ(u.status, 0) << u.out;
  auto dup = Motcua("create-user --db " + db +
                    " --username cong.dan --password mat-khau-9 --role citizen");
  EXPECT_EQ(dup.status, 2) << dup.out;
  EXPECT_NE(dup.out.find("đã tồn tại"), std::string::npos) << dup.out;
  auto staff =
      Motcua("create-user --db " + db +
             " --username can.bo --password mat-khau-9 --role specialist --agency 000.00.99.H99");
  EXPECT_EQ(staff.status, 2) << staff.out;
  EXPECT_EQ(Motcua("create-user --db " + db + " --username x --password y --role king").status, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::testing
