// /api/v1/procedures and /api/v1/fields: the procedure catalogue (danh mục TTHC), its search,
// publication counts, administration and import/export.
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/services.h"
#include "domain/procedure.h"
#include "service/catalogue_service.h"

namespace motcua::api {
namespace {

namespace json = boost::json;
using domain::Procedure;

// The list item: enough to show a row of the catalogue.
json::object SummaryJson(const domain::CatalogueEntry& e) {
  const Procedure& p = e.procedure;
  return {{"code", p.code},
          {"name", p.name},
          {"field", p.field_name},
          {"field_code", p.field_code},
          {"agency", p.competent_agency},
          {"agency_code", p.competent_agency_code},
          {"level", domain::ProcedureLevelName(p.level)},
          {"time_limit", p.time_limit.LabelVi()},
          {"time_limit_hours", p.time_limit.TotalHours()},
          {"same_day", p.SameDay()},
          {"online_level", domain::OnlineLevelName(p.online_level)},
          {"online_level_label", domain::OnlineLevelLabelVi(p.online_level)},
          {"postal", p.postal_submission || p.postal_return},
          {"inter_agency", p.inter_agency},
          {"decided_at_centre", p.decided_at_centre},
          {"version", e.version},
          {"retired", e.retired},
          {"verified", p.verified}};
}

// The full publication: every member of the model plus labels and the version history.
json::object DetailJson(const domain::CatalogueEntry& e,
                        const std::vector<storage::ProcedureVersionRow>& versions) {
  const Procedure& p = e.procedure;
  json::object o = domain::ToJson(p);
  o["version"] = e.version;
  o["retired"] = e.retired;
  o["level_label"] = domain::ProcedureLevelLabelVi(p.level);
  o["online_level_label"] = domain::OnlineLevelLabelVi(p.online_level);
  o["time_limit_label"] = p.time_limit.LabelVi();
  o["workflow_total_hours"] = domain::WorkflowTotalHours(p.workflow);
  json::array history;
  for (const auto& v : versions) {
    json::object h{{"version", v.version},
                   {"effective_from", v.effective_from},
                   {"created_at", v.created_at},
                   {"created_by", v.created_by}};
    h["effective_to"] = v.effective_to ? json::value(*v.effective_to) : json::value(nullptr);
    history.push_back(std::move(h));
  }
  o["versions"] = std::move(history);
  return o;
}

json::object StatsJson(const domain::CatalogueStats& s) {
  auto map = [](const std::map<std::string, int>& m) {
    json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
  };
  return {{"total", s.total},
          {"retired", s.retired},
          {"received_at_centre", s.received_at_centre},
          {"decided_at_centre", s.decided_at_centre},
          {"online_full", s.online_full},
          {"online_partial", s.online_partial},
          {"postal", s.postal},
          {"postal_submission", s.postal_submission},
          {"postal_return", s.postal_return},
          {"inter_agency", s.inter_agency},
          {"same_day", s.same_day},
          {"by_agency", map(s.by_agency)},
          {"by_field", map(s.by_field)},
          {"by_level", map(s.by_level)}};
}

Result<int> IntParam(const http::Request& req, const char* name, int dflt, int lo, int hi) {
  auto v = req.Query(name);
  if (!v || v->empty()) return dflt;
  try {
    size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n >= lo && n <= hi) return n;
  } catch (...) {
  }
  return Status::InvalidArgument("invalid_argument", name);
}

Result<domain::ProcedureQuery> QueryOf(const http::Request& req) {
  domain::ProcedureQuery q;
  q.text = req.Query("q").value_or("");
  q.field_code = req.Query("field").value_or("");
  q.agency_code = req.Query("agency").value_or("");
  if (auto level = req.Query("level"); level && !level->empty()) {
    q.level = domain::ParseProcedureLevel(*level);
    if (!q.level) return Status::InvalidArgument("invalid_argument", "level");
  }
  if (auto online = req.Query("online"); online && !online->empty()) {
    q.online_level = domain::ParseOnlineLevel(*online);
    if (!q.online_level) return Status::InvalidArgument("invalid_argument", "online");
  }
  q.include_retired = req.Query("include_retired").value_or("") == "true";
  MOTCUA_ASSIGN_OR_RETURN(q.page, IntParam(req, "page", 1, 1, 1'000'000));
  MOTCUA_ASSIGN_OR_RETURN(q.page_size, IntParam(req, "page_size", 20, 1, 200));
  return q;
}

Result<service::CatalogueFormat> FormatOf(const http::Request& req) {
  std::string f = req.Query("format").value_or("");
  if (f.empty()) {
    auto ct = req.Header("Content-Type").value_or("");
    f = ct.find("csv") != std::string::npos ? "csv" : "json";
  }
  if (f == "csv") return service::CatalogueFormat::kCsv;
  if (f == "json") return service::CatalogueFormat::kJson;
  return Status::InvalidArgument("invalid_argument", "format");
}

Result<Procedure> ProcedureBody(const http::Request& req) {
  MOTCUA_ASSIGN_OR_RETURN(auto body, JsonBody(req));
  return domain::ProcedureFromJson(body);
}

// The error response with the offending line of an import file added to the error object.
http::Response ImportError(const Status& status, const http::Request& req, int line) {
  http::Response r = ErrorResponse(status, req);
  if (line <= 0) return r;
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return r;
  v.at("error").as_object()["line"] = line;
  r.body = json::serialize(v);
  return r;
}

json::array SearchParameters() {
  json::array out;
  auto add = [&](const char* name, const char* type, const char* description) {
    out.push_back(json::object{{"name", name},
                               {"in", "query"},
                               {"required", false},
                               {"schema", json::object{{"type", type}}},
                               {"description", description}});
  };
  add("q", "string", "Từ khóa hoặc mã thủ tục; không cần dấu (\"dang ky khai sinh\").");
  add("field", "string", "Mã lĩnh vực (xem /api/v1/fields).");
  add("agency", "string", "Mã định danh cơ quan có thẩm quyền hoặc thực hiện.");
  add("level", "string", "central | province | commune | district");
  add("online", "string", "toan_trinh | mot_phan | none");
  add("include_retired", "boolean", "Kể cả thủ tục đã bãi bỏ.");
  add("page", "integer", "Trang, từ 1.");
  add("page_size", "integer", "Số mục mỗi trang (1–200, mặc định 20).");
  return out;
}

// Why a hit matched: the terms with the fields they were found in (keys and Vietnamese labels),
// the lexicon's readings and a sentence for the citizen.
json::object MatchJson(const domain::MatchReason& why) {
  json::array terms;
  for (const auto& t : why.terms) {
    json::array fields, labels;
    for (const auto& f : t.fields) {
      fields.emplace_back(f);
      labels.emplace_back(domain::MatchFieldLabelVi(f));
    }
    json::object term{
        {"term", t.term}, {"fields", std::move(fields)}, {"fields_vi", std::move(labels)}};
    if (!t.typed.empty()) term["typed"] = t.typed;
    if (t.via_synonym) term["via_synonym"] = true;
    if (t.marks_differ) term["marks_differ"] = true;
    terms.push_back(std::move(term));
  }
  json::array synonyms;
  for (const auto& s : why.synonyms) synonyms.emplace_back(s);
  json::object out{{"code", why.code},
                   {"terms", std::move(terms)},
                   {"synonyms", std::move(synonyms)},
                   {"text_vi", domain::DescribeMatchVi(why)}};
  if (!why.life_event.empty()) out["life_event"] = why.life_event;
  return out;
}

}  // namespace

