// `motcua import dossiers --db PATH FILE.csv`: historical dossiers from a legacy system
// (docs/import-dossiers.md). All or nothing; errors name the CSV line.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "common/result.h"
#include "storage/database.h"

namespace motcua::app {

// Adds the `import` command with its `dossiers` subcommand to `app`.
void AddImportCommands(CLI::App& app, int& exit_code);

// Imports the CSV text into `db` in one transaction. Returns how many dossiers were imported;
// on failure nothing is written and the message names the line ("Dòng 7: ...").
Result<int> ImportDossiersCsv(storage::Database& db, std::string_view csv, int64_t now);

}  // namespace motcua::app
