// /dieu-hanh/ho-so: the dossiers behind one figure of a timeliness report (drill-down from the
// leader's dashboard). Staff-only data, the same access and agency-subtree scope as the reports.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/local_date.h"
#include "domain/timeliness_report.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

constexpr int kPageSize = 50;

std::string Param(const http::Request& req, const char* name) {
  return req.Query(name).value_or("");
}

std::optional<std::string> NonEmpty(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string HumanInstant(int64_t unix_seconds) {
  std::string text = domain::FormatLocalDateTime(unix_seconds);  // "YYYY-MM-DD HH:MM"
  if (text.size() == 16) text[10] = 'T';
  return HumanTime(text);
}

std::string DrillDownHref(const std::string& from, const std::string& to,
                          const std::string& group_by, const std::string& group,
                          const std::string& figure, const std::string& as_of,
                          const std::string& agency) {
  std::string href = "/dieu-hanh/ho-so?from=" + UrlEncode(from) + "&to=" + UrlEncode(to);
  if (!agency.empty()) href += "&agency=" + UrlEncode(agency);
  if (!group_by.empty()) href += "&group_by=" + UrlEncode(group_by);
  if (!group.empty()) href += "&group=" + UrlEncode(group);
  href += "&figure=" + UrlEncode(figure);
  if (!as_of.empty()) href += "&as_of=" + UrlEncode(as_of);
  return href;
}

void RegisterReportPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/dieu-hanh/ho-so", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.target));
    const auto role = page.session->principal.role;
    if (role != domain::Role::kLeader && role != domain::Role::kMonitor &&
        role != domain::Role::kAdmin)
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    if (!s->services->reports) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));

    service::DrillDownQuery q;
    auto from = domain::LocalDate::Parse(Param(req, "from"));
    auto to = domain::LocalDate::Parse(Param(req, "to"));
    if (!from || !to) return ErrorPage(*s, page, 400, Message(page.locale, "drill_bad_query"));
    q.report.from = *from;
    q.report.to = to->AddDays(1);  // `to` is the last day, as in the API
    q.report.agency_code = NonEmpty(req, "agency");
    q.report.field_code = NonEmpty(req, "field");
    q.report.procedure_code = NonEmpty(req, "procedure");
    q.report.channel = NonEmpty(req, "channel");
    q.report.group_by = Param(req, "group_by");
    if (auto as_of = NonEmpty(req, "as_of")) {
      auto t = domain::ParseLocalDateTime(*as_of);
      if (!t) return ErrorPage(*s, page, 400, Message(page.locale, "drill_bad_query"));
      q.report.as_of = *t;
    }
    q.group = Param(req, "group");
    q.figure = Param(req, "figure");
    int page_no = std::max(1, std::atoi(Param(req, "trang").c_str()));
    if (page_no > 100000) page_no = 100000;
    q.limit = kPageSize;
    q.offset = (page_no - 1) * kPageSize;
    auto r = s->services->reports->TimelinessDossiers(&page.session->principal, q);
    if (!r.ok()) {
      const Code code = r.status().code();
      if (code == Code::kPermissionDenied)
        return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
      if (code == Code::kInvalidArgument || code == Code::kValidation)
        return ErrorPage(*s, page, 400, Message(page.locale, "drill_bad_query"));
      return ErrorPage(*s, page, 500, r.status().Message(page.locale));
    }

    const std::string figure_label = Message(page.locale, "fig_" + r->figure);
    json::object ctx = BaseContext(*s, page, figure_label);
    ctx["figure_label"] = figure_label;
    ctx["figure"] = r->figure;
    ctx["period"] = fmt::format("{} – {}", HumanDate(r->from.ToString()),
                                HumanDate(r->to.AddDays(-1).ToString()));
    ctx["as_of"] = HumanInstant(r->as_of);
    ctx["agency"] = r->agency_code;
    ctx["group"] = r->group;
    ctx["total"] = r->total;
    json::array items;
    auto when = [](const std::optional<int64_t>& t) {
      return t ? HumanInstant(*t) : std::string("—");
    };
    for (const auto& d : r->items) {
      items.push_back(json::object{
          {"code", d.code},
          {"href", "/ho-so/" + UrlEncode(d.code)},
          {"procedure", d.procedure_name.empty() ? d.procedure_code : d.procedure_name},
          {"agency", d.agency_name.empty() ? d.agency_code : d.agency_name},
          {"received_at", when(d.received_at)},
          {"due_at", when(d.due_at)},
          {"resolved_at", when(d.finished_at)},
          {"outcome", d.outcome.empty() ? std::string() : Message(page.locale, "fig_" + d.outcome)},
          {"late", d.outcome == "resolved_late" || d.outcome == "pending_overdue"}});
    }
    ctx["has_items"] = !items.empty();
    ctx["items"] = std::move(items);
    // Pagination keeps every other parameter of the request.
    auto page_href = [&](int n) {
      std::string href = "/dieu-hanh/ho-so?";
      for (const char* k : {"from", "to", "agency", "field", "procedure", "channel", "group_by",
                            "group", "figure", "as_of"}) {
        if (auto v = NonEmpty(req, k)) href += std::string(k) + "=" + UrlEncode(*v) + "&";
      }
      return href + "trang=" + std::to_string(n);
    };
    const int64_t pages = (r->total + kPageSize - 1) / kPageSize;
    ctx["page_no"] = page_no;
    ctx["pages"] = pages;
    ctx["prev"] = page_no > 1 ? json::value(page_href(page_no - 1)) : json::value(false);
    ctx["next"] = page_no < pages ? json::value(page_href(page_no + 1)) : json::value(false);
    return Render(*s, page, "report_dossiers", std::move(ctx));
  });
}

}  // namespace motcua::web
