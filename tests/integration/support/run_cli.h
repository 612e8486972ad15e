// Runs the real `motcua` binary as a child process and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace motcua::testing {

struct CliRun {
  int status;       // exit status, -1 if killed by a signal
  std::string out;  // stdout, plus stderr when merged
};

// Runs `[env] motcua <args>` through the shell. `merge_stderr` folds stderr into `out`;
// otherwise stderr is discarded. `env` is prefixed as shell assignments ("A=1 B=2").
inline CliRun RunMotcua(const std::string& args, bool merge_stderr = true,
                        const std::string& env = "") {
  std::string cmd = env + (env.empty() ? "" : " ") + std::string(MOTCUA_BINARY) + " " + args +
                    (merge_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = ::pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

}  // namespace motcua::testing
