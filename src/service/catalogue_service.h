// The procedure catalogue (danh mục TTHC): publication, search, counts, administration and
// import/export. Reads go to an in-memory index rebuilt after every change; writes are one
// transaction each, admin only, audited.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/catalogue_stats.h"
#include "domain/procedure.h"
#include "domain/procedure_search.h"
#include "service/principal.h"
#include "storage/catalogue_store.h"
#include "storage/database.h"

namespace motcua::service {

// A page of search results; `index` keeps the entries the hits point to alive.
struct CatalogueSearchResult {
  std::shared_ptr<const domain::ProcedureIndex> index;
  domain::ProcedurePage page;
};

struct ProcedureDetail {
  domain::CatalogueEntry entry;
  std::vector<storage::ProcedureVersionRow> versions;  // oldest first (documents included)
};

// A version as a dossier sees it: the one in force on the day it was received.
struct ProcedureVersion {
  int version = 0;
  std::string effective_from;
  std::optional<std::string> effective_to;
  domain::Procedure procedure;
};

enum class CatalogueFormat { kJson, kCsv };

struct ImportReport {
  int created = 0;
  int updated = 0;    // a new version was added
  int unchanged = 0;  // identical to the current version
};

class CatalogueService {
 public:
  CatalogueService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Rebuilds the in-memory index from the database (called by the writes below; call once at
  // start-up when nothing was loaded).
  Status Reload();

  // At start-up: when the catalogue is empty, loads the shipped JSON file (data/procedures/
  // catalogue.json: {"procedures":[...]}) in one transaction as version 1 of each procedure,
  // created by "system". Every procedure must pass ValidateProcedure; agency codes are not
  // checked against the organisation (the file may be loaded before any agency exists).
  // Returns how many were loaded (0 when the catalogue already had procedures). Refreshes the
  // index.
  Result<int> LoadShippedIfEmpty(const std::string& path);

  // Public reads, from the index.
  CatalogueSearchResult Search(const domain::ProcedureQuery& query) const;
  std::shared_ptr<const domain::ProcedureIndex> Index() const;
  domain::CatalogueStats Stats() const;
  std::vector<domain::FieldSummary> Fields() const;
  // The current version with every version's history; unknown_procedure (404) otherwise.
  Result<ProcedureDetail> Get(const std::string& code) const;
  // The version in force on `day` (YYYY-MM-DD); unknown_procedure when none was yet in force.
  Result<ProcedureVersion> VersionOn(const std::string& code, const std::string& day) const;

  // Admin only. Validates (422 with the field and a Vietnamese message), checks that agency
  // codes referenced exist (unknown_agency), inserts version 1. already_exists (409) if taken.
  Result<domain::CatalogueEntry> Create(const Principal& actor, const domain::Procedure& p);
  // Admin only. Adds a new version effective from p.effective_from, which may not be before the
  // current version's (effective_from_too_early). The code in `p` must equal `code`.
  Result<domain::CatalogueEntry> Update(const Principal& actor, const std::string& code,
                                        const domain::Procedure& p);
  // Admin only, within the admin's scope (CheckScope) before and after the change.
  // Retires (bãi bỏ) the procedure: kept with its versions, hidden from search.
  Status Retire(const Principal& actor, const std::string& code);

  // Whether `actor` may change the procedure `code` as it stands (CheckScope, decision 0011): the
  // administration page offers its edit form only then. unknown_procedure (404) if none.
  Status MayChange(const Principal& actor, const std::string& code) const;

  // Every procedure (retired ones too), current versions, by code. CSV: UTF-8 with BOM.
  std::string Export(CatalogueFormat format) const;
  // Admin only. All or nothing: the file is parsed and every row validated first; the first bad
  // row fails the import (nothing is written) with its line (CSV line, or item number in JSON)
  // in the message and in `error_line`. New codes are created, changed ones get a new version.
  Result<ImportReport> Import(const Principal& actor, CatalogueFormat format, std::string_view body,
                              int* error_line = nullptr);

 private:
  Status CheckAgencies(storage::Connection& c, const domain::Procedure& p) const;
  // Whether `actor` may change `p` (decision 0011): an administrator of a root agency may
  // change any procedure; one of a sub-agency only a non-central procedure that names at least
  // one agency and only agencies of the administrator's subtree. procedure_scope (403) if not.
  Status CheckScope(storage::Connection& c, const Principal* actor,
                    const domain::Procedure& p) const;
  Status Put(storage::Connection& c, const Principal* actor, const domain::Procedure& p,
             bool must_be_new, bool must_exist, ImportReport* report);

  storage::Database& db_;
  const Clock& clock_;
  // Reloads run one at a time, so the last one to finish started after the last commit.
  std::mutex reload_mu_;
  mutable std::mutex mu_;  // guards index_
  std::shared_ptr<const domain::ProcedureIndex> index_ =
      std::make_shared<domain::ProcedureIndex>(std::vector<domain::CatalogueEntry>{});
};

// The day before `day` (YYYY-MM-DD, valid).
std::string DayBefore(const std::string& day);

}  // namespace motcua::service
