// /api/v1/agencies: the organisation tree and the counters of one-stop centres.
#include <boost/json.hpp>
#include <charconv>
#include <unordered_map>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/services.h"
#include "common/json_util.h"

namespace motcua::api {
namespace {

// Nests the flat, path-ordered list into a tree; parents come before their children.
boost::json::array BuildTree(const std::vector<storage::AgencyRecord>& list,
                             bool include_abolished) {
  std::unordered_map<int64_t, const storage::AgencyRecord*> by_id;
  for (const auto& a : list) by_id[a.id] = &a;
  std::unordered_map<int64_t, boost::json::array> children;
  // Children first (deepest paths last in order), so walk in reverse and attach upward.
  std::vector<const storage::AgencyRecord*> order;
  for (const auto& a : list)
    if (include_abolished || !a.abolished_at) order.push_back(&a);
  boost::json::array roots;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const auto& a = **it;
    std::string parent_code;
    if (a.parent_id && by_id.count(*a.parent_id)) parent_code = by_id[*a.parent_id]->code;
    boost::json::object o = AgencyJson(a, parent_code);
    auto& kids = children[a.id];
    std::reverse(kids.begin(), kids.end());
    o["children"] = std::move(kids);
    if (a.parent_id && by_id.count(*a.parent_id)) {
      children[*a.parent_id].push_back(std::move(o));
    } else {
      roots.push_back(std::move(o));
    }
  }
  std::reverse(roots.begin(), roots.end());
  return roots;
}

std::string ParentCode(ApiServices& s, const storage::AgencyRecord& a) {
  if (!a.parent_id) return {};
  std::string code;
  (void)s.db->Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto p, storage::FindAgencyById(c, *a.parent_id));
    if (p) code = p->code;
    return Status::Ok();
  });
  return code;
}

Result<bool> ParseBoolField(const boost::json::object& body, std::string_view field, bool dflt) {
  MOTCUA_ASSIGN_OR_RETURN(auto v, OptionalBool(body, field));
  return v.value_or(dflt);
}

// The {number} of a counter route: 1–999 as the counters are numbered; anything else names no
// counter (404 on the field "number").
Result<int> CounterNumber(const http::Request& req) {
  const std::string& text = req.PathParam("number");
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n <= 0 || n > 999)
    return Status::NotFound("not_found", "number");
  return n;
}

}  // namespace

void RegisterAgencyRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "GET", "/api/v1/agencies", Access::kPublic,
      {"Cây cơ quan, đơn vị (kể cả đơn vị đã giải thể khi include_abolished=true).", "agencies"},
      [&s](http::Request& req, const Caller&) {
        auto list = s.agencies->List();
        if (!list.ok()) return ErrorResponse(list.status(), req);
        bool all = req.Query("include_abolished").value_or("") == "true";
        return http::Response::Json(
            200, boost::json::object{{"items", BuildTree(*list, all)}, {"total", list->size()}});
      });

  router.Add("GET", "/api/v1/agencies/{code}", Access::kPublic,
             {"Thông tin một cơ quan.", "agencies"}, [&s](http::Request& req, const Caller&) {
               auto a = s.agencies->Get(req.PathParam("code"));
               if (!a.ok()) return ErrorResponse(a.status(), req);
               return http::Response::Json(200, AgencyJson(*a, ParentCode(s, *a)));
             });

  router.Add("POST", "/api/v1/agencies", Access::kAdmin,
             {"Tạo cơ quan trong phạm vi quản trị.", "agencies", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               service::AgencyInput in;
               for (auto [field, dest] :
                    {std::pair{"code", &in.code}, std::pair{"name", &in.name},
                     std::pair{"type", &in.type}, std::pair{"parent_code", &in.parent_code}}) {
                 auto v = RequireString(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = *v;
               }
               for (auto [field, dest] :
                    {std::pair{"short_name", &in.short_name}, std::pair{"address", &in.address}}) {
                 auto v = OptionalString(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = v->value_or("");
               }
               auto centre = ParseBoolField(*body, "is_one_stop_centre", false);
               if (!centre.ok()) return ErrorResponse(centre.status(), req);
               in.is_one_stop_centre = *centre;
               auto a = s.agencies->Create(caller.principal, in);
               if (!a.ok()) return ErrorResponse(a.status(), req);
               return http::Response::Json(201, AgencyJson(*a, in.parent_code));
             });

  router.Add("PATCH", "/api/v1/agencies/{code}", Access::kAdmin,
             {"Sửa thông tin, chuyển cơ quan cấp trên, giải thể hoặc khôi phục cơ quan.",
              "agencies", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               service::AgencyPatch p;
               for (auto [field, dest] :
                    {std::pair{"name", &p.name}, std::pair{"short_name", &p.short_name},
                     std::pair{"type", &p.type}, std::pair{"address", &p.address},
                     std::pair{"parent_code", &p.parent_code}}) {
                 auto v = OptionalString(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = *v;
               }
               for (auto [field, dest] : {std::pair{"is_one_stop_centre", &p.is_one_stop_centre},
                                          std::pair{"abolished", &p.abolished}}) {
                 auto v = OptionalBool(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = *v;
               }
               auto a = s.agencies->Update(*caller.principal, req.PathParam("code"), p);
               if (!a.ok()) return ErrorResponse(a.status(), req);
               return http::Response::Json(200, AgencyJson(*a, ParentCode(s, *a)));
             });

  router.Add(
      "GET", "/api/v1/agencies/{code}/users", Access::kStaff,
      {"Cán bộ của cơ quan và các đơn vị trực thuộc (lãnh đạo, giám sát, quản trị).", "agencies"},
      [&s](http::Request& req, const Caller& caller) {
        auto users = s.agencies->ListUsers(*caller.principal, req.PathParam("code"));
        if (!users.ok()) return ErrorResponse(users.status(), req);
        boost::json::array items;
        for (const auto& u : *users) items.push_back(UserJson(u));
        return http::Response::Json(200, boost::json::object{{"items", items}});
      });

  router.Add("GET", "/api/v1/agencies/{code}/counters", Access::kStaff,
             {"Các quầy tiếp nhận của trung tâm một cửa.", "agencies"},
             [&s](http::Request& req, const Caller& caller) {
               auto list = s.agencies->ListCounters(*caller.principal, req.PathParam("code"));
               if (!list.ok()) return ErrorResponse(list.status(), req);
               boost::json::array items;
               for (const auto& c : *list) items.push_back(CounterJson(c));
               return http::Response::Json(200, boost::json::object{{"items", items}});
             });

  router.Add("POST", "/api/v1/agencies/{code}/counters", Access::kAdmin,
             {"Thêm quầy tiếp nhận cho trung tâm một cửa.", "agencies", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               auto it = body->find("number");
               if (it == body->end() || !it->value().is_int64())
                 return ErrorResponse(Status::Validation("invalid_field", "number"), req);
               auto name = RequireString(*body, "name");
               if (!name.ok()) return ErrorResponse(name.status(), req);
               auto fields = OptionalString(*body, "fields");
               if (!fields.ok()) return ErrorResponse(fields.status(), req);
               auto c = s.agencies->AddCounter(caller.principal, req.PathParam("code"),
                                               static_cast<int>(it->value().as_int64()), *name,
                                               fields->value_or(""));
               if (!c.ok()) return ErrorResponse(c.status(), req);
               return http::Response::Json(201, CounterJson(*c));
             });

  router.Add(
      "PATCH", "/api/v1/agencies/{code}/counters/{number}", Access::kAdmin,
      {"Sửa tên, lĩnh vực phục vụ của quầy; active=true đưa quầy trở lại sử dụng.", "agencies",
       true},
      [&s](http::Request& req, const Caller& caller) {
        auto number = CounterNumber(req);
        if (!number.ok()) return ErrorResponse(number.status(), req);
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        service::CounterPatch p;
        for (auto [field, dest] : {std::pair{"name", &p.name}, std::pair{"fields", &p.fields}}) {
          auto v = OptionalString(*body, field);
          if (!v.ok()) return ErrorResponse(v.status(), req);
          *dest = *v;
        }
        if (p.name) p.name = Trim(*p.name);  // a blank name is refused, as on creation
        auto active = OptionalBool(*body, "active");
        if (!active.ok()) return ErrorResponse(active.status(), req);
        p.active = *active;
        auto c = s.agencies->UpdateCounter(*caller.principal, req.PathParam("code"), *number, p);
        if (!c.ok()) return ErrorResponse(c.status(), req);
        return http::Response::Json(200, CounterJson(*c));
      });

  router.Add(
      "DELETE", "/api/v1/agencies/{code}/counters/{number}", Access::kAdmin,
      {"Ngừng sử dụng quầy (giữ lại để thống kê; PATCH active=true để dùng lại).", "agencies"},
      [&s](http::Request& req, const Caller& caller) {
        auto number = CounterNumber(req);
        if (!number.ok()) return ErrorResponse(number.status(), req);
        Status st =
            s.agencies->DeactivateCounter(*caller.principal, req.PathParam("code"), *number);
        if (!st.ok()) return ErrorResponse(st, req);
        return http::Response::NoContent();
      });
}

}  // namespace motcua::api