void RegisterCatalogueRoutes(ApiRouter& router, ApiServices& s) {
  RouteDoc search_doc(
      "Tra cứu thủ tục hành chính, xếp hạng theo mức độ phù hợp: hiểu câu hỏi thường ngày "
      "(\"cho hỏi làm sổ đỏ ở đâu\"), không cần dấu, gõ kí/ký, Telex/VNI khi quên bật bộ gõ, "
      "từ đồng nghĩa và tình huống (\"bố mất\"); mỗi kết quả kèm lý do khớp (why); lọc theo "
      "lĩnh vực (field), cơ quan (agency), cấp (level), mức độ trực tuyến (online); phân trang.",
      "procedures");
  search_doc.extra["parameters"] = SearchParameters();
  router.Add("GET", "/api/v1/procedures", Access::kPublic, std::move(search_doc),
             [&s](http::Request& req, const Caller&) {
               auto q = QueryOf(req);
               if (!q.ok()) return ErrorResponse(q.status(), req);
               auto result = s.catalogue->Search(*q);
               json::array items;
               for (const auto& h : result.page.items) {
                 json::object item = SummaryJson(*h.entry);
                 item["score"] = h.score;
                 item["why"] = MatchJson(h.why);
                 items.push_back(std::move(item));
               }
               json::array ignored;
               for (const auto& w : result.page.ignored) ignored.emplace_back(w);
               return http::Response::Json(200, json::object{{"items", std::move(items)},
                                                             {"total", result.page.total},
                                                             {"page", result.page.page},
                                                             {"page_size", result.page.page_size},
                                                             {"ignored", std::move(ignored)}});
             });

  router.Add("GET", "/api/v1/procedures/stats", Access::kPublic,
             {"Số liệu công khai TTHC: tổng số, theo cơ quan, tại Trung tâm, trực tuyến toàn "
              "trình / một phần, bưu chính, liên thông, giải quyết trong ngày.",
              "procedures"},
             [&s](http::Request&, const Caller&) {
               return http::Response::Json(200, StatsJson(s.catalogue->Stats()));
             });

  router.Add("GET", "/api/v1/procedures/export", Access::kPublic,
             {"Xuất toàn bộ danh mục (format=csv: UTF-8 có BOM, mở được bằng Excel; format=json).",
              "procedures"},
             [&s](http::Request& req, const Caller&) {
               auto format = FormatOf(req);
               if (!format.ok()) return ErrorResponse(format.status(), req);
               bool csv = *format == service::CatalogueFormat::kCsv;
               http::Response r = http::Response::Text(
                   200, s.catalogue->Export(*format),
                   csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
               r.headers.Set("Content-Disposition",
                             csv ? "attachment; filename=\"danh-muc-tthc.csv\""
                                 : "attachment; filename=\"danh-muc-tthc.json\"");
               return r;
             });

  router.Add(
      "POST", "/api/v1/procedures/import", Access::kAdmin,
      {"Nhập danh mục từ CSV (text/csv hoặc format=csv) hoặc JSON; một dòng sai thì không "
       "nhập gì và báo số dòng, cột.",
       "procedures"},
      [&s](http::Request& req, const Caller& caller) {
        auto format = FormatOf(req);
        if (!format.ok()) return ErrorResponse(format.status(), req);
        int line = 0;
        auto report = s.catalogue->Import(*caller.principal, *format, req.body, &line);
        if (!report.ok()) return ImportError(report.status(), req, line);
        return http::Response::Json(200, json::object{{"created", report->created},
                                                      {"updated", report->updated},
                                                      {"unchanged", report->unchanged}});
      },
      RouteLimits::Body(http::BodyKind::kUpload));  // a whole catalogue (CSV or JSON)

  router.Add("GET", "/api/v1/procedures/{code}", Access::kPublic,
             {"Công khai đầy đủ một thủ tục (phiên bản hiện hành, hoặc phiên bản có hiệu lực vào "
              "ngày on=YYYY-MM-DD) kèm lịch sử phiên bản.",
              "procedures"},
             [&s](http::Request& req, const Caller&) {
               const std::string& code = req.PathParam("code");
               auto detail = s.catalogue->Get(code);
               if (!detail.ok()) return ErrorResponse(detail.status(), req);
               if (auto on = req.Query("on"); on && !on->empty()) {
                 auto v = s.catalogue->VersionOn(code, *on);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 domain::CatalogueEntry e{v->procedure, v->version, detail->entry.retired};
                 return http::Response::Json(200, DetailJson(e, detail->versions));
               }
               return http::Response::Json(200, DetailJson(detail->entry, detail->versions));
             });

  router.Add("POST", "/api/v1/procedures", Access::kAdmin,
             {"Tạo thủ tục (kiểm tra quy trình nội bộ: tổng định mức bằng thời hạn giải quyết).",
              "procedures", true},
             [&s](http::Request& req, const Caller& caller) {
               auto p = ProcedureBody(req);
               if (!p.ok()) return ErrorResponse(p.status(), req);
               auto e = s.catalogue->Create(*caller.principal, *p);
               if (!e.ok()) return ErrorResponse(e.status(), req);
               return http::Response::Json(201, DetailJson(*e, {}));
             });

  router.Add("PUT", "/api/v1/procedures/{code}", Access::kAdmin,
             {"Sửa thủ tục: tạo phiên bản mới có hiệu lực từ effective_from.", "procedures", true},
             [&s](http::Request& req, const Caller& caller) {
               auto p = ProcedureBody(req);
               if (!p.ok()) return ErrorResponse(p.status(), req);
               auto e = s.catalogue->Update(*caller.principal, req.PathParam("code"), *p);
               if (!e.ok()) return ErrorResponse(e.status(), req);
               auto detail = s.catalogue->Get(e->procedure.code);
               if (!detail.ok()) return ErrorResponse(detail.status(), req);
               return http::Response::Json(200, DetailJson(detail->entry, detail->versions));
             });

  router.Add("DELETE", "/api/v1/procedures/{code}", Access::kAdmin,
             {"Bãi bỏ thủ tục (giữ lại lịch sử, ẩn khỏi tra cứu).", "procedures"},
             [&s](http::Request& req, const Caller& caller) {
               Status st = s.catalogue->Retire(*caller.principal, req.PathParam("code"));
               if (!st.ok()) return ErrorResponse(st, req);
               return http::Response::NoContent();
             });

  router.Add(
      "GET", "/api/v1/fields", Access::kPublic,
      {"Các lĩnh vực của danh mục và số thủ tục đang có hiệu lực.", "procedures"},
      [&s](http::Request&, const Caller&) {
        json::array items;
        for (const auto& f : s.catalogue->Fields())
          items.push_back(json::object{{"code", f.code}, {"name", f.name}, {"count", f.count}});
        return http::Response::Json(200, json::object{{"items", std::move(items)}});
      });
}

}  // namespace motcua::api
