// /api/v1/dossiers, /api/v1/attachments, /api/v1/queues, /api/v1/lookup, /api/v1/my/dossiers:
// the dossier lifecycle over HTTP (issue 5). The service owns transactions and permissions; this
// file reads requests and writes replies.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/services.h"
#include "api/submit_json.h"
#include "common/crypto.h"
#include "common/json_util.h"
#include "common/percent_encode.h"
#include "domain/applicant_json.h"
#include "service/dossier_service.h"

namespace motcua::api {
namespace {

namespace json = boost::json;

http::Response Fail(const Status& st, const http::Request& req) { return ErrorResponse(st, req); }

http::Response ReplyResponse(const service::Reply& r) {
  http::Response resp = http::Response::Json(r.status_code, r.body);
  if (r.replayed) resp.headers.Set("Idempotent-Replayed", "true");
  return resp;
}

// The signed result PDF (decision 0017): an ASCII name from the dossier code, no caching.
http::Response ResultFileResponse(const service::ResultFile& file, const std::string& code) {
  http::Response r;
  r.status = 200;
  r.file_path = file.path;
  r.headers.Set("Content-Type", "application/pdf");
  std::string name = "ket-qua-";
  for (char c : code)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  r.headers.Set("Content-Disposition", "inline; filename=\"" + name + ".pdf\"");
  r.headers.Set("Cache-Control", "private, no-store");  // personal data
  return r;
}

Result<std::vector<std::string>> StringList(const json::object& o, std::string_view field) {
  std::vector<std::string> out;
  auto* v = o.if_contains(field);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return Status::Validation("invalid_field", std::string(field));
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return Status::Validation("invalid_field", std::string(field));
    std::string s = Trim(std::string_view(item.as_string()));
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> OptString(const json::object& o, std::string_view field) {
  MOTCUA_ASSIGN_OR_RETURN(auto v, OptionalString(o, field));
  return v.value_or("");
}

Result<service::SubmitInput> ParseSubmit(const json::object& body) {
  service::SubmitInput in;
  MOTCUA_ASSIGN_OR_RETURN(in.procedure_code, RequireString(body, "procedure_code"));
  MOTCUA_ASSIGN_OR_RETURN(in.channel, RequireString(body, "channel"));
  for (auto [field, dest] :
       {std::pair{"agency_code", &in.agency_code},
        std::pair{"competent_agency_code", &in.competent_agency_code},
        std::pair{"outcome", &in.outcome}, std::pair{"reason", &in.reason},
        std::pair{"return_method", &in.return_method},
        std::pair{"postal_tracking", &in.postal_tracking}, std::pair{"note", &in.note}}) {
    MOTCUA_ASSIGN_OR_RETURN(*dest, OptString(body, field));
  }
  MOTCUA_ASSIGN_OR_RETURN(in.missing_items, StringList(body, "missing_items"));
  auto* applicant = body.if_contains("applicant");
  if (!applicant || applicant->is_null()) return Status::Validation("missing_field", "applicant");
  MOTCUA_ASSIGN_OR_RETURN(in.applicant, domain::ApplicantFromJson(*applicant));
  MOTCUA_ASSIGN_OR_RETURN(in.components, ComponentsFromJson(body, "components"));
  return in;
}

Result<service::ActionInput> ParseAction(const json::object& body) {
  service::ActionInput in;
  MOTCUA_ASSIGN_OR_RETURN(in.action, RequireString(body, "action"));
  MOTCUA_ASSIGN_OR_RETURN(auto version, OptionalInt(body, "version"));
  if (!version) return Status::Validation("missing_field", "version");
  in.version = *version;
  for (auto [field, dest] :
       {std::pair{"reason", &in.reason}, std::pair{"return_method", &in.return_method},
        std::pair{"postal_tracking", &in.postal_tracking},
        std::pair{"result_note", &in.result_note}, std::pair{"assignee", &in.assignee}}) {
    MOTCUA_ASSIGN_OR_RETURN(*dest, OptString(body, field));
  }
  MOTCUA_ASSIGN_OR_RETURN(in.missing_items, StringList(body, "missing_items"));
  MOTCUA_ASSIGN_OR_RETURN(in.attachment_ids, IdList(body, "attachment_ids"));
  MOTCUA_ASSIGN_OR_RETURN(in.result_attachment_id, OptionalInt(body, "result_attachment_id"));
  if (auto* v = body.if_contains("new_due_at"); v && !v->is_null()) {
    if (v->is_int64()) {
      in.new_due_at = v->as_int64();
    } else if (v->is_string()) {
      in.new_due_at = service::ParseInstant(std::string_view(v->as_string()));
      if (!in.new_due_at) return Status::Validation("invalid_field", "new_due_at");
    } else {
      return Status::Validation("invalid_field", "new_due_at");
    }
  }
  return in;
}

int IntQuery(const http::Request& req, const char* name, int dflt) {
  auto v = req.Query(name);
  if (!v || v->empty() || v->size() > 6) return dflt;
  for (char c : *v)
    if (c < '0' || c > '9') return dflt;
  return std::stoi(*v);
}

}  // namespace

void RegisterDossierRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "POST", "/api/v1/attachments", Access::kAuthenticated,
      {"Tải lên tệp đính kèm (PDF, JPEG, PNG; kiểm tra theo nội dung) — thân yêu cầu là "
       "nội dung tệp; trả về id và SHA-256 để tham chiếu trong hồ sơ.",
       "dossiers"},
      [&s](http::Request& req, const Caller& caller) {
        auto ct = req.Header("Content-Type").value_or("");
        if (ct.rfind("application/pdf", 0) != 0 && ct.rfind("image/", 0) != 0 &&
            ct.rfind("application/octet-stream", 0) != 0)
          return Fail(Status(Code::kUnsupportedMediaType, "unsupported_file_type", "Content-Type"),
                      req);
        auto rec = s.dossiers->Upload(*caller.principal, req.body, req.Query("name").value_or(""),
                                      req.Query("kind").value_or("component"));
        if (!rec.ok()) return Fail(rec.status(), req);
        return http::Response::Json(201, json::object{{"id", rec->id},
                                                      {"sha256", rec->sha256},
                                                      {"mime", rec->mime},
                                                      {"size_bytes", rec->size_bytes},
                                                      {"kind", rec->kind},
                                                      {"original_name", rec->original_name}});
      },
      RouteLimits::Body(http::BodyKind::kUpload));

