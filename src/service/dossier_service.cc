#include "service/dossier_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include "common/crypto.h"
#include "common/json_util.h"
#include "domain/applicant_json.h"
#include "domain/dossier_code.h"
#include "domain/dossier_state.h"
#include "domain/postal.h"
#include "domain/timeliness.h"
#include "domain/working_calendar.h"
#include "service/audit.h"
#include "service/postal_service.h"
#include "storage/agency_store.h"
#include "storage/life_event_store.h"
#include "storage/payment_store.h"
#include "storage/postal_store.h"
#include "storage/query_batch.h"
#include "storage/result_document_store.h"
#include "storage/user_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;
using domain::DossierAction;
using domain::DossierState;
using domain::Role;
using storage::AgencyRecord;
using storage::Connection;
using storage::DossierRecord;
using storage::DossierStepRecord;

constexpr const char* kReceptionRole = "reception";

bool IsAgencyPlaceholder(const std::string& a) {
  return a == "competent" || a == "department" || a == "commune";
}

// The procedure's workflow with every step's agency resolved for one dossier. `procedure` is
// borrowed: its owner (the version cache's entry, the checked submission) outlives the route.
struct Route {
  const domain::Procedure* procedure = nullptr;
  int version = 0;
  AgencyRecord receiving;
  std::string competent_code;        // empty when the workflow needs none
  std::vector<int64_t> step_agency;  // per workflow index
  int first_proc = 0;                // processing steps: [first_proc, last_proc]
  int last_proc = -1;

  int size() const { return static_cast<int>(procedure->workflow.size()); }
  bool has_reception_block() const { return first_proc > 0; }
  bool has_return_block() const { return last_proc >= 0 && last_proc < size() - 1; }
  bool IsProcessing(int position) const { return position >= first_proc && position <= last_proc; }
};

Result<AgencyRecord> AgencyById(Connection& c, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyById(c, id));
  if (!a) return Status::Internal("dossier refers to a missing agency");
  return *a;
}

Result<AgencyRecord> AgencyByCode(Connection& c, const std::string& code,
                                  const std::string& field) {
  MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, code));
  if (!a) return Status::Validation("unknown_agency", field);
  return *a;
}

// The agencies one change or one view reads, each read once: a transition looks the same few up
// several times (receiving, current, every step's, the view's). Lives inside one Read or Write
// callback, so it sees that transaction's snapshot and nothing outlives it (a re-run callback
// starts a new one); nothing on these paths writes agencies.
class AgencyMemo {
 public:
  explicit AgencyMemo(Connection& c) : c_(c) {}
  Connection& connection() { return c_; }

  // Internal when missing, as AgencyById.
  Result<const AgencyRecord*> ById(int64_t id) {
    if (auto it = by_id_.find(id); it != by_id_.end()) return &it->second;
    MOTCUA_ASSIGN_OR_RETURN(auto a, AgencyById(c_, id));
    return Keep(std::move(a));
  }
  // nullptr when no agency has the code.
  Result<const AgencyRecord*> FindByCode(const std::string& code) {
    if (auto it = id_of_code_.find(code); it != id_of_code_.end()) return &by_id_.at(it->second);
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c_, code));
    if (!a) return static_cast<const AgencyRecord*>(nullptr);
    return Keep(std::move(*a));
  }
  // Adds to `batch` one read of those of these agencies not read yet: what a change is about to
  // look up one by one. Once the batch has run, KeepPrefetched() keeps them. Codes nobody has
  // are looked up again (and missed) by FindByCode.
  void Prefetch(storage::QueryBatch& batch, const std::vector<int64_t>& ids,
                const std::vector<std::string>& codes) {
    std::vector<int64_t> want_ids;
    std::vector<std::string> want_codes;
    for (int64_t id : ids)
      if (!by_id_.contains(id) && std::find(want_ids.begin(), want_ids.end(), id) == want_ids.end())
        want_ids.push_back(id);
    for (const auto& code : codes)
      if (!code.empty() && !id_of_code_.contains(code) &&
          std::find(want_codes.begin(), want_codes.end(), code) == want_codes.end())
        want_codes.push_back(code);
    if (want_ids.empty() && want_codes.empty()) return;
    storage::FindAgencies(batch, want_ids, want_codes, &prefetched_);
  }
  void KeepPrefetched() {
    for (auto& a : prefetched_)
      if (!by_id_.contains(a.id)) Keep(std::move(a));
    prefetched_.clear();
  }
  // Validation "unknown_agency" on `field` when missing, as AgencyByCode.
  Result<const AgencyRecord*> ByCode(const std::string& code, const std::string& field) {
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, FindByCode(code));
    if (!a) return Status::Validation("unknown_agency", field);
    return a;
  }

 private:
  const AgencyRecord* Keep(AgencyRecord a) {
    const int64_t id = a.id;
    id_of_code_[a.code] = id;
    auto [it, inserted] = by_id_.try_emplace(id, std::move(a));
    return &it->second;
  }
  Connection& c_;
  std::map<int64_t, AgencyRecord> by_id_;  // std::map: pointers handed out stay valid
  std::map<std::string, int64_t, std::less<>> id_of_code_;
  std::vector<AgencyRecord> prefetched_;
};

bool WorkflowNeedsCompetent(const domain::Procedure& p) {
  for (const auto& s : p.workflow)
    if (IsAgencyPlaceholder(s.agency)) return true;
  return false;
}

// The competent agency of a new dossier: as asked (one of the procedure's agencies), as
// published, the implementing agency above the receiving point, or the only one.
Result<std::string> ResolveCompetent(AgencyMemo& agencies, const domain::Procedure& p,
                                     const AgencyRecord* receiving, const std::string& asked) {
  if (!asked.empty()) {
    bool listed = asked == p.competent_agency_code ||
                  std::find(p.implementing_agencies.begin(), p.implementing_agencies.end(),
                            asked) != p.implementing_agencies.end();
    if (!listed && (!p.competent_agency_code.empty() || !p.implementing_agencies.empty()))
      return Status::Validation("agency_not_competent", "competent_agency_code");
    MOTCUA_RETURN_IF_ERROR(agencies.ByCode(asked, "competent_agency_code").status());
    return asked;
  }
  if (!p.competent_agency_code.empty()) return p.competent_agency_code;
  if (receiving) {
    for (const auto& code : p.implementing_agencies) {
      MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, agencies.FindByCode(code));
      if (a && receiving->path.rfind(a->path, 0) == 0) return code;
    }
  }
  if (p.implementing_agencies.size() == 1) return p.implementing_agencies[0];
  if (!WorkflowNeedsCompetent(p)) return std::string();
  return Status::Validation("competent_agency_required", "competent_agency_code");
}

// The agencies ResolveRoute will look up by code: the competent one and the workflow's named ones.
std::vector<std::string> RouteAgencyCodes(const domain::Procedure& p,
                                          const std::string& competent) {
  std::vector<std::string> codes;
  if (!competent.empty()) codes.push_back(competent);
  for (const auto& s : p.workflow)
    if (s.agency != kReceptionRole && !IsAgencyPlaceholder(s.agency)) codes.push_back(s.agency);
  return codes;
}

Result<Route> ResolveRoute(AgencyMemo& agencies, const domain::Procedure& p, int version,
                           const AgencyRecord& receiving, const std::string& competent_code) {
  // Procedures imported from the national catalogue inform; they receive dossiers once the
  // province has set their internal workflow.
  if (p.workflow.empty())
    return Status::Validation(
        "procedure_without_workflow", "procedure_code",
        "Thủ tục này chưa có quy trình nội bộ tại địa phương nên chưa tiếp nhận hồ sơ.",
        "This procedure has no local workflow yet and cannot receive dossiers.");
  Route r;
  r.version = version;
  r.receiving = receiving;
  r.competent_code = competent_code;
  std::optional<int64_t> competent_id;
  if (!competent_code.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a,
                            agencies.ByCode(competent_code, "competent_agency_code"));
    competent_id = a->id;
  }
  std::map<std::string, int64_t> cache;
  for (size_t i = 0; i < p.workflow.size(); ++i) {
    const auto& s = p.workflow[i];
    if (s.agency == kReceptionRole) {
      r.step_agency.push_back(receiving.id);
    } else if (IsAgencyPlaceholder(s.agency)) {
      if (!competent_id)
        return Status::Validation("competent_agency_required", "competent_agency_code");
      r.step_agency.push_back(*competent_id);
    } else {
      auto it = cache.find(s.agency);
      if (it == cache.end()) {
        MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a,
                                agencies.ByCode(s.agency, fmt::format("workflow[{}].agency", i)));
        it = cache.emplace(s.agency, a->id).first;
      }
      r.step_agency.push_back(it->second);
    }
  }
  const int n = static_cast<int>(p.workflow.size());
  r.first_proc = n;
  r.last_proc = -1;
  for (int i = 0; i < n; ++i) {
    if (p.workflow[i].agency != kReceptionRole) {
      r.first_proc = std::min(r.first_proc, i);
      r.last_proc = std::max(r.last_proc, i);
    }
  }
  if (r.last_proc < 0) {  // everything at the counter ("5 tại chỗ"): the whole workflow processes
    r.first_proc = 0;
    r.last_proc = n - 1;
  }
  r.procedure = &p;
  return r;
}

Result<json::object> ParseObject(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text.empty() ? std::string("{}") : text, ec);
  if (ec || !v.is_object()) return Status::Internal("stored dossier JSON is not an object");
  return v.as_object();
}

json::value Instant(const std::optional<int64_t>& t) {
  if (!t) return nullptr;
  return json::value(IsoVietnam(*t));
}

void PutInstant(json::object& o, std::string_view name, const std::optional<int64_t>& t) {
  o[name] = Instant(t);
  char unix_name[64];
  if (name.size() + 5 <= sizeof unix_name) {  // every name here; no allocation per instant
    std::memcpy(unix_name, name.data(), name.size());
    std::memcpy(unix_name + name.size(), "_unix", 5);
    o[std::string_view(unix_name, name.size() + 5)] = t ? json::value(*t) : json::value(nullptr);
  } else {
    o[std::string(name) + "_unix"] = t ? json::value(*t) : json::value(nullptr);
  }
}

domain::Channel ChannelOf(const std::string& channel) {
  if (channel == "online") return domain::Channel::kOnline;
  if (channel == "postal") return domain::Channel::kPostal;
  return domain::Channel::kInPerson;
}

