// service::Mailer against a real SMTP server (aiosmtpd): delivery with Vietnamese text, and
// STARTTLS demanded by the URL is enforced (this server offers none, so nothing may be sent).
#include "service/mailer.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "support/smtp_sink.h"

namespace motcua::testing {
namespace {

service::MailerOptions Options(const std::string& url) {
  service::MailerOptions o;
  o.url = url;
  o.from = "motcua@example.vn";
  return o;
}

TEST(Mailer, DeliversUtf8MailOverSmtp) {
  SmtpSink sink;
  SystemClock clock;
  service::Mailer mailer(clock, Options(sink.url()));
  Status st = mailer.Send({"dan@example.vn", "Thông báo", "Hồ sơ đã có kết quả."});
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto mails = sink.WaitFor(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("X-RcptTo: dan@example.vn"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("X-MailFrom: motcua@example.vn"), std::string::npos);
  EXPECT_EQ(MailBody(mails[0]), "Hồ sơ đã có kết quả.");
}

TEST(Mailer, RequiredStarttlsIsNeverSkipped) {
  SmtpSink sink;
  SystemClock clock;
  std::string url = sink.url();
  url.replace(0, std::string("smtp://").size(), "smtp+starttls://");
  service::Mailer mailer(clock, Options(url));
  Status st = mailer.Send({"dan@example.vn", "Thông báo", "Bí mật"});
  EXPECT_EQ(st.code(), Code::kUnavailable);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(sink.Messages().empty());
}

TEST(Mailer, AnUnreachableServerIsUnavailable) {
  SystemClock clock;
  service::Mailer mailer(clock, Options("smtp://127.0.0.1:" + std::to_string(FreePort())));
  EXPECT_EQ(mailer.Send({"dan@example.vn", "Thông báo", "x"}).code(), Code::kUnavailable);
}

}  // namespace
}  // namespace motcua::testing
