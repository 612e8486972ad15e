#include "service/agency_service.h"

#include <algorithm>
#include <cctype>

#include "domain/agency.h"
#include "service/audit.h"

namespace motcua::service {
namespace {

using storage::AgencyRecord;

Result<AgencyRecord> Require(storage::Connection& c, const std::string& code,
                             std::string_view field = "code") {
  MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, code));
  if (!a) {
    if (field == "code") return Status::NotFound("unknown_agency", "code");
    return Status::Validation("unknown_agency", std::string(field));
  }
  return *a;
}

bool IsAdmin(const Principal& p) { return p.role == domain::Role::kAdmin; }

// "2.1 , 2.2,,2.1" -> "2.1,2.2": trimmed, empty and repeated codes dropped, order kept. A code
// is letters, digits, '.', '-' or '_' (the catalogue's field codes); anything else is refused.
Result<std::string> NormaliseFields(const std::string& fields) {
  std::vector<std::string> codes;
  size_t start = 0;
  while (start <= fields.size()) {
    size_t end = fields.find(',', start);
    if (end == std::string::npos) end = fields.size();
    std::string code = fields.substr(start, end - start);
    code.erase(0, code.find_first_not_of(" \t"));
    code.erase(code.find_last_not_of(" \t") + 1);
    start = end + 1;
    if (code.empty()) continue;
    for (unsigned char ch : code) {
      if (!std::isalnum(ch) && ch != '.' && ch != '-' && ch != '_')
        return Status::Validation("invalid_field", "fields");
    }
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

Result<std::vector<AgencyRecord>> AgencyService::List() {
  std::vector<AgencyRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListAgencies(c));
    return Status::Ok();
  }));
  return out;
}

Result<AgencyRecord> AgencyService::Get(const std::string& code) {
  std::optional<AgencyRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, Require(c, code));
    return Status::Ok();
  }));
  return *out;
}

Result<AgencyRecord> AgencyService::Create(const Principal* actor, const AgencyInput& in) {
  if (actor && !IsAdmin(*actor)) return Status::PermissionDenied();
  MOTCUA_RETURN_IF_ERROR(domain::ValidateAgencyCode(in.code));
  if (in.name.empty()) return Status::Validation("missing_field", "name");
  if (!domain::ParseAgencyType(in.type)) return Status::Validation("invalid_agency_type", "type");
  if (actor && in.parent_code.empty()) return Status::PermissionDenied("agency_scope");
  std::optional<AgencyRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    AgencyRecord rec;
    if (!in.parent_code.empty()) {
      MOTCUA_ASSIGN_OR_RETURN(auto parent, Require(c, in.parent_code, "parent_code"));
      if (actor && !actor->CoversAgencyPath(parent.path)) {
        return Status::PermissionDenied("agency_scope");
      }
      rec.parent_id = parent.id;
    }
    rec.code = in.code;
    rec.name = in.name;
    rec.short_name = in.short_name;
    rec.type = in.type;
    rec.address = in.address;
    rec.is_one_stop_centre = in.is_one_stop_centre;
    rec.created_at = rec.updated_at = clock_.NowSeconds();
    auto inserted = storage::InsertAgency(c, rec);
    if (!inserted.ok()) {
      if (inserted.status().reason() == "already_exists")
        return Status::Conflict("already_exists", "code");
      return inserted.status();
    }
    out = *inserted;
    return Audit(c, clock_, actor, "agency.create", "agency", out->code,
                 {{"name", out->name}, {"type", out->type}, {"parent", in.parent_code}});
  }));
  return *out;
}

Result<AgencyRecord> AgencyService::Update(const Principal& actor, const std::string& code,
                                           const AgencyPatch& patch) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  if (patch.type && !domain::ParseAgencyType(*patch.type))
    return Status::Validation("invalid_agency_type", "type");
  if (patch.name && patch.name->empty()) return Status::Validation("missing_field", "name");
  std::optional<AgencyRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rec, Require(c, code));
    if (!actor.CoversAgencyPath(rec.path)) return Status::PermissionDenied("agency_scope");
    boost::json::object changed;
    if (patch.name) rec.name = *patch.name, changed["name"] = *patch.name;
    if (patch.short_name)
      rec.short_name = *patch.short_name, changed["short_name"] = *patch.short_name;
    if (patch.type) rec.type = *patch.type, changed["type"] = *patch.type;
    if (patch.address) rec.address = *patch.address, changed["address"] = true;
    if (patch.is_one_stop_centre) {
      rec.is_one_stop_centre = *patch.is_one_stop_centre;
      changed["is_one_stop_centre"] = *patch.is_one_stop_centre;
    }
    rec.updated_at = clock_.NowSeconds();
    if (patch.abolished) {
      rec.abolished_at = *patch.abolished ? std::optional<int64_t>(rec.updated_at) : std::nullopt;
      changed["abolished"] = *patch.abolished;
    }
    MOTCUA_RETURN_IF_ERROR(storage::UpdateAgency(c, rec));
    if (patch.parent_code) {
      MOTCUA_ASSIGN_OR_RETURN(auto parent, Require(c, *patch.parent_code, "parent_code"));
      if (!actor.CoversAgencyPath(parent.path)) return Status::PermissionDenied("agency_scope");
      MOTCUA_RETURN_IF_ERROR(storage::MoveAgency(c, rec, parent));
      changed["parent"] = *patch.parent_code;
    }
    MOTCUA_ASSIGN_OR_RETURN(out, Require(c, code));
    return Audit(c, clock_, &actor, "agency.update", "agency", code, changed);
  }));
  return *out;
}

