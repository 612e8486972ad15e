// Registers JSON API routes with their access rule and documentation. Every route goes through
// here, so authentication, CSRF, role checks and the OpenAPI description cannot be forgotten.
#pragma once

#include <any>
#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/router.h"
#include "service/auth_service.h"
#include "service/principal.h"
#include "service/request_limits.h"

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

// A route's own rate limit, checked from the request head (before the body is read): 0 to go
// on, else the seconds to wait.
using Throttle = std::function<int64_t(const http::Request&, const service::Principal*)>;

// What a route takes and how often: checked before its body is read.
struct RouteLimits {
  std::optional<http::BodyKind> body;  // unset: no body for GET, a JSON document otherwise
  Throttle throttle;
  std::string throttle_reason = "too_many_requests";  // the 429's code
  // Outside the per-address request rate: the health probes, which a load balancer polls from
  // one address and which cost less than the limiter.
  bool unlimited = false;

  static RouteLimits Body(http::BodyKind kind) {
    RouteLimits l;
    l.body = kind;
    return l;
  }
  static RouteLimits Unlimited() {
    RouteLimits l;
    l.unlimited = true;
    return l;
  }
  RouteLimits& Throttled(Throttle t, std::string reason) {
    throttle = std::move(t);
    throttle_reason = std::move(reason);
    return *this;
  }
};

struct DocumentedRoute {
  std::string method;
  std::string pattern;
  Access access;
  RouteDoc doc;
};

class ApiRouter {
 public:
  // `limits` (may be null) applies the per-address and per-account request rate to every route.
  ApiRouter(http::Router& router, service::AuthService& auth,
            service::RequestLimits* limits = nullptr)
      : router_(router), auth_(auth), limits_(limits) {}

  // The access rule, the CSRF check and the rate limits run in the route's admission step,
  // before its body is read: a caller without the right session gets 401/403 for the price of
  // the headers.
  void Add(std::string method, std::string pattern, Access access, RouteDoc doc, ApiHandler handler,
           RouteLimits limits = {});

  const std::vector<DocumentedRoute>& routes() const { return routes_; }

 private:
  http::Router& router_;
  service::AuthService& auth_;
  service::RequestLimits* limits_;
  std::vector<DocumentedRoute> routes_;
};

inline constexpr const char* kSessionCookie = "motcua_session";
inline constexpr const char* kCsrfCookie = "motcua_csrf";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// The error response for a failed Status (with Retry-After for 429 when given).
http::Response ErrorResponse(const Status& status, const http::Request& request,
                             int64_t retry_after_seconds = 0);

// The session resolved by the admission step of the request's route (null when anonymous or
// when no admission step ran). Inline: pages (web/) use it without linking the API.
inline const service::AuthenticatedSession* AdmittedSession(const http::Request& request) {
  return std::any_cast<service::AuthenticatedSession>(&request.admitted_as);
}

// Parses the body as a JSON object (415 unless Content-Type is JSON, 400 invalid_json).
Result<boost::json::object> JsonBody(const http::Request& request);

}  // namespace motcua::api
