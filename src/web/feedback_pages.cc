// Citizen feedback without JavaScript: rating the service with the Decree 61 questions at the hall
// kiosk (/kiosk/danh-gia) and on the portal (/danh-gia/{code}), and complaints and requests
// (phản ánh, kiến nghị — PAKN) at /phan-anh and /kiosk/phan-anh.
//
// Anonymous visitors prove that they hold the receipt with the last four digits of the
// applicant's id number or phone (checked by ReportService::Rate); those attempts, and anonymous
// complaints, count against the per-address limit of the public lookup so that four digits cannot
// be guessed by brute force. Anonymous forms carry the double-submit form token, logged-in ones
// the session's CSRF token. Errors are shown next to their field; a success redirects (303).
#include <boost/json.hpp>
#include <map>
#include <optional>

#include "domain/applicant.h"
#include "service/dossier_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using Form = std::multimap<std::string, std::string>;

constexpr int kKioskIdleSeconds = 120;
constexpr int kKioskThanksSeconds = 20;  // the thank-you screen returns to the start sooner
constexpr size_t kMaxComment = 2000;
constexpr size_t kMaxComplaint = 8000;
constexpr size_t kMaxShort = 200;

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool CsrfOk(const Page& page, const Form& form) {
  return page.session ? SessionCsrfOk(page, form) : FormTokenOk(page, form);
}

// Field errors by form field; `general` is shown above the form.
struct Errors {
  std::map<std::string, std::string> fields;
  std::string general;
  bool any() const { return !fields.empty() || !general.empty(); }
};

void PutErrors(json::object& ctx, const Page& page, const Errors& e,
               std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    auto it = e.fields.find(f);
    ctx[std::string("e_") + f] =
        it == e.fields.end() ? json::value(false) : json::value(it->second);
  }
  std::string general = e.general;
  if (general.empty() && !e.fields.empty()) general = Message(page.locale, "form_has_errors");
  ctx["error"] = general.empty() ? json::value(false) : json::value(general);
}

void MakeKiosk(json::object& ctx, int idle_seconds = kKioskIdleSeconds) {
  ctx["layout"] = "kiosk_layout";
  ctx["idle_seconds"] = idle_seconds;
  ctx["kiosk"] = true;
}

