#include "domain/role.h"

#include <array>

namespace motcua::domain {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view label_vi;
};

constexpr std::array<RoleInfo, 6> kRoles = {{
    {Role::kCitizen, "citizen", "Công dân, tổ chức"},
    {Role::kReceptionOfficer, "reception_officer", "Cán bộ tiếp nhận (một cửa)"},
    {Role::kSpecialist, "specialist", "Chuyên viên"},
    {Role::kLeader, "leader", "Lãnh đạo"},
    {Role::kMonitor, "monitor", "Giám sát"},
    {Role::kAdmin, "admin", "Quản trị hệ thống"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.name;
  return "citizen";
}

std::string_view RoleLabelVi(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.label_vi;
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles)
    if (r.name == name) return r.role;
  return std::nullopt;
}

}  // namespace motcua::domain
