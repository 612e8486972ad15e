// Fees and online payment against the real server and the gateway stand-in
// (tests/support/payment_gateway_standin.py): the fee request computes the amount, the citizen's
// order goes to the gateway signed, the gateway's IPN (and only it) moves the dossier on, a
// replayed IPN changes nothing, a forged one is refused, and the e-receipt is a PDF.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/smtp_sink.h"  // FreePort, Accepts
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kMerchant = "MOTCUA01";
constexpr const char* kSecret = "bi-mat-tich-hop";

class GatewayStandin {
 public:
  GatewayStandin() : port_(FreePort()) {
    const std::string script =
        std::string(MOTCUA_SOURCE_DIR) + "/tests/support/payment_gateway_standin.py";
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/usr/bin/python3", "python3", script.c_str(), "--port", port.c_str(), "--merchant",
              kMerchant, "--secret", kSecret, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!Accepts(port_)) throw std::runtime_error("the gateway stand-in does not listen");
  }
  ~GatewayStandin() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  uint16_t port() const { return port_; }
  std::string PayUrl() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/paymentv2/vpcpay.html";
  }

 private:
  uint16_t port_;
  pid_t pid_ = -1;
};

std::string Unescape(std::string s) {
  for (size_t p = s.find("&amp;"); p != std::string::npos; p = s.find("&amp;", p + 1))
    s.replace(p, 5, "&");
  return s;
}

class PaymentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gateway_ = new GatewayStandin();
    server_ = new TestServer({"--demo", "--no-access-log", "--payment-url", gateway_->PayUrl(),
                              "--payment-merchant", kMerchant, "--payment-secret", kSecret});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete gateway_;
  }
  HttpClient Client() { return HttpClient(server_->port()); }

  int64_t Version(HttpClient& c, const DemoSession& s, const std::string& code) {
    auto v = c.Get("/api/v1/dossiers/" + code, s.Bearer());
    EXPECT_EQ(v.status, 200) << v.body;
    return json::parse(v.body).at("version").as_int64();
  }
  std::string Status(HttpClient& c, const DemoSession& s, const std::string& code) {
    auto v = c.Get("/api/v1/dossiers/" + code, s.Bearer());
    return std::string(json::parse(v.body).at("status").as_string());
  }
  void Act(HttpClient& c, const DemoSession& s, const std::string& code, const std::string& a) {
    auto r = c.PostJson(
        "/api/v1/dossiers/" + code + "/actions",
        json::serialize(json::object{{"action", a}, {"version", Version(c, s, code)}}), s.Bearer());
    ASSERT_EQ(r.status, 200) << a << ": " << r.body;
  }
  HttpResponse PostForm(HttpClient& c, const DemoSession& s, const std::string& target,
                        std::vector<FormField> fields) {
    fields.push_back({"csrf_token", s.csrf});
    auto headers = s.Cookie();
    headers["Content-Type"] = kFormContentType;
    auto r = c.Send("POST", target, JoinFormFields(fields), headers);
    EXPECT_TRUE(r);
    return r ? *r : HttpResponse{};
  }

  static inline GatewayStandin* gateway_ = nullptr;
  static inline TestServer* server_ = nullptr;
};