std::optional<int64_t> DueFrom(const domain::WorkingCalendar& cal, const domain::TimeLimit& limit,
                               int64_t start, std::optional<int> same_day_cutoff_minute) {
  switch (limit.unit) {
    case domain::TimeLimit::Unit::kSameDay:
      return cal.SameDayDue(start, same_day_cutoff_minute);
    case domain::TimeLimit::Unit::kWorkingHours:
      return cal.AddOfficeTime(start, int64_t{limit.amount} * 3600);
    case domain::TimeLimit::Unit::kWorkingDays:
      return cal.AddWorkingDays(start, limit.amount);
    case domain::TimeLimit::Unit::kCalendarDays:
      return cal.AddCalendarDays(start, limit.amount);
    case domain::TimeLimit::Unit::kMonths:
      return cal.AddMonths(start, limit.amount);
    case domain::TimeLimit::Unit::kNotPublished:
      return std::nullopt;  // no legal limit to count down
  }
  return std::nullopt;
}

bool ValidReturnMethod(const std::string& m) {
  return m == "counter" || m == "postal" || m == "online";
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Instants.

std::string IsoVietnam(int64_t t) {
  int64_t local = t + domain::kVietnamUtcOffsetSeconds;
  int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int64_t secs = local - days * 86400;
  domain::LocalDate d = domain::LocalDate::FromDayNumber(static_cast<int32_t>(days));
  if (d.year < 0 || d.year > 9999)
    return fmt::format("{}T{:02}:{:02}:{:02}+07:00", d.ToString(), secs / 3600, secs / 60 % 60,
                       secs % 60);
  // By hand: a dossier view holds dozens of instants, and fmt was a visible share of it.
  std::string out = "0000-00-00T00:00:00+07:00";
  auto two = [&](size_t at, int64_t v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, d.year / 100);
  two(2, d.year % 100);
  two(5, d.month);
  two(8, d.day);
  two(11, secs / 3600);
  two(14, secs / 60 % 60);
  two(17, secs % 60);
  return out;
}

std::optional<int64_t> ParseInstant(std::string_view s) {
  auto date = domain::LocalDate::Parse(s.substr(0, 10));
  if (!date) return std::nullopt;
  const int64_t utc_midnight = int64_t{date->DayNumber()} * 86400;
  if (s.size() == 10) return utc_midnight - domain::kVietnamUtcOffsetSeconds + 17 * 3600;
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  auto digits = [&](size_t pos, size_t n, int max) -> std::optional<int> {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    if (v > max) return std::nullopt;
    return v;
  };
  auto h = digits(11, 2, 23);
  auto m = digits(14, 2, 59);
  if (!h || !m || s[13] != ':') return std::nullopt;
  size_t pos = 16;
  int sec = 0;
  if (pos < s.size() && s[pos] == ':') {
    auto v = digits(pos + 1, 2, 60);
    if (!v) return std::nullopt;
    sec = *v;
    pos += 3;
  }
  int64_t offset = domain::kVietnamUtcOffsetSeconds;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      offset = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
      auto oh = digits(pos + 1, 2, 14);
      auto om = digits(pos + 4, 2, 59);
      if (!oh || !om) return std::nullopt;
      offset = (*oh * 3600 + *om * 60) * (s[pos] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  return utc_midnight + *h * 3600 + *m * 60 + sec - offset;
}

// ---------------------------------------------------------------------------------------------
// The transaction context of one change.

// What a change already read and resolved in its transaction, so that the view of its reply does
// not read it again: the agencies (the same snapshot) and the dossier's route, which no action
// changes (the receiving agency and the routing in its result stay as they were).
struct DossierService::ViewHints {
  AgencyMemo* agencies = nullptr;
  const Route* route = nullptr;
};

struct DossierService::Context {
  DossierService& svc;
  Connection& c;
  int64_t now;
  const Principal* actor;
  std::optional<int64_t> next_assignee;  // taken by the next step entered

  std::shared_ptr<const domain::WorkingCalendar> Cal(int64_t agency_id) {
    auto r = svc.calendar_.Calendar(agency_id);
    return r.ok() ? *r : nullptr;
  }

  std::optional<int64_t> AddOffice(int64_t agency_id, int64_t start, int64_t seconds) {
    auto cal = Cal(agency_id);
    if (!cal) return std::nullopt;
    return cal->AddOfficeTime(start, seconds);
  }

  // Enters the steps [begin, end) of the workflow as one dossier_steps row held now.
  Status Enter(DossierRecord& d, const Route& r, int begin, int end) {
    const auto& wf = r.procedure->workflow;
    DossierStepRecord s;
    s.dossier_id = d.id;
    s.position = begin;
    s.name = wf[begin].name;
    s.agency_id = r.step_agency[begin];
    s.role = wf[begin].role;
    int quota = 0;
    for (int i = begin; i < end; ++i) quota += wf[i].quota_hours;
    if (quota > 0) {
      s.quota_hours = quota;
      s.due_at = AddOffice(s.agency_id, now, int64_t{quota} * 3600);
    }
    s.started_at = now;
    s.assignee_user_id = next_assignee;
    next_assignee.reset();
    if (actor) s.handed_over_by = actor->user_id;
    if (actor && actor->user_id == 0) s.handed_over_by.reset();
    MOTCUA_ASSIGN_OR_RETURN(auto inserted, storage::InsertDossierStep(c, s));
    d.current_step_id = inserted.id;
    d.current_agency_id = inserted.agency_id;
    return Status::Ok();
  }

  Status EnterReception(DossierRecord& d, const Route& r) {
    if (!r.has_reception_block()) {
      d.current_step_id.reset();
      d.current_agency_id = r.receiving.id;
      return Status::Ok();
    }
    return Enter(d, r, 0, r.first_proc);
  }
  Status EnterProcessing(DossierRecord& d, const Route& r, int position) {
    return Enter(d, r, position, position + 1);
  }
  Status EnterReturn(DossierRecord& d, const Route& r) {
    if (!r.has_return_block()) {
      d.current_step_id.reset();
      d.current_agency_id = r.receiving.id;
      return Status::Ok();
    }
    return Enter(d, r, r.last_proc + 1, r.size());
  }

  Status End(DossierStepRecord& s, DossierAction action) {
    s.ended_at = now;
    s.end_action = std::string(domain::DossierActionName(action));
    if (actor && actor->user_id > 0) s.ended_by = actor->user_id;
    if (s.due_at)
      s.timeliness = std::string(domain::TimelinessName(domain::ClassifyFinished(now, *s.due_at)));
    return storage::UpdateDossierStep(c, s);
  }

  // The clock restarts: due instants move by the office time the pause lasted.
  Status Resume(DossierRecord& d, std::optional<DossierStepRecord>& step) {
    if (d.paused_at) {
      auto cal = Cal(d.agency_id);
      int64_t paused = cal ? cal->OfficeTimeBetween(*d.paused_at, now).value_or(0) : 0;
      if (paused > 0) {
        if (d.due_at) d.due_at = cal->AddOfficeTime(*d.due_at, paused).value_or(*d.due_at);
        if (d.legal_due_at)
          d.legal_due_at = cal->AddOfficeTime(*d.legal_due_at, paused).value_or(*d.legal_due_at);
      }
      d.paused_at.reset();
    }
    if (step && step->paused_at) {
      auto cal = Cal(step->agency_id);
      int64_t paused = cal ? cal->OfficeTimeBetween(*step->paused_at, now).value_or(0) : 0;
      if (paused > 0 && step->due_at)
        step->due_at = cal->AddOfficeTime(*step->due_at, paused).value_or(*step->due_at);
      step->paused_at.reset();
      MOTCUA_RETURN_IF_ERROR(storage::UpdateDossierStep(c, *step));
    }
    return Status::Ok();
  }

  // Sets received_at, the due instants and the reception step.
  Status Receive(DossierRecord& d, const Route& r) {
    d.received_at = now;
    if (auto cal = Cal(d.agency_id)) {
      d.due_at = DueFrom(*cal, r.procedure->LimitFor(ChannelOf(d.channel)), now,
                         svc.options_.same_day_cutoff_minute);
      d.legal_due_at = d.due_at;
    }
    return EnterReception(d, r);
  }

  // Links uploaded files. A file already in this dossier may be named again; a loose upload
  // only by the account that uploaded it, whatever its role: attachment ids are sequential, so
  // anything weaker lets one user pull another's papers into a dossier they can read. Someone
  // else's file and a missing id answer alike, so ids cannot be probed.
  Status Link(int64_t dossier_id, int64_t attachment_id, bool digitised, std::string_view field) {
    MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAttachment(c, attachment_id));
    const bool in_this_dossier = a && a->dossier_id && *a->dossier_id == dossier_id;
    const bool own_loose_upload =
        a && !a->dossier_id && (!actor || a->uploaded_by == actor->user_id);
    if (!in_this_dossier && !own_loose_upload)
      return Status::Validation("unknown_attachment", std::string(field));
    if (a->dossier_id) return Status::Ok();
    return storage::LinkAttachment(c, attachment_id, dossier_id, digitised);
  }
};

// ---------------------------------------------------------------------------------------------

DossierService::DossierService(storage::Database& db, const Clock& clock,
                               CatalogueService& catalogue, CalendarService& calendar,
                               AttachmentStore* attachments, DossierServiceOptions options)
    : db_(db),
      clock_(clock),
      catalogue_(catalogue),
      calendar_(calendar),
      attachments_(attachments),
      options_(options),
      limiter_(clock, options.lookup_rate_per_minute) {}

namespace {

// The nearest one-stop centre at or around `agency` walking up the tree: the agency itself, a
// direct child of it, then the same one level up.
std::optional<AgencyRecord> NearestCentre(const std::vector<AgencyRecord>& all,
                                          const AgencyRecord& agency) {
  std::map<int64_t, const AgencyRecord*> by_id;
  for (const auto& a : all) by_id[a.id] = &a;
  const AgencyRecord* cur = &agency;
  while (cur) {
    if (cur->is_one_stop_centre && !cur->abolished_at) return *cur;
    for (const auto& a : all)
      if (a.parent_id == cur->id && a.is_one_stop_centre && !a.abolished_at) return a;
    cur = cur->parent_id && by_id.count(*cur->parent_id) ? by_id[*cur->parent_id] : nullptr;
  }
  return std::nullopt;
}

Status CheckScope(const Principal& caller, const DossierRecord& d,
                  const std::optional<DossierStepRecord>& step, const AgencyRecord& receiving,
                  const std::optional<AgencyRecord>& current) {
  switch (caller.role) {
    case Role::kCitizen:
      if (!d.applicant_user_id || *d.applicant_user_id != caller.user_id)
        return Status::PermissionDenied("not_applicant");
      return Status::Ok();
    case Role::kReceptionOfficer:
      if (caller.CoversAgencyPath(receiving.path)) return Status::Ok();
      if (current && caller.CoversAgencyPath(current->path)) return Status::Ok();
      return Status::PermissionDenied("agency_scope");
    case Role::kSpecialist:
    case Role::kLeader:
      if (!current || !caller.CoversAgencyPath(current->path))
        return Status::PermissionDenied("agency_scope");
      // A leader's step (approval, signature) is the leader's alone.
      if (step && step->role == "leader" && caller.role != Role::kLeader)
        return Status::PermissionDenied("step_role");
      return Status::Ok();
    default:
      return Status::PermissionDenied();
  }
}

// The caller is the applicant, or staff covering an agency that received or held the dossier.
Status CheckInvolved(AgencyMemo& agencies, const Principal& caller, const DossierRecord& d) {
  if (caller.role == Role::kCitizen) {
    if (d.applicant_user_id && *d.applicant_user_id == caller.user_id) return Status::Ok();
    return Status::PermissionDenied("not_applicant");
  }
  if (!caller.IsStaff()) return Status::PermissionDenied();
  std::vector<int64_t> ids{d.agency_id};
  if (d.current_agency_id) ids.push_back(*d.current_agency_id);
  MOTCUA_ASSIGN_OR_RETURN(auto steps, storage::ListDossierSteps(agencies.connection(), d.id));
  for (const auto& s : steps) ids.push_back(s.agency_id);
  for (int64_t id : ids) {
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, agencies.ById(id));
    if (caller.CoversAgencyPath(a->path)) return Status::Ok();
  }
  return Status::PermissionDenied("agency_scope");
}

}  // namespace

