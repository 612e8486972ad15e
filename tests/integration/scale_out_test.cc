// Several `motcua serve` processes on one PostgreSQL database behind HAProxy (decision 0020): they
// start together (migrations and demo data once), share sessions, and run dossier lifecycles
// concurrently through the balancer, each request of a lifecycle on whichever process HAProxy
// picks. Every request succeeds, the day's codes are 1..N without a gap, the processes' chain
// linkers link every row (decision 0023), and `motcua audit verify` finds both hash chains whole.
// Needs MOTCUA_TEST_PG_URL and /usr/sbin/haproxy (Debian package haproxy, scripts/setup.sh);
// skipped without them.
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "storage/audit_chain.h"
#include "storage/database.h"
#include "storage/test_database.h"
#include "support/demo_login.h"
#include "support/http_client.h"
#include "support/run_cli.h"
#include "support/test_server.h"

extern char** environ;

namespace motcua::testing {
namespace {

namespace json = boost::json;
constexpr const char* kHaproxy = "/usr/sbin/haproxy";
// The balancer's port, in the range given to this suite.
constexpr uint16_t kFrontPort = 19601;

std::map<std::string, std::string> Auth(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::string Login(HttpClient& c, const std::string& user) {
  HttpResponse r = DemoLogin(c, user);
  EXPECT_EQ(r.status, 200) << user << ": " << r.body;
  if (r.status != 200) return "";
  return std::string(json::parse(r.body).as_object().at("token").as_string());
}

// HAProxy in the foreground (-db) with a generated configuration: HTTP mode, round robin per
// request, so one client's keep-alive connection reaches every process in turn.
class Haproxy {
 public:
  Haproxy(const std::string& dir, const std::vector<uint16_t>& backends) {
    cfg_ = dir + "/haproxy.cfg";
    log_ = dir + "/haproxy.log";
    std::ofstream out(cfg_);
    out << "global\n  maxconn 512\n"
        << "defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n"
        << "  timeout server 60s\n  option http-server-close\n"
        << "frontend front\n  bind 127.0.0.1:" << kFrontPort << "\n  default_backend motcua\n"
        << "backend motcua\n  balance roundrobin\n";
    for (size_t i = 0; i < backends.size(); ++i)
      out << "  server s" << i << " 127.0.0.1:" << backends[i] << "\n";
    out.close();
    std::vector<std::string> argv = {kHaproxy, "-db", "-f", cfg_};
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, kHaproxy, &actions, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Haproxy() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status;
      ::waitpid(pid_, &status, 0);
    }
  }
  // Waits until /readyz answers through the balancer.
  bool WaitReady() {
    for (int i = 0; i < 200 && pid_ > 0; ++i) {
      try {
        HttpClient c(kFrontPort);
        if (c.Get("/readyz").status == 200) return true;
      } catch (const std::exception&) {
        // Not listening yet.
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  std::string Log() const {
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  pid_t pid_ = -1;
  std::string cfg_, log_;
};

class ScaleOutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (storage::PostgresTestUrl() == nullptr) GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    if (::access(kHaproxy, X_OK) != 0) GTEST_SKIP() << "haproxy is not installed";
    Status prepared = location_.Prepare(storage::Dialect::kPostgres, "scale");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
  }
  void TearDown() override { location_.Remove(); }

  storage::DialectTestLocation location_;
};

TEST_F(ScaleOutTest, ThreeProcessesBehindHaproxyRunLifecyclesTogether) {
  // Started together on the empty schema: one of them migrates and seeds, the others wait.
  constexpr int kProcesses = 3;
  std::vector<std::unique_ptr<TestServer>> servers(kProcesses);
  std::vector<std::string> start_errors(kProcesses);
  {
    std::vector<std::thread> starting;
    for (int i = 0; i < kProcesses; ++i)
      starting.emplace_back([&, i] {
        try {
          servers[i] = std::make_unique<TestServer>(std::vector<std::string>{
              "--db", location_.url(), "--demo", "--no-access-log", "--worker-threads", "4"});
        } catch (const std::exception& e) {
          start_errors[i] = e.what();  // the others are stopped by their destructors
        }
      });
    for (auto& t : starting) t.join();
  }
  for (int i = 0; i < kProcesses; ++i) ASSERT_EQ(start_errors[i], "") << "process " << i;
  std::vector<uint16_t> ports;
  for (auto& s : servers) ports.push_back(s->port());

  // A session opened on one process is good on the others: sessions live in the database.
  HttpClient first(ports[0]);
  const std::string admin = Login(first, "demo.admin");
  for (int i = 1; i < kProcesses; ++i) {
    HttpClient other(ports[i]);
    EXPECT_EQ(other.Get("/api/v1/auth/me", Auth(admin)).status, 200) << "process " << i;
  }
  // Staff of the finance department and the tax office (the demo has justice staff only),
  // created through the third process.
  HttpClient third(ports[2]);
  for (auto [user, role, agency] : {std::tuple{"tc.lanhdao", "leader", "000.00.11.H99"},
                                    std::tuple{"tc.chuyenvien", "specialist", "000.00.11.H99"},
                                    std::tuple{"thue.chuyenvien", "specialist", "000.00.30.H99"}}) {
    auto r =
        third.PostJson("/api/v1/users",
                       json::serialize(json::object{{"username", user},
                                                    {"password", "motcua-demo"},
                                                    {"full_name", std::string("Cán bộ ") + user},
                                                    {"role", role},
                                                    {"agency_code", agency}}),
                       Auth(admin));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  Haproxy haproxy(servers[0]->dir(), ports);
  ASSERT_TRUE(haproxy.WaitReady()) << haproxy.Log();
  HttpClient front(kFrontPort);
  const std::string reception = Login(front, "demo.reception_officer");
  const std::string leader = Login(front, "tc.lanhdao");
  const std::string specialist = Login(front, "tc.chuyenvien");
  const std::string tax = Login(front, "thue.chuyenvien");
  ASSERT_FALSE(reception.empty() || leader.empty() || specialist.empty() || tax.empty());

  // The lifecycle of bench/lifecycle: receive at the counter, three agencies' steps, approve,
  // return; each request through the balancer.
  struct Step {
    const std::string* token;
    std::string body;
  };
  const std::vector<Step> steps = {
      {&reception, R"("action":"forward")"},
      {&leader, R"("action":"forward")"},
      {&specialist, R"("action":"forward")"},
      {&tax, R"("action":"forward")"},
      {&leader, R"("action":"approve","result_note":"Đã cấp giấy chứng nhận")"},
      {&reception, R"("action":"return","return_method":"counter")"},
  };
  const std::string submit =
      R"({"procedure_code":"1.001612","channel":"counter",)"
      R"("applicant":{"type":"citizen","full_name":"Nguyễn Văn An","id_number":"001090012345",)"
      R"("phone":"0912345678","address":"Số 7 phố Tràng Tiền"},)"
      R"("components":[{"name":"Giấy đề nghị đăng ký doanh nghiệp","originals":1,"copies":0}]})";
  constexpr int kClients = 6, kEach = 2;
  std::mutex mu;
  std::vector<std::string> codes;
  std::vector<std::string> errors;
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&] {
      HttpClient c(kFrontPort);
      auto fail = [&](const std::string& what) {
        std::lock_guard lock(mu);
        errors.push_back(what);
      };
      for (int i = 0; i < kEach; ++i) {
        auto r = c.PostJson("/api/v1/dossiers", submit, Auth(reception));
        if (r.status != 201) {
          fail("submit: " + std::to_string(r.status) + " " + r.body);
          continue;
        }
        auto view = json::parse(r.body).as_object();
        const std::string code(view.at("code").as_string());
        int64_t version = view.at("version").as_int64();
        bool ok = true;
        for (const Step& s : steps) {
          auto a =
              c.PostJson("/api/v1/dossiers/" + code + "/actions",
                         fmt::format("{{{},\"version\":{}}}", s.body, version), Auth(*s.token));
          if (a.status != 200) {
            fail(code + " " + s.body + ": " + std::to_string(a.status) + " " + a.body);
            ok = false;
            break;
          }
          version = json::parse(a.body).as_object().at("version").as_int64();
        }
        if (ok) {
          std::lock_guard lock(mu);
          codes.push_back(code);
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_TRUE(errors.empty()) << errors.size() << " failed, first: " << errors.front();
  EXPECT_EQ(codes.size(), static_cast<size_t>(kClients * kEach));

  // The centre's numbers of the day: 1..N, no gap, no duplicate, N = the dossiers it holds.
  ASSERT_FALSE(codes.empty());
  const std::string prefix = codes[0].substr(0, codes[0].rfind('-') + 1);  // "H99-261203-"
  auto db = storage::OpenDatabase(storage::DatabaseOptions(location_.url()));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  int64_t count = -1, distinct = -1, highest = -1, returned = -1;
  Status read = (*db)->Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto row,
                            c.QueryOne(fmt::format("SELECT COUNT(*), COUNT(DISTINCT code), "
                                                   "MAX(CAST(substr(code, {}) AS INTEGER)) "
                                                   "FROM dossiers WHERE code LIKE ?",
                                                   prefix.size() + 1),
                                       {prefix + "%"}));
    count = row->Int(0);
    distinct = row->Int(1);
    highest = row->Int(2);
    MOTCUA_ASSIGN_OR_RETURN(auto r,
                            c.QueryOne("SELECT COUNT(*) FROM dossiers WHERE status = 'returned'"));
    returned = r->Int(0);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();
  EXPECT_GE(count, kClients * kEach);
  EXPECT_EQ(highest, count) << "a gap in the day's numbers after " << prefix;
  EXPECT_EQ(distinct, count);
  EXPECT_GE(returned, static_cast<int64_t>(codes.size()));

  // The processes' linkers (decision 0023) link every committed chain row within a few of their
  // intervals, one process at a time, into positions 1..N.
  int64_t pending = -1;
  for (int i = 0; i < 200 && pending != 0; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE((*db)
                    ->Read([&](storage::Connection& c) -> Status {
                      MOTCUA_ASSIGN_OR_RETURN(
                          auto row, c.QueryOne("SELECT (SELECT COUNT(*) FROM dossier_history WHERE "
                                               "chain_seq IS NULL) + (SELECT COUNT(*) FROM "
                                               "audit_log WHERE chain_seq IS NULL)"));
                      pending = row->Int(0);
                      return Status::Ok();
                    })
                    .ok());
  }
  EXPECT_EQ(pending, 0) << "rows left unlinked by the servers' linkers";
  for (const char* table : {"dossier_history", "audit_log"}) {
    int64_t rows = -1, last = -1;
    ASSERT_TRUE((*db)
                    ->Read([&](storage::Connection& c) -> Status {
                      MOTCUA_ASSIGN_OR_RETURN(
                          auto row, c.QueryOne(fmt::format(
                                        "SELECT COUNT(*), MAX(chain_seq) FROM {}", table)));
                      rows = row->Int(0);
                      last = row->Int(1);
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_EQ(last, rows) << table << ": chain positions are not 1..N";
  }
  (*db)->Close();

  // --link as a second linker beside the servers' ones: they take turns.
  auto verify = RunMotcua("audit verify --link --db '" + location_.url() + "'");
  EXPECT_EQ(verify.status, 0) << verify.out;
  EXPECT_NE(verify.out.find("nguyên vẹn"), std::string::npos) << verify.out;
  for (auto& s : servers) EXPECT_EQ(s->Stop(), 0) << s->Output();
}

// `motcua audit verify` on PostgreSQL: committed rows the linker has not reached are reported as
// pending (exit 0), `--link` links them first, and an edit of a linked row is a break (exit 1).
TEST_F(ScaleOutTest, AuditVerifyReportsPendingRowsAndLinksThem) {
  auto db = storage::OpenDatabase(storage::DatabaseOptions(location_.url()));
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(storage::Migrate(**db).ok());
  for (int64_t at : {100, 200})
    ASSERT_TRUE((*db)
                    ->WriteConcurrently([&](storage::Connection& c) {
                      return storage::AppendChained(c, storage::AuditChain(),
                                                    {at, nullptr, "system", nullptr, "test",
                                                     "dossier", "H99-261203-0001", "{}"})
                          .status();
                    })
                    .ok());
  (*db)->Close();
  const std::string args = "--db '" + location_.url() + "'";
  auto pending = RunMotcua("audit verify " + args);
  EXPECT_EQ(pending.status, 0) << pending.out;
  EXPECT_NE(pending.out.find("pending table=audit_log rows=2 "), std::string::npos) << pending.out;

  auto linked = RunMotcua("audit verify --link " + args);
  EXPECT_EQ(linked.status, 0) << linked.out;
  EXPECT_NE(linked.out.find("Đã nối 2 dòng"), std::string::npos) << linked.out;
  EXPECT_EQ(linked.out.find("pending table="), std::string::npos) << linked.out;
  EXPECT_NE(linked.out.find("(2 dòng)"), std::string::npos) << linked.out;

  auto again = storage::OpenDatabase(storage::DatabaseOptions(location_.url()));
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)
                  ->Write([](storage::Connection& c) {
                    return c.ExecScript(
                        "DROP TRIGGER audit_log_no_change ON audit_log; UPDATE audit_log SET "
                        "object_id = 'H99-261203-0002' WHERE at = 200");
                  })
                  .ok());
  (*again)->Close();
  auto broken = RunMotcua("audit verify " + args);
  EXPECT_EQ(broken.status, 1) << broken.out;
  EXPECT_NE(broken.out.find("reason=content_changed"), std::string::npos) << broken.out;
}

}  // namespace
}  // namespace motcua::testing
