#include "domain/agency.h"

#include <gtest/gtest.h>

#include "domain/role.h"

namespace motcua::domain {
namespace {

TEST(AgencyCode, AcceptsOfficialShapes) {
  EXPECT_TRUE(ValidateAgencyCode("000.00.15.H12").ok());
  EXPECT_TRUE(ValidateAgencyCode("H12").ok());
  EXPECT_TRUE(ValidateAgencyCode("G22.001.AB").ok());
  EXPECT_TRUE(ValidateAgencyCode(std::string(35, '9')).ok());
}

TEST(AgencyCode, RejectsBadShapes) {
  for (const char* bad :
       {"", ".", "000..15", ".H12", "H12.", "h12", "000.00.15.H12 ", "Đ12", "000-00"}) {
    Status s = ValidateAgencyCode(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.reason(), "invalid_agency_code");
    EXPECT_EQ(s.field(), "code");
  }
  EXPECT_FALSE(ValidateAgencyCode(std::string(36, '9')).ok());
}

TEST(AgencyType, RoundTrips) {
  for (auto t :
       {AgencyType::kMinistry, AgencyType::kProvince, AgencyType::kDepartment, AgencyType::kCommune,
        AgencyType::kLegacyDistrict, AgencyType::kVerticalAgency, AgencyType::kServiceCentre}) {
    EXPECT_EQ(ParseAgencyType(AgencyTypeName(t)), t);
    EXPECT_FALSE(AgencyTypeLabelVi(t).empty());
  }
  EXPECT_FALSE(ParseAgencyType("district").has_value());
}

TEST(Role, RoundTrips) {
  for (auto r : {Role::kCitizen, Role::kReceptionOfficer, Role::kSpecialist, Role::kLeader,
                 Role::kMonitor, Role::kAdmin}) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(IsStaff(Role::kCitizen));
  EXPECT_TRUE(IsStaff(Role::kAdmin));
}

}  // namespace
}  // namespace motcua::domain
