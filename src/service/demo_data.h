// Demo data for `motcua serve --demo`: a province organised as after the 1 July 2025 reform.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "service/agency_service.h"
#include "service/auth_service.h"

namespace motcua::service {

inline constexpr const char* kDemoPassword = "motcua-demo";

struct DemoLogin {
  std::string username;
  std::string role;
  std::string agency_code;
};

// Creates the demo organisation and one user per role (demo.<role>, password motcua-demo).
// Idempotent: does nothing when the demo province already exists.
Status SeedDemoData(AgencyService& agencies, AuthService& auth);

// The demo log-ins, for printing at start-up.
std::vector<DemoLogin> DemoLogins();

// The demo agencies (code, name): each gets a demo signing certificate (decision 0017).
struct DemoAgencyName {
  std::string code;
  std::string name;
};
std::vector<DemoAgencyName> DemoAgencies();

}  // namespace motcua::service
