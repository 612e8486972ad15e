// /api/v1/reports/*, /api/v1/ratings, /api/v1/complaints: evaluation and statistics (issue 8).
#include <boost/json.hpp>

#include "api/api_router.h"
#include "api/services.h"
#include "common/json_util.h"
#include "domain/local_date.h"
#include "forms/evaluation_report_pdf.h"
#include "service/agency_service.h"
#include "service/report_service.h"

namespace motcua::api {
namespace {

Result<domain::LocalDate> DateParam(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v) return Status::InvalidArgument("missing_field", name);
  auto d = domain::LocalDate::Parse(*v);
  if (!d) return Status::InvalidArgument("invalid_date", name);
  return *d;
}

std::optional<std::string> NonEmpty(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

http::Response Download(std::string body, std::string_view type, const std::string& name) {
  http::Response r = http::Response::Text(200, std::move(body), type);
  r.headers.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return r;
}

constexpr std::string_view kCsvType = "text/csv; charset=utf-8";
constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Answers report `r` in `format` ("csv" or "xlsx" as a download named `name` with that
// extension, anything else as JSON) through the report's own writers.
template <typename Report, typename Csv, typename Xlsx, typename Json>
http::Response ReportResponse(const Report& r, const std::string& format, const std::string& name,
                              Csv csv, Xlsx xlsx, Json json, const http::Request& req) {
  if (format == "csv") return Download(csv(r), kCsvType, name + ".csv");
  if (format == "xlsx") {
    auto x = xlsx(r);
    if (!x.ok()) return ErrorResponse(x.status(), req);
    return Download(std::move(*x), kXlsxType, name + ".xlsx");
  }
  return http::Response::Json(200, json(r));
}

boost::json::object ComplaintJson(const storage::ComplaintRecord& k) {
  boost::json::object o{{"id", k.id},
                        {"channel", k.channel},
                        {"content", k.content},
                        {"received_at", domain::FormatLocalDateTime(k.received_at)},
                        {"due_at", domain::FormatLocalDateTime(k.due_at)},
                        {"due_working_days", k.due_working_days},
                        {"answer", k.answer}};
  o["dossier_id"] = k.dossier_id ? boost::json::value(*k.dossier_id) : nullptr;
  o["official_user_id"] = k.official_user_id ? boost::json::value(*k.official_user_id) : nullptr;
  o["agency_id"] = k.agency_id;
  o["assigned_agency_id"] =
      k.assigned_agency_id ? boost::json::value(*k.assigned_agency_id) : nullptr;
  o["assigned_user_id"] = k.assigned_user_id ? boost::json::value(*k.assigned_user_id) : nullptr;
  o["answered_at"] =
      k.answered_at ? boost::json::value(domain::FormatLocalDateTime(*k.answered_at)) : nullptr;
  o["substantiated"] = k.substantiated ? boost::json::value(*k.substantiated) : nullptr;
  return o;
}

// The plain struct the forms layer renders, from the service's evaluation.
forms::EvaluationPdfData EvaluationPdfInput(const ApiServices& s,
                                            const service::EvaluationReport& r, int64_t now) {
  forms::EvaluationPdfData d;
  d.period = r.period;
  if (!r.agency_code.empty() && s.agencies) {
    auto a = s.agencies->Get(r.agency_code);
    d.agency_name = a.ok() ? a->name : r.agency_code;
  }
  auto rows = [](const std::vector<service::EvaluationRow>& list) {
    std::vector<forms::EvaluationPdfRow> out;
    for (const auto& e : list) {
      forms::EvaluationPdfRow row;
      row.rank = e.rank;
      row.key = e.key;
      row.name = e.name;
      row.agency = e.agency_code;
      row.dossiers = e.dossiers;
      row.indicators = e.indicators;
      row.total = e.total;
      row.band = std::string(domain::BandLabelVi(e.band));
      out.push_back(std::move(row));
    }
    return out;
  };
  d.units = rows(r.units);
  d.officials = rows(r.officials);
  d.excellent_above = r.bands.excellent_above;
  d.good_from = r.bands.good_from;
  d.fair_from = r.bands.fair_from;
  d.average_from = r.bands.average_from;
  d.generated_at = now;
  return d;
}

// The query parameters shared by the timeliness report and its drill-down.
Result<service::TimelinessQuery> TimelinessQueryOf(const http::Request& req) {
  service::TimelinessQuery q;
  MOTCUA_ASSIGN_OR_RETURN(q.from, DateParam(req, "from"));
  MOTCUA_ASSIGN_OR_RETURN(auto to, DateParam(req, "to"));
  q.to = to.AddDays(1);  // `to` is the last day reported
  q.agency_code = NonEmpty(req, "agency");
  q.field_code = NonEmpty(req, "field");
  q.procedure_code = NonEmpty(req, "procedure");
  q.channel = NonEmpty(req, "channel");
  q.group_by = req.Query("group_by").value_or("");
  if (auto as_of = NonEmpty(req, "as_of")) {
    auto t = domain::ParseLocalDateTime(*as_of);
    if (!t) return Status::InvalidArgument("invalid_date", "as_of");
    q.as_of = *t;
  }
  return q;
}

// A non-negative integer query parameter, `fallback` when absent.
Result<int> IntParam(const http::Request& req, const char* name, int fallback) {
  auto v = NonEmpty(req, name);
  if (!v) return fallback;
  if (v->size() > 7 || v->find_first_not_of("0123456789") != std::string::npos)
    return Status::InvalidArgument("invalid_argument", name);
  return std::atoi(v->c_str());
}

Result<std::optional<int>> OptionalAnswer(const boost::json::object& body, std::string_view f) {
  auto it = body.find(f);
  if (it == body.end() || it->value().is_null()) return std::optional<int>();
  if (!it->value().is_int64()) return Status::Validation("invalid_rating", std::string(f));
  return std::optional<int>(static_cast<int>(it->value().as_int64()));
}

}  // namespace

void RegisterReportRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "GET", "/api/v1/reports/timeliness", Access::kStaff,
      {"Báo cáo tình hình giải quyết hồ sơ (from, to: YYYY-MM-DD, đến hết ngày to; agency, field, "
       "procedure, channel; group_by = agency|field|procedure|channel|day|month|quarter|year; "
       "as_of = \"YYYY-MM-DD HH:MM\"; format = json|csv|xlsx). Lãnh đạo, giám sát, quản trị.",
       "reports"},
      [&s](http::Request& req, const Caller& caller) {
        auto parsed = TimelinessQueryOf(req);
        if (!parsed.ok()) return ErrorResponse(parsed.status(), req);
        service::TimelinessQuery q = *parsed;
        std::string engine = req.Query("engine").value_or("index");
        if (engine != "index" && engine != "sql")
          return ErrorResponse(Status::InvalidArgument("invalid_argument", "engine"), req);
        q.engine = engine == "sql" ? service::ReportEngine::kSql : service::ReportEngine::kIndex;
        std::string format = req.Query("format").value_or("json");
        if (format != "json" && format != "csv" && format != "xlsx")
          return ErrorResponse(Status::InvalidArgument("invalid_argument", "format"), req);
        auto r = s.reports->Timeliness(caller.principal, q);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        std::string name = "bao-cao-" + r->from.ToString() + "-" + r->to.ToString();
        return ReportResponse(*r, format, name, service::TimelinessReportCsv,
                              service::TimelinessReportXlsx, service::TimelinessReportJson, req);
      });

