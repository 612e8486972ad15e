// Applicant recall at the reception counter (issue 6): the officer types an identity number and
// the counter fills the applicant's details from the newest dossier of that number within the
// officer's agency subtree. The number is looked up by its hash (storage/applicant_key.h) and
// never logged; each recall that discloses an applicant is audited without it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/applicant.h"
#include "service/principal.h"
#include "storage/database.h"

namespace motcua::service {

struct RecalledApplicant {
  domain::Applicant applicant;
  std::string dossier_code;  // the dossier it was taken from
  int64_t submitted_at = 0;
  std::optional<int64_t> received_at;
};

class ApplicantRecall {
 public:
  ApplicantRecall(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The applicant of the newest dossier whose applicant had `id_number` (CCCD, 12 digits, or the
  // older CMND, 9 digits; surrounding spaces ignored) and whose receiving agency, or an agency
  // that held one of its steps, is within the caller's subtree. Reception officers only
  // (PermissionDenied otherwise, "agency_scope" without an agency). Validation
  // "invalid_id_number" on "id_number" for any other shape; NotFound when no such dossier.
  // A recall that finds one appends "applicant_recall" to the audit log with the dossier code.
  Result<RecalledApplicant> Recall(const Principal& caller, std::string_view id_number);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace motcua::service
