// Engine-level copies of a live database for `motcua backup` / `motcua restore` (issue 15). A
// plain file copy under load misses committed pages still in the WAL or copies a torn page; these
// go through the engine instead: SQLite's online backup API (one consistent snapshot, writers
// carry on meanwhile) and pg_dump / pg_restore for PostgreSQL (one REPEATABLE READ snapshot).
#pragma once

#include <string>

#include "common/status.h"

namespace motcua::storage {

// Copies the SQLite database at `db_path` (with the committed content of its WAL) into a new file
// `dest_path`, as of one instant; then checks the copy with PRAGMA integrity_check.
Status SqliteOnlineBackup(const std::string& db_path, const std::string& dest_path);

// PRAGMA integrity_check of a SQLite file: OK, or Internal with the first problem reported.
Status SqliteIntegrityCheck(const std::string& path);

// pg_dump --format=custom of the database at `url` into `dest_path`.
Status PostgresDump(const std::string& url, const std::string& dest_path);
// pg_restore --clean --if-exists of `dump_path` into the database at `url`, in one transaction.
Status PostgresRestore(const std::string& dump_path, const std::string& url);

}  // namespace motcua::storage
