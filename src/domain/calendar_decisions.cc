#include "domain/calendar_decisions.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>

namespace motcua::domain {
namespace {

namespace json = boost::json;

Status Bad(std::string field, std::string detail_vi, std::string detail_en) {
  return Status::Validation("invalid_calendar_data", std::move(field),
                            "Dữ liệu lịch không hợp lệ: " + detail_vi,
                            "Invalid calendar data: " + detail_en);
}

Result<LocalDate> DateAt(const json::value* v, const std::string& field) {
  if (!v || !v->is_string()) return Bad(field, "thiếu ngày", "missing date");
  const json::string& s = v->as_string();
  auto d = LocalDate::Parse(std::string_view(s.data(), s.size()));
  if (!d) return Bad(field, "ngày phải có dạng YYYY-MM-DD", "date must be YYYY-MM-DD");
  return *d;
}

std::string StringOr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  return std::string(v->as_string());
}

}  // namespace

Result<std::vector<YearDecision>> ParseCalendarDecisions(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) return Bad("", "không phải JSON hợp lệ", "not valid JSON");
  const json::value* list = root.as_object().if_contains("decisions");
  if (!list || !list->is_array()) return Bad("decisions", "thiếu danh sách", "missing list");

  std::vector<YearDecision> out;
  std::set<int> years;
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string at = fmt::format("decisions[{}]", i);
    const json::value& item = list->as_array()[i];
    if (!item.is_object()) return Bad(at, "phải là đối tượng", "must be an object");
    const json::object& o = item.as_object();
    YearDecision d;
    const json::value* year = o.if_contains("year");
    if (!year || !year->is_int64() || year->as_int64() < 1900 || year->as_int64() > 2200) {
      return Bad(at + ".year", "năm không hợp lệ", "bad year");
    }
    d.year = static_cast<int>(year->as_int64());
    if (!years.insert(d.year).second) return Bad(at + ".year", "năm bị lặp", "year listed twice");
    d.reference = StringOr(o, "reference");
    if (const json::value* v = o.if_contains("verified"); v && v->is_bool())
      d.verified = v->as_bool();

    if (const json::value* days = o.if_contains("days")) {
      if (!days->is_array()) return Bad(at + ".days", "phải là danh sách", "must be a list");
      for (size_t j = 0; j < days->as_array().size(); ++j) {
        const std::string dat = fmt::format("{}.days[{}]", at, j);
        const json::value& dv = days->as_array()[j];
        if (!dv.is_object()) return Bad(dat, "phải là đối tượng", "must be an object");
        DecisionDay day;
        MOTCUA_ASSIGN_OR_RETURN(day.date,
                                DateAt(dv.as_object().if_contains("date"), dat + ".date"));
        auto kind = ParseDayKind(StringOr(dv.as_object(), "kind"));
        if (!kind || (*kind != DayKind::kDayOff && *kind != DayKind::kWorkday)) {
          return Bad(dat + ".kind", "loại ngày phải là day-off hoặc workday",
                     "kind must be day-off or workday");
        }
        day.kind = *kind;
        if (day.kind == DayKind::kWorkday && !IsWeeklyRestDay(day.date)) {
          return Bad(dat + ".date", "ngày làm việc bù phải là ngày nghỉ hằng tuần",
                     "a workday must be a weekly rest day");
        }
        day.name = StringOr(dv.as_object(), "name");
        d.days.push_back(std::move(day));
      }
    }
    if (const json::value* tet = o.if_contains("tet_days")) {
      if (!tet->is_array()) return Bad(at + ".tet_days", "phải là danh sách", "must be a list");
      std::vector<LocalDate> dates;
      for (size_t j = 0; j < tet->as_array().size(); ++j) {
        MOTCUA_ASSIGN_OR_RETURN(LocalDate date,
                                DateAt(&tet->as_array()[j], fmt::format("{}.tet_days[{}]", at, j)));
        dates.push_back(date);
      }
      d.tet_days = std::move(dates);
    }
    if (const json::value* adj = o.if_contains("national_day_adjacent")) {
      MOTCUA_ASSIGN_OR_RETURN(LocalDate date, DateAt(adj, at + ".national_day_adjacent"));
      if (date != LocalDate{d.year, 9, 1} && date != LocalDate{d.year, 9, 3}) {
        return Bad(at + ".national_day_adjacent", "phải là 01/9 hoặc 03/9", "must be 1 or 3 Sep");
      }
      d.national_day_adjacent = date;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace motcua::domain
