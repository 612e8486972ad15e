// Timeliness report (báo cáo tình hình giải quyết hồ sơ): how the dossiers of a period were
// handled — received and carried over, resolved early / on time / late, still pending within or
// past their deadline, withdrawn, stopped, refused, returned — and the rates derived from them.
// Pure: the service feeds it facts from the dossier tables (docs/reports.md has every formula).
//
// The report works to the minute: every instant is truncated to its minute (floor(t / 60)), the
// period [from, to) and the `as_of` instant are whole minutes. Whether a finished dossier was
// early, on time or late is decided to the second beforehand (docs/decisions/0003), so it does
// not depend on the truncation.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/local_date.h"
#include "domain/timeliness.h"

namespace motcua::domain {

inline constexpr int32_t kNoMinute = std::numeric_limits<int32_t>::max();

// Minutes since the Unix epoch (floor), kNoMinute for none.
inline int32_t MinuteOf(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return kNoMinute;
  int64_t s = *unix_seconds;
  return static_cast<int32_t>(s >= 0 ? s / 60 : (s - 59) / 60);
}

// How a dossier stands now (its current status), for the report.
enum class FactKind : uint8_t {
  kOpen,       // received, in process, waiting for a supplement or a payment
  kResolved,   // finished or returned: a result (approval or written refusal) exists
  kWithdrawn,  // rút hồ sơ
  kStopped,    // dừng giải quyết (Mẫu 05)
  kRefused,    // từ chối tiếp nhận (Mẫu 03): never entered the register
};

// Timeliness of a resolved dossier, decided to the second (ClassifyFinished).
enum class FinishClass : uint8_t { kNone, kEarly, kOnTime, kLate, kNoDeadline };

// The compact facts of one dossier the report needs.
struct DossierFact {
  int32_t entry_min = kNoMinute;     // received_at; kNoMinute when never received
  int32_t due_min = kNoMinute;       // legal due instant (pauses, no extension)
  int32_t close_min = kNoMinute;     // when it was resolved / withdrawn / stopped / refused
  int32_t returned_min = kNoMinute;  // result handed over
  FactKind kind = FactKind::kOpen;
  FinishClass finish = FinishClass::kNone;
};

// Builds the facts from the dossier columns (Unix seconds). `status` is a DossierStateName;
// dossiers not yet received (submitted, incomplete) give nullopt: they are not in any report.
// The closing instant is finished_at, or updated_at for withdrawn/stopped/refused dossiers
// without one; the due instant is legal_due_at, or due_at when the former is unset.
std::optional<DossierFact> FactOf(std::string_view status, std::optional<int64_t> received_at,
                                  std::optional<int64_t> legal_due_at,
                                  std::optional<int64_t> due_at, std::optional<int64_t> finished_at,
                                  std::optional<int64_t> returned_at, int64_t updated_at);
FinishClass FinishClassOf(int64_t finished_at, std::optional<int64_t> due_at);

// A report period [from, to) with the instant `as_of` at which it is judged, in minutes.
struct ReportWindow {
  int32_t from_min = 0;
  int32_t to_min = 0;
  int32_t as_of_min = 0;
  // Pending dossiers are judged at min(as_of, to).
  int32_t judge_min() const { return as_of_min < to_min ? as_of_min : to_min; }
};

struct TimelinessCounts {
  int64_t carried_over = 0;  // received before `from`, still open at `from`
  int64_t received = 0;      // received in [from, to)
  int64_t resolved_early = 0;
  int64_t resolved_on_time = 0;
  int64_t resolved_late = 0;
  int64_t resolved_no_deadline = 0;  // procedures without a legal time limit
  int64_t pending_within_deadline = 0;
  int64_t pending_overdue = 0;
  int64_t withdrawn = 0;
  int64_t stopped = 0;
  int64_t refused = 0;   // refused at reception in the period (not in `total`)
  int64_t returned = 0;  // results handed over in the period

