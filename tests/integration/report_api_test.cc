// /api/v1/reports/*, /api/v1/complaints over real HTTP on the demo organisation: access by role
// and agency subtree, the export formats, complaint intake.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

class ReportApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer({"--demo", "--no-access-log"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpClient Client() { return HttpClient(server_->port()); }
  std::map<std::string, std::string> As(HttpClient& c, const std::string& user) {
    auto r =
        c.PostJson("/api/v1/auth/login",
                   json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return {
        {"Authorization", "Bearer " + std::string(json::parse(r.body).at("token").as_string())}};
  }
  static TestServer* server_;
};
TestServer* ReportApiTest::server_ = nullptr;

TEST_F(ReportApiTest, TimelinessForLeadersWithinTheirSubtree) {
  auto c = Client();
  auto leader = As(c, "demo.leader");  // Sở Tư pháp
  auto r = c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31", leader);
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body).as_object();
  EXPECT_EQ(o["agency"].as_string(), "000.00.10.H99");
  for (const char* k : {"received", "resolved_early", "resolved_on_time", "resolved_late",
                        "pending_within_deadline", "pending_overdue", "on_time_rate"})
    EXPECT_TRUE(o["total"].as_object().contains(k)) << k;
  // The province is above the leader's agency.
  EXPECT_EQ(
      c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31&agency=000.00.00.H99", leader)
          .status,
      403);
  auto monitor = As(c, "demo.monitor");  // the province
  EXPECT_EQ(
      c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31&group_by=agency", monitor)
          .status,
      200);
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31",
                  As(c, "demo.reception_officer"))
                .status,
            403);
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31").status, 401);
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness?from=2025-01-01", monitor).status, 400);
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=week", monitor)
                .status,
            400);
}

TEST_F(ReportApiTest, ExportsAndEvaluation) {
  auto c = Client();
  auto monitor = As(c, "demo.monitor");
  auto csv = c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31&format=csv", monitor);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  auto xlsx =
      c.Get("/api/v1/reports/timeliness?from=2025-01-01&to=2026-12-31&format=xlsx", monitor);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto e = c.Get("/api/v1/reports/evaluation?quarter=2026Q3", monitor);
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(json::parse(e.body).at("period").as_string(), "2026Q3");
  EXPECT_EQ(c.Get("/api/v1/reports/evaluation?quarter=2026Q9", monitor).status, 400);
  auto i = c.Get("/api/v1/reports/index766?quarter=2026Q3", monitor);
  ASSERT_EQ(i.status, 200) << i.body;
  EXPECT_GE(json::parse(i.body).at("not_computable").as_array().size(), 4u);
}

TEST_F(ReportApiTest, ComplaintsFromThePortal) {
  auto c = Client();
  auto r = c.PostJson("/api/v1/complaints",
                      json::serialize(json::object{{"agency_code", "000.00.10.H99"},
                                                   {"channel", "portal"},
                                                   {"content", "Hồ sơ chậm trả kết quả."}}));
  ASSERT_EQ(r.status, 201) << r.body;
  auto leader = As(c, "demo.leader");
  auto list = c.Get("/api/v1/complaints", leader);
  ASSERT_EQ(list.status, 200);
  EXPECT_GE(json::parse(list.body).at("items").as_array().size(), 1u);
  auto bad =
      c.PostJson("/api/v1/complaints",
                 json::serialize(json::object{
                     {"agency_code", "000.00.10.H99"}, {"channel", "counter"}, {"content", "x"}}));
  EXPECT_EQ(bad.status, 403);
}

}  // namespace
}  // namespace motcua::testing
