#include "service/payment_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "service/dossier_service.h"
#include "service/dossier_world_test_util.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

using testing::kMonday9;
constexpr const char* kSecret = "bi-mat-cong-thanh-toan";

// 8.000 đồng per copy; the centre receives, department A appraises and approves.
constexpr const char* kCatalogue = R"({"procedures":[
{"code":"9.000011","name":"Cấp bản sao thử nghiệm","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"toan_trinh","postal_submission":false,"postal_return":false,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "fees":[{"name":"Phí cấp bản sao","amount":8000,"description":"8.000 đồng/bản","per_copy":true}],
 "result":"Bản sao","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":14},
  {"name":"Phê duyệt","agency":"competent","role":"leader","quota_hours":6},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]}
]})";

class PaymentServiceTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenWorld("payment", testing::ProvinceCentreDepartment(), kCatalogue));
    FeeConfig cfg;
    cfg.exemptions = {{"ho_ngheo", "Thành viên hộ nghèo", "Thông tư 85/2019/TT-BTC"}};
    PaymentOptions opts;
    opts.gateway_url = "http://gw.test/paymentv2/vpcpay.html";
    opts.merchant = "MOTCUA01";
    opts.secret = kSecret;
    opts.public_url = "https://motcua.test";
    payments_ = std::make_unique<PaymentService>(*db_, clock_, *catalogue_, *dossiers_,
                                                 std::move(cfg), opts);
    officer_ = User("can.bo", "reception_officer", "C.H99");
    specialist_ = User("chuyen.vien", "specialist", "A.H99");
    leader_ = User("lanh.dao", "leader", "A.H99");
    citizen_ = User("cong.dan", "citizen", "");
  }
  void TearDown() override {
    payments_.reset();
    DossierWorldTest::TearDown();
  }

  int64_t Version(const std::string& code) {
    auto v = dossiers_->Get(&officer_, code);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->at("version").as_int64() : 0;
  }
  std::string Status(const std::string& code) {
    auto v = dossiers_->Get(&officer_, code);
    return v.ok() ? std::string(v->at("status").as_string()) : std::string();
  }
  void Act(const Principal& p, const std::string& code, const std::string& action,
           const std::string& reason = "") {
    ActionInput in;
    in.action = action;
    in.version = Version(code);
    in.reason = reason;
    auto r = dossiers_->Act(p, code, in);
    ASSERT_TRUE(r.ok()) << action << ": " << r.status().ToString();
  }

  // An online dossier of the citizen, received and with the specialist.
  std::string InProcess() {
    SubmitInput in;
    in.procedure_code = "9.000011";
    in.channel = "online";
    in.applicant.full_name = "Nguyễn Văn An";
    in.applicant.id_number = "001090012345";
    in.applicant.phone = "0912345678";
    in.components = {{"Tờ khai", 1, 0, false, {}}};
    auto r = dossiers_->Submit(citizen_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string code(r->body.at("code").as_string());
    Act(officer_, code, "receive");
    Act(officer_, code, "forward");
    return code;
  }
  // ... and waiting for 2 copies' fee (16.000 đồng).
  std::string WaitingPayment() {
    std::string code = InProcess();
    auto r = payments_->RequestPayment(specialist_, code, Version(code), {1, 2}, "", "");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return code;
  }

  // What the gateway sends back for the order in `redirect`, signed unless told otherwise.
  domain::GatewayParams GatewayReply(const std::string& redirect, const std::string& rsp = "00",
                                     const std::string& secret = kSecret) {
    auto order = domain::ParseGatewayQuery(redirect.substr(redirect.find('?') + 1));
    domain::GatewayParams p{{"vnp_TmnCode", order.at("vnp_TmnCode")},
                            {"vnp_Amount", order.at("vnp_Amount")},
                            {"vnp_BankCode", "NCB"},
                            {"vnp_OrderInfo", order.at("vnp_OrderInfo")},
                            {"vnp_PayDate", "20250714091000"},
                            {"vnp_ResponseCode", rsp},
                            {"vnp_TransactionNo", "14012345"},
                            {"vnp_TransactionStatus", rsp},
                            {"vnp_TxnRef", order.at("vnp_TxnRef")}};
    p["vnp_SecureHash"] = domain::SignGatewayParams(p, secret);
    return p;
  }
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> motcua::Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql));
                     n = row ? row->Int(0) : -1;
                     return motcua::Status::Ok();
                   })
                    .ok());
    return n;
  }

  std::unique_ptr<PaymentService> payments_;
  Principal officer_, specialist_, leader_, citizen_;
};

