#include "domain/timeliness_report.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

int64_t At(LocalDate d, int hour, int minute = 0) {
  return StartOfLocalDay(d) + hour * 3600 + minute * 60;
}
int32_t Min(int64_t t) { return MinuteOf(t); }

// Q3 2026 judged at its end.
const ReportWindow kQ3{Min(StartOfLocalDay({2026, 7, 1})), Min(StartOfLocalDay({2026, 10, 1})),
                       Min(StartOfLocalDay({2026, 10, 1}))};

TimelinessCounts One(const DossierFact& f, const ReportWindow& w = kQ3) {
  TimelinessCounts c;
  Accumulate(f, w, c);
  return c;
}

DossierFact Resolved(int64_t received, int64_t due, int64_t finished) {
  return *FactOf("finished", received, due, std::nullopt, finished, std::nullopt, finished);
}

TEST(TimelinessReport, ResolvedClassesToTheSecond) {
  int64_t rec = At({2026, 7, 6}, 9);
  int64_t due = At({2026, 7, 10}, 17);
  EXPECT_EQ(One(Resolved(rec, due, due)).resolved_on_time, 1);
  EXPECT_EQ(One(Resolved(rec, due, due + 1)).resolved_late, 1);  // one second over
  EXPECT_EQ(One(Resolved(rec, due, due + 60)).resolved_late, 1);
  EXPECT_EQ(One(Resolved(rec, due, At({2026, 7, 9}, 16))).resolved_early, 1);
  auto c = One(*FactOf("returned", rec, std::nullopt, std::nullopt, due, due + 3600, due + 3600));
  EXPECT_EQ(c.resolved_no_deadline, 1);
  EXPECT_EQ(c.returned, 1);
  EXPECT_EQ(c.received, 1);
}

TEST(TimelinessReport, PendingJudgedAtAsOfToTheMinute) {
  int64_t rec = At({2026, 7, 6}, 9);
  int64_t due = At({2026, 7, 10}, 17);
  DossierFact f = *FactOf("in_process", rec, due, std::nullopt, std::nullopt, std::nullopt, rec);
  ReportWindow w = kQ3;
  w.as_of_min = Min(due);
  EXPECT_EQ(One(f, w).pending_within_deadline, 1);  // exactly at the due instant
  w.as_of_min = Min(due) + 1;
  EXPECT_EQ(One(f, w).pending_overdue, 1);  // one minute later
  // As of before reception: not in the report.
  w.as_of_min = Min(rec) - 1;
  EXPECT_EQ(One(f, w).total(), 0);
}

TEST(TimelinessReport, CarriedOverAndPeriodEdges) {
  int64_t due = At({2026, 7, 3}, 17);
  // Received in June, finished in July: carried over and resolved in Q3.
  auto c = One(Resolved(At({2026, 6, 29}, 9), due, At({2026, 7, 2}, 9)));
  EXPECT_EQ(c.carried_over, 1);
  EXPECT_EQ(c.received, 0);
  EXPECT_EQ(c.resolved_early, 1);
  // Finished in June: not in Q3 at all.
  EXPECT_EQ(One(Resolved(At({2026, 6, 1}, 9), due, At({2026, 6, 30}, 23, 59))).total(), 0);
  // Finished exactly at 00:00 on 1 July: counts in Q3.
  EXPECT_EQ(One(Resolved(At({2026, 6, 1}, 9), due, At({2026, 7, 1}, 0))).carried_over, 1);
  // Received exactly at the end (1 October 00:00): next period.
  EXPECT_EQ(One(Resolved(At({2026, 10, 1}, 0), due, At({2026, 10, 2}, 0))).total(), 0);
  // Finished after the period: pending at its end.
  c = One(Resolved(At({2026, 9, 30}, 9), At({2026, 10, 5}, 17), At({2026, 10, 2}, 9)));
  EXPECT_EQ(c.received, 1);
  EXPECT_EQ(c.pending_within_deadline, 1);
}

