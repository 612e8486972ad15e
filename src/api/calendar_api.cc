// /api/v1/calendar: public holidays of a year, due instants, administrator overrides.
#include <boost/json.hpp>
#include <cstdlib>

#include "api/api_router.h"
#include "api/services.h"
#include "common/json_util.h"
#include "domain/local_date.h"
#include "service/calendar_service.h"

namespace motcua::api {
namespace {

Status BadParam(std::string field, std::string vi, std::string en) {
  return Status::InvalidArgument("invalid_argument", std::move(field), std::move(vi),
                                 std::move(en));
}

// ?agency=CODE -> the agency's calendar; absent -> the installation-wide one.
Result<std::shared_ptr<const domain::WorkingCalendar>> CalendarFor(ApiServices& s,
                                                                   const http::Request& req) {
  std::optional<int64_t> agency_id;
  if (auto code = req.Query("agency"); code && !code->empty()) {
    MOTCUA_ASSIGN_OR_RETURN(int64_t id, s.calendar->AgencyIdOf(*code));
    agency_id = id;
  }
  return s.calendar->Calendar(agency_id);
}

// "YYYY-MM-DD HH:MM" / "YYYY-MM-DDTHH:MM" (Vietnam time) or Unix seconds.
std::optional<int64_t> ParseInstant(const std::string& text) {
  if (auto t = domain::ParseLocalDateTime(text)) return t;
  if (text.empty() || text.size() > 12) return std::nullopt;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0') return std::nullopt;
  return v;
}

boost::json::object OverrideJson(const storage::CalendarOverrideRecord& r) {
  boost::json::object o{{"day", r.day},
                        {"kind", r.kind == "day_off" ? "day-off" : r.kind},
                        {"name", r.name},
                        {"created_at", r.created_at},
                        {"created_by", r.created_by}};
  o["agency_id"] = r.agency_id ? boost::json::value(*r.agency_id) : boost::json::value(nullptr);
  return o;
}

}  // namespace

void RegisterCalendarRoutes(ApiRouter& router, ApiServices& s) {
  router.Add(
      "GET", "/api/v1/calendar/due", Access::kPublic,
      {"Tính thời hạn: from (\"YYYY-MM-DD HH:MM\" giờ Việt Nam hoặc giây Unix) cộng working_days "
       "ngày làm việc, working_hours giờ làm việc, hoặc same_day=true (trong ngày); agency tùy "
       "chọn.",
       "calendar"},
      [&s](http::Request& req, const Caller&) {
        auto from = ParseInstant(req.Query("from").value_or(""));
        if (!from) {
          return ErrorResponse(
              BadParam("from", "Thời điểm bắt đầu không hợp lệ (YYYY-MM-DD HH:MM).",
                       "Bad start instant (YYYY-MM-DD HH:MM)."),
              req);
        }
        auto days = req.Query("working_days");
        auto hours = req.Query("working_hours");
        const bool same_day = req.Query("same_day").value_or("") == "true";
        if (static_cast<int>(days.has_value()) + hours.has_value() + same_day != 1) {
          return ErrorResponse(
              BadParam("working_days", "Cần đúng một trong working_days, working_hours, same_day.",
                       "Give exactly one of working_days, working_hours, same_day."),
              req);
        }
        auto cal = CalendarFor(s, req);
        if (!cal.ok()) return ErrorResponse(cal.status(), req);
        std::optional<int64_t> due;
        if (same_day) {
          due = (*cal)->SameDayDue(*from);
        } else if (days) {
          char* end = nullptr;
          const long n = std::strtol(days->c_str(), &end, 10);
          if (days->empty() || *end != '\0' || n < 0 || n > 3650) {
            return ErrorResponse(BadParam("working_days", "Số ngày làm việc phải từ 0 đến 3650.",
                                          "working_days must be 0..3650."),
                                 req);
          }
          due = (*cal)->AddWorkingDays(*from, n);
        } else {
          char* end = nullptr;
          const double h = std::strtod(hours->c_str(), &end);
          if (hours->empty() || *end != '\0' || !(h >= 0 && h <= 30000)) {
            return ErrorResponse(BadParam("working_hours", "Số giờ làm việc phải từ 0 đến 30000.",
                                          "working_hours must be 0..30000."),
                                 req);
          }
          due = (*cal)->AddWorkingHours(*from, h);
        }
        if (!due) {
          return ErrorResponse(BadParam("from", "Thời hạn nằm ngoài phạm vi lịch (1990–2060).",
                                        "The deadline is outside the calendar (1990–2060)."),
                               req);
        }
        return http::Response::Json(
            200, boost::json::object{{"from", domain::FormatLocalDateTime(*from)},
                                     {"from_at", *from},
                                     {"due", domain::FormatLocalDateTime(*due)},
                                     {"due_at", *due},
                                     {"time_zone", "Asia/Ho_Chi_Minh"}});
      });

  router.Add("GET", "/api/v1/calendar/overrides", Access::kAdmin,
             {"Ngày nghỉ / ngày làm việc do quản trị viên bổ sung.", "calendar"},
             [&s](http::Request& req, const Caller&) {
               auto list = s.calendar->ListOverrides();
               if (!list.ok()) return ErrorResponse(list.status(), req);
               boost::json::array items;
               for (const auto& r : *list) items.push_back(OverrideJson(r));
               return http::Response::Json(
                   200, boost::json::object{{"items", std::move(items)}, {"total", list->size()}});
             });

  router.Add("POST", "/api/v1/calendar/overrides", Access::kAdmin,
             {"Thêm ngày nghỉ (day-off) hoặc ngày làm việc (workday); agency_code tùy chọn. "
              "Ghi nhật ký.",
              "calendar", true},
             [&s](http::Request& req, const Caller& caller) {
               auto body = JsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status(), req);
               service::CalendarOverrideInput in;
               for (auto [field, dest] : {std::pair{"day", &in.day}, std::pair{"kind", &in.kind},
                                          std::pair{"name", &in.name}}) {
                 auto v = RequireString(*body, field);
                 if (!v.ok()) return ErrorResponse(v.status(), req);
                 *dest = *v;
               }
               auto agency = OptionalString(*body, "agency_code");
               if (!agency.ok()) return ErrorResponse(agency.status(), req);
               in.agency_code = agency->value_or("");
               auto r = s.calendar->AddOverride(caller.principal, in);
               if (!r.ok()) return ErrorResponse(r.status(), req);
               return http::Response::Json(201, OverrideJson(*r));
             });