Result<Reply> DossierService::Replay(Connection& c, const Principal& caller,
                                     const Idempotency& idem, bool* found) {
  *found = false;
  if (idem.key.empty()) return Reply{};
  MOTCUA_ASSIGN_OR_RETURN(auto rec, storage::FindIdempotencyKey(c, caller.user_id, idem.key));
  if (!rec) return Reply{};
  if (rec->request_hash != idem.request_hash)
    return Status::Validation("idempotency_key_reused", "Idempotency-Key");
  MOTCUA_ASSIGN_OR_RETURN(auto body, ParseObject(rec->response));
  *found = true;
  return Reply{rec->status_code, std::move(body), true};
}

Status DossierService::Remember(Connection& c, const Principal& caller, const Idempotency& idem,
                                const Reply& reply) {
  if (idem.key.empty()) return Status::Ok();
  storage::IdempotencyRecord rec;
  rec.user_id = caller.user_id;
  rec.key = idem.key;
  rec.request_hash = idem.request_hash;
  rec.status_code = reply.status_code;
  rec.response = json::serialize(reply.body);
  rec.created_at = clock_.NowSeconds();
  return storage::InsertIdempotencyKey(c, rec);
}

// ---------------------------------------------------------------------------------------------
// Submission and reception.

Result<Reply> DossierService::Submit(const Principal& caller, const SubmitInput& in,
                                     const Idempotency& idem) {
  return SubmitImpl(caller, in, idem, nullptr, nullptr);
}

Result<Reply> DossierService::SubmitWithFiles(const Principal& caller, const SubmitInput& in,
                                              const std::vector<SentFile>& files,
                                              const Idempotency& idem) {
  for (size_t i = 0; i < files.size(); ++i)
    if (files[i].component >= in.components.size())
      return Status::Validation("invalid_field", fmt::format("files[{}]", i));
  if (files.empty()) return Submit(caller, in, idem);
  MOTCUA_ASSIGN_OR_RETURN(auto pending, StoreFiles(caller, files));
  return SubmitImpl(caller, in, idem, &pending, &files);
}

Result<std::vector<storage::AttachmentRecord>> DossierService::StoreFiles(
    const Principal& caller, const std::vector<SentFile>& files) {
  if (!attachments_) return Status(Code::kUnavailable, "unavailable");
  // Files first (a file is complete before any row names it); the rows are inserted inside the
  // caller's transaction, so a failure leaves no row behind. The files stay: the store is
  // content-addressed and shared, and a request in flight may have just stored the same bytes
  // for its own row, so removing "our" file could take theirs. An unnamed file costs only disk.
  std::vector<storage::AttachmentRecord> pending;
  const int64_t now = clock_.NowSeconds();
  for (size_t i = 0; i < files.size(); ++i) {
    auto stored = attachments_->Put(files[i].bytes);
    if (!stored.ok())
      return Status(stored.status().code(), stored.status().reason(), fmt::format("files[{}]", i));
    storage::AttachmentRecord rec;
    rec.kind = "component";
    rec.sha256 = stored->sha256;
    rec.mime = stored->mime;
    rec.size_bytes = stored->size_bytes;
    rec.original_name = files[i].original_name.substr(0, 255);
    rec.uploaded_by = caller.user_id;
    rec.uploaded_at = now;
    pending.push_back(std::move(rec));
  }
  return pending;
}

Result<std::string> DossierService::CheckTracking(std::string_view text) const {
  if (options_.check_tracking) return options_.check_tracking(text, "postal_tracking");
  return domain::NormalizeS10(text, "postal_tracking");
}

Result<DossierService::CheckedSubmission> DossierService::CheckSubmission(const Principal& caller,
                                                                          const SubmitInput& in,
                                                                          int64_t now) {
  const std::string& channel = in.channel;
  if (channel != "counter" && channel != "online" && channel != "postal")
    return Status::Validation("invalid_channel", "channel");
  if (channel == "online" ? caller.role != Role::kCitizen : caller.role != Role::kReceptionOfficer)
    return Status::PermissionDenied("role_cannot_act");
  std::string outcome = in.outcome.empty() ? "received" : in.outcome;
  if (outcome != "received" && outcome != "incomplete" && outcome != "refused")
    return Status::Validation("invalid_field", "outcome");
  if (channel != "counter" && outcome != "received")
    return Status::Validation("invalid_field", "outcome");
  if (outcome == "incomplete" && in.missing_items.empty())
    return Status::Validation("missing_items_required", "missing_items");
  if (outcome != "received" && Trim(in.reason).empty())
    return Status::Validation("reason_required", "reason");
  if (!in.return_method.empty() && !ValidReturnMethod(in.return_method))
    return Status::Validation("invalid_return_method", "return_method");
  // Postal hand-over (decision 0018): the number of the parcel that brought the dossier.
  std::string tracking;
  if (!Trim(in.postal_tracking).empty()) {
    if (channel != "postal")
      return Status::Validation("postal_tracking_not_applicable", "postal_tracking");
    MOTCUA_ASSIGN_OR_RETURN(tracking, CheckTracking(in.postal_tracking));
  }
  MOTCUA_ASSIGN_OR_RETURN(auto applicant, domain::NormalizeApplicant(in.applicant, now));
  if (in.procedure_code.empty()) return Status::Validation("missing_field", "procedure_code");
  for (size_t i = 0; i < in.components.size(); ++i) {
    const auto& comp = in.components[i];
    if (Trim(comp.name).empty())
      return Status::Validation("missing_field", fmt::format("components[{}].name", i));
    if (comp.originals < 0 || comp.copies < 0 || comp.originals + comp.copies > 100)
      return Status::Validation("invalid_field", fmt::format("components[{}].originals", i));
  }
  const std::string today = domain::LocalDateOf(now).ToString();
  auto version = catalogue_.VersionOn(in.procedure_code, today);
  if (!version.ok()) {
    if (version.status().reason() == "unknown_procedure")
      return Status::Validation("unknown_procedure", "procedure_code");
    return version.status();
  }
  const domain::Procedure& proc = version->procedure;
  if (channel == "online" && proc.online_level == domain::OnlineLevel::kNone)
    return Status::Validation("channel_not_offered", "channel");
  if (channel == "postal" && !proc.postal_submission)
    return Status::Validation("channel_not_offered", "channel");
  return CheckedSubmission{std::move(applicant), std::move(version).value(), std::move(outcome),
                           std::move(tracking)};
}

Result<Reply> DossierService::SubmitImpl(const Principal& caller, const SubmitInput& in,
                                         const Idempotency& idem,
                                         const std::vector<storage::AttachmentRecord>* pending,
                                         const std::vector<SentFile>* files) {
  const int64_t now = clock_.NowSeconds();
  MOTCUA_ASSIGN_OR_RETURN(auto checked, CheckSubmission(caller, in, now));
  Reply reply;
  // Concurrent on PostgreSQL (decision 0020): the idempotency key, the day's sequence row and the
  // dossier code are unique keys or row locks, the history append takes the chain's lock.
  MOTCUA_RETURN_IF_ERROR(db_.WriteConcurrently([&](Connection& c) -> Status {
    bool found = false;
    MOTCUA_ASSIGN_OR_RETURN(auto replayed, Replay(c, caller, idem, &found));
    if (found) {
      reply = std::move(replayed);
      return Status::Ok();
    }
    MOTCUA_ASSIGN_OR_RETURN(auto created, Create(c, caller, in, checked, now, pending, files));
    reply = Reply{201, std::move(created.view), false};
    return Remember(c, caller, idem, reply);
  }));
  return reply;
}

namespace {

// A member's failure names its place in the group ("dossiers[2].procedure_code"); the applicant
// is shared, so its fields keep their names.
Status InGroup(const Status& st, size_t i) {
  if (st.ok() || st.field().starts_with("applicant")) return st;
  std::string field = fmt::format("dossiers[{}]", i);
  if (!st.field().empty()) field += "." + st.field();
  return Status(st.code(), st.reason(), field);
}

}  // namespace

