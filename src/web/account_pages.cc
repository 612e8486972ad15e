// Log-in, log-out, citizen registration and the citizen's own page. Forms post here (not to the
// JSON API) so that they work without JavaScript; the session cookies are the API's own.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/api_router.h"
#include "domain/role.h"
#include "service/dossier_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string CookieHeader(const std::string& name, const std::string& value, int64_t max_age,
                         bool http_only, bool secure) {
  std::string c =
      name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Lax";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

// Where a user lands after logging in.
std::string HomeFor(domain::Role role) {
  switch (role) {
    case domain::Role::kCitizen:
      return "/ca-nhan";
    case domain::Role::kReceptionOfficer:
      return "/quay";
    case domain::Role::kSpecialist:
    case domain::Role::kLeader:
      return "/xu-ly";
    case domain::Role::kMonitor:
      return "/dieu-hanh";
    case domain::Role::kAdmin:
      return "/quan-tri";
  }
  return "/";
}

bool SafeNext(const std::string& next) {
  return next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
         next.find("://") == std::string::npos;
}

http::Response LoginForm(const Site& site, const Page& page, const std::string& username,
                         const std::string& next, const std::string& error,
                         const std::string& notice, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "login_title"));
  ctx["username"] = username;
  ctx["next"] = next;
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["form_token"] = FormToken(page, nullptr);
  std::string token = std::string(ctx["form_token"].get_string());
  http::Response r = Render(site, page, "login", std::move(ctx), status);
  r.headers.Add("Set-Cookie",
                std::string(kFormCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
  return r;
}

http::Response RegisterForm(const Site& site, const Page& page, const std::string& full_name,
                            const std::string& username, const std::string& email,
                            const std::string& error, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "register_title"));
  ctx["full_name"] = full_name;
  ctx["username"] = username;
  ctx["email"] = email;
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  std::string token = FormToken(page, nullptr);
  ctx["form_token"] = token;
  http::Response r = Render(site, page, "register", std::move(ctx), status);
  r.headers.Add("Set-Cookie",
                std::string(kFormCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
  return r;
}

http::Response AccountPage(const Site& site, Page& page, const std::string& email,
                           const std::string& email_error, const std::string& email_notice,
                           int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "account_title"));
  ctx["email"] = email;
  ctx["email_error"] = email_error.empty() ? json::value(false) : json::value(email_error);
  ctx["email_notice"] = email_notice.empty() ? json::value(false) : json::value(email_notice);
  ctx["notify"] = NotificationChoices(site, page);
  ApiReply r = CallApi(site, page, "/api/v1/my/dossiers");
  json::array items;
  bool available = r.status == 200;
  if (available && r.body.is_object()) {
    if (const json::value* v = r.body.get_object().if_contains("items"); v && v->is_array()) {
      for (const auto& d : v->get_array()) {
        if (!d.is_object()) continue;
        const json::object& o = d.get_object();
        json::object item;
        for (const char* k : {"code", "procedure", "status_text", "due_at"}) {
          const json::value* f = o.if_contains(k);
          item[k] = f && f->is_string() ? std::string(f->get_string()) : std::string();
        }
        item["due_at"] = HumanTime(std::string(item["due_at"].get_string()));
        if (const json::value* st = o.if_contains("status"); st && st->is_string())
          item["status_text"] = StateLabel(page.locale, st->get_string());
        items.push_back(std::move(item));
      }
    }
  }
  ctx["available"] = available;
  ctx["has_items"] = !items.empty();
  ctx["items"] = std::move(items);
  // The complaints and requests (PAKN) this account sent, with the agency's answers.
  json::array complaints;
  if (site.services->reports) {
    auto mine = site.services->reports->MyComplaints(page.session->principal, 50);
    if (mine.ok()) {
      for (const auto& k : *mine) {
        json::object item{
            {"id", k.id},
            {"channel", ChannelLabel(page.locale, k.channel)},
            {"received_at", HumanTime(service::IsoVietnam(k.received_at))},
            {"due_at", HumanTime(service::IsoVietnam(k.due_at))},
            {"content", k.content},
            {"answer", k.answer},
            {"answered_at",
             k.answered_at ? HumanTime(service::IsoVietnam(*k.answered_at)) : std::string()}};
        item["answered"] = k.answered_at.has_value();
        complaints.push_back(std::move(item));
      }
    }
  }
  ctx["feedback"] = site.services->reports != nullptr;
  ctx["has_complaints"] = !complaints.empty();
  ctx["complaints"] = std::move(complaints);
  return Render(site, page, "account", std::move(ctx), status);
}

