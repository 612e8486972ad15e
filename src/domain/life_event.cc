#include "domain/life_event.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <set>

#include "domain/agency.h"
#include "domain/procedure.h"

namespace motcua::domain {
namespace {

namespace json = boost::json;

Result<std::string> Text(const json::object& o, std::string_view key, const std::string& path,
                         bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return Status::Validation("missing_field", fmt::format("{}.{}", path, key));
    return std::string();
  }
  if (!v->is_string()) return Status::Validation("invalid_field", fmt::format("{}.{}", path, key));
  std::string s(v->get_string());
  if (required && s.empty())
    return Status::Validation("missing_field", fmt::format("{}.{}", path, key));
  return s;
}

const json::array* Array(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 60) return false;
  for (char ch : id)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
  return true;
}

Result<LifeEventMember> MemberFromJson(const json::value& v, const std::string& path) {
  if (!v.is_object()) return Status::Validation("invalid_field", path);
  const json::object& o = v.get_object();
  LifeEventMember m;
  MOTCUA_ASSIGN_OR_RETURN(m.procedure_code, Text(o, "procedure_code", path, true));
  MOTCUA_RETURN_IF_ERROR(ValidateProcedureCode(m.procedure_code, path + ".procedure_code"));
  MOTCUA_ASSIGN_OR_RETURN(m.title, Text(o, "title", path, true));
  MOTCUA_ASSIGN_OR_RETURN(std::string competent, Text(o, "competent", path, false));
  if (competent.empty() || competent == "procedure") {
    m.competent = LifeEventMember::Competent::kProcedure;
  } else if (competent == "commune") {
    m.competent = LifeEventMember::Competent::kCommune;
  } else if (competent == "by_commune") {
    m.competent = LifeEventMember::Competent::kByCommune;
    const json::value* map = o.if_contains("by_commune");
    if (!map || !map->is_object()) return Status::Validation("missing_field", path + ".by_commune");
    for (const auto& [commune, agency] : map->get_object()) {
      std::string field = fmt::format("{}.by_commune.{}", path, std::string_view(commune));
      if (!agency.is_string()) return Status::Validation("invalid_field", field);
      MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(commune, field));
      MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(agency.get_string(), field));
      m.by_commune[std::string(commune)] = std::string(agency.get_string());
    }
  } else {
    return Status::Validation("invalid_field", path + ".competent");
  }
  return m;
}

Result<LifeEvent> EventFromJson(const json::value& v, const std::string& path) {
  if (!v.is_object()) return Status::Validation("invalid_field", path);
  const json::object& o = v.get_object();
  LifeEvent e;
  MOTCUA_ASSIGN_OR_RETURN(e.id, Text(o, "id", path, true));
  if (!ValidId(e.id)) return Status::Validation("invalid_field", path + ".id");
  MOTCUA_ASSIGN_OR_RETURN(e.name, Text(o, "name", path, true));
  MOTCUA_ASSIGN_OR_RETURN(e.summary, Text(o, "summary", path, false));
  MOTCUA_ASSIGN_OR_RETURN(e.legal_basis, Text(o, "legal_basis", path, true));
  MOTCUA_ASSIGN_OR_RETURN(e.national_code, Text(o, "national_code", path, false));
  if (!e.national_code.empty())
    MOTCUA_RETURN_IF_ERROR(ValidateProcedureCode(e.national_code, path + ".national_code"));
  const json::array* communes = Array(o, "communes");
  if (!communes || communes->empty())
    return Status::Validation("missing_field", path + ".communes");
  for (size_t i = 0; i < communes->size(); ++i) {
    std::string cp = fmt::format("{}.communes[{}]", path, i);
    if (!(*communes)[i].is_object()) return Status::Validation("invalid_field", cp);
    const json::object& co = (*communes)[i].get_object();
    LifeEventCommune c;
    MOTCUA_ASSIGN_OR_RETURN(c.agency_code, Text(co, "agency_code", cp, true));
    MOTCUA_ASSIGN_OR_RETURN(c.reception_code, Text(co, "reception_code", cp, true));
    MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(c.agency_code, cp + ".agency_code"));
    MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(c.reception_code, cp + ".reception_code"));
    if (e.FindCommune(c.agency_code))
      return Status::Validation("invalid_field", cp + ".agency_code");
    e.communes.push_back(std::move(c));
  }
  const json::array* members = Array(o, "members");
  if (!members || members->size() < 2)
    return Status::Validation("missing_field", path + ".members");
  std::set<std::string> codes;
  for (size_t i = 0; i < members->size(); ++i) {
    std::string mp = fmt::format("{}.members[{}]", path, i);
    MOTCUA_ASSIGN_OR_RETURN(auto m, MemberFromJson((*members)[i], mp));
    if (!codes.insert(m.procedure_code).second)
      return Status::Validation("invalid_field", mp + ".procedure_code");
    if (m.competent == LifeEventMember::Competent::kByCommune)
      for (const auto& c : e.communes)
        if (!m.by_commune.count(c.agency_code))
          return Status::Validation("missing_field", mp + ".by_commune." + c.agency_code);
    e.members.push_back(std::move(m));
  }
  return e;
}

}  // namespace

const LifeEventCommune* LifeEvent::FindCommune(const std::string& agency_code) const {
  for (const auto& c : communes)
    if (c.agency_code == agency_code) return &c;
  return nullptr;
}

std::string LifeEvent::CompetentFor(size_t i, const std::string& commune) const {
  const LifeEventMember& m = members.at(i);
  switch (m.competent) {
    case LifeEventMember::Competent::kCommune:
      return commune;
    case LifeEventMember::Competent::kByCommune: {
      auto it = m.by_commune.find(commune);
      return it == m.by_commune.end() ? std::string() : it->second;
    }
    case LifeEventMember::Competent::kProcedure:
      return {};
  }
  return {};
}

Result<std::vector<LifeEvent>> LifeEventsFromJson(const json::value& doc) {
  if (!doc.is_object()) return Status::Validation("invalid_field", "life_events");
  const json::array* events = Array(doc.get_object(), "life_events");
  if (!events) return Status::Validation("missing_field", "life_events");
  std::vector<LifeEvent> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < events->size(); ++i) {
    std::string path = fmt::format("life_events[{}]", i);
    MOTCUA_ASSIGN_OR_RETURN(auto e, EventFromJson((*events)[i], path));
    if (!ids.insert(e.id).second) return Status::Validation("invalid_field", path + ".id");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace motcua::domain
