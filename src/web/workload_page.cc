// /dieu-hanh/khoi-luong: the counter workload for leaders and monitors — dossiers received per
// field per day and per receiving officer, and the suggested counter allocation beside the
// counters as set up today. Tables first (they work without JavaScript); workload.js draws the
// charts from the same numbers.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <optional>

#include "domain/local_date.h"
#include "service/agency_service.h"
#include "service/workload_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Role;

// A categorical palette with enough contrast against white for thin bars.
constexpr const char* kPalette[] = {"#0b4f9c", "#a50e0e", "#1f7a3a", "#8a5a00",
                                    "#5b3a9c", "#0f6f7a", "#9c3a6d", "#4a545e"};

std::string ShortDate(const domain::LocalDate& d) {
  return fmt::format("{:02}/{:02}", d.day, d.month);
}

std::string Decimal(double v, bool en) {
  std::string s = fmt::format("{:.1f}", v);
  if (!en) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
  }
  return s;
}

// The caller's agency and the units under it (abolished ones left out) as <option>s, indented
// by depth; a leader of a Sở without units below gets one option and no choice is shown.
json::array AgencyChoices(const Site& site, const Page& page, const std::string& selected) {
  json::array out;
  auto list = site.services->agencies->List();
  if (!list.ok()) return out;
  const auto& me = page.session->principal;
  size_t base_depth =
      static_cast<size_t>(std::count(me.agency_path.begin(), me.agency_path.end(), '/'));
  for (const auto& a : *list) {
    if (a.abolished_at || !me.CoversAgencyPath(a.path)) continue;
    size_t depth = static_cast<size_t>(std::count(a.path.begin(), a.path.end(), '/'));
    std::string indent;
    for (size_t i = base_depth; i < depth; ++i) indent += "— ";
    out.push_back(json::object{
        {"value", a.code}, {"label", indent + a.name}, {"selected", a.code == selected}});
  }
  return out;
}

}  // namespace

