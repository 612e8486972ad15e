#include "app/notification_job.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace motcua::app {

std::jthread StartNotificationJob(service::NotificationService& notifications,
                                  service::NotificationChannels channels, int64_t interval_ms) {
  return std::jthread([&notifications, channels, interval_ms](std::stop_token stop) {
    constexpr int kBatch = 50;
    std::mutex mu;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      auto round = notifications.DeliverDue(channels, kBatch);
      bool more = false;
      if (!round.ok()) {
        spdlog::warn("notifications: {}", round.status().ToString());
      } else {
        if (round->sent + round->retried + round->dead + round->skipped > 0)
          spdlog::info("notifications: {} sent, {} to retry, {} dead, {} skipped", round->sent,
                       round->retried, round->dead, round->skipped);
        more = round->sent + round->retried + round->dead + round->skipped >= kBatch;
      }
      if (more) continue;
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, std::chrono::milliseconds(interval_ms), [] { return false; });
    }
  });
}

}  // namespace motcua::app
