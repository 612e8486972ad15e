// Who is acting: the authenticated user as services see it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/role.h"

namespace motcua::service {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string full_name;
  domain::Role role = domain::Role::kCitizen;
  std::optional<int64_t> agency_id;
  std::string agency_code;
  std::string agency_path;  // "/1/4/", empty for citizens

  bool IsStaff() const { return domain::IsStaff(role); }
  // Staff act on their agency's subtree: true when `path` is that agency or below it.
  bool CoversAgencyPath(std::string_view path) const {
    return IsStaff() && !agency_path.empty() && path.substr(0, agency_path.size()) == agency_path;
  }
};

}  // namespace motcua::service
