#include "service/forms_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "domain/applicant_json.h"
#include "domain/dossier_code.h"
#include "domain/dossier_state.h"
#include "domain/procedure.h"
#include "domain/role.h"
#include "domain/timeliness.h"
#include "forms/form_catalog.h"
#include "forms/forms.h"
#include "forms/register_xlsx.h"
#include "forms/text_vi.h"
#include "service/audit.h"
#include "service/dossier_service.h"
#include "storage/agency_store.h"
#include "storage/catalogue_store.h"
#include "storage/dossier_store.h"
#include "storage/forms_store.h"
#include "storage/user_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;
using forms::FormKind;
using storage::AgencyRecord;
using storage::Connection;
using storage::DossierHistoryRecord;
using storage::DossierRecord;
using storage::DossierStepRecord;

constexpr std::string_view kPdfType = "application/pdf";
constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---------------------------------------------------------------------------------------------
// Text.

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t UpperOf(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 0x20;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;  // à..ý
  switch (cp) {
    case 0x0103:
      return 0x0102;  // ă
    case 0x0111:
      return 0x0110;  // đ
    case 0x0129:
      return 0x0128;  // ĩ
    case 0x0169:
      return 0x0168;  // ũ
    case 0x01A1:
      return 0x01A0;  // ơ
    case 0x01B0:
      return 0x01AF;  // ư
    default:
      break;
  }
  // Latin Extended Additional (ạ..ỹ): capital at the even code point, small at the odd one.
  if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1) == 1) return cp - 1;
  return cp;
}

