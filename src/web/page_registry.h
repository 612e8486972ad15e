// Internal to the web layer: each group of pages registers its routes here.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "http/router.h"
#include "web/site.h"

namespace motcua::web {

void RegisterPublicPages(http::Router& router, const Site& site);
void RegisterAccountPages(http::Router& router, const Site& site);
void RegisterStaffPages(http::Router& router, const Site& site);
void RegisterAdminPages(http::Router& router, const Site& site);
void RegisterWorkloadPage(http::Router& router, const Site& site);
void RegisterDossierPages(http::Router& router, const Site& site);
// Rating (kiosk, portal) and complaints (PAKN); needs the report service.
void RegisterFeedbackPages(http::Router& router, const Site& site);
void RegisterReportPages(http::Router& router, const Site& site);
// The staff inbox of complaints (PAKN) at /dieu-hanh/phan-anh; needs the report service.
void RegisterComplaintInboxPages(http::Router& router, const Site& site);
// /dieu-hanh/danh-gia (Decree 61, Decision 766, downloads) and /dieu-hanh/qua-han.
void RegisterEvaluationPages(http::Router& router, const Site& site);
// /su-kien: life events (Decree 63/2024); needs the life event service.
void RegisterLifeEventPages(http::Router& router, const Site& site);
// /quan-tri/nhat-ky: the audit log as a page for the administrator.
void RegisterAuditPage(http::Router& router, const Site& site);
// /ca-nhan/thong-bao and /ngung-nhan-thong-bao; needs the notification service.
void RegisterNotificationPages(http::Router& router, const Site& site);
// The dossier's notifications for the staff dossier page ({has_items, items}), false when the
// user is no staff member in scope (notification_pages.cc).
boost::json::value DossierNotifications(const Site& site, const Page& page,
                                        const std::string& code);
// The signed-in citizen's channel choices for the account page ({email, sms, zalo, saved}),
// false for anyone else.
boost::json::value NotificationChoices(const Site& site, const Page& page);

// "/dieu-hanh/ho-so?from=…&figure=…": the list of dossiers behind a report figure. `from`, `to`
// (the last day) as YYYY-MM-DD, `as_of` as "YYYY-MM-DD HH:MM"; empty parameters are left out.
std::string DrillDownHref(const std::string& from, const std::string& to,
                          const std::string& group_by, const std::string& group,
                          const std::string& figure, const std::string& as_of,
                          const std::string& agency = "");

// "2025-07-14T09:30:00+07:00" or "2025-07-14 09:30" -> "09:30 14/07/2025"; a bare day
// "2025-07-14" -> "14/07/2025" (other text unchanged). Pages never show ISO dates.
std::string HumanTime(const std::string& iso);
// "2025-07-14" (or the day of a longer ISO text) -> "14/07/2025" (other text unchanged).
std::string HumanDate(const std::string& iso);

// Unix seconds -> "09:30 14/07/2025" (Vietnam time).
std::string HumanInstant(int64_t unix_seconds);

// "8.000 đồng" / "8,000 VND".
std::string FormatMoney(int64_t amount, bool en);

}  // namespace motcua::web
