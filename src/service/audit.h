// Writing the audit log (nhật ký) inside the caller's transaction.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "common/clock.h"
#include "service/principal.h"
#include "storage/database.h"

namespace motcua::service {

// Appends one audit row in the same transaction as the change it records, so a rolled-back
// change leaves no audit row and a committed one always has one. `detail` must hold no
// personal data (no id numbers, phones, addresses, passwords).
Status Audit(storage::Connection& c, const Clock& clock, const Principal* actor, std::string action,
             std::string object_type, std::string object_id,
             const boost::json::object& detail = {});

// Records a read of personal data (a full dossier, an attachment, a printed form, the register,
// a report's list of dossiers) in its own write transaction, before the data leaves the service:
// a read that cannot be recorded is refused (the caller returns this status). `purpose` says why
// the reader had access ("staff_scope", "owner", "register_export", ...); it and `detail` hold no
// personal data, only codes and ids. Reads are chained like every audit row (storage/audit_chain).
Status AuditRead(storage::Database& db, const Clock& clock, const Principal* actor,
                 std::string action, std::string object_type, std::string object_id,
                 std::string purpose, boost::json::object detail = {});

}  // namespace motcua::service
