// Staff screens: the reception counter, work queues, the leader's dashboard and administration.
// Server-rendered shells filled from the services; the counter's reception is sent to the JSON
// API by counter.js (keyboard-driven, with the X-CSRF-Token the API checks).
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <initializer_list>
#include <map>
#include <optional>

#include "common/crypto.h"
#include "domain/dossier_state.h"
#include "domain/local_date.h"
#include "domain/procedure.h"
#include "domain/procedure_search.h"
#include "service/agency_service.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Role;

// Null when the user may open the page; otherwise the response to send (log-in or 403).
std::optional<http::Response> Guard(const Site& site, const Page& page,
                                    std::initializer_list<Role> roles) {
  if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(page.req.path));
  for (Role r : roles) {
    if (page.session->principal.role == r) return std::nullopt;
  }
  return ErrorPage(site, page, 403, Message(page.locale, "forbidden"));
}

json::array QueueNames(const Page& page) {
  json::array out;
  for (const char* name : {"to_receive", "to_appraise", "to_approve", "to_return", "due_soon",
                           "overdue", "waiting_applicant"}) {
    out.push_back(
        json::object{{"name", name}, {"label", Message(page.locale, std::string("q_") + name)}});
  }
  return out;
}

std::string StrOf(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// A queue row: the dossier, its current step, and its urgency from the remaining office time
// against the step's quota (green; amber when ≤ 20 % is left; red when overdue).
json::object QueueItem(const Site& site, std::string_view locale, const json::object& o) {
  json::object item{{"code", StrOf(o, "code")},
                    {"procedure_name", StrOf(o, "procedure")},
                    {"status_text", StateLabel(locale, StrOf(o, "status"))},
                    {"timeliness_text", TimelinessLabel(locale, StrOf(o, "timeliness"))},
                    {"due_at", HumanTime(StrOf(o, "due_at"))}};
  std::string step_name, step_agency, step_assignee;
  if (const json::value* sv = o.if_contains("steps"); sv && sv->is_array()) {
    for (const auto& st : sv->get_array()) {
      if (!st.is_object()) continue;
      const json::object& so = st.get_object();
      if (const json::value* c = so.if_contains("current"); c && c->is_bool() && c->get_bool()) {
        step_name = StrOf(so, "name");
        step_agency = StrOf(so, "agency");
        step_assignee = StrOf(so, "assignee_name");
      }
    }
  }
  item["step_name"] = step_name;
  item["step_agency"] = step_agency;
  item["step_assignee"] = step_assignee;
  double quota = 0;
  if (auto detail = site.services->catalogue->Get(StrOf(o, "procedure_code")); detail.ok()) {
    for (const auto& w : detail->entry.procedure.workflow) {
      if (w.name == step_name) quota = w.quota_hours * 3600.0;
    }
    if (quota == 0) quota = detail->entry.procedure.time_limit.TotalHours() * 3600.0;
  }
  const json::value* rv = o.if_contains("remaining_office_seconds");
  if (rv && rv->is_number()) {
    double remaining = rv->to_number<double>();
    item["urgency"] = remaining < 0                             ? "red"
                      : (quota > 0 && remaining <= 0.2 * quota) ? "amber"
                                                                : "green";
    int64_t secs = static_cast<int64_t>(remaining < 0 ? -remaining : remaining);
    std::string text = fmt::format(fmt::runtime(Message(locale, "q_hours_minutes")), secs / 3600,
                                   (secs % 3600) / 60);
    item["remaining_text"] =
        fmt::format(fmt::runtime(Message(locale, remaining < 0 ? "q_overdue_by" : "q_left")), text);
  } else {
    item["urgency"] = "green";
    item["remaining_text"] = "—";
  }
  return item;
}

// The legal time limit in the page's language ("05 ngày làm việc", "5 working days").
std::string TimeLimitLabel(std::string_view locale, const domain::TimeLimit& limit) {
  if (locale != "en") return limit.LabelVi();
  switch (limit.unit) {
    case domain::TimeLimit::Unit::kWorkingDays:
      return fmt::format(fmt::runtime(Message(locale, "tl_days")), limit.amount);
    case domain::TimeLimit::Unit::kWorkingHours:
      return fmt::format(fmt::runtime(Message(locale, "tl_hours")), limit.amount);
    case domain::TimeLimit::Unit::kSameDay:
      break;
    case domain::TimeLimit::Unit::kCalendarDays:
    case domain::TimeLimit::Unit::kMonths:
    case domain::TimeLimit::Unit::kNotPublished:
      return limit.LabelEn();
  }
  return Message(locale, "tl_same_day");
}

// The dossier states as {name: label} for counter.js, which shows the state of the dossier just
// received from the API's name rather than its Vietnamese status_text.
std::string StateLabelsJson(std::string_view locale) {
  json::object out;
  for (auto state : domain::kAllDossierStates) {
    std::string name(domain::DossierStateName(state));
    out[name] = StateLabel(locale, name);
  }
  return json::serialize(out);
}

}  // namespace

void RegisterStaffPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/quay", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kReceptionOfficer, Role::kAdmin})) return *denied;
    json::object ctx = BaseContext(*s, page, Message(page.locale, "counter_title"));
    std::string q = req.Query("q").value_or("");
    if (q.size() > 200) q.resize(200);
    std::string code = req.Query("thu-tuc").value_or("");
    ctx["q"] = q;
    json::array hits;
    if (!q.empty()) {
      domain::ProcedureQuery query;
      query.text = q;
      query.page_size = 10;
      auto found = s->services->catalogue->Search(query);
      for (const auto& h : found.page.items) {
        const auto& p = h.entry->procedure;
        hits.push_back(json::object{{"code", p.code},
                                    {"name", p.name},
                                    {"field", p.field_name},
                                    {"href", "/quay?thu-tuc=" + UrlEncode(p.code)}});
      }
    }
    ctx["hits"] = std::move(hits);
    ctx["procedure"] = false;
    if (!code.empty()) {
      auto detail = s->services->catalogue->Get(code);
      if (detail.ok()) {
        const auto& p = detail->entry.procedure;
        json::array comps;
        int n = 0;
        for (const auto& c : p.components) {
          comps.push_back(json::object{{"n", n++},
                                       {"name", c.name},
                                       {"originals", c.originals},
                                       {"copies", c.copies},
                                       {"required", c.required}});
        }
        // Since 2025 any one-stop point receives any dossier: the officer names the competent
        // agency when the procedure is decided by one of several (e.g. the applicant's commune).
        json::array agencies;
        for (const auto& code : p.implementing_agencies) {
          auto rec = s->services->agencies->Get(code);
          agencies.push_back(json::object{{"code", code}, {"name", rec.ok() ? rec->name : code}});
        }
        bool choose = agencies.size() > 1;
        ctx["procedure"] = json::object{{"code", p.code},
                                        {"name", p.name},
                                        {"time_limit", TimeLimitLabel(page.locale, p.time_limit)},
                                        {"components", std::move(comps)},
                                        {"choose_agency", choose},
                                        {"postal", p.postal_submission},
                                        {"agencies", std::move(agencies)}};
      }
    }
    // The counter's work at a glance: online submissions waiting to be received and results
    // waiting to be handed over, in the officer's agency.
    ctx["figures"] = false;
    if (s->services->dossiers) {
      auto count = [&](const char* name) -> int64_t {
        auto q = s->services->dossiers->Queue(page.session->principal, name, 1, 0);
        if (!q.ok()) return 0;
        const json::value* t = q->if_contains("total");
        return t && t->is_int64() ? t->get_int64() : 0;
      };
      ctx["figures"] = json::object{{"to_receive", count("to_receive")},
                                    {"to_return", count("to_return")},
                                    {"waiting_applicant", count("waiting_applicant")},
                                    {"overdue", count("overdue")}};
    }
    ctx["agency_code"] = page.session->principal.agency_code;
    // One key per applicant, made with the form: a second F9 or click replays the dossier the
    // first one created instead of making another (counter.js renews it for the next applicant).
    ctx["idempotency_key"] = RandomToken(18);
    ctx["state_labels"] = StateLabelsJson(page.locale);
    ctx["scripts"] =
        json::array{json::value(s->Asset("app.js")), json::value(s->Asset("counter.js"))};
    ctx["body_class"] = "counter";
    return Render(*s, page, "counter", std::move(ctx));
  });

  router.Get("/xu-ly", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page,
                            {Role::kReceptionOfficer, Role::kSpecialist, Role::kLeader,
                             Role::kMonitor, Role::kAdmin})) {
      return *denied;
    }
    json::object ctx = BaseContext(*s, page, Message(page.locale, "backoffice_title"));
    std::string queue = req.Query("hang-doi").value_or("to_appraise");
    json::array names = QueueNames(page);
    for (auto& n : names) {
      n.get_object()["current"] = n.get_object()["name"].get_string() == queue;
    }
    ctx["queues"] = std::move(names);
    ApiReply r = CallApi(*s, page, "/api/v1/queues/" + UrlEncode(queue) + "?limit=50");
    ctx["available"] = r.status == 200;
    json::array items;
    if (r.status == 200 && r.body.is_object()) {
      if (const json::value* v = r.body.get_object().if_contains("items"); v && v->is_array()) {
        for (const auto& d : v->get_array()) {
          if (!d.is_object()) continue;
          const json::object& o = d.get_object();
          json::object item = QueueItem(*s, page.locale, o);
          items.push_back(std::move(item));
        }
      }
    }
    ctx["has_items"] = !items.empty();
    ctx["items"] = std::move(items);
    return Render(*s, page, "backoffice", std::move(ctx));
  });

  router.Get("/dieu-hanh", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kLeader, Role::kMonitor, Role::kAdmin})) {
      return *denied;
    }
    json::object ctx = BaseContext(*s, page, Message(page.locale, "dashboard_title"));
    auto stats = s->services->catalogue->Stats();
    ctx["catalogue"] = json::object{{"total", stats.total},
                                    {"online_full", stats.online_full},
                                    {"online_partial", stats.online_partial},
                                    {"postal", stats.postal},
                                    {"inter_agency", stats.inter_agency},
                                    {"same_day", stats.same_day},
                                    {"decided_at_centre", stats.decided_at_centre}};
    // Dossier figures from the work queues of the leader's subtree.
    ctx["dossiers"] = false;
    if (s->services->dossiers) {
      const service::Principal& me = page.session->principal;
      auto total = [&](const char* name) -> int64_t {
        auto q = s->services->dossiers->Queue(me, name, 1, 0);
        if (!q.ok()) return 0;
        const json::value* t = q->if_contains("total");
        return t && t->is_int64() ? t->get_int64() : 0;
      };
      json::object figures{{"to_receive", total("to_receive")},
                           {"in_process", total("to_appraise") + total("to_approve")},
                           {"due_soon", total("due_soon")},
                           {"overdue", total("overdue")}};
      // The overdue list with the step and agency responsible, and per-agency counts for the
      // chart (overdue and due soon).
      json::array overdue;
      std::map<std::string, std::pair<int64_t, int64_t>> by_agency;
      for (const char* name : {"overdue", "due_soon"}) {
        auto q = s->services->dossiers->Queue(me, name, 200, 0);
        if (!q.ok()) continue;
        const json::value* items = q->if_contains("items");
        if (!items || !items->is_array()) continue;
        for (const auto& d : items->get_array()) {
          if (!d.is_object()) continue;
          json::object item = QueueItem(*s, page.locale, d.get_object());
          std::string agency = StrOf(d.get_object(), "current_agency");
          if (std::string_view(name) == "overdue") {
            ++by_agency[agency].first;
            item["agency"] = agency;
            if (overdue.size() < 50) overdue.push_back(std::move(item));
          } else {
            ++by_agency[agency].second;
          }
        }
      }
      bool has_chart = !by_agency.empty();
      json::array labels, overdue_counts, due_soon_counts;
      for (const auto& [agency, counts] : by_agency) {
        labels.push_back(json::value(agency));
        overdue_counts.push_back(json::value(counts.first));
        due_soon_counts.push_back(json::value(counts.second));
      }
      if (has_chart)
        ctx["chart"] = json::serialize(json::object{
            {"labels", std::move(labels)},
            {"datasets", json::array{json::object{{"label", Message(page.locale, "overdue")},
                                                  {"data", std::move(overdue_counts)},
                                                  {"backgroundColor", "#a50e0e"}},
                                     json::object{{"label", Message(page.locale, "due_soon")},
                                                  {"data", std::move(due_soon_counts)},
                                                  {"backgroundColor", "#d89b00"}}}}});
      ctx["has_overdue"] = !overdue.empty();
      ctx["overdue"] = std::move(overdue);
      ctx["dossiers"] = std::move(figures);
    }
    // On-time rates this year by agency, field and month (reports service, the leader's subtree).
    ctx["rates"] = false;
    if (s->services->reports) {
      const int64_t now = s->services->clock->NowSeconds();
      domain::LocalDate today = domain::LocalDateOf(now);
      json::object rates;
      json::value agency_chart;
      const auto fields = s->services->catalogue->Fields();
      const std::string from_text = domain::LocalDate{today.year, 1, 1}.ToString();
      const std::string to_text = today.ToString();
      // Every figure links to the dossiers behind it, judged at the same minute as the report.
      auto href = [&](const service::TimelinessReport& r, const std::string& group,
                      const std::string& figure) {
        return DrillDownHref(from_text, to_text, r.group_by, group, figure,
                             domain::FormatLocalDateTime(r.as_of));
      };
      for (const char* group : {"agency", "field", "month"}) {
        service::TimelinessQuery q;
        q.from = domain::LocalDate{today.year, 1, 1};
        q.to = today.AddDays(1);
        q.group_by = group;
        auto report = s->services->reports->Timeliness(&page.session->principal, q);
        if (!report.ok()) continue;
        if (std::string_view(group) == "agency") {
          const auto& t = report->total;
          json::array kpis;
          for (auto [figure, value] :
               {std::pair{"received", t.received}, std::pair{"carried_over", t.carried_over},
                std::pair{"resolved_early", t.resolved_early},
                std::pair{"resolved_on_time", t.resolved_on_time},
                std::pair{"resolved_late", t.resolved_late},
                std::pair{"pending_within_deadline", t.pending_within_deadline},
                std::pair{"pending_overdue", t.pending_overdue}}) {
            kpis.push_back(
                json::object{{"label", Message(page.locale, std::string("fig_") + figure)},
                             {"value", value},
                             {"href", DrillDownHref(from_text, to_text, "", "", figure,
                                                    domain::FormatLocalDateTime(report->as_of))},
                             {"late", std::string_view(figure) == "resolved_late" ||
                                          std::string_view(figure) == "pending_overdue"}});
          }
          rates["kpis"] = std::move(kpis);
          rates["has_kpis"] = true;
        }
        json::array rows;
        json::array labels, values;
        for (const auto& g : report->groups) {
          const auto& c = g.counts;
          int64_t resolved = c.resolved();
          double rate = resolved > 0
                            ? 100.0 *
                                  static_cast<double>(c.resolved_early + c.resolved_on_time +
                                                      c.resolved_no_deadline) /
                                  static_cast<double>(resolved)
                            : 0.0;
          std::string label = g.label.empty() ? g.key : g.label;
          if (std::string_view(group) == "field" && label == g.key) {
            for (const auto& f : fields) {
              if (f.code == g.key) label = f.name;
            }
          }
          rows.push_back(json::object{
              {"label", label},
              {"received", c.received},
              {"received_href", href(*report, g.key, "received")},
              {"resolved", resolved},
              {"resolved_href", href(*report, g.key, "resolved")},
              {"late", c.resolved_late},
              {"late_href", href(*report, g.key, "resolved_late")},
              {"pending_overdue", c.pending_overdue},
              {"pending_overdue_href", href(*report, g.key, "pending_overdue")},
              {"rate", resolved > 0 ? fmt::format("{:.1f} %", rate) : std::string("—")}});
          labels.push_back(json::value(label));
          values.push_back(json::value(std::round(rate * 10) / 10));
        }
        if (std::string_view(group) == "agency") {
          agency_chart = json::object{
              {"labels", std::move(labels)},
              {"datasets", json::array{json::object{{"label", Message(page.locale, "ontime_rate")},
                                                    {"data", std::move(values)},
                                                    {"backgroundColor", "#0b4f9c"}}}}};
        }
        rates[group] = json::object{{"rows", std::move(rows)}};
      }
      if (!rates.empty()) {
        rates["year"] = today.year;
        ctx["rates"] = std::move(rates);
        if (agency_chart.is_object() && !agency_chart.at("labels").as_array().empty())
          ctx["rate_chart"] = json::serialize(agency_chart);
      }
    }
    // Steps held by the leader's agency (and its subtree), whoever received the dossier: a Sở
    // that only handles inter-agency steps sees its own work here.
    ctx["steps"] = false;
    if (s->services->reports) {
      const int64_t now = s->services->clock->NowSeconds();
      domain::LocalDate today = domain::LocalDateOf(now);
      service::StepQuery q;
      q.from = domain::LocalDate{today.year, 1, 1};
      q.to = today.AddDays(1);
      q.top = 10;
      auto steps = s->services->reports->Steps(&page.session->principal, q);
      if (steps.ok()) {
        auto figures = [](const service::StepAgencyFigures& f) {
          auto rate = f.on_time_rate();
          return json::object{{"code", f.code},
                              {"name", f.name.empty() ? f.code : f.name},
                              {"closed_early", f.closed_early},
                              {"closed_on_time", f.closed_on_time},
                              {"closed_late", f.closed_late},
                              {"open_overdue", f.open_overdue},
                              {"late_minutes", f.late_office_minutes + f.overdue_office_minutes},
                              {"attributed_minutes", f.attributed_minutes},
                              {"rate", rate ? fmt::format("{:.1f} %", *rate) : std::string("—")}};
        };
        json::array rows, top;
        for (const auto& f : steps->agencies) rows.push_back(figures(f));
        for (const auto& l : steps->top_late) {
          top.push_back(
              json::object{{"code", l.dossier_code},
                           {"step", l.step_name},
                           {"agency", l.agency_name.empty() ? l.agency_code : l.agency_name},
                           {"due_at", HumanInstant(l.due_at)},
                           {"open", !l.ended_at.has_value()},
                           {"late_minutes", l.late_minutes}});
        }
        ctx["steps"] = json::object{{"has_rows", !rows.empty()},
                                    {"rows", std::move(rows)},
                                    {"total", figures(steps->total)},
                                    {"has_top", !top.empty()},
                                    {"top", std::move(top)}};
      }
    }
    ctx["scripts"] = json::array{json::value(s->Asset("vendor/chart.umd.js")),
                                 json::value(s->Asset("dashboard.js"))};
    return Render(*s, page, "dashboard", std::move(ctx));
  });
}

}  // namespace motcua::web
