// The web pages' message table: Vietnamese first, English second.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "domain/role.h"

namespace motcua::web {

// Every message of `locale` ("vi" or "en") as {key: text}, for templates ({{t.key}}).
const boost::json::object& Messages(std::string_view locale);
// One message; the key itself when unknown (so a missing text is visible, not blank).
std::string Message(std::string_view locale, std::string_view key);
std::string RoleLabel(std::string_view locale, domain::Role role);

}  // namespace motcua::web
