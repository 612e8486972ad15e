#include "service/applicant_recall.h"

#include "common/messages.h"
#include "domain/applicant_json.h"
#include "service/audit.h"
#include "storage/applicant_key.h"

namespace motcua::service {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsIdNumberShape(std::string_view s) {
  if (s.size() != 9 && s.size() != 12) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

}  // namespace

Result<RecalledApplicant> ApplicantRecall::Recall(const Principal& caller,
                                                  std::string_view id_number) {
  if (caller.role != domain::Role::kReceptionOfficer) return Status::PermissionDenied();
  if (caller.agency_path.empty()) return Status::PermissionDenied("agency_scope");
  id_number = Trim(id_number);
  if (!IsIdNumberShape(id_number)) {
    // The reception form's own rule (12 digits) would be wrong here: old CMND numbers recall too.
    return Status::Validation("invalid_id_number", "id_number",
                              LookupMessage("recall_id_number_shape", "vi"),
                              LookupMessage("recall_id_number_shape", "en"));
  }
  const std::string key = storage::ApplicantKeyOfIdNumber(id_number);
  RecalledApplicant out;
  // One write transaction: the audit row exists if and only if the applicant was disclosed.
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto found,
                            storage::FindNewestByApplicantKey(c, key, caller.agency_path));
    if (!found) return Status::NotFound();
    auto applicant = domain::ApplicantFromJsonText(found->applicant);
    if (!applicant.ok())
      return Status::Internal("stored applicant of " + found->dossier_code + " does not parse");
    out.applicant = std::move(applicant).value();
    out.dossier_code = found->dossier_code;
    out.submitted_at = found->submitted_at;
    out.received_at = found->received_at;
    return Audit(c, clock_, &caller, "applicant_recall", "dossier", found->dossier_code);
  }));
  return out;
}

}  // namespace motcua::service
