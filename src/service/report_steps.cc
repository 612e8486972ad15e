// Per-step lateness attributed to the agency that held the step (issue 8): the inter-agency
// steps of a dossier received elsewhere count for the agency that held them, and a late dossier's
// lateness is shared among the steps that overran their quota. docs/reports.md, section 2.
#include <algorithm>
#include <map>
#include <set>

#include "domain/timeliness.h"
#include "domain/timeliness_report.h"
#include "domain/working_calendar.h"
#include "service/calendar_service.h"
#include "service/report_service.h"
#include "storage/report_store.h"

namespace motcua::service {

std::optional<double> StepAgencyFigures::on_time_rate() const {
  return domain::Percent(closed_early + closed_on_time,
                         closed_early + closed_on_time + closed_late);
}

namespace {

// Splits `total` among `weights` in proportion, in whole units that add up to `total` exactly
// (largest remainder; ties to the earlier weight).
std::vector<int64_t> Apportion(int64_t total, const std::vector<int64_t>& weights) {
  std::vector<int64_t> out(weights.size(), 0);
  __int128 sum = 0;
  for (int64_t w : weights) sum += w;
  if (sum <= 0) return out;
  std::vector<std::pair<__int128, size_t>> remainders;
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    __int128 exact = static_cast<__int128>(total) * weights[i];
    out[i] = static_cast<int64_t>(exact / sum);
    given += out[i];
    remainders.emplace_back(exact % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
    ++out[remainders[k].second];
  return out;
}

}  // namespace

Result<StepReport> ReportService::Steps(const Principal* actor, const StepQuery& q) {
  if (!(q.from < q.to)) return Status::InvalidArgument("invalid_period", "to");
  if (q.top < 0 || q.top > 1000) return Status::InvalidArgument("invalid_argument", "top");
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(actor, q.agency_code));
  StepReport report;
  report.from = q.from;
  report.to = q.to;
  report.as_of = domain::MinuteOf(q.as_of.value_or(clock_.NowSeconds())) * int64_t{60};
  report.agency_code = scope.code;
  const int64_t from = domain::StartOfLocalDay(q.from), to = domain::StartOfLocalDay(q.to);
  // Like the dossier report: an event counts when its minute is at most as_of's minute and it is
  // before `to`, so the steps read end (exclusively) at `end`; open steps are judged at
  // J = min(as_of, to).
  const int64_t end = std::min(to, report.as_of + 60);
  const int64_t judge = std::min(report.as_of, to);
  const std::string path = scope.code.empty() ? std::string("/") : scope.path;