  router.Add(
      "GET", "/api/v1/reports/timeliness/dossiers", Access::kStaff,
      {"Danh sách hồ sơ tạo nên một số liệu của báo cáo tình hình giải quyết: cùng tham số với "
       "/reports/timeliness (from, to, agency, field, procedure, channel, group_by, as_of) và "
       "group (khóa của nhóm: mã cơ quan, lĩnh vực, thủ tục, kênh hoặc kỳ 2026-07, 2026Q3; bỏ "
       "trống "
       "= tổng cộng), figure = received|carried_over|total|resolved|resolved_early|"
       "resolved_on_time|resolved_late|resolved_no_deadline|pending|pending_within_deadline|"
       "pending_overdue|withdrawn|stopped|refused|returned; limit (≤ 1000), offset. total bằng "
       "đúng số liệu trong báo cáo.",
       "reports"},
      [&s](http::Request& req, const Caller& caller) {
        service::DrillDownQuery q;
        auto base = TimelinessQueryOf(req);
        if (!base.ok()) return ErrorResponse(base.status(), req);
        q.report = *base;
        q.group = req.Query("group").value_or("");
        auto figure = req.Query("figure");
        if (!figure) return ErrorResponse(Status::InvalidArgument("missing_field", "figure"), req);
        q.figure = *figure;
        auto limit = IntParam(req, "limit", 50);
        if (!limit.ok()) return ErrorResponse(limit.status(), req);
        auto offset = IntParam(req, "offset", 0);
        if (!offset.ok()) return ErrorResponse(offset.status(), req);
        q.limit = *limit;
        q.offset = *offset;
        auto r = s.reports->TimelinessDossiers(caller.principal, q);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        return http::Response::Json(200, service::DrillDownJson(*r));
      });