Result<Reply> DossierService::SubmitLinked(const Principal& caller,
                                           const std::vector<SubmitInput>& inputs,
                                           const std::vector<std::vector<SentFile>>& files,
                                           const LinkedHook& hook, const Idempotency& idem) {
  if (inputs.empty()) return Status::Validation("missing_field", "dossiers");
  if (files.size() > inputs.size()) return Status::Validation("invalid_field", "files");
  const int64_t now = clock_.NowSeconds();
  std::vector<CheckedSubmission> checked;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto one = CheckSubmission(caller, inputs[i], now);
    if (!one.ok()) return InGroup(one.status(), i);
    checked.push_back(std::move(one).value());
  }
  std::vector<std::vector<storage::AttachmentRecord>> pending(inputs.size());
  for (size_t i = 0; i < files.size(); ++i) {
    for (size_t k = 0; k < files[i].size(); ++k)
      if (files[i][k].component >= inputs[i].components.size())
        return InGroup(Status::Validation("invalid_field", fmt::format("files[{}]", k)), i);
    if (files[i].empty()) continue;
    auto stored = StoreFiles(caller, files[i]);
    if (!stored.ok()) return InGroup(stored.status(), i);
    pending[i] = std::move(stored).value();
  }
  Reply reply;
  // Concurrent on PostgreSQL (decision 0020): the idempotency key, the day's sequence row and the
  // dossier code are unique keys or row locks, the history append takes the chain's lock.
  MOTCUA_RETURN_IF_ERROR(db_.WriteConcurrently([&](Connection& c) -> Status {
    bool found = false;
    MOTCUA_ASSIGN_OR_RETURN(auto replayed, Replay(c, caller, idem, &found));
    if (found) {
      reply = std::move(replayed);
      return Status::Ok();
    }
    std::vector<storage::DossierRecord> created;
    json::array views;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const bool with_files = i < files.size() && !files[i].empty();
      auto one = Create(c, caller, inputs[i], checked[i], now, with_files ? &pending[i] : nullptr,
                        with_files ? &files[i] : nullptr);
      if (!one.ok()) return InGroup(one.status(), i);
      created.push_back(std::move(one->dossier));
      views.push_back(std::move(one->view));
    }
    json::object body{{"dossiers", std::move(views)}};
    if (hook) MOTCUA_RETURN_IF_ERROR(hook(c, created, body));
    reply = Reply{201, std::move(body), false};
    return Remember(c, caller, idem, reply);
  }));
  return reply;
}

Result<DossierService::Created> DossierService::Create(
    Connection& c, const Principal& caller, const SubmitInput& in, const CheckedSubmission& checked,
    int64_t now, const std::vector<storage::AttachmentRecord>* pending,
    const std::vector<SentFile>* files) {
  const std::string& channel = in.channel;
  const std::string& outcome = checked.outcome;
  const domain::Procedure& proc = checked.version.procedure;
  const std::string today = domain::LocalDateOf(now).ToString();
  AgencyMemo agencies(c);
  // The receiving one-stop point.
  std::optional<AgencyRecord> receiving;
  if (!in.agency_code.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(receiving, AgencyByCode(c, in.agency_code, "agency_code"));
  } else if (caller.IsStaff()) {
    if (!caller.agency_id) return Status::PermissionDenied("agency_scope");
    MOTCUA_ASSIGN_OR_RETURN(receiving, AgencyById(c, *caller.agency_id));
  } else {
    MOTCUA_ASSIGN_OR_RETURN(auto competent,
                            ResolveCompetent(agencies, proc, nullptr, in.competent_agency_code));
    if (competent.empty()) return Status::Validation("missing_field", "agency_code");
    MOTCUA_ASSIGN_OR_RETURN(auto agency, AgencyByCode(c, competent, "competent_agency_code"));
    MOTCUA_ASSIGN_OR_RETURN(auto all, storage::ListAgencies(c));
    receiving = NearestCentre(all, agency);
    if (!receiving) receiving = agency;
  }
  if (receiving->abolished_at) return Status::Validation("agency_abolished", "agency_code");
  if (caller.IsStaff() && !caller.CoversAgencyPath(receiving->path))
    return Status::PermissionDenied("agency_scope");
  MOTCUA_ASSIGN_OR_RETURN(auto competent,
                          ResolveCompetent(agencies, proc, &*receiving, in.competent_agency_code));
  MOTCUA_ASSIGN_OR_RETURN(
      auto route, ResolveRoute(agencies, proc, checked.version.version, *receiving, competent));

  Context ctx{*this, c, now, &caller, {}};
  DossierRecord d;
  MOTCUA_ASSIGN_OR_RETURN(int64_t seq, storage::NextDossierSequence(c, receiving->id, today));
  MOTCUA_ASSIGN_OR_RETURN(auto code, domain::MakeDossierCode(receiving->code, now, seq));
  d.code = code.ToString();
  d.procedure_code = proc.code;
  d.procedure_version = checked.version.version;
  d.agency_id = receiving->id;
  d.channel = channel;
  d.applicant = domain::ApplicantToJsonText(checked.applicant);
  if (caller.role == Role::kCitizen) d.applicant_user_id = caller.user_id;
  d.submitted_at = now;
  d.updated_at = now;
  if (caller.IsStaff()) d.created_by = caller.user_id;
  DossierState state = DossierState::kSubmitted;
  if (channel == "counter") {
    state = outcome == "received"     ? DossierState::kReceived
            : outcome == "incomplete" ? DossierState::kIncomplete
                                      : DossierState::kRefused;
  } else if (channel == "postal") {
    state = DossierState::kReceived;  // the officer registers what the post delivered
  }
  d.status = std::string(domain::DossierStateName(state));
  d.current_agency_id =
      state == DossierState::kRefused ? std::nullopt : std::optional<int64_t>(receiving->id);
  // Files sent with the submission: rows inserted here (unlinked until the dossier exists),
  // so they exist only if the submission succeeds.
  std::vector<std::vector<int64_t>> sent_ids(in.components.size());
  if (pending) {
    for (size_t i = 0; i < pending->size(); ++i) {
      MOTCUA_ASSIGN_OR_RETURN(auto rec, storage::InsertAttachment(c, (*pending)[i]));
      sent_ids[(*files)[i].component].push_back(rec.id);
    }
  }
  // Components and the notes kept with the result.
  json::array components;
  for (size_t i = 0; i < in.components.size(); ++i) {
    const ComponentInput& comp = in.components[i];
    json::object o{{"name", Trim(comp.name)},
                   {"originals", comp.originals},
                   {"copies", comp.copies},
                   {"digitised", comp.digitised}};
    json::array ids;
    for (int64_t id : comp.attachment_ids) ids.emplace_back(id);
    for (int64_t id : sent_ids[i]) ids.emplace_back(id);
    o["attachment_ids"] = std::move(ids);
    components.push_back(std::move(o));
  }
  d.components = json::serialize(components);
  json::object result{{"routing", json::object{{"competent_agency_code", competent}}}};
  if (!in.return_method.empty()) result["return_method_requested"] = in.return_method;
  if (!checked.postal_tracking.empty()) result["postal_tracking"] = checked.postal_tracking;
  if (!in.note.empty()) result["note"] = in.note;
  if (state == DossierState::kIncomplete) {
    result["supplement_requests"] =
        json::array{json::object{{"stage", "reception"},
                                 {"at", IsoVietnam(now)},
                                 {"at_unix", now},
                                 {"reason", in.reason},
                                 {"missing_items", Strings(in.missing_items)}}};
  }
  if (state == DossierState::kRefused)
    result["refusal"] = json::object{{"reason", in.reason}, {"at", IsoVietnam(now)}};
  d.result = json::serialize(result);
  MOTCUA_ASSIGN_OR_RETURN(d, storage::InsertDossier(c, d));
  for (size_t i = 0; i < in.components.size(); ++i)
    for (int64_t id : in.components[i].attachment_ids)
      MOTCUA_RETURN_IF_ERROR(ctx.Link(d.id, id, in.components[i].digitised,
                                      fmt::format("components[{}].attachment_ids", i)));
  for (size_t i = 0; i < sent_ids.size(); ++i)
    for (int64_t id : sent_ids[i])
      MOTCUA_RETURN_IF_ERROR(storage::LinkAttachment(c, id, d.id, false));
  if (state == DossierState::kReceived) {
    MOTCUA_RETURN_IF_ERROR(ctx.Receive(d, route));
    MOTCUA_ASSIGN_OR_RETURN(bool updated, storage::UpdateDossier(c, d));
    if (!updated) return Status::Conflict("stale_version", "version");
  }
  storage::DossierHistoryRecord h;
  h.dossier_id = d.id;
  h.at = now;
  h.actor_user_id = caller.user_id;
  h.actor_name = caller.full_name;
  h.actor_role = std::string(domain::RoleName(caller.role));
  h.agency_id = caller.agency_id;
  h.action = channel == "online" ? "submit" : "register";
  h.to_status = d.status;
  h.step_id = d.current_step_id;
  h.comment = outcome == "received" ? std::string() : in.reason;
  json::object detail{{"channel", channel}};
  if (!in.missing_items.empty()) detail["missing_items"] = Strings(in.missing_items);
  if (!checked.postal_tracking.empty()) detail["postal_tracking"] = checked.postal_tracking;
  h.detail = json::serialize(detail);
  MOTCUA_RETURN_IF_ERROR(storage::AppendDossierHistory(c, h).status());
  if (!checked.postal_tracking.empty())
    MOTCUA_RETURN_IF_ERROR(RecordPostalShipment(c, d.id, domain::PostalDirection::kInbound,
                                                options_.postal_carrier, checked.postal_tracking,
                                                caller.user_id, now, "postal_tracking"));
  if (change_hook_) MOTCUA_RETURN_IF_ERROR(change_hook_(c, d, h));
  ViewHints hints{&agencies, &route};
  MOTCUA_ASSIGN_OR_RETURN(auto body, View(c, &caller, d, true, &hints));
  return Created{std::move(d), std::move(body)};
}

// ---------------------------------------------------------------------------------------------
// The procedure version a dossier was received under.

Result<std::shared_ptr<const domain::Procedure>> DossierService::ProcedureOf(
    Connection& c, const std::string& code, int version, bool cache) {
  auto key = std::make_pair(code, version);
  {
    std::lock_guard lock(procedures_mu_);
    if (auto it = procedures_.find(key); it != procedures_.end()) return it->second;
  }
  // As CatalogueService::Get: a procedure this process has not loaded is unknown.
  auto index = catalogue_.Index();
  if (!index || !index->Find(code)) return Status::NotFound("unknown_procedure", "code");
  // Through the caller's own connection: a second one (a nested Read) could wait forever for a
  // pool whose every connection is held by callers doing the same.
  MOTCUA_ASSIGN_OR_RETURN(auto versions, storage::ListProcedureVersions(c, code));
  for (const auto& v : versions) {
    if (v.version != version) continue;
    boost::system::error_code ec;
    json::value doc = json::parse(v.document, ec);
    if (ec) return Status::Internal("stored procedure document is not JSON");
    MOTCUA_ASSIGN_OR_RETURN(auto p, domain::ProcedureFromJson(doc));
    auto shared = std::make_shared<const domain::Procedure>(std::move(p));
    if (cache) RememberProcedure(code, version, shared);
    return shared;
  }
  return Status::Internal("dossier refers to a missing procedure version");
}