TEST_F(PaymentTest, TheGatewaysIpnAloneMovesTheDossierOnOnce) {
  auto c = Client();
  auto citizen = LogInDemo(c, "demo.citizen");
  auto officer = LogInDemo(c, "demo.reception_officer");
  auto leader = LogInDemo(c, "demo.leader");
  json::object body{{"procedure_code", "2.000488"},
                    {"channel", "online"},
                    {"applicant",
                     {{"type", "citizen"},
                      {"full_name", "Lê Văn Nộp"},
                      {"id_number", "001085033333"},
                      {"phone", "0912345678"}}},
                    {"components", json::array{{{"name", "Tờ khai"}, {"originals", 1}}}}};
  auto submitted = c.PostJson("/api/v1/dossiers", json::serialize(body), citizen.Bearer());
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string code(json::parse(submitted.body).at("code").as_string());
  Act(c, officer, code, "receive");
  Act(c, officer, code, "forward");

  // The generic action route cannot request the fee; the fee form can, with the amount.
  auto bare = c.PostJson("/api/v1/dossiers/" + code + "/actions",
                         json::serialize(json::object{{"action", "request_payment"},
                                                      {"version", Version(c, leader, code)}}),
                         leader.Bearer());
  EXPECT_EQ(bare.status, 422) << bare.body;
  EXPECT_NE(bare.body.find("payment_through_fees"), std::string::npos);
  const std::string version = std::to_string(Version(c, leader, code));
  auto requested = PostForm(c, leader, "/ho-so/" + code + "/phi",
                            {{"version", version}, {"pages", "1"}, {"copies", "1"}});
  ASSERT_EQ(requested.status, 303) << requested.body;
  EXPECT_EQ(Status(c, citizen, code), "waiting_payment");

  // The citizen's order: a signed redirect to the gateway for 200.000 đồng.
  auto order = PostForm(c, citizen, "/ho-so/" + code + "/thanh-toan", {});
  ASSERT_EQ(order.status, 200) << order.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      order.body, m, std::regex("href=\"(http://127\\.0\\.0\\.1:[0-9]+(/paymentv2/[^\"]+))\"")))
      << order.body;
  const std::string gateway_target = Unescape(m[2].str());
  EXPECT_NE(gateway_target.find("vnp_Amount=20000000&"), std::string::npos) << gateway_target;
  HttpClient gw(gateway_->port());
  auto page = gw.Get(gateway_target);
  ASSERT_EQ(page.status, 200) << page.body;  // the stand-in checked our signature
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("name=\"token\" value=\"([^\"]+)\"")));
  auto paid = gw.Send("POST", "/pay", "token=" + m[1].str(),
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 302);
  const std::string back = paid->Header("location").value_or("");
  ASSERT_NE(back.find("/thanh-toan/ket-qua?"), std::string::npos) << back;
  const std::string query = back.substr(back.find('?') + 1);
  // The stand-in called the IPN before sending the browser back.
  EXPECT_EQ(Status(c, citizen, code), "in_process");

  // The return page confirms; a replayed IPN is "already confirmed"; a forged one is refused.
  auto result = c.Get("/thanh-toan/ket-qua?" + query, citizen.Cookie());
  EXPECT_EQ(result.status, 200);
  EXPECT_NE(result.body.find("Thanh toán thành công"), std::string::npos) << result.body;
  auto replay = c.Get("/thanh-toan/ipn?" + query);
  EXPECT_EQ(json::parse(replay.body).at("RspCode").as_string(), "02") << replay.body;
  std::string forged = std::regex_replace(query, std::regex("vnp_Amount=[0-9]+"), "vnp_Amount=100");
  auto refused = c.Get("/thanh-toan/ipn?" + forged);
  EXPECT_EQ(json::parse(refused.body).at("RspCode").as_string(), "97") << refused.body;
  auto bad_return = c.Get("/thanh-toan/ket-qua?" + forged);
  EXPECT_EQ(bad_return.status, 400);
  EXPECT_EQ(Status(c, citizen, code), "in_process");

  // The e-receipt, linked from the dossier page, is a PDF for the citizen and the officer.
  auto dossier_page = c.Get("/ho-so/" + code, citizen.Cookie());
  ASSERT_TRUE(std::regex_search(dossier_page.body, m,
                                std::regex("href=\"(/ho-so/[^\"]+/bien-lai/[^\"]+\\.pdf)\"")))
      << dossier_page.body;
  const std::string receipt = m[1].str();
  for (const auto* who : {&citizen, &officer}) {
    auto pdf = c.Get(receipt, who->Cookie());
    EXPECT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  }
  auto stranger = LogInDemo(c, "demo.specialist.thue");
  EXPECT_EQ(c.Get(receipt, stranger.Cookie()).status, 404);
}

