#include "service/notification_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "service/dossier_service.h"
#include "service/dossier_world_test_util.h"
#include "service/report_service.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

using testing::kMonday9;

constexpr const char* kCatalogue = R"({"procedures":[
{"code":"9.000001","name":"Thủ tục thử nghiệm thông báo","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"toan_trinh","postal_submission":true,"postal_return":true,"inter_agency":false,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Giấy chứng nhận","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":20},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]}
]})";

// A channel that records what it was given and fails while `down` is set.
class FakeChannel : public NotificationChannel {
 public:
  Status Send(const ChannelMessage& m) override {
    if (down) return Status(Code::kUnavailable, "connection refused");
    sent.push_back(m);
    return Status::Ok();
  }
  bool down = false;
  std::vector<ChannelMessage> sent;
};

domain::NotificationTemplates ShippedTemplates() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/notifications/templates.json");
  std::stringstream text;
  text << in.rdbuf();
  auto t = domain::NotificationTemplates::Parse(text.str());
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

class NotificationServiceTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    InitCrypto();
    auto agencies = testing::ProvinceCentreDepartment("Tỉnh", "Trung tâm Phục vụ hành chính công");
    agencies.push_back({"B.H99", "Sở B", "", "department", "H99", "", false});
    ASSERT_NO_FATAL_FAILURE(OpenWorld("notify", agencies, kCatalogue));
    options_.email = options_.sms = options_.zalo = true;
    options_.retry_base_seconds = 60;
    options_.max_attempts = 3;
    options_.public_url = "https://dvc.example.vn";
    options_.sms_key = "khoa-bi-mat";
    notify_ = std::make_unique<NotificationService>(*db_, clock_, ShippedTemplates(), options_);
    dossiers_->SetChangeHook([this](storage::Connection& c, const storage::DossierRecord& d,
                                    const storage::DossierHistoryRecord& h) {
      return notify_->OnDossierChange(c, d, h);
    });
    channels_ = {&email_, &sms_, &zalo_};
    officer_ = User("can.bo", "reception_officer", "C.H99");
    specialist_ = User("chuyen.vien", "specialist", "A.H99");
    outsider_ = User("can.bo.b", "specialist", "B.H99");
  }
  void TearDown() override {
    notify_.reset();
    DossierWorldTest::TearDown();
  }

  SubmitInput Input() {
    SubmitInput in = testing::ApplicantSubmission("9.000001", "counter");
    in.applicant.email = "an.nguyen@example.vn";
    return in;
  }

  std::string Receive() {
    auto r = dossiers_->Submit(officer_, Input());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::string(r->body.at("code").as_string()) : std::string();
  }

  std::vector<storage::OutboxRecord> Outbox() {
    std::vector<storage::OutboxRecord> rows;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(
                         auto all, c.Query("SELECT id FROM notification_outbox ORDER BY id"));
                     for (const auto& r : all) {
                       MOTCUA_ASSIGN_OR_RETURN(auto one, storage::FindOutbox(c, r.Int(0)));
                       rows.push_back(*one);
                     }
                     return Status::Ok();
                   })
                    .ok());
    return rows;
  }

  Result<Reply> Act(const Principal& p, const std::string& code, const std::string& action,
                    const std::string& reason = "") {
    ActionInput in;
    in.action = action;
    in.reason = reason;
    if (action == "request_supplement") in.missing_items = {"Bản sao giấy khai sinh"};
    return ActOnCurrent(officer_, p, code, in);
  }

  NotificationOptions options_;
  std::unique_ptr<NotificationService> notify_;
  FakeChannel email_, sms_, zalo_;
  NotificationChannels channels_;
  Principal officer_, specialist_, outsider_;
};

TEST_F(NotificationServiceTest, ReceptionQueuesTheEmailAndSmsInItsTransaction) {
  std::string code = Receive();
  auto rows = Outbox();
  ASSERT_EQ(rows.size(), 2u);  // no Zalo: a counter applicant has no account choosing it
  EXPECT_EQ(rows[0].channel, "email");
  EXPECT_EQ(rows[0].recipient, "an.nguyen@example.vn");
  EXPECT_EQ(rows[1].channel, "sms");
  for (const auto& r : rows) {
    EXPECT_EQ(r.event, "received");
    EXPECT_EQ(r.status, "queued");
    EXPECT_NE(r.payload.find(code), std::string::npos);
    EXPECT_EQ(r.payload.find("001090012345"), std::string::npos) << "no id number";
  }
  EXPECT_NE(rows[0].payload.find("Nguyễn Văn An"), std::string::npos);
  EXPECT_EQ(rows[1].payload.find("Nguyen"), std::string::npos) << "no name in the SMS";
  // The due date: 3 working days from Monday 09:00 is Thursday 17 July.
  EXPECT_NE(rows[1].payload.find("17/07/2025"), std::string::npos) << rows[1].payload;

  auto round = notify_->DeliverDue(channels_);
  ASSERT_TRUE(round.ok()) << round.status().ToString();
  EXPECT_EQ(round->sent, 2);
  ASSERT_EQ(email_.sent.size(), 1u);
  ASSERT_EQ(sms_.sent.size(), 1u);
  EXPECT_EQ(sms_.sent[0].recipient, "0912345678");
  for (const auto& r : Outbox()) {
    EXPECT_EQ(r.status, "sent");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(r.sent_at, kMonday9);
  }
  // Sent rows are not sent again.
  EXPECT_EQ(notify_->DeliverDue(channels_)->sent, 0);
}