  router.Add("POST", "/api/v1/dossiers", Access::kAuthenticated,
             {"Tiếp nhận hồ sơ tại quầy, đăng ký hồ sơ qua bưu chính (cán bộ một cửa) hoặc nộp "
              "trực tuyến (công dân). Hỗ trợ Idempotency-Key.",
              "dossiers", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return Fail(body.status(), req);
               auto in = ParseSubmit(*body);
               if (!in.ok()) return Fail(in.status(), req);
               auto idem = IdempotencyOf(req);
               if (!idem.ok()) return Fail(idem.status(), req);
               auto reply = s.dossiers->Submit(*caller.principal, *in, *idem);
               if (!reply.ok()) return Fail(reply.status(), req);
               return ReplyResponse(*reply);
             });

  router.Add(
      "GET", "/api/v1/dossiers/{code}", Access::kPublic,
      {"Chi tiết hồ sơ (các bước, lịch sử, thao tác được phép) cho cán bộ có thẩm quyền, "
       "người nộp đã đăng nhập, hoặc người nộp cung cấp số điện thoại (?phone=).",
       "dossiers"},
      [&s](http::Request& req, const Caller& caller) {
        std::string phone = req.Query("phone").value_or("");
        if (!caller.principal && phone.empty()) return Fail(Status::Unauthenticated(), req);
        auto view = s.dossiers->Get(caller.principal, req.PathParam("code"), phone);
        if (!view.ok()) return Fail(view.status(), req);
        return http::Response::Json(200, *view);
      },
      // Guessing codes with a known phone number (or numbers for a known code) is
      // limited per account and per address, whoever asks, staff excepted.
      RouteLimits().Throttled(
          [&s](const http::Request& req, const service::Principal* p) -> int64_t {
            if (!req.Query("phone") || !s.limits) return 0;
            return s.limits->PhoneCheck(req.remote_address, p);
          },
          "too_many_phone_checks"));

