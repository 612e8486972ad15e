#include "domain/counter_allocation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace motcua::domain {
namespace {

// A group that gets counters: one field of its own, or the general counter (index -1).
struct Group {
  int field = -1;
  double load = 0;
  double quota = 0;
  int seats = 0;
};

// Largest remainder with at least one seat per group; groups.size() <= counters.
void Apportion(std::vector<Group>& groups, int counters) {
  double total = 0;
  for (const auto& g : groups) total += g.load;
  int used = 0;
  for (auto& g : groups) {
    g.quota = total > 0 ? g.load / total * counters : 0;
    g.seats = std::max(1, static_cast<int>(std::floor(g.quota)));
    used += g.seats;
  }
  // The floor of each quota leaves seats over: the largest remainders take them (ties: larger
  // load, then input order, so the result does not depend on floating-point noise).
  while (used < counters) {
    Group* best = nullptr;
    for (auto& g : groups) {
      if (!best) {
        best = &g;
        continue;
      }
      double rg = g.quota - g.seats, rb = best->quota - best->seats;
      if (rg > rb + 1e-9 || (std::abs(rg - rb) <= 1e-9 && g.load > best->load + 1e-9)) best = &g;
    }
    ++best->seats;
    ++used;
  }
  // The minimum of one seat may overshoot: take back from the group least loaded per seat.
  while (used > counters) {
    Group* worst = nullptr;
    for (auto& g : groups) {
      if (g.seats <= 1) continue;
      if (!worst || g.quota / g.seats < worst->quota / worst->seats - 1e-9) worst = &g;
    }
    if (!worst) break;  // cannot happen: groups.size() <= counters
    --worst->seats;
    --used;
  }
}

}  // namespace

Result<CounterAllocation> AllocateCounters(const std::vector<FieldDemand>& demand,
                                           const AllocationOptions& options) {
  if (options.counters < 1) return Status::InvalidArgument("invalid_argument", "counters");
  if (options.working_days < 1) return Status::InvalidArgument("invalid_argument", "working_days");
  CounterAllocation out;
  double total = 0;
  for (const auto& d : demand) {
    if (d.dossiers < 0 || d.minutes_per_dossier < 0)
      return Status::InvalidArgument("invalid_argument", "dossiers");
    FieldAllocation f;
    f.field_code = d.field_code;
    f.field_name = d.field_name;
    f.daily_dossiers = static_cast<double>(d.dossiers) / options.working_days;
    double minutes =
        d.minutes_per_dossier > 0 ? d.minutes_per_dossier : kDefaultCounterMinutesPerDossier;
    f.daily_minutes = f.daily_dossiers * minutes;
    total += f.daily_minutes;
    out.fields.push_back(std::move(f));
  }
  if (total <= 0) {
    out.general_counters = options.counters;
    return out;
  }
  for (auto& f : out.fields) f.share = f.daily_minutes / total * options.counters;

  // Fields with demand, largest load first; those below the threshold go to the general counter.
  std::vector<int> own;
  for (int i = 0; i < static_cast<int>(out.fields.size()); ++i) {
    const auto& f = out.fields[i];
    if (f.daily_minutes <= 0) continue;
    if (f.share < options.min_counter_share) {
      out.fields[i].on_general = true;
    } else {
      own.push_back(i);
    }
  }
  std::stable_sort(own.begin(), own.end(), [&](int a, int b) {
    return out.fields[a].daily_minutes > out.fields[b].daily_minutes;
  });
  auto any_general = [&] {
    return std::any_of(out.fields.begin(), out.fields.end(),
                       [](const FieldAllocation& f) { return f.on_general; });
  };
  // More groups than counters: the smallest fields join the general counter. A single field
  // left alone on the general counter is simply that field's counter.
  while (!own.empty() &&
         static_cast<int>(own.size()) + (any_general() ? 1 : 0) > options.counters) {
    out.fields[own.back()].on_general = true;
    own.pop_back();
  }

  std::vector<Group> groups;
  for (int i : own) groups.push_back(Group{i, out.fields[i].daily_minutes});
  if (any_general()) {
    Group general;
    for (const auto& f : out.fields) {
      if (f.on_general) general.load += f.daily_minutes;
    }
    groups.push_back(general);
  }
  Apportion(groups, options.counters);
  for (const auto& g : groups) {
    if (g.field < 0) {
      out.general_counters = g.seats;
    } else {
      out.fields[g.field].counters = g.seats;
    }
  }
  return out;
}

}  // namespace motcua::domain
