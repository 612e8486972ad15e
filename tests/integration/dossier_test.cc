// The dossier lifecycle over real HTTP (issue 5): a real `motcua serve --demo` process.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/test_server.h"

extern char** environ;

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kCentre = "000.00.01.H99";
constexpr const char* kJustice = "000.00.10.H99";
constexpr const char* kFinance = "000.00.11.H99";
constexpr const char* kTax = "000.00.30.H99";

json::object Obj(const HttpResponse& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object{};
}

std::string Login(HttpClient& c, const std::string& user) {
  auto r =
      c.PostJson("/api/v1/auth/login",
                 json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
  EXPECT_EQ(r.status, 200) << user << " " << r.body;
  if (r.status != 200) return {};
  return std::string(Obj(r).at("token").as_string());
}

std::map<std::string, std::string> Auth(const std::string& token,
                                        const std::string& idem_key = "") {
  std::map<std::string, std::string> h{{"Authorization", "Bearer " + token}};
  if (!idem_key.empty()) h["Idempotency-Key"] = idem_key;
  return h;
}

json::object Applicant(const std::string& id = "001090012345") {
  return {{"type", "citizen"},
          {"full_name", "Nguyễn Văn An"},
          {"id_number", id},
          {"phone", "0912345678"},
          {"address", "Số 7 phố Tràng Tiền"}};
}

std::string SubmitBody(const std::string& procedure, const std::string& channel,
                       json::object extra = {}) {
  json::object b{{"procedure_code", procedure},
                 {"channel", channel},
                 {"applicant", Applicant()},
                 {"components",
                  json::array{json::object{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
  for (auto& kv : extra) b[kv.key()] = kv.value();
  return json::serialize(b);
}

// A `motcua serve` on an existing database (to restart after SIGKILL).
class Restarted {
 public:
  explicit Restarted(const std::string& db, const std::string& log) : log_(log) {
    std::vector<std::string> argv = {MOTCUA_BINARY, "serve",           "--port",         "0",
                                     "--address",   "127.0.0.1",       "--db",           db,
                                     "--data-dir",  MOTCUA_SOURCE_DIR, "--no-access-log"};
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
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
      int status;
      ::waitpid(pid_, &status, 0);
    }
  }
  uint16_t port() const { return port_; }

 private:
  std::string log_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

class DossierApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer({"--demo", "--no-access-log", "--lookup-rate-per-minute", "100000"});
    HttpClient c(server_->port());
    tokens_ = new std::map<std::string, std::string>();
    for (const char* r :
         {"reception_officer", "specialist", "leader", "citizen", "admin", "monitor"})
      (*tokens_)[r] = Login(c, std::string("demo.") + r);
    // Staff of the finance department and the tax office for the inter-agency procedure.
    for (auto [user, role, agency] : {std::tuple{"tc.chuyenvien", "specialist", kFinance},
                                      std::tuple{"tc.lanhdao", "leader", kFinance},
                                      std::tuple{"thue.chuyenvien", "specialist", kTax}}) {
      auto r = c.PostJson("/api/v1/users",
                          json::serialize(json::object{{"username", user},
                                                       {"password", "motcua-demo"},
                                                       {"full_name", std::string("Cán bộ ") + user},
                                                       {"role", role},
                                                       {"agency_code", agency}}),
                          Auth((*tokens_)["admin"]));
      EXPECT_EQ(r.status, 201) << r.body;
      (*tokens_)[user] = Login(c, user);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete tokens_;
    server_ = nullptr;
  }
  HttpClient Client() { return HttpClient(server_->port()); }
  static std::string Token(const std::string& who) { return (*tokens_)[who]; }

  json::object Submit(const std::string& who, const std::string& body, int expect = 201) {
    auto c = Client();
    auto r = c.PostJson("/api/v1/dossiers", body, Auth(Token(who)));
    EXPECT_EQ(r.status, expect) << r.body;
    return Obj(r);
  }
  json::object Get(const std::string& who, const std::string& code) {
    auto c = Client();
    auto r = c.Get("/api/v1/dossiers/" + code, Auth(Token(who)));
    EXPECT_EQ(r.status, 200) << r.body;
    return Obj(r);
  }
  // Reads the version as `who` sees it, then acts.
  json::object Act(const std::string& who, const std::string& code, const std::string& action,
                   json::object extra = {}, int expect = 200) {
    auto c = Client();
    auto view = c.Get("/api/v1/dossiers/" + code, Auth(Token(who)));
    int64_t version = view.status == 200 ? Obj(view).at("version").as_int64() : 1;
    json::object b{{"action", action}, {"version", version}};
    for (auto& kv : extra) b[kv.key()] = kv.value();
    auto r =
        c.PostJson("/api/v1/dossiers/" + code + "/actions", json::serialize(b), Auth(Token(who)));
    EXPECT_EQ(r.status, expect) << action << " by " << who << ": " << r.body;
    return Obj(r);
  }
  static bool Allows(const json::object& view, const std::string& action) {
    for (const auto& a : view.at("allowed_actions").as_array())
      if (a.as_string() == action) return true;
    return false;
  }

  static TestServer* server_;
  static std::map<std::string, std::string>* tokens_;
};
TestServer* DossierApiTest::server_ = nullptr;
std::map<std::string, std::string>* DossierApiTest::tokens_ = nullptr;

TEST_F(DossierApiTest, SameDayProcedureFromCounterToReturn) {
  // Thủ tục yêu cầu trợ giúp pháp lý: "trong ngày", Sở Tư pháp.
  auto d = Submit("reception_officer", SubmitBody("1.000502", "counter"));
  std::string code(d.at("code").as_string());
  EXPECT_EQ(code.rfind(std::string(kCentre) + "-", 0), 0u) << code;
  EXPECT_EQ(d.at("status").as_string(), "received");
  EXPECT_TRUE(d.at("received_at").as_string().ends_with("+07:00"));
  EXPECT_TRUE(d.at("due_at").as_string().ends_with("T17:00:00+07:00")) << d.at("due_at");
  EXPECT_GE(d.at("due_at_unix").as_int64(), d.at("received_at_unix").as_int64());
  EXPECT_TRUE(Allows(Get("reception_officer", code), "forward"));
  Act("reception_officer", code, "forward");
  auto view = Get("specialist", code);
  EXPECT_TRUE(Allows(view, "forward"));
  EXPECT_FALSE(Allows(view, "approve"));
  Act("specialist", code, "forward");
  auto done = Act("leader", code, "approve", {{"result_note", "Đã cử trợ giúp viên"}});
  EXPECT_EQ(done.at("status").as_string(), "finished");
  EXPECT_EQ(done.at("portal_status").as_int64(), 9);
  std::string tl(done.at("timeliness").as_string());
  EXPECT_TRUE(tl == "early" || tl == "on_time") << tl;
  auto ret = Act("reception_officer", code, "return", {{"return_method", "counter"}});
  EXPECT_EQ(ret.at("status").as_string(), "returned");
  EXPECT_EQ(ret.at("portal_status").as_int64(), 10);
  EXPECT_EQ(ret.at("allowed_actions").as_array().size(), 0u);
  for (const auto& s : ret.at("steps").as_array()) EXPECT_FALSE(s.at("timeliness").is_null());
}

TEST_F(DossierApiTest, ThreeAgencyInterAgencyProcedure) {
  // Đăng ký thành lập doanh nghiệp tư nhân: centre -> Sở Tài chính -> Thuế -> Sở Tài chính.
  auto d = Submit("reception_officer", SubmitBody("1.001612", "counter"));
  std::string code(d.at("code").as_string());
  Act("reception_officer", code, "forward");
  Act("specialist", code, "forward", {}, 403);  // Sở Tư pháp has no part in it
  Act("tc.lanhdao", code, "forward");
  Act("thue.chuyenvien", code, "forward", {}, 403);  // not its step yet
  Act("tc.chuyenvien", code, "forward");
  Act("tc.chuyenvien", code, "forward", {}, 403);  // the tax office holds it now
  Act("thue.chuyenvien", code, "forward");
  Act("tc.chuyenvien", code, "approve", {}, 403);  // approval is the leader's
  auto done = Act("tc.lanhdao", code, "approve");
  EXPECT_EQ(done.at("status").as_string(), "finished");
  Act("reception_officer", code, "return", {{"return_method", "online"}});
  auto view = Get("reception_officer", code);
  std::set<std::string> agencies;
  for (const auto& s : view.at("steps").as_array())
    agencies.insert(std::string(s.at("agency_code").as_string()));
  EXPECT_EQ(agencies, (std::set<std::string>{kCentre, kFinance, kTax}));
  EXPECT_EQ(view.at("history").as_array().size(), 7u);
}

TEST_F(DossierApiTest, SupplementPausesTheClock) {
  auto d = Submit("reception_officer", SubmitBody("2.000488", "counter"));
  std::string code(d.at("code").as_string());
  Act("reception_officer", code, "forward");
  Act("leader", code, "forward");
  int64_t due = Get("specialist", code).at("due_at_unix").as_int64();
  Act("specialist", code, "request_supplement", {}, 422);  // reason and items required
  auto waiting =
      Act("specialist", code, "request_supplement",
          {{"reason", "Thiếu giấy tờ"}, {"missing_items", json::array{"Bản sao giấy khai sinh"}}});
  EXPECT_EQ(waiting.at("status").as_string(), "waiting_supplement");
  EXPECT_FALSE(waiting.at("paused_at").is_null());
  auto c = Client();
  auto q = c.Get("/api/v1/queues/waiting_applicant", Auth(Token("specialist")));
  EXPECT_NE(q.body.find(code), std::string::npos) << q.body;
  auto resumed = Act("reception_officer", code, "supplement");
  EXPECT_EQ(resumed.at("status").as_string(), "in_process");
  EXPECT_TRUE(resumed.at("paused_at").is_null());
  EXPECT_GE(resumed.at("due_at_unix").as_int64(), due);
  // One complete request, not a drip of requests.
  Act("specialist", code, "request_supplement",
      {{"reason", "Lại thiếu"}, {"missing_items", json::array{"Ảnh"}}}, 409);
}

TEST_F(DossierApiTest, LateDossierApologyAndExtension) {
  auto d = Submit("reception_officer", SubmitBody("2.000488", "counter"));
  std::string code(d.at("code").as_string());
  Act("reception_officer", code, "forward");
  Act("leader", code, "forward");
  int64_t due = Get("specialist", code).at("due_at_unix").as_int64();
  Act("specialist", code, "extend", {{"reason", "Cần xác minh"}, {"new_due_at", due - 60}}, 422);
  auto ext = Act("specialist", code, "extend",
                 {{"reason", "Cần xác minh thêm tại cơ quan công an"},
                  {"new_due_at", json::value(std::string("2099-01-05"))}});
  EXPECT_EQ(ext.at("due_at").as_string(), "2099-01-05T17:00:00+07:00");
  EXPECT_EQ(ext.at("legal_due_at_unix").as_int64(), due);
  EXPECT_EQ(ext.at("result").at("extension").at("form").as_string(), "Mẫu 04");
  Act("specialist", code, "extend", {{"reason", "Lần hai"}, {"new_due_at", due + 86400 * 400}},
      409);

  // An overdue dossier migrated from a legacy system: it still gets its apology and new date,
  // which must lie ahead; the delay stays on record (judged against the legal due date).
  std::string csv_path = server_->dir() + "/late.csv";
  std::ofstream(csv_path)
      << "code,procedure_code,agency_code,channel,received_at,due_at,finished_at,returned_at,"
         "current_agency_code\n"
      << kCentre << "-250102-0001,2.000488," << kCentre
      << ",counter,2025-01-02 09:00,2025-01-16 17:00,,," << kJustice << "\n";
  std::string cmd = std::string(MOTCUA_BINARY) + " import dossiers --db " + server_->db_path() +
                    " " + csv_path + " > " + server_->dir() + "/import.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string late = std::string(kCentre) + "-250102-0001";
  auto c = Client();
  auto q = c.Get("/api/v1/queues/overdue", Auth(Token("specialist")));
  EXPECT_NE(q.body.find(late), std::string::npos) << q.body;
  auto view = Get("specialist", late);
  EXPECT_EQ(view.at("timeliness").as_string(), "overdue");
  auto r =
      Act("specialist", late, "extend",
          {{"reason", "Xin lỗi"}, {"new_due_at", json::value(std::string("2025-02-05"))}}, 422);
  EXPECT_EQ(r.at("error").at("code").as_string(), "extension_in_past");
  EXPECT_EQ(r.at("error").at("field").as_string(), "new_due_at");
  auto late_ext =
      Act("specialist", late, "extend",
          {{"reason", "Xin lỗi"}, {"new_due_at", json::value(std::string("2099-01-05"))}});
  EXPECT_EQ(late_ext.at("due_at").as_string(), "2099-01-05T17:00:00+07:00");
  auto finished = Act("specialist", late, "finish");
  EXPECT_EQ(finished.at("timeliness").as_string(), "late");
}

TEST_F(DossierApiTest, ImportIsAllOrNothingWithLineNumbers) {
  std::string csv_path = server_->dir() + "/bad.csv";
  std::ofstream(csv_path)
      << "code,procedure_code,agency_code,channel,received_at,due_at,finished_at,returned_at\n"
      << kCentre << "-250103-0001,2.000488," << kCentre
      << ",counter,2025-01-03 09:00,2025-01-17 17:00,2025-01-10 10:00,2025-01-11 09:00\n"
      << kCentre << "-250103-0002,9.999999," << kCentre
      << ",counter,2025-01-03 09:30,2025-01-17 17:00,,\n";
  std::string log = server_->dir() + "/import-bad.log";
  std::string cmd = std::string(MOTCUA_BINARY) + " import dossiers --db " + server_->db_path() +
                    " " + csv_path + " > " + log + " 2>&1";
  int rc = std::system(cmd.c_str());
  EXPECT_NE(rc, 0);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("Dòng 3"), std::string::npos) << ss.str();
  auto c = Client();
  auto r = c.Get("/api/v1/lookup/" + std::string(kCentre) + "-250103-0001");
  EXPECT_EQ(r.status, 404) << r.body;
}

TEST_F(DossierApiTest, RefusalAtReception) {
  auto bad = Submit("reception_officer",
                    json::serialize(json::object{{"procedure_code", "2.000488"},
                                                 {"channel", "counter"},
                                                 {"applicant", Applicant("00109001234")}}),
                    422);
  EXPECT_EQ(bad.at("error").at("field").as_string(), "applicant.id_number");
  auto d = Submit(
      "reception_officer",
      SubmitBody("2.000488", "counter",
                 {{"outcome", "refused"}, {"reason", "Hồ sơ không thuộc thẩm quyền giải quyết"}}));
  EXPECT_EQ(d.at("status").as_string(), "refused");
  EXPECT_EQ(d.at("portal_status").as_int64(), 3);
  EXPECT_EQ(d.at("result").at("refusal").at("reason").as_string(),
            "Hồ sơ không thuộc thẩm quyền giải quyết");
  auto inc = Submit("reception_officer",
                    SubmitBody("2.000488", "counter",
                               {{"outcome", "incomplete"},
                                {"reason", "Thiếu giấy tờ"},
                                {"missing_items", json::array{"Bản chụp CCCD", "Tờ khai"}}}));
  EXPECT_EQ(inc.at("status").as_string(), "incomplete");
  // An online submission refused at reception (Mẫu 03).
  auto online = Submit("citizen", SubmitBody("2.000488", "online"));
  std::string code(online.at("code").as_string());
  auto refused = Act("reception_officer", code, "reject", {{"reason", "Không đủ điều kiện"}});
  EXPECT_EQ(refused.at("status").as_string(), "refused");
}

TEST_F(DossierApiTest, WithdrawalByTheApplicant) {
  auto d = Submit("citizen", SubmitBody("2.000488", "online"));
  std::string code(d.at("code").as_string());
  EXPECT_EQ(d.at("status").as_string(), "submitted");
  auto c = Client();
  auto mine = c.Get("/api/v1/my/dossiers", Auth(Token("citizen")));
  EXPECT_NE(mine.body.find(code), std::string::npos);
  auto received = Act("reception_officer", code, "receive");
  EXPECT_EQ(received.at("status").as_string(), "received");
  EXPECT_FALSE(received.at("due_at").is_null());
  Act("reception_officer", code, "forward");
  auto w = Act("citizen", code, "withdraw", {{"reason", "Không còn nhu cầu"}});
  EXPECT_EQ(w.at("status").as_string(), "withdrawn");
  EXPECT_EQ(w.at("portal_status").as_int64(), 7);
  Act("leader", code, "forward", {}, 409);
}

TEST_F(DossierApiTest, PostalSubmissionAndPostalReturn) {
  auto d = Submit("reception_officer",
                  SubmitBody("2.000488", "postal",
                             {{"postal_tracking", "EV123456785VN"}, {"return_method", "postal"}}));
  std::string code(d.at("code").as_string());
  EXPECT_EQ(d.at("channel").as_string(), "postal");
  EXPECT_EQ(d.at("status").as_string(), "received");
  Act("reception_officer", code, "forward");
  Act("leader", code, "forward");
  Act("specialist", code, "forward");
  Act("specialist", code, "forward");
  Act("leader", code, "approve");
  auto r = Act("reception_officer", code, "return",
               {{"return_method", "postal"}, {"postal_tracking", "EV987654326VN"}});
  EXPECT_EQ(r.at("status").as_string(), "returned");
  EXPECT_EQ(r.at("return_method").as_string(), "postal");
}

TEST_F(DossierApiTest, IdempotentSubmissionCreatesNothingNew) {
  auto c = Client();
  std::string body = SubmitBody("2.000488", "counter");
  auto a = c.PostJson("/api/v1/dossiers", body, Auth(Token("reception_officer"), "idem-1"));
  auto b = c.PostJson("/api/v1/dossiers", body, Auth(Token("reception_officer"), "idem-1"));
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_EQ(Obj(a).at("code"), Obj(b).at("code"));
  EXPECT_EQ(b.Header("idempotent-replayed").value_or(""), "true");
}

TEST_F(DossierApiTest, PublicLookupShowsNoPersonalData) {
  auto d = Submit("reception_officer", SubmitBody("2.000488", "counter"));
  std::string code(d.at("code").as_string());
  auto c = Client();
  auto r = c.Get("/api/v1/lookup/" + code);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("001090012345"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("0912345678"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Tràng Tiền"), std::string::npos) << r.body;
  auto v = Obj(r);
  EXPECT_EQ(v.at("applicant_name").as_string(), "Nguyễn V*** A**");
  for (const char* k : {"code", "procedure", "status", "status_text", "received_at", "due_at",
                        "current_agency", "steps"})
    EXPECT_TRUE(v.contains(k)) << k;
  // The phone number shows the progress but no personal data; a wrong number sees nothing.
  auto full = c.Get("/api/v1/dossiers/" + code + "?phone=0912345678");
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(full.body.find("001090012345"), std::string::npos);
  EXPECT_EQ(full.body.find("Tràng Tiền"), std::string::npos);
  EXPECT_NE(full.body.find("\"steps\""), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/dossiers/" + code + "?phone=0987654321").status, 404);
  EXPECT_EQ(c.Get("/api/v1/lookup/" + std::string(kCentre) + "-250101-9999").status, 404);
  // Typed on a phone: lower case and blanks around the code (%20) still find it.
  std::string typed = code;
  for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto lower = c.Get("/api/v1/lookup/%20" + typed + "%20");
  ASSERT_EQ(lower.status, 200) << lower.body;
  EXPECT_EQ(Obj(lower).at("code").as_string(), code);
  auto staff = c.Get("/api/v1/dossiers/" + typed, Auth(Token("reception_officer")));
  ASSERT_EQ(staff.status, 200) << staff.body;
  EXPECT_EQ(Obj(staff).at("code").as_string(), code);
}

TEST_F(DossierApiTest, QueuesAndAttachments) {
  auto c = Client();
  auto q = c.Get("/api/v1/queues/to_receive", Auth(Token("reception_officer")));
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(c.Get("/api/v1/queues/nope", Auth(Token("reception_officer"))).status, 404);
  EXPECT_EQ(c.Get("/api/v1/queues/to_receive", Auth(Token("citizen"))).status, 403);
  auto up = c.Send(
      "POST", "/api/v1/attachments?name=to-khai.pdf", "%PDF-1.7\nhello",
      {{"Authorization", "Bearer " + Token("citizen")}, {"Content-Type", "application/pdf"}});
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  auto att = Obj(*up);
  EXPECT_EQ(att.at("sha256").as_string().size(), 64u);
  auto fake = c.Send(
      "POST", "/api/v1/attachments", "MZ not a pdf",
      {{"Authorization", "Bearer " + Token("citizen")}, {"Content-Type", "application/pdf"}});
  ASSERT_TRUE(fake);
  EXPECT_EQ(fake->status, 415) << fake->body;
  json::object comp{
      {"name", "Tờ khai"}, {"originals", 1}, {"attachment_ids", json::array{att.at("id")}}};
  auto d = Submit("citizen", SubmitBody("2.000488", "online", {{"components", json::array{comp}}}));
  EXPECT_EQ(d.at("attachments").as_array().size(), 1u);
}

TEST_F(DossierApiTest, ConcurrentReceptionsAndActions) {
  // Receptions at one agency from many connections: unique codes, numbered without gaps.
  constexpr int kThreads = 6, kEach = 5;
  std::mutex mu;
  std::vector<int64_t> numbers;
  std::string prefix;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      HttpClient c(server_->port());
      for (int i = 0; i < kEach; ++i) {
        auto r = c.PostJson("/api/v1/dossiers", SubmitBody("2.000488", "counter"),
                            Auth(Token("reception_officer")));
        ASSERT_EQ(r.status, 201) << r.body;
        std::string code(Obj(r).at("code").as_string());
        std::lock_guard lock(mu);
        prefix = code.substr(0, code.rfind('-'));
        numbers.push_back(std::stoll(code.substr(code.rfind('-') + 1)));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::sort(numbers.begin(), numbers.end());
  ASSERT_EQ(numbers.size(), size_t{kThreads * kEach});
  for (size_t i = 1; i < numbers.size(); ++i) EXPECT_EQ(numbers[i], numbers[i - 1] + 1);

  // Two officers forward the same version at once: one wins, the other gets 409.
  std::string code = prefix + "-" + fmt::format("{:04}", numbers.back());
  int64_t version = Get("reception_officer", code).at("version").as_int64();
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < 2; ++i) {
    racers.emplace_back([&] {
      HttpClient c(server_->port());
      auto r =
          c.PostJson("/api/v1/dossiers/" + code + "/actions",
                     json::serialize(json::object{{"action", "forward"}, {"version", version}}),
                     Auth(Token("reception_officer")));
      if (r.status == 200) ++ok;
      if (r.status == 409 && r.body.find("stale_version") != std::string::npos) ++conflict;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
}

TEST(DossierLookupLimitTest, FloodGets429WithRetryAfter) {
  TestServer server({"--demo", "--no-access-log", "--lookup-rate-per-minute", "5"});
  HttpClient c(server.port());
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 12; ++i) {
    auto r = c.Get("/api/v1/lookup/000.00.01.H99-250101-" + fmt::format("{:04}", i + 1));
    if (r.status == 429) {
      ++limited;
      retry = r.Header("retry-after").value_or("");
    } else {
      EXPECT_EQ(r.status, 404);
    }
  }
  EXPECT_GE(limited, 6);
  EXPECT_FALSE(retry.empty());
  EXPECT_GT(std::stoi(retry), 0);
}

TEST(DossierDurabilityTest, EveryAcknowledgedDossierSurvivesSigkill) {
  TestServer server({"--demo", "--no-access-log"});
  std::string token;
  {
    HttpClient c(server.port());
    token = Login(c, "demo.reception_officer");
  }
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      HttpClient c(server.port());
      while (!stop) {
        auto r =
            c.Send("POST", "/api/v1/dossiers", SubmitBody("2.000488", "counter"),
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        if (!r || r->status != 201 || !r->complete) break;
        std::lock_guard lock(mu);
        acknowledged.push_back(std::string(Obj(*r).at("code").as_string()));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server.Kill();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acknowledged.size(), 5u);
  Restarted again(server.db_path(), server.dir() + "/restart.log");
  ASSERT_GT(again.port(), 0);
  HttpClient c(again.port());
  std::string t2 = Login(c, "demo.reception_officer");
  for (const auto& code : acknowledged) {
    auto r = c.Get("/api/v1/dossiers/" + code, Auth(t2));
    EXPECT_EQ(r.status, 200) << code;
  }
}

}  // namespace
}  // namespace motcua::testing
