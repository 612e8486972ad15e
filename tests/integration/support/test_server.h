// Starts the real `motcua serve` binary on a free port with a fresh database, for tests.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace motcua::testing {

class TestServer {
 public:
  // Starts `motcua serve --port 0 --address 127.0.0.1 --db <temp dir>/motcua.db` plus `args`
  // (e.g. "--demo"; a "--db" there replaces the temporary file). Throws if it does not report its
  // port within 30 s.
  explicit TestServer(std::vector<std::string> args = {"--demo"});
  ~TestServer();

  uint16_t port() const { return port_; }
  const std::string& db_path() const { return db_path_; }
  const std::string& dir() const { return dir_; }
  // Sends SIGTERM and waits; returns the exit status (or -1 if killed by a signal).
  int Stop();
  // Sends SIGKILL and reaps.
  void Kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Everything the process wrote on stdout and stderr so far.
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string dir_;
  std::string db_path_;
  std::string log_path_;
};

}  // namespace motcua::testing
