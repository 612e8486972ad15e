// `motcua backup` / `motcua restore`: a directory holding the database (an engine-level copy,
// storage/backup.h), the attachments, and manifest.json listing every file with its size and
// SHA-256. A restore checks the whole manifest before it touches anything.
#pragma once

#include <string>

#include "common/status.h"

namespace motcua::app {

struct BackupOptions {
  std::string db;               // SQLite path or postgresql:// URL
  std::string attachments_dir;  // "" = the default beside the database (DefaultAttachmentsDir)
  std::string to;               // the backup directory; must not exist yet
};

struct RestoreOptions {
  std::string from;
  std::string db;
  std::string attachments_dir;
  bool force = false;  // replace an existing SQLite file; always needed for PostgreSQL
};

// Where `motcua serve` keeps attachments when --attachments-dir is not given.
std::string DefaultAttachmentsDir(const std::string& db);

// Writes the backup into `<to>.partial` and renames it to `to` once complete, so a backup
// directory either is whole or does not exist. Errors carry a Vietnamese message.
Status Backup(const BackupOptions& options, std::string* summary);
// Verifies the manifest (every file listed present with its size and SHA-256, nothing else
// missing), then restores the database and copies the attachments; the restored SQLite file is
// written beside the target and renamed over it only when complete.
Status Restore(const RestoreOptions& options, std::string* summary);

}  // namespace motcua::app
