// /api/v1/auth/* and /api/v1/users, /api/v1/audit.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/services.h"
#include "common/json_util.h"
#include "storage/user_store.h"

namespace motcua::api {
namespace {

std::string CookieHeader(const std::string& name, const std::string& value, int64_t max_age,
                         bool http_only, bool secure) {
  std::string c =
      name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Lax";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

void RegisterIdentityRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "POST", "/api/v1/auth/login", Access::kPublic,
      {"Đăng nhập bằng tên đăng nhập và mật khẩu; trả về mã phiên (token) và đặt cookie phiên.",
       "auth", true},
      [&s](http::Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        auto username = RequireString(*body, "username");
        if (!username.ok()) return ErrorResponse(username.status(), req);
        auto password = OptionalString(*body, "password");
        if (!password.ok() || !*password || (*password)->empty())
          return ErrorResponse(Status::Validation("missing_field", "password"), req);
        int64_t retry_after = 0;
        auto result = s.auth->Login(*username, **password, req.remote_address, &retry_after);
        if (!result.ok()) return ErrorResponse(result.status(), req, retry_after);
        int64_t max_age = result->expires_at - s.clock->NowSeconds();
        http::Response r = http::Response::Json(
            200, boost::json::object{{"token", result->token},
                                     {"csrf_token", result->csrf_token},
                                     {"expires_at", result->expires_at},
                                     {"user", PrincipalJson(result->principal)}});
        r.headers.Add("Set-Cookie",
                      CookieHeader(kSessionCookie, result->token, max_age, true, s.secure_cookies));
        // Readable by the page's script, which echoes it in X-CSRF-Token.
        r.headers.Add("Set-Cookie", CookieHeader(kCsrfCookie, result->csrf_token, max_age, false,
                                                 s.secure_cookies));
        r.headers.Set("Cache-Control", "no-store");
        return r;
      },
      RouteLimits::Body(http::BodyKind::kForm));

  router.Add(
      "POST", "/api/v1/auth/logout", Access::kAuthenticated,
      {"Đăng xuất: hủy phiên hiện tại.", "auth"}, [&s](http::Request& req, const Caller&) {
        std::string token;
        if (auto h = req.Header("Authorization"); h && h->rfind("Bearer ", 0) == 0)
          token = h->substr(7);
        else
          token = req.Cookie(kSessionCookie).value_or("");
        if (Status st = s.auth->Logout(token); !st.ok()) return ErrorResponse(st, req);
        http::Response r = http::Response::NoContent();
        r.headers.Add("Set-Cookie", CookieHeader(kSessionCookie, "", 0, true, s.secure_cookies));
        r.headers.Add("Set-Cookie", CookieHeader(kCsrfCookie, "", 0, false, s.secure_cookies));
        return r;
      });

  router.Add("GET", "/api/v1/auth/me", Access::kAuthenticated,
             {"Thông tin người dùng đang đăng nhập.", "auth"},
             [](http::Request&, const Caller& caller) {
               return http::Response::Json(200, PrincipalJson(*caller.principal));
             });

  router.Add(
      "POST", "/api/v1/auth/register", Access::kPublic,
      {"Đăng ký tài khoản công dân.", "auth", true},
      [&s](http::Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        auto username = RequireString(*body, "username");
        if (!username.ok()) return ErrorResponse(username.status(), req);
        auto full_name = RequireString(*body, "full_name");
        if (!full_name.ok()) return ErrorResponse(full_name.status(), req);
        auto password = OptionalString(*body, "password");
        if (!password.ok() || !*password)
          return ErrorResponse(Status::Validation("missing_field", "password"), req);
        auto email = OptionalString(*body, "email");
        if (!email.ok()) return ErrorResponse(email.status(), req);
        auto p = s.auth->RegisterCitizen(*username, **password, *full_name, email->value_or(""));
        if (!p.ok()) return ErrorResponse(p.status(), req);
        return http::Response::Json(201, PrincipalJson(*p));
      },
      // Before the body is read, so before the Argon2id hash a sign-up costs.
      RouteLimits::Body(http::BodyKind::kForm)
          .Throttled(
              [&s](const http::Request& req, const service::Principal*) -> int64_t {
                return s.limits ? s.limits->Registration(req.remote_address) : 0;
              },
              "too_many_registrations"));

  router.Add("POST", "/api/v1/users", Access::kAdmin,
             {"Tạo người dùng (quản trị viên, trong phạm vi cơ quan của mình).", "users", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               service::NewUser u;
               for (auto [field, dest] :
                    {std::pair{"username", &u.username}, std::pair{"full_name", &u.full_name},
                     std::pair{"role", &u.role}}) {
                 auto v = RequireString(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = *v;
               }
               auto password = OptionalString(*body, "password");
               if (!password.ok() || !*password)
                 return ErrorResponse(Status::Validation("missing_field", "password"), req);
               u.password = **password;
               auto agency = OptionalString(*body, "agency_code");
               if (!agency.ok()) return ErrorResponse(agency.status(), req);
               u.agency_code = agency->value_or("");
               auto email = OptionalString(*body, "email");
               if (!email.ok()) return ErrorResponse(email.status(), req);
               auto p = s.auth->CreateUser(caller.principal, u, email->value_or(""));
               if (!p.ok()) return ErrorResponse(p.status(), req);
               return http::Response::Json(201, PrincipalJson(*p));
             });

  router.Add(
      "GET", "/api/v1/audit", Access::kAdmin,
      {"Nhật ký đăng nhập và thay đổi quản trị trong phạm vi cơ quan.", "audit"},
      [&s](http::Request& req, const Caller& caller) {
        boost::json::array items;
        Status st = s.db->Read([&](storage::Connection& c) -> Status {
          MOTCUA_ASSIGN_OR_RETURN(auto rows,
                                  storage::ListAudit(c, caller.principal->agency_path, false, 200));
          for (const auto& a : rows) {
            boost::system::error_code ec;
            auto detail = boost::json::parse(a.detail, ec);
            items.push_back(boost::json::object{{"at", a.at},
                                                {"actor", a.actor_username},
                                                {"action", a.action},
                                                {"object_type", a.object_type},
                                                {"object_id", a.object_id},
                                                {"detail", ec ? boost::json::value() : detail}});
          }
          return Status::Ok();
        });
        if (!st.ok()) return ErrorResponse(st, req);
        return http::Response::Json(200, boost::json::object{{"items", items}});
      });
}

}  // namespace motcua::api
