// The citizen-facing form posts of the web pages over real HTTP (issue 6): rating at the kiosk and
// on the portal, complaints (PAKN), the online supplement. Each error case checks the status, that
// the error is shown next to its field, and in the database that nothing was written.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/multipart_body.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

class WebFeedbackTest : public DemoServerTest {
 protected:
  using Session = DemoSession;

  // Reads the version as `who` sees it, then acts through the JSON API.
  void Act(const Session& who, const std::string& code, const std::string& action,
           json::object extra = {}) {
    auto c = Client();
    auto view = c.Get("/api/v1/dossiers/" + code, who.Bearer());
    ASSERT_EQ(view.status, 200) << view.body;
    json::object b{{"action", action},
                   {"version", json::parse(view.body).at("version").as_int64()}};
    for (auto& kv : extra) b[kv.key()] = kv.value();
    auto r = c.PostJson("/api/v1/dossiers/" + code + "/actions", json::serialize(b), who.Bearer());
    ASSERT_EQ(r.status, 200) << action << ": " << r.body;
  }

  std::string DossierStatus(const Session& who, const std::string& code) {
    auto c = Client();
    auto r = c.Get("/api/v1/dossiers/" + code, who.Bearer());
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(json::parse(r.body).at("status").as_string());
  }

  // A same-day procedure received at the counter and taken to the return. The applicant's id
  // number ends in 4321 and the phone in 5678.
  std::string ReturnedDossier() {
    auto officer = Login("demo.reception_officer");
    auto c = Client();
    json::object body{{"procedure_code", "1.000502"},
                      {"channel", "counter"},
                      {"applicant", json::object{{"type", "citizen"},
                                                 {"full_name", "Nguyễn Văn Bình"},
                                                 {"id_number", "001090054321"},
                                                 {"phone", "0912345678"},
                                                 {"address", "Số 7 phố Tràng Tiền"}}},
                      {"components", json::array{json::object{
                                         {"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
    auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), officer.Bearer());
    EXPECT_EQ(r.status, 201) << r.body;
    std::string code(json::parse(r.body).at("code").as_string());
    Act(officer, code, "forward");
    Act(Login("demo.specialist"), code, "forward");
    Act(Login("demo.leader"), code, "approve");
    Act(officer, code, "return", {{"return_method", "counter"}});
    return code;
  }

  // An anonymous form page: its form token (hidden field and cookie).
  std::string FormToken(const std::string& path) {
    auto c = Client();
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    std::smatch m;
    std::regex re("name=\"form_token\" value=\"([^\"]+)\"");
    EXPECT_TRUE(std::regex_search(r.body, m, re)) << path;
    std::string token = m.size() > 1 ? m[1].str() : "";
    bool cookie = false;
    for (const auto& h : r.Headers("set-cookie"))
      if (h.rfind("motcua_form=" + token + ";", 0) == 0) cookie = true;
    EXPECT_TRUE(cookie) << "form token cookie";
    return token;
  }

  HttpResponse PostForm(const std::string& path, const std::string& body,
                        const std::string& cookie) {
    auto c = Client();
    auto r = c.Send("POST", path, body, {{"Content-Type", kFormContentType}, {"Cookie", cookie}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(HttpResponse{});
  }
};

TEST_F(WebFeedbackTest, KioskRatingChecksTokenAndVerifier) {
  const std::string code = ReturnedDossier();
  const std::string ratings =
      "SELECT COUNT(*) FROM ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '" +
      code + "'";
  std::string token = FormToken("/kiosk/danh-gia?ma=" + web::UrlEncode(code));
  const std::string cookie = "motcua_form=" + token;
  auto fields = [&](const std::string& form_token, const std::string& verifier) {
    return FormBody({{"form_token", form_token},
                     {"ma", code},
                     {"verifier", verifier},
                     {"bodies_contacted", "2"},
                     {"attitude", "2"}});
  };
  // A missing or wrong form token: 403, nothing written.
  EXPECT_EQ(PostForm("/kiosk/danh-gia", fields("", "4321"), cookie).status, 403);
  EXPECT_EQ(PostForm("/kiosk/danh-gia", fields("wrong-token-wrong-token", "4321"), cookie).status,
            403);
  EXPECT_EQ(PostForm("/kiosk/danh-gia", fields(token, "4321"), "motcua_form=other").status, 403);
  EXPECT_EQ(Count(ratings), 0);
  // A wrong verifier: 422, the message next to the field, nothing written.
  auto bad = PostForm("/kiosk/danh-gia", fields(token, "1234"), cookie);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("id=\"verifier-error\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(bad.body.find("Bốn số cuối không khớp"), std::string::npos);
  // No verifier at all, and an unknown code.
  EXPECT_EQ(PostForm("/kiosk/danh-gia", fields(token, ""), cookie).status, 422);
  auto unknown = PostForm("/kiosk/danh-gia",
                          FormBody({{"form_token", token},
                                    {"ma", "000.00.01.H99-250101-9999"},
                                    {"verifier", "4321"},
                                    {"attitude", "2"}}),
                          cookie);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("id=\"ma-error\""), std::string::npos);
  // No answer: 422 on the questions.
  auto none =
      PostForm("/kiosk/danh-gia",
               FormBody({{"form_token", token}, {"ma", code}, {"verifier", "4321"}}), cookie);
  EXPECT_EQ(none.status, 422);
  EXPECT_NE(none.body.find("id=\"answers-error\""), std::string::npos);
  EXPECT_EQ(Count(ratings), 0);
  // The right verifier (the id number's last four digits): recorded once, then 409.
  auto ok = PostForm("/kiosk/danh-gia", fields(token, "4321"), cookie);
  EXPECT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(ok.Header("location").value_or(""), "/kiosk/danh-gia?da-danh-gia=1");
  EXPECT_EQ(Count(ratings), 1);
  auto again = PostForm("/kiosk/danh-gia", fields(token, "4321"), cookie);
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("id=\"ma-error\""), std::string::npos);
  EXPECT_EQ(Count(ratings), 1);
  // The portal is another channel; the phone's last four digits work too.
  std::string portal = FormToken("/danh-gia/" + web::UrlEncode(code));
  auto online = PostForm("/danh-gia/" + web::UrlEncode(code),
                         FormBody({{"form_token", portal},
                                   {"verifier", "5678"},
                                   {"publication", "1"},
                                   {"comment", "<script>alert(1)</script>"}}),
                         "motcua_form=" + portal);
  EXPECT_EQ(online.status, 303) << online.body;
  EXPECT_EQ(Count(ratings + " AND r.channel = 'online'"), 1);
  // The lookup page offers the rating for the returned dossier.
  auto c = Client();
  auto lookup = c.Get("/tra-cuu/" + web::UrlEncode(code));
  EXPECT_NE(lookup.body.find("href=\"/danh-gia/" + web::UrlEncode(code) + "\""), std::string::npos);
  auto kiosk = c.Get("/kiosk/tra-cuu?ma=" + web::UrlEncode(code));
  EXPECT_NE(kiosk.body.find("href=\"/kiosk/danh-gia?ma=" + web::UrlEncode(code) + "\""),
            std::string::npos);
}

TEST_F(WebFeedbackTest, ComplaintsAtThePortalAndTheKiosk) {
  const std::string complaints = "SELECT COUNT(*) FROM complaints";
  const int64_t before = Count(complaints);
  std::string token = FormToken("/phan-anh");
  const std::string cookie = "motcua_form=" + token;
  const std::string xss = "\"><img src=x onerror=alert(1)>";
  auto body = [&](const std::string& form_token, const std::string& phone) {
    return FormBody({{"form_token", form_token},
                     {"agency_code", "000.00.10.H99"},
                     {"content", xss},
                     {"full_name", "Trần Văn Cường"},
                     {"phone", phone}});
  };
  EXPECT_EQ(PostForm("/phan-anh", body("", "0912345678"), cookie).status, 403);
  EXPECT_EQ(PostForm("/phan-anh", body("not-the-token-at-all", "0912345678"), cookie).status, 403);
  // Invalid phone; no contact at all; nothing to complain about: 422 next to the fields.
  auto phone = PostForm("/phan-anh", body(token, "12ab"), cookie);
  EXPECT_EQ(phone.status, 422);
  EXPECT_NE(phone.body.find("id=\"phone-error\""), std::string::npos);
  auto anonymous = PostForm(
      "/phan-anh",
      FormBody({{"form_token", token}, {"agency_code", "000.00.10.H99"}, {"content", "Nội dung"}}),
      cookie);
  EXPECT_EQ(anonymous.status, 422);
  EXPECT_NE(anonymous.body.find("id=\"name-error\""), std::string::npos);
  EXPECT_NE(anonymous.body.find("id=\"phone-error\""), std::string::npos);
  auto empty = PostForm(
      "/phan-anh",
      FormBody({{"form_token", token}, {"full_name", "Trần Văn Cường"}, {"phone", "0912345678"}}),
      cookie);
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("id=\"content-error\""), std::string::npos);
  EXPECT_NE(empty.body.find("id=\"agency-error\""), std::string::npos);
  auto unknown = PostForm("/phan-anh",
                          FormBody({{"form_token", token},
                                    {"ma", "000.00.01.H99-250101-9999"},
                                    {"content", "Chậm"},
                                    {"full_name", "Trần Văn Cường"},
                                    {"phone", "0912345678"}}),
                          cookie);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("id=\"ma-error\""), std::string::npos);
  // The hostile content is echoed escaped, never as markup.
  EXPECT_EQ(phone.body.find(xss), std::string::npos);
  EXPECT_EQ(Count(complaints), before);
  // Accepted at the portal and, anonymously, at the kiosk.
  auto ok = PostForm("/phan-anh", body(token, "0912 345 678"), cookie);
  EXPECT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(ok.Header("location").value_or("").rfind("/phan-anh?da-gui=", 0), 0u);
  std::string kiosk_token = FormToken("/kiosk/phan-anh");
  auto kiosk =
      PostForm("/kiosk/phan-anh", body(kiosk_token, "0912345678"), "motcua_form=" + kiosk_token);
  EXPECT_EQ(kiosk.status, 303) << kiosk.body;
  EXPECT_EQ(Count(complaints), before + 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM complaints WHERE channel = 'kiosk' AND created_by IS NULL "
                  "AND content LIKE '%0912345678%'"),
            1);
  auto c = Client();
  auto notice = c.Get(ok.Header("location").value_or("/"));
  EXPECT_EQ(notice.status, 200);
  EXPECT_NE(notice.body.find("Đã tiếp nhận phản ánh, kiến nghị số"), std::string::npos);

  // A logged-in citizen: the session's CSRF token, and the complaint listed on /ca-nhan.
  auto citizen = Login("demo.citizen");
  const std::string session = "motcua_session=" + citizen.token;
  auto no_csrf = PostForm("/phan-anh",
                          FormBody({{"csrf_token", "x"},
                                    {"agency_code", "000.00.10.H99"},
                                    {"content", "Đề nghị niêm yết lệ phí."}}),
                          session);
  EXPECT_EQ(no_csrf.status, 403);
  auto mine = PostForm("/phan-anh",
                       FormBody({{"csrf_token", citizen.csrf},
                                 {"agency_code", "000.00.10.H99"},
                                 {"content", "Đề nghị niêm yết lệ phí <b>rõ ràng</b>."}}),
                       session);
  EXPECT_EQ(mine.status, 303) << mine.body;
  auto account = c.Get("/ca-nhan", {{"Cookie", session}});
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Đề nghị niêm yết lệ phí &lt;b&gt;rõ ràng&lt;/b&gt;."),
            std::string::npos);
  EXPECT_NE(account.body.find("Đang chờ trả lời"), std::string::npos);
  EXPECT_EQ(Count(complaints), before + 3);
}

