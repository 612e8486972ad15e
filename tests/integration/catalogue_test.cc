// The procedure catalogue over real HTTP: the shipped data, Vietnamese search, publication counts,
// administration refusals and the all-or-nothing import.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "support/demo_server_test.h"
#include "support/http_client.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

json::value Json(const HttpResponse& r) { return json::parse(r.body); }

std::string Encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class CatalogueTest : public DemoServerTest {
 protected:
  std::string Token(HttpClient& c, const std::string& user) {
    auto r =
        c.PostJson("/api/v1/auth/login",
                   json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(Json(r).at("token").as_string());
  }
  json::value Search(HttpClient& c, const std::string& query) {
    auto r = c.Get("/api/v1/procedures?" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }
};

TEST_F(CatalogueTest, ShipsAtLeast150RealProcedures) {
  auto c = Client();
  auto all = Search(c, "page_size=200");
  EXPECT_GE(all.at("total").as_int64(), 150);
  EXPECT_EQ(all.at("items").as_array().size(), 200u);
  auto stats = Json(c.Get("/api/v1/procedures/stats"));
  EXPECT_GE(stats.at("total").as_int64(), 150);
  for (const char* k : {"online_full", "online_partial", "postal", "inter_agency", "same_day",
                        "decided_at_centre", "received_at_centre"})
    EXPECT_GT(stats.at(k).as_int64(), 0) << k;
  EXPECT_GT(stats.at("by_agency").at("000.00.10.H99").as_int64(), 0);
  auto fields = Json(c.Get("/api/v1/fields"));
  EXPECT_GE(fields.at("items").as_array().size(), 10u);
}

TEST_F(CatalogueTest, VietnameseSearchWithoutToneMarks) {
  auto c = Client();
  auto birth = Search(c, "q=" + Encode("dang ky khai sinh"));
  ASSERT_FALSE(birth.at("items").as_array().empty());
  const auto& first = birth.at("items").as_array()[0].as_object();
  EXPECT_EQ(first.at("name").as_string(), "Thủ tục đăng ký khai sinh");
  EXPECT_EQ(first.at("code").as_string(), "1.001193");
  for (const char* k : {"code", "name", "field", "agency", "time_limit", "online_level"})
    EXPECT_TRUE(first.contains(k)) << k;
  EXPECT_EQ(Search(c, "q=" + Encode("ĐĂNG KÝ KHAI SINH")).at("items").as_array()[0].at("code"),
            "1.001193");

  // A citizen's question: stop words left out, kí for ký, and each hit says why it matched.
  auto asked = Search(c, "q=" + Encode("cho hỏi đăng kí khai sinh ở đâu"));
  ASSERT_FALSE(asked.at("items").as_array().empty());
  const auto& top = asked.at("items").as_array()[0].as_object();
  EXPECT_EQ(top.at("code").as_string(), "1.001193");
  const auto& why = top.at("why").as_object();
  EXPECT_FALSE(why.at("terms").as_array().empty());
  EXPECT_EQ(why.at("terms").as_array()[0].at("fields_vi").as_array()[0].as_string(), "tên thủ tục");
  EXPECT_NE(std::string(why.at("text_vi").as_string()).find("tên thủ tục"), std::string::npos);
  EXPECT_EQ(asked.at("ignored").as_array()[0].as_string(), "cho hỏi");
  auto page = c.Get("/thu-tuc?q=" + Encode("cho hỏi đăng kí khai sinh ở đâu"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Vì sao khớp"), std::string::npos);
  EXPECT_NE(page.body.find("Đã bỏ qua các từ không chỉ thủ tục"), std::string::npos);

  auto civil = Search(c, "q=ho+tich&page_size=50");
  EXPECT_GE(civil.at("total").as_int64(), 10);
  for (const auto& item : civil.at("items").as_array())
    EXPECT_EQ(item.at("field").as_string(), "Hộ tịch") << item.at("name").as_string();

  auto online = Search(c, "online=toan_trinh&level=province&page_size=200");
  EXPECT_GT(online.at("total").as_int64(), 0);
  for (const auto& item : online.at("items").as_array()) {
    EXPECT_EQ(item.at("online_level").as_string(), "toan_trinh");
    EXPECT_EQ(item.at("level").as_string(), "province");
  }
  auto page2 = Search(c, "page=2&page_size=10");
  EXPECT_EQ(page2.at("page").as_int64(), 2);
  EXPECT_EQ(page2.at("items").as_array().size(), 10u);
  EXPECT_EQ(c.Get("/api/v1/procedures?online=level4").status, 400);

  auto detail = c.Get("/api/v1/procedures/1.001193");
  ASSERT_EQ(detail.status, 200);
  auto d = Json(detail);
  EXPECT_FALSE(d.at("workflow").as_array().empty());
  EXPECT_EQ(d.at("versions").as_array().size(), 1u);
  EXPECT_EQ(c.Get("/api/v1/procedures/9.999999").status, 404);
}

TEST_F(CatalogueTest, WorkflowThatDoesNotAddUpIsRefused) {
  auto c = Client();
  std::string token = Token(c, "demo.admin");
  auto d = Json(c.Get("/api/v1/procedures/1.004873")).as_object();
  d["time_limit"].as_object()["amount"] = 5;  // quotas still add up to 3 days
  d["effective_from"] = "2026-01-01";
  auto r = c.Send("PUT", "/api/v1/procedures/1.004873", json::serialize(d),
                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body;
  auto e = Json(*r).at("error");
  EXPECT_EQ(e.at("code").as_string(), "workflow_quota_mismatch");
  EXPECT_EQ(e.at("field").as_string(), "workflow");
  EXPECT_NE(std::string(e.at("message").as_string()).find("phải bằng thời hạn giải quyết"),
            std::string::npos);
  // A citizen may not even try.
  std::string citizen = Token(c, "demo.citizen");
  auto forbidden =
      c.Send("PUT", "/api/v1/procedures/1.004873", json::serialize(d),
             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + citizen}});
  EXPECT_EQ(forbidden->status, 403);
}

TEST_F(CatalogueTest, ImportWithOneBadRowNamesItAndImportsNothing) {
  auto c = Client();
  std::string token = Token(c, "demo.admin");
  auto exported = c.Get("/api/v1/procedures/export?format=csv");
  ASSERT_EQ(exported.status, 200);
  ASSERT_EQ(exported.body.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> lines;
  std::stringstream ss(exported.body);
  for (std::string l; std::getline(ss, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  ASSERT_GT(lines.size(), 150u);
  auto recode = [](std::string row, const std::string& code) {
    return code + row.substr(row.find(','));
  };
  std::string good, bad;
  for (size_t i = 1; i < lines.size() && (good.empty() || bad.empty()); ++i) {
    auto at = lines[i].find(",working_days,");
    if (at == std::string::npos || lines[i].find('"') < at) continue;
    if (good.empty()) {
      good = recode(lines[i], "0.IT.001");
    } else {
      bad = recode(lines[i], "0.IT.002");
      at = bad.find(",working_days,") + 14;
      bad.replace(at, bad.find(',', at) - at, "abc");
    }
  }
  ASSERT_FALSE(bad.empty());
  std::string file = lines[0] + "\r\n" + good + "\r\n" + bad + "\r\n";
  std::map<std::string, std::string> headers{{"Content-Type", "text/csv"},
                                             {"Authorization", "Bearer " + token}};
  auto r = c.Send("POST", "/api/v1/procedures/import?format=csv", file, headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body;
  auto e = Json(*r).at("error");
  EXPECT_EQ(e.at("line").as_int64(), 3);
  EXPECT_EQ(e.at("field").as_string(), "time_limit_amount");
  EXPECT_NE(std::string(e.at("message").as_string()).find("Dòng 3"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/procedures/0.IT.001").status, 404);

  auto ok = c.Send("POST", "/api/v1/procedures/import?format=csv",
                   lines[0] + "\r\n" + good + "\r\n", headers);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Json(*ok).at("created").as_int64(), 1);
  EXPECT_EQ(c.Get("/api/v1/procedures/0.IT.001").status, 200);

  // Retire it again: hidden from search, still readable.
  auto del =
      c.Send("DELETE", "/api/v1/procedures/0.IT.001", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(del->status, 204);
  EXPECT_EQ(Search(c, "q=0.IT.001").at("total").as_int64(), 0);
  EXPECT_TRUE(Json(c.Get("/api/v1/procedures/0.IT.001")).at("retired").as_bool());

  auto anonymous =
      c.Send("POST", "/api/v1/procedures/import?format=csv", file, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(anonymous->status, 401);
}

}  // namespace
}  // namespace motcua::testing
