// Postal hand-over end to end (issue 16, part 4; decision 0018): a real `motcua serve` and the
// carrier stand-in (tests/support/carrier_standin.py). The officer returns a result by post with
// its tracking number; the server's postal job registers the parcel with the carrier; the
// carrier pushes a signed "delivered" event, which shows in the dossier's history and on the
// public lookup (API and page) without any personal data.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/smtp_sink.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kKey = "khoa-buu-chinh-thu-nghiem";
constexpr const char* kTracking = "EV123456785VN";

json::object Obj(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

// The carrier stand-in on a free port of this suite's range (19400-19499).
class CarrierStandin {
 public:
  CarrierStandin() {
    for (uint16_t p = 19400 + ::getpid() % 50; p < 19500 && port_ == 0; ++p)
      if (!Accepts(p)) port_ = p;
    if (port_ == 0) throw std::runtime_error("no free port in 19400-19499");
    const std::string script = std::string(MOTCUA_SOURCE_DIR) + "/tests/support/carrier_standin.py";
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/usr/bin/python3", "python3", script.c_str(), "--port", port.c_str(), "--key", kKey,
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!Accepts(port_)) throw std::runtime_error("carrier stand-in does not listen");
  }
  ~CarrierStandin() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

class PostalTest : public DemoServerTest {
 protected:
  static void SetUpTestSuite() {
    carrier_ = new CarrierStandin();
    server_ = new TestServer({"--demo", "--no-access-log", "--carrier-url", carrier_->url(),
                              "--carrier-key", kKey, "--carrier-sync-seconds", "1",
                              "--lookup-rate-per-minute", "100000"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete carrier_;
    carrier_ = nullptr;
  }

  std::map<std::string, std::string> Bearer(const std::string& who) {
    auto it = tokens_.find(who);
    if (it == tokens_.end()) it = tokens_.emplace(who, Login("demo." + who).token).first;
    return {{"Authorization", "Bearer " + it->second}};
  }

  json::object Act(const std::string& who, const std::string& code, const std::string& action,
                   json::object extra = {}, int expect = 200) {
    auto c = Client();
    auto view = c.Get("/api/v1/dossiers/" + code, Bearer(who));
    json::object b{{"action", action}, {"version", Obj(view).at("version")}};
    for (auto& kv : extra) b[kv.key()] = kv.value();
    auto r = c.PostJson("/api/v1/dossiers/" + code + "/actions", json::serialize(b), Bearer(who));
    EXPECT_EQ(r.status, expect) << action << " by " << who << ": " << r.body;
    return Obj(r);
  }

  // A dossier received at the counter and decided, waiting to be returned.
  std::string Finished() {
    json::object body{{"procedure_code", "2.000488"},
                      {"channel", "counter"},
                      {"applicant", json::object{{"type", "citizen"},
                                                 {"full_name", "Nguyễn Văn An"},
                                                 {"id_number", "001090012345"},
                                                 {"phone", "0912345678"},
                                                 {"address", "Số 7 phố Tràng Tiền"}}},
                      {"components", json::array{json::object{
                                         {"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
    auto c = Client();
    auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), Bearer("reception_officer"));
    EXPECT_EQ(r.status, 201) << r.body;
    std::string code(Obj(r).at("code").as_string());
    Act("reception_officer", code, "forward");
    Act("leader", code, "forward");
    Act("specialist", code, "forward");
    Act("specialist", code, "forward");
    auto done = Act("leader", code, "approve");
    EXPECT_EQ(done.at("status").as_string(), "finished");
    return code;
  }

  HttpResponse Simulate(json::object body) {
    HttpClient c(carrier_->port());
    return c.PostJson("/simulate/deliver", json::serialize(body));
  }

  static inline CarrierStandin* carrier_ = nullptr;
  std::map<std::string, std::string> tokens_;
};

TEST_F(PostalTest, ADeliveryPushedByTheCarrierReachesTheDossierAndTheLookup) {
  const std::string code = Finished();

  // A wrong number is refused with its field, and nothing is written.
  auto bad = Act("reception_officer", code, "return",
                 {{"return_method", "postal"}, {"postal_tracking", "EV123456789VN"}}, 422);
  EXPECT_EQ(bad.at("error").at("code").as_string(), "invalid_tracking_number");
  EXPECT_EQ(bad.at("error").at("field").as_string(), "postal_tracking");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM postal_shipments"), 0);

  auto returned = Act("reception_officer", code, "return",
                      {{"return_method", "postal"}, {"postal_tracking", kTracking}});
  EXPECT_EQ(returned.at("status").as_string(), "returned");
  EXPECT_EQ(returned.at("postal_shipments").at(0).at("tracking_number").as_string(), kTracking);

  // The server's postal job registers the parcel with the carrier (every second here).
  HttpClient carrier(carrier_->port());
  int registered = 0;
  for (int i = 0; i < 150 && registered != 200; ++i) {
    registered = carrier.Get(std::string("/simulate/shipments/") + kTracking).status;
    if (registered != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(registered, 200) << server_->Output();
  auto reg = Obj(carrier.Get(std::string("/simulate/shipments/") + kTracking));
  EXPECT_EQ(reg.at("reference").as_string(), code);
  EXPECT_EQ(reg.at("direction").as_string(), "outbound");

  // A forged push is refused and leaves nothing.
  auto forged = Simulate({{"tracking_number", kTracking}, {"sign_with", "khoa-gia"}});
  ASSERT_EQ(forged.status, 200) << forged.body;
  EXPECT_EQ(Obj(forged).at("status").as_int64(), 401);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM postal_events"), 0);

  // The carrier delivers and pushes the event; a retry of the same event changes nothing.
  auto pushed = Simulate(
      {{"tracking_number", kTracking}, {"event_id", "VNP-1"}, {"location", "Bưu cục Hoàn Kiếm"}});
  ASSERT_EQ(pushed.status, 200) << pushed.body;
  EXPECT_EQ(Obj(pushed).at("status").as_int64(), 200) << pushed.body;
  EXPECT_EQ(Obj(pushed).at("body").at("accepted").as_int64(), 1) << pushed.body;
  auto again = Simulate({{"tracking_number", kTracking}, {"event_id", "VNP-1"}});
  EXPECT_EQ(Obj(again).at("body").at("duplicate").as_int64(), 1) << again.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM postal_events"), 1);

  auto c = Client();
  auto view = Obj(c.Get("/api/v1/dossiers/" + code, Bearer("reception_officer")));
  int delivered_lines = 0;
  for (const auto& h : view.at("history").as_array())
    if (h.at("comment") == json::value("Bưu điện: đã phát thành công")) ++delivered_lines;
  EXPECT_EQ(delivered_lines, 1);
  EXPECT_EQ(view.at("result").at("postal_return").at("status").as_string(), "delivered");
  EXPECT_EQ(view.at("postal_shipments").at(0).at("status").as_string(), "delivered");

  // The staff page shows the parcel with its post office.
  auto staff_page = c.Get("/ho-so/" + code, Login("demo.reception_officer").Cookie());
  ASSERT_EQ(staff_page.status, 200);
  EXPECT_NE(staff_page.body.find(kTracking), std::string::npos);
  EXPECT_NE(staff_page.body.find("Bưu cục Hoàn Kiếm"), std::string::npos);
  EXPECT_NE(staff_page.body.find("Bưu điện: đã phát thành công"), std::string::npos);

  // The public lookup: the number and the event's label, no post office, no address.
  auto lookup = c.Get("/api/v1/lookup/" + code);
  ASSERT_EQ(lookup.status, 200);
  auto lv = Obj(lookup);
  const auto& ship = lv.at("postal_shipments").at(0).as_object();
  EXPECT_EQ(ship.at("tracking_number").as_string(), kTracking);
  EXPECT_EQ(ship.at("events").at(0).at("label").as_string(), "đã phát thành công");
  EXPECT_EQ(lookup.body.find("Hoàn Kiếm"), std::string::npos) << lookup.body;
  EXPECT_EQ(lookup.body.find("Tràng Tiền"), std::string::npos) << lookup.body;
  auto page = c.Get("/tra-cuu/" + code);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(kTracking), std::string::npos);
  EXPECT_NE(page.body.find("đã phát thành công"), std::string::npos);
  EXPECT_EQ(page.body.find("Hoàn Kiếm"), std::string::npos);
  EXPECT_EQ(page.body.find("Tràng Tiền"), std::string::npos);
}

TEST_F(PostalTest, TheStaffPageTakesTheNumberWithTheReturn) {
  const std::string code = Finished();
  DemoSession officer = Login("demo.reception_officer");
  auto c = Client();
  auto page = c.Get("/ho-so/" + code, officer.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"postal_tracking\""), std::string::npos);
  const std::string version = std::to_string(
      Obj(c.Get("/api/v1/dossiers/" + code, Bearer("reception_officer"))).at("version").as_int64());
  auto headers = officer.Cookie();
  headers["Content-Type"] = kFormContentType;
  auto post = [&](const std::string& tracking) {
    return c.Send("POST", "/ho-so/" + code + "/hanh-dong",
                  FormBody({{"csrf_token", officer.csrf},
                            {"action", "return"},
                            {"version", version},
                            {"return_method", "postal"},
                            {"postal_tracking", tracking}}),
                  headers);
  };
  auto bad = post("EV123456789VN");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("Số hiệu bưu gửi không hợp lệ"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM postal_shipments WHERE tracking_number = 'EV123456789VN'"),
            0);
  auto good = post("ev 98765432 6 vn");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 303) << good->body;
  auto view = Obj(c.Get("/api/v1/dossiers/" + code, Bearer("reception_officer")));
  EXPECT_EQ(view.at("status").as_string(), "returned");
  EXPECT_EQ(view.at("postal_shipments").at(0).at("tracking_number").as_string(), "EV987654326VN");
  auto after = c.Get("/ho-so/" + code, officer.Cookie());
  EXPECT_NE(after.body.find("EV987654326VN"), std::string::npos);
  EXPECT_NE(after.body.find("đã ghi nhận số hiệu bưu gửi"), std::string::npos);
}

TEST_F(PostalTest, TheWebhookTakesOnlySmallSignedBodies) {
  auto c = Client();
  auto unsigned_push = c.PostJson("/api/v1/postal/events", R"({"events":[]})");
  EXPECT_EQ(unsigned_push.status, 401) << unsigned_push.body;
  EXPECT_EQ(Obj(unsigned_push).at("error").at("code").as_string(), "invalid_signature");
  // Past the small-form limit the body is refused before it is read.
  std::string big = R"({"events":[],"pad":")" + std::string(100 << 10, 'x') + "\"}";
  auto large = c.PostJson("/api/v1/postal/events", big);
  EXPECT_EQ(large.status, 413);
}

}  // namespace
}  // namespace motcua::testing
