// What every page handler shares: the services, the templates, versioned asset URLs, the session
// of the request, form CSRF checks, the layout and the security headers.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/services.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "service/auth_service.h"
#include "web/templates.h"

namespace motcua::web {

inline constexpr const char* kLangCookie = "motcua_lang";
// Double-submit token for forms posted before a session exists (log-in, registration).
inline constexpr const char* kFormCookie = "motcua_form";

// The strict policy sent with every page: no inline script or style, nothing from elsewhere.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'";

struct Site {
  api::ApiServices* services = nullptr;
  const http::Router* router = nullptr;  // in-process calls of the JSON API (GET only)
  Templates templates;
  std::map<std::string, std::string> asset_versions;  // file name -> short content hash

  // "/static/motcua.css?v=1a2b3c4d" (immutable caching), or without ?v when unknown.
  std::string Asset(const std::string& file) const;
};

// One page request as the handlers see it.
struct Page {
  http::Request& req;
  std::string locale;  // "vi" or "en"
  std::optional<service::AuthenticatedSession> session;
  std::string set_lang_cookie;  // non-empty when ?lang= chose a language to remember

  const service::Principal* principal() const { return session ? &session->principal : nullptr; }
  bool en() const { return locale == "en"; }
};

// Resolves the locale (?lang=, then the remembered choice in the language cookie, then
// Vietnamese — never Accept-Language: English only when the user picks it) and the session from
// the session cookie (expired or unknown sessions are treated as anonymous).
Page MakePage(const Site& site, http::Request& req);

// The language switch's link for the page at `target` (path and raw query string): the same
// page with the same query, its lang= replaced by `lang`.
// "/thu-tuc?q=khai%20sinh&lang=vi", "en" -> "/thu-tuc?q=khai%20sinh&lang=en".
std::string LanguageSwitchHref(std::string_view target, std::string_view lang);

// The context every template receives: lang, t (messages), user, csrf_token, nav, assets.
boost::json::object BaseContext(const Site& site, const Page& page, const std::string& title);

// Renders `name` inside the layout with the security headers; pages for a logged-in user and
// pages carrying a form token are never cached.
http::Response Render(const Site& site, const Page& page, const std::string& name,
                      boost::json::object context, int status = 200);
// An error page ("404 — Không tìm thấy") in the layout.
http::Response ErrorPage(const Site& site, const Page& page, int status,
                         const std::string& message);
// 303 See Other to `location` (a local path).
http::Response Redirect(const std::string& location);
// Adds the headers every HTML response carries (CSP, framing, referrer, no sniffing).
void AddSecurityHeaders(http::Response& r);

// For a page's POST that takes files: only a logged-in user's body is read; anyone else is sent
// to the log-in page (303) before the upload arrives.
http::RouteOptions SignedInUpload(const Site& site);
// A small url-encoded form (log-in, registration, public forms): its body limit.
inline http::RouteOptions SmallForm() { return http::WithBody(http::BodyKind::kForm); }

// Decodes an application/x-www-form-urlencoded body.
std::multimap<std::string, std::string> FormBody(const http::Request& req);
std::string FormValue(const std::multimap<std::string, std::string>& form, const std::string& key);

// The hidden field of a logged-in user's form must equal the session's CSRF token (the same
// token the API expects in X-CSRF-Token), compared in constant time.
bool SessionCsrfOk(const Page& page, const std::multimap<std::string, std::string>& form);
// For anonymous forms: a random token set as a cookie when the form is shown (FormToken) and
// echoed in the hidden field `form_token`.
std::string FormToken(const Page& page, http::Response* response_for_cookie);
bool FormTokenOk(const Page& page, const std::multimap<std::string, std::string>& form);

// Calls the JSON API in-process (GET), forwarding the caller's cookies and address so the API's
// own access rules and rate limits apply. Returns the status and the parsed body (null when the
// body is not JSON). Status 404 with reason route_not_found means the API is not there yet.
struct ApiReply {
  int status = 0;
  boost::json::value body;
  std::string error_code() const;  // body.error.code, or ""
};
ApiReply CallApi(const Site& site, const Page& page, const std::string& target);

// Percent-encodes a path segment or query value.
std::string UrlEncode(std::string_view s);

}  // namespace motcua::web
