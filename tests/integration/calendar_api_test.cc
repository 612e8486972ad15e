// The working calendar over HTTP and the administrator overrides through API and CLI.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>

#include "support/http_client.h"
#include "support/run_cli.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

std::string Login(HttpClient& c, const std::string& user) {
  auto r =
      c.PostJson("/api/v1/auth/login",
                 json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
  EXPECT_EQ(r.status, 200) << r.body;
  return std::string(json::parse(r.body).at("token").as_string());
}

int RunCli(const std::string& args, std::string* out) {
  CliRun r = RunMotcua(args);
  *out = r.out;
  return r.status;
}

TEST(CalendarApi, YearListsHolidaysAndSwapsAndDueFollowsOfficeTime) {
  TestServer server({"--demo", "--no-access-log"});
  HttpClient c(server.port());
  auto year = c.Get("/api/v1/calendar/2024");
  ASSERT_EQ(year.status, 200) << year.body;
  std::string body = year.body;
  EXPECT_NE(body.find("2024-04-29"), std::string::npos);  // Monday off (swap)
  EXPECT_NE(body.find("2024-05-04"), std::string::npos);  // Saturday worked
  EXPECT_NE(body.find("Quốc khánh"), std::string::npos);
  // Friday 16:00 + 1 working day: 1 h on Friday, 7 h on Monday -> Monday 16:00.
  auto due = c.Get("/api/v1/calendar/due?from=2024-11-22%2016:00&working_days=1");
  ASSERT_EQ(due.status, 200) << due.body;
  EXPECT_EQ(json::parse(due.body).at("due").as_string(), "2024-11-25 16:00");
  auto bad = c.Get("/api/v1/calendar/due?from=yesterday&working_days=1");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "from");
}

TEST(CalendarApi, AdminOverrideMovesDeadlinesIsAuditedAndRefusedToOthers) {
  TestServer server({"--demo", "--no-access-log"});
  HttpClient c(server.port());
  std::string admin = Login(c, "demo.admin");
  std::string leader = Login(c, "demo.leader");
  std::string override_json =
      R"({"day":"2031-03-14","kind":"day-off","name":"Nghỉ đột xuất do bão"})";
  auto refused = c.PostJson("/api/v1/calendar/overrides", override_json,
                            {{"Authorization", "Bearer " + leader}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto before = c.Get("/api/v1/calendar/due?from=2031-03-13%2008:00&working_days=1");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(json::parse(before.body).at("due").as_string(), "2031-03-14 08:00");
  auto added = c.PostJson("/api/v1/calendar/overrides", override_json,
                          {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(added.status, 201) << added.body;
  // Friday 14 March is now off: the day runs on to Monday 17 March.
  auto after = c.Get("/api/v1/calendar/due?from=2031-03-13%2008:00&working_days=1");
  EXPECT_EQ(json::parse(after.body).at("due").as_string(), "2031-03-17 08:00");
  auto dup = c.PostJson("/api/v1/calendar/overrides", override_json,
                        {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  auto audit = c.Get("/api/v1/audit", {{"Authorization", "Bearer " + admin}});
  EXPECT_NE(audit.body.find("2031-03-14"), std::string::npos) << audit.body;
  auto removed = c.Send("DELETE", "/api/v1/calendar/overrides/2031-03-14", "",
                        {{"Authorization", "Bearer " + admin}});
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 204);
  auto again = c.Get("/api/v1/calendar/due?from=2031-03-13%2008:00&working_days=1");
  EXPECT_EQ(json::parse(again.body).at("due").as_string(), "2031-03-14 08:00");
}

TEST(CalendarCli, OverridesFromTheCommandLine) {
  char tmpl[] = "/tmp/motcua-cal-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string db = std::string(tmpl) + "/m.db";
  std::string out;
  EXPECT_EQ(RunCli("calendar override add --db " + db +
                       " --day 2031-06-02 --kind workday --name 'Làm bù'",
                   &out),
            0)
      << out;
  EXPECT_EQ(RunCli("calendar override add --db " + db +
                       " --day 2031-06-02 --kind workday --name 'Làm bù'",
                   &out),
            2)
      << out;
  EXPECT_EQ(RunCli("calendar override add --db " + db + " --day 2031-13-02 --kind workday --name x",
                   &out),
            2)
      << out;
  EXPECT_EQ(RunCli("calendar override list --db " + db, &out), 0);
  EXPECT_NE(out.find("2031-06-02\tworkday\tLàm bù"), std::string::npos) << out;
  EXPECT_EQ(RunCli("calendar override remove --db " + db + " --day 2031-06-02", &out), 0) << out;
  EXPECT_EQ(RunCli("calendar override remove --db " + db + " --day 2031-06-02", &out), 2) << out;
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace motcua::testing
