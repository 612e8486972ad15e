// `motcua backup` while a real server takes writes over HTTP, then `motcua restore`: every dossier
// acknowledged before the backup started is in the restored database, which passes
// integrity_check and `motcua audit verify`; a corrupted backup is refused (issue 15).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "support/demo_server_test.h"

extern char** environ;

namespace motcua::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string output;
};

// Runs the motcua binary with `args`, stdout and stderr together in `log`.
CliRun Motcua(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv{MOTCUA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  CliRun run;
  if (posix_spawn(&pid, MOTCUA_BINARY, &actions, nullptr, cargv.data(), environ) == 0) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    run.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  run.output = ss.str();
  return run;
}

std::string SubmitBody(int n, std::optional<int64_t> attachment = {}) {
  json::object comp{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}};
  if (attachment) comp["attachment_ids"] = json::array{*attachment};
  return json::serialize(json::object{
      {"procedure_code", "2.000488"},
      {"channel", "counter"},
      {"applicant", json::object{{"type", "citizen"},
                                 {"full_name", "Trần Thị Sao Lưu " + std::to_string(n)},
                                 {"id_number", "001190012345"},
                                 {"phone", "0912345678"},
                                 {"address", "Số 7 phố Tràng Tiền"}}},
      {"components", json::array{comp}}});
}

