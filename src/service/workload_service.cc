#include "service/workload_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <sstream>

#include "storage/workload_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

bool CanReadWorkload(const Principal& p) {
  return p.role == domain::Role::kLeader || p.role == domain::Role::kMonitor ||
         p.role == domain::Role::kAdmin;
}

std::vector<std::string> SplitFields(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

Result<WorkloadReport> WorkloadService::Workload(const Principal& actor, const WorkloadQuery& q) {
  if (!CanReadWorkload(actor)) return Status::PermissionDenied("forbidden");
  if (q.to < q.from) return Status::InvalidArgument("invalid_argument", "to");
  const int span = q.to.DayNumber() - q.from.DayNumber() + 1;
  if (span > kMaxWorkloadDays) return Status::InvalidArgument("invalid_argument", "from");
  if (q.counters < 0 || q.counters > 200)
    return Status::InvalidArgument("invalid_argument", "counters");

  std::string code = q.agency_code.value_or(actor.agency_code);
  if (code.empty()) return Status::PermissionDenied("agency_scope");
  WorkloadReport r;
  r.from = q.from;
  r.to = q.to;
  std::vector<storage::WorkloadCell> cells;
  std::optional<storage::AgencyRecord> agency;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(agency, storage::FindAgencyByCode(c, code));
    if (!agency) return Status::Validation("unknown_agency", "agency");
    if (!actor.CoversAgencyPath(agency->path)) return Status::PermissionDenied("agency_scope");
    storage::WorkloadFilter f;
    f.agency_path = agency->path;
    f.from = domain::StartOfLocalDay(q.from);
    f.to = domain::StartOfLocalDay(q.to.AddDays(1));
    f.utc_offset_seconds = domain::kVietnamUtcOffsetSeconds;
    MOTCUA_ASSIGN_OR_RETURN(cells, storage::ListWorkload(c, f));
    // The counters as set up today, in every one-stop centre of the subtree.
    MOTCUA_ASSIGN_OR_RETURN(auto all, storage::ListAgencies(c));
    for (const auto& a : all) {
      if (a.abolished_at || a.path.compare(0, agency->path.size(), agency->path) != 0) continue;
      MOTCUA_ASSIGN_OR_RETURN(auto counters, storage::ListCounters(c, a.id));
      for (auto& k : counters) {
        if (k.active) r.current_counters.push_back(std::move(k));
      }
    }
    return Status::Ok();
  }));
  r.agency_code = agency->code;
  r.agency_name = agency->name;

  MOTCUA_ASSIGN_OR_RETURN(auto cal, calendar_.Calendar(agency->id));
  for (int i = 0; i < span; ++i) {
    domain::LocalDate d = q.from.AddDays(i);
    bool working = cal->IsWorkingDay(d);
    r.days.push_back(d);
    r.working.push_back(working);
    if (working) ++r.working_days;
  }
  r.working_days = std::max(1, r.working_days);

  std::map<std::string, std::string> names;
  for (const auto& f : catalogue_.Fields()) names[f.code] = f.name;
  std::map<std::string, WorkloadField> fields;
  std::map<int64_t, WorkloadOfficer> officers;  // unknown officer under 0
  const int32_t first = q.from.DayNumber();
  for (const auto& cell : cells) {
    int idx = cell.day_number - first;
    if (idx < 0 || idx >= span) continue;  // cannot happen: the filter is the same period
    WorkloadField& f = fields[cell.field_code];
    if (f.per_day.empty()) {
      f.code = cell.field_code;
      f.per_day.assign(span, 0);
    }
    f.per_day[idx] += cell.dossiers;
    f.total += cell.dossiers;
    WorkloadOfficer& o = officers[cell.officer_user_id.value_or(0)];
    if (o.per_day.empty()) {
      o.user_id = cell.officer_user_id;
      o.name = cell.officer_name;
      o.username = cell.officer_username;
      o.per_day.assign(span, 0);
    }
    o.per_day[idx] += cell.dossiers;
    o.total += cell.dossiers;
    r.total += cell.dossiers;
  }
  // Fields served by a counter today appear even without dossiers: those are the counters the
  // seeds complain about.
  for (const auto& k : r.current_counters) {
    for (const auto& fc : SplitFields(k.fields)) {
      WorkloadField& f = fields[fc];
      if (f.per_day.empty()) {
        f.code = fc;
        f.per_day.assign(span, 0);
      }
      ++f.current_counters;
    }
  }
  for (auto& [fc, f] : fields) {
    auto it = names.find(fc);
    f.name = it != names.end() ? it->second : fc;
    r.fields.push_back(std::move(f));
  }
  std::stable_sort(
      r.fields.begin(), r.fields.end(),
      [](const WorkloadField& a, const WorkloadField& b) { return a.total > b.total; });
  for (auto& [id, o] : officers) r.officers.push_back(std::move(o));
  std::stable_sort(
      r.officers.begin(), r.officers.end(),
      [](const WorkloadOfficer& a, const WorkloadOfficer& b) { return a.total > b.total; });

  r.counters =
      q.counters > 0 ? q.counters : std::max(1, static_cast<int>(r.current_counters.size()));
  std::vector<domain::FieldDemand> demand;
  for (const auto& f : r.fields) demand.push_back({f.code, f.name, f.total, 0.0});
  domain::AllocationOptions opts;
  opts.working_days = r.working_days;
  opts.counters = r.counters;
  opts.min_counter_share = q.min_counter_share;
  MOTCUA_ASSIGN_OR_RETURN(auto alloc, domain::AllocateCounters(demand, opts));
  for (size_t i = 0; i < r.fields.size(); ++i) r.fields[i].suggested = alloc.fields[i];
  r.general_counters = alloc.general_counters;
  return r;
}

