// Notifications (issue 16) against a real server, a real SMTP server (aiosmtpd) and the SMS
// gateway stand-in (tests/support/sms_standin.py, which checks the request shape and the
// HMAC signature): each event of a dossier reaches both; a gateway that is down delays the SMS
// but never the change; nothing is lost across a SIGKILL; the inbound look-up answers.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "common/crypto.h"
#include "service/notification_channels.h"
#include "support/demo_login.h"
#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/http_client.h"
#include "support/smtp_sink.h"
#include "support/test_server.h"

extern char** environ;

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSmsKey = "khoa-thu-nghiem-sms";

// A port the kernel hands out as free. Not a fixed range: ctest runs these tests two at a time,
// and one test stops its stand-in and starts it again on the same port, which a fixed range
// would let the other test take meanwhile; the kernel does not hand a released ephemeral port
// out again at once.
uint16_t StandinPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// tests/support/sms_standin.py on a fixed port, stopped and started again at will.
class SmsStandin {
 public:
  SmsStandin() : port_(StandinPort()) { Start(); }
  ~SmsStandin() { Stop(); }
  void Start() {
    std::string script = std::string(MOTCUA_SOURCE_DIR) + "/tests/support/sms_standin.py";
    std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::execl("/usr/bin/python3", "python3", script.c_str(), "--port", port.c_str(), "--key",
              kSmsKey, "--brandname", "MOTCUA", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!Accepts(port_)) throw std::runtime_error("sms_standin.py does not listen");
  }
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  json::array Messages() const {
    HttpClient c(port_);
    auto r = c.Get("/messages");
    return r.status == 200 ? json::parse(r.body).as_array() : json::array{};
  }
  json::array Rejected() const {
    HttpClient c(port_);
    auto r = c.Get("/rejected");
    return r.status == 200 ? json::parse(r.body).as_array() : json::array{};
  }
  json::array WaitFor(size_t n, int seconds = 15) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    json::array m = Messages();
    while (m.size() < n && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      m = Messages();
    }
    return m;
  }

 private:
  uint16_t port_;
  pid_t pid_ = -1;
};

std::vector<std::string> ServerArgs(const std::string& smtp_url, const std::string& sms_url) {
  return {"--demo", "--no-access-log", "--smtp-url", smtp_url, "--smtp-from", "motcua@example.vn",
          "--sms-url", sms_url, "--sms-key", kSmsKey, "--sms-brandname", "MOTCUA",
          // Off, so that the suite behaves the same at any hour.
          "--sms-quiet-hours", "off", "--notify-interval-ms", "100", "--notify-retry-seconds", "1",
          "--notify-lease-seconds", "2", "--lookup-rate-per-minute", "100000"};
}

json::object Obj(const HttpResponse& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object{};
}

