// The services an API handler may call, wired once at start-up by the app.
#pragma once

#include "common/clock.h"
#include "service/agency_service.h"
#include "service/auth_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/forms_service.h"
#include "service/life_event_service.h"
#include "service/notification_service.h"
#include "service/password_reset.h"
#include "service/payment_service.h"
#include "service/postal_service.h"
#include "service/report_service.h"
#include "service/request_limits.h"
#include "service/workload_service.h"
#include "storage/database.h"

namespace motcua::api {

struct ApiServices {
  storage::Database* db = nullptr;
  const Clock* clock = nullptr;
  service::AuthService* auth = nullptr;
  service::AgencyService* agencies = nullptr;
  bool secure_cookies = false;  // set the Secure attribute (behind TLS)
  service::CatalogueService* catalogue = nullptr;
  service::CalendarService* calendar = nullptr;
  service::DossierService* dossiers = nullptr;
  service::ReportService* reports = nullptr;
  service::FormsService* forms = nullptr;
  service::WorkloadService* workload = nullptr;
  service::RequestLimits* limits = nullptr;  // outsiders' rate limits (null: none)
  service::LifeEventService* life_events = nullptr;
  service::PasswordResetService* password_resets = nullptr;  // forgotten-password pages
  service::PostalService* postal = nullptr;               // the carrier's webhook (decision 0018)
  service::NotificationService* notifications = nullptr;  // null: no templates loaded
  service::PaymentService* payments = nullptr;            // fees, payment, e-receipts (issue 16)
};

class ApiRouter;

void RegisterSystemRoutes(ApiRouter& router, ApiServices& services);
void RegisterIdentityRoutes(ApiRouter& router, ApiServices& services);
void RegisterAgencyRoutes(ApiRouter& router, ApiServices& services);
void RegisterCatalogueRoutes(ApiRouter& router, ApiServices& services);
void RegisterCalendarRoutes(ApiRouter& router, ApiServices& services);
void RegisterDossierRoutes(ApiRouter& router, ApiServices& services);
void RegisterReportRoutes(ApiRouter& router, ApiServices& services);
void RegisterFormsRoutes(ApiRouter& router, ApiServices& services);
void RegisterWorkloadRoutes(ApiRouter& router, ApiServices& services);
void RegisterApplicantRoutes(ApiRouter& router, ApiServices& services);
void RegisterLifeEventRoutes(ApiRouter& router, ApiServices& services);
void RegisterPostalRoutes(ApiRouter& router, ApiServices& services);
void RegisterNotificationRoutes(ApiRouter& router, ApiServices& services);

// Registers every JSON API route, then /api/openapi.json describing them.
void RegisterAllRoutes(ApiRouter& router, ApiServices& services);

}  // namespace motcua::api
