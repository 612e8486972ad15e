// The HTTP edge under hostile clients (issue 15), each probe replayed against a real server:
// bodies refused before they are read, per-route body limits, connection caps, memory given back
// after large bodies, rate limits on outsiders' routes, phone-verified access without personal
// data, and a log-in throttle that slows a guesser without locking the real user out.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

json::object Obj(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string ErrorCode(const HttpResponse& r) {
  auto o = Obj(r);
  if (auto* e = o.if_contains("error"); e && e->is_object())
    if (auto* c = e->as_object().if_contains("code"); c && c->is_string())
      return std::string(c->as_string());
  return "";
}

// A raw connection: connect, send what we like, read what comes.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    timeval tv{10, 0};
    if (fd_ >= 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything until the peer closes or `wait` passes without data.
  std::string ReadUntilClosed() {
    std::string out;
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // The status code of the first response line read, 0 if none arrives.
  int ReadStatus(std::string* text = nullptr) {
    std::string got;
    char buf[4096];
    while (got.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
    if (text) *text = got;
    if (got.rfind("HTTP/1.1 ", 0) != 0 || got.size() < 12) return 0;
    return std::stoi(got.substr(9, 3));
  }

 private:
  int fd_ = -1;
};

std::string Head(const std::string& method, const std::string& target, size_t length,
                 const std::string& extra = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         extra + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

long RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

std::string SubmitBody() {
  json::object applicant{{"type", "citizen"},
                         {"full_name", "Nguyễn Văn An"},
                         {"id_number", "001090012345"},
                         {"phone", "0912345678"},
                         {"address", "Số 7 phố Tràng Tiền"}};
  return json::serialize(json::object{
      {"procedure_code", "2.000488"},
      {"channel", "counter"},
      {"applicant", applicant},
      {"components",
       json::array{json::object{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}});
}

class SecurityEdgeTest : public DemoServerTest {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer({"--demo", "--no-access-log", "--phone-check-rate-per-minute", "5",
                              "--register-rate-per-minute", "3", "--complaint-rate-per-minute", "2",
                              "--trusted-proxies", "127.0.0.1/32"});
  }
  // Each test its own client address, so that the limits of one do not spill into another.
  static std::map<std::string, std::string> From(const std::string& address,
                                                 std::map<std::string, std::string> h = {}) {
    h["X-Forwarded-For"] = address;
    return h;
  }
};

TEST_F(SecurityEdgeTest, AnAnonymousBodyOnARouteNeedingASessionIsRefusedBeforeItIsSent) {
  RawConnection conn(server_->port());
  ASSERT_TRUE(conn.ok());
  auto start = Clock::now();
  // Five megabytes announced, none sent: the answer cannot wait for them.
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/dossiers", 5'000'000)));
  std::string text;
  EXPECT_EQ(conn.ReadStatus(&text), 401) << text;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_NE(text.find("unauthenticated"), std::string::npos) << text;
  EXPECT_NE(text.find("onnection: close"), std::string::npos) << text;
  // Unknown routes and bodies on routes that take none are refused the same way.
  RawConnection c2(server_->port());
  ASSERT_TRUE(c2.Send(Head("POST", "/no/such/route", 5'000'000)));
  EXPECT_EQ(c2.ReadStatus(), 404);
  RawConnection c3(server_->port());
  ASSERT_TRUE(c3.Send(Head("POST", "/api/v1/auth/login", 5'000'000)));
  EXPECT_EQ(c3.ReadStatus(), 413);
  RawConnection c4(server_->port());
  ASSERT_TRUE(c4.Send(Head("GET", "/api/v1/agencies", 100)));
  EXPECT_EQ(c4.ReadStatus(), 413);
  // A bad session is as good as none.
  RawConnection c5(server_->port());
  ASSERT_TRUE(c5.Send(
      Head("POST", "/api/v1/attachments", 5'000'000, "Authorization: Bearer not-a-session\r\n")));
  EXPECT_EQ(c5.ReadStatus(), 401);
  // The web's upload forms send strangers to the log-in page before the files arrive.
  RawConnection c6(server_->port());
  ASSERT_TRUE(c6.Send(Head("POST", "/nop-ho-so/2.000488", 5'000'000)));
  EXPECT_EQ(c6.ReadStatus(&text), 303) << text;
}

TEST_F(SecurityEdgeTest, ExpectContinueIsGrantedOnlyOnceTheCallerIsAdmitted) {
  auto citizen = Login("demo.citizen");
  std::string body = "%PDF-1.7\nhello";
  std::string head =
      "POST /api/v1/attachments?name=a.pdf HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/pdf\r\nExpect: 100-continue\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n";
  RawConnection stranger(server_->port());
  ASSERT_TRUE(stranger.Send(head + "\r\n"));
  EXPECT_EQ(stranger.ReadStatus(), 401);
  RawConnection owner(server_->port());
  ASSERT_TRUE(owner.Send(head + "Authorization: Bearer " + citizen.token + "\r\n\r\n"));
  EXPECT_EQ(owner.ReadStatus(), 100);
  ASSERT_TRUE(owner.Send(body));
  EXPECT_EQ(owner.ReadStatus(), 201);
}

TEST_F(SecurityEdgeTest, BodyLimitsArePerRoute) {
  auto c = Client();
  auto citizen = Login("demo.citizen");
  std::string big(2 << 20, ' ');
  // JSON routes take 1 MiB...
  auto json_route =
      c.Send("POST", "/api/v1/dossiers", "{}" + big,
             {{"Authorization", "Bearer " + citizen.token}, {"Content-Type", "application/json"}});
  ASSERT_TRUE(json_route);
  EXPECT_EQ(json_route->status, 413);
  EXPECT_EQ(ErrorCode(*json_route), "payload_too_large");
  // ...whatever the Content-Type claims; the upload route takes files.
  auto disguised =
      c.Send("POST", "/api/v1/dossiers", "%PDF-1.7\n" + big,
             {{"Authorization", "Bearer " + citizen.token}, {"Content-Type", "application/pdf"}});
  ASSERT_TRUE(disguised);
  EXPECT_EQ(disguised->status, 413);
  auto upload =
      c.Send("POST", "/api/v1/attachments?name=a.pdf", "%PDF-1.7\n" + big,
             {{"Authorization", "Bearer " + citizen.token}, {"Content-Type", "application/pdf"}});
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 201) << upload->body;
  // Public forms are small.
  std::string form(100 << 10, 'a');
  auto login = c.Send("POST", "/api/v1/auth/login", form, {{"Content-Type", "application/json"}});
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 413);
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST_F(SecurityEdgeTest, MemoryComesBackAfterLargeUploads) {
  auto citizen = Login("demo.citizen");
  ASSERT_FALSE(citizen.token.empty());
  // Warm up the allocator and the threads first.
  {
    auto c = Client();
    c.Send("POST", "/api/v1/attachments?name=a.pdf", "%PDF-1.7\nwarm",
           {{"Authorization", "Bearer " + citizen.token}, {"Content-Type", "application/pdf"}});
  }
  long before = RssKiB(server_->pid());
  ASSERT_GT(before, 0);
  // Two rounds of concurrent bodies of different sizes, so that a heap that keeps what it once
  // held (the probe: 4 GB that never came back) would show.
  std::atomic<int> created{0};
  for (int round = 0; round < 2; ++round) {
    std::vector<std::thread> senders;
    for (int i = 0; i < 10; ++i) {
      senders.emplace_back([&, i] {
        std::string body = "%PDF-1.7\n" + std::string(size_t(4 + i) << 20, 'x');
        auto c = Client();
        auto r = c.Send(
            "POST", "/api/v1/attachments?name=big.pdf", body,
            {{"Authorization", "Bearer " + citizen.token}, {"Content-Type", "application/pdf"}});
        if (r && r->status == 201) ++created;
      });
    }
    for (auto& t : senders) t.join();
  }
  EXPECT_EQ(created.load(), 20);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  long after = RssKiB(server_->pid());
  // 170 MB went through; far less than one body's worth may stay.
  EXPECT_LT(after - before, 12 * 1024) << before << " KiB before, " << after << " KiB after";
}

TEST_F(SecurityEdgeTest, PhoneVerifiedAccessIsThrottledAndRevealsNoPersonalData) {
  auto c = Client();
  auto officer = Login("demo.reception_officer");
  auto made = c.PostJson("/api/v1/dossiers", SubmitBody(), officer.Bearer());
  ASSERT_EQ(made.status, 201) << made.body;
  std::string code(Obj(made).at("code").as_string());
  auto citizen = Login("demo.citizen");
  auto h = From("203.0.113.10", citizen.Bearer());
  auto r = c.Get("/api/v1/dossiers/" + code + "?phone=0912345678", h);
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* secret : {"001090012345", "0912345678", "Tràng Tiền", "Nguyễn Văn An"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret << " in " << r.body;
  auto v = Obj(r);
  EXPECT_TRUE(v.at("personal_data_hidden").as_bool());
  EXPECT_FALSE(v.contains("attachments"));
  EXPECT_TRUE(v.contains("steps"));
  // Staff in scope still see everything.
  auto staff = c.Get("/api/v1/dossiers/" + code, officer.Bearer());
  EXPECT_NE(staff.body.find("001090012345"), std::string::npos);
  // The scan: 5 a minute for the account, whatever address it hops to...
  for (int i = 0; i < 4; ++i)
    c.Get("/api/v1/dossiers/" + code + "?phone=09000000" + std::to_string(10 + i),
          From("203.0.113." + std::to_string(20 + i), citizen.Bearer()));
  auto scan = c.Get("/api/v1/dossiers/" + code + "?phone=0900000099",
                    From("203.0.113.99", citizen.Bearer()));
  EXPECT_EQ(scan.status, 429) << scan.body;
  EXPECT_EQ(ErrorCode(scan), "too_many_phone_checks");
  EXPECT_TRUE(scan.Header("retry-after").has_value());
  EXPECT_FALSE(Obj(scan).at("error").at("message").as_string().empty());
  // ...and 5 a minute for an address, whoever asks (anonymous here).
  for (int i = 0; i < 5; ++i)
    c.Get("/api/v1/dossiers/" + code + "?phone=0912345678", From("198.51.100.50"));
  EXPECT_EQ(c.Get("/api/v1/dossiers/" + code + "?phone=0912345678", From("198.51.100.50")).status,
            429);
  // The owner without ?phone= is not counted.
  EXPECT_NE(c.Get("/api/v1/my/dossiers", From("203.0.113.99", citizen.Bearer())).status, 429);
}

TEST_F(SecurityEdgeTest, RegistrationIsThrottledBeforeTheBodyIsReadOrHashed) {
  auto c = Client();
  for (int i = 0; i < 3; ++i) {
    auto r = c.PostJson("/api/v1/auth/register",
                        json::serialize(json::object{{"username", "dan" + std::to_string(i)},
                                                     {"password", "mat-khau-dai-1"},
                                                     {"full_name", "Công dân"}}),
                        From("192.0.2.33"));
    EXPECT_EQ(r.status, 201) << r.body;
  }
  // The fourth announces a body and sends none: the 429 cannot have hashed anything.
  RawConnection conn(server_->port());
  ASSERT_TRUE(
      conn.Send(Head("POST", "/api/v1/auth/register", 80, "X-Forwarded-For: 192.0.2.33\r\n")));
  std::string text;
  EXPECT_EQ(conn.ReadStatus(&text), 429) << text;
  EXPECT_NE(text.find("too_many_registrations"), std::string::npos) << text;
  EXPECT_NE(text.find("etry-after"), std::string::npos) << text;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username LIKE 'dan%'"), 3);
  // Another address is not affected.
  auto other = c.PostJson(
      "/api/v1/auth/register",
      json::serialize(json::object{
          {"username", "dan-khac"}, {"password", "mat-khau-dai-1"}, {"full_name", "Công dân"}}),
      From("192.0.2.34"));
  EXPECT_EQ(other.status, 201) << other.body;
}

TEST_F(SecurityEdgeTest, AnonymousComplaintsAreThrottled) {
  auto c = Client();
  auto body = json::serialize(json::object{
      {"agency_code", "000.00.01.H99"}, {"channel", "portal"}, {"content", "Phản ánh thử"}});
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(c.PostJson("/api/v1/complaints", body, From("192.0.2.77")).status, 201);
  auto third = c.PostJson("/api/v1/complaints", body, From("192.0.2.77"));
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(ErrorCode(third), "too_many_complaints");
  // English on request.
  auto en = c.PostJson("/api/v1/complaints?lang=en", body, From("192.0.2.77"));
  EXPECT_EQ(Obj(en).at("error").at("message").as_string(),
            "Too many complaints sent; try again later.");
}

TEST_F(SecurityEdgeTest, TheWebFormsShareTheRegistrationAndComplaintThrottles) {
  auto c = Client();
  // An anonymous form's token (hidden field and cookie).
  auto token_of = [&](const std::string& path) {
    auto page = c.Get(path, From("192.0.2.90"));
    std::smatch m;
    std::regex re("name=\"form_token\" value=\"([^\"]+)\"");
    EXPECT_TRUE(std::regex_search(page.body, m, re)) << path;
    return m.size() > 1 ? m[1].str() : std::string();
  };
  auto post = [&](const std::string& path, const std::string& token, const std::string& body) {
    auto r = c.Send("POST", path, body,
                    {{"Content-Type", kFormContentType},
                     {"Cookie", "motcua_form=" + token},
                     {"X-Forwarded-For", "192.0.2.90"}});
    return r.value_or(HttpResponse{});
  };
  std::string token = token_of("/dang-ky");
  for (int i = 0; i < 3; ++i) {
    auto r = post("/dang-ky", token,
                  FormBody({{"form_token", token},
                            {"full_name", "Công dân"},
                            {"username", "web-dan" + std::to_string(i)},
                            {"password", "mat-khau-dai-1"}}));
    EXPECT_EQ(r.status, 303) << r.body;
  }
  auto fourth = post("/dang-ky", token,
                     FormBody({{"form_token", token},
                               {"full_name", "Công dân"},
                               {"username", "web-dan9"},
                               {"password", "mat-khau-dai-1"}}));
  EXPECT_EQ(fourth.status, 429);
  EXPECT_NE(fourth.body.find("Quá nhiều lượt đăng ký"), std::string::npos);
  EXPECT_TRUE(fourth.Header("retry-after").has_value());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'web-dan9'"), 0);

  token = token_of("/kiosk/phan-anh");
  auto complaint = FormBody({{"form_token", token},
                             {"agency_code", "000.00.10.H99"},
                             {"content", "Chậm trả kết quả"},
                             {"full_name", "Trần Văn Cường"},
                             {"phone", "0912345678"}});
  EXPECT_EQ(post("/kiosk/phan-anh", token, complaint).status, 303);
  EXPECT_EQ(post("/kiosk/phan-anh", token, complaint).status, 303);
  auto third = post("/kiosk/phan-anh", token, complaint);
  EXPECT_EQ(third.status, 429);
  EXPECT_NE(third.body.find("Quá nhiều phản ánh"), std::string::npos);
}

TEST_F(SecurityEdgeTest, TheRealUserLogsInWhileAnAttackerHammersTheirUsername) {
  auto c = Client();
  auto bad = json::serialize(json::object{{"username", "demo.leader"}, {"password", "doan-sai"}});
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = c.PostJson("/api/v1/auth/login", bad, From("203.0.113.66"));
    if (r.status == 429) ++refused;
  }
  EXPECT_GT(refused, 0);  // the attacker is slowed
  auto good =
      json::serialize(json::object{{"username", "demo.leader"}, {"password", "motcua-demo"}});
  // The right password from the attacker's address waits...
  EXPECT_EQ(c.PostJson("/api/v1/auth/login", good, From("203.0.113.66")).status, 429);
  // ...the owner, elsewhere, does not.
  auto owner = c.PostJson("/api/v1/auth/login", good, From("198.51.100.8"));
  EXPECT_EQ(owner.status, 200) << owner.body;
}

TEST(ConnectionCaps, OneClientCannotHoldMoreThanItsShare) {
  TestServer server({"--no-access-log", "--max-connections-per-client", "3"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection fourth(server.port());
  std::string text;
  EXPECT_EQ(fourth.ReadStatus(&text), 429) << text;
  EXPECT_NE(text.find("too_many_connections"), std::string::npos) << text;
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  HttpClient c(server.port());
  EXPECT_EQ(c.Get("/healthz").status, 200);
}

TEST(ConnectionCaps, TheServerAsAWholeHasACeiling) {
  // Behind a trusted proxy the per-client cap does not apply; the global one does.
  TestServer server(
      {"--no-access-log", "--max-connections", "4", "--trusted-proxies", "127.0.0.0/8"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawConnection>(server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawConnection fifth(server.port());
  std::string text;
  EXPECT_EQ(fifth.ReadStatus(&text), 503) << text;
  EXPECT_NE(text.find("server_busy"), std::string::npos) << text;
}

TEST(RateLimits, EveryOutsiderRouteIsLimitedPerClientAndForwardedForOnlyFromTrustedProxies) {
  TestServer server({"--no-access-log", "--rate-limit-per-minute", "10"});
  HttpClient c(server.port());
  int ok = 0;
  for (int i = 0; i < 10; ++i) {
    // Without --trusted-proxies a forged X-Forwarded-For changes nothing.
    auto r = i % 2 ? c.Get("/api/v1/agencies", {{"X-Forwarded-For", "10.9.8." + std::to_string(i)}})
                   : c.Get("/");
    if (r.status == 200) ++ok;
  }
  EXPECT_EQ(ok, 10);
  auto api = c.Get("/api/v1/agencies", {{"X-Forwarded-For", "10.9.9.9"}});
  EXPECT_EQ(api.status, 429);
  EXPECT_EQ(ErrorCode(api), "too_many_requests");
  EXPECT_TRUE(api.Header("retry-after").has_value());
  EXPECT_EQ(c.Get("/thu-tuc").status, 429);
}

}  // namespace
}  // namespace motcua::testing