TEST_F(PaymentServiceTest, RequestRecordsTheComputedAmountAndStopsTheClock) {
  std::string code = InProcess();
  auto preview = payments_->Assess(specialist_, code, {1, 3}, "", "");
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->total, 24000);
  auto r = payments_->RequestPayment(specialist_, code, Version(code), {1, 2}, "", "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.at("status").as_string(), "waiting_payment");
  auto view = payments_->DossierPayments(citizen_, code);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->at("amount_due").as_int64(), 16000);
  EXPECT_EQ(view->at("fee").at("lines").at(0).at("quantity").as_int64(), 2);
}

TEST_F(PaymentServiceTest, TheGenericActionRouteCannotRequestOrPay) {
  std::string code = InProcess();
  ActionInput in;
  in.action = "request_payment";
  in.version = Version(code);
  auto r = dossiers_->Act(specialist_, code, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "payment_through_fees");
  code = WaitingPayment();
  in.action = "pay";
  in.version = Version(code);
  r = dossiers_->Act(citizen_, code, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "payment_through_fees");
  EXPECT_EQ(Status(code), "waiting_payment");
}

TEST_F(PaymentServiceTest, BadCountsOrExemptionsChangeNothing) {
  std::string code = InProcess();
  const int64_t v = Version(code);
  auto r = payments_->RequestPayment(specialist_, code, v, {1, 0}, "", "");
  EXPECT_EQ(r.status().field(), "copies");
  r = payments_->RequestPayment(specialist_, code, v, {1, 1}, "khong_co", "");
  EXPECT_EQ(r.status().field(), "exemption");
  r = payments_->RequestPayment(specialist_, code, v, {1, 1}, "ho_ngheo", " ");
  EXPECT_EQ(r.status().field(), "exemption_reason");
  EXPECT_EQ(Version(code), v);
  EXPECT_EQ(Status(code), "in_process");
}

TEST_F(PaymentServiceTest, AnExemptionSettlesAtOnceAndTheDossierStaysInProcess) {
  std::string code = InProcess();
  auto r = payments_->RequestPayment(specialist_, code, Version(code), {1, 2}, "ho_ngheo",
                                     "Giấy chứng nhận hộ nghèo số 12/2025");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.at("status").as_string(), "in_process");
  auto view = payments_->DossierPayments(specialist_, code);
  EXPECT_EQ(view->at("amount_due").as_int64(), 0);
  EXPECT_EQ(view->at("fee").at("exemption").at("code").as_string(), "ho_ngheo");
  EXPECT_EQ(view->at("fee").at("gross").as_int64(), 16000);
  EXPECT_FALSE(payments_->StartOnlinePayment(citizen_, code, "127.0.0.1").ok());
}

TEST_F(PaymentServiceTest, CounterPaymentIssuesNumberedReceiptsPerAgencyAndYear) {
  std::string first = WaitingPayment();
  auto bad = payments_->RecordCounterPayment(officer_, first, Version(first), "cash", "  ");
  EXPECT_EQ(bad.status().field(), "counter_receipt_no");
  bad = payments_->RecordCounterPayment(officer_, first, Version(first), "cheque", "1");
  EXPECT_EQ(bad.status().field(), "method");
  bad = payments_->RecordCounterPayment(specialist_, first, Version(first), "cash", "1");
  EXPECT_EQ(bad.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM payments"), 0);
  auto r = payments_->RecordCounterPayment(officer_, first, Version(first), "pos", "POS-778899");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.at("status").as_string(), "in_process");
  std::string second = WaitingPayment();
  ASSERT_TRUE(
      payments_->RecordCounterPayment(officer_, second, Version(second), "cash", "QTT 12").ok());
  auto v1 = payments_->DossierPayments(officer_, first);
  auto v2 = payments_->DossierPayments(officer_, second);
  EXPECT_EQ(v1->at("payments").at(0).at("receipt_no").as_string(), "BL25-C.H99-0000001");
  EXPECT_EQ(v2->at("payments").at(0).at("receipt_no").as_string(), "BL25-C.H99-0000002");
  EXPECT_EQ(v1->at("paid").as_int64(), 16000);
  auto pdf = payments_->ReceiptPdf(citizen_, first, "BL25-C.H99-0000001");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->bytes.rfind("%PDF-", 0), 0u);
  // Another dossier's receipt is not this dossier's.
  EXPECT_EQ(payments_->ReceiptPdf(citizen_, second, "BL25-C.H99-0000001").status().code(),
            Code::kNotFound);
}

