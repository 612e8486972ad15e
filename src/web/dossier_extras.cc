#include "web/dossier_extras.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "domain/local_date.h"
#include "service/agency_service.h"
#include "service/catalogue_service.h"
#include "web/i18n.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

json::array SpecialistChoices(const Site& site, const Page& page, const json::object& d) {
  json::array out;
  const service::Principal* me = page.principal();
  if (!me || me->role != domain::Role::kLeader) return out;
  const json::value* sv = d.if_contains("steps");
  if (!sv || !sv->is_array()) return out;
  const json::object* current = nullptr;
  for (const auto& st : sv->get_array()) {
    if (!st.is_object()) continue;
    const json::value* c = st.get_object().if_contains("current");
    if (c && c->is_bool() && c->get_bool()) current = &st.get_object();
  }
  if (!current || Str(*current, "role") != "leader") return out;
  const json::value* pos = current->if_contains("position");
  if (!pos || !pos->is_int64()) return out;
  auto detail = site.services->catalogue->Get(Str(d, "procedure_code"));
  if (!detail.ok()) return out;
  const auto& wf = detail->entry.procedure.workflow;
  const size_t next = static_cast<size_t>(pos->get_int64()) + 1;
  if (next >= wf.size() || wf[next].role != "specialist") return out;
  // The specialist's step is held by the leader's own unit in the shipped workflows; staff of
  // the current step's agency are offered, and the service refuses anyone outside the next
  // step's agency.
  auto users = site.services->agencies->ListUsers(*me, Str(*current, "agency_code"));
  if (!users.ok()) return out;
  for (const auto& u : *users) {
    if (!u.active || u.role != "specialist") continue;
    out.push_back(json::object{{"username", u.username},
                               {"label", fmt::format("{} ({})", u.full_name, u.username)}});
  }
  return out;
}

json::value Countdown(const Page& page, const json::object& d, int64_t now) {
  const std::string status = Str(d, "status");
  // The clock runs while the dossier is received or in process (not while it waits for the
  // applicant, nor once it has a result).
  if (status != "received" && status != "in_process") return nullptr;
  const std::string iso = Str(d, "due_at");  // "2026-07-14T17:00:00+07:00"
  if (iso.size() < 16) return nullptr;
  auto due = domain::ParseLocalDateTime(iso.substr(0, 10) + " " + iso.substr(11, 5));
  if (!due) return nullptr;
  const bool overdue = now > *due;
  int64_t left = overdue ? now - *due : *due - now;
  const int64_t days = left / 86400;
  const int64_t hours = (left % 86400) / 3600;
  const int64_t minutes = (left % 3600) / 60;
  std::string span =
      days > 0 ? fmt::format(fmt::runtime(Message(page.locale, "cd_days")), days, hours, minutes)
               : fmt::format(fmt::runtime(Message(page.locale, "cd_hours")), hours, minutes);
  std::string text =
      fmt::format(fmt::runtime(Message(page.locale, overdue ? "cd_overdue" : "cd_left")), span);
  return json::object{{"due_unix", *due}, {"now_unix", now}, {"text", text}, {"overdue", overdue}};
}

json::object ApplicantJsonFromForm(const std::multimap<std::string, std::string>& form) {
  const bool organisation = FormValue(form, "applicant_type") == "organisation";
  json::object aj{{"type", organisation ? "organisation" : "citizen"}};
  auto put = [&](json::object& o, const char* key, const char* field) {
    std::string v = FormValue(form, field);
    if (!v.empty()) o[key] = std::move(v);
  };
  put(aj, "full_name", "full_name");
  put(aj, "phone", "phone");
  put(aj, "email", "email");
  put(aj, "address", "address");
  if (organisation) {
    put(aj, "tax_code", "tax_code");
    json::object rep;
    put(rep, "full_name", "rep_full_name");
    put(rep, "id_number", "rep_id_number");
    put(rep, "position", "rep_position");
    if (!rep.empty()) aj["representative"] = std::move(rep);
  } else {
    put(aj, "id_number", "id_number");
    put(aj, "date_of_birth", "date_of_birth");
  }
  return aj;
}

}  // namespace motcua::web