// Renders a form page; anonymous visitors get the form token in a hidden field and a cookie.
http::Response RenderForm(const Site& site, const Page& page, const std::string& name,
                          json::object ctx, int status) {
  std::string token;
  if (!page.session) {
    token = FormToken(page, nullptr);
    ctx["form_token"] = token;
  }
  http::Response r = Render(site, page, name, std::move(ctx), status);
  if (!token.empty()) {
    r.headers.Add("Set-Cookie",
                  std::string(kFormCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
  }
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

// The per-address limit shared with the public lookup: 0 to go on, else seconds to wait.
int64_t Throttle(const Site& site, const Page& page) {
  if (!site.services->dossiers) return 0;
  return site.services->dossiers->LookupRetryAfter(page.req.remote_address);
}

// ---------------------------------------------------------------------------------------------
// Rating (Decree 61/2018 Art. 31: the applicant's answers for indicators 3, 4, 6 and 7).

struct Question {
  const char* key;
  const char* legend;
  const char* labels[3];  // for 2, 1, 0 points
};
constexpr Question kQuestions[] = {
    {"bodies_contacted", "rate_bodies", {"rate_bodies_2", "rate_bodies_1", "rate_bodies_0"}},
    {"supplements",
     "rate_supplements",
     {"rate_supplements_2", "rate_supplements_1", "rate_supplements_0"}},
    {"publication", "rate_publication", {"rate_good", "rate_fair", "rate_bad"}},
    {"attitude", "rate_attitude", {"rate_good", "rate_fair", "rate_bad"}},
};

struct RatingForm {
  std::string code;
  std::string verifier;
  std::string comment;
  std::map<std::string, std::string> answers;  // question key -> "0", "1" or "2"
};

RatingForm ReadRating(const Form& form) {
  RatingForm f;
  f.verifier = Trim(FormValue(form, "verifier"));
  f.comment = Trim(FormValue(form, "comment"));
  for (const auto& q : kQuestions) {
    std::string v = FormValue(form, q.key);
    if (v == "0" || v == "1" || v == "2") f.answers[q.key] = v;
  }
  return f;
}

json::array Questions(const Page& page, const RatingForm& f) {
  json::array out;
  for (const auto& q : kQuestions) {
    json::array options;
    for (int points = 2; points >= 0; --points) {
      std::string value = std::to_string(points);
      auto it = f.answers.find(q.key);
      options.push_back(json::object{{"id", std::string(q.key) + "-" + value},
                                     {"value", value},
                                     {"label", Message(page.locale, q.labels[2 - points])},
                                     {"checked", it != f.answers.end() && it->second == value}});
    }
    out.push_back(json::object{{"key", q.key},
                               {"legend", Message(page.locale, q.legend)},
                               {"options", std::move(options)}});
  }
  return out;
}

// Whether the logged-in citizen submitted the dossier (then no verifier is needed online).
bool IsOwner(const Site& site, const Page& page, const std::string& code) {
  const service::Principal* p = page.principal();
  if (!p || p->role != domain::Role::kCitizen || !site.services->dossiers || code.empty())
    return false;
  return site.services->dossiers->Get(p, code).ok();
}

// The rating page: at the kiosk the code is typed in (or comes from the kiosk lookup as ?ma=);
// on the portal it is part of the address.
http::Response RatingPage(const Site& site, const Page& page, bool kiosk, const RatingForm& f,
                          const Errors& errors, bool done, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "rate_title"));
  if (kiosk) MakeKiosk(ctx, done ? kKioskThanksSeconds : kKioskIdleSeconds);
  ctx["action"] = kiosk ? std::string("/kiosk/danh-gia") : "/danh-gia/" + UrlEncode(f.code);
  ctx["code"] = f.code;
  ctx["code_fixed"] = !kiosk;
  ctx["owner"] = !kiosk && IsOwner(site, page, f.code);
  ctx["comment"] = f.comment;
  ctx["questions"] = Questions(page, f);
  ctx["done"] = done;
  ctx["again_href"] = kiosk ? std::string("/kiosk/danh-gia") : "/tra-cuu/" + UrlEncode(f.code);
  ctx["again_label"] =
      kiosk ? Message(page.locale, "rate_another") : Message(page.locale, "lookup_title");
  PutErrors(ctx, page, errors, {"dossier_code", "verifier", "answers", "comment"});
  return RenderForm(site, page, "rate", std::move(ctx), status);
}

http::Response RatingPost(const Site& site, Page& page, bool kiosk, const std::string& path_code) {
  Form form = FormBody(page.req);
  RatingForm f = ReadRating(form);
  f.code = kiosk ? Trim(FormValue(form, "ma")) : path_code;
  if (f.code.size() > 64) f.code.resize(64);
  Errors errors;
  if (!CsrfOk(page, form)) {
    errors.general = Message(page.locale, "csrf_failed");
    return RatingPage(site, page, kiosk, f, errors, false, 403);
  }
  if (f.code.empty())
    errors.fields["dossier_code"] =
        Status::Validation("missing_field", "dossier_code").Message(page.locale);
  if (f.comment.size() > kMaxComment)
    errors.fields["comment"] = Status::Validation("invalid_field", "comment").Message(page.locale);
  if (errors.any()) return RatingPage(site, page, kiosk, f, errors, false, 422);
  const bool owner = !kiosk && IsOwner(site, page, f.code);
  if (!owner) {
    if (int64_t wait = Throttle(site, page); wait > 0) {
      errors.general = Message(page.locale, "too_many_attempts");
      http::Response r = RatingPage(site, page, kiosk, f, errors, false, 429);
      r.headers.Set("Retry-After", std::to_string(wait));
      return r;
    }
  }
  service::RatingInput in;
  in.dossier_code = f.code;
  in.channel = kiosk ? "kiosk" : "online";
  auto answer = [&](const char* key) -> std::optional<int> {
    auto it = f.answers.find(key);
    if (it == f.answers.end()) return std::nullopt;
    return it->second[0] - '0';
  };
  in.answers.bodies_contacted = answer("bodies_contacted");
  in.answers.supplements = answer("supplements");
  in.answers.publication = answer("publication");
  in.answers.attitude = answer("attitude");
  in.comment = f.comment;
  if (!owner) in.verifier = f.verifier;
  auto rated = site.services->reports->Rate(page.principal(), in);
  if (!rated.ok()) {
    const Status& st = rated.status();
    const std::string& field = st.field();
    if (field == "dossier_code") {
      errors.fields["dossier_code"] = st.code() == Code::kNotFound
                                          ? Message(page.locale, "lookup_not_found")
                                          : st.Message(page.locale);
    } else if (field == "verifier" || field == "answers") {
      errors.fields[field] = st.Message(page.locale);
    } else if (st.code() == Code::kPermissionDenied && !owner) {
      // A logged-in visitor who is not the applicant proves the receipt like anyone else.
      errors.fields["verifier"] =
          Status::Validation("missing_field", "verifier").Message(page.locale);
    } else {
      errors.general = st.Message(page.locale);
    }
    return RatingPage(site, page, kiosk, f, errors, false, st.http_status());
  }
  if (kiosk) return Redirect("/kiosk/danh-gia?da-danh-gia=1");
  if (owner) return Redirect("/ho-so/" + UrlEncode(f.code) + "?da-danh-gia=1");
  return Redirect("/danh-gia/" + UrlEncode(f.code) + "?da-danh-gia=1");
}

// ---------------------------------------------------------------------------------------------
// Complaints and requests (PAKN).

struct ComplaintForm {
  std::string code, agency_code, official, content, full_name, phone, email;
};

ComplaintForm ReadComplaint(const Form& form) {
  ComplaintForm f;
  f.code = Trim(FormValue(form, "ma"));
  f.agency_code = Trim(FormValue(form, "agency_code"));
  f.official = Trim(FormValue(form, "official"));
  f.content = Trim(FormValue(form, "content"));
  f.full_name = Trim(FormValue(form, "full_name"));
  f.phone = Trim(FormValue(form, "phone"));
  f.email = Trim(FormValue(form, "email"));
  return f;
}

// The text the agency reads: the complaint, then who it is about and whom to answer (the
// complaint record has no contact columns; the answer goes back through these).
std::string ComplaintText(const ComplaintForm& f) {
  std::string text = f.content;
  if (!f.official.empty()) text += "\n\nCán bộ liên quan: " + f.official;
  std::string contact = f.full_name;
  for (const std::string* part : {&f.phone, &f.email}) {
    if (part->empty()) continue;
    if (!contact.empty()) contact += " · ";
    contact += *part;
  }
  if (!contact.empty()) text += "\n\nNgười phản ánh: " + contact;
  return text;
}

http::Response ComplaintPage(const Site& site, const Page& page, bool kiosk, const ComplaintForm& f,
                             const Errors& errors, const std::string& notice, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "complaint_title"));
  if (kiosk) MakeKiosk(ctx, notice.empty() ? kKioskIdleSeconds : kKioskThanksSeconds);
  ctx["action"] = kiosk ? "/kiosk/phan-anh" : "/phan-anh";
  ctx["code"] = f.code;
  ctx["official"] = f.official;
  ctx["content"] = f.content;
  std::string name = f.full_name;
  if (name.empty() && page.principal() && f.content.empty()) name = page.principal()->full_name;
  ctx["full_name"] = name;
  ctx["phone"] = f.phone;
  ctx["email"] = f.email;
  ctx["logged_in"] = page.principal() != nullptr;
  json::array agencies;
  if (auto list = site.services->agencies->List(); list.ok()) {
    for (const auto& a : *list) {
      if (a.abolished_at) continue;
      agencies.push_back(
          json::object{{"code", a.code}, {"name", a.name}, {"selected", a.code == f.agency_code}});
    }
  }
  ctx["agencies"] = std::move(agencies);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  PutErrors(ctx, page, errors,
            {"dossier_code", "agency_code", "content", "full_name", "phone", "email", "official"});
  return RenderForm(site, page, "complaint", std::move(ctx), status);
}

