// Loading the national database of administrative procedures (data/catalogue/national: three
// .jsonl.xz files) into the catalogue, in one transaction, with a parse report per code.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/national_catalogue.h"
#include "service/catalogue_service.h"
#include "service/principal.h"
#include "storage/database.h"

namespace motcua::service {

struct NationalImportOptions {
  std::string dir;  // holds catalogue.jsonl.xz, details_text.jsonl.xz, details_structured...
  // The deployment's province ("Bắc Ninh", "UBND tỉnh Bắc Ninh"): its province-specific
  // procedures are loaded, other provinces' are not. Empty: none of them.
  std::string province;
  std::string effective_from;  // YYYY-MM-DD: the day the imported versions apply from
  // Any error in the parse report (a value that could not be read, a rejected row) fails the
  // import; by default such values are left "not published" and reported.
  bool strict = false;
};

struct NationalImportResult {
  int lines = 0;           // rows of catalogue.jsonl
  int created = 0;         // new procedures
  int updated = 0;         // a new version effective from options.effective_from
  int unchanged = 0;       // same content as the current version
  int kept_local = 0;      // codes already written locally (with a workflow): left as they are
  int other_province = 0;  // province-specific rows of another province: not loaded
  int rejected = 0;        // rows that cannot be keyed or do not validate: not loaded
  std::vector<domain::ParseProblem> problems;
  int Errors() const;
};

// Reads and parses everything first; a line that is not JSON in any file fails the import
// (malformed_line, naming the file and line) and nothing is written. Then, in one transaction:
// new codes are inserted (version 1), national procedures whose content changed get a new
// version from options.effective_from (refused with effective_from_too_early when that is not
// after the current version's), identical ones are left alone, so importing the same files
// again changes nothing. Procedures written locally (source other than "national", e.g. the
// shipped demo catalogue with its workflows) win over the national data. Refreshes the index.
// `actor` null is the system (CLI, first start); otherwise it must be an administrator.
Result<NationalImportResult> ImportNationalCatalogue(storage::Database& db, const Clock& clock,
                                                     CatalogueService& catalogue,
                                                     const NationalImportOptions& options,
                                                     const Principal* actor = nullptr);

// The parse report as CSV (UTF-8 with BOM): code, field, severity, problem, raw.
std::string ParseReportCsv(const std::vector<domain::ParseProblem>& problems);

}  // namespace motcua::service
