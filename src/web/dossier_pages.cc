// Dossier pages that call the dossier service directly: the citizen's online submission, and the
// dossier page (process-control sheet, history, the actions the user may take) for staff and the
// applicant. Forms carry the session's CSRF token in a hidden field.
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <vector>

#include "domain/applicant_json.h"
#include "domain/dossier_state.h"
#include "domain/timeliness.h"
#include "service/attachment_store.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/multipart.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string S(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

bool NeedsReason(std::string_view action) {
  return action == "send_back" || action == "reject" || action == "request_supplement" ||
         action == "extend" || action == "stop" || action == "withdraw";
}

http::Response SubmitForm(const Site& site, const Page& page, const domain::Procedure& p,
                          const std::multimap<std::string, std::string>& form,
                          const std::string& error, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "submit_online"));
  ctx["procedure"] =
      json::object{{"code", p.code}, {"name", p.name}, {"time_limit", p.time_limit.LabelVi()}};
  for (const char* k : {"full_name", "id_number", "date_of_birth", "phone", "email", "address"}) {
    ctx[std::string("f_") + k] = FormValue(form, k);
  }
  if (form.empty() && page.principal()) ctx["f_full_name"] = page.principal()->full_name;
  json::array comps;
  int n = 0;
  for (const auto& c : p.components) {
    std::string key = "c" + std::to_string(n);
    comps.push_back(json::object{{"n", n},
                                 {"name", c.name},
                                 {"originals", c.originals},
                                 {"copies", c.copies},
                                 {"required", c.required},
                                 {"checked", form.empty() || !FormValue(form, key).empty()}});
    ++n;
  }
  ctx["components"] = std::move(comps);
  json::array agencies;
  for (const auto& a : p.implementing_agencies) {
    auto rec = site.services->agencies->Get(a);
    agencies.push_back(json::object{{"code", a},
                                    {"name", rec.ok() ? rec->name : a},
                                    {"selected", FormValue(form, "competent_agency_code") == a}});
  }
  ctx["has_agencies"] = agencies.size() > 1;
  ctx["agencies"] = std::move(agencies);
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  return Render(site, page, "submit", std::move(ctx), status);
}

// The last supplement request of the dossier view (result.supplement_requests): {items, reason,
// at}; empty members when there is none.
json::object SupplementRequest(const json::object& d) {
  json::object box{{"items", json::array()}, {"reason", ""}, {"at", ""}};
  const json::value* result = d.if_contains("result");
  if (!result || !result->is_object()) return box;
  const json::value* requests = result->get_object().if_contains("supplement_requests");
  if (!requests || !requests->is_array() || requests->get_array().empty()) return box;
  const json::value& last = requests->get_array().back();
  if (!last.is_object()) return box;
  const json::object& r = last.get_object();
  json::array items;
  if (const json::value* m = r.if_contains("missing_items"); m && m->is_array())
    for (const auto& item : m->get_array())
      if (item.is_string()) items.push_back(item);
  // The counter's form sends the missing papers as the lines of the reason: show them once.
  std::string joined, reason = S(r, "reason");
  for (const auto& item : items)
    joined += (joined.empty() ? "" : "\n") + std::string(item.get_string());
  std::string flat = reason;
  std::erase(flat, '\r');
  while (!flat.empty() && (flat.back() == '\n' || flat.back() == ' ')) flat.pop_back();
  box["has_items"] = !items.empty();
  box["items"] = std::move(items);
  box["reason"] = flat == joined ? std::string() : reason;
  box["at"] = HumanTime(S(r, "at"));
  return box;
}

std::string ErrorText(const Page& page, const Status& st) {
  std::string msg = st.Message(page.locale);
  if (!st.field().empty()) msg += " (" + st.field() + ")";
  return msg;
}

