// The command line, run as a real process.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace motcua::testing {
namespace {

struct Run {
  int status;
  std::string output;
};

Run Motcua(const std::string& args) {
  std::string cmd = std::string(MOTCUA_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = ::pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

TEST(Cli, Version) {
  auto r = Motcua("version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("motcua "), std::string::npos);
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
  EXPECT_EQ(m.status, 0) << m.output;
  auto again = Motcua("migrate --db " + db);
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.output.find("Đã áp dụng 0 "), std::string::npos) << again.output;
  auto u = Motcua("create-user --db " + db + " --username cong.dan --password mat-khau-9 --role citizen");
  EXPECT_EQ(u.status, 0) << u.output;
  auto dup = Motcua("create-user --db " + db + " --username cong.dan --password mat-khau-9 --role citizen");
  EXPECT_EQ(dup.status, 2) << dup.output;
  EXPECT_NE(dup.output.find("đã tồn tại"), std::string::npos) << dup.output;
  auto staff = Motcua("create-user --db " + db + " --username can.bo --password mat-khau-9 --role specialist --agency 000.00.99.H99");
  EXPECT_EQ(staff.status, 2) << staff.output;
  EXPECT_EQ(Motcua("create-user --db " + db + " --username x --password y --role king").status, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::testing
