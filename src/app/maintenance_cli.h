// `motcua backup`, `motcua restore` and `motcua purge`: keeping the data safe and forgetting what
// is only kept for a while.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

// Adds the commands to `app`; callbacks set `exit_code` (1 on failure, with a Vietnamese message
// on stderr).
void AddMaintenanceCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