TEST_F(PaymentServiceTest, TheIpnConfirmsOnceAndTheReturnChangesNothing) {
  std::string code = WaitingPayment();
  auto url = payments_->StartOnlinePayment(citizen_, code, "10.0.0.7");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto order = domain::ParseGatewayQuery(url->substr(url->find('?') + 1));
  EXPECT_TRUE(domain::VerifyGatewayParams(order, kSecret));
  EXPECT_EQ(order.at("vnp_Amount"), "1600000");
  EXPECT_EQ(order.at("vnp_ReturnUrl"), "https://motcua.test/thanh-toan/ket-qua");
  EXPECT_EQ(order.at("vnp_IpAddr"), "10.0.0.7");
  auto reply = GatewayReply(*url);
  // The browser comes back first: the page says paid by the gateway, not yet confirmed.
  auto ret = payments_->VerifyReturn(reply);
  EXPECT_TRUE(ret.signature_ok);
  EXPECT_TRUE(ret.success);
  EXPECT_FALSE(ret.confirmed);
  EXPECT_EQ(ret.dossier_code, code);
  EXPECT_EQ(Status(code), "waiting_payment");
  auto ipn = payments_->HandleIpn(reply);
  EXPECT_EQ(ipn.rsp_code, "00") << ipn.message;
  EXPECT_EQ(Status(code), "in_process");
  EXPECT_TRUE(payments_->VerifyReturn(reply).confirmed);
  // The gateway retries: already confirmed, nothing more happens.
  auto again = payments_->HandleIpn(reply);
  EXPECT_EQ(again.rsp_code, "02");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM payments WHERE status = 'paid'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM dossier_history WHERE action = 'pay'"), 1);
  auto view = payments_->DossierPayments(citizen_, code);
  EXPECT_EQ(view->at("payments").at(0).at("gateway_txn_no").as_string(), "14012345");
}

TEST_F(PaymentServiceTest, TamperedAmountsBadSignaturesAndUnknownOrdersAreRejected) {
  std::string code = WaitingPayment();
  auto url = payments_->StartOnlinePayment(citizen_, code, "10.0.0.7");
  ASSERT_TRUE(url.ok());
  // The amount changed and re-signed with the right key (a gateway-side error): still refused.
  auto tampered = GatewayReply(*url);
  tampered["vnp_Amount"] = "100000";
  tampered["vnp_SecureHash"] = domain::SignGatewayParams(tampered, kSecret);
  EXPECT_EQ(payments_->HandleIpn(tampered).rsp_code, "04");
  // Changed without re-signing.
  auto forged = GatewayReply(*url);
  forged["vnp_Amount"] = "100000";
  EXPECT_EQ(payments_->HandleIpn(forged).rsp_code, "97");
  EXPECT_EQ(payments_->HandleIpn(GatewayReply(*url, "00", "khoa-sai")).rsp_code, "97");
  EXPECT_FALSE(payments_->VerifyReturn(forged).signature_ok);
  auto unknown = GatewayReply(*url);
  unknown["vnp_TxnRef"] = "999";
  unknown["vnp_SecureHash"] = domain::SignGatewayParams(unknown, kSecret);
  EXPECT_EQ(payments_->HandleIpn(unknown).rsp_code, "01");
  // Nothing was half-written: the order is pending, the dossier waits, no receipt number.
  EXPECT_EQ(Status(code), "waiting_payment");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM payments WHERE status <> 'pending'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM receipt_series"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM gateway_notifications"), 4);
  // The genuine notification still goes through.
  EXPECT_EQ(payments_->HandleIpn(GatewayReply(*url)).rsp_code, "00");
  EXPECT_EQ(Status(code), "in_process");
  auto rec = payments_->Reconcile(officer_, "2025-07-14", "2025-07-14");
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  ASSERT_EQ(rec->rows.size(), 1u);  // the unknown order is the province's to see
  EXPECT_EQ(rec->rows[0].flag, "amount_mismatch");
  EXPECT_EQ(rec->mismatches, 1);
}