  std::vector<storage::StepReportRow> steps;
  std::vector<storage::LateDossierStepRow> resolved;
  std::vector<storage::ReportAgency> agencies;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(steps, storage::ListStepReportRows(c, path, from, end));
    MOTCUA_ASSIGN_OR_RETURN(resolved, storage::ListResolvedDossierSteps(c, path, from, to));
    MOTCUA_ASSIGN_OR_RETURN(agencies, storage::ListReportAgencies(c));
    return Status::Ok();
  }));
  std::unordered_map<int64_t, const storage::ReportAgency*> agency_by_id;
  for (const auto& a : agencies) agency_by_id[a.id] = &a;
  auto in_scope = [&](int64_t agency_id) {
    auto it = agency_by_id.find(agency_id);
    return it != agency_by_id.end() && it->second->path.compare(0, path.size(), path) == 0;
  };

  // Office time on the calendar of the agency that held the step (its own overrides).
  std::map<int64_t, std::shared_ptr<const domain::WorkingCalendar>> calendars;
  std::shared_ptr<const domain::WorkingCalendar> fallback;
  auto calendar_of = [&](int64_t agency_id) -> Result<const domain::WorkingCalendar*> {
    if (calendar_) {
      auto it = calendars.find(agency_id);
      if (it == calendars.end()) {
        MOTCUA_ASSIGN_OR_RETURN(auto cal, calendar_->Calendar(agency_id));
        it = calendars.emplace(agency_id, std::move(cal)).first;
      }
      return it->second.get();
    }
    if (!fallback) {
      MOTCUA_ASSIGN_OR_RETURN(auto built,
                              domain::WorkingCalendar::Build(domain::OfficeHours::Default(), {}));
      fallback = std::make_shared<const domain::WorkingCalendar>(std::move(built));
    }
    return fallback.get();
  };
  // Whole office minutes between two instants (floor; 0 outside the calendar's years).
  auto office_minutes = [&](int64_t agency_id, int64_t a, int64_t b) -> Result<int64_t> {
    MOTCUA_ASSIGN_OR_RETURN(auto cal, calendar_of(agency_id));
    auto secs = cal->OfficeTimeBetween(a, b);
    return secs ? *secs / 60 : 0;
  };

  std::map<int64_t, StepAgencyFigures> by_agency;
  std::vector<LateStep> late;
  const int32_t judge_min = domain::MinuteOf(judge);
  for (const auto& s : steps) {
    if (!in_scope(s.agency_id)) continue;
    auto& f = by_agency[s.agency_id];
    const bool closed = s.ended_at && *s.ended_at >= from && *s.ended_at < end;
    LateStep item;
    if (closed) {
      if (!s.due_at) {
        ++f.closed_no_quota;
        continue;
      }
      switch (domain::ClassifyFinished(*s.ended_at, *s.due_at)) {
        case domain::Timeliness::kEarly:
          ++f.closed_early;
          continue;
        case domain::Timeliness::kLate: {
          ++f.closed_late;
          MOTCUA_ASSIGN_OR_RETURN(item.late_minutes,
                                  office_minutes(s.agency_id, *s.due_at, *s.ended_at));
          f.late_office_minutes += item.late_minutes;
          item.ended_at = s.ended_at;
          break;
        }
        default:
          ++f.closed_on_time;
          continue;
      }
    } else {
      // Open at the cut (the query returns only those and the closed ones).
      if (!s.due_at || judge_min <= domain::MinuteOf(s.due_at)) {
        ++f.open_within;
        continue;
      }
      ++f.open_overdue;
      MOTCUA_ASSIGN_OR_RETURN(item.late_minutes, office_minutes(s.agency_id, *s.due_at, judge));
      f.overdue_office_minutes += item.late_minutes;
    }
    item.dossier_code = s.dossier_code;
    item.procedure_code = s.procedure_code;
    item.step_name = s.step_name;
    item.due_at = *s.due_at;
    auto a = agency_by_id.find(s.agency_id);
    if (a != agency_by_id.end()) {
      item.agency_code = a->second->code;
      item.agency_name = a->second->name;
    }
    late.push_back(std::move(item));
  }

  // The lateness of each late dossier, shared among the steps that overran (their overrun in
  // office seconds as weights), on the calendar of the agency that held the dossier's first step
  // (normally the receiving one).
  const int32_t as_of_min = domain::MinuteOf(report.as_of);
  for (size_t i = 0; i < resolved.size();) {
    size_t j = i;
    while (j < resolved.size() && resolved[j].dossier_id == resolved[i].dossier_id) ++j;
    const auto& d = resolved[i];
    const bool counted = domain::MinuteOf(d.finished_at) <= as_of_min;
    if (counted && d.dossier_due_at &&
        domain::ClassifyFinished(d.finished_at, *d.dossier_due_at) == domain::Timeliness::kLate) {
      MOTCUA_ASSIGN_OR_RETURN(auto cal, calendar_of(d.agency_id));
      auto late_secs = cal->OfficeTimeBetween(*d.dossier_due_at, d.finished_at);
      const int64_t minutes = late_secs ? *late_secs / 60 : 0;
      std::vector<int64_t> weights;
      std::vector<int64_t> holders;
      for (size_t k = i; k < j; ++k) {
        const auto& s = resolved[k];
        if (!s.due_at) continue;
        const int64_t end = s.ended_at.value_or(d.finished_at);
        if (end <= *s.due_at) continue;
        MOTCUA_ASSIGN_OR_RETURN(auto scal, calendar_of(s.agency_id));
        auto over = scal->OfficeTimeBetween(*s.due_at, end);
        // A step that ended after its due instant but within no office time (e.g. overnight)
        // still overran: it weighs one second so that it shares the blame.
        weights.push_back(std::max<int64_t>(over.value_or(0), 1));
        holders.push_back(s.agency_id);
      }
      report.late_dossier_minutes += minutes;
      ++report.total.late_dossiers;
      if (weights.empty()) {
        ++report.unattributed_dossiers;
        report.unattributed_minutes += minutes;
      } else {
        auto shares = Apportion(minutes, weights);
        std::set<int64_t> counted_agencies;
        for (size_t k = 0; k < holders.size(); ++k) {
          if (!in_scope(holders[k])) continue;
          auto& f = by_agency[holders[k]];
          f.attributed_minutes += shares[k];
          report.total.attributed_minutes += shares[k];
          if (counted_agencies.insert(holders[k]).second) ++f.late_dossiers;
        }
      }
    }
    i = j;
  }

  for (auto& [id, f] : by_agency) {
    auto a = agency_by_id.find(id);
    if (a != agency_by_id.end()) {
      f.code = a->second->code;
      f.name = a->second->name;
    } else {
      f.code = std::to_string(id);
    }
    auto& t = report.total;
    t.closed_early += f.closed_early;
    t.closed_on_time += f.closed_on_time;
    t.closed_late += f.closed_late;
    t.closed_no_quota += f.closed_no_quota;
    t.open_within += f.open_within;
    t.open_overdue += f.open_overdue;
    t.late_office_minutes += f.late_office_minutes;
    t.overdue_office_minutes += f.overdue_office_minutes;
    report.agencies.push_back(f);
  }
  report.total.code = scope.code;
  report.total.name = scope.name;
  std::sort(report.agencies.begin(), report.agencies.end(),
            [](const StepAgencyFigures& a, const StepAgencyFigures& b) { return a.code < b.code; });
  std::stable_sort(late.begin(), late.end(), [](const LateStep& a, const LateStep& b) {
    return a.late_minutes > b.late_minutes;
  });
  if (late.size() > static_cast<size_t>(q.top)) late.resize(q.top);
  report.top_late = std::move(late);
  return report;
}

}  // namespace motcua::service
