// Life events (Decree 63/2024): /su-kien lists the linked groups of procedures, /su-kien/{id} is
// the one online submission of a group (applicant once, the commune, each procedure's papers).
// The wizard's parts are those of the one-procedure wizard (web/submit_form.h); the dossiers and
// their link are one transaction in the service. Works without JavaScript.
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "service/catalogue_service.h"
#include "service/life_event_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"
#include "web/submit_form.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string ErrorText(const Page& page, const Status& st) {
  std::string msg = st.Message(page.locale);
  if (!st.field().empty()) msg += " (" + st.field() + ")";
  return msg;
}

std::string Prefix(size_t member) { return "m" + std::to_string(member) + "_"; }

http::Response ListPage(const Site& site, const Page& page) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "le_title"));
  auto all = site.services->life_events->DescribeAll();
  if (!all.ok()) return ErrorPage(site, page, 500, all.status().Message(page.locale));
  ctx["events"] = std::move(*all);
  return Render(site, page, "life_events", std::move(ctx));
}

// The wizard of one event; `file_errors` by file input ("m1_f0"), `field` the failed field.
http::Response EventForm(const Site& site, const Page& page, const domain::LifeEvent& e,
                         const std::multimap<std::string, std::string>& form,
                         const std::string& error, int status,
                         const std::map<std::string, std::string>& file_errors = {},
                         bool files_sent = false) {
  auto described = site.services->life_events->Describe(e);
  if (!described.ok()) return ErrorPage(site, page, 500, described.status().Message(page.locale));
  json::object ctx = BaseContext(site, page, e.name);
  json::object& ev = *described;
  // The communes with the one chosen.
  const std::string chosen = FormValue(form, "commune_code");
  for (auto& c : ev["communes"].as_array())
    c.as_object()["selected"] = c.as_object()["code"].as_string() == chosen;
  // Each member's papers, from the procedure in force, with the inputs' prefix.
  auto& members = ev["members"].as_array();
  for (size_t i = 0; i < members.size() && i < e.members.size(); ++i) {
    json::object& m = members[i].as_object();
    m["n"] = static_cast<int64_t>(i + 1);
    m["href"] = "/thu-tuc/" + UrlEncode(e.members[i].procedure_code);
    auto detail = site.services->catalogue->Get(e.members[i].procedure_code);
    m["components"] = detail.ok()
                          ? ComponentRows(detail->entry.procedure, form, file_errors, Prefix(i))
                          : json::array();
  }
  ctx["e"] = std::move(ev);
  ctx["signed_in_citizen"] = page.principal() && page.principal()->role == domain::Role::kCitizen;
  ctx["login_href"] = "/dang-nhap?next=" + UrlEncode("/su-kien/" + e.id);
  PutApplicantFields(ctx, form, page);
  ctx["upload_limit"] = UploadLimit(site);
  ctx["files_sent"] = files_sent;
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  ctx["scripts"] = json::array{json::value(site.Asset("app.js"))};  // upload progress
  return Render(site, page, "life_event", std::move(ctx), status);
}

http::Response EventPost(const Site& site, const Page& page, const domain::LifeEvent& e) {
  auto posted = ReadPostedForm(page.req);
  if (!posted) return EventForm(site, page, e, {}, Message(page.locale, "upload_failed"), 400);
  const auto& form = posted->fields;
  const bool files_sent = posted->files_sent;
  if (!SessionCsrfOk(page, form))
    return EventForm(site, page, e, form, Message(page.locale, "csrf_failed"), 403);
  if (page.session->principal.role != domain::Role::kCitizen)
    return ErrorPage(site, page, 403, Message(page.locale, "citizens_only"));
  auto applicant = ApplicantFromForm(form);
  if (!applicant.ok())
    return EventForm(site, page, e, form, ErrorText(page, applicant.status()), 422, {}, files_sent);
  service::LifeEventSubmitInput in;
  in.commune_code = FormValue(form, "commune_code");
  in.applicant = std::move(applicant).value();
  in.return_method = FormValue(form, "return_method");
  std::map<std::string, std::string> file_errors;
  std::vector<std::vector<std::string>> file_fields;
  for (size_t i = 0; i < e.members.size(); ++i) {
    auto detail = site.services->catalogue->Get(e.members[i].procedure_code);
    if (!detail.ok()) return ErrorPage(site, page, 404, Message(page.locale, "not_found"));
    ChosenComponents chosen = ChooseComponents(page, detail->entry.procedure, *posted, Prefix(i));
    in.components.push_back(std::move(chosen.components));
    in.files.push_back(std::move(chosen.files));
    file_fields.push_back(std::move(chosen.file_fields));
    file_errors.insert(chosen.file_errors.begin(), chosen.file_errors.end());
  }
  if (!file_errors.empty())
    return EventForm(site, page, e, form, Message(page.locale, "form_has_errors"), 422, file_errors,
                     files_sent);
  service::Idempotency idem;
  idem.key = FormValue(form, "idempotency_key");
  idem.request_hash = page.req.path + "|" + page.req.body;
  auto reply = site.services->life_events->Submit(page.session->principal, e.id, in, idem);
  if (!reply.ok()) {
    // "dossiers[i].files[k]": the file input it came from.
    const std::string& field = reply.status().field();
    size_t i = 0, k = 0;
    if (std::sscanf(field.c_str(), "dossiers[%zu].files[%zu]", &i, &k) == 2 &&
        i < file_fields.size() && k < file_fields[i].size()) {
      file_errors[file_fields[i][k]] = reply.status().Message(page.locale);
      return EventForm(site, page, e, form, Message(page.locale, "form_has_errors"),
                       reply.status().http_status(), file_errors, files_sent);
    }
    return EventForm(site, page, e, form, ErrorText(page, reply.status()),
                     reply.status().http_status(), {}, files_sent);
  }
  const auto& dossiers = reply->body.at("dossiers").as_array();
  std::string first(dossiers.front().at("code").as_string());
  return Redirect("/ho-so/" + UrlEncode(first) + "?da-nop-lien-thong=1");
}

}  // namespace

void RegisterLifeEventPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/su-kien", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return ListPage(*s, page);
  });

  router.Get("/su-kien/{id}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    const auto* e = s->services->life_events->Find(req.PathParam("id"));
    if (!e) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    return EventForm(*s, page, *e, {}, "", 200);
  });

  // The scans of every member's components come in this one form: the upload limit applies, and
  // only to a signed-in caller (SignedInUpload admits before the body is read).
  router.Post(
      "/su-kien/{id}",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
        const auto* e = s->services->life_events->Find(req.PathParam("id"));
        if (!e) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
        return EventPost(*s, page, *e);
      },
      SignedInUpload(site));
}

}  // namespace motcua::web
