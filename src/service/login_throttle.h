// Log-in throttling (chống dò mật khẩu): per account and per client address.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace motcua::service {

struct ThrottleOptions {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  int64_t window_seconds = 15 * 60;  // failures older than this are forgotten
  int64_t lockout_seconds = 60;      // how long a key stays locked once over its limit
};

// In-memory and per process: a restart forgives, which is acceptable for one server; the audit
// log keeps the record. Keys are the username and the address, never stored persistently.
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

  // Seconds until the account or the address may try again; 0 when allowed now.
  int64_t RetryAfter(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  // A successful log-in clears the account's count (not the address's).
  void RecordSuccess(const std::string& username);

 private:
  struct Entry {
    int failures = 0;
    int64_t first_failure = 0;
    int64_t locked_until = 0;
  };
  int64_t RetryAfterLocked(Entry* e, int64_t now);
  void Fail(std::unordered_map<std::string, Entry>& map, const std::string& key, int limit,
            int64_t now);

  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> accounts_;
  std::unordered_map<std::string, Entry> addresses_;
};

}  // namespace motcua::service
