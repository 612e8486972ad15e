#include "service/lookup_limiter.h"

#include <algorithm>
#include <cmath>

namespace motcua::service {

int64_t LookupLimiter::Acquire(const std::string& address) {
  if (per_minute_ <= 0) return 0;
  const int64_t now = clock_.SteadyMicros();
  const double capacity = per_minute_;
  const double per_micro = capacity / 60e6;
  std::lock_guard lock(mu_);
  // Forget full buckets now and then so that the map stays small under a scan of addresses.
  if (buckets_.size() > 100000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double t = it->second.tokens + (now - it->second.at_micros) * per_micro;
      it = t >= capacity ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(address, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(capacity, b.tokens + (now - b.at_micros) * per_micro);
    b.at_micros = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  double wait_micros = (1.0 - b.tokens) / per_micro;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_micros / 1e6)));
}

}  // namespace motcua::service
