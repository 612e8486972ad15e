// Roles (vai trò) of MotCua users.
#pragma once

#include <optional>
#include <string_view>

namespace motcua::domain {

enum class Role {
  kCitizen,           // công dân, doanh nghiệp
  kReceptionOfficer,  // cán bộ một cửa
  kSpecialist,        // chuyên viên thẩm định
  kLeader,            // lãnh đạo phòng / cơ quan
  kMonitor,           // giám sát, giám đốc trung tâm
  kAdmin,             // quản trị hệ thống
};

std::string_view RoleName(Role role);  // "citizen", "reception_officer", ...
std::optional<Role> ParseRole(std::string_view name);
std::string_view RoleLabelVi(Role role);
// Staff belong to an agency and act on its subtree; citizens belong to none.
inline bool IsStaff(Role role) { return role != Role::kCitizen; }

}  // namespace motcua::domain
