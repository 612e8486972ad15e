#include "domain/timeliness.h"

#include <array>

#include "domain/local_date.h"

namespace motcua::domain {
namespace {

struct Info {
  Timeliness t;
  std::string_view name;
  std::string_view label_vi;
};

constexpr std::array<Info, 5> kInfo = {{
    {Timeliness::kEarly, "early", "Trước hạn"},
    {Timeliness::kOnTime, "on_time", "Đúng hạn"},
    {Timeliness::kLate, "late", "Quá hạn"},
    {Timeliness::kPendingWithinDeadline, "pending", "Đang giải quyết trong hạn"},
    {Timeliness::kPendingOverdue, "overdue", "Đang giải quyết quá hạn"},
}};

}  // namespace

int64_t VietnamDayOf(int64_t instant) { return LocalDateOf(instant).DayNumber(); }

Timeliness ClassifyFinished(int64_t finished_at, int64_t due_at, const DayOf& day_of) {
  if (finished_at > due_at) return Timeliness::kLate;
  // Same-day completion counts as on time, not early: the appointment is a date given to the
  // applicant, and being ready on that date is what was promised (decision 0003).
  return day_of(finished_at) < day_of(due_at) ? Timeliness::kEarly : Timeliness::kOnTime;
}

Timeliness ClassifyPending(int64_t now, int64_t due_at) {
  return now > due_at ? Timeliness::kPendingOverdue : Timeliness::kPendingWithinDeadline;
}

std::optional<Timeliness> Classify(std::optional<int64_t> finished_at,
                                   std::optional<int64_t> due_at, int64_t now,
                                   const DayOf& day_of) {
  if (!due_at) return std::nullopt;
  if (finished_at) return ClassifyFinished(*finished_at, *due_at, day_of);
  return ClassifyPending(now, *due_at);
}

bool IsFinishedTimeliness(Timeliness t) {
  return t == Timeliness::kEarly || t == Timeliness::kOnTime || t == Timeliness::kLate;
}

std::string_view TimelinessName(Timeliness t) {
  for (const auto& i : kInfo)
    if (i.t == t) return i.name;
  return "";
}

std::optional<Timeliness> ParseTimeliness(std::string_view name) {
  for (const auto& i : kInfo)
    if (i.name == name) return i.t;
  return std::nullopt;
}

std::string_view TimelinessLabelVi(Timeliness t) {
  for (const auto& i : kInfo)
    if (i.t == t) return i.label_vi;
  return "";
}

}  // namespace motcua::domain
