#include "service/request_limits.h"

#include <algorithm>

namespace motcua::service {

RequestLimits::RequestLimits(const Clock& clock, RequestLimitOptions options)
    : options_(options),
      requests_(clock, options.requests_per_minute),
      registrations_(clock, options.registrations_per_minute),
      registrations_all_(clock, options.registrations_per_minute_all),
      complaints_(clock, options.complaints_per_minute),
      phone_checks_(clock, options.phone_checks_per_minute) {}

int64_t RequestLimits::Both(LookupLimiter& limiter, const std::string& address,
                            const Principal* caller) {
  if (caller && caller->IsStaff()) return 0;
  // Keys of both kinds share the bucket map; the prefixes keep them apart.
  int64_t wait = limiter.Acquire("a:" + address);
  if (wait == 0 && caller) wait = limiter.Acquire("u:" + std::to_string(caller->user_id));
  return wait;
}

int64_t RequestLimits::Request(const std::string& address, const Principal* caller) {
  return Both(requests_, address, caller);
}

int64_t RequestLimits::Registration(const std::string& address) {
  if (int64_t wait = registrations_.Acquire(address); wait > 0) return wait;
  return registrations_all_.Acquire("*");
}

int64_t RequestLimits::Complaint(const std::string& address, const Principal* caller) {
  return Both(complaints_, address, caller);
}

int64_t RequestLimits::PhoneCheck(const std::string& address, const Principal* caller) {
  return Both(phone_checks_, address, caller);
}

}  // namespace motcua::service
