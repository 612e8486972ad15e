// The command line, run as a real process.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
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

TEST(Cli, ImportNationalCatalogueWithItsReport) {
  auto dir =
      std::filesystem::temp_directory_path() / ("motcua-national-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "national.db").string();
  std::string report = (dir / "report.csv").string();
  std::string data = std::string(MOTCUA_SOURCE_DIR) + "/data/catalogue/national";
  auto r = Motcua("catalogue import-national --db " + db +
                  " --province \"Bắc Ninh\" --effective-from 2026-07-01 --report " + report + " " +
                  data);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("4865 thủ tục mới"), std::string::npos) << r.out;
  std::ifstream in(report);
  std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(csv.find("code,field,severity,problem,raw"), std::string::npos);
  EXPECT_NE(csv.find("row_rejected"), std::string::npos);
  auto again = Motcua("catalogue import-national --db " + db +
                      " --province \"Bắc Ninh\" --effective-from 2026-07-01 " + data);
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("0 thủ tục mới, 0 phiên bản mới, 4865 không đổi"), std::string::npos)
      << again.out;
  auto strict = Motcua("catalogue import-national --strict --db " + (dir / "s.db").string() +
                       " --effective-from 2026-07-01 " + data);
  EXPECT_EQ(strict.status, 2) << strict.out;
  EXPECT_NE(strict.out.find("không dữ liệu nào được ghi"), std::string::npos) << strict.out;
  auto missing = Motcua("catalogue import-national --db " + db + " " + (dir / "nope").string());
  EXPECT_EQ(missing.status, 2) << missing.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::testing
