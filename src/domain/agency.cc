#include "domain/agency.h"

#include <array>
#include <utility>

namespace motcua::domain {
namespace {

struct TypeInfo {
  AgencyType type;
  std::string_view name;
  std::string_view label_vi;
};

constexpr std::array<TypeInfo, 7> kTypes = {{
    {AgencyType::kMinistry, "ministry", "Bộ, ngành"},
    {AgencyType::kProvince, "province", "Ủy ban nhân dân tỉnh"},
    {AgencyType::kDepartment, "department", "Sở, ban, ngành"},
    {AgencyType::kCommune, "commune", "Ủy ban nhân dân xã"},
    {AgencyType::kLegacyDistrict, "legacy_district", "Ủy ban nhân dân huyện (cũ)"},
    {AgencyType::kVerticalAgency, "vertical_agency", "Cơ quan ngành dọc"},
    {AgencyType::kServiceCentre, "service_centre", "Trung tâm Phục vụ hành chính công"},
}};

}  // namespace

std::string_view AgencyTypeName(AgencyType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.name;
  return "department";
}

std::string_view AgencyTypeLabelVi(AgencyType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t.label_vi;
  return "";
}

std::optional<AgencyType> ParseAgencyType(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return t.type;
  return std::nullopt;
}

Status ValidateAgencyCode(std::string_view code, std::string_view field) {
  auto bad = [&] { return Status::Validation("invalid_agency_code", std::string(field)); };
  if (code.empty() || code.size() > 35) return bad();
  bool group_empty = true;
  for (char c : code) {
    if (c == '.') {
      if (group_empty) return bad();
      group_empty = true;
    } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
      group_empty = false;
    } else {
      return bad();
    }
  }
  if (group_empty) return bad();
  return Status::Ok();
}

}  // namespace motcua::domain
