#include "service/login_throttle.h"

#include <gtest/gtest.h>

namespace motcua::service {
namespace {

ThrottleOptions Options() {
  ThrottleOptions o;
  o.free_failures = 3;
  o.base_delay_seconds = 2;
  o.max_delay_seconds = 60;
  o.address_max_failures = 100;
  o.address_lockout_seconds = 300;
  o.account_max_failures = 1000;
  o.window_seconds = 900;
  return o;
}

TEST(LoginThrottle, EachFurtherFailureOfAPairDoublesItsDelayUpToTheCap) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, Options());
  for (int i = 0; i < 2; ++i) t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);  // the free ones
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 2);
  clock.Advance(2);
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 4);
  clock.Advance(4);
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 8);
  for (int i = 0; i < 10; ++i) t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 60);  // capped
  // Forgotten after the window without failures.
  clock.Advance(901);
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
  t.RecordFailure("an", "1.2.3.4");
  EXPECT_EQ(t.RetryAfter("an", "1.2.3.4"), 0);
}

TEST(LoginThrottle, AnAttackerHammeringAUsernameNeverBlocksItsOwnerElsewhere) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, Options());
  // Five bad passwords used to lock any account for 60 s, repeatable forever.
  for (int i = 0; i < 50; ++i) {
    t.RecordFailure("an", "6.6.6.6");
    clock.Advance(1);
  }
  EXPECT_GT(t.RetryAfter("an", "6.6.6.6"), 0);
  EXPECT_EQ(t.RetryAfter("an", "10.0.0.5"), 0);   // the owner, at home
  EXPECT_EQ(t.RetryAfter("binh", "6.6.6.6"), 0);  // others behind the attacker's NAT
}

TEST(LoginThrottle, TwentyFailuresFromOneAddressNoLongerLockEveryoneBehindIt) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, Options());
  // A NAT: twenty users each mistyping once.
  for (int i = 0; i < 20; ++i) t.RecordFailure("user" + std::to_string(i), "9.9.9.9");
  EXPECT_EQ(t.RetryAfter("someone-else", "9.9.9.9"), 0);
  EXPECT_EQ(t.RetryAfter("user3", "9.9.9.9"), 0);
}

TEST(LoginThrottle, AnAddressSprayingVeryManyAccountsIsStoppedForAWhile) {
  FakeClock clock(1'700'000'000);
  ThrottleOptions o = Options();
  o.address_max_failures = 10;
  LoginThrottle t(clock, o);
  for (int i = 0; i < 10; ++i) t.RecordFailure("user" + std::to_string(i), "9.9.9.9");
  EXPECT_EQ(t.RetryAfter("someone-else", "9.9.9.9"), 300);
  EXPECT_EQ(t.RetryAfter("someone-else", "8.8.8.8"), 0);
  clock.Advance(300);
  EXPECT_EQ(t.RetryAfter("someone-else", "9.9.9.9"), 0);
}

TEST(LoginThrottle, ABotnetGetsOneGuessPerAddressOnceTheAccountIsUnderAttack) {
  FakeClock clock(1'700'000'000);
  ThrottleOptions o = Options();
  o.account_max_failures = 20;
  LoginThrottle t(clock, o);
  for (int i = 0; i < 20; ++i) t.RecordFailure("an", "7.7.7." + std::to_string(i));
  // Each bot address has one failure: it now waits the longest delay...
  EXPECT_EQ(t.RetryAfter("an", "7.7.7.3"), 60);
  // ...while an address that never failed on the account (the owner) goes through.
  EXPECT_EQ(t.RetryAfter("an", "10.0.0.5"), 0);
}

TEST(LoginThrottle, SuccessClearsOnlyItsOwnPair) {
  FakeClock clock(1'700'000'000);
  LoginThrottle t(clock, Options());
  for (int i = 0; i < 4; ++i) {
    t.RecordFailure("an", "a");
    t.RecordFailure("an", "b");
  }
  EXPECT_GT(t.RetryAfter("an", "a"), 0);
  t.RecordSuccess("an", "a");
  EXPECT_EQ(t.RetryAfter("an", "a"), 0);
  EXPECT_GT(t.RetryAfter("an", "b"), 0);
}

}  // namespace
}  // namespace motcua::service
