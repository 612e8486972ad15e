// Publication counts of the catalogue (số liệu công khai TTHC), as the seeds report them:
// "1,322 of 1,425 at the centre; 206 level 3, 99 level 4, 276 by post; 249 inter-agency; 32 same
// day".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/procedure_search.h"

namespace motcua::domain {

struct CatalogueStats {
  int total = 0;  // procedures in force (retired ones excluded)
  int retired = 0;
  int received_at_centre = 0;  // tiếp nhận, trả kết quả tại Trung tâm
  int decided_at_centre = 0;   // giải quyết ngay tại Trung tâm
  int online_full = 0;         // toàn trình
  int online_partial = 0;      // một phần
  int postal = 0;              // nhận hồ sơ hoặc trả kết quả qua bưu chính
  int postal_submission = 0;
  int postal_return = 0;
  int inter_agency = 0;                  // liên thông
  int same_day = 0;                      // giải quyết trong ngày
  std::map<std::string, int> by_agency;  // agency code (competent or implementing) -> count
  std::map<std::string, int> by_field;   // field code -> count
  std::map<std::string, int> by_level;   // ProcedureLevelName -> count
};

CatalogueStats ComputeCatalogueStats(const std::vector<CatalogueEntry>& entries);

// A field (lĩnh vực) with how many procedures in force it holds.
struct FieldSummary {
  std::string code;
  std::string name;
  int count = 0;
};
// Fields in name order (folded), from the procedures in force.
std::vector<FieldSummary> ListFields(const std::vector<CatalogueEntry>& entries);

}  // namespace motcua::domain
