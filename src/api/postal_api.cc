// POST /api/v1/postal/events: the postal carrier's webhook (decision 0018). The carrier is not a
// user: the body's HMAC-SHA256 with the shared key (X-Carrier-Signature) is its credential, so
// the route is public, throttled per address and takes only a small body.
#include "api/api_router.h"
#include "api/services.h"
#include "service/postal_service.h"

namespace motcua::api {

void RegisterPostalRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "POST", "/api/v1/postal/events", Access::kPublic,
      {"Đơn vị bưu chính gửi sự kiện phát bưu gửi (đã phát, chuyển hoàn...) — thân yêu cầu ký "
       "HMAC-SHA256 bằng khóa dùng chung trong tiêu đề X-Carrier-Signature; gửi lại cùng sự "
       "kiện không ghi hai lần.",
       "postal", true},
      [&s](http::Request& req, const Caller&) {
        auto got = s.postal->ReceivePush(req.body,
                                         req.Header(service::kCarrierSignatureHeader).value_or(""));
        if (!got.ok()) return ErrorResponse(got.status(), req);
        return http::Response::Json(200, got->ToJson());
      },
      RouteLimits::Body(http::BodyKind::kForm)
          .Throttled([&s](const http::Request& req, const service::Principal*)
                         -> int64_t { return s.postal->PushRetryAfter(req.remote_address); },
                     "too_many_requests"));
}

}  // namespace motcua::api
