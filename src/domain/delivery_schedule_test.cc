#include "domain/delivery_schedule.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

// 2026-07-14 00:00 Vietnam time is 2026-07-13 17:00 UTC.
constexpr int64_t kMidnightVn = 1783962000;

TEST(QuietHoursTest, ParsesAWindowAcrossMidnight) {
  auto q = ParseQuietHours("21:00-07:00");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->start_minute, 21 * 60);
  EXPECT_EQ(q->end_minute, 7 * 60);
  EXPECT_TRUE(ParseQuietHours("off")->none());
  EXPECT_TRUE(ParseQuietHours("")->none());
  EXPECT_FALSE(ParseQuietHours("21-07"));
  EXPECT_FALSE(ParseQuietHours("25:00-07:00"));
  EXPECT_FALSE(ParseQuietHours("21:00-7:0"));
}

TEST(QuietHoursTest, DefersSmsAtNightToTheMorningInVietnamTime) {
  QuietHours q = *ParseQuietHours("21:00-07:00");
  const int64_t at_2230 = kMidnightVn - 90 * 60;  // 22:30 the evening before
  const int64_t at_0300 = kMidnightVn + 3 * 3600;
  const int64_t at_0700 = kMidnightVn + 7 * 3600;
  const int64_t at_1200 = kMidnightVn + 12 * 3600;
  EXPECT_TRUE(q.Contains(at_2230));
  EXPECT_TRUE(q.Contains(at_0300));
  EXPECT_FALSE(q.Contains(at_0700));
  EXPECT_FALSE(q.Contains(at_1200));
  EXPECT_EQ(q.NextAllowed(at_2230), at_0700);
  EXPECT_EQ(q.NextAllowed(at_0300), at_0700);
  EXPECT_EQ(q.NextAllowed(at_1200), at_1200);
}

TEST(QuietHoursTest, AWindowWithinOneDay) {
  QuietHours q = *ParseQuietHours("12:00-13:30");
  EXPECT_TRUE(q.Contains(kMidnightVn + 12 * 3600 + 60));
  EXPECT_EQ(q.NextAllowed(kMidnightVn + 12 * 3600), kMidnightVn + 13 * 3600 + 1800);
  EXPECT_FALSE(q.Contains(kMidnightVn + 11 * 3600));
}

TEST(RetryDelayTest, DoublesUpToTheCap) {
  EXPECT_EQ(RetryDelaySeconds(1, 60, 3600), 60);
  EXPECT_EQ(RetryDelaySeconds(2, 60, 3600), 120);
  EXPECT_EQ(RetryDelaySeconds(4, 60, 3600), 480);
  EXPECT_EQ(RetryDelaySeconds(10, 60, 3600), 3600);
  EXPECT_EQ(RetryDelaySeconds(1000, 60, 3600), 3600);
}

}  // namespace
}  // namespace motcua::domain
