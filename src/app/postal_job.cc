#include "app/postal_job.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace motcua::app {

std::jthread StartPostalJob(service::PostalService& postal, int64_t interval_seconds) {
  return std::jthread([&postal, interval_seconds](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      auto r = postal.Sync(/*poll=*/true);
      if (!r.ok()) {
        spdlog::warn("postal job: {}", r.status().ToString());
      } else if (r->registered > 0 || r->registration_failures > 0 || r->events.accepted > 0) {
        spdlog::info("postal job: {} parcels registered ({} failed), {} new events", r->registered,
                     r->registration_failures, r->events.accepted);
      }
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, std::chrono::seconds(interval_seconds), [] { return false; });
    }
  });
}

}  // namespace motcua::app
