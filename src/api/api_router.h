// Registers JSON API routes with their access rule and documentation. Every route goes through
// here, so authentication, CSRF, role checks and the OpenAPI description cannot be forgotten.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/router.h"
#include "service/auth_service.h"
#include "service/principal.h"

namespace motcua::api {

enum class Access {
  kPublic,         // anyone; a session is still resolved when present
  kAuthenticated,  // any logged-in user
  kStaff,          // any role but citizen
  kAdmin,          // administrators only
};

// "public", "authenticated", "staff", "admin": how the OpenAPI description (x-access) and the
// route table (`motcua serve --routes`) name a rule.
const char* AccessName(Access access);

// What a handler receives besides the request: the caller, if any.
struct Caller {
  const service::Principal* principal = nullptr;  // null for anonymous calls
};

using ApiHandler = std::function<http::Response(http::Request&, const Caller&)>;

struct RouteDoc {
  RouteDoc(std::string summary_vi, std::string group, bool takes_json = false)
      : summary(std::move(summary_vi)), tag(std::move(group)), json_body(takes_json) {}
  std::string summary;        // Vietnamese summary shown in the API description
  std::string tag;            // group, e.g. "auth", "agencies"
  bool json_body = false;     // the route takes a JSON request body
  boost::json::object extra;  // extra OpenAPI operation members (parameters, responses...)
};

struct DocumentedRoute {
  std::string method;
  std::string pattern;
  Access access;
  RouteDoc doc;
};

class ApiRouter {
 public:
  ApiRouter(http::Router& router, service::AuthService& auth) : router_(router), auth_(auth) {}

  void Add(std::string method, std::string pattern, Access access, RouteDoc doc,
           ApiHandler handler);

  const std::vector<DocumentedRoute>& routes() const { return routes_; }

 private:
  http::Router& router_;
  service::AuthService& auth_;
  std::vector<DocumentedRoute> routes_;
};

inline constexpr const char* kSessionCookie = "motcua_session";
inline constexpr const char* kCsrfCookie = "motcua_csrf";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// The error response for a failed Status (with Retry-After for 429 when given).
http::Response ErrorResponse(const Status& status, const http::Request& request,
                             int64_t retry_after_seconds = 0);

// Parses the body as a JSON object (415 unless Content-Type is JSON, 400 invalid_json).
Result<boost::json::object> JsonBody(const http::Request& request);

}  // namespace motcua::api
