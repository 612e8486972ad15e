// Timeliness (tình trạng đúng hạn) of a dossier or of one workflow step: whether it ended before,
// on or after its due date — the basis of every on-time rate and of attributing lateness to the
// agency whose step caused it (domain.md §3; the rule is fixed in docs/decisions/0003).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace motcua::domain {

enum class Timeliness {
  kEarly,                  // trước hạn: finished on a day before the due date
  kOnTime,                 // đúng hạn: finished on the due date, at or before the due instant
  kLate,                   // quá hạn / trễ hạn: finished after the due instant
  kPendingWithinDeadline,  // đang giải quyết trong hạn
  kPendingOverdue,         // đang giải quyết quá hạn
};

// Maps an instant (Unix seconds) to a day number; two instants are on the same day when they map
// to the same number. The default is the Vietnam local day (UTC+7).
using DayOf = std::function<int64_t(int64_t)>;
int64_t VietnamDayOf(int64_t instant);

// Classifies something that ended at `finished_at` and was due at `due_at`:
//   late     if finished_at > due_at;
//   on time  if finished_at <= due_at and on the same day as due_at;
//   early    if on an earlier day.
// "On the due date" means the due instant's day, not a window of 24 hours before it.
Timeliness ClassifyFinished(int64_t finished_at, int64_t due_at,
                            const DayOf& day_of = VietnamDayOf);

// Classifies something still open at `now`: overdue once `now` is past `due_at`.
Timeliness ClassifyPending(int64_t now, int64_t due_at);

// Either of the above: finished when `finished_at` is set. A missing due instant (a procedure
// without a time limit) is never late: nullopt.
std::optional<Timeliness> Classify(std::optional<int64_t> finished_at,
                                   std::optional<int64_t> due_at, int64_t now,
                                   const DayOf& day_of = VietnamDayOf);

bool IsFinishedTimeliness(Timeliness t);  // early, on time or late
// Early or on time: what the on-time rates count (e.g. "99.7 % early or on time").
inline bool IsEarlyOrOnTime(Timeliness t) {
  return t == Timeliness::kEarly || t == Timeliness::kOnTime;
}

std::string_view TimelinessName(Timeliness t);  // "early", "on_time", "late", "pending", "overdue"
std::optional<Timeliness> ParseTimeliness(std::string_view name);
std::string_view TimelinessLabelVi(Timeliness t);  // "Trước hạn", "Đúng hạn", ...

}  // namespace motcua::domain
