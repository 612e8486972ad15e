#include "app/chain_linker_job.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "storage/audit_chain.h"

namespace motcua::app {

std::jthread StartChainLinkerJob(storage::Database& db, std::chrono::milliseconds interval) {
  return std::jthread([&db, interval](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    bool failing = false;  // one warning per run of failures, not one per interval
    while (!stop.stop_requested()) {
      auto linked = storage::LinkPendingRows(db);
      if (!linked.ok()) {
        if (!failing) spdlog::warn("chain linker: {}", linked.status().ToString());
        failing = true;
      } else {
        if (failing) spdlog::info("chain linker: linking again");
        failing = false;
        // A full batch means more are waiting: go on at once.
        if (linked->linked >= storage::kLinkMaxRows) continue;
      }
      std::unique_lock lock(mu);
      wake.wait_for(lock, stop, interval, [] { return false; });
    }
  });
}

}  // namespace motcua::app