  router.Add(
      "GET", "/api/v1/reports/steps", Access::kStaff,
      {"Tiến độ các bước xử lý theo cơ quan thực hiện bước (không theo cơ quan tiếp nhận): bước "
       "hoàn thành trước hạn, đúng hạn, quá hạn, bước đang quá hạn, số phút hành chính trễ, thời "
       "gian trễ của hồ sơ quy cho các bước vượt định mức, các bước trễ nhiều nhất. from, to "
       "(YYYY-MM-DD), agency, as_of, top; format = json|csv|xlsx.",
       "reports"},
      [&s](http::Request& req, const Caller& caller) {
        service::StepQuery q;
        auto from = DateParam(req, "from");
        if (!from.ok()) return ErrorResponse(from.status(), req);
        auto to = DateParam(req, "to");
        if (!to.ok()) return ErrorResponse(to.status(), req);
        q.from = *from;
        q.to = to->AddDays(1);
        q.agency_code = NonEmpty(req, "agency");
        if (auto as_of = NonEmpty(req, "as_of")) {
          auto t = domain::ParseLocalDateTime(*as_of);
          if (!t) return ErrorResponse(Status::InvalidArgument("invalid_date", "as_of"), req);
          q.as_of = *t;
        }
        auto top = IntParam(req, "top", 20);
        if (!top.ok()) return ErrorResponse(top.status(), req);
        q.top = *top;
        std::string format = req.Query("format").value_or("json");
        if (format != "json" && format != "csv" && format != "xlsx")
          return ErrorResponse(Status::InvalidArgument("invalid_argument", "format"), req);
        auto r = s.reports->Steps(caller.principal, q);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        std::string name = "buoc-xu-ly-" + r->from.ToString() + "-" + r->to.ToString();
        return ReportResponse(*r, format, name, service::StepReportCsv, service::StepReportXlsx,
                              service::StepReportJson, req);
      });

  router.Add(
      "GET", "/api/v1/reports/evaluation", Access::kStaff,
      {"Đánh giá việc giải quyết TTHC theo Nghị định 61 (quarter = 2026Q3 hoặc năm 2026; agency; "
       "format = json|csv|xlsx|pdf): điểm 9 tiêu chí, xếp hạng đơn vị và cán bộ.",
       "reports"},
      [&s](http::Request& req, const Caller& caller) {
        auto quarter = req.Query("quarter");
        if (!quarter)
          return ErrorResponse(Status::InvalidArgument("missing_field", "quarter"), req);
        std::string format = req.Query("format").value_or("json");
        if (format != "json" && format != "csv" && format != "xlsx" && format != "pdf")
          return ErrorResponse(Status::InvalidArgument("invalid_argument", "format"), req);
        auto r = s.reports->Evaluate(caller.principal, *quarter, NonEmpty(req, "agency"));
        if (!r.ok()) return ErrorResponse(r.status(), req);
        std::string name = "danh-gia-" + r->period;
        if (format == "pdf") {
          auto pdf = forms::RenderEvaluationReportPdf(
              EvaluationPdfInput(s, *r, s.clock ? s.clock->NowSeconds() : 0));
          if (!pdf.ok()) return ErrorResponse(pdf.status(), req);
          return Download(std::move(*pdf), "application/pdf", name + ".pdf");
        }
        return ReportResponse(*r, format, name, service::EvaluationReportCsv,
                              service::EvaluationReportXlsx, service::EvaluationReportJson, req);
      });