std::string SubmitBody(const std::string& email) {
  return json::serialize(json::object{
      {"procedure_code", "1.000502"},
      {"channel", "counter"},
      {"applicant",
       {{"type", "citizen"},
        {"full_name", "Trần Thị Bình"},
        {"id_number", "001090012345"},
        {"phone", "0912345678"},
        {"email", email},
        {"address", "Số 7 phố Tràng Tiền"}}},
      {"components", json::array{{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}});
}

int64_t Count(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

// Count(), again until it reaches `n` or `seconds` pass.
int64_t WaitCount(const std::string& db_path, const std::string& sql, int64_t n, int seconds = 10) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int64_t got = Count(db_path, sql);
  while (got < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    got = Count(db_path, sql);
  }
  return got;
}

// The mails to `to`, decoded.
std::vector<std::string> MailsTo(const std::vector<std::string>& raw, const std::string& to) {
  std::vector<std::string> out;
  for (const auto& m : raw)
    if (m.find("X-RcptTo: " + to) != std::string::npos) out.push_back(MailBody(m));
  return out;
}

std::vector<std::string> SmsTexts(const json::array& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.emplace_back(m.at("message").as_string());
  return out;
}

class Actor {
 public:
  explicit Actor(uint16_t port) : port_(port) {}
  json::object Act(const std::string& who, const std::string& code, const std::string& action,
                   json::object extra = {}) {
    HttpClient c(port_);
    std::string token = Token(c, who);
    auto view = c.Get("/api/v1/dossiers/" + code, {{"Authorization", "Bearer " + token}});
    json::object b{{"action", action}, {"version", Obj(view).at("version").as_int64()}};
    for (auto& kv : extra) b[kv.key()] = kv.value();
    auto r = c.PostJson("/api/v1/dossiers/" + code + "/actions", json::serialize(b),
                        {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 200) << action << " by " << who << ": " << r.body;
    return Obj(r);
  }
  std::string Submit(const std::string& email) {
    HttpClient c(port_);
    auto r = c.PostJson("/api/v1/dossiers", SubmitBody(email),
                        {{"Authorization", "Bearer " + Token(c, "reception_officer")}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? std::string(Obj(r).at("code").as_string()) : std::string();
  }
  std::string Token(HttpClient& c, const std::string& who) {
    auto& t = tokens_[who];
    if (t.empty()) t = LogInDemo(c, "demo." + who).token;
    return t;
  }
  DemoSession Session(const std::string& who) {
    HttpClient c(port_);
    return LogInDemo(c, "demo." + who);
  }

 private:
  uint16_t port_;
  std::map<std::string, std::string> tokens_;
};

TEST(NotificationTest, EachEventReachesTheSmtpServerAndTheSmsGateway) {
  SmtpSink smtp;
  SmsStandin sms;
  TestServer server(ServerArgs(smtp.url(), sms.url()));
  Actor a(server.port());
  const std::string to = "binh.tran@example.vn";
  std::string code = a.Submit(to);
  ASSERT_FALSE(code.empty());
  auto mails = MailsTo(smtp.WaitFor(1), to);
  auto texts = sms.WaitFor(1);
  ASSERT_EQ(mails.size(), 1u);
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(mails[0].find("Mã hồ sơ: " + code), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("Ngày hẹn trả kết quả"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("/ngung-nhan-thong-bao?ma="), std::string::npos);
  EXPECT_EQ(texts[0].at("phone").as_string(), "84912345678");
  EXPECT_EQ(texts[0].at("brandname").as_string(), "MOTCUA");
  EXPECT_NE(std::string(texts[0].at("message").as_string()).find(code), std::string::npos);

  a.Act("reception_officer", code, "forward");
  a.Act("specialist", code, "request_supplement",
        {{"reason", "Thiếu bản sao giấy khai sinh"},
         {"missing_items", json::array{"Bản sao giấy khai sinh"}}});
  a.Act("reception_officer", code, "supplement");
  a.Act("specialist", code, "forward");
  a.Act("leader", code, "approve", {{"result_note", "Đã cử trợ giúp viên"}});
  a.Act("reception_officer", code, "return", {{"return_method", "counter"}});
  // received, supplement requested, result ready, returned: one e-mail and one SMS each.
  mails = MailsTo(smtp.WaitFor(4), to);
  auto all = SmsTexts(sms.WaitFor(4));
  ASSERT_EQ(mails.size(), 4u);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_TRUE(sms.Rejected().empty()) << json::serialize(sms.Rejected());
  std::vector<std::string> expected_sms = {"da duoc tiep nhan", "can bo sung", "da co ket qua",
                                           "da duoc tra ket qua"};
  for (const auto& needle : expected_sms) {
    bool found = false;
    for (const auto& t : all) found = found || t.find(needle) != std::string::npos;
    EXPECT_TRUE(found) << needle;
  }
  for (const auto& t : all) EXPECT_EQ(t.find("001090012345"), std::string::npos);
  for (const auto& m : mails) EXPECT_EQ(m.find("001090012345"), std::string::npos);
  EXPECT_EQ(WaitCount(server.db_path(),
                      "SELECT COUNT(*) FROM notification_outbox WHERE status = 'sent'", 8),
            8);

  // Staff see the deliveries on the dossier page, the recipients masked.
  auto officer = a.Session("reception_officer");
  HttpClient c(server.port());
  auto page = c.Get("/ho-so/" + code, officer.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Thông báo đã gửi người nộp"), std::string::npos);
  EXPECT_NE(page.body.find("091****678"), std::string::npos);
  EXPECT_NE(page.body.find("bi***@example.vn"), std::string::npos);
  EXPECT_EQ(page.body.find("binh.tran@example.vn</td>"), std::string::npos);

  // The unsubscribe link of the e-mail: a page to confirm, then no more mail.
  std::smatch m;
  std::regex link("/ngung-nhan-thong-bao\\?ma=([A-Za-z0-9_-]+)");
  ASSERT_TRUE(std::regex_search(mails[0], m, link));
  std::string token = m[1];
  auto confirm = c.Get("/ngung-nhan-thong-bao?ma=" + token);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("bi***@example.vn"), std::string::npos);
  std::smatch ft;
  ASSERT_TRUE(
      std::regex_search(confirm.body, ft, std::regex("name=\"form_token\" value=\"([^\"]+)\"")));
  std::string form_token = ft[1];
  auto done = c.Send("POST", "/ngung-nhan-thong-bao", "ma=" + token + "&form_token=" + form_token,
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Cookie", "motcua_form=" + form_token}});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
  std::string next = a.Submit(to);
  sms.WaitFor(5);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(MailsTo(smtp.Messages(), to).size(), 4u) << "no mail after the opt-out";
  EXPECT_EQ(sms.Messages().size(), 5u) << "the SMS still goes";
}

TEST(NotificationTest, AGatewayThatIsDownDelaysTheSmsButNeverTheChange) {
  SmtpSink smtp;
  SmsStandin sms;
  sms.Stop();
  TestServer server(ServerArgs(smtp.url(), sms.url()));
  Actor a(server.port());
  auto started = std::chrono::steady_clock::now();
  std::string code = a.Submit("down@example.vn");
  ASSERT_FALSE(code.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  // The e-mail goes; the SMS fails and waits for its next attempt.
  EXPECT_EQ(MailsTo(smtp.WaitFor(1), "down@example.vn").size(), 1u);
  WaitCount(server.db_path(),
            "SELECT COUNT(*) FROM notification_outbox WHERE channel = 'sms' AND attempts > 0", 1);
  EXPECT_EQ(Count(server.db_path(),
                  "SELECT COUNT(*) FROM notification_outbox WHERE channel = 'sms' AND status = "
                  "'failed'"),
            1);
  // Changes go on meanwhile.
  a.Act("reception_officer", code, "forward");
  sms.Start();
  auto texts = SmsTexts(sms.WaitFor(1, 20));
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find(code), std::string::npos);
}

// `motcua serve` on an existing database with its own arguments (to restart after SIGKILL).
class Restarted {
 public:
  Restarted(const std::string& db, const std::string& log, std::vector<std::string> args)
      : log_(log) {
    std::vector<std::string> argv = {MOTCUA_BINARY, "serve",          "--port", "0",
                                     "--address",   "127.0.0.1",      "--db",   db,
                                     "--data-dir",  MOTCUA_SOURCE_DIR};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& s : argv) cargv.push_back(s.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, MOTCUA_BINARY, &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    std::regex re("listening on http://[^:]+:([0-9]+)");
    for (int i = 0; i < 1500 && pid_ > 0; ++i) {
      std::ifstream in(log_);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string out = ss.str();
      std::smatch m;
      if (std::regex_search(out, m, re)) {
        port_ = static_cast<uint16_t>(std::stoi(m[1]));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Restarted() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  uint16_t port() const { return port_; }

 private:
  std::string log_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

TEST(NotificationTest, NoMessageIsLostAcrossASigkill) {
  SmsStandin sms;
  sms.Stop();
  // Nobody listens on the SMTP port either while the first server runs.
  const std::string dead_smtp = "smtp://127.0.0.1:" + std::to_string(FreePort());
  TestServer server(ServerArgs(dead_smtp, sms.url()));
  std::vector<std::string> codes;
  {
    Actor a(server.port());
    for (int i = 0; i < 5; ++i)
      codes.push_back(a.Submit("kill" + std::to_string(i) + "@example.vn"));
  }
  EXPECT_EQ(Count(server.db_path(), "SELECT COUNT(*) FROM notification_outbox"), 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // some attempts fail meanwhile
  server.Kill();
  EXPECT_EQ(Count(server.db_path(),
                  "SELECT COUNT(*) FROM notification_outbox WHERE status IN ('queued', 'failed')"),
            10);
  SmtpSink smtp;
  sms.Start();
  Restarted again(server.db_path(), server.dir() + "/restart.log",
                  ServerArgs(smtp.url(), sms.url()));
  ASSERT_GT(again.port(), 0);
  auto texts = SmsTexts(sms.WaitFor(5, 30));
  auto mails = smtp.WaitFor(5, 30);
  EXPECT_EQ(texts.size(), 5u);
  EXPECT_EQ(mails.size(), 5u);
  for (const auto& code : codes) {
    bool found = false;
    for (const auto& t : texts) found = found || t.find(code) != std::string::npos;
    EXPECT_TRUE(found) << code;
  }
}

TEST(NotificationTest, ACitizenWhoChoseZaloGetsTheZnsMessageAndNoMail) {
  SmtpSink smtp;
  SmsStandin sms;
  std::vector<std::string> args = ServerArgs(smtp.url(), sms.url());
  std::string zalo = sms.url();
  zalo.replace(zalo.size() - 4, 4, "/zalo");
  args.insert(args.end(), {"--zalo-url", zalo, "--zalo-key", kSmsKey});
  TestServer server(args);
  Actor a(server.port());
  auto citizen = a.Session("citizen");
  HttpClient c(server.port());
  auto saved =
      c.Send("POST", "/ca-nhan/thong-bao",
             FormBody({{"csrf_token", citizen.csrf}, {"sms", "1"}, {"zalo", "1"}}),
             {{"Content-Type", kFormContentType}, {"Cookie", "motcua_session=" + citizen.token}});
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303) << saved->body;
  auto account = c.Get("/ca-nhan?da-luu-thong-bao=1", citizen.Cookie());
  EXPECT_NE(account.body.find("Đã lưu lựa chọn nhận thông báo."), std::string::npos);
  EXPECT_NE(account.body.find("name=\"zalo\" value=\"1\" checked"), std::string::npos);
  EXPECT_EQ(account.body.find("name=\"email\" value=\"1\" checked"), std::string::npos);
  json::object body = json::parse(SubmitBody("zalo.user@example.vn")).as_object();
  body["procedure_code"] = "2.000488";
  body["channel"] = "online";
  auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), citizen.Bearer());
  ASSERT_EQ(r.status, 201) << r.body;
  std::string code(Obj(r).at("code").as_string());
  a.Act("reception_officer", code, "receive");
  auto got = sms.WaitFor(2);
  ASSERT_EQ(got.size(), 2u) << json::serialize(got);
  std::set<std::string> channels;
  for (const auto& m : got) {
    channels.insert(std::string(m.at("channel").as_string()));
    if (m.at("channel") == "zalo") {
      EXPECT_EQ(m.at("template_id").as_string(), "motcua_received");
      EXPECT_EQ(m.at("template_data").at("code").as_string(), code);
      EXPECT_EQ(m.at("phone").as_string(), "84912345678");
    }
  }
  EXPECT_EQ(channels, (std::set<std::string>{"sms", "zalo"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(MailsTo(smtp.Messages(), "zalo.user@example.vn").empty());
}

TEST(NotificationTest, TheInboundLookUpAnswersASignedText) {
  SmtpSink smtp;
  SmsStandin sms;
  TestServer server(ServerArgs(smtp.url(), sms.url()));
  Actor a(server.port());
  std::string code = a.Submit("tra.cuu@example.vn");
  HttpClient c(server.port());
  std::string body =
      json::serialize(json::object{{"phone", "84912345678"}, {"message", "MC " + code}});
  auto r = c.PostJson("/api/v1/sms/inbound", body, {{"X-Signature", HmacSha256Hex(kSmsKey, body)}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string reply(Obj(r).at("reply").as_string());
  EXPECT_EQ(reply.rfind("Ho so " + code + ": Da tiep nhan.", 0), 0u) << reply;
  auto forged = c.PostJson("/api/v1/sms/inbound", body, {{"X-Signature", "00"}});
  EXPECT_EQ(forged.status, 403);
}

}  // namespace
}  // namespace motcua::testing
