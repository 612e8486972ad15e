#include "web/site.h"

#include <boost/json.hpp>

#include "api/api_router.h"
#include "common/crypto.h"
#include "common/percent_encode.h"
#include "domain/role.h"
#include "web/i18n.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

// A form's token against the session's: an empty one never matches.
bool TokenMatches(const std::string& sent, const std::string& expected) {
  return !sent.empty() && ConstantTimeEquals(sent, expected);
}

// The navigation for the user's role: public links, then the screens of the role.
json::array Nav(const Page& page) {
  json::array nav;
  auto add = [&](const char* href, const char* key) {
    nav.push_back(json::object{
        {"href", href}, {"label", Message(page.locale, key)}, {"current", page.req.path == href}});
  };
  add("/", "nav_home");
  add("/thu-tuc", "nav_catalogue");
  add("/tra-cuu", "nav_lookup");
  if (const service::Principal* p = page.principal()) {
    using domain::Role;
    switch (p->role) {
      case Role::kCitizen:
        add("/ca-nhan", "nav_my");
        break;
      case Role::kReceptionOfficer:
        add("/quay", "nav_counter");
        add("/xu-ly", "nav_backoffice");
        add("/dieu-hanh/doi-soat", "nav_reconciliation");  // fees paid at the counter and online
        break;
      case Role::kSpecialist:
        add("/xu-ly", "nav_backoffice");
        add("/dieu-hanh/phan-anh", "nav_complaints");
        break;
      case Role::kLeader:
      case Role::kMonitor:
        add("/xu-ly", "nav_backoffice");
        add("/dieu-hanh", "nav_dashboard");
        add("/dieu-hanh/khoi-luong", "nav_workload");
        add("/dieu-hanh/phan-anh", "nav_complaints");
        break;
      case Role::kAdmin:
        add("/dieu-hanh", "nav_dashboard");
        add("/dieu-hanh/khoi-luong", "nav_workload");
        add("/dieu-hanh/phan-anh", "nav_complaints");
        add("/quan-tri", "nav_admin");
        break;
    }
  }
  return nav;
}

}  // namespace

std::string LanguageSwitchHref(std::string_view target, std::string_view lang) {
  const size_t q = target.find('?');
  std::string href(target.substr(0, q));
  // A local path only: "//host" would make the link leave the site.
  if (href.empty() || href[0] != '/' || (href.size() > 1 && (href[1] == '/' || href[1] == '\\')))
    href = "/";
  std::string query;
  if (q != std::string_view::npos) {
    std::string_view rest = target.substr(q + 1);
    const size_t hash = rest.find('#');
    if (hash != std::string_view::npos) rest = rest.substr(0, hash);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string_view part = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (part.empty() || part == "lang" || part.starts_with("lang=")) continue;
      query += part;
      query += '&';
    }
  }
  return href + "?" + query + "lang=" + std::string(lang);
}

std::string Site::Asset(const std::string& file) const {
  auto it = asset_versions.find(file);
  if (it == asset_versions.end()) return "/static/" + file;
  return "/static/" + file + "?v=" + it->second;
}

Page MakePage(const Site& site, http::Request& req) {
  Page page{req, "vi", std::nullopt, {}};
  if (auto lang = req.Query("lang")) {
    page.locale = lang->rfind("en", 0) == 0 ? "en" : "vi";
    page.set_lang_cookie = page.locale;
  } else if (auto c = req.Cookie(kLangCookie); c && (*c == "en" || *c == "vi")) {
    page.locale = *c;
  }
  // Otherwise Vietnamese, whatever Accept-Language says: many phones in Vietnam are set to
  // English, and an English frame around Vietnamese data helps nobody. English is a choice.
  if (const auto* admitted = api::AdmittedSession(req)) {
    page.session = *admitted;  // resolved with the request head (api::AdmitRequest)
  } else if (auto token = req.Cookie(api::kSessionCookie); token && !token->empty()) {
    auto s = site.services->auth->Authenticate(*token);
    if (s.ok()) page.session = std::move(s).value();
  }
  return page;
}

json::object BaseContext(const Site& site, const Page& page, const std::string& title) {
  json::object ctx;
  ctx["lang"] = page.locale;
  ctx["en"] = page.en();
  ctx["t"] = Messages(page.locale);
  ctx["title"] = title;
  ctx["nav"] = Nav(page);
  ctx["css"] = site.Asset("motcua.css");
  ctx["app_js"] = site.Asset("app.js");
  ctx["kiosk_js"] = site.Asset("kiosk.js");
  ctx["other_lang_href"] = LanguageSwitchHref(page.req.target, page.en() ? "vi" : "en");
  ctx["other_lang_label"] = page.en() ? "Tiếng Việt" : "English";
  ctx["other_lang_code"] = page.en() ? "vi" : "en";
  if (const service::Principal* p = page.principal()) {
    ctx["user"] = json::object{{"full_name", p->full_name},
                               {"username", p->username},
                               {"role", std::string(domain::RoleName(p->role))},
                               {"role_label", RoleLabel(page.locale, p->role)},
                               {"agency_code", p->agency_code},
                               {"staff", p->IsStaff()}};
    ctx["csrf_token"] = page.session->csrf_token;
  } else {
    ctx["user"] = false;
  }
  return ctx;
}

