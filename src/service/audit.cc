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

}  // namespace motcua::service
