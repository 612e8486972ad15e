// `motcua calendar ...`: public holidays of a year, due instants, lunar dates.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

// Adds the `calendar` subcommand tree to `app`; command callbacks set `exit_code` (2 for bad
// arguments, 1 for a failure of the machine).
void AddCalendarCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