http::Response DossierView(const Site& site, const Page& page, const std::string& code,
                           const std::string& error, const std::string& notice, int status) {
  auto got = site.services->dossiers->Get(page.principal(), code);
  if (!got.ok()) return ErrorPage(site, page, 404, Message(page.locale, "lookup_not_found"));
  const json::object& d = *got;
  json::object ctx = BaseContext(site, page, Message(page.locale, "dossier") + " " + code);
  json::object view{{"code", S(d, "code")},
                    {"procedure", S(d, "procedure")},
                    {"procedure_code", S(d, "procedure_code")},
                    {"status_text", StateLabel(page.locale, S(d, "status"))},
                    {"channel", ChannelLabel(page.locale, S(d, "channel"))},
                    {"received_at", HumanTime(S(d, "received_at"))},
                    {"submitted_at", HumanTime(S(d, "submitted_at"))},
                    {"due_at", HumanTime(S(d, "due_at"))},
                    {"current_agency", S(d, "current_agency")},
                    {"timeliness", TimelinessLabel(page.locale, S(d, "timeliness"))},
                    {"version", S(d, "version")}};
  if (const json::value* a = d.if_contains("applicant"); a && a->is_object()) {
    const json::object& ao = a->get_object();
    view["applicant"] = json::object{{"full_name", S(ao, "full_name")},
                                     {"id_number", S(ao, "id_number")},
                                     {"phone", S(ao, "phone")},
                                     {"address", S(ao, "address")}};
  }
  json::array steps;
  if (const json::value* sv = d.if_contains("steps"); sv && sv->is_array()) {
    for (const auto& s : sv->get_array()) {
      if (!s.is_object()) continue;
      const json::object& so = s.get_object();
      steps.push_back(json::object{
          {"name", S(so, "name")},
          {"agency", S(so, "agency")},
          {"started_at", HumanTime(S(so, "started_at"))},
          {"due_at", HumanTime(S(so, "due_at"))},
          {"ended_at", HumanTime(S(so, "ended_at"))},
          {"timeliness", TimelinessLabel(page.locale, S(so, "timeliness"))},
          {"timeliness_class", S(so, "timeliness")},
          {"current",
           so.contains("current") && so.at("current").is_bool() && so.at("current").get_bool()}});
    }
  }
  view["steps"] = std::move(steps);
  json::array history;
  if (const json::value* hv = d.if_contains("history"); hv && hv->is_array()) {
    for (const auto& h : hv->get_array()) {
      if (!h.is_object()) continue;
      const json::object& ho = h.get_object();
      history.push_back(json::object{{"at", HumanTime(S(ho, "at"))},
                                     {"actor", S(ho, "actor_name")},
                                     {"agency", S(ho, "agency")},
                                     {"action", ActionLabel(page.locale, S(ho, "action"))},
                                     {"to_status", StateLabel(page.locale, S(ho, "to_status"))},
                                     {"comment", S(ho, "comment")}});
    }
  }
  view["history"] = std::move(history);
  json::array actions;
  bool can_supplement = false;
  if (const json::value* av = d.if_contains("allowed_actions"); av && av->is_array()) {
    for (const auto& a : av->get_array()) {
      if (!a.is_string()) continue;
      std::string name(a.get_string());
      // The supplement goes through its own page, with the papers to upload.
      if (name == "supplement") {
        can_supplement = true;
        continue;
      }
      actions.push_back(
          json::object{{"name", name},
                       {"label", ActionLabel(page.locale, name)},
                       {"needs_reason", NeedsReason(name)},
                       {"is_extend", name == "extend"},
                       {"is_return", name == "return"},
                       {"danger", name == "reject" || name == "stop" || name == "withdraw"}});
    }
  }
  // The applicant rates the service once the result exists (Decree 61 questions).
  auto state = domain::ParseDossierState(S(d, "status"));
  view["can_rate"] = site.services->reports && page.principal() &&
                     page.principal()->role == domain::Role::kCitizen && state &&
                     domain::HasResult(*state);
  // What is missing while the dossier waits for the applicant (Mẫu 02: complete, once).
  if (state && (*state == domain::DossierState::kWaitingSupplement ||
                *state == domain::DossierState::kIncomplete)) {
    json::object box = SupplementRequest(d);
    box["can_supplement"] = can_supplement;
    view["supplement"] = std::move(box);
  } else {
    view["supplement"] = false;
  }
  view["has_actions"] = !actions.empty();
  view["actions"] = std::move(actions);
  ctx["d"] = std::move(view);
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["scripts"] = json::array{json::value(site.Asset("app.js"))};
  http::Response r = Render(site, page, "dossier", std::move(ctx), status);
  return r;
}

