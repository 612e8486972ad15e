// Filling dossiers.applicant_key for the rows that existed when migration 11 added the column:
// SQL cannot compute the hash, so this runs in code. `motcua serve` runs it in the background
// once it is listening (a million old dossiers take minutes; the server must not wait for them).
#pragma once

#include <cstdint>
#include <stop_token>

#include "storage/database.h"

namespace motcua::storage {

// Gives every dossier up to the high-water mark recorded by migration 11 its applicant key, in
// transactions of `batch_rows` dossiers (so a large database never holds the writer long), and
// records its progress in applicant_key_backfill: an interrupted run resumes where it stopped,
// and once done, a call costs one primary-key read. Rows written since migration 11 carry their
// key already (InsertDossier, UpdateDossier) and are not revisited. A stop requested on `stop`
// ends the run between two batches with Unavailable "cancelled" (the progress made is kept).
// Returns the number of dossiers given a key by this call.
Result<int64_t> BackfillApplicantKeys(Database& db, int batch_rows = 1000,
                                      std::stop_token stop = {});

}  // namespace motcua::storage