  router.Add("GET", "/api/v1/reports/index766", Access::kStaff,
             {"Bộ chỉ số 766 (Quyết định 766/QĐ-TTg): from, to (YYYY-MM-DD) hoặc quarter; agency; "
              "format = json|csv|xlsx. Liệt kê cả các chỉ số chưa tính được và lý do.",
              "reports"},
             [&s](http::Request& req, const Caller& caller) {
               std::string format = req.Query("format").value_or("json");
               if (format != "json" && format != "csv" && format != "xlsx")
                 return ErrorResponse(Status::InvalidArgument("invalid_argument", "format"), req);
               domain::LocalDate from, to;
               if (auto quarter = req.Query("quarter")) {
                 auto p = domain::ParseQuarterOrYear(*quarter);
                 if (!p.ok()) return ErrorResponse(p.status(), req);
                 from = p->from;
                 to = p->to;
               } else {
                 auto f = DateParam(req, "from");
                 if (!f.ok()) return ErrorResponse(f.status(), req);
                 auto t = DateParam(req, "to");
                 if (!t.ok()) return ErrorResponse(t.status(), req);
                 from = *f;
                 to = t->AddDays(1);
               }
               auto r = s.reports->Index766(caller.principal, from, to, NonEmpty(req, "agency"));
               if (!r.ok()) return ErrorResponse(r.status(), req);
               std::string name =
                   "chi-so-766-" + r->from.ToString() + "-" + r->to.AddDays(-1).ToString();
               return ReportResponse(*r, format, name, service::Index766ReportCsv,
                                     service::Index766ReportXlsx, service::Index766ReportJson, req);
             });

  router.Add(
      "POST", "/api/v1/ratings", Access::kAuthenticated,
      {"Phiếu đánh giá của người dân: dossier_code, channel (paper|kiosk do cán bộ nhập; online do "
       "chính người nộp), answers {bodies_contacted, publication, attitude, supplements: 0–2}.",
       "reports", true},
      [&s](http::Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        service::RatingInput in;
        auto code = RequireString(*body, "dossier_code");
        if (!code.ok()) return ErrorResponse(code.status(), req);
        in.dossier_code = *code;
        auto channel = RequireString(*body, "channel");
        if (!channel.ok()) return ErrorResponse(channel.status(), req);
        in.channel = *channel;
        auto comment = OptionalString(*body, "comment");
        if (!comment.ok()) return ErrorResponse(comment.status(), req);
        in.comment = comment->value_or("");
        boost::json::object answers;
        if (auto it = body->find("answers"); it != body->end() && it->value().is_object())
          answers = it->value().as_object();
        for (auto [field, dest] : {std::pair{"bodies_contacted", &in.answers.bodies_contacted},
                                   std::pair{"publication", &in.answers.publication},
                                   std::pair{"attitude", &in.answers.attitude},
                                   std::pair{"supplements", &in.answers.supplements}}) {
          auto v = OptionalAnswer(answers, field);
          if (!v.ok()) return ErrorResponse(v.status(), req);
          *dest = *v;
        }
        auto r = s.reports->Rate(caller.principal, in);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        return http::Response::Json(
            201, boost::json::object{{"id", r->id},
                                     {"satisfied", r->satisfied},
                                     {"at", domain::FormatLocalDateTime(r->at)}});
      });