std::string Str(const json::value* v) {
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::object ParseObjectOrEmpty(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

json::value ParseOrNull(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

std::vector<std::string> StringArray(const json::value* v) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) return out;
  for (const auto& item : v->as_array())
    if (item.is_string() && !item.as_string().empty()) out.emplace_back(item.as_string());
  return out;
}

// The applicant as the forms print it; blanks (filled in by hand) if the stored JSON is unusable.
forms::Applicant FormApplicant(const std::string& stored) {
  forms::Applicant out;
  auto a = domain::ApplicantFromJsonText(stored);
  if (!a.ok()) return out;
  out.name = a->full_name;
  out.id_number = a->type == domain::ApplicantType::kOrganisation ? a->tax_code : a->id_number;
  out.address = a->address;
  out.phone = a->phone;
  out.email = a->email;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Agencies.

using AgencyMap = std::map<int64_t, AgencyRecord>;

Result<AgencyMap> LoadAgencies(Connection& c) {
  MOTCUA_ASSIGN_OR_RETURN(auto list, storage::ListAgencies(c));
  AgencyMap out;
  for (auto& a : list) {
    const int64_t id = a.id;
    out.emplace(id, std::move(a));
  }
  return out;
}

const AgencyRecord* Find(const AgencyMap& agencies, std::optional<int64_t> id) {
  if (!id) return nullptr;
  auto it = agencies.find(*id);
  return it == agencies.end() ? nullptr : &it->second;
}

const AgencyRecord* FindByCode(const AgencyMap& agencies, std::string_view code) {
  if (code.empty()) return nullptr;
  for (const auto& [id, a] : agencies)
    if (a.code == code) return &a;
  return nullptr;
}

// The province's name as written in a place line: "Ủy ban nhân dân tỉnh Bến Tre" -> "Bến Tre".
std::string ProvinceName(std::string_view name) {
  if (auto paren = name.find(" ("); paren != std::string_view::npos) name = name.substr(0, paren);
  for (std::string_view marker : {"thành phố ", "Thành phố ", "tỉnh ", "Tỉnh "}) {
    auto at = name.rfind(marker);
    if (at != std::string_view::npos) return std::string(name.substr(at + marker.size()));
  }
  return std::string(name);
}

// The place of the date line: the province the agency belongs to, else the last part of its
// address ("…, tỉnh Bến Tre" -> "Bến Tre").
std::string PlaceOf(const AgencyRecord& agency, const AgencyMap& agencies) {
  for (const AgencyRecord* a = &agency; a != nullptr; a = Find(agencies, a->parent_id)) {
    if (a->type == "province") return ProvinceName(a->name);
    if (a->parent_id && *a->parent_id == a->id) break;
  }
  std::string_view address = agency.address;
  if (auto comma = address.rfind(','); comma != std::string_view::npos)
    address = address.substr(comma + 1);
  while (!address.empty() && address.front() == ' ') address.remove_prefix(1);
  return ProvinceName(address);
}

forms::FormHeader HeaderOf(const AgencyRecord& agency, const AgencyMap& agencies) {
  forms::FormHeader h;
  if (const AgencyRecord* parent = Find(agencies, agency.parent_id))
    h.parent_agency = UpperVietnamese(parent->name);
  h.agency_name = agency.name;
  h.place = PlaceOf(agency, agencies);
  return h;
}

bool Covers(const Principal& caller, const AgencyMap& agencies, std::optional<int64_t> id) {
  const AgencyRecord* a = Find(agencies, id);
  return a != nullptr && caller.CoversAgencyPath(a->path);
}

// The applicant who submitted it, or staff covering the receiving agency or an agency that held
// one of its steps.
Status CheckDossierAccess(const Principal& caller, const DossierRecord& d,
                          const std::vector<DossierStepRecord>& steps, const AgencyMap& agencies) {
  if (caller.role == domain::Role::kCitizen) {
    if (d.applicant_user_id && *d.applicant_user_id == caller.user_id) return Status::Ok();
    return Status::PermissionDenied("not_applicant");
  }
  if (!caller.IsStaff()) return Status::PermissionDenied();
  if (Covers(caller, agencies, d.agency_id) || Covers(caller, agencies, d.current_agency_id))
    return Status::Ok();
  for (const auto& s : steps)
    if (Covers(caller, agencies, s.agency_id)) return Status::Ok();
  return Status::PermissionDenied("agency_scope");
}

std::string_view Suffix(FormKind kind) {
  switch (kind) {
    case FormKind::kReceipt:
      return "TNHS";
    case FormKind::kSupplementRequest:
      return "YCBS";
    case FormKind::kRefusal:
      return "TCHS";
    case FormKind::kApology:
      return "XLHS";
    case FormKind::kStopNotice:
      return "DGQ";
    case FormKind::kControlSheet:
      return "PKS";
    case FormKind::kRegister:
      return "STD";
  }
  return "";
}

Status NotApplicable(forms::Regime regime, FormKind kind, std::string_view why) {
  const std::string number(forms::FormNumber(regime, kind).value_or("??"));
  return Status(Code::kNotFound, "form_not_applicable", "form",
                fmt::format("Không có Mẫu số {} ({}) cho hồ sơ này: {}.", number,
                            forms::FormTitle(regime, kind), why),
                fmt::format("Form {} does not apply to this dossier yet.", number));
}

// The latest history row matching `pred`.
template <typename Pred>
const DossierHistoryRecord* Latest(const std::vector<DossierHistoryRecord>& history, Pred pred) {
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (pred(*it)) return &*it;
  return nullptr;
}

bool IsSupplementRequest(const DossierHistoryRecord& h) {
  return h.action == "request_supplement" ||
         (h.action == "register" && h.to_status == "incomplete");
}
bool IsRefusal(const DossierHistoryRecord& h) { return h.to_status == "refused"; }
bool IsExtension(const DossierHistoryRecord& h) { return h.action == "extend"; }
bool IsStop(const DossierHistoryRecord& h) { return h.action == "stop"; }

// Whether the dossier has form `kind` yet (the rules in the header); NotFound
// "form_not_applicable" saying why not.
Status Applicability(forms::Regime regime, FormKind kind, const DossierRecord& d,
                     const std::vector<DossierHistoryRecord>& history,
                     const std::vector<DossierStepRecord>& steps) {
  switch (kind) {
    case FormKind::kReceipt:
      if (!d.received_at) return NotApplicable(regime, kind, "hồ sơ chưa được tiếp nhận");
      break;
    case FormKind::kSupplementRequest:
      if (!Latest(history, IsSupplementRequest))
        return NotApplicable(regime, kind, "chưa có yêu cầu bổ sung, hoàn thiện hồ sơ");
      break;
    case FormKind::kRefusal:
      if (!Latest(history, IsRefusal))
        return NotApplicable(regime, kind, "hồ sơ không bị từ chối tiếp nhận");
      break;
    case FormKind::kApology:
      if (!Latest(history, IsExtension))
        return NotApplicable(regime, kind, "hồ sơ không được gia hạn thời gian giải quyết");
      break;
    case FormKind::kStopNotice:
      if (!Latest(history, IsStop))
        return NotApplicable(regime, kind, "hồ sơ không bị dừng giải quyết");
      break;
    case FormKind::kControlSheet:
      if (steps.empty()) return NotApplicable(regime, kind, "hồ sơ chưa được tiếp nhận");
      break;
    case FormKind::kRegister:
      return NotApplicable(regime, kind,
                           "sổ theo dõi hồ sơ được in theo cơ quan và khoảng thời gian "
                           "(/api/v1/registers/{mã cơ quan})");
  }
  return Status::Ok();
}

std::string ReturnPlace(const DossierRecord& d, const json::object& result,
                        const AgencyRecord& receiving, const forms::Applicant& applicant) {
  std::string method = d.return_method.value_or("");
  if (method.empty()) method = Str(result.if_contains("return_method_requested"));
  if (method.empty()) method = d.channel == "online" ? "online" : "counter";
  if (method == "postal") {
    return applicant.address.empty()
               ? std::string("Qua dịch vụ bưu chính công ích")
               : "Qua dịch vụ bưu chính công ích, đến địa chỉ: " + applicant.address;
  }
  if (method == "online")
    return "Trực tuyến, trên Cổng Dịch vụ công (tài khoản của người nộp hồ sơ)";
  return "Bộ phận Một cửa, " + receiving.name;
}

domain::Channel ChannelOf(std::string_view channel) {
  if (channel == "online") return domain::Channel::kOnline;
  if (channel == "postal") return domain::Channel::kPostal;
  return domain::Channel::kInPerson;
}

// The procedure version the dossier was received under, if the catalogue still has it.
Result<std::optional<domain::Procedure>> LoadProcedure(Connection& c, const DossierRecord& d) {
  MOTCUA_ASSIGN_OR_RETURN(auto versions, storage::ListProcedureVersions(c, d.procedure_code));
  for (const auto& v : versions) {
    if (v.version != d.procedure_version) continue;
    json::value doc = ParseOrNull(v.document);
    if (doc.is_null()) return std::optional<domain::Procedure>();
    auto p = domain::ProcedureFromJson(doc);
    if (!p.ok()) return std::optional<domain::Procedure>();
    return std::optional<domain::Procedure>(std::move(p).value());
  }
  return std::optional<domain::Procedure>();
}

// Users' names by id, read once each.
class UserNames {
 public:
  explicit UserNames(Connection& c) : c_(c) {}
  Result<std::string> Get(std::optional<int64_t> id) {
    if (!id) return std::string();
    auto it = names_.find(*id);
    if (it != names_.end()) return it->second;
    MOTCUA_ASSIGN_OR_RETURN(auto user, storage::FindUserById(c_, *id));
    std::string name = user ? user->full_name : std::string();
    names_.emplace(*id, name);
    return name;
  }

 private:
  Connection& c_;
  std::map<int64_t, std::string> names_;
};

// The control sheet's rows: the applicant hands the dossier to the first step, each step to the
// next, and the last one the result back to the applicant.
Result<std::vector<forms::HandOver>> HandOvers(Connection& c, const DossierRecord& d,
                                               const std::vector<DossierStepRecord>& steps,
                                               const std::string& applicant_name) {
  UserNames users(c);
  std::vector<forms::HandOver> out;
  for (size_t i = 0; i < steps.size(); ++i) {
    const DossierStepRecord& s = steps[i];
    forms::HandOver h;
    if (i == 0) {
      h.from_agency = "Người nộp hồ sơ";
      h.from_person = applicant_name;
    } else {
      const DossierStepRecord& prev = steps[i - 1];
      h.from_agency = prev.agency_name;
      MOTCUA_ASSIGN_OR_RETURN(h.from_person,
                              users.Get(prev.ended_by ? prev.ended_by : s.handed_over_by));
    }
    h.to_agency = s.agency_name;
    MOTCUA_ASSIGN_OR_RETURN(h.to_person,
                            users.Get(s.assignee_user_id ? s.assignee_user_id : s.ended_by));
    h.handed_at = s.started_at;
    h.due_at = s.due_at;
    if (s.timeliness) h.timeliness = domain::ParseTimeliness(*s.timeliness);
    h.note = s.name;
    out.push_back(std::move(h));
  }
  if (d.returned_at && !steps.empty()) {
    forms::HandOver h;
    h.from_agency = steps.back().agency_name;
    MOTCUA_ASSIGN_OR_RETURN(h.from_person, users.Get(steps.back().ended_by));
    h.to_agency = "Người nộp hồ sơ";
    h.to_person = applicant_name;
    h.handed_at = *d.returned_at;
    h.due_at = d.due_at;
    if (d.timeliness) h.timeliness = domain::ParseTimeliness(*d.timeliness);
    h.note = "Trả kết quả";
    out.push_back(std::move(h));
  }
  return out;
}

std::string CompetentCode(const json::object& result) {
  if (auto* routing = result.if_contains("routing"); routing && routing->is_object())
    return Str(routing->as_object().if_contains("competent_agency_code"));
  return {};
}

Result<RenderedForm> Render(const forms::FormRequest& request, FormFormat format) {
  RenderedForm out;
  switch (format) {
    case FormFormat::kPdf: {
      out.content_type = kPdfType;
      out.file_name = forms::FormFileName(request, "pdf");
      MOTCUA_ASSIGN_OR_RETURN(out.bytes, forms::RenderFormPdf(request));
      break;
    }
    case FormFormat::kHtml: {
      out.content_type = kHtmlType;
      out.file_name = forms::FormFileName(request, "html");
      MOTCUA_ASSIGN_OR_RETURN(out.bytes, forms::RenderFormHtml(request));
      break;
    }
    case FormFormat::kXlsx: {
      if (request.kind != FormKind::kRegister) return Status::Validation("invalid_field", "format");
      out.content_type = kXlsxType;
      out.file_name = forms::FormFileName(request, "xlsx");
      MOTCUA_ASSIGN_OR_RETURN(out.bytes, forms::RenderRegisterXlsx(request));
      break;
    }
  }
  return out;
}

}  // namespace

std::string UpperVietnamese(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = forms::NextCodePoint(text, &pos);
    if (cp == 0xFFFD) {
      out.append(text.substr(start, pos - start));  // keep undecodable bytes as they were
    } else {
      AppendUtf8(out, UpperOf(cp));
    }
  }
  return out;
}