TEST_F(PaymentTest, CounterPaymentExemptionAndRefundThroughTheForms) {
  auto c = Client();
  auto citizen = LogInDemo(c, "demo.citizen");
  auto officer = LogInDemo(c, "demo.reception_officer");
  auto leader = LogInDemo(c, "demo.leader");
  auto in_process = [&]() {
    json::object body{{"procedure_code", "2.000488"},
                      {"channel", "online"},
                      {"applicant",
                       {{"type", "citizen"},
                        {"full_name", "Phạm Thị Quầy"},
                        {"id_number", "001185044444"},
                        {"phone", "0912345678"}}},
                      {"components", json::array{{{"name", "Tờ khai"}, {"originals", 1}}}}};
    auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), citizen.Bearer());
    EXPECT_EQ(r.status, 201) << r.body;
    std::string code(json::parse(r.body).at("code").as_string());
    Act(c, officer, code, "receive");
    Act(c, officer, code, "forward");
    return code;
  };

  // An exemption with its reason: nothing to pay, the dossier stays in process.
  std::string exempt = in_process();
  auto no_reason = PostForm(
      c, leader, "/ho-so/" + exempt + "/phi",
      {{"version", std::to_string(Version(c, leader, exempt))}, {"exemption", "nguoi_co_cong"}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_NE(no_reason.body.find("Cần ghi lý do miễn"), std::string::npos);
  auto exempted = PostForm(c, leader, "/ho-so/" + exempt + "/phi",
                           {{"version", std::to_string(Version(c, leader, exempt))},
                            {"exemption", "nguoi_co_cong"},
                            {"exemption_reason", "Thẻ thương binh số 123"}});
  ASSERT_EQ(exempted.status, 303) << exempted.body;
  EXPECT_EQ(Status(c, citizen, exempt), "in_process");
  auto page = c.Get("/ho-so/" + exempt, citizen.Cookie());
  EXPECT_NE(page.body.find("Được miễn"), std::string::npos);
  EXPECT_NE(page.body.find("Thẻ thương binh số 123"), std::string::npos);

  // At the counter: the slip's number is required; then the receipt is issued.
  std::string code = in_process();
  ASSERT_EQ(PostForm(c, leader, "/ho-so/" + code + "/phi",
                     {{"version", std::to_string(Version(c, leader, code))}})
                .status,
            303);
  auto citizen_page = c.Get("/ho-so/" + code, citizen.Cookie());
  EXPECT_NE(citizen_page.body.find("200.000"), std::string::npos);
  EXPECT_NE(citizen_page.body.find("id=\"pay-online\""), std::string::npos);
  auto no_slip = PostForm(c, officer, "/ho-so/" + code + "/nop-phi-tai-quay",
                          {{"version", std::to_string(Version(c, officer, code))},
                           {"method", "cash"},
                           {"counter_receipt_no", " "}});
  EXPECT_EQ(no_slip.status, 422);
  EXPECT_EQ(Status(c, citizen, code), "waiting_payment");
  auto paid = PostForm(c, officer, "/ho-so/" + code + "/nop-phi-tai-quay",
                       {{"version", std::to_string(Version(c, officer, code))},
                        {"method", "pos"},
                        {"counter_receipt_no", "POS-000777"}});
  ASSERT_EQ(paid.status, 303) << paid.body;
  EXPECT_EQ(Status(c, citizen, code), "in_process");

  // Stopped after payment: a refund is owed, and recorded once paid back.
  auto stop = c.PostJson("/api/v1/dossiers/" + code + "/actions",
                         json::serialize(json::object{{"action", "stop"},
                                                      {"version", Version(c, leader, code)},
                                                      {"reason", "Không đủ điều kiện"}}),
                         leader.Bearer());
  ASSERT_EQ(stop.status, 200) << stop.body;
  auto officer_page = c.Get("/ho-so/" + code, officer.Cookie());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(officer_page.body, m, std::regex("/hoan-phi/([0-9]+)\"")))
      << officer_page.body;
  auto refunded = PostForm(c, officer, "/ho-so/" + code + "/hoan-phi/" + m[1].str(),
                           {{"reference", "PC-2026-15"}});
  ASSERT_EQ(refunded.status, 303) << refunded.body;
  officer_page = c.Get("/ho-so/" + code, officer.Cookie());
  EXPECT_NE(officer_page.body.find("Đã hoàn trả"), std::string::npos);
  EXPECT_NE(officer_page.body.find("PC-2026-15"), std::string::npos);
}

}  // namespace
}  // namespace motcua::testing