  router.Add(
      "POST", "/api/v1/complaints", Access::kPublic,
      {"Tiếp nhận phản ánh, kiến nghị (PAKN) về hồ sơ (dossier_code) hoặc cán bộ "
       "(official_username) hoặc cơ quan (agency_code); channel = portal|kiosk|counter; content; "
       "due_working_days (mặc định 10 ngày làm việc).",
       "reports", true},
      [&s](http::Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body.ok()) return ErrorResponse(body.status(), req);
        service::ComplaintInput in;
        for (auto [field, dest] : {std::pair{"dossier_code", &in.dossier_code},
                                   std::pair{"official_username", &in.official_username},
                                   std::pair{"agency_code", &in.agency_code}}) {
          auto v = OptionalString(*body, field);
          if (!v.ok()) return ErrorResponse(v.status(), req);
          *dest = *v;
        }
        auto channel = OptionalString(*body, "channel");
        if (!channel.ok()) return ErrorResponse(channel.status(), req);
        in.channel = channel->value_or("portal");
        auto content = RequireString(*body, "content");
        if (!content.ok()) return ErrorResponse(content.status(), req);
        in.content = *content;
        if (auto it = body->find("due_working_days"); it != body->end()) {
          if (!it->value().is_int64())
            return ErrorResponse(Status::Validation("invalid_field", "due_working_days"), req);
          in.due_working_days = static_cast<int>(it->value().as_int64());
        }
        auto r = s.reports->ReceiveComplaint(caller.principal, in);
        if (!r.ok()) return ErrorResponse(r.status(), req);
        return http::Response::Json(201, ComplaintJson(*r));
      },
      RouteLimits::Body(http::BodyKind::kForm)
          .Throttled(
              [&s](const http::Request& req, const service::Principal* p) -> int64_t {
                return s.limits ? s.limits->Complaint(req.remote_address, p) : 0;
              },
              "too_many_complaints"));

  router.Add("GET", "/api/v1/complaints", Access::kStaff,
             {"Danh sách phản ánh, kiến nghị của cơ quan (agency, from, to).", "reports"},
             [&s](http::Request& req, const Caller& caller) {
               int64_t from = 0, to = int64_t{1} << 40;
               if (req.Query("from")) {
                 auto f = DateParam(req, "from");
                 if (!f.ok()) return ErrorResponse(f.status(), req);
                 from = domain::StartOfLocalDay(*f);
               }
               if (req.Query("to")) {
                 auto t = DateParam(req, "to");
                 if (!t.ok()) return ErrorResponse(t.status(), req);
                 to = domain::StartOfLocalDay(t->AddDays(1));
               }
               auto list = s.reports->ListComplaints(*caller.principal, NonEmpty(req, "agency"),
                                                     from, to, 500);
               if (!list.ok()) return ErrorResponse(list.status(), req);
               boost::json::array items;
               for (const auto& k : *list) items.push_back(ComplaintJson(k));
               return http::Response::Json(200, boost::json::object{{"items", items}});
             });

  router.Add("POST", "/api/v1/complaints/{id}/assign", Access::kStaff,
             {"Giao xử lý phản ánh, kiến nghị (agency_code, username).", "reports", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               auto agency = OptionalString(*body, "agency_code");
               if (!agency.ok()) return ErrorResponse(agency.status(), req);
               auto user = OptionalString(*body, "username");
               if (!user.ok()) return ErrorResponse(user.status(), req);
               int64_t id = std::atoll(std::string(req.PathParam("id")).c_str());
               auto r = s.reports->AssignComplaint(*caller.principal, id, *agency, *user);
               if (!r.ok()) return ErrorResponse(r.status(), req);
               return http::Response::Json(200, ComplaintJson(*r));
             });

  router.Add("POST", "/api/v1/complaints/{id}/answer", Access::kStaff,
             {"Trả lời phản ánh, kiến nghị (answer, substantiated: phản ánh đúng hay không).",
              "reports", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               auto answer = RequireString(*body, "answer");
               if (!answer.ok()) return ErrorResponse(answer.status(), req);
               auto subst = OptionalBool(*body, "substantiated");
               if (!subst.ok()) return ErrorResponse(subst.status(), req);
               int64_t id = std::atoll(std::string(req.PathParam("id")).c_str());
               auto r = s.reports->AnswerComplaint(*caller.principal, id, *answer,
                                                   subst->value_or(false));
               if (!r.ok()) return ErrorResponse(r.status(), req);
               return http::Response::Json(200, ComplaintJson(*r));
             });
}

}  // namespace motcua::api