Result<std::vector<storage::UserRecord>> AgencyService::ListUsers(const Principal& actor,
                                                                  const std::string& code) {
  using domain::Role;
  if (actor.role != Role::kAdmin && actor.role != Role::kLeader && actor.role != Role::kMonitor)
    return Status::PermissionDenied();
  std::vector<storage::UserRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rec, Require(c, code));
    if (!actor.CoversAgencyPath(rec.path)) return Status::PermissionDenied("agency_scope");
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListUsersUnder(c, rec.path));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<storage::CounterRecord>> AgencyService::ListCounters(const Principal& actor,
                                                                        const std::string& code) {
  if (!actor.IsStaff()) return Status::PermissionDenied();
  std::vector<storage::CounterRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rec, Require(c, code));
    if (!actor.CoversAgencyPath(rec.path)) return Status::PermissionDenied("agency_scope");
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListCounters(c, rec.id));
    return Status::Ok();
  }));
  return out;
}

Result<storage::CounterRecord> AgencyService::AddCounter(const Principal* actor,
                                                         const std::string& code, int number,
                                                         const std::string& name,
                                                         const std::string& fields) {
  if (actor && !IsAdmin(*actor)) return Status::PermissionDenied();
  if (number <= 0) return Status::Validation("invalid_field", "number");
  if (name.empty()) return Status::Validation("missing_field", "name");
  MOTCUA_ASSIGN_OR_RETURN(std::string normalised, NormaliseFields(fields));
  std::optional<storage::CounterRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rec, Require(c, code));
    if (actor && !actor->CoversAgencyPath(rec.path))
      return Status::PermissionDenied("agency_scope");
    if (!rec.is_one_stop_centre)
      return Status::Validation("invalid_field", "code",
                                "Chỉ trung tâm một cửa mới có quầy tiếp nhận.",
                                "Only one-stop centres have counters.");
    auto inserted = storage::InsertCounter(c, {0, rec.id, number, name, normalised, true});
    if (!inserted.ok()) {
      if (inserted.status().reason() == "already_exists")
        return Status::Conflict("already_exists", "number");
      return inserted.status();
    }
    out = *inserted;
    return Audit(c, clock_, actor, "counter.create", "agency", code, {{"number", number}});
  }));
  return *out;
}

Result<storage::CounterRecord> AgencyService::UpdateCounter(const Principal& actor,
                                                            const std::string& code, int number,
                                                            const CounterPatch& patch) {
  if (!IsAdmin(actor)) return Status::PermissionDenied();
  std::optional<std::string> fields;
  if (patch.fields) {
    MOTCUA_ASSIGN_OR_RETURN(fields, NormaliseFields(*patch.fields));
  }
  if (patch.name && patch.name->empty()) return Status::Validation("missing_field", "name");
  std::optional<storage::CounterRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rec, Require(c, code));
    if (!actor.CoversAgencyPath(rec.path)) return Status::PermissionDenied("agency_scope");
    MOTCUA_ASSIGN_OR_RETURN(auto counter, storage::FindCounter(c, rec.id, number));
    if (!counter) return Status::NotFound("not_found", "number");
    boost::json::object detail{{"number", number}};
    if (patch.name && *patch.name != counter->name) {
      detail["name"] = *patch.name;
      counter->name = *patch.name;
    }
    if (fields && *fields != counter->fields) {
      detail["fields"] = *fields;
      counter->fields = *fields;
    }
    if (patch.active && *patch.active != counter->active) {
      detail["active"] = *patch.active;
      counter->active = *patch.active;
    }
    MOTCUA_RETURN_IF_ERROR(storage::UpdateCounter(c, *counter));
    out = *counter;
    return Audit(c, clock_, &actor, "counter.update", "agency", code, detail);
  }));
  return *out;
}

Status AgencyService::DeactivateCounter(const Principal& actor, const std::string& code,
                                        int number) {
  CounterPatch patch;
  patch.active = false;
  return UpdateCounter(actor, code, number, patch).status();
}

}  // namespace motcua::service
