// `motcua catalogue import-national --db URL [--province NAME] [--report FILE]
// [--effective-from YYYY-MM-DD] [--strict] DIR`: loads the national database of administrative
// procedures (DIR holds catalogue.jsonl.xz, details_text.jsonl.xz, details_structured.jsonl.xz)
// in one transaction and writes the parse report (CSV: code, field, severity, problem, raw).
#pragma once

#include <CLI/CLI.hpp>

namespace motcua::app {

void AddCatalogueCommands(CLI::App& app, int& exit_code);

}  // namespace motcua::app
