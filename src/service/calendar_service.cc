#include "service/calendar_service.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "domain/calendar_decisions.h"
#include "service/audit.h"
#include "storage/agency_store.h"

namespace motcua::service {

Result<std::vector<domain::YearDecision>> LoadCalendarDecisions(const std::string& data_dir) {
  const std::string path = data_dir + "/data/calendar/vn-decisions.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return domain::ParseCalendarDecisions(ss.str());
}

CalendarService::CalendarService(storage::Database& db, const Clock& clock,
                                 std::vector<domain::YearDecision> decisions,
                                 domain::OfficeHours hours)
    : db_(db), clock_(clock), decisions_(std::move(decisions)), hours_(std::move(hours)) {}

Result<std::shared_ptr<const domain::WorkingCalendar>> CalendarService::Calendar(
    std::optional<int64_t> agency_id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(agency_id); it != cache_.end()) return it->second;
  }
  std::vector<storage::CalendarOverrideRecord> records;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(records, storage::ListCalendarOverrides(c));
    return Status::Ok();
  }));
  // Installation-wide overrides first, so an agency's own override of the same day wins.
  std::vector<domain::DecisionDay> overrides;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& r : records) {
      const bool mine = pass == 0 ? !r.agency_id : (agency_id && r.agency_id == agency_id);
      if (!mine) continue;
      auto day = domain::LocalDate::Parse(r.day);
      auto kind = domain::ParseDayKind(r.kind);
      if (!day || !kind) continue;  // validated on insert; never trust a hand-edited row
      overrides.push_back({*day, *kind, r.name});
    }
  }
  MOTCUA_ASSIGN_OR_RETURN(auto built,
                          domain::WorkingCalendar::Build(hours_, decisions_, std::move(overrides)));
  auto shared = std::make_shared<const domain::WorkingCalendar>(std::move(built));
  std::lock_guard lock(mu_);
  cache_[agency_id] = shared;
  return std::shared_ptr<const domain::WorkingCalendar>(shared);
}

Result<int64_t> CalendarService::AgencyIdOf(const std::string& code) {
  std::optional<int64_t> id;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, code));
    if (!a) return Status::Validation("unknown_agency", "agency");
    id = a->id;
    return Status::Ok();
  }));
  return *id;
}

Result<std::vector<storage::CalendarOverrideRecord>> CalendarService::ListOverrides() {
  std::vector<storage::CalendarOverrideRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListCalendarOverrides(c));
    return Status::Ok();
  }));
  return out;
}

Status CalendarService::Authorize(storage::Connection& c, const Principal* actor,
                                  const std::string& agency_code,
                                  std::optional<int64_t>& agency_id) {
  if (actor && actor->role != domain::Role::kAdmin) return Status::PermissionDenied();
  if (agency_code.empty()) {
    // Installation-wide: only an administrator of a root agency (path "/<id>/").
    if (actor && (actor->agency_path.empty() ||
                  std::count(actor->agency_path.begin(), actor->agency_path.end(), '/') != 2)) {
      return Status::PermissionDenied("agency_scope");
    }
    agency_id.reset();
    return Status::Ok();
  }
  MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, agency_code));
  if (!a) return Status::Validation("unknown_agency", "agency");
  if (actor && !actor->CoversAgencyPath(a->path)) return Status::PermissionDenied("agency_scope");
  agency_id = a->id;
  return Status::Ok();
}

Result<storage::CalendarOverrideRecord> CalendarService::AddOverride(
    const Principal* actor, const CalendarOverrideInput& in) {
  if (actor && actor->role != domain::Role::kAdmin) return Status::PermissionDenied();
  auto day = domain::LocalDate::Parse(in.day);
  if (!day || day->year < 1990 || day->year > 2060) {
    return Status::Validation("invalid_field", "day", "Ngày phải có dạng YYYY-MM-DD (1990–2060).",
                              "The day must be YYYY-MM-DD (1990–2060).");
  }
  auto kind = domain::ParseDayKind(in.kind);
  if (!kind || (*kind != domain::DayKind::kDayOff && *kind != domain::DayKind::kWorkday)) {
    return Status::Validation("invalid_field", "kind", "Loại ngày phải là day-off hoặc workday.",
                              "The kind must be day-off or workday.");
  }
  if (in.name.empty()) return Status::Validation("missing_field", "name");
  std::optional<storage::CalendarOverrideRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    std::optional<int64_t> agency_id;
    MOTCUA_RETURN_IF_ERROR(Authorize(c, actor, in.agency_code, agency_id));
    storage::CalendarOverrideRecord rec;
    rec.day = day->ToString();
    rec.kind = *kind == domain::DayKind::kDayOff ? "day_off" : "workday";
    rec.name = in.name;
    rec.agency_id = agency_id;
    rec.created_at = clock_.NowSeconds();
    rec.created_by = actor ? actor->username : "cli";
    auto inserted = storage::InsertCalendarOverride(c, rec);
    if (!inserted.ok()) {
      if (inserted.status().reason() == "already_exists") {
        return Status::Conflict("already_exists", "day");
      }
      return inserted.status();
    }
    out = *inserted;
    return Audit(c, clock_, actor, "calendar.override.add", "calendar_override", rec.day,
                 {{"kind", rec.kind}, {"name", rec.name}, {"agency", in.agency_code}});
  }));
  Invalidate();
  return *out;
}

Status CalendarService::RemoveOverride(const Principal* actor, const std::string& day,
                                       const std::string& agency_code) {
  if (actor && actor->role != domain::Role::kAdmin) return Status::PermissionDenied();
  if (!domain::LocalDate::Parse(day)) return Status::Validation("invalid_field", "day");
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    std::optional<int64_t> agency_id;
    MOTCUA_RETURN_IF_ERROR(Authorize(c, actor, agency_code, agency_id));
    MOTCUA_ASSIGN_OR_RETURN(bool removed, storage::DeleteCalendarOverride(c, day, agency_id));
    if (!removed) return Status::NotFound("not_found", "day");
    return Audit(c, clock_, actor, "calendar.override.remove", "calendar_override", day,
                 {{"agency", agency_code}});
  }));
  Invalidate();
  return Status::Ok();
}

void CalendarService::Invalidate() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

}  // namespace motcua::service