FormsService::FormsService(storage::Database& db, const Clock& clock, FormsServiceOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {
  SetPublicUrl(options_.public_url);
}

void FormsService::SetPublicUrl(std::string public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  std::lock_guard<std::mutex> lock(url_mu_);
  options_.public_url = std::move(public_url);
}

std::string FormsService::LookupUrl(std::string_view code) const {
  std::lock_guard<std::mutex> lock(url_mu_);
  return fmt::format("{}/tra-cuu/{}", options_.public_url, code);
}

Result<forms::FormRequest> FormsService::DossierForm(const Principal& caller,
                                                     const std::string& code,
                                                     std::string_view number) {
  forms::FormRequest r;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto found, storage::FindDossierByCode(c, code));
    if (!found) return Status::NotFound("dossier_not_found", "code");
    const DossierRecord& d = *found;
    MOTCUA_ASSIGN_OR_RETURN(auto agencies, LoadAgencies(c));
    MOTCUA_ASSIGN_OR_RETURN(auto steps, storage::ListDossierSteps(c, d.id));
    MOTCUA_RETURN_IF_ERROR(CheckDossierAccess(caller, d, steps, agencies));
    const AgencyRecord* receiving = Find(agencies, d.agency_id);
    if (receiving == nullptr) return Status::Internal("dossier refers to a missing agency");

    const int64_t received = d.received_at.value_or(d.submitted_at);
    const forms::Regime regime = forms::RegimeFor(received);
    MOTCUA_ASSIGN_OR_RETURN(const FormKind kind, forms::FormKindOf(regime, number));
    r.kind = kind;
    r.regime = regime;
    MOTCUA_ASSIGN_OR_RETURN(auto history, storage::ListDossierHistory(c, d.id));
    MOTCUA_RETURN_IF_ERROR(Applicability(regime, kind, d, history, steps));
    MOTCUA_ASSIGN_OR_RETURN(auto procedure, LoadProcedure(c, d));
    const json::object result = ParseObjectOrEmpty(d.result);

    int64_t sequence = 0;
    if (auto parsed = domain::ParseDossierCode(d.code); parsed.ok()) sequence = parsed->sequence;

    r.header = HeaderOf(*receiving, agencies);
    r.header.document_number =
        sequence > 0 ? fmt::format("{:04d}/{}", sequence, Suffix(kind)) : std::string();
    r.header.issued_at = received;
    r.dossier_code = d.code;
    r.applicant = FormApplicant(d.applicant);
    if (procedure) {
      r.procedure_name = procedure->name;
      r.time_limit_text = procedure->LimitFor(ChannelOf(d.channel)).LabelVi();
    } else {
      MOTCUA_ASSIGN_OR_RETURN(auto lookup, storage::LookupDossier(c, d.code));
      r.procedure_name =
          lookup && !lookup->procedure_name.empty() ? lookup->procedure_name : d.procedure_code;
    }
    const json::value components = ParseOrNull(d.components);
    if (components.is_array()) {
      for (const auto& item : components.as_array()) {
        if (!item.is_object()) continue;
        const auto& o = item.as_object();
        forms::Component comp;
        comp.name = Str(o.if_contains("name"));
        if (auto* v = o.if_contains("originals"); v && v->is_int64())
          comp.originals = static_cast<int>(v->as_int64());
        if (auto* v = o.if_contains("copies"); v && v->is_int64())
          comp.copies = static_cast<int>(v->as_int64());
        r.components.push_back(std::move(comp));
      }
    }
    r.number_of_sets = 1;
    r.received_at = received;
    r.due_at = d.due_at;
    r.result_return_place = ReturnPlace(d, result, *receiving, r.applicant);
    r.register_book = std::to_string(domain::LocalDateOf(received).year);
    r.register_sequence = sequence;
    r.lookup_url = LookupUrl(d.code);

    // Who received it: the officer who registered or received it.
    if (const auto* h = Latest(history, [](const DossierHistoryRecord& h) {
          return (h.action == "register" || h.action == "receive") &&
                 h.actor_role == domain::RoleName(domain::Role::kReceptionOfficer);
        })) {
      r.officer.name = h->actor_name;
    }
    auto from_row = [&](const DossierHistoryRecord& h) {
      r.header.issued_at = h.at;
      r.officer.name = h.actor_name;
      if (h.actor_role == domain::RoleName(domain::Role::kLeader)) r.signer.name = h.actor_name;
      if (!h.comment.empty()) r.reasons = {h.comment};
    };

    // Applicability() has checked that the rows each form needs exist.
    switch (kind) {
      case FormKind::kReceipt:
        break;
      case FormKind::kSupplementRequest: {
        const auto* h = Latest(history, IsSupplementRequest);
        from_row(*h);
        const json::object detail = ParseObjectOrEmpty(h->detail);
        r.missing_items = StringArray(detail.if_contains("missing_items"));
        if (!d.received_at) r.due_at.reset();
        break;
      }
      case FormKind::kRefusal: {
        from_row(*Latest(history, IsRefusal));
        break;
      }
      case FormKind::kApology: {
        const auto* h = Latest(history, IsExtension);
        from_row(*h);
        const json::object detail = ParseObjectOrEmpty(h->detail);
        if (auto prev = ParseInstant(Str(detail.if_contains("previous_due_at")))) r.due_at = prev;
        r.new_due_at = ParseInstant(Str(detail.if_contains("new_due_at")));
        if (!r.new_due_at) r.new_due_at = d.due_at;
        // Only the head of the agency signs: a blank to sign by hand rather than another name.
        if (r.signer.name.empty()) r.officer = {};
        break;
      }
      case FormKind::kStopNotice: {
        const auto* h = Latest(history, IsStop);
        from_row(*h);
        r.stop_reason = h->comment;
        r.reasons.clear();
        if (r.signer.name.empty()) r.officer = {};
        break;
      }
      case FormKind::kControlSheet: {
        const AgencyRecord* handling = FindByCode(agencies, CompetentCode(result));
        if (handling == nullptr) {
          for (const auto& s : steps)
            if (s.agency_id != d.agency_id) {
              handling = Find(agencies, s.agency_id);
              break;
            }
        }
        if (handling == nullptr) handling = receiving;
        r.handling_agency = handling->name;
        std::set<int64_t> seen{receiving->id, handling->id};
        for (const auto& s : steps) {
          if (!seen.insert(s.agency_id).second) continue;
          if (!r.coordinating_agencies.empty()) r.coordinating_agencies += ", ";
          r.coordinating_agencies += s.agency_name;
        }
        MOTCUA_ASSIGN_OR_RETURN(r.hand_overs, HandOvers(c, d, steps, r.applicant.name));
        break;
      }
      case FormKind::kRegister:
        break;
    }
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(AuditRead(db_, clock_, &caller, "dossier.form", "dossier", code,
                                   "print_form", {{"form", std::string(number)}}));
  return r;
}