TEST_F(WebFeedbackTest, SupplementUpload) {
  auto citizen = Login("demo.citizen");
  auto officer = Login("demo.reception_officer");
  auto c = Client();
  json::object body{{"procedure_code", "1.000502"},
                    {"channel", "online"},
                    {"applicant", json::object{{"type", "citizen"},
                                               {"full_name", "Nguyễn Văn An"},
                                               {"id_number", "001090012345"},
                                               {"phone", "0912345678"}}},
                    {"components", json::array{json::object{
                                       {"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
  auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), citizen.Bearer());
  ASSERT_EQ(r.status, 201) << r.body;
  std::string code(json::parse(r.body).at("code").as_string());
  Act(officer, code, "receive");
  Act(officer, code, "request_supplement",
      {{"reason", "Thiếu giấy tờ"},
       {"missing_items", json::array{"Bản sao giấy khai sinh", "Ảnh chân dung 4x6"}}});
  ASSERT_EQ(DossierStatus(citizen, code), "waiting_supplement");
  const std::string session = "motcua_session=" + citizen.token;
  auto page = c.Get("/ho-so/" + web::UrlEncode(code) + "/bo-sung", {{"Cookie", session}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Bản sao giấy khai sinh"), std::string::npos);
  EXPECT_NE(page.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("name=\"version\" value=\"(\\d+)\"")));
  const std::string version = m[1].str();

  auto multipart = [&](const std::string& csrf, const std::string& file) {
    return MultipartBody()
        .Field("csrf_token", csrf)
        .Field("version", version)
        .File("file0", "khai-sinh.pdf", file, "application/pdf")
        .Field("note", "Đã bổ sung.")
        .Build();
  };
  auto post = [&](const std::string& b) {
    auto resp = c.Send("POST", "/ho-so/" + web::UrlEncode(code) + "/bo-sung", b,
                       {{"Content-Type", MultipartBody::ContentType()}, {"Cookie", session}});
    EXPECT_TRUE(resp.has_value());
    return resp.value_or(HttpResponse{});
  };
  const std::string attachments = "SELECT COUNT(*) FROM attachments";
  const int64_t files_before = Count(attachments);
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  // Bad CSRF: 403; a file that is not a PDF/JPEG/PNG: 422 next to its input; nothing stored.
  EXPECT_EQ(post(multipart("wrong", pdf)).status, 403);
  auto bad_file = post(multipart(citizen.csrf, "MZ this is not a document"));
  EXPECT_EQ(bad_file.status, 422);
  EXPECT_NE(bad_file.body.find("id=\"file0-error\""), std::string::npos);
  auto no_file = post(multipart(citizen.csrf, ""));
  EXPECT_EQ(no_file.status, 422);
  EXPECT_NE(no_file.body.find("id=\"files-error\""), std::string::npos);
  EXPECT_EQ(post("garbage").status, 400);
  EXPECT_EQ(Count(attachments), files_before);
  EXPECT_EQ(DossierStatus(citizen, code), "waiting_supplement");
  // The reception officer may supplement on the applicant's behalf (at the counter).
  auto stranger = c.Get("/ho-so/" + web::UrlEncode(code) + "/bo-sung",
                        {{"Cookie", "motcua_session=" + Login("demo.reception_officer").token}});
  EXPECT_EQ(stranger.status, 200);
  // The supplement: the file is attached and the dossier leaves waiting_supplement.
  auto done = post(multipart(citizen.csrf, pdf));
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.Header("location").value_or(""),
            "/ho-so/" + web::UrlEncode(code) + "?da-bo-sung=1");
  EXPECT_EQ(Count(attachments), files_before + 1);
  EXPECT_EQ(DossierStatus(citizen, code), "received");
  // Once supplemented, the page says so and a second post is refused.
  EXPECT_EQ(post(multipart(citizen.csrf, pdf)).status, 409);
  EXPECT_EQ(Count(attachments), files_before + 1);
}

}  // namespace
}  // namespace motcua::testing
