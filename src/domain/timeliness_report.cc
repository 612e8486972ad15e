#include "domain/timeliness_report.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

#include "domain/dossier_state.h"

namespace motcua::domain {

FinishClass FinishClassOf(int64_t finished_at, std::optional<int64_t> due_at) {
  if (!due_at) return FinishClass::kNoDeadline;
  switch (ClassifyFinished(finished_at, *due_at)) {
    case Timeliness::kEarly:
      return FinishClass::kEarly;
    case Timeliness::kOnTime:
      return FinishClass::kOnTime;
    default:
      return FinishClass::kLate;
  }
}

std::optional<DossierFact> FactOf(std::string_view status, std::optional<int64_t> received_at,
                                  std::optional<int64_t> legal_due_at,
                                  std::optional<int64_t> due_at, std::optional<int64_t> finished_at,
                                  std::optional<int64_t> returned_at, int64_t updated_at) {
  auto state = ParseDossierState(status);
  if (!state) return std::nullopt;
  DossierFact f;
  std::optional<int64_t> due = legal_due_at ? legal_due_at : due_at;
  f.due_min = MinuteOf(due);
  f.entry_min = MinuteOf(received_at);
  f.returned_min = MinuteOf(returned_at);
  switch (*state) {
    case DossierState::kSubmitted:
    case DossierState::kIncomplete:
      return std::nullopt;
    case DossierState::kRefused:
      f.kind = FactKind::kRefused;
      f.entry_min = kNoMinute;
      f.close_min = MinuteOf(finished_at ? *finished_at : updated_at);
      return f;
    case DossierState::kFinished:
    case DossierState::kReturned:
      if (!received_at || !finished_at) return std::nullopt;
      f.kind = FactKind::kResolved;
      f.close_min = MinuteOf(finished_at);
      f.finish = FinishClassOf(*finished_at, due);
      return f;
    case DossierState::kWithdrawn:
    case DossierState::kStopped:
      if (!received_at) return std::nullopt;
      f.kind = *state == DossierState::kWithdrawn ? FactKind::kWithdrawn : FactKind::kStopped;
      f.close_min = MinuteOf(finished_at ? *finished_at : updated_at);
      return f;
    default:
      if (!received_at) return std::nullopt;
      f.kind = FactKind::kOpen;
      return f;
  }
}

TimelinessCounts CountsOfSlots(const int64_t* acc) {
  TimelinessCounts c;
  c.carried_over = acc[kSlotCarriedOver];
  c.received = acc[kSlotReceived];
  c.resolved_early = acc[kSlotEarly];
  c.resolved_on_time = acc[kSlotOnTime];
  c.resolved_late = acc[kSlotLate];
  c.resolved_no_deadline = acc[kSlotNoDeadline];
  c.pending_within_deadline = acc[kSlotWithin];
  c.pending_overdue = acc[kSlotOverdue];
  c.withdrawn = acc[kSlotWithdrawn];
  c.stopped = acc[kSlotStopped];
  c.refused = acc[kSlotRefused];
  c.returned = acc[kSlotReturned];
  return c;
}

void TimelinessCounts::Add(const TimelinessCounts& o) {
  carried_over += o.carried_over;
  received += o.received;
  resolved_early += o.resolved_early;
  resolved_on_time += o.resolved_on_time;
  resolved_late += o.resolved_late;
  resolved_no_deadline += o.resolved_no_deadline;
  pending_within_deadline += o.pending_within_deadline;
  pending_overdue += o.pending_overdue;
  withdrawn += o.withdrawn;
  stopped += o.stopped;
  refused += o.refused;
  returned += o.returned;
}

namespace {

constexpr std::pair<Figure, std::string_view> kFigureNames[] = {
    {Figure::kCarriedOver, "carried_over"},
    {Figure::kReceived, "received"},
    {Figure::kTotal, "total"},
    {Figure::kResolved, "resolved"},
    {Figure::kResolvedEarly, "resolved_early"},
    {Figure::kResolvedOnTime, "resolved_on_time"},
    {Figure::kResolvedLate, "resolved_late"},
    {Figure::kResolvedNoDeadline, "resolved_no_deadline"},
    {Figure::kPending, "pending"},
    {Figure::kPendingWithinDeadline, "pending_within_deadline"},
    {Figure::kPendingOverdue, "pending_overdue"},
    {Figure::kWithdrawn, "withdrawn"},
    {Figure::kStopped, "stopped"},
    {Figure::kRefused, "refused"},
    {Figure::kReturned, "returned"},
};

}  // namespace

std::optional<Figure> ParseFigure(std::string_view name) {
  for (const auto& [f, n] : kFigureNames)
    if (n == name) return f;
  return std::nullopt;
}

std::string_view FigureName(Figure f) {
  for (const auto& [g, n] : kFigureNames)
    if (g == f) return n;
  return {};
}

int64_t FigureValue(const TimelinessCounts& c, Figure f) {
  switch (f) {
    case Figure::kCarriedOver:
      return c.carried_over;
    case Figure::kReceived:
      return c.received;
    case Figure::kTotal:
      return c.total();
    case Figure::kResolved:
      return c.resolved();
    case Figure::kResolvedEarly:
      return c.resolved_early;
    case Figure::kResolvedOnTime:
      return c.resolved_on_time;
    case Figure::kResolvedLate:
      return c.resolved_late;
    case Figure::kResolvedNoDeadline:
      return c.resolved_no_deadline;
    case Figure::kPending:
      return c.pending();
    case Figure::kPendingWithinDeadline:
      return c.pending_within_deadline;
    case Figure::kPendingOverdue:
      return c.pending_overdue;
    case Figure::kWithdrawn:
      return c.withdrawn;
    case Figure::kStopped:
      return c.stopped;
    case Figure::kRefused:
      return c.refused;
    case Figure::kReturned:
      return c.returned;
  }
  return 0;
}

std::string_view OutcomeOf(const DossierFact& f, const ReportWindow& w, TimelinessCounts& one) {
  one = {};
  Accumulate(f, w, one);
  for (Figure g : {Figure::kResolvedEarly, Figure::kResolvedOnTime, Figure::kResolvedLate,
                   Figure::kResolvedNoDeadline, Figure::kPendingWithinDeadline,
                   Figure::kPendingOverdue, Figure::kWithdrawn, Figure::kStopped, Figure::kRefused})
    if (FigureValue(one, g) > 0) return FigureName(g);
  return {};
}

std::optional<double> Percent(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  // Integer arithmetic for the rounding so that 99.65 exactly rounds up, never down.
  int64_t tenths_x2 = numerator * 2000 / denominator;  // 2 × per-mille, floored
  int64_t tenths = (tenths_x2 + 1) / 2;                // half up
  return static_cast<double>(tenths) / 10.0;
}

TimelinessRates RatesOf(const TimelinessCounts& c) {
  TimelinessRates r;
  int64_t good = c.resolved_early + c.resolved_on_time + c.resolved_no_deadline;
  r.on_time_rate = Percent(good, c.resolved());
  r.early_or_on_time_of_total = Percent(good, c.total());
  r.early_rate = Percent(c.resolved_early, c.resolved());
  r.late_rate = Percent(c.resolved_late, c.resolved());
  r.resolved_rate = Percent(c.resolved(), c.total());
  r.overdue_rate = Percent(c.pending_overdue, c.pending());
  return r;
}

std::optional<PeriodUnit> ParsePeriodUnit(std::string_view name) {
  if (name == "day") return PeriodUnit::kDay;
  if (name == "month") return PeriodUnit::kMonth;
  if (name == "quarter") return PeriodUnit::kQuarter;
  if (name == "year") return PeriodUnit::kYear;
  return std::nullopt;
}

namespace {

LocalDate NextUnitStart(LocalDate d, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::kDay:
      return d.AddDays(1);
    case PeriodUnit::kMonth:
      return d.month == 12 ? LocalDate{d.year + 1, 1, 1} : LocalDate{d.year, d.month + 1, 1};
    case PeriodUnit::kQuarter: {
      int q = (d.month - 1) / 3;
      return q == 3 ? LocalDate{d.year + 1, 1, 1} : LocalDate{d.year, q * 3 + 4, 1};
    }
    case PeriodUnit::kYear:
      return LocalDate{d.year + 1, 1, 1};
  }
  return d.AddDays(1);
}

std::string LabelOf(LocalDate d, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::kDay:
      return d.ToString();
    case PeriodUnit::kMonth:
      return fmt::format("{:04}-{:02}", d.year, d.month);
    case PeriodUnit::kQuarter:
      return fmt::format("{:04}Q{}", d.year, (d.month - 1) / 3 + 1);
    case PeriodUnit::kYear:
      return fmt::format("{:04}", d.year);
  }
  return {};
}

}  // namespace

std::vector<Period> SplitPeriod(LocalDate from, LocalDate to, PeriodUnit unit) {
  std::vector<Period> out;
  LocalDate d = from;
  while (d < to) {
    LocalDate next = NextUnitStart(d, unit);
    if (to < next) next = to;
    out.push_back({d, next, LabelOf(d, unit)});
    d = next;
  }
  return out;
}

Result<Period> ParseQuarterOrYear(std::string_view text) {
  auto bad = [] { return Status::InvalidArgument("invalid_quarter", "quarter"); };
  if (text.size() != 4 && text.size() != 6) return bad();
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    year = year * 10 + (text[i] - '0');
  }
  if (year < 1990 || year > 2100) return bad();
  if (text.size() == 4) {
    return Period{{year, 1, 1}, {year + 1, 1, 1}, fmt::format("{:04}", year)};
  }
  if ((text[4] != 'Q' && text[4] != 'q') || text[5] < '1' || text[5] > '4') return bad();
  int q = text[5] - '0';
  LocalDate from{year, (q - 1) * 3 + 1, 1};
  return Period{from, NextUnitStart(from, PeriodUnit::kQuarter), fmt::format("{:04}Q{}", year, q)};
}

}  // namespace motcua::domain
