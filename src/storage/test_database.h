// For unit tests only: a fresh, migrated SQLite database in a temporary directory of its own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.h"

namespace motcua::storage {

// Empties and creates <tmp>/motcua-<tag>-<pid>-<current test name>/, stores it in `*dir`, and
// opens and migrates t.db there. The caller closes the database and removes `*dir` in TearDown.
inline Result<std::unique_ptr<Database>> OpenTestDatabase(const std::string& tag,
                                                          std::filesystem::path* dir) {
  *dir = std::filesystem::temp_directory_path() /
         ("motcua-" + tag + "-" + std::to_string(::getpid()) + "-" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(*dir);
  std::filesystem::create_directories(*dir);
  MOTCUA_ASSIGN_OR_RETURN(auto db, OpenDatabase(DatabaseOptions((*dir / "t.db").string())));
  MOTCUA_ASSIGN_OR_RETURN(int applied, Migrate(*db));
  (void)applied;
  return db;
}

}  // namespace motcua::storage
