// /quan-tri/nhat-ky: the audit log (log-ins, refused log-ins, administrative changes in the
// administrator's agency subtree) as a page, read through GET /api/v1/audit so that the page
// shows exactly what the API's access rules allow.
#include <boost/json.hpp>
#include <string>

#include "domain/role.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

// The audit's action names in words; an unknown one is shown as it is stored.
std::string AuditActionLabel(std::string_view locale, std::string_view action) {
  struct Label {
    std::string_view name, vi, en;
  };
  static constexpr Label kLabels[] = {
      {"login", "Đăng nhập", "Log-in"},
      {"login_failed", "Đăng nhập không thành công", "Failed log-in"},
      {"user.create", "Tạo tài khoản", "Account created"},
      {"user.update", "Sửa tài khoản", "Account changed"},
      {"user.reset_password", "Đặt lại mật khẩu", "Password reset"},
      {"agency.create", "Thêm cơ quan", "Agency added"},
      {"agency.update", "Sửa cơ quan", "Agency changed"},
      {"counter.create", "Thêm quầy", "Counter added"},
      {"counter.update", "Sửa quầy", "Counter changed"},
      {"calendar.override.add", "Thêm ngày nghỉ/làm bù", "Calendar day added"},
      {"calendar.override.remove", "Xoá ngày nghỉ/làm bù", "Calendar day removed"},
      {"procedure.create", "Thêm thủ tục", "Procedure added"},
      {"procedure.version", "Sửa thủ tục (phiên bản mới)", "Procedure changed"},
      {"procedure.retire", "Bãi bỏ thủ tục", "Procedure repealed"},
      {"procedure.import", "Nhập danh mục thủ tục", "Procedures imported"},
      {"procedure.load_shipped", "Nạp danh mục thủ tục có sẵn", "Shipped procedures loaded"},
      {"applicant_recall", "Tra lại thông tin người nộp", "Applicant recalled"},
  };
  for (const auto& l : kLabels)
    if (l.name == action) return std::string(locale == "en" ? l.en : l.vi);
  return std::string(action);
}

}  // namespace

void RegisterAuditPage(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Get("/quan-tri/nhat-ky", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    if (page.session->principal.role != domain::Role::kAdmin)
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    ApiReply r = CallApi(*s, page, "/api/v1/audit");
    if (r.status != 200 || !r.body.is_object())
      return ErrorPage(*s, page, r.status >= 400 ? r.status : 500,
                       Message(page.locale, "audit_unavailable"));
    json::array rows;
    if (const json::value* items = r.body.get_object().if_contains("items");
        items && items->is_array()) {
      for (const auto& item : items->get_array()) {
        if (!item.is_object()) continue;
        const json::object& a = item.get_object();
        const json::value* at = a.if_contains("at");
        std::string object = Str(a, "object_type");
        if (!Str(a, "object_id").empty()) object += " " + Str(a, "object_id");
        rows.push_back(json::object{
            {"at", at && at->is_int64() ? HumanInstant(at->get_int64()) : std::string()},
            {"actor", Str(a, "actor")},
            {"action", AuditActionLabel(page.locale, Str(a, "action"))},
            {"object", object}});
      }
    }
    json::object ctx = BaseContext(*s, page, Message(page.locale, "audit_log"));
    ctx["has_rows"] = !rows.empty();
    ctx["rows"] = std::move(rows);
    return Render(*s, page, "audit", std::move(ctx));
  });
}

}  // namespace motcua::web