void DossierService::RememberProcedure(const std::string& code, int version,
                                       std::shared_ptr<const domain::Procedure> procedure) {
  std::lock_guard lock(procedures_mu_);
  procedures_.try_emplace(std::make_pair(code, version), std::move(procedure));
}

// ---------------------------------------------------------------------------------------------
// Actions.

Result<Reply> DossierService::Act(const Principal& caller, const std::string& code,
                                  const ActionInput& in, const Idempotency& idem) {
  if (result_signer_ && (in.action == domain::DossierActionName(DossierAction::kApprove) ||
                         in.action == domain::DossierActionName(DossierAction::kFinish)))
    return ActWithResult(caller, code, in, nullptr, idem);
  return ActImpl(caller, code, in, idem, nullptr);
}

Result<Reply> DossierService::ActWithFiles(const Principal& caller, const std::string& code,
                                           const ActionInput& in,
                                           const std::vector<SentFile>& files,
                                           const Idempotency& idem) {
  if (in.action != domain::DossierActionName(DossierAction::kSupplement))
    return Status::Validation("invalid_action", "action");
  if (files.empty()) return Act(caller, code, in, idem);
  MOTCUA_ASSIGN_OR_RETURN(auto pending, StoreFiles(caller, files));
  return ActImpl(caller, code, in, idem, &pending);
}

Result<Reply> DossierService::ActImpl(const Principal& caller, const std::string& code,
                                      const ActionInput& in, const Idempotency& idem,
                                      const std::vector<storage::AttachmentRecord>* pending,
                                      const PreparedResult* prepared, bool* result_used) {
  auto action = domain::ParseDossierAction(in.action);
  if (!action) return Status::Validation("invalid_action", "action");
  // The financial obligation moves only with an amount (request) or a payment (pay).
  if ((*action == DossierAction::kRequestPayment || *action == DossierAction::kPay) && !in.within)
    return Status::Validation("payment_through_fees", "action");
  MOTCUA_RETURN_IF_ERROR(domain::CheckActionReason(*action, in.reason));
  if (*action == DossierAction::kExtend && !in.new_due_at)
    return Status::Validation("missing_field", "new_due_at");
  if (*action == DossierAction::kReturn && !in.return_method.empty() &&
      !ValidReturnMethod(in.return_method))
    return Status::Validation("invalid_return_method", "return_method");
  if (*action == DossierAction::kRequestSupplement && in.missing_items.empty())
    return Status::Validation("missing_items_required", "missing_items");
  // A result returned by post names its parcel (decision 0018); no other action takes one.
  std::string tracking;
  if (*action == DossierAction::kReturn && in.return_method == "postal") {
    if (Trim(in.postal_tracking).empty())
      return Status::Validation("postal_tracking_required", "postal_tracking");
    MOTCUA_ASSIGN_OR_RETURN(tracking, CheckTracking(in.postal_tracking));
  } else if (!Trim(in.postal_tracking).empty()) {
    return Status::Validation("postal_tracking_not_applicable", "postal_tracking");
  }

  Reply reply;
  std::shared_ptr<const domain::Procedure> read_procedure;
  std::pair<std::string, int> read_key;
  // Concurrent on PostgreSQL (decision 0020): everything read here is re-checked by
  // UpdateDossier's WHERE version = ? (every change to a dossier or its steps bumps its version),
  // the idempotency key is unique, the history append takes the chain's lock.
  MOTCUA_RETURN_IF_ERROR(db_.WriteConcurrently([&](Connection& c) -> Status {
    bool found = false;
    MOTCUA_ASSIGN_OR_RETURN(auto replayed, Replay(c, caller, idem, &found));
    if (found) {
      reply = std::move(replayed);
      return Status::Ok();
    }
    MOTCUA_ASSIGN_OR_RETURN(auto dopt, storage::FindDossierByCode(c, code));
    if (!dopt) return Status::NotFound("dossier_not_found", "code");
    DossierRecord d = std::move(*dopt);
    // The version the dossier was received under. Read here, it may be one this batch wrote:
    // cached only once the transaction has committed.
    MOTCUA_ASSIGN_OR_RETURN(auto procedure,
                            ProcedureOf(c, d.procedure_code, d.procedure_version, false));
    read_procedure = procedure;
    read_key = {d.procedure_code, d.procedure_version};
    const int64_t now = clock_.NowSeconds();
    MOTCUA_ASSIGN_OR_RETURN(auto result, ParseObject(d.result));
    std::string competent;
    if (auto* routing = result.if_contains("routing"); routing && routing->is_object())
      if (auto* cc = routing->as_object().if_contains("competent_agency_code");
          cc && cc->is_string())
        competent = std::string(cc->as_string());
    // The current step and the agencies the change will look up: one round trip.
    AgencyMemo agencies(c);
    std::optional<DossierStepRecord> step;
    {
      storage::QueryBatch batch;
      if (d.current_step_id) storage::FindDossierStep(batch, *d.current_step_id, &step);
      std::vector<int64_t> ids{d.agency_id};
      if (d.current_agency_id) ids.push_back(*d.current_agency_id);
      agencies.Prefetch(batch, ids, RouteAgencyCodes(*procedure, competent));
      MOTCUA_RETURN_IF_ERROR(batch.Run(c));
      agencies.KeepPrefetched();
    }
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* receiving_rec, agencies.ById(d.agency_id));
    const AgencyRecord& receiving = *receiving_rec;
    if (competent.empty()) {  // imported dossiers: as the catalogue says
      auto derived = ResolveCompetent(agencies, *procedure, &receiving, "");
      if (derived.ok()) competent = *derived;
    }
    MOTCUA_ASSIGN_OR_RETURN(
        auto route, ResolveRoute(agencies, *procedure, d.procedure_version, receiving, competent));
    std::optional<AgencyRecord> current;
    if (d.current_agency_id) {
      MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* cur, agencies.ById(*d.current_agency_id));
      current = *cur;
    }
    auto state = domain::ParseDossierState(d.status);
    if (!state) return Status::Internal("stored dossier has an unknown status");
    domain::TransitionContext tc;
    tc.extended = d.extended_at.has_value();
    const bool processing = step && route.IsProcessing(step->position) &&
                            !(route.has_reception_block() && step->position < route.first_proc);
    tc.has_current_step = processing;
    tc.has_previous_step = processing && step->position > route.first_proc;
    tc.has_next_step = processing && step->position < route.last_proc;
    // Strangers learn nothing from a version mismatch; anyone involved with the dossier learns
    // first that their view is stale (two officers racing get 200 and 409, not 403).
    MOTCUA_RETURN_IF_ERROR(CheckInvolved(agencies, caller, d));
    if (in.version != d.version) return Status::Conflict("stale_version", "version");
    MOTCUA_ASSIGN_OR_RETURN(auto t, domain::DecideTransition(*state, *action, caller.role, tc));
    MOTCUA_RETURN_IF_ERROR(CheckScope(caller, d, step, receiving, current));

    Context ctx{*this, c, now, &caller, {}};
    json::object detail;
    // The leader of an assignment step names the specialist who takes the next step.
    if (!in.assignee.empty()) {
      if ((*action != DossierAction::kForward && *action != DossierAction::kApprove) ||
          t.step != domain::StepMove::kNext || !step || step->position + 1 >= route.size() ||
          route.procedure->workflow[step->position + 1].role != "specialist")
        return Status::Validation("assignee_not_applicable", "assignee");
      MOTCUA_ASSIGN_OR_RETURN(auto u, storage::FindUserByUsername(c, in.assignee));
      if (!u || !u->active || u->role != "specialist" || u->agency_path.empty())
        return Status::Validation("invalid_assignee", "assignee");
      MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* next_agency,
                              agencies.ById(route.step_agency[step->position + 1]));
      if (u->agency_path.rfind(next_agency->path, 0) != 0)
        return Status::Validation("invalid_assignee", "assignee");
      ctx.next_assignee = u->id;
      detail["assignee"] = u->username;
    }
    if (in.within) MOTCUA_RETURN_IF_ERROR(in.within(c, d, result, detail));
    const DossierState from = *state;
    std::optional<int64_t> acted_step = step ? std::optional<int64_t>(step->id) : std::nullopt;

    // Leaving a stopped clock: the pause moves the due instants.
    if (from == DossierState::kWaitingSupplement || from == DossierState::kWaitingPayment)
      MOTCUA_RETURN_IF_ERROR(ctx.Resume(d, step));

    switch (*action) {
      case DossierAction::kReceive:
        MOTCUA_RETURN_IF_ERROR(ctx.Receive(d, route));
        break;
      case DossierAction::kRequestSupplement: {
        const std::string stage = from == DossierState::kSubmitted ? "reception" : "processing";
        json::array requests;
        if (auto* r = result.if_contains("supplement_requests"); r && r->is_array())
          requests = r->as_array();
        for (const auto& r : requests)
          if (r.is_object() && r.as_object().if_contains("stage") &&
              r.as_object().at("stage") == json::value(stage))
            return Status::Conflict("supplement_already_requested", "action");
        requests.push_back(json::object{{"stage", stage},
                                        {"at", IsoVietnam(now)},
                                        {"at_unix", now},
                                        {"reason", in.reason},
                                        {"missing_items", Strings(in.missing_items)}});
        result["supplement_requests"] = std::move(requests);
        detail["missing_items"] = Strings(in.missing_items);
        if (domain::ClockRunning(from)) {
          d.paused_at = now;
          if (step) {
            step->paused_at = now;
            MOTCUA_RETURN_IF_ERROR(storage::UpdateDossierStep(c, *step));
          }
        }
        break;
      }
      case DossierAction::kRequestPayment:
        if (in.settled) {
          t.to = from;  // nothing to pay: the clock keeps running
          break;
        }
        d.paused_at = now;
        if (step) {
          step->paused_at = now;
          MOTCUA_RETURN_IF_ERROR(storage::UpdateDossierStep(c, *step));
        }
        break;
      case DossierAction::kSupplement:
        if (auto* r = result.if_contains("supplement_requests");
            r && r->is_array() && !r->as_array().empty() && r->as_array().back().is_object())
          r->as_array().back().as_object()["supplemented_at"] = IsoVietnam(now);
        for (int64_t id : in.attachment_ids)
          MOTCUA_RETURN_IF_ERROR(ctx.Link(d.id, id, false, "attachment_ids"));
        // Papers sent with the supplement: recorded here, so they exist only if it succeeds.
        if (pending) {
          for (storage::AttachmentRecord rec : *pending) {
            MOTCUA_ASSIGN_OR_RETURN(rec, storage::InsertAttachment(c, rec));
            MOTCUA_RETURN_IF_ERROR(storage::LinkAttachment(c, rec.id, d.id, false));
          }
        }
        break;
      case DossierAction::kExtend: {
        if (!d.due_at) return Status::Validation("no_due_date", "due_at");
        MOTCUA_RETURN_IF_ERROR(domain::CheckExtension(now, *d.due_at, *in.new_due_at));
        detail["previous_due_at"] = IsoVietnam(*d.due_at);
        detail["new_due_at"] = IsoVietnam(*in.new_due_at);
        result["extension"] = json::object{{"form", "Mẫu 04"},
                                           {"reason", in.reason},
                                           {"at", IsoVietnam(now)},
                                           {"previous_due_at", IsoVietnam(*d.due_at)},
                                           {"new_due_at", IsoVietnam(*in.new_due_at)}};
        d.due_at = *in.new_due_at;
        d.extended_at = now;
        d.extension_reason = in.reason;
        break;
      }
      case DossierAction::kReject:
        if (!t.outcome) {
          result["refusal"] =
              json::object{{"form", "Mẫu 03"}, {"reason", in.reason}, {"at", IsoVietnam(now)}};
        } else {
          result["decision"] = json::object{{"outcome", "rejected"}, {"reason", in.reason}};
        }
        break;
      case DossierAction::kStop:
        result["stop"] =
            json::object{{"form", "Mẫu 05"}, {"reason", in.reason}, {"at", IsoVietnam(now)}};
        break;
      case DossierAction::kWithdraw:
        result["withdrawal"] = json::object{{"reason", in.reason}, {"at", IsoVietnam(now)}};
        break;
      case DossierAction::kReturn: {
        std::string method = in.return_method.empty() ? "counter" : in.return_method;
        d.returned_at = now;
        d.return_method = method;
        detail["return_method"] = method;
        if (!tracking.empty()) {
          detail["postal_tracking"] = tracking;
          result["return_postal_tracking"] = tracking;
          MOTCUA_RETURN_IF_ERROR(RecordPostalShipment(c, d.id, domain::PostalDirection::kOutbound,
                                                      options_.postal_carrier, tracking,
                                                      caller.user_id, now, "postal_tracking"));
        }
        break;
      }
      default:
        break;
    }
    // A fee paid for a dossier that is then refused or stopped is owed back.
    if ((t.outcome && *t.outcome == domain::DossierOutcome::kRejected) ||
        t.to == DossierState::kStopped)
      MOTCUA_RETURN_IF_ERROR(storage::OpenRefundsForPaidPayments(c, d.id, in.reason, now));
    if (t.outcome) {
      d.outcome = std::string(domain::DossierOutcomeName(*t.outcome));
      d.finished_at = now;
      if (d.legal_due_at)
        d.timeliness =
            std::string(domain::TimelinessName(domain::ClassifyFinished(now, *d.legal_due_at)));
      json::object res{{"outcome", *d.outcome}};
      if (!in.result_note.empty()) res["note"] = in.result_note;
      if (in.result_attachment_id) {
        MOTCUA_RETURN_IF_ERROR(
            ctx.Link(d.id, *in.result_attachment_id, true, "result_attachment_id"));
        res["attachment_id"] = *in.result_attachment_id;
      }
      if (!in.reason.empty()) res["reason"] = in.reason;
      // The signed result document (decision 0017), recorded with the outcome.
      if (prepared && *t.outcome == domain::DossierOutcome::kApproved) {
        storage::ResultDocumentRecord doc = prepared->record;
        doc.dossier_id = d.id;
        MOTCUA_ASSIGN_OR_RETURN(doc, storage::InsertResultDocument(c, doc));
        res["electronic_result_id"] = doc.id;
        detail["electronic_result_sha256"] = doc.sha256;
        if (result_used) *result_used = true;
      }
      result["result"] = std::move(res);
    }
    if (prepared && prepared->uploaded && !(result_used && *result_used))
      return Status::Validation("result_not_applicable", "result_file");

    // The steps.
    switch (t.step) {
      case domain::StepMove::kStay:
        break;
      case domain::StepMove::kEnterFirst:
        if (step && !step->ended_at) MOTCUA_RETURN_IF_ERROR(ctx.End(*step, *action));
        MOTCUA_RETURN_IF_ERROR(ctx.EnterProcessing(d, route, route.first_proc));
        break;
      case domain::StepMove::kNext:
        MOTCUA_RETURN_IF_ERROR(ctx.End(*step, *action));
        MOTCUA_RETURN_IF_ERROR(ctx.EnterProcessing(d, route, step->position + 1));
        break;
      case domain::StepMove::kPrevious:
        MOTCUA_RETURN_IF_ERROR(ctx.End(*step, *action));
        MOTCUA_RETURN_IF_ERROR(ctx.EnterProcessing(d, route, step->position - 1));
        break;
      case domain::StepMove::kLeave:
        if (step && !step->ended_at) MOTCUA_RETURN_IF_ERROR(ctx.End(*step, *action));
        if (t.to == DossierState::kReceived) {
          MOTCUA_RETURN_IF_ERROR(ctx.EnterReception(d, route));
        } else if (t.to == DossierState::kFinished) {
          MOTCUA_RETURN_IF_ERROR(ctx.EnterReturn(d, route));
        } else {
          d.current_step_id.reset();
          d.current_agency_id.reset();
        }
        break;
    }
    if (domain::IsFinal(t.to)) {
      // Final states hold no step (withdrawal at the counter, return of the result).
      if (d.current_step_id && step && *d.current_step_id == step->id && !step->ended_at)
        MOTCUA_RETURN_IF_ERROR(ctx.End(*step, *action));
      d.current_step_id.reset();
      d.current_agency_id.reset();
    }
    if (t.to == DossierState::kFinished && t.step == domain::StepMove::kStay)
      MOTCUA_RETURN_IF_ERROR(ctx.EnterReturn(d, route));

    d.status = std::string(domain::DossierStateName(t.to));
    d.result = json::serialize(result);
    d.updated_at = now;
    // Deferred with the history row: both travel with the view's reads, and a stale version
    // fails those reads with Conflict "stale_version".
    MOTCUA_RETURN_IF_ERROR(storage::UpdateDossierLater(c, d));

    storage::DossierHistoryRecord h;
    h.dossier_id = d.id;
    h.at = now;
    h.actor_user_id = caller.user_id;
    h.actor_name = caller.full_name;
    h.actor_role = std::string(domain::RoleName(caller.role));
    h.agency_id = caller.agency_id;
    h.action = std::string(domain::DossierActionName(*action));
    h.from_status = std::string(domain::DossierStateName(from));
    h.to_status = d.status;
    h.step_id = acted_step ? acted_step : d.current_step_id;
    h.comment = in.reason;
    h.detail = json::serialize(detail);
    MOTCUA_RETURN_IF_ERROR(storage::AppendDossierHistoryLater(c, h));
    if (change_hook_) MOTCUA_RETURN_IF_ERROR(change_hook_(c, d, h));
    ViewHints hints{&agencies, &route};
    MOTCUA_ASSIGN_OR_RETURN(auto body, View(c, &caller, d, true, &hints));
    reply = Reply{200, std::move(body), false};
    return Remember(c, caller, idem, reply);
  }));
  // Committed: the version it was read from is committed too.
  if (read_procedure) RememberProcedure(read_key.first, read_key.second, read_procedure);
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Reading.