int64_t CountIn(const std::string& db_path, const std::string& sql) {
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

TEST(BackupTest, OnlineBackupUnderWritesRestoresEveryAcknowledgedDossier) {
  TestServer server({"--demo", "--no-access-log"});
  HttpClient c(server.port());
  DemoSession officer = LogInDemo(c, "demo.reception_officer");
  ASSERT_FALSE(officer.token.empty());
  // One scanned file, so that the backup must carry attachments too.
  auto up =
      c.Send("POST", "/api/v1/attachments?name=cccd.pdf", "%PDF-1.7\nsao luu",
             {{"Authorization", "Bearer " + officer.token}, {"Content-Type", "application/pdf"}});
  ASSERT_TRUE(up && up->status == 201) << (up ? up->body : "no answer");
  const auto att = json::parse(up->body).as_object();
  const std::string sha(att.at("sha256").as_string());
  auto first =
      c.PostJson("/api/v1/dossiers", SubmitBody(0, att.at("id").as_int64()), officer.Bearer());
  ASSERT_EQ(first.status, 201) << first.body;

  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> n{1};
  std::vector<std::thread> writers;
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&] {
      HttpClient w(server.port());
      while (!stop) {
        auto r = w.Send(
            "POST", "/api/v1/dossiers", SubmitBody(n++),
            {{"Authorization", "Bearer " + officer.token}, {"Content-Type", "application/json"}});
        if (!r || r->status != 201 || !r->complete) continue;
        std::lock_guard lock(mu);
        acknowledged.push_back(std::string(json::parse(r->body).at("code").as_string()));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  std::vector<std::string> before;
  {
    std::lock_guard lock(mu);
    before = acknowledged;
  }
  const std::string dir = server.dir();
  CliRun backup =
      Motcua({"backup", "--db", server.db_path(), "--to", dir + "/bk"}, dir + "/bk.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_EQ(backup.status, 0) << backup.output;
  EXPECT_NE(backup.output.find("Đã sao lưu"), std::string::npos) << backup.output;
  ASSERT_GT(before.size(), 3u);
  EXPECT_GT(acknowledged.size(), before.size()) << "writes went on during the backup";
  EXPECT_TRUE(fs::exists(dir + "/bk/manifest.json"));
  EXPECT_FALSE(fs::exists(dir + "/bk.partial"));

  CliRun restore = Motcua({"restore", "--from", dir + "/bk", "--db", dir + "/restored/motcua.db"},
                          dir + "/restore.log");
  ASSERT_EQ(restore.status, 0) << restore.output;
  const std::string restored = dir + "/restored/motcua.db";
  for (const auto& code : before)
    EXPECT_EQ(CountIn(restored, "SELECT COUNT(*) FROM dossiers WHERE code = '" + code + "'"), 1)
        << code << " was acknowledged before the backup started";
  EXPECT_TRUE(fs::exists(dir + "/restored/attachments/" + sha.substr(0, 2) + "/" + sha));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(restored.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
  CliRun verify = Motcua({"audit", "verify", "--db", restored}, dir + "/verify.log");
  EXPECT_EQ(verify.status, 0) << verify.output;
  EXPECT_NE(verify.output.find("OK"), std::string::npos) << verify.output;

  // Restoring over an existing file needs --force.
  CliRun again = Motcua({"restore", "--from", dir + "/bk", "--db", restored}, dir + "/again.log");
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;

  // One flipped byte in the copied database: refused before anything is written.
  {
    std::fstream f(dir + "/bk/database.sqlite3", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x5a');
  }
  CliRun bad =
      Motcua({"restore", "--from", dir + "/bk", "--db", dir + "/bad/motcua.db"}, dir + "/bad.log");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find("BẢN SAO LƯU BỊ HỎNG"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("database.sqlite3"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir + "/bad/motcua.db"));
}

TEST(BackupTest, AuditVerifyFindsAnEditedHistoryRow) {
  TestServer server({"--demo", "--no-access-log"});
  ASSERT_EQ(server.Stop(), 0);
  const std::string dir = server.dir();
  CliRun clean = Motcua({"audit", "verify", "--db", server.db_path()}, dir + "/clean.log");
  ASSERT_EQ(clean.status, 0) << clean.output;
  ASSERT_GT(CountIn(server.db_path(), "SELECT COUNT(*) FROM dossier_history"), 3);
  // An attacker with the file: drop the trigger, rewrite a transition.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server.db_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER dossier_history_no_update;"
                         "UPDATE dossier_history SET actor_name = 'Người khác' WHERE id = 3;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  CliRun broken = Motcua({"audit", "verify", "--db", server.db_path()}, dir + "/broken.log");
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.output.find("table=dossier_history id=3"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("PHÁT HIỆN SỬA ĐỔI"), std::string::npos) << broken.output;
  CliRun missing = Motcua({"audit", "verify", "--db", dir + "/nope.db"}, dir + "/missing.log");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("Không tìm thấy"), std::string::npos) << missing.output;
}

// Each read of personal data over HTTP leaves exactly one audit row (issue 15).
TEST(BackupTest, ReadsOfPersonalDataOverHttpAreAudited) {
  TestServer server({"--demo", "--no-access-log"});
  HttpClient c(server.port());
  DemoSession officer = LogInDemo(c, "demo.reception_officer");
  auto created = c.PostJson("/api/v1/dossiers", SubmitBody(1), officer.Bearer());
  ASSERT_EQ(created.status, 201) << created.body;
  auto d = json::parse(created.body).as_object();
  const std::string code(d.at("code").as_string());
  const std::string agency(d.at("agency").at("code").as_string());
  const std::string day = std::string(d.at("received_at").as_string()).substr(0, 10);
  auto count = [&](const std::string& action) {
    return CountIn(server.db_path(),
                   "SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "'");
  };
  const int64_t reads = count("dossier.read");
  EXPECT_EQ(c.Get("/api/v1/dossiers/" + code, officer.Bearer()).status, 200);
  EXPECT_EQ(count("dossier.read"), reads + 1);
  EXPECT_EQ(c.Get("/api/v1/dossiers/" + code + "/forms/01.pdf", officer.Bearer()).status, 200);
  EXPECT_EQ(count("dossier.form"), 1);
  auto reg = c.Get("/api/v1/registers/" + agency + "?from=" + day + "&to=" + day + "&format=xlsx",
                   officer.Bearer());
  EXPECT_EQ(reg.status, 200) << reg.body;
  EXPECT_EQ(count("register.export"), 1);
  DemoSession monitor = LogInDemo(c, "demo.monitor");
  auto list = c.Get("/api/v1/reports/timeliness/dossiers?from=" + day + "&to=" + day +
                        "&figure=received&limit=100",
                    monitor.Bearer());
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(count("report.drilldown"), 1);
  // No personal data in any audit row.
  EXPECT_EQ(CountIn(server.db_path(),
                    "SELECT COUNT(*) FROM audit_log WHERE detail LIKE "
                    "'%001190012345%' OR detail LIKE '%Trần%' OR object_id "
                    "LIKE '%0912345678%'"),
            0);
}

// A chain whose tail was cut (or rewritten from some row on) still links; the signed digest
// taken before catches it.
TEST(BackupTest, SignedDigestCatchesACutTail) {
  TestServer server({"--demo", "--no-access-log"});
  ASSERT_EQ(server.Stop(), 0);
  const std::string dir = server.dir(), db_path = server.db_path();
  CliRun keygen = Motcua({"audit", "keygen", "--key-file", dir + "/audit.key"}, dir + "/k.log");
  ASSERT_EQ(keygen.status, 0) << keygen.output;
  const auto at = keygen.output.find("Khóa công khai: ");
  ASSERT_NE(at, std::string::npos) << keygen.output;
  const std::string pub = keygen.output.substr(at + std::string("Khóa công khai: ").size(), 64);
  EXPECT_EQ(Motcua({"audit", "keygen", "--key-file", dir + "/audit.key"}, dir + "/k2.log").status,
            1);
  CliRun digest = Motcua({"audit", "digest", "--db", db_path, "--key-file", dir + "/audit.key",
                          "--out", dir + "/digest.json"},
                         dir + "/d.log");
  ASSERT_EQ(digest.status, 0) << digest.output;
  CliRun fine = Motcua(
      {"audit", "verify", "--db", db_path, "--digest", dir + "/digest.json", "--public-key", pub},
      dir + "/v.log");
  EXPECT_EQ(fine.status, 0) << fine.output;

  const int64_t last = CountIn(db_path, "SELECT MAX(id) FROM audit_log");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         ("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = " +
                          std::to_string(last))
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  CliRun chain_only = Motcua({"audit", "verify", "--db", db_path}, dir + "/c.log");
  EXPECT_EQ(chain_only.status, 0) << "a cut tail still links: " << chain_only.output;
  CliRun caught = Motcua(
      {"audit", "verify", "--db", db_path, "--digest", dir + "/digest.json", "--public-key", pub},
      dir + "/x.log");
  EXPECT_EQ(caught.status, 1) << caught.output;
  EXPECT_NE(caught.output.find("table=audit_log id=" + std::to_string(last)), std::string::npos)
      << caught.output;
  // A digest signed by another key is refused.
  CliRun other = Motcua({"audit", "verify", "--db", db_path, "--digest", dir + "/digest.json",
                         "--public-key", std::string(64, 'a')},
                        dir + "/o.log");
  EXPECT_EQ(other.status, 1);
  EXPECT_NE(other.output.find("KHÔNG hợp lệ"), std::string::npos) << other.output;
}

// `motcua purge` forgets idempotency records past their window (their stored responses hold the
// applicant's data) and expired sessions, and keeps the rest.
TEST(BackupTest, PurgeForgetsOldIdempotencyRecordsAndExpiredSessions) {
  TestServer server({"--demo", "--no-access-log"});
  ASSERT_EQ(server.Stop(), 0);
  const std::string dir = server.dir(), db_path = server.db_path();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO idempotency_keys VALUES (1, 'old', 'h', 201, "
                         "'{\"applicant\":{\"id_number\":\"001190012345\"}}', 1000);"
                         "INSERT INTO idempotency_keys VALUES (1, 'new', 'h', 201, '{}', "
                         "strftime('%s','now'));"
                         "INSERT INTO sessions VALUES ('gone', 1, 'c', 0, 1000);"
                         "INSERT INTO sessions VALUES ('live', 1, 'c', 0, strftime('%s','now') + "
                         "3600);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  CliRun purge = Motcua({"purge", "--db", db_path}, dir + "/purge.log");
  ASSERT_EQ(purge.status, 0) << purge.output;
  EXPECT_NE(purge.output.find("Đã xóa 1 bản ghi chống gửi trùng"), std::string::npos)
      << purge.output;
  EXPECT_EQ(CountIn(db_path, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'old'"), 0);
  EXPECT_EQ(CountIn(db_path, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'new'"), 1);
  EXPECT_EQ(CountIn(db_path, "SELECT COUNT(*) FROM sessions WHERE token_hash = 'gone'"), 0);
  EXPECT_EQ(CountIn(db_path, "SELECT COUNT(*) FROM sessions WHERE token_hash = 'live'"), 1);
}

// The retention job of `motcua serve` purges at start (then every interval) and stops with the
// server on SIGTERM.
TEST(BackupTest, ServeRunsTheRetentionJobAndStopsCleanly) {
  TestServer first({"--demo", "--no-access-log"});
  ASSERT_EQ(first.Stop(), 0);
  const std::string dir = first.dir(), db_path = first.db_path();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO idempotency_keys VALUES (1, 'old', 'h', 201, '{}', 1000);"
                         "INSERT INTO sessions VALUES ('gone', 1, 'c', 0, 1000);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  // A second server on the same file (TestServer always starts on a fresh one).
  const std::string log = dir + "/again.log";
  std::vector<std::string> argv{MOTCUA_BINARY, "serve",           "--port",         "0",
                                "--address",   "127.0.0.1",       "--db",           db_path,
                                "--data-dir",  MOTCUA_SOURCE_DIR, "--no-access-log"};
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, MOTCUA_BINARY, &actions, nullptr, cargv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  auto slurp = [&] {
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  bool purged = false;
  for (int i = 0; i < 1500 && !purged; ++i) {
    purged =
        CountIn(db_path, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'old'") == 0 &&
        CountIn(db_path, "SELECT COUNT(*) FROM sessions WHERE token_hash = 'gone'") == 0;
    if (!purged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(purged) << slurp();
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << slurp();
  EXPECT_NE(
      slurp().find(
          "retention: 1 idempotency records, 1 expired sessions, 0 old notifications and 0 old "
          "unsubscribe links deleted"),
      std::string::npos)
      << slurp();
}

}  // namespace
}  // namespace motcua::testing
