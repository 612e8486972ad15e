#include "domain/timeliness.h"

#include <gtest/gtest.h>

#include "domain/local_date.h"

namespace motcua::domain {
namespace {

// Local (UTC+7) instant of a date and time.
int64_t At(LocalDate d, int hour, int minute = 0) {
  return StartOfLocalDay(d) + hour * 3600 + minute * 60;
}

const LocalDate kDueDay{2025, 7, 14};
const int64_t kDue = At(kDueDay, 17);  // due 17:00 on Monday 14 July 2025

TEST(Timeliness, EarlyOnAnEarlierDay) {
  EXPECT_EQ(ClassifyFinished(At({2025, 7, 11}, 10), kDue), Timeliness::kEarly);
  // 23:59 the evening before, local time, is still the day before (16:59 UTC on the 13th).
  EXPECT_EQ(ClassifyFinished(At({2025, 7, 13}, 23, 59), kDue), Timeliness::kEarly);
}

TEST(Timeliness, OnTimeOnTheDueDateUpToTheDueInstant) {
  EXPECT_EQ(ClassifyFinished(At(kDueDay, 0), kDue), Timeliness::kOnTime);
  EXPECT_EQ(ClassifyFinished(At(kDueDay, 8), kDue), Timeliness::kOnTime);
  EXPECT_EQ(ClassifyFinished(kDue, kDue), Timeliness::kOnTime);
}

TEST(Timeliness, LateAfterTheDueInstantEvenTheSameDay) {
  EXPECT_EQ(ClassifyFinished(kDue + 1, kDue), Timeliness::kLate);
  EXPECT_EQ(ClassifyFinished(At(kDueDay, 17, 30), kDue), Timeliness::kLate);
  EXPECT_EQ(ClassifyFinished(At({2025, 7, 15}, 8), kDue), Timeliness::kLate);
}

TEST(Timeliness, UsesTheInjectedDayRule) {
  // A UTC day rule puts 06:00 local on the 14th (23:00 UTC on the 13th) on the day before.
  auto utc_day = [](int64_t t) { return t >= 0 ? t / 86400 : (t - 86399) / 86400; };
  EXPECT_EQ(ClassifyFinished(At(kDueDay, 6), kDue, utc_day), Timeliness::kEarly);
  EXPECT_EQ(ClassifyFinished(At(kDueDay, 6), kDue), Timeliness::kOnTime);
}

TEST(Timeliness, PendingWithinDeadlineOrOverdue) {
  EXPECT_EQ(ClassifyPending(kDue - 1, kDue), Timeliness::kPendingWithinDeadline);
  EXPECT_EQ(ClassifyPending(kDue, kDue), Timeliness::kPendingWithinDeadline);
  EXPECT_EQ(ClassifyPending(kDue + 1, kDue), Timeliness::kPendingOverdue);
}

TEST(Timeliness, ClassifyChoosesFinishedOrPending) {
  EXPECT_EQ(Classify(At(kDueDay, 9), kDue, kDue + 86400), Timeliness::kOnTime);
  EXPECT_EQ(Classify(std::nullopt, kDue, kDue + 86400), Timeliness::kPendingOverdue);
  EXPECT_EQ(Classify(std::nullopt, kDue, kDue - 10), Timeliness::kPendingWithinDeadline);
  EXPECT_FALSE(Classify(At(kDueDay, 9), std::nullopt, kDue).has_value());
}

TEST(Timeliness, NamesRoundTrip) {
  for (Timeliness t : {Timeliness::kEarly, Timeliness::kOnTime, Timeliness::kLate,
                       Timeliness::kPendingWithinDeadline, Timeliness::kPendingOverdue}) {
    EXPECT_EQ(ParseTimeliness(TimelinessName(t)), t);
    EXPECT_FALSE(TimelinessLabelVi(t).empty());
  }
  EXPECT_EQ(TimelinessLabelVi(Timeliness::kEarly), "Trước hạn");
  EXPECT_TRUE(IsEarlyOrOnTime(Timeliness::kOnTime));
  EXPECT_FALSE(IsEarlyOrOnTime(Timeliness::kLate));
  EXPECT_FALSE(IsFinishedTimeliness(Timeliness::kPendingOverdue));
  EXPECT_FALSE(ParseTimeliness("soon").has_value());
}

}  // namespace
}  // namespace motcua::domain
