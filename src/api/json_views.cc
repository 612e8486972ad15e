#include "api/json_views.h"

#include "domain/agency.h"

namespace motcua::api {

boost::json::object AgencyJson(const storage::AgencyRecord& a, const std::string& parent_code) {
  boost::json::object o{{"code", a.code},
                        {"name", a.name},
                        {"short_name", a.short_name},
                        {"type", a.type},
                        {"is_one_stop_centre", a.is_one_stop_centre},
                        {"address", a.address},
                        {"abolished", a.abolished_at.has_value()}};
  if (auto t = domain::ParseAgencyType(a.type)) o["type_label"] = domain::AgencyTypeLabelVi(*t);
  o["parent_code"] =
      parent_code.empty() ? boost::json::value(nullptr) : boost::json::value(parent_code);
  if (a.abolished_at) o["abolished_at"] = *a.abolished_at;
  return o;
}

boost::json::object PrincipalJson(const service::Principal& p) {
  boost::json::object o{{"id", p.user_id},
                        {"username", p.username},
                        {"full_name", p.full_name},
                        {"role", domain::RoleName(p.role)},
                        {"role_label", domain::RoleLabelVi(p.role)}};
  o["agency_code"] =
      p.agency_code.empty() ? boost::json::value(nullptr) : boost::json::value(p.agency_code);
  return o;
}

boost::json::object UserJson(const storage::UserRecord& u) {
  boost::json::object o{{"id", u.id},
                        {"username", u.username},
                        {"full_name", u.full_name},
                        {"role", u.role},
                        {"active", u.active}};
  o["agency_code"] =
      u.agency_code.empty() ? boost::json::value(nullptr) : boost::json::value(u.agency_code);
  return o;
}

boost::json::object CounterJson(const storage::CounterRecord& c) {
  return {{"number", c.number}, {"name", c.name}, {"fields", c.fields}, {"active", c.active}};
}

}  // namespace motcua::api
