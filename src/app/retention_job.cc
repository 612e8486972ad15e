#include "app/retention_job.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace motcua::app {

std::jthread StartRetentionJob(storage::Database& db, const Clock& clock,
                               storage::RetentionOptions options, int64_t interval_seconds) {
  return std::jthread([&db, &clock, options, interval_seconds](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      storage::RetentionResult done;
      auto r = storage::PurgeExpired(db, clock.NowSeconds(), options, stop, &done);
      if (done.idempotency_keys > 0 || done.sessions > 0 || done.notifications > 0 ||
          done.unsubscribe_links > 0)
        spdlog::info(
            "retention: {} idempotency records, {} expired sessions, {} old notifications and {} "
            "old unsubscribe links deleted",
            done.idempotency_keys, done.sessions, done.notifications, done.unsubscribe_links);
      if (!r.ok() && r.status().reason() != "cancelled")
        spdlog::warn("retention job: {}", r.status().ToString());
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, std::chrono::seconds(interval_seconds), [] { return false; });
    }
  });
}

}  // namespace motcua::app
