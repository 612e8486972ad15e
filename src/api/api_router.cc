#include "api/api_router.h"

#include "common/crypto.h"
#include "common/json_util.h"

namespace motcua::api {
namespace {

bool IsSafeMethod(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

}  // namespace

const char* AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kAuthenticated:
      return "authenticated";
    case Access::kStaff:
      return "staff";
    case Access::kAdmin:
      return "admin";
  }
  return "admin";
}

http::Response ErrorResponse(const Status& status, const http::Request& request,
                             int64_t retry_after_seconds) {
  http::Response r = http::Response::Error(status, request);
  if (retry_after_seconds > 0) r.headers.Set("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

Result<boost::json::object> JsonBody(const http::Request& request) {
  auto ct = request.Header("Content-Type").value_or("");
  if (ct.find("application/json") == std::string::npos) {
    return Status(Code::kUnsupportedMediaType, "unsupported_media_type", "Content-Type");
  }
  return ParseJsonObject(request.body);
}

void ApiRouter::Add(std::string method, std::string pattern, Access access, RouteDoc doc,
                    ApiHandler handler, RouteLimits limits) {
  routes_.push_back({method, pattern, access, doc});
  service::AuthService* auth = &auth_;
  service::RequestLimits* request_limits = limits_;
  http::RouteOptions options;
  options.body = limits.body;
  options.admit = [auth, access, request_limits, limits = std::move(limits)](
                      http::Request& req) -> std::optional<http::Response> {
    // Bearer tokens are for API clients and are immune to CSRF; the cookie is what a browser
    // sends on its own, so only cookie-authenticated changes need the token.
    std::string token;
    bool via_cookie = false;
    if (auto h = req.Header("Authorization"); h && h->rfind("Bearer ", 0) == 0) {
      token = h->substr(7);
    } else if (auto c = req.Cookie(kSessionCookie)) {
      token = *c;
      via_cookie = true;
    }
    std::optional<service::AuthenticatedSession> session;
    if (!token.empty()) {
      auto s = auth->Authenticate(token);
      if (s.ok()) {
        session = std::move(s).value();
      } else if (s.status().code() != Code::kUnauthenticated) {
        return ErrorResponse(s.status(), req);
      } else if (access != Access::kPublic) {
        return ErrorResponse(s.status(), req);
      }
    }
    if (access != Access::kPublic && !session) {
      return ErrorResponse(Status::Unauthenticated(), req);
    }
    const service::Principal* p = session ? &session->principal : nullptr;
    if (request_limits && !limits.unlimited) {
      if (int64_t wait = request_limits->Request(req.remote_address, p); wait > 0)
        return ErrorResponse(Status(Code::kTooManyRequests, "too_many_requests"), req, wait);
    }
    if (session && via_cookie && !IsSafeMethod(req.method)) {
      auto sent = req.Header(kCsrfHeader).value_or("");
      if (!ConstantTimeEquals(sent, session->csrf_token)) {
        return ErrorResponse(Status(Code::kPermissionDenied, "csrf_failed", kCsrfHeader), req);
      }
    }
    if (access == Access::kStaff && !p->IsStaff()) {
      return ErrorResponse(Status::PermissionDenied(), req);
    }
    if (access == Access::kAdmin && p->role != domain::Role::kAdmin) {
      return ErrorResponse(Status::PermissionDenied(), req);
    }
    if (limits.throttle) {
      if (int64_t wait = limits.throttle(req, p); wait > 0)
        return ErrorResponse(Status(Code::kTooManyRequests, limits.throttle_reason), req, wait);
    }
    if (session) req.admitted_as = std::move(*session);
    return std::nullopt;
  };
  router_.Add(
      method, pattern,
      [handler = std::move(handler)](http::Request& req) -> http::Response {
        const service::AuthenticatedSession* session = AdmittedSession(req);
        return handler(req, Caller{session ? &session->principal : nullptr});
      },
      std::move(options));
}

}  // namespace motcua::api