TEST(TimelinessReport, WithdrawnStoppedRefusedAndNotReceived) {
  int64_t rec = At({2026, 8, 3}, 9);
  EXPECT_EQ(One(*FactOf("withdrawn", rec, rec + 86400, std::nullopt, std::nullopt, std::nullopt,
                        rec + 3600))
                .withdrawn,
            1);
  EXPECT_EQ(
      One(*FactOf("stopped", rec, rec + 86400, std::nullopt, rec + 7200, std::nullopt, rec + 9000))
          .stopped,
      1);
  auto refused = One(*FactOf("refused", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                             std::nullopt, rec));
  EXPECT_EQ(refused.refused, 1);
  EXPECT_EQ(refused.total(), 0);
  EXPECT_FALSE(FactOf("submitted", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                      std::nullopt, rec));
  EXPECT_FALSE(FactOf("bogus", rec, std::nullopt, std::nullopt, std::nullopt, std::nullopt, rec));
}

TEST(TimelinessReport, SeedFiguresCoTo2019) {
  // 8,063 dossiers received in 2019: 8,035 resolved early or on time, 28 within deadline.
  ReportWindow year{Min(StartOfLocalDay({2019, 1, 1})), Min(StartOfLocalDay({2020, 1, 1})),
                    Min(At({2019, 12, 31}, 17))};
  TimelinessCounts c;
  for (int i = 0; i < 8063; ++i) {
    int64_t rec = At(LocalDate{2019, 1, 2}.AddDays(i % 350), 8, i % 60);
    int64_t due = rec + 5 * 86400;
    if (i < 8035) {
      int64_t fin = (i % 2) ? due : rec + 86400;
      Accumulate(Resolved(rec, due, fin), year, c);
    } else {
      int64_t late_rec = At({2019, 12, 30}, 9);
      Accumulate(*FactOf("in_process", late_rec, late_rec + 3 * 86400, std::nullopt, std::nullopt,
                         std::nullopt, late_rec),
                 year, c);
    }
  }
  EXPECT_EQ(c.received, 8063);
  EXPECT_EQ(c.resolved_early + c.resolved_on_time, 8035);
  EXPECT_EQ(c.pending_within_deadline, 28);
  auto r = RatesOf(c);
  EXPECT_EQ(r.early_or_on_time_of_total, 99.7);
  EXPECT_EQ(r.on_time_rate, 100.0);
}

TEST(TimelinessReport, PercentRoundsHalfUpAndHandlesZero) {
  EXPECT_EQ(Percent(8035, 8063), 99.7);
  EXPECT_EQ(Percent(3208, 3212), 99.9);
  EXPECT_EQ(Percent(1993, 2000), 99.7);  // 99.65 exactly
  EXPECT_EQ(Percent(1, 3), 33.3);
  EXPECT_EQ(Percent(0, 0), std::nullopt);
}

TEST(TimelinessReport, SplitAndParsePeriods) {
  auto p = SplitPeriod({2026, 2, 15}, {2026, 5, 1}, PeriodUnit::kMonth);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].label, "2026-02");
  EXPECT_EQ(p[0].from, (LocalDate{2026, 2, 15}));
  EXPECT_EQ(p[1].from, (LocalDate{2026, 3, 1}));
  EXPECT_EQ(p[2].to, (LocalDate{2026, 5, 1}));
  auto q = SplitPeriod({2026, 1, 1}, {2027, 1, 1}, PeriodUnit::kQuarter);
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[3].label, "2026Q4");
  auto q3 = ParseQuarterOrYear("2026Q3");
  ASSERT_TRUE(q3.ok());
  EXPECT_EQ(q3->from, (LocalDate{2026, 7, 1}));
  EXPECT_EQ(q3->to, (LocalDate{2026, 10, 1}));
  EXPECT_EQ(ParseQuarterOrYear("2026")->to, (LocalDate{2027, 1, 1}));
  EXPECT_FALSE(ParseQuarterOrYear("2026Q5").ok());
  EXPECT_FALSE(ParseQuarterOrYear("26Q1").ok());
}