  int64_t total() const { return carried_over + received; }
  int64_t resolved() const {
    return resolved_early + resolved_on_time + resolved_late + resolved_no_deadline;
  }
  int64_t pending() const { return pending_within_deadline + pending_overdue; }
  void Add(const TimelinessCounts& o);
  bool operator==(const TimelinessCounts&) const = default;
};

// Adds one dossier to `counts` (see docs/reports.md, "Classification"). Inline: the in-memory
// index calls it for millions of rows per report.
inline void Accumulate(const DossierFact& f, const ReportWindow& w, TimelinessCounts& c) {
  const int32_t cut_to = w.to_min;
  const int32_t as_of = w.as_of_min;
  const bool close_counted =
      f.close_min != kNoMinute && f.close_min < cut_to && f.close_min <= as_of;
  if (f.kind == FactKind::kRefused) {
    if (close_counted && f.close_min >= w.from_min) ++c.refused;
    return;
  }
  if (f.entry_min == kNoMinute || f.entry_min >= cut_to || f.entry_min > as_of) return;
  if (close_counted && f.close_min < w.from_min) return;  // closed before the period
  if (f.entry_min < w.from_min) {
    ++c.carried_over;
  } else {
    ++c.received;
  }
  if (f.returned_min != kNoMinute && f.returned_min >= w.from_min && f.returned_min < cut_to &&
      f.returned_min <= as_of) {
    ++c.returned;
  }
  if (close_counted) {
    switch (f.kind) {
      case FactKind::kResolved:
        switch (f.finish) {
          case FinishClass::kEarly:
            ++c.resolved_early;
            break;
          case FinishClass::kOnTime:
            ++c.resolved_on_time;
            break;
          case FinishClass::kLate:
            ++c.resolved_late;
            break;
          default:
            ++c.resolved_no_deadline;
            break;
        }
        return;
      case FactKind::kWithdrawn:
        ++c.withdrawn;
        return;
      case FactKind::kStopped:
        ++c.stopped;
        return;
      default:
        break;
    }
  }
  if (f.due_min != kNoMinute && w.judge_min() > f.due_min) {
    ++c.pending_overdue;
  } else {
    ++c.pending_within_deadline;
  }
}

// The same classification without branches, for the in-memory index's scan over millions of
// rows (branches on random outcomes mispredict; these compile to compares and conditional moves).
// The counters of TimelinessCounts in declaration order:
enum CountSlot : uint8_t {
  kSlotCarriedOver,
  kSlotReceived,
  kSlotEarly,
  kSlotOnTime,
  kSlotLate,
  kSlotNoDeadline,
  kSlotWithin,
  kSlotOverdue,
  kSlotWithdrawn,
  kSlotStopped,
  kSlotRefused,
  kSlotReturned,
  kCountSlots
};
// Where a dossier of this kind and finish class counts once closed in the window; kSlotWithin
// for one that is judged as pending even then (kOpen).
constexpr uint8_t ClosedSlotOf(FactKind kind, FinishClass finish) {
  switch (kind) {
    case FactKind::kResolved:
      return finish == FinishClass::kEarly    ? kSlotEarly
             : finish == FinishClass::kOnTime ? kSlotOnTime
             : finish == FinishClass::kLate   ? kSlotLate
                                              : kSlotNoDeadline;
    case FactKind::kWithdrawn:
      return kSlotWithdrawn;
    case FactKind::kStopped:
      return kSlotStopped;
    case FactKind::kRefused:
      return kSlotRefused;
    default:
      return kSlotWithin;
  }
}
// A window as the bounds AccumulateSlots compares with: an instant counts when it is before
// `cut` = min(to, as_of + 1); a dossier closed before `lo` = min(cut, from) is out.
struct SlotWindow {
  int32_t from, cut, lo, judge;
  explicit SlotWindow(const ReportWindow& w)
      : from(w.from_min),
        cut(w.as_of_min < w.to_min ? w.as_of_min + 1 : w.to_min),
        lo(from < cut ? from : cut),
        judge(w.judge_min()) {}
};
inline constexpr auto kClosedSlots = [] {
  std::array<uint8_t, 256> t{};
  for (int k = 0; k < 16; ++k)
    for (int f = 0; f < 16; ++f)
      t[k * 16 + f] = ClosedSlotOf(static_cast<FactKind>(k), static_cast<FinishClass>(f));
  return t;
}();
// Adds one dossier to acc[kCountSlots]: exactly what Accumulate adds (the domain test compares
// them over random facts and windows).
inline void AccumulateSlots(const DossierFact& f, const SlotWindow& w, int64_t* acc) {
  const bool refused = f.kind == FactKind::kRefused;
  const int64_t inside = !refused & (f.entry_min < w.cut) & (f.close_min >= w.lo);
  acc[f.entry_min < w.from ? kSlotCarriedOver : kSlotReceived] += inside;
  acc[kSlotReturned] += inside & (f.returned_min >= w.from) & (f.returned_min < w.cut);
  const uint8_t closed = kClosedSlots[(static_cast<unsigned>(f.kind) & 15) * 16 +
                                      (static_cast<unsigned>(f.finish) & 15)];
  const unsigned pending = f.due_min < w.judge ? kSlotOverdue : kSlotWithin;
  acc[f.close_min < w.cut && closed != kSlotWithin ? closed : pending] += inside;
  acc[kSlotRefused] += refused & (f.close_min >= w.from) & (f.close_min < w.cut);
}
// acc[kCountSlots] as counts.
TimelinessCounts CountsOfSlots(const int64_t* acc);

// A figure of the report, for the list of dossiers behind it (drill-down). The composite ones
// (total, resolved, pending) are sums of exclusive counts, so one dossier contributes 0 or 1 to
// every figure.
enum class Figure : uint8_t {
  kCarriedOver,
  kReceived,
  kTotal,
  kResolved,
  kResolvedEarly,
  kResolvedOnTime,
  kResolvedLate,
  kResolvedNoDeadline,
  kPending,
  kPendingWithinDeadline,
  kPendingOverdue,
  kWithdrawn,
  kStopped,
  kRefused,
  kReturned,
};
// "received", "resolved_early", ... (the JSON member names); nullopt otherwise.
std::optional<Figure> ParseFigure(std::string_view name);
std::string_view FigureName(Figure f);
// The value of `f` in `c`.
int64_t FigureValue(const TimelinessCounts& c, Figure f);
// How one dossier ends up in the report of window `w`: the name of its outcome figure
// ("resolved_early", ..., "pending_overdue", "withdrawn", "stopped", "refused"), or "" when it is
// not in the report at all. `one` receives its counts (Accumulate into zeros).
std::string_view OutcomeOf(const DossierFact& f, const ReportWindow& w, TimelinessCounts& one);

// A rate as a percentage rounded half up to one decimal (99.65… → 99.7); nullopt when the
// denominator is 0.
std::optional<double> Percent(int64_t numerator, int64_t denominator);

struct TimelinessRates {
  // (early + on time + no deadline) / resolved: the on-time rate of what was resolved.
  std::optional<double> on_time_rate;
  // (early + on time + no deadline) / total: the seeds' "8,035 of 8,063 early or on time".
  std::optional<double> early_or_on_time_of_total;
  std::optional<double> early_rate;     // early / resolved
  std::optional<double> late_rate;      // late / resolved
  std::optional<double> resolved_rate;  // resolved / total
  std::optional<double> overdue_rate;   // pending overdue / pending
};
TimelinessRates RatesOf(const TimelinessCounts& c);

// Period arithmetic.
enum class PeriodUnit { kDay, kMonth, kQuarter, kYear };
std::optional<PeriodUnit> ParsePeriodUnit(std::string_view name);  // "day", "month", ...
struct Period {
  LocalDate from;     // inclusive
  LocalDate to;       // exclusive
  std::string label;  // "2026-07-14", "2026-07", "2026Q3", "2026"
};
// Splits [from, to) into calendar units (the first and last may be partial).
std::vector<Period> SplitPeriod(LocalDate from, LocalDate to, PeriodUnit unit);
// "2026Q3" → [2026-07-01, 2026-10-01); "2026" → the year. invalid_argument otherwise.
Result<Period> ParseQuarterOrYear(std::string_view text);

}  // namespace motcua::domain
