// Due-instant computations per second: random start instants of 1995–2050 and 1–60 working days,
// on the precomputed working-day index versus a naive day-by-day walk over the same calendar.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "domain/calendar_decisions.h"
#include "domain/working_calendar.h"

namespace {

using motcua::domain::LocalDate;
using motcua::domain::WorkingCalendar;

const WorkingCalendar& Calendar() {
  static const WorkingCalendar* c = [] {
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/calendar/vn-decisions.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto decisions = motcua::domain::ParseCalendarDecisions(ss.str());
    std::vector<motcua::domain::YearDecision> d;
    if (decisions.ok()) d = *decisions;
    return new WorkingCalendar(*WorkingCalendar::Build(motcua::domain::OfficeHours::Default(), d));
  }();
  return *c;
}

struct Query {
  int64_t start;
  int64_t days;
};

const std::vector<Query>& Queries() {
  static const std::vector<Query>* q = [] {
    auto* v = new std::vector<Query>;
    std::mt19937_64 rng(42);
    const int64_t lo = motcua::domain::StartOfLocalDay({1995, 1, 1});
    const int64_t hi = motcua::domain::StartOfLocalDay({2050, 12, 31});
    std::uniform_int_distribution<int64_t> instant(lo, hi);
    std::uniform_int_distribution<int64_t> days(1, 60);
    for (int i = 0; i < 1 << 16; ++i) v->push_back({instant(rng), days(rng)});
    return v;
  }();
  return *q;
}

// Reference: walk day by day and session by session.
int64_t NaiveDue(const WorkingCalendar& c, int64_t start, int64_t seconds) {
  LocalDate day = motcua::domain::LocalDateOf(start);
  int64_t t = start;
  for (;;) {
    if (c.IsWorkingDay(day)) {
      const int64_t midnight = motcua::domain::StartOfLocalDay(day);
      for (const auto& s : c.office_hours().sessions) {
        const int64_t open = midnight + s.open_minute * 60, close = midnight + s.close_minute * 60;
        if (close <= t) continue;
        const int64_t from = std::max(open, t);
        if (close - from >= seconds) return from + seconds;
        seconds -= close - from;
      }
    }
    day = day.AddDays(1);
    t = motcua::domain::StartOfLocalDay(day);
  }
}

void BM_DueIndexed(benchmark::State& state) {
  const WorkingCalendar& c = Calendar();
  const auto& q = Queries();
  size_t i = 0;
  for (auto _ : state) {
    const Query& k = q[i++ & (q.size() - 1)];
    benchmark::DoNotOptimize(c.AddWorkingDays(k.start, k.days));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DueIndexed);

void BM_DueNaive(benchmark::State& state) {
  const WorkingCalendar& c = Calendar();
  const auto& q = Queries();
  size_t i = 0;
  for (auto _ : state) {
    const Query& k = q[i++ & (q.size() - 1)];
    benchmark::DoNotOptimize(NaiveDue(c, k.start, k.days * c.OfficeDaySeconds()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DueNaive);

}  // namespace

BENCHMARK_MAIN();
