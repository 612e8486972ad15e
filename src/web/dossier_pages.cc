// Dossier pages that call the dossier service directly: the citizen's online submission, and the
// dossier page (process-control sheet, history, the actions the user may take) for staff and the
// applicant. Forms carry the session's CSRF token in a hidden field.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "domain/applicant_json.h"
#include "domain/dossier_state.h"
#include "domain/timeliness.h"
#include "service/attachment_store.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/forms_service.h"
#include "service/life_event_service.h"
#include "service/report_service.h"
#include "web/dossier_extras.h"
#include "web/electronic_result.h"
#include "web/i18n.h"
#include "web/multipart.h"
#include "web/page_registry.h"
#include "web/payment_pages.h"
#include "web/postal_view.h"
#include "web/submit_form.h"

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

// The submission wizard; `file_errors` maps a component's file input ("f0", "f1", ...) to the
// reason its files were refused.
http::Response SubmitForm(const Site& site, const Page& page, const domain::Procedure& p,
                          const std::multimap<std::string, std::string>& form,
                          const std::string& error, int status,
                          const std::map<std::string, std::string>& file_errors = {},
                          bool files_sent = false) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "submit_online"));
  ctx["procedure"] =
      json::object{{"code", p.code}, {"name", p.name}, {"time_limit", p.time_limit.LabelVi()}};
  PutApplicantFields(ctx, form, page);
  ctx["components"] = ComponentRows(p, form, file_errors, "");
  ctx["upload_limit"] = UploadLimit(site);
  // Browsers do not keep chosen files across a page load: say so (the script restores them).
  ctx["files_sent"] = files_sent;
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
  ctx["scripts"] = json::array{json::value(site.Asset("app.js"))};  // upload progress
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
  return ErrorWithField(page.locale, st);
}

// "850 KB", "3,2 MB" (the decimal comma in Vietnamese, the point in English).
std::string HumanSize(const Page& page, int64_t bytes) {
  if (bytes < (1 << 20)) return std::to_string(std::max<int64_t>(1, (bytes + 512) / 1024)) + " KB";
  std::string mb = fmt::format("{:.1f}", static_cast<double>(bytes) / (1 << 20));
  if (!page.en()) std::replace(mb.begin(), mb.end(), '.', ',');
  return mb + " MB";
}

// The attachments viewer's list: every file of the dossier view, named by its component, opened
// in the browser through the API (the same access rules as the dossier).
json::array AttachmentList(const Page& page, const json::object& d) {
  std::map<int64_t, std::string> component_of;
  if (const json::value* cv = d.if_contains("components"); cv && cv->is_array())
    for (const auto& c : cv->get_array()) {
      if (!c.is_object()) continue;
      if (const json::value* ids = c.get_object().if_contains("attachment_ids");
          ids && ids->is_array())
        for (const auto& id : ids->get_array())
          if (id.is_int64()) component_of[id.get_int64()] = S(c.get_object(), "name");
    }
  json::array files;
  if (const json::value* av = d.if_contains("attachments"); av && av->is_array())
    for (const auto& a : av->get_array()) {
      if (!a.is_object()) continue;
      const json::object& f = a.get_object();
      const json::value* idv = f.if_contains("id");
      if (!idv || !idv->is_int64()) continue;
      const int64_t id = idv->get_int64();
      const std::string mime = S(f, "mime");
      std::string name = S(f, "original_name");
      if (name.empty()) name = Message(page.locale, "attachment") + " " + std::to_string(id);
      std::string part = component_of.count(id) ? component_of[id] : std::string();
      if (part.empty() && S(f, "kind") == "result") part = Message(page.locale, "result");
      const json::value* size = f.if_contains("size_bytes");
      files.push_back(json::object{
          {"name", name},
          {"href",
           "/api/v1/dossiers/" + UrlEncode(S(d, "code")) + "/attachments/" + std::to_string(id)},
          {"type", mime == "application/pdf" ? "PDF"
                   : mime == "image/png"     ? "PNG"
                                             : "JPEG"},
          {"is_image", mime != "application/pdf"},
          {"size", HumanSize(page, size && size->is_int64() ? size->get_int64() : 0)},
          {"component", part}});
    }
  return files;
}