json::object WorkloadReportJson(const WorkloadReport& r) {
  auto round2 = [](double v) { return std::round(v * 100) / 100; };
  json::array days;
  for (size_t i = 0; i < r.days.size(); ++i)
    days.push_back(json::object{{"date", r.days[i].ToString()}, {"working", bool(r.working[i])}});
  json::array fields;
  for (const auto& f : r.fields) {
    json::array per_day(f.per_day.begin(), f.per_day.end());
    fields.push_back(json::object{{"code", f.code},
                                  {"name", f.name},
                                  {"total", f.total},
                                  {"per_day", std::move(per_day)},
                                  {"current_counters", f.current_counters},
                                  {"daily_dossiers", round2(f.suggested.daily_dossiers)},
                                  {"share", round2(f.suggested.share)},
                                  {"suggested_counters", f.suggested.counters},
                                  {"on_general_counter", f.suggested.on_general}});
  }
  json::array officers;
  for (const auto& o : r.officers) {
    json::array per_day(o.per_day.begin(), o.per_day.end());
    officers.push_back(json::object{{"user_id", o.user_id ? json::value(*o.user_id) : nullptr},
                                    {"name", o.name},
                                    {"username", o.username},
                                    {"total", o.total},
                                    {"per_day", std::move(per_day)}});
  }
  json::array counters;
  for (const auto& k : r.current_counters) {
    json::array fc;
    for (const auto& f : SplitFields(k.fields)) fc.push_back(json::value(f));
    counters.push_back(json::object{{"number", k.number}, {"name", k.name}, {"fields", fc}});
  }
  return json::object{{"from", r.from.ToString()},
                      {"to", r.to.ToString()},
                      {"agency", json::object{{"code", r.agency_code}, {"name", r.agency_name}}},
                      {"days", std::move(days)},
                      {"working_days", r.working_days},
                      {"counters", r.counters},
                      {"total", r.total},
                      {"fields", std::move(fields)},
                      {"officers", std::move(officers)},
                      {"current_counters", std::move(counters)},
                      {"suggested", json::object{{"general_counters", r.general_counters}}}};
}

}  // namespace motcua::service
