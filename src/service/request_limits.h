// Rate limits of the routes an outsider can reach (anonymous callers and citizens), per client
// address and per account, each a LookupLimiter token bucket. Staff are not limited here: an
// office behind one address would throttle itself. Checked before the body is read and before
// any costly work (an Argon2id hash at registration), so a flood costs the server little.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "service/lookup_limiter.h"
#include "service/principal.h"

namespace motcua::service {

struct RequestLimitOptions {
  int requests_per_minute = 1200;    // every request, per client address and per citizen account
  int registrations_per_minute = 5;  // citizen sign-ups per address
  int registrations_per_minute_all = 60;  // and for the whole server (distributed floods)
  int complaints_per_minute = 5;          // PAKN sent anonymously or by a citizen
  int phone_checks_per_minute = 10;       // dossier views by phone number (?phone=)
};

class RequestLimits {
 public:
  RequestLimits(const Clock& clock, RequestLimitOptions options);

  // Each returns 0 when the request may go on (and counts it), else the seconds to wait.
  // `caller` may be null (anonymous); a staff caller is never limited.
  int64_t Request(const std::string& address, const Principal* caller);
  int64_t Registration(const std::string& address);
  int64_t Complaint(const std::string& address, const Principal* caller);
  int64_t PhoneCheck(const std::string& address, const Principal* caller);

  const RequestLimitOptions& options() const { return options_; }

 private:
  // Per address and, for a citizen, per account: both must have room.
  static int64_t Both(LookupLimiter& limiter, const std::string& address, const Principal* caller);

  RequestLimitOptions options_;
  LookupLimiter requests_;
  LookupLimiter registrations_;
  LookupLimiter registrations_all_;
  LookupLimiter complaints_;
  LookupLimiter phone_checks_;
};

}  // namespace motcua::service
