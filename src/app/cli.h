// The `motcua` command line: serve, migrate, create-user, calendar, version.
#pragma once

namespace motcua::app {

// Parses argv and runs the chosen subcommand; returns the process exit status
// (0 success, 1 runtime failure, 2 bad arguments).
int RunCli(int argc, char** argv);

}  // namespace motcua::app
