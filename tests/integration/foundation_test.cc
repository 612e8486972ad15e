// The Foundation over real HTTP: a real `motcua serve` process and an independent client.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

json::value Json(const HttpResponse& r) { return json::parse(r.body); }

void ExpectError(const HttpResponse& r, int status, const std::string& code,
                 const std::string& field = "") {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.Header("content-type").value_or("").find("application/json") != std::string::npos)
      << r.body;
  auto v = Json(r);
  const auto& e = v.at("error").as_object();
  EXPECT_EQ(e.at("code").as_string(), code) << r.body;
  EXPECT_FALSE(e.at("message").as_string().empty());
  if (!field.empty()) {
    EXPECT_EQ(e.at("field").as_string(), field) << r.body;
  }
}

struct Session {
  std::string token;
  std::string csrf;
  std::string cookie;  // "motcua_session=...; motcua_csrf=..."
};

Session Login(HttpClient& c, const std::string& user, const std::string& password = "motcua-demo") {
  auto r = c.PostJson("/api/v1/auth/login",
                      json::serialize(json::object{{"username", user}, {"password", password}}));
  EXPECT_EQ(r.status, 200) << r.body;
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

std::map<std::string, std::string> Bearer(const Session& s) {
  return {{"Authorization", "Bearer " + s.token}};
}

class FoundationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer(
        {"--demo", "--login-delay-seconds", "2", "--login-free-failures", "3", "--no-access-log"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpClient Client() { return HttpClient(server_->port()); }
  static TestServer* server_;
};
TestServer* FoundationTest::server_ = nullptr;

TEST_F(FoundationTest, HealthAndReadiness) {
  auto c = Client();
  auto h = c.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(Json(h).at("status").as_string(), "ok");
  EXPECT_TRUE(h.Header("x-request-id").has_value());
  EXPECT_EQ(c.Get("/readyz").status, 200);
}

TEST_F(FoundationTest, DemoLoginsWorkAndMeReportsTheUser) {
  auto c = Client();
  for (const char* role :
       {"citizen", "reception_officer", "specialist", "leader", "monitor", "admin"}) {
    auto s = Login(c, std::string("demo.") + role);
    auto me = c.Get("/api/v1/auth/me", Bearer(s));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(Json(me).at("role").as_string(), role);
  }
}

TEST_F(FoundationTest, SessionCookieIsHttpOnlyAndSameSite) {
  auto c = Client();
  auto r = c.PostJson("/api/v1/auth/login",
                      R"({"username":"demo.specialist","password":"motcua-demo"})");
  ASSERT_EQ(r.status, 200);
  bool found = false;
  for (const auto& set : r.Headers("set-cookie")) {
    if (set.rfind("motcua_session=", 0) == 0) {
      found = true;
      EXPECT_NE(set.find("HttpOnly"), std::string::npos);
      EXPECT_NE(set.find("SameSite=Lax"), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(FoundationTest, WrongPasswordIsThrottledThenTheRightOneWorksAfterTheDelay) {
  auto c = Client();
  auto bad = R"({"username":"demo.monitor","password":"wrong-password"})";
  ExpectError(c.PostJson("/api/v1/auth/login", bad), 401, "invalid_credentials");
  ExpectError(c.PostJson("/api/v1/auth/login", bad), 401, "invalid_credentials");
  ExpectError(c.PostJson("/api/v1/auth/login", bad), 401, "invalid_credentials");
  auto locked =
      c.PostJson("/api/v1/auth/login", R"({"username":"demo.monitor","password":"motcua-demo"})");
  ExpectError(locked, 429, "too_many_login_attempts");
  ASSERT_TRUE(locked.Header("retry-after").has_value());
  int wait = std::stoi(*locked.Header("retry-after"));
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 2);
  // No proxy is trusted here: a forged X-Forwarded-For does not make the guesser someone else.
  ExpectError(
      c.PostJson("/api/v1/auth/login", R"({"username":"demo.monitor","password":"motcua-demo"})",
                 {{"X-Forwarded-For", "203.0.113.5"}}),
      429, "too_many_login_attempts");
  std::this_thread::sleep_for(std::chrono::seconds(wait) + std::chrono::milliseconds(200));
  Login(c, "demo.monitor");
}

TEST_F(FoundationTest, CookieAuthenticatedChangeNeedsCsrfToken) {
  auto c = Client();
  auto s = Login(c, "demo.admin");
  std::string body =
      R"({"code":"000.00.50.H99","name":"Ban Quản lý các khu công nghiệp","type":"department","parent_code":"000.00.00.H99"})";
  auto refused = c.PostJson("/api/v1/agencies", body, {{"Cookie", s.cookie}});
  ExpectError(refused, 403, "csrf_failed");
  auto wrong =
      c.PostJson("/api/v1/agencies", body, {{"Cookie", s.cookie}, {"X-CSRF-Token", "nope"}});
  ExpectError(wrong, 403, "csrf_failed");
  // Nothing was written by the refused attempts.
  EXPECT_EQ(c.Get("/api/v1/agencies/000.00.50.H99").status, 404);
  auto ok = c.PostJson("/api/v1/agencies", body, {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Reads with the cookie need no token.
  EXPECT_EQ(c.Get("/api/v1/auth/me", {{"Cookie", s.cookie}}).status, 200);
}

TEST_F(FoundationTest, StaffAreScopedToTheirAgencySubtree) {
  auto c = Client();
  auto leader = Login(c, "demo.leader");  // Sở Tư pháp 000.00.10.H99
  auto own = c.Get("/api/v1/agencies/000.00.10.H99/users", Bearer(leader));
  EXPECT_EQ(own.status, 200) << own.body;
  ExpectError(c.Get("/api/v1/agencies/000.00.11.H99/users", Bearer(leader)), 403, "agency_scope");
  ExpectError(c.Get("/api/v1/agencies/000.00.00.H99/users", Bearer(leader)), 403, "agency_scope");

  auto monitor = Login(c, "demo.monitor");  // the province: the whole tree
  EXPECT_EQ(c.Get("/api/v1/agencies/000.00.11.H99/users", Bearer(monitor)).status, 200);

  auto citizen = Login(c, "demo.citizen");
  ExpectError(c.Get("/api/v1/agencies/000.00.10.H99/users", Bearer(citizen)), 403, "forbidden");
  ExpectError(c.Get("/api/v1/agencies/000.00.01.H99/counters", Bearer(citizen)), 403, "forbidden");
  ExpectError(c.Get("/api/v1/audit", Bearer(citizen)), 403, "forbidden");
  ExpectError(c.Get("/api/v1/agencies/000.00.10.H99/users"), 401, "unauthenticated");

  auto officer = Login(c, "demo.reception_officer");
  auto counters = c.Get("/api/v1/agencies/000.00.01.H99/counters", Bearer(officer));
  ASSERT_EQ(counters.status, 200) << counters.body;
  EXPECT_EQ(Json(counters).at("items").as_array().size(), 4u);
  ExpectError(c.Get("/api/v1/agencies/000.21.01.H99/counters", Bearer(officer)), 403,
              "agency_scope");
}

TEST_F(FoundationTest, AgencyTreeIsPublicAndKeepsAbolishedUnitsForHistory) {
  auto c = Client();
  auto r = c.Get("/api/v1/agencies");
  ASSERT_EQ(r.status, 200);
  auto v = Json(r);
  const auto& roots = v.at("items").as_array();
  ASSERT_EQ(roots.size(), 1u);
  const auto& province = roots[0].as_object();
  EXPECT_EQ(province.at("code").as_string(), "000.00.00.H99");
  EXPECT_GE(province.at("children").as_array().size(), 14u);
  auto all = Json(c.Get("/api/v1/agencies?include_abolished=true"));
  EXPECT_EQ(all.at("items").as_array()[0].at("children").as_array().size(),
            province.at("children").as_array().size() + 1);
  auto legacy = Json(c.Get("/api/v1/agencies/000.40.00.H99"));
  EXPECT_TRUE(legacy.at("abolished").as_bool());
  EXPECT_EQ(legacy.at("type").as_string(), "legacy_district");
}

TEST_F(FoundationTest, AdminChangesAreValidatedAndAudited) {
  auto c = Client();
  auto admin = Login(c, "demo.admin");
  auto h = Bearer(admin);
  ExpectError(
      c.PostJson(
          "/api/v1/agencies",
          R"({"code":"000.00.xx.H99","name":"X","type":"department","parent_code":"000.00.00.H99"})",
          h),
      422, "invalid_agency_code", "code");
  ExpectError(
      c.PostJson(
          "/api/v1/agencies",
          R"({"code":"000.00.60.H99","name":"X","type":"district","parent_code":"000.00.00.H99"})",
          h),
      422, "invalid_agency_type", "type");
  ExpectError(
      c.PostJson(
          "/api/v1/agencies",
          R"({"code":"000.00.10.H99","name":"Trùng mã","type":"department","parent_code":"000.00.00.H99"})",
          h),
      409, "already_exists", "code");
  auto created = c.PostJson(
      "/api/v1/agencies",
      R"({"code":"000.00.61.H99","name":"Sở Khoa học và Công nghệ","type":"department","parent_code":"000.00.00.H99"})",
      h);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created).at("name").as_string(), "Sở Khoa học và Công nghệ");
  auto user = c.PostJson(
      "/api/v1/users",
      R"({"username":"cv.khcn","password":"mat-khau-dai","full_name":"Vũ Thị Hà","role":"specialist","agency_code":"000.00.61.H99"})",
      h);
  EXPECT_EQ(user.status, 201) << user.body;
  ExpectError(
      c.PostJson(
          "/api/v1/users",
          R"({"username":"cv.khcn","password":"mat-khau-dai","full_name":"Trùng","role":"specialist","agency_code":"000.00.61.H99"})",
          h),
      409, "already_exists", "username");
  ExpectError(
      c.PostJson(
          "/api/v1/users",
          R"({"username":"x.y","password":"short","full_name":"A","role":"specialist","agency_code":"000.00.61.H99"})",
          h),
      422, "weak_password", "password");
  auto audit = Json(c.Get("/api/v1/audit", h));
  bool saw_agency = false, saw_user = false, saw_login = false;
  for (const auto& e : audit.at("items").as_array()) {
    auto action = e.at("action").as_string();
    saw_agency |= action == "agency.create" && e.at("object_id").as_string() == "000.00.61.H99";
    saw_user |= action == "user.create";
    saw_login |= action == "login";
  }
  EXPECT_TRUE(saw_agency);
  EXPECT_TRUE(saw_user);
  EXPECT_TRUE(saw_login);
  // The audit log never holds a password.
  EXPECT_EQ(json::serialize(audit).find("mat-khau-dai"), std::string::npos);
}

TEST_F(FoundationTest, BadRequestsGetTheErrorShapeAndTheServerKeepsServing) {
  auto c = Client();
  ExpectError(c.PostJson("/api/v1/auth/login", "{\"username\": "), 400, "invalid_json");
  ExpectError(c.PostJson("/api/v1/auth/login", "[1,2]"), 400, "invalid_json");
  ExpectError(c.PostJson("/api/v1/auth/login", R"({"password":"x"})"), 422, "missing_field",
              "username");
  auto r415 = c.Send("POST", "/api/v1/auth/login", "username=a", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(r415);
  ExpectError(*r415, 415, "unsupported_media_type");
  std::string huge(2 << 20, 'a');
  auto big = c.Send("POST", "/api/v1/auth/login", huge, {{"Content-Type", "application/json"}});
  ASSERT_TRUE(big);
  ExpectError(*big, 413, "payload_too_large");
  ExpectError(c.Get("/api/v1/no-such-thing"), 404, "route_not_found");
  auto r405 = c.Send("DELETE", "/api/v1/agencies");
  ASSERT_TRUE(r405);
  ExpectError(*r405, 405, "method_not_allowed");
  EXPECT_TRUE(r405->Header("allow").has_value());
  // English on request.
  auto en = Json(c.Get("/api/v1/no-such-thing?lang=en"));
  EXPECT_EQ(en.at("error").at("message").as_string(), "No such route.");
  // Still serving.
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST_F(FoundationTest, OpenApiDescribesEveryRoute) {
  auto c = Client();
  auto r = c.Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = Json(r);
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  const auto& paths = doc.at("paths").as_object();
  for (const char* p : {"/api/v1/auth/login", "/api/v1/agencies", "/api/v1/agencies/{code}",
                        "/healthz", "/readyz", "/api/openapi.json"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  for (const auto& [path, ops] : paths) {
    for (const auto& [method, op] : ops.as_object()) {
      EXPECT_FALSE(op.at("summary").as_string().empty()) << path << " " << method;
      // Every documented operation answers something other than 404/405 (it is really routed).
      std::string target(path);
      size_t b;
      while ((b = target.find('{')) != std::string::npos) {
        target.replace(b, target.find('}') - b + 1, "000.00.10.H99");
      }
      std::string m(method);
      for (auto& ch : m) ch = static_cast<char>(std::toupper(ch));
      auto resp = c.Send(m, target, m == "GET" ? "" : "{}", {{"Content-Type", "application/json"}});
      ASSERT_TRUE(resp);
      EXPECT_NE(resp->status, 405) << m << " " << target;
      if (resp->status == 404) {
        EXPECT_NE(Json(*resp).at("error").at("code").as_string(), "route_not_found") << target;
      }
    }
  }
}

TEST(ServerLifecycle, SigtermUnderLoadTruncatesNothingAndLeavesAnIntactDatabase) {
  TestServer server({"--demo", "--no-access-log"});
  std::atomic<bool> stop{false};
  std::atomic<int> complete{0}, truncated{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      HttpClient c(server.port());
      while (!stop) {
        auto r = (i % 2 == 0) ? c.Send("GET", "/api/v1/agencies")
                              : c.Send("POST", "/api/v1/auth/login",
                                       R"({"username":"demo.citizen","password":"wrong"})",
                                       {{"Content-Type", "application/json"}});
        if (!r) {
          // Refused or closed before a status line: the server is gone, not a truncation.
          if (!server.running()) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        if (r->complete)
          ++complete;
        else
          ++truncated;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  int rc = server.Stop();
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(rc, 0) << server.Output();
  EXPECT_GT(complete.load(), 10);
  EXPECT_EQ(truncated.load(), 0);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server.db_path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(ServerLifecycle, WithoutDemoThereAreNoDemoUsers) {
  TestServer server({"--no-access-log"});
  HttpClient c(server.port());
  auto r =
      c.PostJson("/api/v1/auth/login", R"({"username":"demo.admin","password":"motcua-demo"})");
  EXPECT_EQ(r.status, 401);
}

}  // namespace
}  // namespace motcua::testing