Result<std::vector<AvailableForm>> FormsService::AvailableForms(const Principal& caller,
                                                                const std::string& code) {
  std::vector<AvailableForm> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto found, storage::FindDossierByCode(c, code));
    if (!found) return Status::NotFound("dossier_not_found", "code");
    const DossierRecord& d = *found;
    MOTCUA_ASSIGN_OR_RETURN(auto agencies, LoadAgencies(c));
    MOTCUA_ASSIGN_OR_RETURN(auto steps, storage::ListDossierSteps(c, d.id));
    MOTCUA_RETURN_IF_ERROR(CheckDossierAccess(caller, d, steps, agencies));
    MOTCUA_ASSIGN_OR_RETURN(auto history, storage::ListDossierHistory(c, d.id));
    const forms::Regime regime = forms::RegimeFor(d.received_at.value_or(d.submitted_at));
    for (FormKind kind : forms::FormsOf(regime)) {
      if (!Applicability(regime, kind, d, history, steps).ok()) continue;
      out.push_back(AvailableForm{std::string(*forms::FormNumber(regime, kind)), kind,
                                  std::string(forms::FormTitle(regime, kind))});
    }
    return Status::Ok();
  }));
  return out;
}

Result<RenderedForm> FormsService::RenderDossierForm(const Principal& caller,
                                                     const std::string& code,
                                                     std::string_view number, FormFormat format) {
  if (format == FormFormat::kXlsx) return Status::Validation("invalid_field", "format");
  MOTCUA_ASSIGN_OR_RETURN(auto request, DossierForm(caller, code, number));
  return Render(request, format);
}