TEST_F(PaymentServiceTest, AFailedPaymentLeavesTheDossierWaiting) {
  std::string code = WaitingPayment();
  auto url = payments_->StartOnlinePayment(citizen_, code, "10.0.0.7");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(payments_->HandleIpn(GatewayReply(*url, "24")).rsp_code, "00");
  EXPECT_EQ(Status(code), "waiting_payment");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM payments WHERE status = 'failed'"), 1);
  // A second order works.
  auto url2 = payments_->StartOnlinePayment(citizen_, code, "10.0.0.7");
  ASSERT_TRUE(url2.ok());
  EXPECT_EQ(payments_->HandleIpn(GatewayReply(*url2)).rsp_code, "00");
  EXPECT_EQ(Status(code), "in_process");
  auto rec = payments_->Reconcile(leader_, "2025-07-14", "2025-07-14");
  ASSERT_TRUE(rec.ok());
  ASSERT_EQ(rec->rows.size(), 0u);  // the leader's subtree (Sở A) did not collect them
  rec = payments_->Reconcile(officer_, "2025-07-14", "2025-07-14");
  ASSERT_EQ(rec->rows.size(), 2u);
  EXPECT_EQ(rec->rows[0].flag, "failed");
  EXPECT_EQ(rec->rows[1].flag, "ok");
  EXPECT_EQ(rec->recorded_total, 16000);
  EXPECT_EQ(rec->gateway_total, 16000);
}

TEST_F(PaymentServiceTest, OnlyTheApplicantPaysOnlineAndOnlyWhileWaiting) {
  std::string code = InProcess();
  EXPECT_EQ(payments_->StartOnlinePayment(citizen_, code, "").status().reason(),
            "not_waiting_payment");
  code = WaitingPayment();
  Principal other = User("nguoi.khac", "citizen", "");
  EXPECT_EQ(payments_->StartOnlinePayment(other, code, "").status().code(), Code::kNotFound);
  EXPECT_EQ(payments_->StartOnlinePayment(officer_, code, "").status().code(),
            Code::kPermissionDenied);
}

TEST_F(PaymentServiceTest, AStoppedPaidDossierOwesARefund) {
  std::string code = WaitingPayment();
  ASSERT_TRUE(payments_->RecordCounterPayment(officer_, code, Version(code), "cash", "QTT 1").ok());
  Act(leader_, code, "stop", "Người nộp không đủ điều kiện");
  auto view = payments_->DossierPayments(officer_, code);
  ASSERT_EQ(view->at("refunds").as_array().size(), 1u);
  EXPECT_EQ(view->at("refunds").at(0).at("status").as_string(), "pending");
  EXPECT_EQ(view->at("refunds").at(0).at("amount").as_int64(), 16000);
  const int64_t id = view->at("refunds").at(0).at("id").as_int64();
  EXPECT_EQ(payments_->MarkRefunded(specialist_, code, id, "UNC 1").code(),
            Code::kPermissionDenied);
  EXPECT_EQ(payments_->MarkRefunded(officer_, code, id, "").field(), "reference");
  ASSERT_TRUE(payments_->MarkRefunded(officer_, code, id, "UNC 0042").ok());
  EXPECT_EQ(payments_->MarkRefunded(officer_, code, id, "UNC 0042").reason(), "already_refunded");
  view = payments_->DossierPayments(officer_, code);
  EXPECT_EQ(view->at("refunds").at(0).at("status").as_string(), "refunded");
  // The public check shows the refund and nothing personal; a wrong token shows nothing.
  std::string no(view->at("payments").at(0).at("receipt_no").as_string());
  std::string token;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> motcua::Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto p, storage::FindPaymentByReceiptNo(c, no));
                   token = p->receipt_token;
                   return motcua::Status::Ok();
                 })
                  .ok());
  auto check = payments_->CheckReceipt(no, token);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->refunded);
  EXPECT_EQ(check->amount, 16000);
  EXPECT_EQ(payments_->CheckReceipt(no, "sai").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace motcua::service
