// Demo dossiers for `motcua serve --demo`: a handful of dossiers of the shipped catalogue in
// various states (received, in process, waiting for a supplement, finished, returned, refused),
// handled by the demo users. Idempotent: does nothing when any dossier exists.
#pragma once

#include "common/status.h"
#include "service/dossier_service.h"

namespace motcua::service {

// Returns how many dossiers were created through `dossiers` (the real lifecycle, so every step,
// history row and due instant is as a user would have made it).
Result<int> SeedDemoDossiers(storage::Database& db, DossierService& dossiers);

}  // namespace motcua::service