TEST(TimelinessReport, FiguresByNameAndOutcomeOfOneDossier) {
  for (const char* name :
       {"carried_over", "received", "total", "resolved", "resolved_early", "resolved_on_time",
        "resolved_late", "resolved_no_deadline", "pending", "pending_within_deadline",
        "pending_overdue", "withdrawn", "stopped", "refused", "returned"}) {
    auto f = ParseFigure(name);
    ASSERT_TRUE(f.has_value()) << name;
    EXPECT_EQ(FigureName(*f), name);
  }
  EXPECT_FALSE(ParseFigure("late").has_value());
  EXPECT_FALSE(ParseFigure("").has_value());
  TimelinessCounts c;
  c.carried_over = 2;
  c.received = 5;
  c.resolved_early = 1;
  c.resolved_late = 2;
  c.pending_overdue = 3;
  EXPECT_EQ(FigureValue(c, Figure::kTotal), 7);
  EXPECT_EQ(FigureValue(c, Figure::kResolved), 3);
  EXPECT_EQ(FigureValue(c, Figure::kPending), 3);

  // A dossier late by one second is "resolved_late"; received in the period, counted in total.
  const int64_t rec = At({2026, 7, 6}, 9), due = At({2026, 7, 10}, 17);
  TimelinessCounts one;
  EXPECT_EQ(OutcomeOf(Resolved(rec, due, due + 1), kQ3, one), "resolved_late");
  EXPECT_EQ(FigureValue(one, Figure::kReceived), 1);
  EXPECT_EQ(FigureValue(one, Figure::kTotal), 1);
  EXPECT_EQ(FigureValue(one, Figure::kResolved), 1);
  EXPECT_EQ(FigureValue(one, Figure::kPending), 0);
  // Still open past its due instant at the end of the quarter.
  auto open = *FactOf("in_process", rec, due, std::nullopt, std::nullopt, std::nullopt, rec);
  EXPECT_EQ(OutcomeOf(open, kQ3, one), "pending_overdue");
  // Received after the period: in no figure.
  auto later = *FactOf("in_process", At({2026, 10, 2}, 9), std::nullopt, std::nullopt, std::nullopt,
                       std::nullopt, At({2026, 10, 2}, 9));
  EXPECT_EQ(OutcomeOf(later, kQ3, one), "");
  EXPECT_EQ(one, TimelinessCounts{});
}

// The index's branch-free kernel counts exactly what Accumulate counts, for random facts of every
// kind (including none, and instants on the window's edges) in random windows.
TEST(TimelinessReport, AccumulateSlotsEqualsAccumulate) {
  uint64_t state = 88172645463325252ull;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const int32_t base = Min(StartOfLocalDay({2026, 1, 1}));
  auto instant = [&](const ReportWindow& w) -> int32_t {
    switch (next() % 8) {
      case 0:
        return kNoMinute;
      case 1:
        return w.from_min + static_cast<int32_t>(next() % 3) - 1;
      case 2:
        return w.to_min + static_cast<int32_t>(next() % 3) - 1;
      case 3:
        return w.as_of_min + static_cast<int32_t>(next() % 3) - 1;
      default:
        return base + static_cast<int32_t>(next() % 400000);
    }
  };
  for (int i = 0; i < 200000; ++i) {
    ReportWindow w;
    w.from_min = base + static_cast<int32_t>(next() % 300000);
    w.to_min = w.from_min + 1 + static_cast<int32_t>(next() % 100000);
    w.as_of_min = w.from_min - 50000 + static_cast<int32_t>(next() % 200000);
    DossierFact f;
    f.entry_min = instant(w);
    f.due_min = instant(w);
    f.close_min = instant(w);
    f.returned_min = instant(w);
    f.kind = static_cast<FactKind>(next() % 5);
    f.finish = static_cast<FinishClass>(next() % 5);
    TimelinessCounts expected;
    Accumulate(f, w, expected);
    int64_t acc[kCountSlots] = {};
    AccumulateSlots(f, SlotWindow(w), acc);
    ASSERT_EQ(CountsOfSlots(acc), expected) << i;
  }
}

}  // namespace
}  // namespace motcua::domain
