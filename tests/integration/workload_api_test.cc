// GET /api/v1/reports/workload and the /dieu-hanh/khoi-luong page over real HTTP on the demo
// organisation: the counts match the dossiers received here, per field and per receiving
// officer; scoping by agency subtree; bad parameters name their field.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <ctime>
#include <map>

#include "support/demo_server_test.h"
#include "support/http_client.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

std::string LocalDay(int64_t offset_days) {
  std::time_t t = std::time(nullptr) + 7 * 3600 + offset_days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class WorkloadApiTest : public DemoServerTest {
 protected:
  std::map<std::string, std::string> As(HttpClient& c, const std::string& user) {
    auto r =
        c.PostJson("/api/v1/auth/login",
                   json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return {
        {"Authorization", "Bearer " + std::string(json::parse(r.body).at("token").as_string())}};
  }
  std::map<std::string, std::string> Cookie(HttpClient& c, const std::string& user) {
    auto r =
        c.PostJson("/api/v1/auth/login",
                   json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie;
    for (const auto& set : r.Headers("set-cookie")) {
      if (!cookie.empty()) cookie += "; ";
      cookie += set.substr(0, set.find(';'));
    }
    return {{"Cookie", cookie}};
  }
  static std::string Body(const std::string& procedure, const std::string& channel) {
    return json::serialize(json::object{
        {"procedure_code", procedure},
        {"channel", channel},
        {"applicant", json::object{{"type", "citizen"},
                                   {"full_name", "Nguyễn Văn An"},
                                   {"id_number", "001090012345"},
                                   {"phone", "0912345678"},
                                   {"address", "Số 7 phố Tràng Tiền"}}},
        {"components",
         json::array{json::object{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}});
  }
  std::string Window() const { return "from=" + LocalDay(-1) + "&to=" + LocalDay(1); }
  json::object Workload(HttpClient& c, const std::map<std::string, std::string>& who,
                        const std::string& extra = "") {
    auto r = c.Get("/api/v1/reports/workload?" + Window() + extra, who);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).as_object() : json::object{};
  }
  static int64_t FieldTotal(const json::object& w, const std::string& field) {
    for (const auto& f : w.at("fields").as_array())
      if (f.at("code").as_string() == field) return f.at("total").as_int64();
    return 0;
  }
  static int64_t OfficerTotal(const json::object& w, const std::string& username) {
    for (const auto& o : w.at("officers").as_array())
      if (o.at("username").as_string() == username) return o.at("total").as_int64();
    return 0;
  }
};

TEST_F(WorkloadApiTest, CountsMatchTheDossiersReceived) {
  auto c = Client();
  auto monitor = As(c, "demo.monitor");  // the province: the centre is in its subtree
  auto officer = As(c, "demo.reception_officer");
  auto citizen = As(c, "demo.citizen");
  std::map<std::string, std::string> field_of;
  for (const char* code : {"2.000488", "1.000502"}) {
    auto r = c.Get(std::string("/api/v1/procedures/") + code);
    ASSERT_EQ(r.status, 200) << r.body;
    field_of[code] = std::string(json::parse(r.body).at("field_code").as_string());
  }
  ASSERT_NE(field_of["2.000488"], field_of["1.000502"]) << "the test needs two fields";

  auto before = Workload(c, monitor);
  ASSERT_FALSE(before.empty());
  // Three at the counter, one online received afterwards by the same officer.
  for (const char* code : {"2.000488", "2.000488", "1.000502"}) {
    auto r = c.PostJson("/api/v1/dossiers", Body(code, "counter"), officer);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto online = c.PostJson("/api/v1/dossiers", Body("2.000488", "online"), citizen);
  ASSERT_EQ(online.status, 201) << online.body;
  auto o = json::parse(online.body).as_object();
  std::string code(o.at("code").as_string());
  auto act = c.PostJson(
      "/api/v1/dossiers/" + code + "/actions",
      json::serialize(json::object{{"action", "receive"}, {"version", o.at("version").as_int64()}}),
      officer);
  ASSERT_EQ(act.status, 200) << act.body;
  // Submitted online but not yet received: not counter work.
  ASSERT_EQ(c.PostJson("/api/v1/dossiers", Body("1.000502", "online"), citizen).status, 201);

  auto after = Workload(c, monitor);
  EXPECT_EQ(after.at("total").as_int64() - before.at("total").as_int64(), 4);
  EXPECT_EQ(FieldTotal(after, field_of["2.000488"]) - FieldTotal(before, field_of["2.000488"]), 3);
  EXPECT_EQ(FieldTotal(after, field_of["1.000502"]) - FieldTotal(before, field_of["1.000502"]), 1);
  EXPECT_EQ(OfficerTotal(after, "demo.reception_officer") -
                OfficerTotal(before, "demo.reception_officer"),
            4);
  // Each field's days add up to its total; the suggestion uses every counter of the centre.
  int64_t sum_counters = after.at("suggested").at("general_counters").as_int64();
  for (const auto& f : after.at("fields").as_array()) {
    int64_t days = 0;
    for (const auto& n : f.at("per_day").as_array()) days += n.as_int64();
    EXPECT_EQ(days, f.at("total").as_int64());
    sum_counters += f.at("suggested_counters").as_int64();
  }
  EXPECT_EQ(after.at("days").as_array().size(), 3u);
  EXPECT_EQ(after.at("counters").as_int64(), 4) << "the demo centre has four counters";
  EXPECT_EQ(sum_counters, 4);
  EXPECT_EQ(after.at("current_counters").as_array().size(), 4u);

  // Another number of counters is honoured.
  auto six = Workload(c, monitor, "&counters=6");
  EXPECT_EQ(six.at("counters").as_int64(), 6);

  // The centre's own scope gives the same numbers as the province's.
  auto centre = Workload(c, monitor, "&agency=000.00.01.H99");
  EXPECT_EQ(centre.at("total").as_int64(), after.at("total").as_int64());
}

TEST_F(WorkloadApiTest, ScopedToTheCallersSubtree) {
  auto c = Client();
  auto officer = As(c, "demo.reception_officer");
  ASSERT_EQ(c.PostJson("/api/v1/dossiers", Body("2.000488", "counter"), officer).status, 201);
  // The finance department's leader sees nothing of the centre's reception.
  auto finance = As(c, "demo.leader.taichinh");
  auto own = Workload(c, finance);
  ASSERT_FALSE(own.empty());
  EXPECT_EQ(own.at("total").as_int64(), 0);
  EXPECT_TRUE(own.at("officers").as_array().empty());
  EXPECT_EQ(own.at("agency").at("code").as_string(), "000.00.11.H99");
  auto other = c.Get("/api/v1/reports/workload?" + Window() + "&agency=000.00.01.H99", finance);
  EXPECT_EQ(other.status, 403) << other.body;
  // Roles: reception officers and anonymous callers may not read it.
  EXPECT_EQ(c.Get("/api/v1/reports/workload?" + Window(), officer).status, 403);
  EXPECT_EQ(c.Get("/api/v1/reports/workload?" + Window()).status, 401);
}

TEST_F(WorkloadApiTest, BadParametersNameTheirField) {
  auto c = Client();
  auto monitor = As(c, "demo.monitor");
  auto field_of = [&](const std::string& query) {
    auto r = c.Get("/api/v1/reports/workload?" + query, monitor);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    if (r.status != 400) return std::string();
    return std::string(json::parse(r.body).at("error").at("field").as_string());
  };
  EXPECT_EQ(field_of("to=2026-01-31"), "from");
  EXPECT_EQ(field_of("from=2026-01-01"), "to");
  EXPECT_EQ(field_of("from=2026-13-01&to=2026-01-31"), "from");
  EXPECT_EQ(field_of("from=2026-02-01&to=2026-01-31"), "to");
  EXPECT_EQ(field_of("from=2024-01-01&to=2026-01-31"), "from");
  EXPECT_EQ(field_of("from=2026-01-01&to=2026-01-31&counters=0"), "counters");
  EXPECT_EQ(field_of("from=2026-01-01&to=2026-01-31&counters=abc"), "counters");
  auto unknown =
      c.Get("/api/v1/reports/workload?from=2026-01-01&to=2026-01-31&agency=KHONG.CO", monitor);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(json::parse(unknown.body).at("error").at("field").as_string(), "agency");
}

TEST_F(WorkloadApiTest, ThePageShowsTheTablesForLeadersOnly) {
  auto c = Client();
  auto page = c.Get("/dieu-hanh/khoi-luong?tu=" + LocalDay(-1) + "&den=" + LocalDay(1),
                    Cookie(c, "demo.monitor"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Khối lượng tiếp nhận tại quầy"), std::string::npos);
  EXPECT_NE(page.body.find("Đề xuất phân bổ quầy"), std::string::npos);
  EXPECT_NE(page.body.find("data-chart="), std::string::npos);
  auto bad = c.Get("/dieu-hanh/khoi-luong?so-quay=0", Cookie(c, "demo.monitor"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("field-error"), std::string::npos);
  EXPECT_EQ(c.Get("/dieu-hanh/khoi-luong", Cookie(c, "demo.reception_officer")).status, 403);
  EXPECT_EQ(c.Get("/dieu-hanh/khoi-luong").status, 303);
}

TEST_F(WorkloadApiTest, ThePageLetsAParentAgencyPickAUnitOfItsSubtree) {
  auto c = Client();
  auto monitor = Cookie(c, "demo.monitor");  // the province
  const std::string window = "tu=" + LocalDay(-1) + "&den=" + LocalDay(1);
  // Without a choice: the province itself, with its units offered in a GET form.
  auto own = c.Get("/dieu-hanh/khoi-luong?" + window, monitor);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_NE(own.body.find("<select id=\"w-agency\" name=\"don-vi\">"), std::string::npos);
  EXPECT_NE(own.body.find("<option value=\"000.00.00.H99\" selected>"), std::string::npos);
  EXPECT_NE(own.body.find("<option value=\"000.00.01.H99\">"), std::string::npos);
  EXPECT_NE(own.body.find("(<code>000.00.00.H99</code>)"), std::string::npos);
  // Choosing the centre reports on the centre, and the choice stays selected.
  auto centre = c.Get("/dieu-hanh/khoi-luong?" + window + "&don-vi=000.00.01.H99", monitor);
  ASSERT_EQ(centre.status, 200) << centre.body;
  EXPECT_NE(centre.body.find("(<code>000.00.01.H99</code>)"), std::string::npos);
  EXPECT_NE(centre.body.find("<option value=\"000.00.01.H99\" selected>"), std::string::npos);
  // The abolished unit is not offered.
  EXPECT_EQ(own.body.find("<option value=\"000.40.00.H99\""), std::string::npos);
  // A department's leader with no unit below gets no choice, and may not pick the centre.
  auto finance = Cookie(c, "demo.leader.taichinh");
  auto alone = c.Get("/dieu-hanh/khoi-luong?" + window, finance);
  ASSERT_EQ(alone.status, 200) << alone.body;
  EXPECT_EQ(alone.body.find("id=\"w-agency\""), std::string::npos);
  auto outside = c.Get("/dieu-hanh/khoi-luong?" + window + "&don-vi=000.00.01.H99", finance);
  EXPECT_EQ(outside.status, 403) << outside.body;
  EXPECT_EQ(outside.body.find("(<code>000.00.01.H99</code>)"), std::string::npos);
  // An unknown unit is named as the field in error.
  auto unknown = c.Get("/dieu-hanh/khoi-luong?" + window + "&don-vi=KHONG.CO", monitor);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("field-error"), std::string::npos);
}

}  // namespace
}  // namespace motcua::testing
