#include "service/life_event_service.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "domain/local_date.h"
#include "storage/agency_store.h"
#include "storage/life_event_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

std::string Today(const Clock& clock) { return domain::LocalDateOf(clock.NowSeconds()).ToString(); }

}  // namespace

LifeEventService::LifeEventService(storage::Database& db, const Clock& clock,
                                   CatalogueService& catalogue, DossierService& dossiers,
                                   std::vector<domain::LifeEvent> events)
    : db_(db),
      clock_(clock),
      catalogue_(catalogue),
      dossiers_(dossiers),
      events_(std::move(events)) {}

Result<std::vector<domain::LifeEvent>> LifeEventService::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Internal("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value doc = json::parse(ss.str(), ec);
  if (ec) return Status::Validation("invalid_json", path);
  return domain::LifeEventsFromJson(doc);
}

const domain::LifeEvent* LifeEventService::Find(const std::string& id) const {
  for (const auto& e : events_)
    if (e.id == id) return &e;
  return nullptr;
}

Result<json::object> LifeEventService::Describe(const domain::LifeEvent& e) {
  json::array communes;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    for (const auto& cm : e.communes) {
      MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, cm.agency_code));
      if (!a || a->abolished_at) continue;  // not (or no longer) in this deployment
      communes.push_back(json::object{{"code", a->code}, {"name", a->name}});
    }
    return Status::Ok();
  }));
  const std::string today = Today(clock_);
  json::array members;
  for (size_t i = 0; i < e.members.size(); ++i) {
    const auto& m = e.members[i];
    json::object mo{{"position", static_cast<int64_t>(i)},
                    {"title", m.title},
                    {"procedure_code", m.procedure_code}};
    auto version = catalogue_.VersionOn(m.procedure_code, today);
    if (!version.ok()) {
      mo["available"] = false;
      members.push_back(std::move(mo));
      continue;
    }
    const domain::Procedure& p = version->procedure;
    mo["available"] = p.online_level != domain::OnlineLevel::kNone;
    mo["procedure"] = p.name;
    mo["competent_agency"] = p.competent_agency;
    mo["time_limit"] = p.LimitFor(domain::Channel::kOnline).LabelVi();
    mo["online_level"] = std::string(domain::OnlineLevelName(p.online_level));
    json::array comps;
    for (const auto& comp : p.components)
      comps.push_back(json::object{{"name", comp.name},
                                   {"originals", comp.originals},
                                   {"copies", comp.copies},
                                   {"required", comp.required},
                                   {"template_name", comp.template_name}});
    mo["components"] = std::move(comps);
    members.push_back(std::move(mo));
  }
  return json::object{{"id", e.id},
                      {"name", e.name},
                      {"summary", e.summary},
                      {"legal_basis", e.legal_basis},
                      {"national_code", e.national_code},
                      {"communes", std::move(communes)},
                      {"members", std::move(members)}};
}

Result<json::array> LifeEventService::DescribeAll() {
  json::array out;
  for (const auto& e : events_) {
    MOTCUA_ASSIGN_OR_RETURN(auto d, Describe(e));
    out.push_back(std::move(d));
  }
  return out;
}

Result<Reply> LifeEventService::Submit(const Principal& caller, const std::string& event_id,
                                       const LifeEventSubmitInput& in, const Idempotency& idem) {
  const domain::LifeEvent* e = Find(event_id);
  if (!e) return Status::NotFound("unknown_life_event", "id");
  if (caller.role != domain::Role::kCitizen) return Status::PermissionDenied("role_cannot_act");
  if (in.commune_code.empty()) return Status::Validation("commune_required", "commune_code");
  const domain::LifeEventCommune* commune = e->FindCommune(in.commune_code);
  if (!commune) return Status::Validation("invalid_field", "commune_code");
  if (in.components.size() > e->members.size() || in.files.size() > e->members.size())
    return Status::Validation("invalid_field", "dossiers");
  std::vector<SubmitInput> inputs;
  for (size_t i = 0; i < e->members.size(); ++i) {
    SubmitInput s;
    s.procedure_code = e->members[i].procedure_code;
    s.channel = "online";
    s.applicant = in.applicant;
    if (i < in.components.size()) s.components = in.components[i];
    // Received by the commune's one-stop point (the decree's single entry); decided by the
    // member's own competent agency.
    s.agency_code = commune->reception_code;
    s.competent_agency_code = e->CompetentFor(i, commune->agency_code);
    s.return_method = in.return_method;
    s.note = in.note;
    inputs.push_back(std::move(s));
  }
  const int64_t now = clock_.NowSeconds();
  auto record = [&](storage::Connection& c, const std::vector<storage::DossierRecord>& created,
                    json::object& body) -> Status {
    storage::LifeEventSubmissionRecord rec;
    rec.event_id = e->id;
    rec.applicant_user_id = caller.user_id;
    rec.created_at = now;
    MOTCUA_ASSIGN_OR_RETURN(rec, storage::InsertLifeEventSubmission(c, rec));
    for (size_t i = 0; i < created.size(); ++i)
      MOTCUA_RETURN_IF_ERROR(
          storage::LinkLifeEventDossier(c, rec.id, created[i].id, static_cast<int>(i)));
    body["life_event"] = json::object{{"id", e->id}, {"name", e->name}, {"submission_id", rec.id}};
    return Status::Ok();
  };
  return dossiers_.SubmitLinked(caller, inputs, in.files, record, idem);
}

}  // namespace motcua::service
