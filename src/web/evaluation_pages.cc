// The leader's evaluation screens, reached from the dashboard:
//   /dieu-hanh/danh-gia — the Decree 61 evaluation (nine indicators per unit and per official,
//     ranking and bands) and the Decision 766 index for a quarter or a year, with every report
//     of the period as a download (XLSX, CSV, PDF) from the JSON API;
//   /dieu-hanh/qua-han — the dossiers overdue now in the leader's subtree, filtered by the
//     agency holding them, downloadable as XLSX or CSV.
// Same access as the reports: leaders, monitors and administrators, within their subtree.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <optional>

#include "domain/decree61.h"
#include "domain/index766.h"
#include "domain/local_date.h"
#include "domain/timeliness_report.h"
#include "service/agency_service.h"
#include "service/dossier_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Role;

constexpr int kOverdueExportMax = 5000;

std::optional<http::Response> ReadersOnly(const Site& site, const Page& page) {
  if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(page.req.target));
  const Role r = page.session->principal.role;
  if (r != Role::kLeader && r != Role::kMonitor && r != Role::kAdmin)
    return ErrorPage(site, page, 403, Message(page.locale, "forbidden"));
  return std::nullopt;
}

http::Response StatusPage(const Site& site, const Page& page, const Status& st) {
  return ErrorPage(site, page, st.http_status(), st.Message(page.locale));
}

std::string Score(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *v) : std::string("—");
}

// The agencies of the caller's subtree (abolished ones left out) as <option>s.
json::array AgencyChoices(const Site& site, const Page& page, const std::string& selected) {
  json::array out;
  auto list = site.services->agencies->List();
  if (!list.ok()) return out;
  for (const auto& a : *list) {
    if (!page.session->principal.CoversAgencyPath(a.path) || a.abolished_at) continue;
    out.push_back(
        json::object{{"code", a.code}, {"name", a.name}, {"selected", a.code == selected}});
  }
  return out;
}

// The periods offered: the quarters of this year up to the current one, the four of last year,
// then both years.
json::array PeriodChoices(domain::LocalDate today, const std::string& selected) {
  json::array out;
  auto add = [&](const std::string& value) {
    out.push_back(json::object{{"value", value}, {"selected", value == selected}});
  };
  const int current_q = (today.month - 1) / 3 + 1;
  for (int q = current_q; q >= 1; --q) add(fmt::format("{}Q{}", today.year, q));
  for (int q = 4; q >= 1; --q) add(fmt::format("{}Q{}", today.year - 1, q));
  add(std::to_string(today.year));
  add(std::to_string(today.year - 1));
  return out;
}

json::array EvaluationRows(const Page& page, const std::vector<service::EvaluationRow>& list) {
  json::array rows;
  for (const auto& e : list) {
    json::array ind;
    for (int i = 1; i <= 9; ++i) ind.push_back(json::value(Score(e.indicators[i])));
    const std::string band(domain::BandName(e.band));
    rows.push_back(json::object{{"rank", e.rank},
                                {"key", e.key},
                                {"name", e.name.empty() ? e.key : e.name},
                                {"dossiers", e.dossiers},
                                {"indicators", std::move(ind)},
                                {"total", fmt::format("{:.2f}", e.total)},
                                {"band", band},
                                {"band_label", Message(page.locale, "ev_band_" + band)}});
  }
  return rows;
}

http::Response Download(std::string body, std::string_view type, const std::string& name) {
  http::Response r = http::Response::Text(200, std::move(body), type);
  r.headers.Set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  r.headers.Set("Cache-Control", "no-store");
  AddSecurityHeaders(r);
  return r;
}

}  // namespace

void RegisterEvaluationPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/dieu-hanh/danh-gia", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = ReadersOnly(*s, page)) return *denied;
    const auto& me = page.session->principal;
    const domain::LocalDate today = domain::LocalDateOf(s->services->clock->NowSeconds());
    std::string period_text =
        req.Query("ky").value_or(fmt::format("{}Q{}", today.year, (today.month - 1) / 3 + 1));
    auto period = domain::ParseQuarterOrYear(period_text);
    if (!period.ok()) return ErrorPage(*s, page, 400, period.status().Message(page.locale));
    std::string agency = req.Query("co-quan").value_or("");
    if (agency.empty()) agency = me.agency_code;
    auto eval = s->services->reports->Evaluate(&me, period->label, agency);
    if (!eval.ok()) return StatusPage(*s, page, eval.status());
    auto index = s->services->reports->Index766(&me, period->from, period->to, agency);
    if (!index.ok()) return StatusPage(*s, page, index.status());

    json::object ctx = BaseContext(*s, page, Message(page.locale, "ev_title"));
    ctx["period"] = period->label;
    ctx["periods"] = PeriodChoices(today, period->label);
    ctx["agencies"] = AgencyChoices(*s, page, agency);
    ctx["units"] = EvaluationRows(page, eval->units);
    ctx["has_units"] = !eval->units.empty();
    ctx["officials"] = EvaluationRows(page, eval->officials);
    ctx["has_officials"] = !eval->officials.empty();
    const auto& b = eval->bands;
    ctx["bands"] = json::array{
        json::object{{"label", Message(page.locale, "ev_band_excellent")},
                     {"range", fmt::format("> {:g}", b.excellent_above)}},
        json::object{{"label", Message(page.locale, "ev_band_good")},
                     {"range", fmt::format("{:g} – {:g}", b.good_from, b.excellent_above)}},
        json::object{{"label", Message(page.locale, "ev_band_fair")},
                     {"range", fmt::format("{:g} – {:g}", b.fair_from, b.good_from)}},
        json::object{{"label", Message(page.locale, "ev_band_average")},
                     {"range", fmt::format("{:g} – {:g}", b.average_from, b.fair_from)}},
        json::object{{"label", Message(page.locale, "ev_band_weak")},
                     {"range", fmt::format("< {:g}", b.average_from)}}};
    // The units' totals on 18 points as a chart; the table above says the same without JS.
    if (eval->units.size() > 1) {
      json::array labels, values;
      for (const auto& u : eval->units) {
        labels.push_back(json::value(u.name.empty() ? u.key : u.name));
        values.push_back(json::value(std::round(u.total * 100) / 100));
      }
      ctx["chart"] = json::serialize(json::object{
          {"labels", std::move(labels)},
          {"datasets", json::array{json::object{{"label", Message(page.locale, "ev_total")},
                                                {"data", std::move(values)},
                                                {"backgroundColor", "#0b4f9c"}}}}});
    }
    json::array items;
    for (const auto& it : index->result.items) {
      items.push_back(json::object{{"id", it.id},
                                   {"name", it.name_vi},
                                   {"max", fmt::format("{:g}", it.max_points)},
                                   {"computed", it.points.has_value()},
                                   {"points", Score(it.points)},
                                   {"note", it.points ? it.formula : it.not_computable_reason}});
    }
    json::object idx{{"items", std::move(items)},
                     {"points", fmt::format("{:.2f}", index->result.points)},
                     {"computable_max", fmt::format("{:g}", index->result.computable_max)},
                     {"scaled", false}};
    if (index->result.scaled) {
      idx["scaled"] = fmt::format("{:.1f}", *index->result.scaled);
      idx["band"] = std::string(domain::Index766BandLabelVi(*index->result.scaled));
    }
    ctx["index"] = std::move(idx);

    // Every report of the period, as the JSON API serves it to download.
    const std::string q = "quarter=" + UrlEncode(period->label) + "&agency=" + UrlEncode(agency);
    const std::string range = "from=" + period->from.ToString() +
                              "&to=" + period->to.AddDays(-1).ToString() +
                              "&agency=" + UrlEncode(agency);
    json::array downloads;
    auto add = [&](const char* key, const std::string& base,
                   std::initializer_list<const char*> fs) {
      json::array links;
      for (const char* f : fs) {
        const std::string format = f;
        links.push_back(json::object{{"format", format},
                                     {"href", base + "&format=" + format},
                                     {"format_label", format == "xlsx"  ? "XLSX"
                                                      : format == "pdf" ? "PDF"
                                                                        : "CSV"},
                                     {"name", Message(page.locale, key)}});
      }
      downloads.push_back(
          json::object{{"name", Message(page.locale, key)}, {"links", std::move(links)}});
    };
    add("ev_dl_evaluation", "/api/v1/reports/evaluation?" + q, {"xlsx", "pdf", "csv"});
    add("ev_dl_index766", "/api/v1/reports/index766?" + q, {"xlsx", "csv"});
    add("ev_dl_timeliness", "/api/v1/reports/timeliness?" + range + "&group_by=agency",
        {"xlsx", "csv"});
    add("ev_dl_steps", "/api/v1/reports/steps?" + range, {"xlsx", "csv"});
    add("ev_dl_overdue", "/dieu-hanh/qua-han?co-quan=" + UrlEncode(agency), {"xlsx", "csv"});
    ctx["downloads"] = std::move(downloads);
    ctx["scripts"] = json::array{json::value(s->Asset("vendor/chart.umd.js")),
                                 json::value(s->Asset("dashboard.js"))};
    return Render(*s, page, "evaluation", std::move(ctx));
  });

  router.Get("/dieu-hanh/qua-han", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = ReadersOnly(*s, page)) return *denied;
    if (!s->services->dossiers) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    const auto& me = page.session->principal;
    std::string agency = req.Query("co-quan").value_or("");
    std::string format = req.Query("format").value_or("");
    if (!format.empty() && format != "csv" && format != "xlsx")
      return ErrorPage(*s, page, 400, Message(page.locale, "drill_bad_query"));
    // The agency filter keeps the dossiers held in its subtree; it must lie in the caller's.
    std::map<std::string, std::string> path_of;
    if (auto list = s->services->agencies->List(); list.ok()) {
      for (const auto& a : *list) path_of[a.code] = a.path;
    }
    std::string filter_path;
    if (!agency.empty()) {
      auto it = path_of.find(agency);
      if (it == path_of.end())
        return ErrorPage(*s, page, 400, Status::Validation("unknown_agency").Message(page.locale));
      if (!me.CoversAgencyPath(it->second))
        return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
      filter_path = it->second;
    }
    json::array rows;
    std::vector<std::vector<std::string>> table;
    int64_t total = 0;
    for (int offset = 0; offset < kOverdueExportMax; offset += 200) {
      auto q = s->services->dossiers->Queue(me, "overdue", 200, offset);
      if (!q.ok()) return StatusPage(*s, page, q.status());
      const json::value* items = q->if_contains("items");
      if (!items || !items->is_array() || items->get_array().empty()) break;
      for (const auto& d : items->get_array()) {
        if (!d.is_object()) continue;
        const json::object& o = d.get_object();
        auto str = [&](const char* k) {
          const json::value* v = o.if_contains(k);
          return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        const std::string held = str("current_agency_code");
        if (!filter_path.empty() && path_of[held].rfind(filter_path, 0) != 0) continue;
        ++total;
        std::string step;
        if (const json::value* sv = o.if_contains("steps"); sv && sv->is_array()) {
          for (const auto& st : sv->get_array()) {
            const json::value* c =
                st.is_object() ? st.get_object().if_contains("current") : nullptr;
            if (c && c->is_bool() && c->get_bool()) {
              const json::value* n = st.get_object().if_contains("name");
              if (n && n->is_string()) step = std::string(n->get_string());
            }
          }
        }
        std::string late;
        if (const json::value* rv = o.if_contains("remaining_office_seconds");
            rv && rv->is_number()) {
          const int64_t secs = static_cast<int64_t>(std::abs(rv->to_number<double>()));
          late = fmt::format(fmt::runtime(Message(page.locale, "q_hours_minutes")), secs / 3600,
                             (secs % 3600) / 60);
        }
        const std::string due = HumanTime(str("due_at"));
        table.push_back({str("code"), str("procedure"), step, str("current_agency"), due, late});
        rows.push_back(json::object{{"code", str("code")},
                                    {"href", "/ho-so/" + UrlEncode(str("code"))},
                                    {"procedure", str("procedure")},
                                    {"step", step},
                                    {"agency", str("current_agency")},
                                    {"due_at", due},
                                    {"late", late}});
      }
      const json::value* t = q->if_contains("total");
      if (!t || !t->is_int64() || offset + 200 >= t->get_int64()) break;
    }
    if (!format.empty()) {
      const std::vector<std::string> header{
          Message(page.locale, "dossier_code"), Message(page.locale, "procedure"),
          Message(page.locale, "step"),         Message(page.locale, "step_agency"),
          Message(page.locale, "due_at"),       Message(page.locale, "ov_late_by")};
      const std::string name = "ho-so-qua-han-" + (agency.empty() ? me.agency_code : agency) + "-" +
                               domain::LocalDateOf(s->services->clock->NowSeconds()).ToString();
      if (format == "csv")
        return Download(service::TableCsv(header, table), "text/csv; charset=utf-8", name + ".csv");
      auto x = service::TableXlsx(
          Message(page.locale, "ov_sheet"),
          Message(page.locale, "ov_title") + " — " + HumanInstant(s->services->clock->NowSeconds()),
          header, table);
      if (!x.ok()) return StatusPage(*s, page, x.status());
      return Download(std::move(*x),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      name + ".xlsx");
    }
    json::object ctx = BaseContext(*s, page, Message(page.locale, "ov_title"));
    ctx["agencies"] = AgencyChoices(*s, page, agency);
    ctx["agency"] = agency;
    ctx["total"] = total;
    ctx["has_rows"] = !rows.empty();
    ctx["rows"] = std::move(rows);
    const std::string base = "/dieu-hanh/qua-han?co-quan=" + UrlEncode(agency);
    ctx["xlsx_href"] = base + "&format=xlsx";
    ctx["csv_href"] = base + "&format=csv";
    return Render(*s, page, "overdue", std::move(ctx));
  });
}

}  // namespace motcua::web
