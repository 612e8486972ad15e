#include <string_view>

#include "storage/database.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"

namespace motcua::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options) {
  std::string_view url = options.url;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    MOTCUA_ASSIGN_OR_RETURN(auto db, PostgresDatabase::Open(options));
    return std::unique_ptr<Database>(std::move(db));
  }
  DatabaseOptions sqlite = options;
  if (url.starts_with("sqlite:")) {
    // Both sqlite:/abs/path and sqlite:///abs/path are seen in the wild.
    url.remove_prefix(7);
    if (url.starts_with("//")) url.remove_prefix(2);
    sqlite.url = std::string(url);
  }
  MOTCUA_ASSIGN_OR_RETURN(auto db, SqliteDatabase::Open(sqlite));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace motcua::storage
