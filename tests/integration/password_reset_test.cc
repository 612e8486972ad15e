// Forgotten password by e-mail, end to end: the real server sends through a real SMTP server
// (aiosmtpd), and the link from the received mail sets the new password.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <regex>
#include <string>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/smtp_sink.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

const char kAnswer[] = "Nếu tài khoản tồn tại và có địa chỉ thư điện tử, chúng tôi đã gửi thư";

class PasswordResetTest : public DemoServerTest {
 protected:
  static void SetUpTestSuite() {
    smtp_ = new SmtpSink();
    server_ =
        new TestServer({"--demo", "--no-access-log", "--smtp-url", smtp_->url(), "--smtp-from",
                        "motcua@example.vn", "--password-reset-rate-per-minute", "1000"});
  }
  static void TearDownTestSuite() {
    DemoServerTest::TearDownTestSuite();
    delete smtp_;
    smtp_ = nullptr;
  }

  void Register(const std::string& username, const std::string& email) {
    auto c = Client();
    json::object body{{"username", username},
                      {"password", "mat-khau-cu"},
                      {"full_name", "Nguyễn Văn Tín"},
                      {"email", email}};
    auto r = c.PostJson("/api/v1/auth/register", json::serialize(body));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  HttpResponse LogIn(const std::string& username, const std::string& password) {
    auto c = Client();
    return c.PostJson("/api/v1/auth/login", json::serialize(json::object{{"username", username},
                                                                         {"password", password}}));
  }

  // GETs a form page and returns its form token (hidden field, also set as the cookie).
  std::string FormToken(const std::string& path) {
    auto c = Client();
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 200) << path << r.body;
    std::smatch m;
    std::regex re("name=\"form_token\" value=\"([^\"]+)\"");
    EXPECT_TRUE(std::regex_search(r.body, m, re)) << path;
    return m.size() > 1 ? m[1].str() : "";
  }

