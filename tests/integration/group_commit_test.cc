// Group commit on SQLite (decision 0019) through a real `motcua serve --demo`: 16 clients whose
// transitions share commits, some of them refused inside a batch, leave every acknowledged change
// in place and the hash chains of history and audit unbroken (`motcua audit verify`).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/run_cli.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

json::object Obj(const HttpResponse& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object{};
}

TEST(GroupCommitTest, ConcurrentTransitionsKeepTheAuditChainIntact) {
  TestServer server({"--demo", "--no-access-log"});
  std::string token;
  {
    HttpClient c(server.port());
    auto r = c.PostJson("/api/v1/auth/login",
                        json::serialize(json::object{{"username", "demo.reception_officer"},
                                                     {"password", "motcua-demo"}}));
    ASSERT_EQ(r.status, 200) << r.body;
    token = std::string(Obj(r).at("token").as_string());
  }
  const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + token}};
  const std::string submit = json::serialize(json::object{
      {"procedure_code", "2.000488"},
      {"channel", "counter"},
      {"applicant", json::object{{"type", "citizen"},
                                 {"full_name", "Nguyễn Văn An"},
                                 {"id_number", "001090012345"},
                                 {"phone", "0912345678"},
                                 {"address", "Số 7 phố Tràng Tiền"}}},
      {"components",
       json::array{json::object{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}});
  constexpr int kClients = 16;
  constexpr int kPerClient = 6;
  std::atomic<int> forwarded{0}, refused{0}, unexpected{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&] {
      HttpClient c(server.port());
      for (int i = 0; i < kPerClient; ++i) {
        auto r = c.PostJson("/api/v1/dossiers", submit, auth);
        if (r.status != 201) {
          ++unexpected;
          continue;
        }
        auto d = Obj(r);
        const std::string code(d.at("code").as_string());
        const int64_t version = d.at("version").as_int64();
        // A stale version is refused inside the transaction, in whatever batch it lands.
        auto stale = c.PostJson(
            "/api/v1/dossiers/" + code + "/actions",
            json::serialize(json::object{{"action", "forward"}, {"version", version + 7}}), auth);
        (stale.status == 409 ? refused : unexpected)++;
        auto fwd = c.PostJson(
            "/api/v1/dossiers/" + code + "/actions",
            json::serialize(json::object{{"action", "forward"}, {"version", version}}), auth);
        (fwd.status == 200 ? forwarded : unexpected)++;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(forwarded.load(), kClients * kPerClient);
  EXPECT_EQ(refused.load(), kClients * kPerClient);
  ASSERT_EQ(server.Stop(), 0) << server.Output();

  CliRun verify = RunMotcua("audit verify --db " + server.db_path());
  EXPECT_EQ(verify.status, 0) << verify.out;
  EXPECT_NE(verify.out.find("OK"), std::string::npos) << verify.out;
}

}  // namespace
}  // namespace motcua::testing
