// The chain linker of `motcua serve` on PostgreSQL (decision 0023): writers insert dossier_history
// and audit_log rows unlinked, and this job links the committed ones every interval, on a thread
// of its own. Every process runs it; the linker's lock lets one link at a time and the others'
// tries return at once. SQLite links as it writes, so there is nothing for it to do there.
#pragma once

#include <chrono>
#include <thread>

#include "storage/database.h"

namespace motcua::app {

// Starts the job; request_stop() and join() (or destroying the jthread) end it after the link
// transaction in progress. A failed pass is logged and the next one tries again: nothing is lost,
// rows stay pending until linked.
std::jthread StartChainLinkerJob(storage::Database& db, std::chrono::milliseconds interval);

}  // namespace motcua::app
