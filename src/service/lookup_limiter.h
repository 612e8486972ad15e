// Rate limit of the public dossier lookup (tra cứu hồ sơ) per client address, so that dossier
// codes cannot be enumerated: a token bucket of `per_minute` requests refilled continuously.
// In memory and per process, like LoginThrottle: addresses are never stored.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace motcua::service {

class LookupLimiter {
 public:
  // `per_minute` <= 0 disables the limit.
  LookupLimiter(const Clock& clock, int per_minute) : clock_(clock), per_minute_(per_minute) {}

  // Takes one token for `address`: 0 when the request may go ahead, otherwise the whole seconds
  // to wait before the next one (for Retry-After).
  int64_t Acquire(const std::string& address);
  int per_minute() const { return per_minute_; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_micros = 0;
  };
  const Clock& clock_;
  const int per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace motcua::service