Result<forms::FormRequest> FormsService::Register(const Principal& caller,
                                                  const std::string& agency_code,
                                                  domain::LocalDate from, domain::LocalDate to) {
  if (!caller.IsStaff()) return Status::PermissionDenied();
  const int days = to.DayNumber() - from.DayNumber() + 1;
  if (days < 1) return Status::Validation("invalid_date_range", "to");
  if (days > options_.max_register_days)
    return Status::Validation(
        "register_range_too_long", "to",
        fmt::format("Sổ theo dõi hồ sơ chỉ in được tối đa {} ngày mỗi lần.",
                    options_.max_register_days),
        fmt::format("A register covers at most {} days.", options_.max_register_days));
  forms::FormRequest r;
  r.kind = FormKind::kRegister;
  r.register_from = from;
  r.register_to = to;
  r.register_book = std::to_string(from.year);
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto agencies, LoadAgencies(c));
    const AgencyRecord* agency = FindByCode(agencies, agency_code);
    if (agency == nullptr) return Status::NotFound("unknown_agency", "agency");
    if (!caller.CoversAgencyPath(agency->path)) return Status::PermissionDenied("agency_scope");
    r.header = HeaderOf(*agency, agencies);
    r.header.issued_at = clock_.NowSeconds();

    const int64_t start = domain::StartOfLocalDay(from);
    const int64_t end = domain::StartOfLocalDay(to.AddDays(1));
    std::optional<storage::RegisterCursor> after;
    const int page_size = std::max(1, options_.register_page_size);
    while (true) {
      MOTCUA_ASSIGN_OR_RETURN(
          auto page, storage::ListRegisterPage(c, agency->id, start, end, after, page_size));
      for (const auto& e : page) {
        if (static_cast<int>(r.register_rows.size()) >= options_.max_register_rows)
          return Status::Validation(
              "register_too_large", "to",
              fmt::format("Khoảng thời gian có hơn {} hồ sơ; vui lòng chọn khoảng ngắn hơn.",
                          options_.max_register_rows),
              fmt::format("More than {} dossiers; choose a shorter period.",
                          options_.max_register_rows));
        forms::RegisterRow row;
        row.dossier_code = e.code;
        row.procedure_name = e.procedure_name.empty() ? e.procedure_code : e.procedure_name;
        const forms::Applicant applicant = FormApplicant(e.applicant);
        row.applicant_name = applicant.name;
        row.applicant_contact = applicant.address;
        if (!applicant.phone.empty())
          row.applicant_contact += (row.applicant_contact.empty() ? "" : ", ") + applicant.phone;
        const AgencyRecord* handling =
            FindByCode(agencies, CompetentCode(ParseObjectOrEmpty(e.result)));
        row.handling_agency = handling ? handling->name : agency->name;
        row.received_at = e.received_at;
        row.due_at = e.due_at;
        row.transferred_at = e.transferred_at;
        row.returned_at = e.returned_at;
        if (e.timeliness) row.timeliness = domain::ParseTimeliness(*e.timeliness);
        if (auto state = domain::ParseDossierState(e.status))
          row.note = std::string(domain::DossierStateLabelVi(*state));
        r.register_rows.push_back(std::move(row));
      }
      if (static_cast<int>(page.size()) < page_size) break;
      after = storage::RegisterCursor{page.back().received_at, page.back().id};
    }
    return Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(AuditRead(db_, clock_, &caller, "register.export", "agency", agency_code,
                                   "register_export",
                                   {{"from", from.ToString()}, {"to", to.ToString()}}));
  return r;
}

Result<RenderedForm> FormsService::RenderRegister(const Principal& caller,
                                                  const std::string& agency_code,
                                                  domain::LocalDate from, domain::LocalDate to,
                                                  FormFormat format) {
  MOTCUA_ASSIGN_OR_RETURN(auto request, Register(caller, agency_code, from, to));
  return Render(request, format);
}

}  // namespace motcua::service
