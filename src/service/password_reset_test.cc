#include "service/password_reset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "common/crypto.h"
#include "service/agency_service.h"
#include "service/auth_service.h"
#include "storage/test_database.h"
#include "storage/user_store.h"

namespace motcua::service {
namespace {

class CaughtMail : public Mailer {
 public:
  explicit CaughtMail(const Clock& clock) : Mailer(clock, {}) {}
  void Post(MailMessage m) override { sent.push_back(std::move(m)); }
  std::vector<MailMessage> sent;
};

std::string TokenOf(const MailMessage& m) {
  auto at = m.body.find("?ma=");
  EXPECT_NE(at, std::string::npos) << m.body;
  return m.body.substr(at + 4, m.body.find('\n', at) - at - 4);
}

class PasswordResetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("reset", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auth_ = std::make_unique<AuthService>(*db_, clock_, AuthOptions{});
    PasswordResetOptions options;
    options.public_url = "https://dichvucong.example.vn/";
    options.requests_per_minute = 3;
    resets_ = std::make_unique<PasswordResetService>(*db_, clock_, mail_, options);
    ASSERT_TRUE(
        auth_->RegisterCitizen("cd.lan", "mat-khau-cu", "Trần Thị Lan", "Lan@Example.VN").ok());
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }

  FakeClock clock_{1'750'000'000};
  CaughtMail mail_{clock_};
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<PasswordResetService> resets_;
};

TEST_F(PasswordResetTest, EmailIsValidatedLowerCasedAndUnique) {
  auto bad = auth_->RegisterCitizen("cd.hoa", "mat-khau-1", "Hoa", "hoa@@example.vn");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "invalid_email");
  EXPECT_EQ(bad.status().field(), "email");
  auto taken = auth_->RegisterCitizen("cd.hoa", "mat-khau-1", "Hoa", "LAN@example.vn");
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().reason(), "email_taken");
  // Refused registrations wrote nothing; accounts without an address do not collide.
  ASSERT_TRUE(auth_->RegisterCitizen("cd.hoa", "mat-khau-1", "Hoa", "").ok());
  ASSERT_TRUE(auth_->RegisterCitizen("cd.mai", "mat-khau-1", "Mai", " ").ok());
  auto login = auth_->Login("cd.lan", "mat-khau-cu", "1.2.3.4", nullptr);
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(*auth_->OwnEmail(login->principal), "lan@example.vn");
}

TEST_F(PasswordResetTest, LinkSetsPasswordOnceAndEndsSessions) {
  auto session = auth_->Login("cd.lan", "mat-khau-cu", "1.2.3.4", nullptr);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(resets_->RequestReset("LAN@example.vn", "1.2.3.4", nullptr).ok());
  ASSERT_EQ(mail_.sent.size(), 1u);
  EXPECT_EQ(mail_.sent[0].to, "lan@example.vn");
  EXPECT_NE(mail_.sent[0].body.find("Trần Thị Lan"), std::string::npos);
  EXPECT_NE(mail_.sent[0].body.find("https://dichvucong.example.vn/dat-lai-mat-khau?ma="),
            std::string::npos);
  std::string token = TokenOf(mail_.sent[0]);
  // Only the hash is stored.
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   auto plain = storage::FindPasswordReset(c, token);
                   EXPECT_TRUE(plain.ok() && !*plain);
                   auto hashed = storage::FindPasswordReset(c, Sha256Hex(token));
                   EXPECT_TRUE(hashed.ok() && *hashed);
                   return Status::Ok();
                 })
                  .ok());

  EXPECT_TRUE(resets_->CheckLink(token).ok());
  EXPECT_EQ(resets_->CompleteReset(token, "ngan").reason(), "weak_password");
  EXPECT_TRUE(resets_->CheckLink(token).ok()) << "a refused password does not use the link";
  ASSERT_TRUE(resets_->CompleteReset(token, "mat-khau-moi").ok());
  EXPECT_FALSE(auth_->Authenticate(session->token).ok());
  EXPECT_FALSE(auth_->Login("cd.lan", "mat-khau-cu", "1.2.3.4", nullptr).ok());
  EXPECT_TRUE(auth_->Login("cd.lan", "mat-khau-moi", "1.2.3.4", nullptr).ok());

  Status again = resets_->CompleteReset(token, "mat-khau-khac");
  EXPECT_EQ(again.reason(), "invalid_reset_link");
  EXPECT_EQ(again.http_status(), 400);
  EXPECT_EQ(resets_->CompleteReset("gia-mao", "mat-khau-khac").reason(), "invalid_reset_link");
  EXPECT_TRUE(auth_->Login("cd.lan", "mat-khau-moi", "1.2.3.4", nullptr).ok());
}

TEST_F(PasswordResetTest, LinkExpiresAfterThirtyMinutes) {
  ASSERT_TRUE(resets_->RequestReset("cd.lan", "1.2.3.4", nullptr).ok());
  ASSERT_EQ(mail_.sent.size(), 1u);
  std::string token = TokenOf(mail_.sent[0]);
  clock_.Advance(30 * 60);
  EXPECT_EQ(resets_->CompleteReset(token, "mat-khau-moi").reason(), "invalid_reset_link");
  EXPECT_TRUE(auth_->Login("cd.lan", "mat-khau-cu", "1.2.3.4", nullptr).ok());
}

TEST_F(PasswordResetTest, UnknownAccountsAnswerTheSameAndAddressesAreThrottled) {
  ASSERT_TRUE(auth_->RegisterCitizen("cd.hoa", "mat-khau-1", "Hoa", "").ok());
  EXPECT_TRUE(resets_->RequestReset("khong.co", "5.6.7.8", nullptr).ok());
  EXPECT_TRUE(resets_->RequestReset("ai@example.vn", "5.6.7.8", nullptr).ok());
  EXPECT_TRUE(resets_->RequestReset("cd.hoa", "5.6.7.8", nullptr).ok());  // has no address
  EXPECT_TRUE(mail_.sent.empty());
  int64_t retry = 0;
  Status limited = resets_->RequestReset("cd.lan", "5.6.7.8", &retry);
  EXPECT_EQ(limited.http_status(), 429);
  EXPECT_GT(retry, 0);
  EXPECT_TRUE(mail_.sent.empty());
  EXPECT_TRUE(resets_->RequestReset("cd.lan", "9.9.9.9", nullptr).ok());
  EXPECT_EQ(mail_.sent.size(), 1u);
}

TEST_F(PasswordResetTest, AnAccountGetsAtMostThreeMailsPerHalfHour) {
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(resets_->RequestReset("cd.lan", "10.0.0." + std::to_string(i), nullptr).ok());
  EXPECT_EQ(mail_.sent.size(), 3u);
  clock_.Advance(30 * 60);
  EXPECT_TRUE(resets_->RequestReset("cd.lan", "10.0.1.1", nullptr).ok());
  EXPECT_EQ(mail_.sent.size(), 4u);
}

TEST(FormatMail, EncodesVietnameseSubjectAndBody) {
  MailerOptions options;
  options.from = "motcua@example.gov.vn";
  std::string m =
      FormatMail(options, {"lan@example.vn", "Đặt lại mật khẩu", "Xin chào"}, 1'750'000'000, "abc");
  EXPECT_NE(m.find("Subject: =?UTF-8?B?xJDhurd0IGzhuqFpIG3huq10IGto4bqpdQ==?=\r\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("Date: Sun, 15 Jun 2025 15:06:40 +0000\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("To: <lan@example.vn>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(m.find("\r\n\r\nWGluIGNow6Bv\r\n"), std::string::npos) << m;
}

}  // namespace
}  // namespace motcua::service