// "?da-gui=<id>&han=<unix seconds>" after a complaint was received; digits only.
std::string ReceivedNotice(const Page& page) {
  auto digits = [](const std::optional<std::string>& v) {
    return v && !v->empty() && v->size() <= 12 &&
           v->find_first_not_of("0123456789") == std::string::npos;
  };
  auto id = page.req.Query("da-gui");
  auto due = page.req.Query("han");
  if (!digits(id) || !digits(due)) return {};
  std::string text = Message(page.locale, "complaint_received");
  text.replace(text.find("{id}"), 4, *id);
  text.replace(text.find("{due}"), 5, HumanTime(service::IsoVietnam(std::stoll(*due))));
  return text;
}

http::Response ComplaintPost(const Site& site, Page& page, bool kiosk) {
  Form form = FormBody(page.req);
  ComplaintForm f = ReadComplaint(form);
  Errors errors;
  if (!CsrfOk(page, form)) {
    errors.general = Message(page.locale, "csrf_failed");
    return ComplaintPage(site, page, kiosk, f, errors, "", 403);
  }
  auto missing = [&](const char* field) {
    return Status::Validation("missing_field", field).Message(page.locale);
  };
  auto invalid = [&](const char* field) {
    return Status::Validation("invalid_field", field).Message(page.locale);
  };
  if (f.content.empty()) errors.fields["content"] = missing("content");
  if (f.content.size() > kMaxComplaint) errors.fields["content"] = invalid("content");
  if (f.full_name.empty() && page.principal()) f.full_name = page.principal()->full_name;
  if (f.full_name.size() > kMaxShort) errors.fields["full_name"] = invalid("full_name");
  if (f.official.size() > kMaxShort) errors.fields["official"] = invalid("official");
  if (f.code.size() > 64) errors.fields["dossier_code"] = invalid("dossier_code");
  if (!f.phone.empty()) {
    auto phone = domain::NormalizePhone(f.phone, "phone");
    if (phone.ok()) {
      f.phone = *phone;
    } else {
      errors.fields["phone"] = phone.status().Message(page.locale);
    }
  }
  if (!f.email.empty() && (f.email.size() > kMaxShort || f.email.find('@') == std::string::npos ||
                           f.email.find_first_of(" \t<>\"") != std::string::npos)) {
    errors.fields["email"] = Status::Validation("invalid_email", "email").Message(page.locale);
  }
  // Someone must be answered: an account, or a name with a phone number or e-mail address.
  if (!page.principal()) {
    if (f.full_name.empty()) errors.fields["full_name"] = Message(page.locale, "contact_required");
    if (f.phone.empty() && f.email.empty() && !errors.fields.count("phone"))
      errors.fields["phone"] = Message(page.locale, "contact_required");
  }
  if (f.code.empty() && f.agency_code.empty())
    errors.fields["agency_code"] = Message(page.locale, "complaint_dossier_hint");
  if (errors.any()) return ComplaintPage(site, page, kiosk, f, errors, "", 422);
  // Anonymous or a citizen, per address and per account (staff at the counter are not limited).
  if (site.services->limits) {
    if (int64_t wait = site.services->limits->Complaint(page.req.remote_address, page.principal());
        wait > 0) {
      errors.general = Status(Code::kTooManyRequests, "too_many_complaints").Message(page.locale);
      http::Response r = ComplaintPage(site, page, kiosk, f, errors, "", 429);
      r.headers.Set("Retry-After", std::to_string(wait));
      return r;
    }
  }
  service::ComplaintInput in;
  if (!f.code.empty()) in.dossier_code = f.code;
  if (!f.agency_code.empty()) in.agency_code = f.agency_code;
  in.channel = kiosk ? "kiosk" : "portal";
  in.content = ComplaintText(f);
  auto received = site.services->reports->ReceiveComplaint(page.principal(), in);
  if (!received.ok()) {
    const Status& st = received.status();
    if (st.field() == "dossier_code") {
      errors.fields["dossier_code"] = st.code() == Code::kNotFound
                                          ? Message(page.locale, "lookup_not_found")
                                          : st.Message(page.locale);
    } else if (st.field() == "agency_code" || st.field() == "content") {
      errors.fields[st.field()] = st.Message(page.locale);
    } else {
      errors.general = st.Message(page.locale);
    }
    return ComplaintPage(site, page, kiosk, f, errors, "", st.http_status());
  }
  return Redirect(std::string(kiosk ? "/kiosk/phan-anh" : "/phan-anh") + "?da-gui=" +
                  std::to_string(received->id) + "&han=" + std::to_string(received->due_at));
}

}  // namespace

