// Log-in throttling (chống dò mật khẩu) that slows a password guesser without locking the real
// user out. Failures count per (account, client address) pair: after a few free ones each further
// failure doubles the wait of that pair only, so hammering a username from one address never
// blocks its owner logging in from another. Two ceilings stop what pairs cannot see: an address
// failing on very many accounts (a spray) is stopped for a while, and once an account has failed
// very often in all (a botnet, one guess per address) every address that already failed on it
// waits the longest delay — an address with no failure on it still goes through.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace motcua::service {

struct ThrottleOptions {
  int free_failures = 3;                // per account and address before any delay
  int64_t base_delay_seconds = 1;       // the first delay; each further failure doubles it
  int64_t max_delay_seconds = 15 * 60;  // the doubling stops here
  int address_max_failures = 100;       // from one address over all accounts, in the window
  int64_t address_lockout_seconds = 15 * 60;
  int account_max_failures = 50;     // on one account over all addresses, in the window
  int64_t window_seconds = 15 * 60;  // failures are forgotten this long after the last one
};

// In-memory and per process: a restart forgives, which is acceptable for one server; the audit
// log keeps the record. Keys are the username and the address, never stored persistently.
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), options_(options) {}

  // Seconds until `username` may be tried again from `address`; 0 when allowed now. Checked
  // before the password is, so a refused attempt costs no hashing.
  int64_t RetryAfter(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  // A successful log-in clears the pair's count (not the address's nor the account's).
  void RecordSuccess(const std::string& username, const std::string& address);

 private:
  struct Entry {
    int failures = 0;
    int64_t last_failure = 0;
    int64_t locked_until = 0;  // addresses only
  };
  // The live entry for `key`, or null (forgetting it when its window is over).
  Entry* Live(std::unordered_map<std::string, Entry>& map, const std::string& key, int64_t now);
  Entry& Fail(std::unordered_map<std::string, Entry>& map, const std::string& key, int64_t now);
  int64_t Delay(int failures) const;

  const Clock& clock_;
  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> pairs_;  // username + '\n' + address
  std::unordered_map<std::string, Entry> accounts_;
  std::unordered_map<std::string, Entry> addresses_;
};

}  // namespace motcua::service
