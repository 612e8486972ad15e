// Logging demo users in over the JSON API, for integration tests run against `motcua serve --demo`
// (every demo account has the password "motcua-demo").
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/http_client.h"

namespace motcua::testing {

// POST /api/v1/auth/login as `user`. A refused log-in fails the current test and its response
// is returned as it came, for the caller's own checks.
inline HttpResponse DemoLogin(HttpClient& c, const std::string& user) {
  auto r = c.PostJson("/api/v1/auth/login", boost::json::serialize(boost::json::object{
                                                {"username", user}, {"password", "motcua-demo"}}));
  EXPECT_EQ(r.status, 200) << r.body;
  return r;
}

}  // namespace motcua::testing