  router.Add("DELETE", "/api/v1/calendar/overrides/{day}", Access::kAdmin,
             {"Xóa một ngày do quản trị viên bổ sung (?agency=mã cơ quan nếu là của cơ quan). "
              "Ghi nhật ký.",
              "calendar"},
             [&s](http::Request& req, const Caller& caller) {
               Status st = s.calendar->RemoveOverride(caller.principal, req.PathParam("day"),
                                                      req.Query("agency").value_or(""));
               if (!st.ok()) return ErrorResponse(st, req);
               return http::Response::NoContent();
             });

  router.Add("GET", "/api/v1/calendar/{year}", Access::kPublic,
             {"Ngày nghỉ lễ, nghỉ bù, ngày nghỉ hoán đổi và ngày làm việc bù của một năm "
              "(kind: holiday, observed, day-off, workday); agency tùy chọn.",
              "calendar"},
             [&s](http::Request& req, const Caller&) {
               const std::string& text = req.PathParam("year");
               char* end = nullptr;
               const long year = std::strtol(text.c_str(), &end, 10);
               auto cal = CalendarFor(s, req);
               if (!cal.ok()) return ErrorResponse(cal.status(), req);
               if (text.empty() || *end != '\0' || year < (*cal)->first_year() ||
                   year > (*cal)->last_year()) {
                 return ErrorResponse(
                     BadParam("year", "Năm không hợp lệ (1990–2060).", "Bad year (1990–2060)."),
                     req);
               }
               boost::json::array items;
               for (const auto& e : (*cal)->DaysOfYear(static_cast<int>(year))) {
                 items.push_back(boost::json::object{{"date", e.date.ToString()},
                                                     {"kind", domain::DayKindName(e.kind)},
                                                     {"name", e.name}});
               }
               return http::Response::Json(
                   200, boost::json::object{
                            {"year", year}, {"total", items.size()}, {"items", std::move(items)}});
             });
}

}  // namespace motcua::api
