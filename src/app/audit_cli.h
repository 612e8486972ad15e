// `motcua audit verify`: checks the hash chains of the dossier history and the audit log.
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

// Adds the `audit` subcommand tree to `app`; callbacks set `exit_code` (1 when the chain is
// broken or the database cannot be read).
void AddAuditCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