void RegisterFeedbackPages(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Get("/kiosk/danh-gia", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    RatingForm f;
    f.code = Trim(req.Query("ma").value_or(""));
    if (f.code.size() > 64) f.code.resize(64);
    return RatingPage(*s, page, true, f, {}, req.Query("da-danh-gia").has_value(), 200);
  });
  router.Post(
      "/kiosk/danh-gia",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        return RatingPost(*s, page, true, "");
      },
      SmallForm());
  router.Get("/danh-gia/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    RatingForm f;
    f.code = req.PathParam("code");
    return RatingPage(*s, page, false, f, {}, req.Query("da-danh-gia").has_value(), 200);
  });
  router.Post(
      "/danh-gia/{code}",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        return RatingPost(*s, page, false, req.PathParam("code"));
      },
      SmallForm());

  for (bool kiosk : {false, true}) {
    const std::string path = kiosk ? "/kiosk/phan-anh" : "/phan-anh";
    router.Get(path, [s, kiosk](http::Request& req) {
      Page page = MakePage(*s, req);
      ComplaintForm f;
      f.code = Trim(req.Query("ma").value_or(""));
      if (f.code.size() > 64) f.code.resize(64);
      return ComplaintPage(*s, page, kiosk, f, {}, ReceivedNotice(page), 200);
    });
    router.Post(
        path,
        [s, kiosk](http::Request& req) {
          Page page = MakePage(*s, req);
          return ComplaintPost(*s, page, kiosk);
        },
        SmallForm());
  }
}

}  // namespace motcua::web
