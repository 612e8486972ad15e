// Suggested counter allocation at a one-stop centre (phân bổ quầy): how many reception counters
// each field (lĩnh vực) should have, from the dossiers it received over recent working days.
// Fields with too little demand to keep an officer busy share the general counter (quầy tổng
// hợp) instead of each holding a counter of its own. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::domain {

// Handling time at the counter when a field has no measured average (minutes per dossier).
inline constexpr double kDefaultCounterMinutesPerDossier = 15.0;

struct FieldDemand {
  std::string field_code;
  std::string field_name;
  int64_t dossiers = 0;              // received over the period
  double minutes_per_dossier = 0.0;  // 0: kDefaultCounterMinutesPerDossier
};

struct AllocationOptions {
  int working_days = 1;  // working days the dossiers were received over (≥ 1)
  int counters = 1;      // counters to allocate (≥ 1)
  // A field whose proportional share is below this many counters is grouped onto the general
  // counter rather than given one of its own.
  double min_counter_share = 0.5;
};

struct FieldAllocation {
  std::string field_code;
  std::string field_name;
  double daily_dossiers = 0;  // dossiers per working day
  double daily_minutes = 0;   // expected counter minutes per working day
  double share = 0;           // proportional (unrounded) number of counters
  int counters = 0;           // counters of its own (0 when on the general counter or no demand)
  bool on_general = false;    // served at the general counter
};

struct CounterAllocation {
  std::vector<FieldAllocation> fields;  // in the input's order
  int general_counters = 0;             // counters of the shared quầy tổng hợp
  // Sum of the fields' own counters plus general_counters always equals options.counters.
};

// Largest-remainder proportional allocation of the expected daily counter load. Every field with
// demand is covered (its own counter or the general one); fields are grouped onto the general
// counter when their share is below the threshold, or, smallest first, when there are more
// fields than counters. With no demand at all every counter is general. Fails with
// invalid_argument (field "counters", "working_days" or "dossiers") on bad input.
Result<CounterAllocation> AllocateCounters(const std::vector<FieldDemand>& demand,
                                           const AllocationOptions& options);

}  // namespace motcua::domain
