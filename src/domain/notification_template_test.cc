#include "domain/notification_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace motcua::domain {
namespace {

NotificationTemplates Shipped() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/notifications/templates.json");
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = NotificationTemplates::Parse(text.str());
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : NotificationTemplates();
}

NotificationValues Values() {
  return {{"code", "000.00.15.H12-250714-0042"},
          {"procedure", "Đăng ký khai sinh"},
          {"agency", "Ủy ban nhân dân xã Đông Thành"},
          {"due_date", "17/07/2025"},
          {"new_due_date", "24/07/2025"},
          {"reason", "Thiếu bản sao giấy chứng nhận kết hôn của cha mẹ"},
          {"name", "Nguyễn Thị Hoà"},
          {"lookup_url", "https://dichvucong.example.vn/tra-cuu/000.00.15.H12-250714-0042"},
          {"answer", "Cán bộ đã được nhắc nhở; hồ sơ của Ông/Bà được giải quyết ngay."}};
}

TEST(UnaccentTest, StripsEveryVietnameseDiacritic) {
  EXPECT_EQ(Unaccent("Hồ sơ đã được tiếp nhận"), "Ho so da duoc tiep nhan");
  EXPECT_EQ(Unaccent("ĐƯỜNG Quỳnh Lưu, Thừa Thiên Huế"), "DUONG Quynh Luu, Thua Thien Hue");
  EXPECT_EQ(Unaccent("ắặẳẵằ ữựửừứ ỵỷỹỳý"), "aaaaa uuuuu yyyyy");
  // Decomposed text: the combining marks drop.
  EXPECT_EQ(Unaccent("Ho\xCC\x82\xCC\x80 so\xCC\x9B"), "Ho so");
  EXPECT_EQ(Unaccent("“Mẫu 04” – gia hạn"), "\"Mau 04\" - gia han");
  EXPECT_EQ(Unaccent("日本"), "??");
}

TEST(Gsm7Test, CountsSeptetsAndRefusesWhatIsNotGsm7) {
  EXPECT_EQ(Gsm7Length("Ho so da tiep nhan"), 18u);
  EXPECT_EQ(Gsm7Length("a{b}"), 6u);  // extension characters count two
  EXPECT_EQ(Gsm7Length("é@£"), 3u);   // in the basic table
  EXPECT_FALSE(Gsm7Length("Hồ sơ"));
  EXPECT_FALSE(Gsm7Length("`"));
}

TEST(IdNumberTest, NineOrMoreDigitsLookLikeAnIdNumber) {
  EXPECT_TRUE(ContainsIdNumber("CCCD 001090011111"));
  EXPECT_TRUE(ContainsIdNumber("so 0010 9001 1111"));
  EXPECT_TRUE(ContainsIdNumber("CMND 123456789."));
  EXPECT_FALSE(ContainsIdNumber("Ho so 000.00.15.H12-250714-0042 hen 17/07/2025"));
  EXPECT_FALSE(ContainsIdNumber("12345678"));
}

TEST(NotificationTemplateTest, TheShippedTemplatesCoverEveryEventAndFitOneSms) {
  NotificationTemplates t = Shipped();
  for (NotificationEvent e : kAllNotificationEvents) {
    SCOPED_TRACE(std::string(NotificationEventName(e)));
    auto r = RenderNotification(t.For(e), Values());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_FALSE(r->email_subject.empty());
    EXPECT_FALSE(r->email_body.empty());
    auto length = Gsm7Length(r->sms);
    ASSERT_TRUE(length) << r->sms;
    EXPECT_LE(*length, kSmsMaxCharacters) << r->sms;
    EXPECT_EQ(r->sms.find("Nguyen"), std::string::npos) << "no name in an SMS";
    EXPECT_FALSE(r->zalo_template_id.empty());
    EXPECT_EQ(r->email_body.find("{{"), std::string::npos);
  }
  auto received = RenderNotification(t.For(NotificationEvent::kReceived), Values());
  EXPECT_NE(received->email_subject.find("000.00.15.H12-250714-0042"), std::string::npos);
  EXPECT_NE(received->email_body.find("Ngày hẹn trả kết quả: 17/07/2025"), std::string::npos);
  EXPECT_NE(received->sms.find("17/07/2025"), std::string::npos);
  EXPECT_EQ(received->zalo_data.at("due_date"), "17/07/2025");
}

TEST(NotificationTemplateTest, ALongReasonIsShortenedToFitTheSms) {
  NotificationValues v = Values();
  v["reason"] = std::string(300, 'x') + " Giấy khai sinh";
  auto r = RenderNotification(Shipped().For(NotificationEvent::kSupplementRequested), v);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Gsm7Length(r->sms), kSmsMaxCharacters);
  EXPECT_NE(r->sms.find("..."), std::string::npos);
  EXPECT_NE(r->email_body.find(v["reason"]), std::string::npos) << "the e-mail keeps it whole";
}

TEST(NotificationTemplateTest, AnIdNumberNeverLeavesInAMessage) {
  NotificationTemplates t = Shipped();
  NotificationValues v = Values();
  v["reason"] = "Bản sao CCCD số 001090011111 bị mờ";
  auto r = RenderNotification(t.For(NotificationEvent::kSupplementRequested), v);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "id_number_in_message");
  v = Values();
  v["answer"] = "Đã đối chiếu CMND 123 456 789";
  EXPECT_EQ(RenderNotification(t.For(NotificationEvent::kComplaintAnswered), v).status().reason(),
            "id_number_in_message");
}

TEST(NotificationTemplateTest, ParseRefusesAccentsLengthAndUnknownPlaceholders) {
  auto doc = [](const std::string& sms, const std::string& subject) {
    std::string events;
    for (NotificationEvent e : kAllNotificationEvents) {
      if (!events.empty()) events += ",";
      events += "\"" + std::string(NotificationEventName(e)) + "\":{\"email\":{\"subject\":\"" +
                subject + "\",\"body\":\"Nội dung\"},\"sms\":\"" + sms +
                "\",\"zalo\":{\"template_id\":\"1\",\"params\":[\"code\"]}}";
    }
    return "{\"events\":{" + events + "}}";
  };
  EXPECT_TRUE(NotificationTemplates::Parse(doc("Ho so {{code}}", "Hồ sơ {{code}}")).ok());
  EXPECT_EQ(NotificationTemplates::Parse(doc("Hồ sơ {{code}}", "x")).status().reason(),
            "sms_not_gsm7");
  EXPECT_EQ(
      NotificationTemplates::Parse(doc(std::string(140, 'a') + " {{code}}", "x")).status().reason(),
      "sms_too_long");
  EXPECT_EQ(NotificationTemplates::Parse(doc("Ho so {{cccd}}", "x")).status().reason(),
            "unknown_placeholder");
  EXPECT_EQ(NotificationTemplates::Parse(doc("Chao {{name}}", "x")).status().reason(),
            "name_in_sms");
  EXPECT_EQ(NotificationTemplates::Parse("{\"events\":{}}").status().reason(), "missing_template");
}

}  // namespace
}  // namespace motcua::domain