// The dossiers submitted together as one life event, for the dossier page; false when none.
json::value LifeEventGroup(const Site& site, const Page& page, const json::object& d) {
  const json::value* le = d.if_contains("life_event");
  if (!le || !le->is_object()) return false;
  const json::object& g = le->get_object();
  std::string name = S(g, "id");
  if (site.services->life_events)
    if (const auto* e = site.services->life_events->Find(name)) name = e->name;
  json::array members;
  if (const json::value* mv = g.if_contains("dossiers"); mv && mv->is_array())
    for (const auto& m : mv->get_array()) {
      if (!m.is_object()) continue;
      const json::object& mo = m.get_object();
      const json::value* self = mo.if_contains("self");
      members.push_back(json::object{{"code", S(mo, "code")},
                                     {"href", "/ho-so/" + UrlEncode(S(mo, "code"))},
                                     {"procedure", S(mo, "procedure")},
                                     {"procedure_code", S(mo, "procedure_code")},
                                     {"status_text", StateLabel(page.locale, S(mo, "status"))},
                                     {"agency", S(mo, "agency")},
                                     {"competent_agency", S(mo, "competent_agency")},
                                     {"time_limit", S(mo, "time_limit")},
                                     {"due_at", HumanTime(S(mo, "due_at"))},
                                     {"self", self && self->is_bool() && self->get_bool()}});
    }
  return json::object{{"name", name}, {"dossiers", std::move(members)}};
}

// The official forms the dossier has in its present state (Mẫu 01 once received, 02 after a
// supplement request, 03 after a refusal, 04 after the extension, ...), as print links to
// /ho-so/{code}/in/NN.pdf. Only those: a button must never lead to "not available".
json::array PrintableForms(const Site& site, const Page& page, const std::string& code) {
  json::array out;
  if (!site.services->forms || !page.principal()) return out;
  auto forms = site.services->forms->AvailableForms(*page.principal(), code);
  if (!forms.ok()) return out;
  for (const auto& f : *forms) {
    out.push_back(json::object{{"number", f.number},
                               {"href", "/ho-so/" + UrlEncode(code) + "/in/" + f.number + ".pdf"},
                               {"label", Message(page.locale, "print_form") + " " + f.number},
                               {"title", f.title}});
  }
  return out;
}

