#include "service/request_limits.h"

#include <gtest/gtest.h>

namespace motcua::service {
namespace {

Principal Citizen(int64_t id) {
  Principal p;
  p.user_id = id;
  p.role = domain::Role::kCitizen;
  return p;
}

TEST(RequestLimits, PhoneChecksAreLimitedPerAccountAcrossAddressesAndPerAddress) {
  FakeClock clock(1'700'000'000);
  RequestLimitOptions o;
  o.phone_checks_per_minute = 3;
  RequestLimits limits(clock, o);
  Principal an = Citizen(7);
  // One account hopping between addresses is still one account.
  EXPECT_EQ(limits.PhoneCheck("1.1.1.1", &an), 0);
  EXPECT_EQ(limits.PhoneCheck("2.2.2.2", &an), 0);
  EXPECT_EQ(limits.PhoneCheck("3.3.3.3", &an), 0);
  EXPECT_GT(limits.PhoneCheck("4.4.4.4", &an), 0);
  // Many accounts (or none) from one address are still one address.
  EXPECT_EQ(limits.PhoneCheck("9.9.9.9", nullptr), 0);
  Principal b = Citizen(8), c = Citizen(9);
  EXPECT_EQ(limits.PhoneCheck("9.9.9.9", &b), 0);
  EXPECT_EQ(limits.PhoneCheck("9.9.9.9", &c), 0);
  Principal d = Citizen(10);
  EXPECT_GT(limits.PhoneCheck("9.9.9.9", &d), 0);
  // The bucket refills: 3 a minute is one every 20 s.
  clock.Advance(20);
  EXPECT_EQ(limits.PhoneCheck("9.9.9.9", &d), 0);
}

TEST(RequestLimits, StaffAreNotLimitedAndRegistrationHasAServerWideCeiling) {
  FakeClock clock(1'700'000'000);
  RequestLimitOptions o;
  o.requests_per_minute = 1;
  o.registrations_per_minute = 2;
  o.registrations_per_minute_all = 3;
  RequestLimits limits(clock, o);
  Principal officer;
  officer.user_id = 1;
  officer.role = domain::Role::kReceptionOfficer;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limits.Request("5.5.5.5", &officer), 0);
  EXPECT_EQ(limits.Request("5.5.5.5", nullptr), 0);
  EXPECT_GT(limits.Request("5.5.5.5", nullptr), 0);
  EXPECT_EQ(limits.Registration("1.1.1.1"), 0);
  EXPECT_EQ(limits.Registration("1.1.1.1"), 0);
  EXPECT_GT(limits.Registration("1.1.1.1"), 0);
  EXPECT_EQ(limits.Registration("2.2.2.2"), 0);
  EXPECT_GT(limits.Registration("3.3.3.3"), 0);  // the whole server's ceiling
}

}  // namespace
}  // namespace motcua::service