  router.Add("GET", "/api/v1/dossiers/{code}/attachments/{id}", Access::kAuthenticated,
             {"Xem một tệp đính kèm của hồ sơ (PDF, JPEG, PNG) — cho cán bộ có thẩm quyền và "
              "người nộp; mở ngay trong trình duyệt.",
              "dossiers"},
             [&s](http::Request& req, const Caller& caller) {
               const std::string& id_text = req.PathParam("id");
               int64_t id = 0;
               if (id_text.empty() || id_text.size() > 18 ||
                   id_text.find_first_not_of("0123456789") != std::string::npos)
                 return Fail(Status::NotFound(), req);
               id = std::stoll(id_text);
               auto file = s.dossiers->Attachment(*caller.principal, req.PathParam("code"), id);
               if (!file.ok()) return Fail(file.status(), req);
               http::Response r;
               r.status = 200;
               r.file_path = file->path;
               r.headers.Set("Content-Type", file->record.mime);
               // An ASCII name for old clients, the applicant's own (UTF-8) name for the rest.
               const std::string ext = file->record.mime == "application/pdf" ? ".pdf"
                                       : file->record.mime == "image/png"     ? ".png"
                                                                              : ".jpg";
               r.headers.Set("Content-Disposition", "inline; filename=\"tep-" + id_text + ext +
                                                        "\"; filename*=UTF-8''" +
                                                        PercentEncode(file->record.original_name));
               r.headers.Set("Cache-Control", "private, no-store");  // personal data
               return r;
             });

  router.Add("GET", "/api/v1/dossiers/{code}/result", Access::kAuthenticated,
             {"Tải kết quả điện tử của hồ sơ (PDF ký số PAdES bằng chứng thư số của cơ quan) — "
              "cho người nộp và cán bộ có thẩm quyền.",
              "dossiers"},
             [&s](http::Request& req, const Caller& caller) {
               auto file = s.dossiers->ResultDocument(*caller.principal, req.PathParam("code"));
               if (!file.ok()) return Fail(file.status(), req);
               return ResultFileResponse(*file, req.PathParam("code"));
             });

  router.Add("POST", "/api/v1/dossiers/{code}/actions", Access::kAuthenticated,
             {"Thực hiện thao tác trên hồ sơ (receive, forward, send_back, approve, reject, "
              "request_supplement, supplement, extend, stop, withdraw, finish, return...) với "
              "số phiên bản (version) đã đọc. Hỗ trợ Idempotency-Key.",
              "dossiers", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return Fail(body.status(), req);
               auto in = ParseAction(*body);
               if (!in.ok()) return Fail(in.status(), req);
               auto idem = IdempotencyOf(req);
               if (!idem.ok()) return Fail(idem.status(), req);
               auto reply = s.dossiers->Act(*caller.principal, req.PathParam("code"), *in, *idem);
               if (!reply.ok()) return Fail(reply.status(), req);
               return ReplyResponse(*reply);
             });

  router.Add("GET", "/api/v1/queues/{name}", Access::kStaff,
             {"Hàng đợi công việc (to_receive, to_appraise, to_approve, to_return, due_soon, "
              "overdue, waiting_applicant) trong phạm vi cơ quan, theo thời gian còn lại.",
              "dossiers"},
             [&s](http::Request& req, const Caller& caller) {
               auto q = s.dossiers->Queue(*caller.principal, req.PathParam("name"),
                                          IntQuery(req, "limit", 50), IntQuery(req, "offset", 0));
               if (!q.ok()) return Fail(q.status(), req);
               return http::Response::Json(200, *q);
             });

  router.Add("GET", "/api/v1/lookup/{code}", Access::kPublic,
             {"Tra cứu công khai tình trạng hồ sơ theo mã (tên người nộp được che; giới hạn số lần "
              "tra cứu theo địa chỉ).",
              "dossiers"},
             [&s](http::Request& req, const Caller&) {
               if (int64_t wait = s.dossiers->LookupRetryAfter(req.remote_address); wait > 0)
                 return ErrorResponse(Status(Code::kTooManyRequests, "too_many_requests"), req,
                                      wait);
               auto v = s.dossiers->Lookup(req.PathParam("code"));
               if (!v.ok()) return Fail(v.status(), req);
               return http::Response::Json(200, *v);
             });

  router.Add("GET", "/api/v1/my/dossiers", Access::kAuthenticated,
             {"Hồ sơ của tôi (công dân).", "dossiers"},
             [&s](http::Request& req, const Caller& caller) {
               auto v = s.dossiers->MyDossiers(*caller.principal, IntQuery(req, "limit", 50),
                                               IntQuery(req, "offset", 0));
               if (!v.ok()) return Fail(v.status(), req);
               return http::Response::Json(200, *v);
             });
}

}  // namespace motcua::api