bool AllowsAction(const json::object& d, std::string_view action) {
  if (const json::value* av = d.if_contains("allowed_actions"); av && av->is_array())
    for (const auto& a : av->get_array())
      if (a.is_string() && a.get_string() == action) return true;
  return false;
}

// The supplement page: what is missing, one file input per missing paper plus "other papers".
// `errors` by field: "file<N>", "other", "files" (none chosen), "note".
http::Response SupplementPage(const Site& site, const Page& page, const std::string& code,
                              const std::map<std::string, std::string>& errors,
                              const std::string& general, const std::string& note, int status) {
  auto got = site.services->dossiers->Get(page.principal(), code);
  if (!got.ok()) return ErrorPage(site, page, 404, Message(page.locale, "lookup_not_found"));
  const json::object& d = *got;
  json::object ctx = BaseContext(site, page, Message(page.locale, "supplement_title") + " " + code);
  const bool open = AllowsAction(d, "supplement");
  json::object box = SupplementRequest(d);
  auto error_of = [&](const std::string& field) {
    auto it = errors.find(field);
    return it == errors.end() ? json::value(false) : json::value(it->second);
  };
  json::array files;
  int n = 0;
  for (const auto& item : box["items"].get_array()) {
    std::string id = "file" + std::to_string(n++);
    files.push_back(json::object{{"id", id}, {"label", item}, {"error", error_of(id)}});
  }
  ctx["code"] = code;
  ctx["procedure"] = S(d, "procedure");
  ctx["status_text"] = StateLabel(page.locale, S(d, "status"));
  ctx["version"] = S(d, "version");
  ctx["open"] = open;
  ctx["req"] = std::move(box);
  ctx["files"] = std::move(files);
  ctx["e_files"] = error_of("files");
  ctx["e_other"] = error_of("other");
  ctx["e_note"] = error_of("note");
  ctx["note"] = note;
  std::string top = general;
  if (top.empty() && !errors.empty()) top = Message(page.locale, "form_has_errors");
  ctx["error"] = top.empty() ? json::value(false) : json::value(top);
  if (!open && status == 200) status = 409;
  http::Response r = Render(site, page, "supplement", std::move(ctx), status);
  return r;
}