Result<json::object> DossierService::View(Connection& c, const Principal* caller,
                                          const DossierRecord& d, bool full,
                                          const ViewHints* hints) {
  const int64_t now = clock_.NowSeconds();
  std::optional<AgencyMemo> own_agencies;
  AgencyMemo* agencies = hints && hints->agencies ? hints->agencies : &own_agencies.emplace(c);
  auto agency = [&](int64_t id) { return agencies->ById(id); };
  auto state = domain::ParseDossierState(d.status).value_or(DossierState::kSubmitted);
  json::object o;
  o["code"] = d.code;
  o["procedure_code"] = d.procedure_code;
  o["procedure_version"] = d.procedure_version;
  std::string procedure_name;
  if (auto idx = catalogue_.Index())
    if (const auto* e = idx->Find(d.procedure_code)) procedure_name = e->procedure.name;
  o["procedure"] = procedure_name;
  o["channel"] = d.channel;
  o["status"] = d.status;
  o["status_text"] = domain::DossierStateLabelVi(state);
  o["portal_status"] = domain::PortalStatusCode(state);
  // Everything the view reads about the dossier, at once (one round trip on PostgreSQL).
  std::optional<storage::ResultDocumentRecord> signed_result;
  std::vector<storage::LifeEventMemberRow> group;
  std::vector<storage::AttachmentRecord> files;
  std::vector<DossierStepRecord> steps;
  std::vector<storage::PostalShipmentRecord> shipments;
  std::vector<storage::DossierHistoryRecord> history;
  {
    storage::QueryBatch batch;
    storage::LatestResultDocument(batch, d.id, "result", &signed_result);
    if (full) {
      storage::ListLifeEventGroupOf(batch, d.id, &group);
      storage::ListAttachments(batch, d.id, &files);
      storage::ListDossierHistory(batch, d.id, &history);
    }
    storage::ListDossierSteps(batch, d.id, &steps);
    storage::ListPostalShipments(batch, d.id, &shipments);
    MOTCUA_RETURN_IF_ERROR(batch.Run(c));
  }
  MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* rec, agency(d.agency_id));
  o["agency"] = json::object{{"code", rec->code}, {"name", rec->name}};
  if (d.current_agency_id) {
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* cur, agency(*d.current_agency_id));
    o["current_agency"] = cur->name;
    o["current_agency_code"] = cur->code;
  } else {
    o["current_agency"] = nullptr;
  }
  PutInstant(o, "submitted_at", d.submitted_at);
  PutInstant(o, "received_at", d.received_at);
  PutInstant(o, "due_at", d.due_at);
  if (full) {
    PutInstant(o, "legal_due_at", d.legal_due_at);
    PutInstant(o, "paused_at", d.paused_at);
    PutInstant(o, "extended_at", d.extended_at);
    o["extension_reason"] = d.extension_reason ? json::value(*d.extension_reason) : nullptr;
  }
  PutInstant(o, "finished_at", d.finished_at);
  PutInstant(o, "returned_at", d.returned_at);
  o["return_method"] = d.return_method ? json::value(*d.return_method) : nullptr;
  o["outcome"] = d.outcome ? json::value(*d.outcome) : nullptr;
  // The signed electronic result (decision 0017): who signed it and the certificate's
  // fingerprint, which the public lookup shows too so that anyone holding a copy can check it.
  if (signed_result) {
    json::object er{{"id", signed_result->id},
                    {"source", signed_result->source},
                    {"signer", signed_result->signer_subject},
                    {"signer_agency_code", signed_result->signer_agency_code},
                    {"cert_serial", signed_result->cert_serial},
                    {"cert_sha256", signed_result->cert_sha256},
                    {"size_bytes", signed_result->size_bytes}};
    PutInstant(er, "signed_at", signed_result->signed_at);
    o["electronic_result"] = std::move(er);
  } else {
    o["electronic_result"] = nullptr;
  }
  // Timeliness: stored once finished; otherwise as of now (against the legal due instant).
  std::optional<domain::Timeliness> tl;
  if (d.timeliness) {
    tl = domain::ParseTimeliness(*d.timeliness);
  } else if (domain::ClockRunning(state) && d.legal_due_at) {
    tl = domain::ClassifyPending(now, *d.legal_due_at);
  }
  o["timeliness"] = tl ? json::value(domain::TimelinessName(*tl)) : nullptr;
  o["timeliness_text"] = tl ? json::value(domain::TimelinessLabelVi(*tl)) : nullptr;

  auto applicant = domain::ApplicantFromJsonText(d.applicant);
  if (full) {
    o["version"] = d.version;
    o["applicant"] = applicant.ok() ? json::value(domain::ApplicantToJson(*applicant)) : nullptr;
    boost::system::error_code ec;
    json::value comps = json::parse(d.components, ec);
    o["components"] = ec ? json::value(json::array()) : comps;
    MOTCUA_ASSIGN_OR_RETURN(auto result, ParseObject(d.result));
    o["competent_agency"] = nullptr;
    if (auto* routing = result.if_contains("routing"); routing && routing->is_object())
      if (auto* cc = routing->as_object().if_contains("competent_agency_code");
          cc && cc->is_string() && !cc->as_string().empty()) {
        MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a,
                                agencies->FindByCode(std::string(cc->as_string())));
        if (a) o["competent_agency"] = json::object{{"code", a->code}, {"name", a->name}};
      }
    result.erase("routing");
    o["result"] = std::move(result);
    // The dossiers submitted with this one as a life event (Decree 63/2024), this one included.
    if (group.empty()) {
      o["life_event"] = nullptr;
    } else {
      json::array members;
      for (const auto& m : group) {
        std::string name, time_limit;
        if (auto idx = catalogue_.Index())
          if (const auto* e = idx->Find(m.procedure_code)) {
            name = e->procedure.name;
            time_limit = e->procedure.LimitFor(ChannelOf(m.channel)).LabelVi();
          }
        auto st = domain::ParseDossierState(m.status).value_or(DossierState::kSubmitted);
        MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, agency(m.agency_id));
        std::string competent_name;
        if (auto routing = ParseObject(m.result); routing.ok())
          if (auto* r = routing->if_contains("routing"); r && r->is_object())
            if (auto* cc = r->as_object().if_contains("competent_agency_code");
                cc && cc->is_string() && !cc->as_string().empty()) {
              MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* ca,
                                      agencies->FindByCode(std::string(cc->as_string())));
              if (ca) competent_name = ca->name;
            }
        json::object mo{{"position", m.position},
                        {"code", m.code},
                        {"procedure_code", m.procedure_code},
                        {"procedure", name},
                        {"status", m.status},
                        {"status_text", domain::DossierStateLabelVi(st)},
                        {"agency", a->name},
                        {"competent_agency", competent_name},
                        {"time_limit", time_limit},
                        {"self", m.dossier_id == d.id}};
        PutInstant(mo, "due_at", m.due_at);
        members.push_back(std::move(mo));
      }
      o["life_event"] = json::object{{"id", group.front().event_id},
                                     {"submission_id", group.front().submission_id},
                                     {"dossiers", std::move(members)}};
    }
    json::array fa;
    for (const auto& f : files)
      fa.push_back(json::object{{"id", f.id},
                                {"kind", f.kind},
                                {"sha256", f.sha256},
                                {"mime", f.mime},
                                {"size_bytes", f.size_bytes},
                                {"original_name", f.original_name},
                                {"digitised", f.digitised}});
    o["attachments"] = std::move(fa);
  } else {
    // Public: the person's name masked; an organisation's registered name is public anyway.
    std::string name;
    if (applicant.ok())
      name = applicant->type == domain::ApplicantType::kCitizen
                 ? domain::MaskPersonName(applicant->full_name)
                 : applicant->full_name;
    o["applicant_name"] = name;
  }

  json::array sa;
  for (const auto& s : steps) {
    MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, agency(s.agency_id));
    json::object so{{"seq", s.seq},      {"position", s.position}, {"name", s.name},
                    {"agency", a->name}, {"agency_code", a->code}, {"role", s.role}};
    PutInstant(so, "started_at", s.started_at);
    PutInstant(so, "due_at", s.due_at);
    PutInstant(so, "ended_at", s.ended_at);
    if (full) {
      so["quota_hours"] = s.quota_hours ? json::value(*s.quota_hours) : nullptr;
      so["end_action"] = s.end_action ? json::value(*s.end_action) : nullptr;
      PutInstant(so, "paused_at", s.paused_at);
    }
    std::optional<domain::Timeliness> st;
    if (s.timeliness) {
      st = domain::ParseTimeliness(*s.timeliness);
    } else if (!s.ended_at && !s.paused_at && s.due_at) {
      st = domain::ClassifyPending(now, *s.due_at);
    }
    so["timeliness"] = st ? json::value(domain::TimelinessName(*st)) : nullptr;
    so["current"] = d.current_step_id && *d.current_step_id == s.id;
    // Who was named to take the step: staff see it, the public lookup does not.
    if (s.assignee_user_id && caller && caller->IsStaff()) {
      MOTCUA_ASSIGN_OR_RETURN(auto u, storage::FindUserById(c, *s.assignee_user_id));
      if (u) {
        so["assignee"] = u->username;
        so["assignee_name"] = u->full_name;
      }
    }
    sa.push_back(std::move(so));
  }
  o["steps"] = std::move(sa);
  // Parcels sent by post (decision 0018): the public lookup sees numbers and event labels only.
  MOTCUA_ASSIGN_OR_RETURN(auto postal, PostalShipmentsView(c, shipments, full));
  o["postal_shipments"] = std::move(postal);

  if (full) {
    json::array ha;
    for (const auto& h : history) {
      json::object ho{{"action", h.action},
                      {"actor_name", h.actor_name},
                      {"actor_role", h.actor_role},
                      {"from_status", h.from_status ? json::value(*h.from_status) : nullptr},
                      {"to_status", h.to_status},
                      {"comment", h.comment}};
      PutInstant(ho, "at", h.at);
      if (h.agency_id) {
        MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* a, agency(*h.agency_id));
        ho["agency"] = a->name;
      }
      boost::system::error_code ec;
      json::value det = json::parse(h.detail, ec);
      if (!ec) ho["detail"] = det;
      ha.push_back(std::move(ho));
    }
    o["history"] = std::move(ha);

    // What the caller may do now.
    json::array allowed, result_actions;
    if (caller && !domain::IsFinal(state)) {
      std::optional<DossierStepRecord> step;
      if (d.current_step_id)  // among the steps read above
        for (const auto& s : steps)
          if (s.id == *d.current_step_id) step = s;
      std::optional<AgencyRecord> current;
      if (d.current_agency_id) {
        MOTCUA_ASSIGN_OR_RETURN(const AgencyRecord* cur, agency(*d.current_agency_id));
        current = *cur;
      }
      if (CheckScope(*caller, d, step, *rec, current).ok()) {
        domain::TransitionContext tc;
        tc.extended = d.extended_at.has_value();
        // The change that replies with this view resolved the route already.
        const Route* route = hints ? hints->route : nullptr;
        bool known_version = route != nullptr;
        std::shared_ptr<const domain::Procedure> procedure;
        std::optional<Route> own_route;
        if (!route) {
          // Without hints View runs in a Read (Get): `c` sees committed rows only.
          auto version = ProcedureOf(c, d.procedure_code, d.procedure_version, true);
          if (version.ok()) {
            known_version = true;
            procedure = *version;
            auto result = ParseObject(d.result);
            std::string competent;
            if (result.ok())
              if (auto* r = result->if_contains("routing"); r && r->is_object())
                if (auto* cc = r->as_object().if_contains("competent_agency_code");
                    cc && cc->is_string())
                  competent = std::string(cc->as_string());
            if (competent.empty()) {
              auto derived = ResolveCompetent(*agencies, *procedure, rec, "");
              if (derived.ok()) competent = *derived;
            }
            auto resolved =
                ResolveRoute(*agencies, *procedure, d.procedure_version, *rec, competent);
            if (resolved.ok()) route = &own_route.emplace(std::move(resolved).value());
          }
        }
        if (known_version) {
          if (route && step) {
            bool processing = route->IsProcessing(step->position) &&
                              !(route->has_reception_block() && step->position < route->first_proc);
            tc.has_current_step = processing;
            tc.has_previous_step = processing && step->position > route->first_proc;
            tc.has_next_step = processing && step->position < route->last_proc;
          } else {
            tc.has_current_step = tc.has_previous_step = tc.has_next_step = false;
          }
        }
        for (auto a : domain::AllowedActions(state, caller->role, tc)) {
          allowed.emplace_back(domain::DossierActionName(a));
          // The actions that give the result, with which a signed result document goes.
          auto t = domain::DecideTransition(state, a, caller->role, tc);
          if (t.ok() && t->outcome == domain::DossierOutcome::kApproved)
            result_actions.emplace_back(domain::DossierActionName(a));
        }
      }
    }
    o["allowed_actions"] = std::move(allowed);
    o["result_actions"] = std::move(result_actions);
    o["result_signing"] = result_signer_ != nullptr;
  }
  return o;
}

