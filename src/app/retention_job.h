// The retention job of `motcua serve`: storage::PurgeExpired at start and then every interval,
// on a thread of its own, stopped (between two batches) when the server stops.
#pragma once

#include <cstdint>
#include <thread>

#include "common/clock.h"
#include "storage/database.h"
#include "storage/retention.h"

namespace motcua::app {

// Starts the job; request_stop() and join() (or destroying the jthread) end it within a batch.
std::jthread StartRetentionJob(storage::Database& db, const Clock& clock,
                               storage::RetentionOptions options, int64_t interval_seconds);

}  // namespace motcua::app
