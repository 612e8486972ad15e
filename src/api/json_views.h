// JSON shapes of domain records returned by the API. Personal data never leaves through here
// unless the caller may see it.
#pragma once

#include <boost/json/object.hpp>

#include "service/principal.h"
#include "storage/agency_store.h"
#include "storage/user_store.h"

namespace motcua::api {

boost::json::object AgencyJson(const storage::AgencyRecord& a, const std::string& parent_code);
boost::json::object PrincipalJson(const service::Principal& p);
boost::json::object UserJson(const storage::UserRecord& u);
boost::json::object CounterJson(const storage::CounterRecord& c);

}  // namespace motcua::api