// "C:\\fakepath\\giay.pdf" or "a/b.pdf" -> the last component.
std::string BaseName(const std::string& name) {
  size_t slash = name.find_last_of("/\\");
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

http::Response SupplementPost(const Site& site, const Page& page, const std::string& code) {
  const http::Request& req = page.req;
  auto parts = ParseMultipart(req.Header("Content-Type").value_or(""), req.body);
  if (!parts)
    return SupplementPage(site, page, code, {}, Message(page.locale, "upload_failed"), "", 400);
  std::multimap<std::string, std::string> fields;
  for (const auto& p : *parts)
    if (!p.is_file) fields.emplace(p.name, p.data);
  std::string note = FormValue(fields, "note");
  if (!SessionCsrfOk(page, fields))
    return SupplementPage(site, page, code, {}, Message(page.locale, "csrf_failed"), note, 403);
  std::map<std::string, std::string> errors;
  if (note.size() > 2000)
    errors["note"] = Status::Validation("invalid_field", "note").Message(page.locale);
  // Check every file before storing any, so that a rejected upload leaves nothing behind.
  std::vector<const MultipartPart*> files;
  for (const auto& p : *parts) {
    if (!p.is_file || p.data.empty()) continue;
    if (!service::SniffAttachmentType(p.data)) {
      errors[p.name.rfind("file", 0) == 0 ? p.name : "other"] =
          Message(page.locale, "file_type_bad");
      continue;
    }
    files.push_back(&p);
  }
  if (files.empty() && errors.empty())
    errors["files"] = Message(page.locale, "supplement_no_files");
  if (!errors.empty()) return SupplementPage(site, page, code, errors, "", note, 422);
  service::ActionInput in;
  in.action = "supplement";
  try {
    in.version = std::stoll(FormValue(fields, "version"));
  } catch (...) {
    in.version = 0;
  }
  in.reason = note;
  // The dossier must still be waiting for this caller's supplement, at the version shown.
  auto view = site.services->dossiers->Get(page.principal(), code);
  if (!view.ok()) return ErrorPage(site, page, 404, Message(page.locale, "lookup_not_found"));
  if (!AllowsAction(*view, "supplement"))
    return SupplementPage(site, page, code, {}, "", note, 409);
  if (S(*view, "version") != std::to_string(in.version))
    return SupplementPage(site, page, code, {},
                          Status::Conflict("stale_version", "version").Message(page.locale), note,
                          409);
  // The papers and the supplement are one change: if the action fails, no attachment is left.
  std::vector<service::ActionFile> sent;
  for (const MultipartPart* f : files) sent.push_back({f->data, BaseName(f->filename)});
  auto reply = site.services->dossiers->ActWithFiles(page.session->principal, code, in, sent);
  if (!reply.ok()) {
    const std::string& field = reply.status().field();
    if (field.rfind("files[", 0) == 0) {
      size_t i = std::stoul(field.substr(6));
      const MultipartPart* f = i < files.size() ? files[i] : nullptr;
      errors[f && f->name.rfind("file", 0) == 0 ? f->name : "other"] =
          reply.status().Message(page.locale);
      return SupplementPage(site, page, code, errors, "", note, reply.status().http_status());
    }
    return SupplementPage(site, page, code, {}, ErrorText(page, reply.status()), note,
                          reply.status().http_status());
  }
  return Redirect("/ho-so/" + UrlEncode(code) + "?da-bo-sung=1");
}

}  // namespace

void RegisterDossierPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/nop-ho-so/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    if (page.session->principal.role != domain::Role::kCitizen)
      return ErrorPage(*s, page, 403, Message(page.locale, "citizens_only"));
    auto detail = s->services->catalogue->Get(req.PathParam("code"));
    if (!detail.ok() || detail->entry.retired)
      return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    return SubmitForm(*s, page, detail->entry.procedure, {}, "", 200);
  });

  router.Post("/nop-ho-so/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    auto form = FormBody(req);
    auto detail = s->services->catalogue->Get(req.PathParam("code"));
    if (!detail.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    const domain::Procedure& p = detail->entry.procedure;
    if (!SessionCsrfOk(page, form))
      return SubmitForm(*s, page, p, form, Message(page.locale, "csrf_failed"), 403);
    if (page.session->principal.role != domain::Role::kCitizen)
      return ErrorPage(*s, page, 403, Message(page.locale, "citizens_only"));
    json::object aj{{"type", "citizen"}};
    for (const char* k : {"full_name", "id_number", "date_of_birth", "phone", "email", "address"}) {
      std::string v = FormValue(form, k);
      if (!v.empty()) aj[k] = v;
    }
    auto applicant = domain::ApplicantFromJson(aj, "applicant");
    if (!applicant.ok())
      return SubmitForm(*s, page, p, form, ErrorText(page, applicant.status()), 422);
    service::SubmitInput in;
    in.procedure_code = p.code;
    in.channel = "online";
    in.applicant = std::move(applicant).value();
    in.competent_agency_code = FormValue(form, "competent_agency_code");
    in.return_method = FormValue(form, "return_method");
    for (size_t i = 0; i < p.components.size(); ++i) {
      if (FormValue(form, "c" + std::to_string(i)).empty()) continue;
      in.components.push_back(
          {p.components[i].name, p.components[i].originals, p.components[i].copies, false, {}});
    }
    service::Idempotency idem;
    idem.key = FormValue(form, "idempotency_key");
    idem.request_hash = req.path + "|" + req.body;
    auto reply = s->services->dossiers->Submit(page.session->principal, in, idem);
    if (!reply.ok()) return SubmitForm(*s, page, p, form, ErrorText(page, reply.status()), 422);
    std::string code = S(reply->body, "code");
    return Redirect("/ho-so/" + UrlEncode(code) + "?da-nop=1");
  });

  router.Get("/ho-so/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    std::string notice;
    if (req.Query("da-nop")) notice = Message(page.locale, "submitted_online");
    if (req.Query("da-thuc-hien")) notice = Message(page.locale, "action_done");
    if (req.Query("da-danh-gia")) notice = Message(page.locale, "rated");
    if (req.Query("da-bo-sung")) notice = Message(page.locale, "supplement_done");
    return DossierView(*s, page, req.PathParam("code"), "", notice, 200);
  });

  router.Get("/ho-so/{code}/bo-sung", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    return SupplementPage(*s, page, req.PathParam("code"), {}, "", "", 200);
  });

  router.Post("/ho-so/{code}/bo-sung", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap");
    return SupplementPost(*s, page, req.PathParam("code"));
  });

  router.Post("/ho-so/{code}/danh-gia", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap");
    auto form = FormBody(req);
    const std::string& code = req.PathParam("code");
    if (!SessionCsrfOk(page, form))
      return DossierView(*s, page, code, Message(page.locale, "csrf_failed"), "", 403);
    if (!s->services->reports) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    service::RatingInput in;
    in.dossier_code = code;
    in.channel = "online";
    auto answer = [&](const char* key) -> std::optional<int> {
      std::string v = FormValue(form, key);
      if (v == "0" || v == "1" || v == "2") return v[0] - '0';
      return std::nullopt;
    };
    in.answers.bodies_contacted = answer("bodies_contacted");
    in.answers.publication = answer("publication");
    in.answers.attitude = answer("attitude");
    in.answers.supplements = answer("supplements");
    in.comment = FormValue(form, "comment");
    auto rated = s->services->reports->Rate(page.principal(), in);
    if (!rated.ok()) {
      return DossierView(*s, page, code, ErrorText(page, rated.status()), "",
                         rated.status().http_status());
    }
    return Redirect("/ho-so/" + UrlEncode(code) + "?da-danh-gia=1");
  });

  router.Post("/ho-so/{code}/hanh-dong", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap");
    auto form = FormBody(req);
    const std::string& code = req.PathParam("code");
    if (!SessionCsrfOk(page, form))
      return DossierView(*s, page, code, Message(page.locale, "csrf_failed"), "", 403);
    service::ActionInput in;
    in.action = FormValue(form, "action");
    try {
      in.version = std::stoll(FormValue(form, "version"));
    } catch (...) {
      in.version = 0;
    }
    in.reason = FormValue(form, "reason");
    if (in.action == "request_supplement" && !in.reason.empty()) {
      size_t start = 0;
      while (start <= in.reason.size()) {
        size_t nl = in.reason.find('\n', start);
        std::string line = in.reason.substr(start, nl == std::string::npos ? nl : nl - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) in.missing_items.push_back(line);
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    }
    if (std::string due = FormValue(form, "new_due_at"); !due.empty()) {
      in.new_due_at = service::ParseInstant(due);
    }
    in.return_method = FormValue(form, "return_method");
    in.result_note = FormValue(form, "result_note");
    auto reply = s->services->dossiers->Act(page.session->principal, code, in);
    if (!reply.ok()) {
      return DossierView(*s, page, code, ErrorText(page, reply.status()), "",
                         reply.status().http_status());
    }
    return Redirect("/ho-so/" + UrlEncode(code) + "?da-thuc-hien=" + UrlEncode(in.action));
  });
}

}  // namespace motcua::web