void RegisterWorkloadPage(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Get("/dieu-hanh/khoi-luong", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    Role role = page.session->principal.role;
    if (role != Role::kLeader && role != Role::kMonitor && role != Role::kAdmin)
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    const bool en = page.en();
    json::object ctx = BaseContext(*s, page, Message(page.locale, "wl_title"));

    // The period: the last four weeks unless chosen.
    domain::LocalDate today = domain::LocalDateOf(s->services->clock->NowSeconds());
    service::WorkloadQuery q;
    q.from = today.AddDays(-27);
    q.to = today;
    Status bad = Status::Ok();
    std::string from_text = req.Query("tu").value_or(""), to_text = req.Query("den").value_or("");
    std::string counters_text = req.Query("so-quay").value_or("");
    // The unit: the caller's own agency unless one of its subtree is chosen (the service checks
    // the scope; an agency outside it is refused, not silently replaced).
    std::string agency_text = req.Query("don-vi").value_or("");
    if (!agency_text.empty()) q.agency_code = agency_text;
    if (!from_text.empty()) {
      if (auto d = domain::LocalDate::Parse(from_text)) {
        q.from = *d;
      } else {
        bad = Status::InvalidArgument("invalid_date", "from");
      }
    }
    if (!to_text.empty()) {
      if (auto d = domain::LocalDate::Parse(to_text)) {
        q.to = *d;
      } else if (bad.ok()) {
        bad = Status::InvalidArgument("invalid_date", "to");
      }
    }
    if (!counters_text.empty()) {
      int v = 0;
      auto [p, ec] =
          std::from_chars(counters_text.data(), counters_text.data() + counters_text.size(), v);
      if (ec != std::errc() || p != counters_text.data() + counters_text.size() || v < 1) {
        if (bad.ok()) bad = Status::InvalidArgument("invalid_argument", "counters");
      } else {
        q.counters = v;
      }
    }
    ctx["agencies"] = AgencyChoices(
        *s, page, agency_text.empty() ? page.session->principal.agency_code : agency_text);
    ctx["choose_agency"] = ctx["agencies"].as_array().size() > 1;
    ctx["form"] = json::object{{"from", from_text.empty() ? q.from.ToString() : from_text},
                               {"to", to_text.empty() ? q.to.ToString() : to_text},
                               {"counters", counters_text}};
    ctx["error"] = false;
    ctx["errors"] = json::object{};
    ctx["report"] = false;
    auto fail = [&](const Status& st) {
      std::string msg = st.Message(page.locale);
      ctx["error"] = msg;
      ctx["errors"] = json::object{{st.field().empty() ? "general" : st.field(), msg}};
      return Render(*s, page, "workload", std::move(ctx), HttpStatusOf(st.code()));
    };
    if (!bad.ok()) return fail(bad);
    auto r = s->services->workload->Workload(page.session->principal, q);
    if (!r.ok()) return fail(r.status());

    // Field × day table (working days marked), totals per day.
    json::array days;
    for (size_t i = 0; i < r->days.size(); ++i) {
      days.push_back(json::object{{"label", ShortDate(r->days[i])},
                                  {"date", r->days[i].ToString()},
                                  {"off", !r->working[i]}});
    }
    std::vector<int64_t> day_totals(r->days.size(), 0);
    json::array fields, alloc_rows;
    json::array day_datasets, alloc_labels, alloc_current, alloc_suggested;
    int colour = 0;
    for (const auto& f : r->fields) {
      json::array cells;
      for (size_t i = 0; i < f.per_day.size(); ++i) {
        cells.push_back(json::object{{"n", f.per_day[i]}, {"off", !r->working[i]}});
        day_totals[i] += f.per_day[i];
      }
      std::string name = f.name.empty() ? Message(page.locale, "wl_unknown_officer") : f.name;
      if (f.code.empty()) name = "—";
      fields.push_back(
          json::object{{"code", f.code}, {"name", name}, {"total", f.total}, {"cells", cells}});
      if (f.total > 0) {
        json::array data(f.per_day.begin(), f.per_day.end());
        day_datasets.push_back(json::object{{"label", name},
                                            {"data", std::move(data)},
                                            {"backgroundColor", kPalette[colour++ % 8]}});
      }
      std::string suggested = f.suggested.on_general ? Message(page.locale, "wl_general")
                                                     : std::to_string(f.suggested.counters);
      alloc_rows.push_back(json::object{
          {"name", name},
          {"code", f.code},
          {"per_day", Decimal(f.suggested.daily_dossiers, en)},
          {"current", f.current_counters},
          {"suggested", suggested},
          {"on_general", f.suggested.on_general},
          {"changed", !f.suggested.on_general && f.suggested.counters != f.current_counters}});
      alloc_labels.push_back(json::value(name));
      alloc_current.push_back(json::value(f.current_counters));
      alloc_suggested.push_back(json::value(f.suggested.on_general ? 0 : f.suggested.counters));
    }
    json::array totals;
    for (size_t i = 0; i < day_totals.size(); ++i)
      totals.push_back(json::object{{"n", day_totals[i]}, {"off", !r->working[i]}});
    json::array officers;
    for (const auto& o : r->officers) {
      std::string name = o.name.empty() ? Message(page.locale, "wl_unknown_officer") : o.name;
      json::array cells;
      for (size_t i = 0; i < o.per_day.size(); ++i)
        cells.push_back(json::object{{"n", o.per_day[i]}, {"off", !r->working[i]}});
      officers.push_back(json::object{
          {"name", name}, {"username", o.username}, {"total", o.total}, {"cells", cells}});
    }
    json::array counters;
    for (const auto& k : r->current_counters)
      counters.push_back(
          json::object{{"number", k.number}, {"name", k.name}, {"fields", k.fields}});

    json::array day_labels;
    for (const auto& d : r->days) day_labels.push_back(json::value(ShortDate(d)));
    ctx["report"] = json::object{
        {"agency", r->agency_name},
        {"agency_code", r->agency_code},
        {"from", HumanDate(r->from.ToString())},
        {"to", HumanDate(r->to.ToString())},
        {"total", r->total},
        {"has_data", r->total > 0},
        {"working_days", r->working_days},
        {"counters", r->counters},
        {"general_counters", r->general_counters},
        {"days", std::move(days)},
        {"fields", std::move(fields)},
        {"day_totals", std::move(totals)},
        {"officers", std::move(officers)},
        {"allocation", std::move(alloc_rows)},
        {"has_counters", !counters.empty()},
        {"current_counters", std::move(counters)},
        {"day_chart", json::serialize(json::object{{"labels", std::move(day_labels)},
                                                   {"datasets", std::move(day_datasets)}})},
        {"alloc_chart",
         json::serialize(json::object{
             {"labels", std::move(alloc_labels)},
             {"datasets", json::array{json::object{{"label", Message(page.locale, "wl_current")},
                                                   {"data", std::move(alloc_current)},
                                                   {"backgroundColor", "#8a949e"}},
                                      json::object{{"label", Message(page.locale, "wl_suggested")},
                                                   {"data", std::move(alloc_suggested)},
                                                   {"backgroundColor", "#0b4f9c"}}}}})}};
    ctx["scripts"] = json::array{json::value(s->Asset("vendor/chart.umd.js")),
                                 json::value(s->Asset("workload.js"))};
    return Render(*s, page, "workload", std::move(ctx));
  });
}

}  // namespace motcua::web