void AddSecurityHeaders(http::Response& r) {
  r.headers.Set("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.Set("X-Frame-Options", "DENY");
  r.headers.Set("Referrer-Policy", "same-origin");
  r.headers.Set("X-Content-Type-Options", "nosniff");
  r.headers.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
}

http::Response Render(const Site& site, const Page& page, const std::string& name,
                      json::object context, int status) {
  if (!context.contains("t")) {
    json::object base = BaseContext(site, page, "");
    for (auto& [k, v] : context) base[k] = v;
    context = std::move(base);
  }
  std::string body = site.templates.Render(name, context);
  context["body"] = std::move(body);
  std::string layout = context.contains("layout") && context.at("layout").is_string()
                           ? std::string(context.at("layout").get_string())
                           : std::string("layout");
  http::Response r = http::Response::Html(status, site.templates.Render(layout, context));
  AddSecurityHeaders(r);
  r.headers.Set("Vary", "Cookie");
  if (page.session || context.contains("form_token")) {
    r.headers.Set("Cache-Control", "no-store");
  } else {
    r.headers.Set("Cache-Control", "no-cache");
  }
  if (!page.set_lang_cookie.empty()) {
    r.headers.Add("Set-Cookie", std::string(kLangCookie) + "=" + page.set_lang_cookie +
                                    "; Path=/; Max-Age=31536000; SameSite=Lax");
  }
  return r;
}

http::Response ErrorPage(const Site& site, const Page& page, int status,
                         const std::string& message) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "error_title"));
  ctx["status"] = status;
  ctx["message"] = message;
  return Render(site, page, "error", std::move(ctx), status);
}

http::RouteOptions SignedInUpload(const Site& site) {
  http::RouteOptions o = http::WithBody(http::BodyKind::kUpload);
  const Site* s = &site;
  o.admit = [s](http::Request& req) -> std::optional<http::Response> {
    if (api::AdmittedSession(req)) return std::nullopt;
    if (auto token = req.Cookie(api::kSessionCookie); token && !token->empty()) {
      auto session = s->services->auth->Authenticate(*token);
      if (session.ok()) {
        req.admitted_as = std::move(session).value();
        return std::nullopt;
      }
    }
    return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
  };
  return o;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  // Local paths only: never an open redirect.
  std::string safe = (!location.empty() && location[0] == '/' &&
                      (location.size() == 1 || (location[1] != '/' && location[1] != '\\')))
                         ? location
                         : "/";
  r.headers.Set("Location", safe);
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

std::multimap<std::string, std::string> FormBody(const http::Request& req) {
  auto ct = req.Header("Content-Type").value_or("");
  if (ct.find("application/x-www-form-urlencoded") == std::string::npos) return {};
  return http::ParseQuery(req.body);
}

std::string FormValue(const std::multimap<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

bool SessionCsrfOk(const Page& page, const std::multimap<std::string, std::string>& form) {
  if (!page.session) return false;
  return TokenMatches(FormValue(form, "csrf_token"), page.session->csrf_token);
}

std::string FormToken(const Page& page, http::Response* response_for_cookie) {
  std::string token = page.req.Cookie(kFormCookie).value_or("");
  if (token.size() < 20) token = RandomToken(24);
  if (response_for_cookie) {
    response_for_cookie->headers.Add("Set-Cookie", std::string(kFormCookie) + "=" + token +
                                                       "; Path=/; HttpOnly; SameSite=Strict");
  }
  return token;
}

bool FormTokenOk(const Page& page, const std::multimap<std::string, std::string>& form) {
  return TokenMatches(FormValue(form, "form_token"), page.req.Cookie(kFormCookie).value_or(""));
}

std::string ApiReply::error_code() const {
  if (!body.is_object()) return {};
  const auto* e = body.get_object().if_contains("error");
  if (!e || !e->is_object()) return {};
  const auto* c = e->get_object().if_contains("code");
  return c && c->is_string() ? std::string(c->get_string()) : std::string();
}

ApiReply CallApi(const Site& site, const Page& page, const std::string& target) {
  http::Request inner;
  inner.method = "GET";
  inner.target = target;
  size_t q = target.find('?');
  inner.path = http::UrlDecode(target.substr(0, q), false);
  if (q != std::string::npos) inner.query = http::ParseQuery(target.substr(q + 1));
  if (auto c = page.req.Header("Cookie")) inner.headers.Set("Cookie", *c);
  inner.headers.Set("Accept-Language", page.locale);
  inner.remote_address = page.req.remote_address;
  inner.request_id = page.req.request_id;
  http::Response r = site.router->Dispatch(inner);
  ApiReply reply;
  reply.status = r.status;
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (!ec) reply.body = std::move(v);
  return reply;
}

std::string UrlEncode(std::string_view s) { return PercentEncode(s); }

}  // namespace motcua::web