  HttpResponse PostForm(const std::string& path, const std::string& body,
                        const std::string& form_token) {
    auto c = Client();
    auto r = c.Send("POST", path, body,
                    {{"Content-Type", kFormContentType}, {"Cookie", "motcua_form=" + form_token}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(HttpResponse{});
  }

  HttpResponse RequestReset(const std::string& account) {
    std::string token = FormToken("/quen-mat-khau");
    return PostForm("/quen-mat-khau", FormBody({{"form_token", token}, {"account", account}}),
                    token);
  }

  HttpResponse SetPassword(const std::string& link_token, const std::string& password) {
    std::string token = FormToken("/dat-lai-mat-khau?ma=" + link_token);
    return PostForm("/dat-lai-mat-khau",
                    FormBody({{"form_token", token}, {"ma", link_token}, {"password", password}}),
                    token);
  }

  // The link token in the newest mail to `to` among `mails`.
  static std::string LinkToken(const std::vector<std::string>& mails, const std::string& to) {
    std::string token;
    for (const auto& raw : mails) {
      if (raw.find("To: <" + to + ">") == std::string::npos) continue;
      std::smatch m;
      std::string body = MailBody(raw);
      std::regex re("/dat-lai-mat-khau\\?ma=([A-Za-z0-9_-]+)");
      if (std::regex_search(body, m, re)) token = m[1].str();
    }
    return token;
  }

  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(server_->db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  static inline SmtpSink* smtp_ = nullptr;
};

TEST_F(PasswordResetTest, MailedLinkSetsANewPasswordOnceAndEndsSessions) {
  Register("cd.tin", "Tin.Nguyen@Example.VN");
  auto old_login = LogIn("cd.tin", "mat-khau-cu");
  ASSERT_EQ(old_login.status, 200);
  std::string old_session(json::parse(old_login.body).at("token").as_string());

  size_t before = smtp_->Messages().size();
  auto r = RequestReset("TIN.nguyen@example.vn");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(kAnswer), std::string::npos) << r.body;
  auto mails = smtp_->WaitFor(before + 1);
  ASSERT_EQ(mails.size(), before + 1);
  const std::string& raw = mails.back().find("tin.nguyen@example.vn") != std::string::npos
                               ? mails.back()
                               : mails.front();
  // UTF-8 subject as RFC 2047 words; the body in Vietnamese with diacritics.
  EXPECT_NE(raw.find("Subject: =?UTF-8?B?"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  std::string body = MailBody(raw);
  EXPECT_NE(body.find("Xin chào Nguyễn Văn Tín"), std::string::npos) << body;
  EXPECT_NE(
      body.find("http://localhost:" + std::to_string(server_->port()) + "/dat-lai-mat-khau?ma="),
      std::string::npos)
      << body;
  std::string link = LinkToken(mails, "tin.nguyen@example.vn");
  ASSERT_FALSE(link.empty());

  // The page behind the link, its secret kept from other sites.
  auto c = Client();
  auto page = c.Get("/dat-lai-mat-khau?ma=" + link);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("referrer-policy").value_or(""), "no-referrer");

  // Without the form token nothing changes; a short password is refused and the link survives.
  auto forged =
      PostForm("/dat-lai-mat-khau",
               FormBody({{"form_token", "x"}, {"ma", link}, {"password", "mat-khau-moi"}}), "y");
  EXPECT_EQ(forged.status, 403);
  auto weak = SetPassword(link, "ngan");
  EXPECT_EQ(weak.status, 422);
  EXPECT_NE(weak.body.find("ít nhất 8 ký tự"), std::string::npos);
  EXPECT_EQ(LogIn("cd.tin", "mat-khau-cu").status, 200);

  auto done = SetPassword(link, "mat-khau-moi");
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location").value_or(""), "/dang-nhap?da-doi-mat-khau=1");
  EXPECT_EQ(LogIn("cd.tin", "mat-khau-cu").status, 401);
  EXPECT_EQ(LogIn("cd.tin", "mat-khau-moi").status, 200);
  auto me = c.Get("/api/v1/auth/me", {{"Authorization", "Bearer " + old_session}});
  EXPECT_EQ(me.status, 401) << "the sessions from before the reset are ended";

  // A used link is refused with a clear page, and changes nothing.
  auto again = c.Get("/dat-lai-mat-khau?ma=" + link);
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(again.body.find("đã được dùng hoặc đã hết hạn"), std::string::npos) << again.body;
  std::string token = FormToken("/quen-mat-khau");  // any page's token: the link is checked first
  auto reuse = PostForm(
      "/dat-lai-mat-khau",
      FormBody({{"form_token", token}, {"ma", link}, {"password", "mat-khau-khac"}}), token);
  EXPECT_EQ(reuse.status, 400);
  EXPECT_EQ(LogIn("cd.tin", "mat-khau-moi").status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM password_resets WHERE token_hash = '" + link + "'"), 0)
      << "only the hash of the link is stored";
}

TEST_F(PasswordResetTest, UnknownAccountsGetTheSameAnswerAndNoMail) {
  Register("cd.khong.thu", "");  // an account without an address
  size_t before = smtp_->Messages().size();
  for (const char* who : {"khong.ton.tai", "ai.do@example.vn", "cd.khong.thu"}) {
    auto r = RequestReset(who);
    EXPECT_EQ(r.status, 200) << who;
    EXPECT_NE(r.body.find(kAnswer), std::string::npos) << who;
  }
  // Give a wrongly sent mail time to arrive before concluding none was sent.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(smtp_->Messages().size(), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM password_resets r JOIN users u ON u.id = r.user_id "
                  "WHERE u.username = 'cd.khong.thu'"),
            0);
}

TEST_F(PasswordResetTest, ExpiredAndForgedLinksAreRefused) {
  Register("cd.het.han", "het.han@example.vn");
  size_t before = smtp_->Messages().size();
  ASSERT_EQ(RequestReset("cd.het.han").status, 200);
  std::string link = LinkToken(smtp_->WaitFor(before + 1), "het.han@example.vn");
  ASSERT_FALSE(link.empty());
  // Thirty minutes later, as far as the stored link knows.
  Exec(
      "UPDATE password_resets SET expires_at = created_at WHERE user_id = (SELECT id FROM users "
      "WHERE username = 'cd.het.han')");
  auto c = Client();
  EXPECT_EQ(c.Get("/dat-lai-mat-khau?ma=" + link).status, 400);
  std::string token = FormToken("/quen-mat-khau");
  auto expired = PostForm(
      "/dat-lai-mat-khau",
      FormBody({{"form_token", token}, {"ma", link}, {"password", "mat-khau-moi"}}), token);
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(LogIn("cd.het.han", "mat-khau-cu").status, 200);
  auto forged = c.Get("/dat-lai-mat-khau?ma=gia-mao-hoan-toan");
  EXPECT_EQ(forged.status, 400);
  EXPECT_NE(forged.body.find("Liên kết đặt lại mật khẩu không hợp lệ"), std::string::npos);
  EXPECT_EQ(c.Get("/dat-lai-mat-khau").status, 400);
}

TEST_F(PasswordResetTest, RegistrationRefusesBadOrTakenAddresses) {
  Register("cd.dau.tien", "dau.tien@example.vn");
  auto c = Client();
  for (const auto& [email, code] : {std::pair{"khong-hop-le", "invalid_email"},
                                    std::pair{"DAU.TIEN@example.vn", "email_taken"}}) {
    json::object body{{"username", "cd.thu.hai"},
                      {"password", "mat-khau-cu"},
                      {"full_name", "Thứ Hai"},
                      {"email", email}};
    auto r = c.PostJson("/api/v1/auth/register", json::serialize(body));
    EXPECT_GE(r.status, 400) << r.body;
    EXPECT_LT(r.status, 500) << r.body;
    auto err = json::parse(r.body).at("error").as_object();
    EXPECT_EQ(err.at("code").as_string(), code);
    EXPECT_EQ(err.at("field").as_string(), "email");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'cd.thu.hai'"), 0);
}

TEST_F(PasswordResetTest, AccountPageSetsTheOwnAddressAndTheLoginPageLinksHere) {
  Register("cd.sau.nay", "");
  auto login = LogIn("cd.sau.nay", "mat-khau-cu");
  ASSERT_EQ(login.status, 200);
  auto o = json::parse(login.body).as_object();
  std::string cookie = "motcua_session=" + std::string(o.at("token").as_string());
  std::string csrf(o.at("csrf_token").as_string());
  auto c = Client();
  auto page = c.Get("/ca-nhan", {{"Cookie", cookie}});
  EXPECT_NE(page.body.find("Chưa có địa chỉ thư điện tử"), std::string::npos) << page.body;
  auto post = [&](const std::string& csrf_token, const std::string& email) {
    auto r = c.Send("POST", "/ca-nhan/thu-dien-tu",
                    FormBody({{"csrf_token", csrf_token}, {"email", email}}),
                    {{"Content-Type", kFormContentType}, {"Cookie", cookie}});
    return r.value_or(HttpResponse{});
  };
  EXPECT_EQ(post("sai", "sau.nay@example.vn").status, 403);
  auto bad = post(csrf, "sau.nay@");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Địa chỉ thư điện tử không hợp lệ"), std::string::npos);
  EXPECT_EQ(post(csrf, "Sau.Nay@Example.vn").status, 303);
  page = c.Get("/ca-nhan", {{"Cookie", cookie}});
  EXPECT_NE(page.body.find("value=\"sau.nay@example.vn\""), std::string::npos);

  size_t before = smtp_->Messages().size();
  ASSERT_EQ(RequestReset("sau.nay@example.vn").status, 200);
  EXPECT_FALSE(LinkToken(smtp_->WaitFor(before + 1), "sau.nay@example.vn").empty());

  auto login_page = c.Get("/dang-nhap");
  EXPECT_NE(login_page.body.find("href=\"/quen-mat-khau\">Quên mật khẩu?"), std::string::npos);
  auto english = c.Get("/quen-mat-khau?lang=en");
  EXPECT_NE(english.body.find("Recover your password"), std::string::npos);
}

TEST_F(PasswordResetTest, AnAdminMayGiveAStaffAccountItsAddress) {
  DemoSession admin = Login("demo.admin");
  auto c = Client();
  auto create = [&](const std::string& username, const std::string& email) {
    json::object body{{"username", username},           {"password", "mat-khau-cu"},
                      {"full_name", "Cán bộ Mới"},      {"role", "specialist"},
                      {"agency_code", "000.00.10.H99"}, {"email", email}};
    return c.PostJson("/api/v1/users", json::serialize(body), admin.Bearer());
  };
  auto bad = create("cv.moi", "cv.moi@");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("\"field\":\"email\""), std::string::npos);
  auto made = create("cv.moi", "CV.Moi@Example.vn");
  ASSERT_EQ(made.status, 201) << made.body;
  size_t before = smtp_->Messages().size();
  ASSERT_EQ(RequestReset("cv.moi").status, 200);
  EXPECT_FALSE(LinkToken(smtp_->WaitFor(before + 1), "cv.moi@example.vn").empty());
}

// The SMTP server down: the same answer, no 5xx, and the warning names no address.
TEST(PasswordResetMailDown, AnswersTheSameWhenTheMailServerIsUnreachable) {
  uint16_t nobody = FreePort();
  TestServer server({"--smtp-url", "smtp://127.0.0.1:" + std::to_string(nobody)});
  HttpClient c(server.port());
  json::object body{{"username", "cd.mat.thu"},
                    {"password", "mat-khau-cu"},
                    {"full_name", "Mất Thư"},
                    {"email", "mat.thu@example.vn"}};
  ASSERT_EQ(c.PostJson("/api/v1/auth/register", json::serialize(body)).status, 201);
  auto page = c.Get("/quen-mat-khau");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(page.body, m, std::regex("name=\"form_token\" value=\"([^\"]+)\"")));
  std::string token = m[1].str();
  auto r =
      c.Send("POST", "/quen-mat-khau", FormBody({{"form_token", token}, {"account", "cd.mat.thu"}}),
             {{"Content-Type", kFormContentType}, {"Cookie", "motcua_form=" + token}});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find(kAnswer), std::string::npos);
  for (int i = 0; i < 100 && server.Output().find("mail not sent") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::string log = server.Output();
  EXPECT_NE(log.find("mail not sent"), std::string::npos) << log;
  EXPECT_EQ(log.find("mat.thu@example.vn"), std::string::npos) << log;
  EXPECT_EQ(c.Get("/readyz").status, 200);
}

}  // namespace
}  // namespace motcua::testing
