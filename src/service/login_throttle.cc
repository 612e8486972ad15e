#include "service/login_throttle.h"

#include <algorithm>

namespace motcua::service {
namespace {

std::string PairKey(const std::string& username, const std::string& address) {
  return username + '\n' + address;
}

}  // namespace

LoginThrottle::Entry* LoginThrottle::Live(std::unordered_map<std::string, Entry>& map,
                                          const std::string& key, int64_t now) {
  auto it = map.find(key);
  if (it == map.end()) return nullptr;
  Entry& e = it->second;
  if (e.locked_until <= now && now - e.last_failure > options_.window_seconds) {
    map.erase(it);
    return nullptr;
  }
  return &e;
}

int64_t LoginThrottle::Delay(int failures) const {
  int over = failures - options_.free_failures;
  if (over < 0) return 0;
  int64_t delay = options_.base_delay_seconds;
  for (int i = 0; i < over && delay < options_.max_delay_seconds; ++i) delay *= 2;
  return std::min(delay, options_.max_delay_seconds);
}

int64_t LoginThrottle::RetryAfter(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.NowSeconds();
  int64_t wait = 0;
  if (Entry* a = Live(addresses_, address, now); a && a->locked_until > now)
    wait = a->locked_until - now;
  if (Entry* p = Live(pairs_, PairKey(username, address), now)) {
    int64_t delay = Delay(p->failures);
    Entry* acct = Live(accounts_, username, now);
    if (acct && acct->failures >= options_.account_max_failures) delay = options_.max_delay_seconds;
    wait = std::max(wait, p->last_failure + delay - now);
  }
  return std::max<int64_t>(wait, 0);
}

LoginThrottle::Entry& LoginThrottle::Fail(std::unordered_map<std::string, Entry>& map,
                                          const std::string& key, int64_t now) {
  // Bound memory under a spray of random usernames: drop stale entries now and then.
  if (map.size() > 100000) {
    std::erase_if(map, [&](const auto& kv) {
      return kv.second.locked_until <= now &&
             now - kv.second.last_failure > options_.window_seconds;
    });
  }
  Entry* live = Live(map, key, now);
  Entry& e = live ? *live : map[key];
  ++e.failures;
  e.last_failure = now;
  return e;
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.NowSeconds();
  Fail(pairs_, PairKey(username, address), now);
  Fail(accounts_, username, now);
  Entry& a = Fail(addresses_, address, now);
  if (a.failures >= options_.address_max_failures) {
    a.locked_until = now + options_.address_lockout_seconds;
    a.failures = 0;  // after the lock-out, a fresh allowance
  }
}

void LoginThrottle::RecordSuccess(const std::string& username, const std::string& address) {
  std::lock_guard lock(mu_);
  pairs_.erase(PairKey(username, address));
}

}  // namespace motcua::service
