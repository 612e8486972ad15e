// Counter administration over the JSON API on the demo organisation: PATCH and DELETE
// /api/v1/agencies/{code}/counters/{number} change the same rows the web admin does, for
// admins only, with the CSRF token for cookie sessions, and refuse bad input naming the field
// without writing anything.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>

#include "support/demo_server_test.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

constexpr const char* kCentre = "000.00.01.H99";
const std::string kCounters = std::string("/api/v1/agencies/") + kCentre + "/counters";

// A demo session with the cookies its log-in set ("motcua_session=...; motcua_csrf=...").
struct Session : DemoSession {
  std::string cookie;
};

json::value Json(const HttpResponse& r) { return json::parse(r.body); }

void ExpectError(const HttpResponse& r, int status, const std::string& code,
                 const std::string& field = "") {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_NE(r.Header("content-type").value_or("").find("application/json"), std::string::npos)
      << r.body;
  auto v = Json(r);
  const auto& e = v.at("error").as_object();
  EXPECT_EQ(e.at("code").as_string(), code) << r.body;
  EXPECT_FALSE(e.at("message").as_string().empty()) << r.body;
  if (!field.empty()) {
    EXPECT_EQ(e.at("field").as_string(), field) << r.body;
  }
}

class AdminApiTest : public DemoServerTest {
 protected:
  // The log-in keeping the cookies the server set, for the cookie-session CSRF checks.
  Session Login(const std::string& user) {
    auto c = Client();
    auto r = DemoLogin(c, user);
    Session s;
    if (r.status != 200) return s;
    auto v = Json(r);
    s.token = std::string(v.at("token").as_string());
    s.csrf = std::string(v.at("csrf_token").as_string());
    for (const auto& set : r.Headers("set-cookie")) {
      if (!s.cookie.empty()) s.cookie += "; ";
      s.cookie += set.substr(0, set.find(';'));
    }
    return s;
  }

  HttpResponse Send(const std::string& method, const std::string& path, const std::string& body,
                    Headers h) {
    auto c = Client();
    if (!body.empty()) h["Content-Type"] = "application/json";
    auto r = c.Send(method, path, body, h);
    EXPECT_TRUE(r.has_value()) << method << " " << path;
    return r ? *r : HttpResponse{};
  }

  // The centre's counters as the API lists them: number -> the counter's JSON.
  std::map<int64_t, json::object> Counters(const Session& who) {
    auto c = Client();
    auto r = c.Get(kCounters, who.Bearer());
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<int64_t, json::object> out;
    if (r.status != 200) return out;
    json::value doc = Json(r);
    for (const auto& k : doc.at("items").as_array()) out[k.at("number").as_int64()] = k.as_object();
    return out;
  }
};

TEST_F(AdminApiTest, AdminRenamesTakesOutOfUseAndRestoresACounter) {
  auto admin = Login("demo.admin");
  auto before = Counters(admin);
  ASSERT_TRUE(before.count(2)) << "demo centre has counter 2";
  ASSERT_TRUE(before[2].at("active").as_bool());

  auto r =
      Send("PATCH", kCounters + "/2",
           R"({"name":"  Quầy 2 — Hộ tịch, chứng thực  ","fields":"HT, CT,HT"})", admin.Bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Json(r).as_object();
  EXPECT_EQ(body.at("number").as_int64(), 2);
  EXPECT_EQ(body.at("name").as_string(), "Quầy 2 — Hộ tịch, chứng thực");
  EXPECT_EQ(body.at("fields").as_string(), "HT,CT");  // trimmed, duplicates dropped
  EXPECT_TRUE(body.at("active").as_bool());
  auto now = Counters(admin);
  EXPECT_EQ(now[2].at("name").as_string(), "Quầy 2 — Hộ tịch, chứng thực");
  EXPECT_EQ(now[2].at("fields").as_string(), "HT,CT");
  // The other counters are untouched.
  for (const auto& [number, counter] : before) {
    if (number != 2) {
      EXPECT_EQ(now[number], counter) << number;
    }
  }

  // A patch without the name keeps it; only the fields change.
  r = Send("PATCH", kCounters + "/2", R"({"fields":"DKKD"})", admin.Bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r).at("name").as_string(), "Quầy 2 — Hộ tịch, chứng thực");
  EXPECT_EQ(Json(r).at("fields").as_string(), "DKKD");

  // DELETE takes the counter out of use; it stays listed for the statistics.
  r = Send("DELETE", kCounters + "/2", "", admin.Bearer());
  EXPECT_EQ(r.status, 204) << r.body;
  now = Counters(admin);
  ASSERT_TRUE(now.count(2));
  EXPECT_FALSE(now[2].at("active").as_bool());
  EXPECT_EQ(now[2].at("name").as_string(), "Quầy 2 — Hộ tịch, chứng thực");

  r = Send("PATCH", kCounters + "/2", R"({"active":true})", admin.Bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Json(r).at("active").as_bool());
  EXPECT_TRUE(Counters(admin)[2].at("active").as_bool());

  // Each change was audited against the centre.
  auto audit = Client().Get("/api/v1/audit", admin.Bearer());
  ASSERT_EQ(audit.status, 200) << audit.body;
  int updates = 0;
  json::value entries = Json(audit);
  for (const auto& a : entries.at("items").as_array()) {
    if (a.at("action").as_string() == "counter.update" && a.at("object_id").as_string() == kCentre)
      ++updates;
  }
  EXPECT_GE(updates, 4);
}

