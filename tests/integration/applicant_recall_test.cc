// POST /api/v1/applicants/recall over real HTTP on the demo organisation: the reception officer
// gets the applicant of the newest demo dossier with that identity number, others are refused,
// an officer of another subtree finds nothing, the recall is audited, and the number appears
// neither in the audit log nor in the server's output (its access log included).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>

#include "support/demo_server_test.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

// Trần Thị Bích Ngọc's demo dossier (service/demo_dossiers.cc), received at the centre.
constexpr const char* kIdNumber = "079185001234";
constexpr const char* kPath = "/api/v1/applicants/recall";

std::string Body(const std::string& id_number) {
  return json::serialize(json::object{{"id_number", id_number}});
}

class ApplicantRecallApiTest : public DemoServerTest {
 protected:
  // With the access log on: the test checks that the number never reaches it.
  static void SetUpTestSuite() { server_ = new TestServer({"--demo"}); }

  using Session = DemoSession;
  Session Login(HttpClient& c, const std::string& user, const std::string& password = "") {
    HttpResponse r =
        password.empty()
            ? DemoLogin(c, user)
            : c.PostJson("/api/v1/auth/login",
                         json::serialize(json::object{{"username", user}, {"password", password}}));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    auto o = json::parse(r.body).as_object();
    return {std::string(o.at("token").as_string()), std::string(o.at("csrf_token").as_string())};
  }
  static json::object Json(const HttpResponse& r) { return json::parse(r.body).as_object(); }
  static std::string ErrorCode(const HttpResponse& r) {
    return std::string(Json(r).at("error").at("code").as_string());
  }
};

TEST_F(ApplicantRecallApiTest, TheOfficerRecallsTheApplicantOfTheNewestDossier) {
  auto c = Client();
  Session officer = Login(c, "demo.reception_officer");
  auto r = c.PostJson(kPath, Body(kIdNumber), officer.Bearer());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("cache-control").value_or(""), "no-store");
  auto o = Json(r);
  const auto& a = o.at("applicant").as_object();
  EXPECT_EQ(a.at("full_name").as_string(), "Trần Thị Bích Ngọc");
  EXPECT_EQ(a.at("phone").as_string(), "0987654321");
  EXPECT_EQ(a.at("id_number").as_string(), kIdNumber);
  EXPECT_FALSE(a.at("address").as_string().empty());
  const std::string code(o.at("dossier_code").as_string());
  EXPECT_EQ(code.rfind("000.00.01.H99-", 0), 0u) << code;
  EXPECT_TRUE(o.at("received_at").is_string());

  // Audited with the dossier code, never the number.
  Session admin = Login(c, "demo.admin");
  auto audit = c.Get("/api/v1/audit", admin.Bearer());
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool seen = false;
  const json::object listed = Json(audit);
  for (const auto& item : listed.at("items").as_array()) {
    const auto& i = item.as_object();
    if (i.at("action").as_string() != "applicant_recall") continue;
    seen = true;
    EXPECT_EQ(i.at("object_id").as_string(), code);
    EXPECT_EQ(i.at("actor").as_string(), "demo.reception_officer");
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(audit.body.find(kIdNumber), std::string::npos);
  // The access log has the request, without the number.
  EXPECT_NE(server_->Output().find(kPath), std::string::npos);
  EXPECT_EQ(server_->Output().find(kIdNumber), std::string::npos);
}

TEST_F(ApplicantRecallApiTest, UnknownNumbersAndBadShapes) {
  auto c = Client();
  Session officer = Login(c, "demo.reception_officer");
  auto r = c.PostJson(kPath, Body("001099999999"), officer.Bearer());
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(ErrorCode(r), "not_found");

  for (const char* bad : {"12345", "07918500123x", "0791850012345"}) {
    r = c.PostJson(kPath, Body(bad), officer.Bearer());
    ASSERT_EQ(r.status, 422) << bad << " " << r.body;
    auto e = Json(r).at("error").as_object();
    EXPECT_EQ(e.at("code").as_string(), "invalid_id_number");
    EXPECT_EQ(e.at("field").as_string(), "id_number");
    EXPECT_NE(std::string(e.at("message").as_string()).find("chữ số"), std::string::npos);
  }
  Headers en = officer.Bearer();
  en["Accept-Language"] = "en";
  r = c.PostJson(kPath, Body("12345"), en);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(std::string(Json(r).at("error").at("message").as_string()).find("digits"),
            std::string::npos);

  r = c.PostJson(kPath, "{}", officer.Bearer());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorCode(r), "missing_field");
}

TEST_F(ApplicantRecallApiTest, OnlyReceptionOfficersAndWithTheCsrfTokenOnACookie) {
  auto c = Client();
  EXPECT_EQ(c.PostJson(kPath, Body(kIdNumber)).status, 401);
  for (const char* user : {"demo.citizen", "demo.specialist", "demo.leader", "demo.admin"}) {
    Session s = Login(c, user);
    auto r = c.PostJson(kPath, Body(kIdNumber), s.Bearer());
    EXPECT_EQ(r.status, 403) << user << " " << r.body;
  }

  Session officer = Login(c, "demo.reception_officer");
  Headers cookie{{"Cookie", "motcua_session=" + officer.token}};
  auto r = c.PostJson(kPath, Body(kIdNumber), cookie);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(ErrorCode(r), "csrf_failed");
  cookie["X-CSRF-Token"] = officer.csrf;
  r = c.PostJson(kPath, Body(kIdNumber), cookie);
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(ApplicantRecallApiTest, AnOfficerOfAnotherSubtreeFindsNothing) {
  auto c = Client();
  Session admin = Login(c, "demo.admin");
  auto created = c.PostJson("/api/v1/users",
                            json::serialize(json::object{{"username", "tn.tanlap"},
                                                         {"full_name", "Cán bộ Tân Lập"},
                                                         {"role", "reception_officer"},
                                                         {"agency_code", "000.22.01.H99"},
                                                         {"password", "mat-khau-tan-lap-1"}}),
                            admin.Bearer());
  ASSERT_EQ(created.status, 201) << created.body;
  Session other = Login(c, "tn.tanlap", "mat-khau-tan-lap-1");
  auto r = c.PostJson(kPath, Body(kIdNumber), other.Bearer());
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(ApplicantRecallApiTest, TheCounterPageOffersTheRecall) {
  auto c = Client();
  Session officer = Login(c, "demo.reception_officer");
  for (const auto& [lang, text] : {std::pair{"vi", "Đã điền thông tin người nộp từ hồ sơ"},
                                   std::pair{"en", "Applicant details filled in from dossier"}}) {
    auto r = c.Get("/quay?thu-tuc=2.000488",
                   {{"Cookie", "motcua_session=" + officer.token + "; motcua_lang=" + lang}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("id=\"recall-status\""), std::string::npos);
    EXPECT_NE(r.body.find("aria-live=\"polite\""), std::string::npos);
    EXPECT_NE(r.body.find(text), std::string::npos) << lang;
    EXPECT_NE(r.body.find("id=\"a-email\""), std::string::npos);
  }
}

}  // namespace
}  // namespace motcua::testing