// Pages reached without a session carry their own CSRF token in a cookie (as the log-in form).
http::Response WithFormCookie(http::Response r, const std::string& token) {
  r.headers.Add("Set-Cookie",
                std::string(kFormCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
  return r;
}

http::Response ForgotForm(const Site& site, const Page& page, const std::string& account,
                          const std::string& error, const std::string& notice, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "forgot_title"));
  ctx["account"] = account;
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  std::string token = FormToken(page, nullptr);
  ctx["form_token"] = token;
  return WithFormCookie(Render(site, page, "forgot_password", std::move(ctx), status), token);
}

http::Response ResetForm(const Site& site, const Page& page, const std::string& reset_token,
                         const std::string& error, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "reset_title"));
  ctx["token"] = reset_token;
  ctx["error"] = error.empty() ? json::value(false) : json::value(error);
  std::string token = FormToken(page, nullptr);
  ctx["form_token"] = token;
  http::Response r =
      WithFormCookie(Render(site, page, "reset_password", std::move(ctx), status), token);
  // The link's secret is in this page's address: never pass it on to another site.
  r.headers.Set("Referrer-Policy", "no-referrer");
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

http::Response BadResetLink(const Site& site, const Page& page, const Status& st) {
  http::Response r = ErrorPage(site, page, st.http_status(), st.Message(page.locale));
  r.headers.Set("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace

void RegisterAccountPages(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Get("/dang-nhap", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    std::string next = req.Query("next").value_or("");
    if (!SafeNext(next)) next.clear();
    std::string notice = req.Query("da-dang-ky")        ? Message(page.locale, "registered")
                         : req.Query("da-doi-mat-khau") ? Message(page.locale, "password_changed")
                                                        : "";
    return LoginForm(*s, page, "", next, "", notice, 200);
  });

  router.Post(
      "/dang-nhap",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        std::string username = FormValue(form, "username");
        std::string next = FormValue(form, "next");
        if (!SafeNext(next)) next.clear();
        if (!FormTokenOk(page, form)) {
          return LoginForm(*s, page, username, next, Message(page.locale, "csrf_failed"), "", 403);
        }
        int64_t retry_after = 0;
        auto result = s->services->auth->Login(username, FormValue(form, "password"),
                                               req.remote_address, &retry_after);
        if (!result.ok()) {
          http::Response r =
              LoginForm(*s, page, username, next, result.status().Message(page.locale), "",
                        result.status().http_status());
          if (retry_after > 0) r.headers.Set("Retry-After", std::to_string(retry_after));
          return r;
        }
        int64_t max_age = result->expires_at - s->services->clock->NowSeconds();
        bool secure = s->services->secure_cookies;
        http::Response r = Redirect(next.empty() ? HomeFor(result->principal.role) : next);
        r.headers.Add("Set-Cookie",
                      CookieHeader(api::kSessionCookie, result->token, max_age, true, secure));
        r.headers.Add("Set-Cookie",
                      CookieHeader(api::kCsrfCookie, result->csrf_token, max_age, false, secure));
        r.headers.Add("Set-Cookie", CookieHeader(kFormCookie, "", 0, true, secure));
        return r;
      },
      SmallForm());

  router.Post(
      "/dang-xuat",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        if (!page.session) return Redirect("/");
        if (!SessionCsrfOk(page, form)) {
          return ErrorPage(*s, page, 403, Message(page.locale, "csrf_failed"));
        }
        (void)s->services->auth->Logout(req.Cookie(api::kSessionCookie).value_or(""));
        bool secure = s->services->secure_cookies;
        http::Response r = Redirect("/");
        r.headers.Add("Set-Cookie", CookieHeader(api::kSessionCookie, "", 0, true, secure));
        r.headers.Add("Set-Cookie", CookieHeader(api::kCsrfCookie, "", 0, false, secure));
        return r;
      },
      SmallForm());

  router.Get("/dang-ky", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return RegisterForm(*s, page, "", "", "", "", 200);
  });

  router.Post(
      "/dang-ky",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        std::string full_name = FormValue(form, "full_name");
        std::string username = FormValue(form, "username");
        std::string email = FormValue(form, "email");
        if (!FormTokenOk(page, form)) {
          return RegisterForm(*s, page, full_name, username, email,
                              Message(page.locale, "csrf_failed"), 403);
        }
        // Before the password is hashed (Argon2id): a flood of sign-ups costs the server little.
        if (s->services->limits) {
          if (int64_t wait = s->services->limits->Registration(req.remote_address); wait > 0) {
            http::Response r = RegisterForm(
                *s, page, full_name, username, email,
                Status(Code::kTooManyRequests, "too_many_registrations").Message(page.locale), 429);
            r.headers.Set("Retry-After", std::to_string(wait));
            return r;
          }
        }
        auto p = s->services->auth->RegisterCitizen(username, FormValue(form, "password"),
                                                    full_name, email);
        if (!p.ok()) {
          return RegisterForm(*s, page, full_name, username, email, p.status().Message(page.locale),
                              p.status().http_status());
        }
        return Redirect("/dang-nhap?da-dang-ky=1");
      },
      SmallForm());

  router.Get("/quen-mat-khau", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return ForgotForm(*s, page, "", "", "", 200);
  });

  router.Post(
      "/quen-mat-khau",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        std::string account = FormValue(form, "account");
        if (!FormTokenOk(page, form)) {
          return ForgotForm(*s, page, account, Message(page.locale, "csrf_failed"), "", 403);
        }
        int64_t retry_after = 0;
        Status st =
            s->services->password_resets->RequestReset(account, req.remote_address, &retry_after);
        if (st.code() == Code::kTooManyRequests || st.code() == Code::kValidation) {
          http::Response r =
              ForgotForm(*s, page, account, st.Message(page.locale), "", st.http_status());
          if (retry_after > 0) r.headers.Set("Retry-After", std::to_string(retry_after));
          return r;
        }
        // Any other failure answers like success too: a difference would tell which accounts exist.
        if (!st.ok()) spdlog::warn("password reset request failed: {}", st.ToString());
        return ForgotForm(*s, page, "", "", Message(page.locale, "forgot_sent"), 200);
      },
      SmallForm());

  router.Get("/dat-lai-mat-khau", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    std::string token = req.Query("ma").value_or("");
    if (Status st = s->services->password_resets->CheckLink(token); !st.ok())
      return BadResetLink(*s, page, st);
    return ResetForm(*s, page, token, "", 200);
  });

  router.Post(
      "/dat-lai-mat-khau",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        std::string token = FormValue(form, "ma");
        if (!FormTokenOk(page, form)) {
          return ResetForm(*s, page, token, Message(page.locale, "csrf_failed"), 403);
        }
        Status st = s->services->password_resets->CompleteReset(token, FormValue(form, "password"));
        if (st.reason() == "invalid_reset_link") return BadResetLink(*s, page, st);
        if (!st.ok()) return ResetForm(*s, page, token, st.Message(page.locale), st.http_status());
        http::Response r = Redirect("/dang-nhap?da-doi-mat-khau=1");
        r.headers.Set("Referrer-Policy", "no-referrer");
        return r;
      },
      SmallForm());

  // The signed-in user's own e-mail address, for forgotten-password links.
  router.Post(
      "/ca-nhan/thu-dien-tu",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap?next=/ca-nhan");
        auto form = FormBody(req);
        if (!SessionCsrfOk(page, form)) {
          return ErrorPage(*s, page, 403, Message(page.locale, "csrf_failed"));
        }
        std::string email = FormValue(form, "email");
        Status st = s->services->auth->SetOwnEmail(page.session->principal, email);
        if (!st.ok())
          return AccountPage(*s, page, email, st.Message(page.locale), "", st.http_status());
        return Redirect("/ca-nhan?da-luu-thu=1");
      },
      SmallForm());

  // The citizen's page: profile and own dossiers (from the dossier API once it is deployed).
  router.Get("/ca-nhan", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=/ca-nhan");
    auto email = s->services->auth->OwnEmail(page.session->principal);
    std::string notice = req.Query("da-luu-thu") ? Message(page.locale, "email_saved") : "";
    return AccountPage(*s, page, email.ok() ? *email : std::string(), "", notice, 200);
  });
}

}  // namespace motcua::web
