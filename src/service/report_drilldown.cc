// The dossiers behind a figure of the timeliness report (drill-down). The database narrows the
// candidates with a necessary condition per figure; each candidate is then classified by the same
// domain::FactOf + domain::Accumulate as both report engines, so the list's total is the figure.
#include <algorithm>

#include "domain/timeliness_report.h"
#include "service/audit.h"
#include "service/report_service.h"
#include "storage/agency_store.h"
#include "storage/report_store.h"

namespace motcua::service {

Result<DrillDownResult> ReportService::TimelinessDossiers(const Principal* actor,
                                                          const DrillDownQuery& q) {
  const TimelinessQuery& rq = q.report;
  if (!(rq.from < rq.to)) return Status::InvalidArgument("invalid_period", "to");
  auto figure = domain::ParseFigure(q.figure);
  if (!figure) return Status::InvalidArgument("invalid_argument", "figure");
  if (q.limit < 1 || q.limit > 1000) return Status::InvalidArgument("invalid_argument", "limit");
  if (q.offset < 0) return Status::InvalidArgument("invalid_argument", "offset");
  if (rq.channel && *rq.channel != "counter" && *rq.channel != "online" && *rq.channel != "postal")
    return Status::InvalidArgument("invalid_channel", "channel");
  const std::string& g = rq.group_by;
  std::optional<domain::PeriodUnit> unit;
  if (!g.empty() && g != "agency" && g != "field" && g != "procedure" && g != "channel") {
    unit = domain::ParsePeriodUnit(g);
    if (!unit) return Status::InvalidArgument("invalid_group_by", "group_by");
  }
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(actor, rq.agency_code));

  DrillDownResult out;
  out.from = rq.from;
  out.to = rq.to;
  out.as_of = domain::MinuteOf(rq.as_of.value_or(clock_.NowSeconds())) * int64_t{60};
  out.agency_code = scope.code;
  out.group_by = g;
  out.group = q.group;
  out.figure = std::string(domain::FigureName(*figure));
  out.limit = q.limit;
  out.offset = q.offset;

  storage::DrillFilter filter;
  if (!scope.code.empty()) filter.base.agency_path = scope.path;
  filter.base.field_code = rq.field_code;
  filter.base.procedure_code = rq.procedure_code;
  filter.base.channel = rq.channel;
  domain::LocalDate from = rq.from, to = rq.to;
  bool empty = false;  // a group that cannot exist under the filters
  if (!q.group.empty()) {
    if (unit) {
      bool found = false;
      for (const auto& p : domain::SplitPeriod(rq.from, rq.to, *unit)) {
        if (p.label != q.group) continue;
        from = p.from;
        to = p.to;
        found = true;
      }
      if (!found) return Status::InvalidArgument("invalid_argument", "group");
    } else if (g == "agency") {
      std::optional<storage::AgencyRecord> a;
      MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(a, storage::FindAgencyByCode(c, q.group));
        return Status::Ok();
      }));
      if (!a) return Status::Validation("unknown_agency", "group");
      filter.agency_id = a->id;
    } else if (g == "field") {
      filter.group_field = q.group;
    } else if (g == "procedure") {
      if (rq.procedure_code && *rq.procedure_code != q.group) empty = true;
      filter.base.procedure_code = q.group;
    } else if (g == "channel") {
      if (rq.channel && *rq.channel != q.group) empty = true;
      filter.base.channel = q.group;
    } else {
      return Status::InvalidArgument("invalid_argument", "group");
    }
  }
  if (empty) return out;

  const int64_t from_s = domain::StartOfLocalDay(from), to_s = domain::StartOfLocalDay(to);
  const domain::ReportWindow w{domain::MinuteOf(from_s), domain::MinuteOf(to_s),
                               domain::MinuteOf(out.as_of)};
  std::vector<storage::DrillCandidate> candidates;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(candidates,
                            storage::ListDrillCandidates(c, filter, *figure, from_s, to_s));
    return Status::Ok();
  }));
  std::vector<std::pair<int64_t, std::string_view>> page;  // id, outcome
  domain::TimelinessCounts one;
  for (const auto& d : candidates) {
    auto fact = domain::FactOf(d.status, d.received_at, d.legal_due_at, d.due_at, d.finished_at,
                               d.returned_at, d.updated_at);
    if (!fact) continue;
    std::string_view outcome = domain::OutcomeOf(*fact, w, one);
    if (domain::FigureValue(one, *figure) == 0) continue;
    if (out.total >= q.offset && out.total < int64_t{q.offset} + q.limit)
      page.emplace_back(d.id, outcome);
    ++out.total;
  }
  std::vector<int64_t> ids;
  for (const auto& [id, outcome] : page) ids.push_back(id);
  std::vector<storage::DrillDossierRow> rows;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(rows, storage::ListDrillDossiers(c, ids));
    return Status::Ok();
  }));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    DrillDossier d;
    d.code = r.code;
    d.procedure_code = r.procedure_code;
    d.procedure_name = r.procedure_name;
    d.field_code = r.field_code;
    d.agency_code = r.agency_code;
    d.agency_name = r.agency_name;
    d.channel = r.channel;
    d.status = r.status;
    auto it =
        std::find_if(page.begin(), page.end(), [&](const auto& p) { return p.first == r.id; });
    if (it != page.end()) d.outcome = std::string(it->second);
    d.received_at = r.received_at;
    d.due_at = r.legal_due_at ? r.legal_due_at : r.due_at;
    d.finished_at = r.finished_at;
    d.returned_at = r.returned_at;
    out.items.push_back(std::move(d));
  }
  if (!out.items.empty()) {
    MOTCUA_RETURN_IF_ERROR(AuditRead(db_, clock_, actor, "report.drilldown", "agency", scope.code,
                                     "report_drilldown",
                                     {{"figure", out.figure},
                                      {"group", out.group},
                                      {"from", out.from.ToString()},
                                      {"to", out.to.ToString()},
                                      {"dossiers", static_cast<int64_t>(out.items.size())}}));
  }
  return out;
}

}  // namespace motcua::service