TEST_F(NotificationServiceTest, AChangeThatFailsLeavesNoMessage) {
  std::string code = Receive();
  size_t before = Outbox().size();
  // A stale version, and a role that may not act: refused, nothing queued.
  ActionInput in;
  in.action = "request_supplement";
  in.version = 999;
  in.reason = "Thiếu giấy tờ";
  in.missing_items = {"Tờ khai"};
  EXPECT_FALSE(dossiers_->Act(officer_, code, in).ok());
  EXPECT_FALSE(Act(outsider_, code, "forward").ok());
  EXPECT_EQ(Outbox().size(), before);
  // A failure after the messages were queued, within the same transaction, takes them back
  // together with the dossier.
  dossiers_->SetChangeHook([this](storage::Connection& c, const storage::DossierRecord& d,
                                  const storage::DossierHistoryRecord& h) -> Status {
    MOTCUA_RETURN_IF_ERROR(notify_->OnDossierChange(c, d, h));
    return Status(Code::kUnavailable, "disk_full");
  });
  EXPECT_FALSE(dossiers_->Submit(officer_, Input()).ok());
  EXPECT_EQ(Outbox().size(), before);
}

TEST_F(NotificationServiceTest, EachEventOfTheDossierQueuesItsMessage) {
  std::string code = Receive();
  ASSERT_TRUE(Act(officer_, code, "forward").ok());
  ASSERT_TRUE(Act(specialist_, code, "request_supplement", "Thiếu bản sao giấy khai sinh").ok());
  ASSERT_TRUE(Act(officer_, code, "supplement").ok());
  ActionInput extend;
  extend.action = "extend";
  extend.version = dossiers_->Get(&officer_, code)->at("version").as_int64();
  extend.reason = "Cần xác minh thêm";
  extend.new_due_at = domain::StartOfLocalDay({2025, 7, 25}) + 17 * 3600;
  auto ext = dossiers_->Act(specialist_, code, extend);
  ASSERT_TRUE(ext.ok()) << ext.status().ToString();
  ASSERT_TRUE(Act(specialist_, code, "finish").ok());
  ASSERT_TRUE(Act(officer_, code, "return").ok());
  std::vector<std::string> events;
  for (const auto& r : Outbox())
    if (r.channel == "sms") events.push_back(r.event);
  EXPECT_EQ(events, (std::vector<std::string>{"received", "supplement_requested", "overdue_apology",
                                              "result_ready", "returned"}));
  for (const auto& r : Outbox())
    if (r.event == "overdue_apology" && r.channel == "sms") {
      EXPECT_NE(r.payload.find("25/07/2025"), std::string::npos) << r.payload;
    }
}

TEST_F(NotificationServiceTest, AProviderDownRetriesWithBackOffThenDeadLetters) {
  Receive();
  sms_.down = true;
  auto r1 = notify_->DeliverDue(channels_);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->sent, 1);  // the e-mail
  EXPECT_EQ(r1->retried, 1);
  auto sms_row = [&] {
    for (const auto& r : Outbox())
      if (r.channel == "sms") return r;
    return storage::OutboxRecord{};
  };
  EXPECT_EQ(sms_row().status, "failed");
  EXPECT_EQ(sms_row().attempts, 1);
  EXPECT_EQ(sms_row().last_error, "connection refused");
  EXPECT_EQ(sms_row().next_attempt_at, kMonday9 + 60);
  // Not before its time.
  clock_.Advance(59);
  EXPECT_EQ(notify_->DeliverDue(channels_)->retried, 0);
  clock_.Advance(1);
  EXPECT_EQ(notify_->DeliverDue(channels_)->retried, 1);
  EXPECT_EQ(sms_row().attempts, 2);
  EXPECT_EQ(sms_row().next_attempt_at, clock_.NowSeconds() + 120);  // doubled
  clock_.Advance(120);
  EXPECT_EQ(notify_->DeliverDue(channels_)->dead, 1);
  EXPECT_EQ(sms_row().status, "dead");
  EXPECT_EQ(sms_row().attempts, 3);
  // The dead letter stays for staff to see; nothing more is tried.
  sms_.down = false;
  clock_.Advance(86400);
  EXPECT_EQ(notify_->DeliverDue(channels_)->sent, 0);
  EXPECT_TRUE(sms_.sent.empty());
}

