// The counter workload of a one-stop centre (khối lượng tiếp nhận): dossiers received per field,
// per day and per receiving officer, with a suggested counter allocation beside the counters as
// they are set up today. For leaders, monitors and admins, within their agency subtree.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/counter_allocation.h"
#include "domain/local_date.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/principal.h"
#include "storage/agency_store.h"
#include "storage/database.h"

namespace motcua::service {

// The longest period one report covers.
inline constexpr int kMaxWorkloadDays = 366;

struct WorkloadQuery {
  domain::LocalDate from;                  // first day
  domain::LocalDate to;                    // last day (inclusive)
  std::optional<std::string> agency_code;  // default: the caller's agency
  int counters = 0;                        // 0: the active counters in scope (at least 1)
  double min_counter_share = 0.5;          // see domain::AllocationOptions
};

struct WorkloadField {
  std::string code;
  std::string name;
  int64_t total = 0;
  std::vector<int64_t> per_day;  // aligned with WorkloadReport::days
  int current_counters = 0;      // counters set up today that list this field
  domain::FieldAllocation suggested;
};

struct WorkloadOfficer {
  std::optional<int64_t> user_id;  // null: receiving officer unknown
  std::string name;
  std::string username;
  int64_t total = 0;
  std::vector<int64_t> per_day;  // aligned with WorkloadReport::days
};

struct WorkloadReport {
  domain::LocalDate from;
  domain::LocalDate to;
  std::string agency_code;
  std::string agency_name;
  std::vector<domain::LocalDate> days;
  std::vector<bool> working;  // aligned with days
  int working_days = 0;       // working days in the period (at least 1 for the averages)
  int counters = 0;           // counters allocated
  int64_t total = 0;
  std::vector<WorkloadField> fields;                     // by total, largest first
  std::vector<WorkloadOfficer> officers;                 // by total, largest first
  std::vector<storage::CounterRecord> current_counters;  // active counters in scope
  int general_counters = 0;                              // suggested quầy tổng hợp
};

class WorkloadService {
 public:
  WorkloadService(storage::Database& db, CalendarService& calendar,
                  const CatalogueService& catalogue)
      : db_(db), calendar_(calendar), catalogue_(catalogue) {}

  // forbidden for other roles; agency_scope when the agency is outside the caller's subtree;
  // unknown_agency (field agency); invalid_argument with field "to" (to before from), "from"
  // (longer than kMaxWorkloadDays) or "counters" (outside 1..200 when given).
  Result<WorkloadReport> Workload(const Principal& actor, const WorkloadQuery& q);

 private:
  storage::Database& db_;
  CalendarService& calendar_;
  const CatalogueService& catalogue_;
};

// {"from","to","agency":{code,name},"days":[{date,working}],"working_days","counters","total",
//  "fields":[{code,name,total,per_day,current_counters,suggested_counters,on_general_counter,
//  daily_dossiers,share}],"officers":[...],"current_counters":[...],
//  "suggested":{"general_counters"}}
boost::json::object WorkloadReportJson(const WorkloadReport& r);

}  // namespace motcua::service
