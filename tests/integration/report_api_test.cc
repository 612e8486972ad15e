// /api/v1/reports/*, /api/v1/complaints over real HTTP on the demo organisation: access by role
// and agency subtree, the export formats, complaint intake.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "support/demo_login.h"
#include "support/demo_server_test.h"
#include "support/http_client.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

class ReportApiTest : public DemoServerTest {
 protected:
  std::map<std::string, std::string> As(HttpClient& c, const std::string& user) {
    auto r = DemoLogin(c, user);
    return {
        {"Authorization", "Bearer " + std::string(json::parse(r.body).at("token").as_string())}};
  }
  // The session cookie of a log-in, for the web pages.
  std::map<std::string, std::string> Cookie(HttpClient& c, const std::string& user) {
    auto r = DemoLogin(c, user);
    std::string cookie;
    for (const auto& set : r.Headers("set-cookie")) {
      if (!cookie.empty()) cookie += "; ";
      cookie += set.substr(0, set.find(';'));
    }
    return {{"Cookie", cookie}};
  }
};

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
  // The 766 index downloads like the other reports (format was ignored before).
  auto ix = c.Get("/api/v1/reports/index766?quarter=2026Q3&format=xlsx", monitor);
  ASSERT_EQ(ix.status, 200) << ix.body;
  EXPECT_EQ(ix.body.substr(0, 2), "PK");
  EXPECT_NE(ix.Header("content-disposition").value_or("").find("chi-so-766-2026-07-01-2026-09-30"),
            std::string::npos);
  auto ic = c.Get("/api/v1/reports/index766?quarter=2026Q3&format=csv", monitor);
  ASSERT_EQ(ic.status, 200) << ic.body;
  EXPECT_NE(ic.body.find("Điểm tối đa"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/reports/index766?quarter=2026Q3&format=pdf", monitor).status, 400);
}

TEST_F(ReportApiTest, EachFigureListsTheDossiersBehindIt) {
  auto c = Client();
  auto monitor = As(c, "demo.monitor");
  // The demo dossiers are made at start-up: the lists are asked as of the report's own minute.
  std::string base = "from=2025-01-01&to=2026-12-31";
  int nonzero = 0;
  for (std::string group_by : {"", "agency", "channel"}) {
    auto r = c.Get("/api/v1/reports/timeliness?" + base + "&group_by=" + group_by, monitor);
    ASSERT_EQ(r.status, 200) << r.body;
    auto report = json::parse(r.body).as_object();
    std::string as_of(report["as_of"].as_string());
    base = "from=2025-01-01&to=2026-12-31&as_of=" + as_of.replace(as_of.find(' '), 1, "%20");
    std::vector<std::pair<std::string, json::object>> groups{{"", report["total"].as_object()}};
    for (const auto& g : report["groups"].as_array())
      groups.emplace_back(std::string(g.at("key").as_string()), g.as_object());
    for (const auto& [key, counts] : groups) {
      for (const char* figure : {"received", "carried_over", "resolved_early", "resolved_on_time",
                                 "resolved_late", "pending_within_deadline", "pending_overdue",
                                 "withdrawn", "refused", "returned", "resolved", "total"}) {
        auto list = c.Get("/api/v1/reports/timeliness/dossiers?" + base + "&group_by=" + group_by +
                              "&group=" + key + "&figure=" + figure + "&limit=1000",
                          monitor);
        ASSERT_EQ(list.status, 200) << list.body;
        auto o = json::parse(list.body).as_object();
        const int64_t want = counts.at(figure).as_int64();
        EXPECT_EQ(o["total"].as_int64(), want) << group_by << " " << key << " " << figure;
        EXPECT_EQ(static_cast<int64_t>(o["items"].as_array().size()),
                  std::min<int64_t>(want, 1000));
        if (want > 0) {
          ++nonzero;
          const auto& item = o["items"].as_array()[0].as_object();
          for (const char* k : {"code", "procedure", "field", "agency", "received_at", "due_at",
                                "resolved_at", "state", "timeliness"})
            EXPECT_TRUE(item.contains(k)) << k;
        }
      }
    }
  }
  EXPECT_GT(nonzero, 5);
  // Staff of the subtree only; a bad figure is a 400 naming the parameter.
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness/dossiers?" + base + "&figure=received",
                  As(c, "demo.reception_officer"))
                .status,
            403);
  auto bad = c.Get("/api/v1/reports/timeliness/dossiers?" + base + "&figure=late", monitor);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field").as_string(), "figure");
  EXPECT_EQ(c.Get("/api/v1/reports/timeliness/dossiers?" + base, monitor).status, 400);

  // The web page lists them, each linked to its dossier page.
  auto cookie = Cookie(c, "demo.monitor");
  auto r = c.Get("/api/v1/reports/timeliness/dossiers?" + base + "&figure=total&limit=5", monitor);
  auto first = json::parse(r.body).at("items").as_array();
  auto page = c.Get("/dieu-hanh/ho-so?" + base + "&figure=total", cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Tổng số phải giải quyết"), std::string::npos);
  if (!first.empty()) {
    std::string code(first[0].at("code").as_string());
    EXPECT_NE(page.body.find("href=\"/ho-so/" + code + "\""), std::string::npos) << page.body;
  }
  auto en = c.Get("/dieu-hanh/ho-so?" + base + "&figure=total&lang=en", cookie);
  EXPECT_NE(en.body.find("Total to resolve"), std::string::npos);
  EXPECT_EQ(
      c.Get("/dieu-hanh/ho-so?" + base + "&figure=total", Cookie(c, "demo.specialist")).status,
      403);
  EXPECT_EQ(c.Get("/dieu-hanh/ho-so?from=x&figure=total", cookie).status, 400);
  // The dashboard's figures link to the page.
  auto dash = c.Get("/dieu-hanh", cookie);
  ASSERT_EQ(dash.status, 200);
  EXPECT_NE(dash.body.find("/dieu-hanh/ho-so?from="), std::string::npos);
  EXPECT_NE(dash.body.find("Các bước xử lý do cơ quan thực hiện"), std::string::npos);
}