Result<json::object> DossierService::Get(const Principal* caller, const std::string& code,
                                         const std::string& phone) {
  std::string purpose;
  MOTCUA_ASSIGN_OR_RETURN(auto view, GetUnaudited(caller, code, phone, &purpose));
  MOTCUA_RETURN_IF_ERROR(
      AuditRead(db_, clock_, caller, "dossier.read", "dossier", code, std::move(purpose)));
  return view;
}

Result<json::object> DossierService::GetUnaudited(const Principal* caller, const std::string& code,
                                                  const std::string& phone, std::string* purpose) {
  json::object out;
  bool visible = false;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
    // As typed first: a code imported from a legacy system may be in any case.
    if (const std::string canonical = domain::NormalizeDossierCode(code); !d && canonical != code) {
      MOTCUA_ASSIGN_OR_RETURN(d, storage::FindDossierByCode(c, canonical));
    }
    if (!d) return Status::NotFound("dossier_not_found", "code");
    if (caller && caller->role == Role::kCitizen && d->applicant_user_id == caller->user_id) {
      visible = true;
      *purpose = "owner";
    }
    if (caller && caller->IsStaff() && !visible) {
      std::vector<int64_t> ids{d->agency_id};
      if (d->current_agency_id) ids.push_back(*d->current_agency_id);
      MOTCUA_ASSIGN_OR_RETURN(auto steps, storage::ListDossierSteps(c, d->id));
      for (const auto& s : steps) ids.push_back(s.agency_id);
      for (int64_t id : ids) {
        MOTCUA_ASSIGN_OR_RETURN(auto a, AgencyById(c, id));
        if (caller->CoversAgencyPath(a.path)) {
          visible = true;
          *purpose = "staff_scope";
          break;
        }
      }
    }
    bool by_phone = false;
    if (!visible && !phone.empty()) {
      auto applicant = domain::ApplicantFromJsonText(d->applicant);
      auto given = domain::NormalizePhone(phone, "phone");
      by_phone =
          applicant.ok() && given.ok() && !applicant->phone.empty() && applicant->phone == *given;
      *purpose = "applicant_phone";
    }
    if (!visible && !by_phone) return Status::NotFound("dossier_not_found", "code");
    MOTCUA_ASSIGN_OR_RETURN(out, View(c, caller, *d, true));
    if (!visible) {
      // A phone number is easy to learn or guess: it shows the dossier's progress, never the
      // applicant's personal data (id number, phone, address, date of birth, e-mail) nor the
      // files. The applicant's own account and staff in scope see those.
      auto applicant = domain::ApplicantFromJsonText(d->applicant);
      json::object shown;
      if (applicant.ok()) {
        bool person = applicant->type == domain::ApplicantType::kCitizen;
        shown["type"] = domain::ApplicantTypeName(applicant->type);
        shown["full_name"] =
            person ? domain::MaskPersonName(applicant->full_name) : applicant->full_name;
      }
      out["applicant"] = std::move(shown);
      out.erase("attachments");
      out["personal_data_hidden"] = true;
    }
    return Status::Ok();
  }));
  return out;
}

