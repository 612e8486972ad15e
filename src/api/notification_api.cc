// /api/v1/sms/inbound: the brand-name SMS gateway's webhook for the citizens' look-ups by text
// message ("MC <mã hồ sơ>", issue 16). The gateway signs the body as it does ours
// (X-Signature: hex HMAC-SHA256 with --sms-key); the answer is the reply text, which the gateway
// sends back to the phone: the status and due date, unaccented, no personal data.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/services.h"
#include "service/notification_service.h"

namespace motcua::api {

void RegisterNotificationRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "POST", "/api/v1/sms/inbound", Access::kPublic,
      {"Tin nhắn đến từ nhà cung cấp SMS: \"MC <mã hồ sơ>\" được trả lời bằng tình trạng hồ sơ "
       "(ký HMAC-SHA256 trong tiêu đề X-Signature).",
       "notifications", true},
      [&s](http::Request& req, const Caller&) {
        auto reply = s.notifications->InboundSms(req.body, req.Header("X-Signature").value_or(""));
        if (!reply.ok()) return ErrorResponse(reply.status(), req);
        return http::Response::Json(200, boost::json::object{{"reply", *reply}});
      },
      // A look-up like the public one: the same per-address limit, a small body.
      RouteLimits::Body(http::BodyKind::kForm)
          .Throttled(
              [&s](const http::Request& req, const service::Principal*) -> int64_t {
                return s.dossiers ? s.dossiers->LookupRetryAfter(req.remote_address) : 0;
              },
              "too_many_requests"));
}

}  // namespace motcua::api
