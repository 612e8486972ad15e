// `motcua report ...`: timeliness reports from the command line (JSON, CSV or XLSX on stdout).
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

// Adds the `report` subcommand tree to `app`; command callbacks set `exit_code` (2 for bad
// arguments, 1 for a failure of the machine).
void AddReportCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
