// The schema, as numbered migrations written once per dialect.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"

namespace motcua::storage {

class Connection;

struct Migration {
  int version;
  std::string_view name;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
  // Work SQL cannot do (hashing), run after the SQL in the same transaction; may be null.
  Status (*then)(Connection&) = nullptr;
};

// Every migration in version order. Never edit a released migration: add a new one.
const std::vector<Migration>& AllMigrations();

}  // namespace motcua::storage