TEST_F(NotificationServiceTest, ARecoveredProviderGetsTheMessageLater) {
  Receive();
  sms_.down = true;
  ASSERT_TRUE(notify_->DeliverDue(channels_).ok());
  sms_.down = false;
  clock_.Advance(60);
  EXPECT_EQ(notify_->DeliverDue(channels_)->sent, 1);
  ASSERT_EQ(sms_.sent.size(), 1u);
}

TEST_F(NotificationServiceTest, SmsWaitForTheEndOfTheQuietHours) {
  clock_.Set(domain::StartOfLocalDay({2025, 7, 14}) + 16 * 3600 + 55 * 60);  // 16:55
  Receive();
  clock_.Set(domain::StartOfLocalDay({2025, 7, 14}) + 22 * 3600);  // 22:00
  std::string code = Receive();
  auto rows = Outbox();
  ASSERT_EQ(rows.size(), 4u);
  const int64_t morning = domain::StartOfLocalDay({2025, 7, 15}) + 7 * 3600;
  EXPECT_EQ(rows[3].channel, "sms");
  EXPECT_EQ(rows[3].next_attempt_at, morning);
  EXPECT_EQ(rows[2].next_attempt_at, clock_.NowSeconds()) << "e-mail goes at once";
  // The afternoon's SMS, still queued at night (the worker was down), waits too.
  auto round = notify_->DeliverDue(channels_);
  EXPECT_EQ(round->sent, 2);  // both e-mails
  EXPECT_TRUE(sms_.sent.empty());
  EXPECT_EQ(Outbox()[1].next_attempt_at, morning);
  clock_.Set(morning);
  EXPECT_EQ(notify_->DeliverDue(channels_)->sent, 2);
  EXPECT_EQ(sms_.sent.size(), 2u);
}

TEST_F(NotificationServiceTest, TheUnsubscribeLinkStopsFurtherMail) {
  std::string code = Receive();
  ASSERT_TRUE(notify_->DeliverDue(channels_).ok());
  ASSERT_EQ(email_.sent.size(), 1u);
  std::string body(email_.sent[0].payload.at("body").as_string());
  auto at = body.find("/ngung-nhan-thong-bao?ma=");
  ASSERT_NE(at, std::string::npos) << body;
  std::string token = body.substr(at + std::string("/ngung-nhan-thong-bao?ma=").size());
  auto masked = notify_->CheckUnsubscribe(token);
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(*masked, "an***@example.vn");
  EXPECT_EQ(notify_->CheckUnsubscribe("gia-mao").status().reason(), "invalid_unsubscribe_link");
  // A message queued before the opt-out is skipped; later ones are not queued at all.
  ASSERT_TRUE(Act(officer_, code, "forward").ok());
  ASSERT_TRUE(Act(specialist_, code, "request_supplement", "Thiếu tờ khai").ok());
  ASSERT_TRUE(notify_->Unsubscribe(token).ok());
  auto round = notify_->DeliverDue(channels_);
  EXPECT_EQ(round->skipped, 1);
  EXPECT_EQ(email_.sent.size(), 1u);
  ASSERT_TRUE(Act(officer_, code, "supplement").ok());
  ASSERT_TRUE(Act(specialist_, code, "finish").ok());
  for (const auto& r : Outbox())
    if (r.event == "result_ready") {
      EXPECT_NE(r.channel, "email");
    }
}

TEST_F(NotificationServiceTest, TheAccountsChoicesNarrowTheChannels) {
  Principal citizen = User("cong.dan", "citizen", "");
  ASSERT_TRUE(notify_->SetPreferences(citizen, {false, true, true}).ok());
  auto prefs = notify_->Preferences(citizen);
  ASSERT_TRUE(prefs.ok());
  EXPECT_FALSE(prefs->email);
  EXPECT_TRUE(prefs->zalo);
  SubmitInput in = Input();
  in.channel = "online";
  in.agency_code = "C.H99";
  auto r = dossiers_->Submit(citizen, in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string code(r->body.at("code").as_string());
  EXPECT_TRUE(Outbox().empty()) << "submitted, not yet received";
  ASSERT_TRUE(Act(officer_, code, "receive").ok());
  std::vector<std::string> channels;
  for (const auto& row : Outbox()) channels.push_back(row.channel);
  EXPECT_EQ(channels, (std::vector<std::string>{"sms", "zalo"}));
  ASSERT_TRUE(notify_->DeliverDue(channels_).ok());
  ASSERT_EQ(zalo_.sent.size(), 1u);
  EXPECT_EQ(zalo_.sent[0].payload.at("template_id").as_string(), "motcua_received");
  EXPECT_EQ(zalo_.sent[0].payload.at("template_data").at("code").as_string(), code);
}

TEST_F(NotificationServiceTest, StaffSeeTheDeliveriesOfDossiersInTheirScopeMasked) {
  std::string code = Receive();
  sms_.down = true;
  ASSERT_TRUE(notify_->DeliverDue(channels_).ok());
  auto seen = notify_->ForDossier(officer_, code);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[0].recipient_masked, "an***@example.vn");
  EXPECT_EQ((*seen)[0].status, "sent");
  EXPECT_EQ((*seen)[1].recipient_masked, "091****678");
  EXPECT_EQ((*seen)[1].status, "failed");
  EXPECT_EQ((*seen)[1].attempts, 1);
  EXPECT_EQ(notify_->ForDossier(outsider_, code).status().code(), Code::kNotFound);
  Principal citizen = User("cong.dan", "citizen", "");
  EXPECT_EQ(notify_->ForDossier(citizen, code).status().code(), Code::kNotFound);
}

