// Synthetic dossiers for report tests and the report benchmark (bench/reports): a province with
// departments and communes, a few hundred procedures in twenty fields, and `count` dossiers with
// a realistic mix of statuses and timeliness, written straight into the dossier tables.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "storage/database.h"

namespace motcua::service {

struct SyntheticOptions {
  int64_t count = 100000;
  int64_t from = 1704042000;  // 2024-01-01 00:00 +07
  int64_t to = 1767200400;    // 2026-01-01 00:00 +07
  uint64_t seed = 42;
  int departments = 20;
  int communes = 60;
  int procedures = 300;
  int fields = 20;
};

// Inserts the agencies (ids from 1; the root province is /1/), procedures and dossiers, in
// batches of one transaction each. The database must be migrated and hold no agencies.
Status GenerateSyntheticDossiers(storage::Database& db, const SyntheticOptions& options);

}  // namespace motcua::service
