#include "api/admission.h"

#include "api/api_router.h"

namespace motcua::api {

http::Admission AdmitRequest(const http::Router& router, ApiServices& services,
                             http::Request& request) {
  const std::string& path = request.path;
  bool api = path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/readyz";
  if (!api) {
    const service::Principal* principal = nullptr;
    if (auto token = request.Cookie(kSessionCookie); token && !token->empty() && services.auth) {
      auto s = services.auth->Authenticate(*token);
      if (s.ok()) {
        request.admitted_as = std::move(s).value();
        principal = &AdmittedSession(request)->principal;
      }
    }
    if (services.limits) {
      if (int64_t wait = services.limits->Request(request.remote_address, principal); wait > 0) {
        http::Admission refused;
        refused.reply =
            ErrorResponse(Status(Code::kTooManyRequests, "too_many_requests"), request, wait);
        return refused;
      }
    }
  }
  return router.Admit(request);
}

}  // namespace motcua::api