TEST_F(NotificationServiceTest, InboundSmsAnswersTheStatusOfASignedRequest) {
  std::string code = Receive();
  std::string body = R"({"phone":"84912345678","message":"mc )" + code + R"("})";
  auto reply = notify_->InboundSms(body, HmacSha256Hex("khoa-bi-mat", body));
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(*reply, "Ho so " + code + ": Da tiep nhan. Hen tra ket qua ngay 17/07/2025.");
  EXPECT_TRUE(domain::Gsm7Length(*reply));
  EXPECT_EQ(notify_->InboundSms(body, HmacSha256Hex("sai-khoa", body)).status().reason(),
            "bad_signature");
  std::string unknown = R"({"message":"MC 000.00.00.H99-250101-0001"})";
  EXPECT_EQ(*notify_->InboundSms(unknown, HmacSha256Hex("khoa-bi-mat", unknown)),
            "Khong tim thay ho so 000.00.00.H99-250101-0001. Vui long kiem tra lai ma ho so.");
  std::string other = R"({"message":"xin chao"})";
  EXPECT_EQ(*notify_->InboundSms(other, HmacSha256Hex("khoa-bi-mat", other)),
            "Cu phap tra cuu ho so: MC <ma ho so>");
}

TEST_F(NotificationServiceTest, TheAnswerToAComplaintAboutTheDossierReachesItsApplicant) {
  std::string code = Receive();
  ReportService reports(*db_, clock_, calendar_.get());
  reports.SetComplaintAnsweredHook(
      [this](storage::Connection& c, const storage::ComplaintRecord& k) {
        return notify_->OnComplaintAnswered(c, k);
      });
  ComplaintInput in;
  in.dossier_code = code;
  in.channel = "portal";
  in.content = "Cán bộ hẹn sai ngày";
  auto k = reports.ReceiveComplaint(nullptr, in);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  size_t before = Outbox().size();
  Principal leader = User("lanh.dao", "leader", "H99");
  auto answered =
      reports.AnswerComplaint(leader, k->id, "Đã chấn chỉnh cán bộ; xin lỗi Ông/Bà.", true);
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  auto rows = Outbox();
  ASSERT_EQ(rows.size(), before + 2);
  for (size_t i = before; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].event, "complaint_answered");
    EXPECT_EQ(rows[i].complaint_id, k->id);
  }
  EXPECT_NE(rows[before].payload.find("Đã chấn chỉnh cán bộ"), std::string::npos);
  EXPECT_NE(rows[before + 1].payload.find("Da chan chinh can bo"), std::string::npos);
  // Answered once: a second answer is refused and queues nothing.
  EXPECT_FALSE(reports.AnswerComplaint(leader, k->id, "Lần hai", true).ok());
  EXPECT_EQ(Outbox().size(), before + 2);
}

TEST(MaskRecipientTest, ShowsOnlyEnoughToTellContactsApart) {
  EXPECT_EQ(MaskRecipient("email", "x@example.vn"), "x***@example.vn");
  EXPECT_EQ(MaskRecipient("sms", "0912345678"), "091****678");
  EXPECT_EQ(MaskRecipient("zalo", "12"), "***");
}

TEST(SmsSignatureTest, HmacSha256OfTheBody) {
  // RFC 4231 test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(SignatureMatches("Jefe", "what do ya want for nothing?",
                               "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843"));
  EXPECT_FALSE(
      SignatureMatches("Jefe", "what do ya want for nothing!",
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
  EXPECT_EQ(InternationalPhone("0912 345 678"), "84912345678");
  EXPECT_EQ(InternationalPhone("+84912345678"), "84912345678");
}

}  // namespace
}  // namespace motcua::service
