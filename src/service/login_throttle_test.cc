#include "service/login_throttle.h"

#include <gtest/gtest.h>

namespace motcua::service {
namespace {

TEST(LoginThrottle, LocksTheAccountAfterTheLimitAndReleasesAfterTheLockout) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, ThrottleOptions{3, 100, 900, 60});
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
  t.RecordFailure("an", "1.2.3.4");
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 60);
  EXPECT_EQ(t.RetryAfter("an", "5.6.7.8"), 60);   // the account, from anywhere
  EXPECT_EQ(t.RetryAfter("binh", "1.2.3.4"), 0);  // other accounts from the same address
  clock.Advance(59);
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 1);
  clock.Advance(1);
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
  // The lock was served: counting starts again.
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
}

TEST(LoginThrottle, LocksAnAddressSprayingManyAccounts) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, ThrottleOptions{5, 4, 900, 30});
  for (int i = 0; i < 4; ++i) t.RecordFailure("user" + std::to_string(i), "9.9.9.9");
  EXPECT_EQ(t.RetryAfter("someone-else", "9.9.9.9"), 30);
  EXPECT_EQ(t.RetryAfter("someone-else", "8.8.8.8"), 0);
}

TEST(LoginThrottle, FailuresOutsideTheWindowAreForgottenAndSuccessClearsTheAccount) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, ThrottleOptions{3, 100, 100, 60});
  t.RecordFailure("an", "a");
  t.RecordFailure("an", "a");
  clock.Advance(101);
  t.RecordFailure("an", "a");
  EXPECT_EQ(t.RetryAfter("an", "a"), 0);
  t.RecordFailure("an", "a");
  t.RecordSuccess("an");
  t.RecordFailure("an", "a");
  EXPECT_EQ(t.RetryAfter("an", "a"), 0);
}

}  // namespace
}  // namespace motcua::service
