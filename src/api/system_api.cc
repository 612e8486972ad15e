// Health, readiness, version and the OpenAPI description.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/openapi.h"
#include "api/services.h"

namespace motcua::api {

void RegisterSystemRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "GET", "/healthz", Access::kPublic, {"Kiểm tra tiến trình còn sống (liveness).", "system"},
      [](http::Request&, const Caller&) {
        return http::Response::Json(200, boost::json::object{{"status", "ok"}});
      },
      RouteLimits::Unlimited());
  router.Add(
      "GET", "/readyz", Access::kPublic,
      {"Kiểm tra sẵn sàng phục vụ (cơ sở dữ liệu truy cập được).", "system"},
      [&s](http::Request& req, const Caller&) {
        Status st = s.db->Ping();
        if (!st.ok()) return ErrorResponse(Status(Code::kUnavailable, "unavailable"), req);
        return http::Response::Json(200, boost::json::object{{"status", "ready"}});
      },
      RouteLimits::Unlimited());
}

void RegisterAllRoutes(ApiRouter& router, ApiServices& services) {
  RegisterSystemRoutes(router, services);
  RegisterIdentityRoutes(router, services);
  RegisterAgencyRoutes(router, services);
  if (services.catalogue) RegisterCatalogueRoutes(router, services);
  if (services.calendar) RegisterCalendarRoutes(router, services);
  if (services.dossiers) RegisterDossierRoutes(router, services);
  if (services.dossiers) RegisterApplicantRoutes(router, services);
  if (services.reports) RegisterReportRoutes(router, services);
  if (services.forms) RegisterFormsRoutes(router, services);
  if (services.workload) RegisterWorkloadRoutes(router, services);
  if (services.life_events) RegisterLifeEventRoutes(router, services);
  if (services.postal) RegisterPostalRoutes(router, services);
  if (services.notifications) RegisterNotificationRoutes(router, services);
  // Last, so that the description covers every route registered above (itself included).
  router.Add("GET", "/api/openapi.json", Access::kPublic,
             {"Mô tả OpenAPI 3 của toàn bộ API.", "system"},
             [&router](http::Request&, const Caller&) {
               return http::Response::Json(200, OpenApiDocument(router.routes()));
             });
}

}  // namespace motcua::api
