#include "service/audit.h"

#include <boost/json/serialize.hpp>

#include "storage/user_store.h"

namespace motcua::service {

Status Audit(storage::Connection& c, const Clock& clock, const Principal* actor, std::string action,
             std::string object_type, std::string object_id, const boost::json::object& detail) {
  storage::AuditRecord rec;
  rec.at = clock.NowSeconds();
  if (actor != nullptr) {
    rec.actor_user_id = actor->user_id;
    rec.actor_username = actor->username;
    rec.actor_agency_id = actor->agency_id;
  } else {
    rec.actor_username = "system";
  }
  rec.action = std::move(action);
  rec.object_type = std::move(object_type);
  rec.object_id = std::move(object_id);
  rec.detail = boost::json::serialize(detail);
  return storage::AppendAudit(c, rec);
}

Status AuditRead(storage::Database& db, const Clock& clock, const Principal* actor,
                 std::string action, std::string object_type, std::string object_id,
                 std::string purpose, boost::json::object detail) {
  detail["purpose"] = std::move(purpose);
  // Only an insert: safe beside concurrent writers on PostgreSQL (decision 0023), so reads that
  // are audited do not queue behind every writer as Database::Write's exclusive lock would.
  return db.WriteConcurrently([&](storage::Connection& c) -> Status {
    if (actor != nullptr)
      return Audit(c, clock, actor, std::move(action), std::move(object_type), std::move(object_id),
                   detail);
    // A reader without an account (the applicant giving the phone number), not the system.
    storage::AuditRecord rec;
    rec.at = clock.NowSeconds();
    rec.actor_username = "anonymous";
    rec.action = std::move(action);
    rec.object_type = std::move(object_type);
    rec.object_id = std::move(object_id);
    rec.detail = boost::json::serialize(detail);
    return storage::AppendAudit(c, rec);
  });
}

}  // namespace motcua::service