Result<json::object> DossierService::Lookup(const std::string& typed_code) {
  const std::string code = domain::NormalizeDossierCode(typed_code);
  if (!domain::IsValidDossierCode(code)) return Status::NotFound("dossier_not_found", "code");
  json::object out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
    if (!d) return Status::NotFound("dossier_not_found", "code");
    MOTCUA_ASSIGN_OR_RETURN(out, View(c, nullptr, *d, false));
    return Status::Ok();
  }));
  return out;
}

Result<json::object> DossierService::Queue(const Principal& caller, const std::string& name,
                                           int limit, int offset) {
  if (!caller.IsStaff() || caller.agency_path.empty())
    return Status::PermissionDenied("agency_scope");
  limit = std::clamp(limit, 1, 200);
  offset = std::max(offset, 0);
  const int64_t now = clock_.NowSeconds();
  storage::DossierQueueQuery q;
  q.current_agency_path = caller.agency_path;
  if (name == "to_receive") {
    q.statuses = {"submitted", "received"};
  } else if (name == "to_appraise") {
    q.statuses = {"in_process"};
    q.current_step_role = "specialist";
  } else if (name == "to_approve") {
    q.statuses = {"in_process"};
    q.current_step_role = "leader";
  } else if (name == "to_return") {
    q.statuses = {"finished"};
  } else if (name == "due_soon") {
    q.statuses = {"received", "in_process"};
    q.due_not_before = now;
    auto cal = calendar_.Calendar(caller.agency_id);
    q.due_before =
        cal.ok()
            ? (*cal)->AddOfficeTime(now, options_.due_soon_office_seconds).value_or(now + 86400)
            : now + 86400;
  } else if (name == "overdue") {
    q.statuses = {"received", "in_process"};
    q.due_before = now;
  } else if (name == "waiting_applicant") {
    q.statuses = {"incomplete", "waiting_supplement", "waiting_payment"};
  } else {
    return Status::NotFound("unknown_queue", "name");
  }
  json::array items;
  int64_t total = 0;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    q.limit = limit;
    q.offset = offset;
    MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::ListDossierQueue(c, q));
    MOTCUA_ASSIGN_OR_RETURN(total, storage::CountDossierQueue(c, q));
    struct Item {
      std::optional<int64_t> remaining;
      json::object o;
    };
    std::vector<Item> list;
    // The rows of a queue share a few agencies: each is read once for the page.
    AgencyMemo agencies(c);
    ViewHints hints{&agencies, nullptr};
    for (const auto& d : rows) {
      MOTCUA_ASSIGN_OR_RETURN(auto o, View(c, &caller, d, false, &hints));
      o.erase("applicant_name");
      std::optional<int64_t> remaining;
      if (d.due_at) {
        auto cal = calendar_.Calendar(d.current_agency_id ? d.current_agency_id : d.agency_id);
        if (cal.ok()) {
          remaining = *d.due_at >= now ? (*cal)->OfficeTimeBetween(now, *d.due_at).value_or(0)
                                       : -(*cal)->OfficeTimeBetween(*d.due_at, now).value_or(0);
        }
      }
      o["remaining_office_seconds"] = remaining ? json::value(*remaining) : nullptr;
      o["version"] = d.version;
      list.push_back({remaining, std::move(o)});
    }
    std::stable_sort(list.begin(), list.end(), [](const Item& a, const Item& b) {
      if (a.remaining.has_value() != b.remaining.has_value()) return a.remaining.has_value();
      return a.remaining.value_or(0) < b.remaining.value_or(0);
    });
    for (auto& i : list) items.push_back(std::move(i.o));
    return Status::Ok();
  }));
  return json::object{{"queue", name}, {"items", std::move(items)}, {"total", total}};
}

Result<json::object> DossierService::MyDossiers(const Principal& caller, int limit, int offset) {
  if (caller.role != Role::kCitizen) return Status::PermissionDenied();
  storage::DossierQueueQuery q;
  q.applicant_user_id = caller.user_id;
  q.limit = std::clamp(limit, 1, 200);
  q.offset = std::max(offset, 0);
  json::array items;
  int64_t total = 0;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::ListDossierQueue(c, q));
    MOTCUA_ASSIGN_OR_RETURN(total, storage::CountDossierQueue(c, q));
    for (const auto& d : rows) {
      MOTCUA_ASSIGN_OR_RETURN(auto o, View(c, &caller, d, false));
      o["version"] = d.version;
      items.push_back(std::move(o));
    }
    return Status::Ok();
  }));
  return json::object{{"items", std::move(items)}, {"total", total}};
}

Result<AttachmentFile> DossierService::Attachment(const Principal& caller, const std::string& code,
                                                  int64_t attachment_id) {
  if (!attachments_) return Status(Code::kUnavailable, "unavailable");
  // The dossier's own access rules decide; its view lists the files it may show, with what the
  // download needs (no second read of the attachment row).
  std::string purpose;
  MOTCUA_ASSIGN_OR_RETURN(auto view, GetUnaudited(&caller, code, {}, &purpose));
  const json::object* entry = nullptr;
  if (const json::value* files = view.if_contains("attachments"); files && files->is_array())
    for (const auto& f : files->get_array())
      if (const json::value* id = f.is_object() ? f.as_object().if_contains("id") : nullptr;
          id && id->is_int64() && id->get_int64() == attachment_id)
        entry = &f.as_object();
  if (!entry) return Status::NotFound();
  auto text = [&](const char* key) {
    const json::value* v = entry->if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  AttachmentFile file;
  file.record.id = attachment_id;
  file.record.sha256 = text("sha256");
  file.record.mime = text("mime");
  file.record.original_name = text("original_name");
  file.path = attachments_->PathOf(file.record.sha256);
  if (file.path.empty() || !attachments_->Exists(file.record.sha256))
    return Status(Code::kInternal, "attachment_missing");
  MOTCUA_RETURN_IF_ERROR(AuditRead(db_, clock_, &caller, "attachment.read", "dossier", code,
                                   std::move(purpose), {{"attachment_id", attachment_id}}));
  return file;
}

Result<storage::AttachmentRecord> DossierService::Upload(const Principal& caller,
                                                         std::string_view bytes,
                                                         const std::string& original_name,
                                                         const std::string& kind) {
  if (!attachments_) return Status(Code::kUnavailable, "unavailable");
  if (kind != "component" && kind != "result") return Status::Validation("invalid_field", "kind");
  if (kind == "result" && !caller.IsStaff()) return Status::PermissionDenied();
  MOTCUA_ASSIGN_OR_RETURN(auto stored, attachments_->Put(bytes));
  storage::AttachmentRecord rec;
  rec.kind = kind;
  rec.sha256 = stored.sha256;
  rec.mime = stored.mime;
  rec.size_bytes = stored.size_bytes;
  rec.original_name = original_name.substr(0, 255);
  rec.uploaded_by = caller.user_id;
  rec.uploaded_at = clock_.NowSeconds();
  MOTCUA_RETURN_IF_ERROR(db_.WriteConcurrently([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(rec, storage::InsertAttachment(c, rec));
    return Status::Ok();
  }));
  return rec;
}

}  // namespace motcua::service