TEST_F(ReportApiTest, StepsAndTheEvaluationPdf) {
  auto c = Client();
  auto leader = As(c, "demo.leader");  // Sở Tư pháp
  auto r = c.Get("/api/v1/reports/steps?from=2025-01-01&to=2026-12-31", leader);
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body).as_object();
  EXPECT_EQ(o["agency"].as_string(), "000.00.10.H99");
  for (const char* k : {"closed_early", "closed_on_time", "closed_late", "open_overdue",
                        "late_office_minutes", "attributed_minutes", "on_time_rate"})
    EXPECT_TRUE(o["total"].as_object().contains(k)) << k;
  EXPECT_TRUE(o["top_late"].is_array());
  auto csv = c.Get("/api/v1/reports/steps?from=2025-01-01&to=2026-12-31&format=csv", leader);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.body.find("Tổng cộng"), std::string::npos);
  auto xlsx = c.Get("/api/v1/reports/steps?from=2025-01-01&to=2026-12-31&format=xlsx", leader);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(c.Get("/api/v1/reports/steps?from=2025-01-01", leader).status, 400);
  EXPECT_EQ(
      c.Get("/api/v1/reports/steps?from=2025-01-01&to=2026-12-31&agency=000.00.00.H99", leader)
          .status,
      403);
  EXPECT_EQ(
      c.Get("/api/v1/reports/steps?from=2025-01-01&to=2026-12-31", As(c, "demo.reception_officer"))
          .status,
      403);

  auto monitor = As(c, "demo.monitor");
  auto pdf = c.Get("/api/v1/reports/evaluation?quarter=2026Q3&format=pdf", monitor);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf.Header("content-type").value_or(""), "application/pdf");
  EXPECT_NE(pdf.Header("content-disposition").value_or("").find("danh-gia-2026Q3.pdf"),
            std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/reports/evaluation?quarter=2026Q3&format=doc", monitor).status, 400);
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
  // Assignment stays within the leader's subtree: the tax office's specialist and a citizen
  // are refused, nothing is written; the leader's own specialist is taken with their agency.
  const std::string id = std::to_string(json::parse(r.body).at("id").as_int64());
  auto assign = [&](const std::string& user) {
    return c.PostJson("/api/v1/complaints/" + id + "/assign",
                      json::serialize(json::object{{"username", user}}), leader);
  };
  // Any account outside the handling agency answers like an unknown one (no username probing).
  EXPECT_EQ(assign("demo.specialist.thue").status, 422);
  EXPECT_EQ(assign("demo.citizen").status, 422);
  auto ok = assign("demo.specialist");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_FALSE(json::parse(ok.body).at("assigned_user_id").is_null());
  EXPECT_FALSE(json::parse(ok.body).at("assigned_agency_id").is_null());
  auto bad =
      c.PostJson("/api/v1/complaints",
                 json::serialize(json::object{
                     {"agency_code", "000.00.10.H99"}, {"channel", "counter"}, {"content", "x"}}));
  EXPECT_EQ(bad.status, 403);
}

}  // namespace
}  // namespace motcua::testing
