// /api/v1/life-events: the linked groups of procedures of Decree 63/2024 (a birth, a death) and
// their one submission, which creates every dossier of the group in one transaction.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/services.h"
#include "api/submit_json.h"
#include "common/json_util.h"
#include "domain/applicant_json.h"
#include "service/life_event_service.h"

namespace motcua::api {
namespace {

namespace json = boost::json;

// {commune_code, applicant, dossiers: [{components: [...]}, ...], return_method, note}; the
// dossiers are the event's members in its order.
Result<service::LifeEventSubmitInput> ParseLifeEventSubmit(const json::object& body) {
  service::LifeEventSubmitInput in;
  MOTCUA_ASSIGN_OR_RETURN(auto commune, OptionalString(body, "commune_code"));
  in.commune_code = commune.value_or("");
  MOTCUA_ASSIGN_OR_RETURN(auto method, OptionalString(body, "return_method"));
  in.return_method = method.value_or("");
  MOTCUA_ASSIGN_OR_RETURN(auto note, OptionalString(body, "note"));
  in.note = note.value_or("");
  auto* applicant = body.if_contains("applicant");
  if (!applicant || applicant->is_null()) return Status::Validation("missing_field", "applicant");
  MOTCUA_ASSIGN_OR_RETURN(in.applicant, domain::ApplicantFromJson(*applicant));
  if (auto* dossiers = body.if_contains("dossiers"); dossiers && !dossiers->is_null()) {
    if (!dossiers->is_array()) return Status::Validation("invalid_field", "dossiers");
    int i = 0;
    for (const auto& d : dossiers->as_array()) {
      std::string prefix = "dossiers[" + std::to_string(i++) + "]";
      if (!d.is_object()) return Status::Validation("invalid_field", prefix);
      MOTCUA_ASSIGN_OR_RETURN(auto comps, ComponentsFromJson(d.as_object(), "components"));
      in.components.push_back(std::move(comps));
    }
  }
  return in;
}

}  // namespace

void RegisterLifeEventRoutes(ApiRouter& router, ApiServices& s) {
  router.Add("GET", "/api/v1/life-events", Access::kPublic,
             {"Các nhóm thủ tục liên thông theo sự kiện (Nghị định 63/2024/NĐ-CP): khai sinh, "
              "khai tử — từng thủ tục, thời hạn, thành phần hồ sơ.",
              "life-events"},
             [&s](http::Request& req, const Caller&) {
               auto all = s.life_events->DescribeAll();
               if (!all.ok()) return ErrorResponse(all.status(), req);
               return http::Response::Json(200, json::object{{"items", std::move(*all)}});
             });

  router.Add("GET", "/api/v1/life-events/{id}", Access::kPublic,
             {"Một nhóm thủ tục liên thông theo sự kiện.", "life-events"},
             [&s](http::Request& req, const Caller&) {
               const auto* e = s.life_events->Find(req.PathParam("id"));
               if (!e) return ErrorResponse(Status::NotFound("unknown_life_event", "id"), req);
               auto one = s.life_events->Describe(*e);
               if (!one.ok()) return ErrorResponse(one.status(), req);
               return http::Response::Json(200, *one);
             });

  router.Add("POST", "/api/v1/life-events/{id}/submissions", Access::kAuthenticated,
             {"Công dân nộp trực tuyến một lần cho cả nhóm thủ tục liên thông: tạo các hồ sơ "
              "liên kết (mỗi hồ sơ có mã, cơ quan và thời hạn riêng) trong một giao dịch. Hỗ trợ "
              "Idempotency-Key.",
              "life-events", true},
             [&s](http::Request& req, const Caller& caller) {
               // Who may comes before what was sent: staff get 403 whatever the body says.
               if (caller.principal->role != domain::Role::kCitizen)
                 return ErrorResponse(Status::PermissionDenied("role_cannot_act"), req);
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               auto in = ParseLifeEventSubmit(*body);
               if (!in.ok()) return ErrorResponse(in.status(), req);
               auto idem = IdempotencyOf(req);
               if (!idem.ok()) return ErrorResponse(idem.status(), req);
               auto reply =
                   s.life_events->Submit(*caller.principal, req.PathParam("id"), *in, *idem);
               if (!reply.ok()) return ErrorResponse(reply.status(), req);
               http::Response resp = http::Response::Json(reply->status_code, reply->body);
               if (reply->replayed) resp.headers.Set("Idempotent-Replayed", "true");
               return resp;
             });
}

}  // namespace motcua::api