http::Response DossierView(const Site& site, const Page& page, const std::string& code,
                           const std::string& error, const std::string& notice, int status,
                           const FeeFormInput* fee_form = nullptr) {
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
                                     {"address", S(ao, "address")},
                                     {"tax_code", S(ao, "tax_code")}};
    if (const json::value* r = ao.if_contains("representative"); r && r->is_object()) {
      const std::string pos = S(r->get_object(), "position");
      view["applicant"].get_object()["representative"] =
          S(r->get_object(), "full_name") + (pos.empty() ? std::string() : " — " + pos);
    }
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
          {"assignee_name", S(so, "assignee_name")},
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
  const json::array assignees = SpecialistChoices(site, page, d);
  // Electronic results (decision 0017): the actions giving the result may carry a PDF to sign.
  const json::value* signing = d.if_contains("result_signing");
  const bool result_signing = signing && signing->is_bool() && signing->get_bool();
  std::set<std::string> result_actions;
  if (const json::value* rv = d.if_contains("result_actions"); rv && rv->is_array())
    for (const auto& a : rv->get_array())
      if (a.is_string()) result_actions.insert(std::string(a.get_string()));
  if (const json::value* av = d.if_contains("allowed_actions"); av && av->is_array()) {
    for (const auto& a : av->get_array()) {
      if (!a.is_string()) continue;
      std::string name(a.get_string());
      // The supplement goes through its own page, with the papers to upload.
      if (name == "supplement") {
        can_supplement = true;
        continue;
      }
      // The financial obligation goes through the fee box (amount, payment).
      if (name == "request_payment" || name == "pay") continue;
      actions.push_back(json::object{
          {"name", name},
          {"label", ActionLabel(page.locale, name)},
          {"needs_reason", NeedsReason(name)},
          {"is_extend", name == "extend"},
          {"is_return", name == "return"},
          {"assignees", (name == "forward" || name == "approve") ? assignees : json::array()},
          {"has_assignees", (name == "forward" || name == "approve") && !assignees.empty()},
          {"danger", name == "reject" || name == "stop" || name == "withdraw"},
          {"is_result", result_signing && result_actions.count(name) > 0}});
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
  view["countdown"] = Countdown(page, d, site.services->clock->NowSeconds());
  json::array print_forms = PrintableForms(site, page, S(d, "code"));
  // Mẫu 01–06 also as a copy signed with the receiving agency's certificate.
  for (auto& f : print_forms) {
    json::object& fo = f.as_object();
    const std::string number = S(fo, "number");
    fo["signed_href"] =
        result_signing && number >= "01" && number <= "06"
            ? json::value("/ho-so/" + UrlEncode(S(d, "code")) + "/in-ky-so/" + number + ".pdf")
            : json::value(false);
  }
  view["print_forms"] = std::move(print_forms);
  view["electronic_result"] = ElectronicResultBox(page, d, true);
  json::array files = AttachmentList(page, d);
  view["has_attachments"] = !files.empty();
  view["attachments"] = std::move(files);
  if (const json::value* ca = d.if_contains("competent_agency"); ca && ca->is_object())
    view["competent_agency"] = S(ca->get_object(), "name");
  if (const json::value* ag = d.if_contains("agency"); ag && ag->is_object())
    view["receiving_agency"] = S(ag->get_object(), "name");
  view["life_event"] = LifeEventGroup(site, page, d);
  json::array parcels = PostalForPage(page.locale, d, true);
  view["has_postal"] = !parcels.empty();
  view["postal"] = std::move(parcels);
  view["notifications"] = DossierNotifications(site, page, S(d, "code"));
  view["payment"] = PaymentBox(site, page, d, fee_form);
  ctx["d"] = std::move(view);
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["scripts"] =
      json::array{json::value(site.Asset("app.js")), json::value(site.Asset("countdown.js"))};
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
  ctx["upload_limit"] = UploadLimit(site);
  std::string top = general;
  if (top.empty() && !errors.empty()) top = Message(page.locale, "form_has_errors");
  ctx["error"] = top.empty() ? json::value(false) : json::value(top);
  ctx["scripts"] = json::array{json::value(site.Asset("app.js"))};  // upload progress
  if (!open && status == 200) status = 409;
  http::Response r = Render(site, page, "supplement", std::move(ctx), status);
  return r;
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
  std::vector<service::SentFile> sent;
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

// The wizard's POST: url-encoded (no file chosen, or an old form) or multipart with each
// component's files in "f<n>". Files are checked by content before anything is stored, and the
// dossier, its attachment rows and their links are one transaction (SubmitWithFiles).
http::Response SubmitPost(const Site& site, const Page& page, const std::string& code) {
  const http::Request& req = page.req;
  auto detail = site.services->catalogue->Get(code);
  if (!detail.ok() || detail->entry.retired)
    return ErrorPage(site, page, 404, Message(page.locale, "not_found"));
  const domain::Procedure& p = detail->entry.procedure;
  auto posted = ReadPostedForm(req);
  if (!posted) return SubmitForm(site, page, p, {}, Message(page.locale, "upload_failed"), 400);
  const auto& form = posted->fields;
  const bool files_sent = posted->files_sent;
  if (!SessionCsrfOk(page, form))
    return SubmitForm(site, page, p, form, Message(page.locale, "csrf_failed"), 403);
  if (page.session->principal.role != domain::Role::kCitizen)
    return ErrorPage(site, page, 403, Message(page.locale, "citizens_only"));
  auto applicant = ApplicantFromForm(form);
  if (!applicant.ok())
    return SubmitForm(site, page, p, form, ErrorText(page, applicant.status()), 422, {},
                      files_sent);
  service::SubmitInput in;
  in.procedure_code = p.code;
  in.channel = "online";
  in.applicant = std::move(applicant).value();
  in.competent_agency_code = FormValue(form, "competent_agency_code");
  in.return_method = FormValue(form, "return_method");
  ChosenComponents chosen = ChooseComponents(page, p, *posted, "");
  in.components = std::move(chosen.components);
  auto& file_errors = chosen.file_errors;
  const auto& files = chosen.files;
  const auto& file_fields = chosen.file_fields;
  if (!file_errors.empty())
    return SubmitForm(site, page, p, form, Message(page.locale, "form_has_errors"), 422,
                      file_errors, files_sent);
  service::Idempotency idem;
  idem.key = FormValue(form, "idempotency_key");
  idem.request_hash = req.path + "|" + req.body;
  auto reply = site.services->dossiers->SubmitWithFiles(page.session->principal, in, files, idem);
  if (!reply.ok()) {
    const std::string& field = reply.status().field();
    if (field.starts_with("files[")) {
      size_t i = std::stoul(field.substr(6));
      if (i < file_fields.size()) file_errors[file_fields[i]] = reply.status().Message(page.locale);
      return SubmitForm(site, page, p, form, Message(page.locale, "form_has_errors"),
                        reply.status().http_status(), file_errors, files_sent);
    }
    return SubmitForm(site, page, p, form, ErrorText(page, reply.status()),
                      reply.status().http_status(), {}, files_sent);
  }
  return Redirect("/ho-so/" + UrlEncode(S(reply->body, "code")) + "?da-nop=1");
}

}  // namespace

http::Response RenderDossierPage(const Site& site, const Page& page, const std::string& code,
                                 const std::string& error, const std::string& notice, int status,
                                 const FeeFormInput* fee_form) {
  return DossierView(site, page, code, error, notice, status, fee_form);
}

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

  router.Post(
      "/nop-ho-so/{code}",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
        return SubmitPost(*s, page, req.PathParam("code"));
      },
      SignedInUpload(site));

  router.Get("/ho-so/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    std::string notice;
    if (req.Query("da-nop")) notice = Message(page.locale, "submitted_online");
    if (req.Query("da-nop-lien-thong")) notice = Message(page.locale, "le_submitted");
    if (req.Query("da-thuc-hien")) notice = Message(page.locale, "action_done");
    if (req.Query("da-danh-gia")) notice = Message(page.locale, "rated");
    if (req.Query("da-bo-sung")) notice = Message(page.locale, "supplement_done");
    if (req.Query("da-yeu-cau-phi")) notice = Message(page.locale, "pay_requested");
    if (req.Query("da-nop-phi")) notice = Message(page.locale, "pay_recorded");
    if (req.Query("da-hoan-phi")) notice = Message(page.locale, "pay_refunded");
    return DossierView(*s, page, req.PathParam("code"), "", notice, 200);
  });

  // A form of the dossier for printing (PDF, or HTML to print from the browser). A form the
  // dossier does not have, or may not be shown to this user, is a page saying so in words, with
  // the way back to the dossier — never the API's JSON.
  router.Get("/ho-so/{code}/in/{file}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    const std::string& code = req.PathParam("code");
    const std::string& file = req.PathParam("file");
    const size_t dot = file.find('.');
    const std::string number = file.substr(0, dot);
    const std::string ext = dot == std::string::npos ? std::string() : file.substr(dot + 1);
    auto fail = [&](int status, const std::string& why) {
      json::object ctx = BaseContext(*s, page, Message(page.locale, "form_unavailable_title"));
      ctx["status"] = status;
      ctx["message"] = why;
      ctx["back_href"] = "/ho-so/" + UrlEncode(code);
      ctx["back_label"] = Message(page.locale, "back_to_dossier");
      return Render(*s, page, "error", std::move(ctx), status);
    };
    const bool digits =
        !number.empty() && number.size() <= 2 &&
        std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || (ext != "pdf" && ext != "html") || !s->services->forms)
      return fail(404, Message(page.locale, "form_unknown"));
    auto form = s->services->forms->RenderDossierForm(
        page.session->principal, code, number,
        ext == "pdf" ? service::FormFormat::kPdf : service::FormFormat::kHtml);
    if (!form.ok()) {
      const Status& st = form.status();
      if (st.reason() == "form_not_applicable")
        return fail(404,
                    Message(page.locale, "form_not_available") + " " + st.Message(page.locale));
      if (st.reason() == "form_not_found") return fail(404, Message(page.locale, "form_unknown"));
      if (st.code() == Code::kPermissionDenied) return fail(403, Message(page.locale, "forbidden"));
      if (st.code() == Code::kNotFound) return fail(404, Message(page.locale, "lookup_not_found"));
      return fail(st.http_status(), st.Message(page.locale));
    }
    const std::string name = form->file_name;
    http::Response r = http::Response::Text(200, std::move(form->bytes), form->content_type);
    r.headers.Set("Content-Disposition", "inline; filename=\"" + name + "\"");
    r.headers.Set("Cache-Control", "no-store");  // personal data
    if (ext == "html") AddSecurityHeaders(r);
    return r;
  });

  router.Get("/ho-so/{code}/bo-sung", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    return SupplementPage(*s, page, req.PathParam("code"), {}, "", "", 200);
  });

  router.Post(
      "/ho-so/{code}/bo-sung",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap");
        return SupplementPost(*s, page, req.PathParam("code"));
      },
      SignedInUpload(site));

  router.Post(
      "/ho-so/{code}/danh-gia",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap");
        auto form = FormBody(req);
        const std::string& code = req.PathParam("code");
        if (!SessionCsrfOk(page, form))
          return DossierView(*s, page, code, Message(page.locale, "csrf_failed"), "", 403);
        if (!s->services->reports)
          return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
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
      },
      SmallForm());

  router.Post(
      "/ho-so/{code}/hanh-dong",
      [s](http::Request& req) {
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
        in.postal_tracking = FormValue(form, "postal_tracking");
        in.result_note = FormValue(form, "result_note");
        in.assignee = FormValue(form, "assignee");
        auto reply = s->services->dossiers->Act(page.session->principal, code, in);
        if (!reply.ok()) {
          return DossierView(*s, page, code, ErrorText(page, reply.status()), "",
                             reply.status().http_status());
        }
        return Redirect("/ho-so/" + UrlEncode(code) + "?da-thuc-hien=" + UrlEncode(in.action));
      },
      SmallForm());

  // Electronic results (decision 0017). The signed result PDF, for the applicant's account and
  // staff in scope (audited like the attachments).
  router.Get("/ho-so/{code}/ket-qua.pdf", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    const std::string& code = req.PathParam("code");
    auto file = s->services->dossiers->ResultDocument(page.session->principal, code);
    if (!file.ok()) {
      if (file.status().code() == Code::kNotFound)
        return ErrorPage(*s, page, 404,
                         file.status().reason() == "result_not_found"
                             ? file.status().Message(page.locale)
                             : Message(page.locale, "lookup_not_found"));
      return ErrorPage(*s, page, file.status().http_status(), ErrorText(page, file.status()));
    }
    http::Response r;
    r.status = 200;
    r.file_path = file->path;
    r.headers.Set("Content-Type", "application/pdf");
    r.headers.Set("Content-Disposition", "inline; filename=\"ket-qua.pdf\"");
    r.headers.Set("Cache-Control", "private, no-store");  // personal data
    return r;
  });

  // The action giving the result (approve at the last step, finish) with the result document
  // to sign: multipart with result_file (optional: an online dossier then gets the generated
  // notice), action, version, result_note.
  router.Post(
      "/ho-so/{code}/ket-qua",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap");
        const std::string& code = req.PathParam("code");
        auto posted = ReadPostedForm(req);
        if (!posted)
          return DossierView(*s, page, code, Message(page.locale, "upload_failed"), "", 400);
        if (!SessionCsrfOk(page, posted->fields))
          return DossierView(*s, page, code, Message(page.locale, "csrf_failed"), "", 403);
        service::ActionInput in;
        in.action = FormValue(posted->fields, "action");
        try {
          in.version = std::stoll(FormValue(posted->fields, "version"));
        } catch (...) {
          in.version = 0;
        }
        in.result_note = FormValue(posted->fields, "result_note");
        std::optional<service::SentFile> file;
        if (posted->parts)
          for (const auto& p : *posted->parts)
            if (p.is_file && p.name == "result_file" && !p.filename.empty())
              file = service::SentFile{p.data, BaseName(p.filename), 0};
        auto reply = s->services->dossiers->ActWithResult(page.session->principal, code, in,
                                                          file ? &*file : nullptr);
        if (!reply.ok())
          return DossierView(*s, page, code, ErrorText(page, reply.status()), "",
                             reply.status().http_status());
        return Redirect("/ho-so/" + UrlEncode(code) + "?da-thuc-hien=" + UrlEncode(in.action));
      },
      SignedInUpload(site));

  // Mẫu 01–06 signed with the receiving agency's certificate: the print route's PDF, signed.
  router.Get("/ho-so/{code}/in-ky-so/{file}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    const std::string& code = req.PathParam("code");
    const std::string& file = req.PathParam("file");
    const std::string number = file.size() == 6 ? file.substr(0, 2) : std::string();
    if (file.size() != 6 || file.substr(2) != ".pdf" || number < "01" || number > "06" ||
        !std::isdigit(static_cast<unsigned char>(number[0])) ||
        !std::isdigit(static_cast<unsigned char>(number[1])) || !s->services->forms)
      return ErrorPage(*s, page, 404, Message(page.locale, "form_unknown"));
    auto form = s->services->forms->RenderDossierForm(page.session->principal, code, number,
                                                      service::FormFormat::kPdf);
    if (!form.ok()) {
      const Status& st = form.status();
      if (st.code() == Code::kNotFound || st.reason() == "form_not_applicable")
        return ErrorPage(*s, page, 404, st.Message(page.locale));
      return ErrorPage(*s, page, st.http_status(), ErrorText(page, st));
    }
    auto signed_pdf =
        s->services->dossiers->SignForm(page.session->principal, code, form->bytes, number);
    if (!signed_pdf.ok())
      return ErrorPage(*s, page, signed_pdf.status().http_status(),
                       ErrorText(page, signed_pdf.status()));
    http::Response r = http::Response::Text(200, std::move(*signed_pdf), "application/pdf");
    r.headers.Set("Content-Disposition", "inline; filename=\"mau-" + number + "-ky-so.pdf\"");
    r.headers.Set("Cache-Control", "private, no-store");  // personal data
    return r;
  });
}

}  // namespace motcua::web
