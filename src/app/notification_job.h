// The notification worker of `motcua serve` (issue 16): NotificationService::DeliverDue every
// interval on a thread of its own, at once again while a round found a full batch; stopped
// between two deliveries when the server stops. A message in flight when the process dies stays
// queued and goes again after the lease (at least once).
#pragma once

#include <cstdint>
#include <thread>

#include "service/notification_service.h"

namespace motcua::app {

std::jthread StartNotificationJob(service::NotificationService& notifications,
                                  service::NotificationChannels channels, int64_t interval_ms);

}  // namespace motcua::app
