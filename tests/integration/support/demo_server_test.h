// The fixture most integration suites share: one `motcua serve --demo` process per suite, demo
// users logged in over the JSON API, and read-only row counts in the server's SQLite file for
// "nothing was written" checks.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "support/demo_login.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {

// A logged-in session: the bearer token and the CSRF token that cookie sessions need on writes.
struct DemoSession {
  std::string token, csrf;
  std::map<std::string, std::string> Bearer() const {
    return {{"Authorization", "Bearer " + token}};
  }
  // The session cookie, with the page language when `lang` is given ("vi", "en").
  std::map<std::string, std::string> Cookie(const std::string& lang = "") const {
    std::string c = "motcua_session=" + token;
    if (!lang.empty()) c += "; motcua_lang=" + lang;
    return {{"Cookie", c}};
  }
};

// Logs `user` in with the demo password; an empty session (and a failed test) when refused.
inline DemoSession LogInDemo(HttpClient& c, const std::string& user) {
  HttpResponse r = DemoLogin(c, user);
  if (r.status != 200) return {};
  auto o = boost::json::parse(r.body).as_object();
  return {std::string(o.at("token").as_string()), std::string(o.at("csrf_token").as_string())};
}

class DemoServerTest : public ::testing::Test {
 protected:
  // A suite that needs other flags declares its own SetUpTestSuite assigning server_.
  static void SetUpTestSuite() { server_ = new TestServer({"--demo", "--no-access-log"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpClient Client() { return HttpClient(server_->port()); }
  DemoSession Login(const std::string& user) {
    auto c = Client();
    return LogInDemo(c, user);
  }
  // The first column of the first row of `sql` (e.g. "SELECT COUNT(*) FROM attachments"), read
  // from the server's database file; -1 when it cannot be read.
  int64_t Count(const std::string& sql) {
    sqlite3* db = nullptr;
    int64_t n = -1;
    if (sqlite3_open_v2(server_->db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
  }

  static inline TestServer* server_ = nullptr;
};

}  // namespace motcua::testing
