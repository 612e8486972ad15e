// The organisation: a configurable tree of agencies (cơ quan), never hard-coded levels, so the
// 2025 reform (district tier abolished) and later ones are data changes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace motcua::domain {

enum class AgencyType {
  kMinistry,        // Bộ, ngành
  kProvince,        // UBND tỉnh / thành phố
  kDepartment,      // Sở, ban, ngành
  kCommune,         // UBND xã, phường, đặc khu
  kLegacyDistrict,  // UBND huyện (abolished 1 July 2025; kept for history)
  kVerticalAgency,  // cơ quan ngành dọc (thuế, công an, BHXH...)
  kServiceCentre,   // Trung tâm Phục vụ hành chính công (one-stop centre)
};

std::string_view AgencyTypeName(AgencyType type);  // "ministry", "province", ...
std::optional<AgencyType> ParseAgencyType(std::string_view name);
std::string_view AgencyTypeLabelVi(AgencyType type);

// Electronic identifier code (mã định danh điện tử, e.g. "000.00.15.H12"): dot-separated
// non-empty groups of [0-9A-Z], at most 35 characters. Fails with invalid_agency_code.
Status ValidateAgencyCode(std::string_view code, std::string_view field = "code");

}  // namespace motcua::domain
