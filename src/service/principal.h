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
  // Staff of a root agency ("/<id>/": the province): what is shared by the whole installation
  // (the national catalogue, installation-wide calendar days) is theirs to change.
  bool AtRootAgency() const {
    return IsStaff() && agency_path.size() > 2 && agency_path.front() == '/' &&
           agency_path.find('/', 1) == agency_path.size() - 1;
  }
  // Staff act on their agency's subtree: true when `path` is that agency or below it.
  bool CoversAgencyPath(std::string_view path) const {
    return IsStaff() && !agency_path.empty() && path.substr(0, agency_path.size()) == agency_path;
  }
};

}  // namespace motcua::service
