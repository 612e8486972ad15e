#include "service/login_throttle.h"

#include <algorithm>

namespace motcua::service {

int64_t LoginThrottle::RetryAfterLocked(Entry* e, int64_t now) {
  if (e == nullptr) return 0;
  if (e->locked_until > now) return e->locked_until - now;
  if (e->locked_until != 0) *e = Entry{};  // lock served: start afresh
  return 0;
}

int64_t LoginThrottle::RetryAfter(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowSeconds();
  auto a = accounts_.find(username);
  auto b = addresses_.find(address);
  return std::max(RetryAfterLocked(a == accounts_.end() ? nullptr : &a->second, now),
                  RetryAfterLocked(b == addresses_.end() ? nullptr : &b->second, now));
}

void LoginThrottle::Fail(std::unordered_map<std::string, Entry>& map, const std::string& key,
                         int limit, int64_t now) {
  Entry& e = map[key];
  if (e.failures > 0 && now - e.first_failure > options_.window_seconds) e = Entry{};
  if (e.failures == 0) e.first_failure = now;
  ++e.failures;
  if (e.failures >= limit) e.locked_until = now + options_.lockout_seconds;
  // Bound memory under a spray of random usernames: drop stale entries now and then.
  if (map.size() > 100000) {
    std::erase_if(map, [&](const auto& kv) {
      return kv.second.locked_until <= now &&
             now - kv.second.first_failure > options_.window_seconds;
    });
  }
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowSeconds();
  Fail(accounts_, username, options_.max_failures_per_account, now);
  Fail(addresses_, address, options_.max_failures_per_address, now);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  accounts_.erase(username);
}

}  // namespace motcua::service