TEST_F(AdminApiTest, OnlyAdminsMayChangeCounters) {
  auto admin = Login("demo.admin");
  auto before = Counters(admin);
  for (const char* who : {"demo.reception_officer", "demo.leader", "demo.monitor"}) {
    auto s = Login(who);
    ExpectError(Send("PATCH", kCounters + "/1", R"({"name":"Quầy của tôi"})", s.Bearer()), 403,
                "forbidden");
    ExpectError(Send("DELETE", kCounters + "/1", "", s.Bearer()), 403, "forbidden");
  }
  ExpectError(Send("PATCH", kCounters + "/1", R"({"name":"Quầy ẩn danh"})", {}), 401,
              "unauthenticated");
  ExpectError(Send("DELETE", kCounters + "/1", "", {}), 401, "unauthenticated");
  EXPECT_EQ(Counters(admin), before);
}

TEST_F(AdminApiTest, BadInputNamesTheFieldAndWritesNothing) {
  auto admin = Login("demo.admin");
  auto before = Counters(admin);
  ExpectError(Send("PATCH", kCounters + "/1", R"({"name":"   "})", admin.Bearer()), 422,
              "missing_field", "name");
  ExpectError(
      Send("PATCH", kCounters + "/1", R"({"name":"Quầy 1","fields":"hộ tịch"})", admin.Bearer()),
      422, "invalid_field", "fields");
  ExpectError(Send("PATCH", kCounters + "/1", R"({"name":7})", admin.Bearer()), 422,
              "invalid_field", "name");
  ExpectError(Send("PATCH", kCounters + "/1", R"({"active":"no"})", admin.Bearer()), 422,
              "invalid_field", "active");
  ExpectError(Send("PATCH", kCounters + "/1", "[1,2]", admin.Bearer()), 400, "invalid_json");
  // Numbers that name no counter.
  ExpectError(Send("PATCH", kCounters + "/77", R"({"name":"Quầy 77"})", admin.Bearer()), 404,
              "not_found", "number");
  ExpectError(Send("PATCH", kCounters + "/abc", R"({"name":"Quầy"})", admin.Bearer()), 404,
              "not_found", "number");
  ExpectError(Send("DELETE", kCounters + "/0", "", admin.Bearer()), 404, "not_found", "number");
  // An agency outside the admin's reach or unknown.
  ExpectError(Send("DELETE", "/api/v1/agencies/000.99.99.H99/counters/1", "", admin.Bearer()), 404,
              "unknown_agency");
  EXPECT_EQ(Counters(admin), before);
}

TEST_F(AdminApiTest, CookieSessionsNeedTheCsrfToken) {
  auto admin = Login("demo.admin");
  auto before = Counters(admin);
  ExpectError(
      Send("PATCH", kCounters + "/3", R"({"name":"Quầy 3 mới"})", {{"Cookie", admin.cookie}}), 403,
      "csrf_failed");
  ExpectError(Send("DELETE", kCounters + "/3", "", {{"Cookie", admin.cookie}}), 403, "csrf_failed");
  EXPECT_EQ(Counters(admin), before);
  auto r = Send("PATCH", kCounters + "/3", R"({"name":"Quầy 3 mới"})",
                {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Counters(admin)[3].at("name").as_string(), "Quầy 3 mới");
}

}  // namespace
}  // namespace motcua::testing
