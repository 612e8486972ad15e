// POST /api/v1/applicants/recall: the reception counter's applicant recall by identity number
// (issue 6). A POST with the number in the body, so that it never appears in a URL, an access
// log or a Referer header.
#include <boost/json.hpp>
#include <memory>

#include "api/api_router.h"
#include "api/services.h"
#include "common/json_util.h"
#include "domain/applicant_json.h"
#include "service/applicant_recall.h"
#include "service/dossier_service.h"

namespace motcua::api {

void RegisterApplicantRoutes(ApiRouter& router, ApiServices& s) {
  // Stateless over the database and the clock, so it is made here rather than in the app.
  auto recall = std::make_shared<service::ApplicantRecall>(*s.db, *s.clock);
  router.Add(
      "POST", "/api/v1/applicants/recall", Access::kStaff,
      {"Gọi lại thông tin người nộp tại quầy theo số định danh (CCCD 12 số hoặc CMND 9 số, "
       "trong thân JSON {\"id_number\"}): thông tin người nộp của hồ sơ mới nhất thuộc phạm vi "
       "cơ quan của cán bộ tiếp nhận, kèm mã hồ sơ; 404 nếu không có. Mỗi lần gọi được ghi nhật "
       "ký (không ghi số định danh). Chỉ cán bộ tiếp nhận.",
       "dossiers", true},
      [recall](http::Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        auto id_number = RequireString(*body, "id_number");
        if (!id_number.ok()) return ErrorResponse(id_number.status(), req);
        auto found = recall->Recall(*caller.principal, *id_number);
        if (!found.ok()) return ErrorResponse(found.status(), req);
        boost::json::object out{
            {"applicant", domain::ApplicantToJson(found->applicant)},
            {"dossier_code", found->dossier_code},
            {"submitted_at", service::IsoVietnam(found->submitted_at)},
            {"received_at", found->received_at
                                ? boost::json::value(service::IsoVietnam(*found->received_at))
                                : boost::json::value(nullptr)}};
        http::Response resp = http::Response::Json(200, out);
        // Personal data: not for shared caches or the browser's back/forward cache.
        resp.headers.Set("Cache-Control", "no-store");
        return resp;
      });
}

}  // namespace motcua::api
