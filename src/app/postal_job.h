// The postal job of `motcua serve` (decision 0018): every interval, registers the parcels
// recorded since with the carrier and polls the events of those still on their way, on a thread
// of its own, stopped with the server.
#pragma once

#include <cstdint>
#include <thread>

#include "service/postal_service.h"

namespace motcua::app {

std::jthread StartPostalJob(service::PostalService& postal, int64_t interval_seconds);

}  // namespace motcua::app
