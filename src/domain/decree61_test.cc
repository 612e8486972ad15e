#include "domain/decree61.h"

#include <gtest/gtest.h>

#include "domain/local_date.h"

namespace motcua::domain {
namespace {

int64_t At(LocalDate d, int hour, int minute = 0) {
  return StartOfLocalDay(d) + hour * 3600 + minute * 60;
}
const int64_t kDue = At({2026, 7, 14}, 17);

TEST(Decree61, Indicator1BoundaryOnTheLimitScoresOneOneMinuteOverZero) {
  EXPECT_EQ(ScoreHandlingTime(ClassifyFinished(kDue, kDue)), 1);
  EXPECT_EQ(ScoreHandlingTime(ClassifyFinished(kDue + 60, kDue)), 0);
  EXPECT_EQ(ScoreHandlingTime(ClassifyFinished(kDue - 60, kDue)), 1);  // same day: on time
  EXPECT_EQ(ScoreHandlingTime(ClassifyFinished(At({2026, 7, 13}, 23, 59), kDue)), 2);
}

TEST(Decree61, Indicator2WorstStepDecides) {
  using T = Timeliness;
  EXPECT_EQ(ScoreSteps({{1, T::kEarly}, {2, T::kEarly}}), 2);
  EXPECT_EQ(ScoreSteps({{1, T::kEarly}, {2, ClassifyFinished(kDue, kDue)}}), 1);
  EXPECT_EQ(ScoreSteps({{1, T::kEarly}, {2, ClassifyFinished(kDue + 60, kDue)}}), 0);
  EXPECT_EQ(ScoreSteps({{1, std::nullopt}, {2, T::kEarly}}), 2);  // no quota: not judged
  EXPECT_EQ(ScoreSteps({}), std::nullopt);
}

TEST(Decree61, Indicator3SupplementRequests) {
  EXPECT_EQ(ScoreSupplements(0, false), 2);
  EXPECT_EQ(ScoreSupplements(1, false), 1);
  EXPECT_EQ(ScoreSupplements(2, false), 0);
  EXPECT_EQ(ScoreSupplements(2, true), 1);  // the applicant's own fault
}

TEST(Decree61, Indicator7Attitude) {
  EXPECT_EQ(ScoreAttitude(Timeliness::kEarly, 0), 2);
  EXPECT_EQ(ScoreAttitude(Timeliness::kOnTime, 0), 1);
  EXPECT_EQ(ScoreAttitude(Timeliness::kLate, 0), 1);
  EXPECT_EQ(ScoreAttitude(Timeliness::kEarly, 1), 0);
}

TEST(Decree61, DossierScoresFromDataAndAnswers) {
  DossierEvaluationInput in;
  in.timeliness = Timeliness::kEarly;
  in.steps = {{1, Timeliness::kEarly}};
  in.no_visit = true;
  in.published_online = in.published_at_counter = true;
  auto s = ScoreDossier(in);
  EXPECT_EQ(s.i1, 2);
  EXPECT_EQ(s.i2, 2);
  EXPECT_EQ(s.i3, 2);
  EXPECT_EQ(s.i4, 2);
  EXPECT_EQ(s.i6, 2);
  EXPECT_EQ(s.i7, 2);
  // At the counter: the answer decides indicator 4, never above 1.
  in.no_visit = false;
  EXPECT_EQ(ScoreDossier(in).i4, 1);
  in.answers.bodies_contacted = 0;
  EXPECT_EQ(ScoreDossier(in).i4, 0);
  in.answers.bodies_contacted = 2;
  EXPECT_EQ(ScoreDossier(in).i4, 1);
  // Publication: one of two → 1; an answer can lower it, not raise it.
  in.published_at_counter = false;
  EXPECT_EQ(ScoreDossier(in).i6, 1);
  in.answers.publication = 2;
  EXPECT_EQ(ScoreDossier(in).i6, 1);
  in.answers.publication = 0;
  EXPECT_EQ(ScoreDossier(in).i6, 0);
  // A pending dossier has no indicator 1, 2.
  in.timeliness = Timeliness::kPendingWithinDeadline;
  s = ScoreDossier(in);
  EXPECT_FALSE(s.i1);
  EXPECT_FALSE(s.i2);
  EXPECT_FALSE(s.i7);
  // Paper dossier without supplement data: the answer.
  in.answers.supplements = 0;
  EXPECT_EQ(ScoreDossier(in).i3, 0);
  in.supplement_requests = 1;
  EXPECT_EQ(ScoreDossier(in).i3, 1);  // data wins
}

TEST(Decree61, Indicator5OneStopThresholds) {
  UnitEvaluationInput u;
  u.procedures = 100;
  u.procedures_received_at_one_stop = 100;
  u.procedures_decided_at_one_stop = 20;
  EXPECT_EQ(ScoreOneStop(u), 2);  // exactly 20 % at province level
  u.procedures_decided_at_one_stop = 19;
  EXPECT_EQ(ScoreOneStop(u), 1);
  u.procedures_received_at_one_stop = 99;
  EXPECT_EQ(ScoreOneStop(u), 0);
  u.commune_level = true;
  u.procedures_received_at_one_stop = 100;
  u.procedures_decided_at_one_stop = 99;
  EXPECT_EQ(ScoreOneStop(u), 1);
  u.procedures_decided_at_one_stop = 100;
  EXPECT_EQ(ScoreOneStop(u), 2);
}

TEST(Decree61, Indicator6Publication) {
  UnitEvaluationInput u;
  u.procedures = 10;
  u.procedures_published_both = 10;
  EXPECT_EQ(ScorePublication(u), 2);
  u.procedures_published_both = 9;
  u.procedures_published_one = 1;
  EXPECT_EQ(ScorePublication(u), 1);
  u.procedures_published_one = 0;
  EXPECT_EQ(ScorePublication(u), 0);
}

TEST(Decree61, Indicator8ComplaintsBoundaries) {
  UnitEvaluationInput u;
  EXPECT_EQ(ScoreComplaints(u), 2);  // none
  u.complaints = 10;
  u.complaints_answered_on_time = 10;
  EXPECT_EQ(ScoreComplaints(u), 2);
  u.complaints_answered_on_time = 9;  // exactly 90 %
  EXPECT_EQ(ScoreComplaints(u), 1);
  u.complaints = 1000;
  u.complaints_answered_on_time = 899;  // 89.9 %
  EXPECT_EQ(ScoreComplaints(u), 0);
  u.complaints_answered_on_time = 1000;
  u.complaints_overdue_open = 1;  // one left dragging
  EXPECT_EQ(ScoreComplaints(u), 0);
}

TEST(Decree61, Indicator9OnlineBoundaries) {
  UnitEvaluationInput u;
  u.procedures = 100;
  u.procedures_online = 20;
  u.dossiers = 1000;
  u.dossiers_online = 300;
  EXPECT_EQ(ScoreOnline(u), 2);  // exactly 20 % and 30 %
  u.dossiers_online = 299;
  EXPECT_EQ(ScoreOnline(u), 1);
  u.dossiers_online = 150;  // exactly 15 %
  EXPECT_EQ(ScoreOnline(u), 1);
  u.dossiers_online = 149;
  EXPECT_EQ(ScoreOnline(u), 0);
  u.dossiers_online = 300;
  u.procedures_online = 19;
  EXPECT_EQ(ScoreOnline(u), 1);
  u.procedures_online = 20;
  u.dossiers_online_late = 1;
  EXPECT_EQ(ScoreOnline(u), 0);
  u.dossiers_online_late = 0;
  u.procedures_online = 0;
  EXPECT_EQ(ScoreOnline(u), 0);  // not offered
}

TEST(Decree61, BandBoundaries) {
  EXPECT_EQ(BandOf(15.01), Band::kExcellent);
  EXPECT_EQ(BandOf(15), Band::kGood);
  EXPECT_EQ(BandOf(12), Band::kGood);
  EXPECT_EQ(BandOf(11.99), Band::kFair);
  EXPECT_EQ(BandOf(9), Band::kFair);
  EXPECT_EQ(BandOf(8.99), Band::kAverage);
  EXPECT_EQ(BandOf(6), Band::kAverage);
  EXPECT_EQ(BandOf(5.99), Band::kWeak);
  Bands strict{16, 13, 10, 7};
  EXPECT_EQ(BandOf(15.5, strict), Band::kGood);
  EXPECT_EQ(BandLabelVi(Band::kExcellent), "Xuất sắc");
}

TEST(Decree61, TotalsOnEighteenPoints) {
  ScoreAggregate a;
  a.Add(DossierScores{2, 2, 2, 2, 2, 2});
  a.Add(DossierScores{0, 0, 2, 1, 2, 0});
  EXPECT_DOUBLE_EQ(*a.Mean(1), 1.0);
  EXPECT_DOUBLE_EQ(*a.Mean(4), 1.5);
  UnitScores u{2, 2, 2, 2};
  // 1 + 1 + 2 + 1.5 + 1 (ind. 7) + (2 + 2) / 2 + 2 + 2 + 2
  EXPECT_DOUBLE_EQ(UnitTotal(a, u), 14.5);
  EXPECT_DOUBLE_EQ(OfficialTotal(a), (1 + 1 + 2 + 1.5 + 2 + 1) * 1.5);
  ScoreAggregate perfect;
  perfect.Add(DossierScores{2, 2, 2, 2, 2, 2});
  EXPECT_DOUBLE_EQ(UnitTotal(perfect, u), 18);
  EXPECT_DOUBLE_EQ(OfficialTotal(perfect), 18);
  EXPECT_DOUBLE_EQ(UnitTotal(ScoreAggregate{}, u), 18);  // no dossiers: not punished
}

TEST(Decree61, RatingAnswersValidated) {
  EXPECT_TRUE(ValidRatingAnswers({2, 1, 0, std::nullopt}));
  EXPECT_FALSE(ValidRatingAnswers({3, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_FALSE(ValidRatingAnswers({std::nullopt, -1, std::nullopt, std::nullopt}));
}

}  // namespace
}  // namespace motcua::domain
