// /api/v1/dossiers/{code}/forms/{NN}.pdf|html and /api/v1/registers/{agency}: the official forms
// (Mẫu 01–07) of real dossiers (issue 7). The service builds and checks; this file maps URLs.
// These URLs are stable: the counter screen's print key opens /api/v1/dossiers/{code}/forms/01.pdf.
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/api_router.h"
#include "api/services.h"
#include "domain/local_date.h"
#include "service/forms_service.h"

namespace motcua::api {
namespace {

// "01.pdf" -> ("01", kPdf); form numbers are one or two digits.
Result<std::pair<std::string, service::FormFormat>> ParseFormFile(std::string_view file) {
  const auto dot = file.find('.');
  const Status bad(Code::kNotFound, "form_not_found", "form");
  if (dot == std::string_view::npos || dot == 0 || dot > 2) return bad;
  const std::string_view number = file.substr(0, dot);
  for (char ch : number)
    if (ch < '0' || ch > '9') return bad;
  const std::string_view ext = file.substr(dot + 1);
  if (ext == "pdf") return std::pair{std::string(number), service::FormFormat::kPdf};
  if (ext == "html") return std::pair{std::string(number), service::FormFormat::kHtml};
  return bad;
}

Result<domain::LocalDate> DateParam(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return Status::Validation("missing_field", name);
  auto d = domain::LocalDate::Parse(*v);
  if (!d) return Status::Validation("invalid_date", name);
  return *d;
}

http::Response Document(service::RenderedForm form, bool attachment) {
  const std::string name = form.file_name;
  http::Response r = http::Response::Text(200, std::move(form.bytes), form.content_type);
  r.headers.Set("Content-Disposition",
                std::string(attachment ? "attachment" : "inline") + "; filename=\"" + name + "\"");
  r.headers.Set("Cache-Control", "no-store");  // personal data
  return r;
}

}  // namespace

void RegisterFormsRoutes(ApiRouter& router, ApiServices& s) {
  router.Add("GET", "/api/v1/dossiers/{code}/forms/{file}", Access::kAuthenticated,
             {"In mẫu biểu của hồ sơ (Mẫu 01–07 theo Thông tư áp dụng tại ngày tiếp nhận): "
              "{file} là NN.pdf (khổ A5) hoặc NN.html (bản in từ trình duyệt), ví dụ 01.pdf là "
              "Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
              "forms"},
             [&s](http::Request& req, const Caller& caller) {
               auto file = ParseFormFile(req.PathParam("file"));
               if (!file.ok()) return ErrorResponse(file.status(), req);
               auto form = s.forms->RenderDossierForm(*caller.principal, req.PathParam("code"),
                                                      file->first, file->second);
               if (!form.ok()) return ErrorResponse(form.status(), req);
               return Document(std::move(form).value(), false);
             });

  router.Add("GET", "/api/v1/registers/{agency}", Access::kStaff,
             {"Sổ theo dõi hồ sơ của cơ quan tiếp nhận từ ngày from đến ngày to (YYYY-MM-DD), "
              "format=pdf (A4 ngang, mặc định), xlsx hoặc html.",
              "forms"},
             [&s](http::Request& req, const Caller& caller) {
               auto from = DateParam(req, "from");
               if (!from.ok()) return ErrorResponse(from.status(), req);
               auto to = DateParam(req, "to");
               if (!to.ok()) return ErrorResponse(to.status(), req);
               const std::string format = req.Query("format").value_or("pdf");
               service::FormFormat f;
               if (format == "pdf" || format.empty()) {
                 f = service::FormFormat::kPdf;
               } else if (format == "xlsx") {
                 f = service::FormFormat::kXlsx;
               } else if (format == "html") {
                 f = service::FormFormat::kHtml;
               } else {
                 return ErrorResponse(Status::Validation("invalid_field", "format"), req);
               }
               auto form = s.forms->RenderRegister(*caller.principal, req.PathParam("agency"),
                                                   *from, *to, f);
               if (!form.ok()) return ErrorResponse(form.status(), req);
               return Document(std::move(form).value(), f == service::FormFormat::kXlsx);
             });
}

}  // namespace motcua::api
