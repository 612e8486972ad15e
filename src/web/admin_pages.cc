// Administration pages: agencies, users and roles, procedures and workflows, calendar overrides.
// Plain server-rendered POST forms carrying the session's CSRF token; every change goes through
// the same service call the JSON API uses (role and agency-subtree checks, one transaction,
// audit), so a rejected form writes nothing. Errors are shown at the top and beside the field.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/agency.h"
#include "domain/local_date.h"
#include "domain/procedure.h"
#include "domain/procedure_search.h"
#include "service/agency_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Role;
using Form = std::multimap<std::string, std::string>;

// Null when the user may open the page; otherwise the response to send (log-in or 403).
std::optional<http::Response> Guard(const Site& site, const Page& page,
                                    std::initializer_list<Role> roles) {
  if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(page.req.path));
  for (Role r : roles) {
    if (page.session->principal.role == r) return std::nullopt;
  }
  return ErrorPage(site, page, 403, Message(page.locale, "forbidden"));
}

// The key of a service error's field in the template's `errors` object: "workflow[1].quota_hours"
// -> "workflow_1__quota_hours".
std::string ErrorKey(std::string field) {
  for (char& c : field) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return field;
}

// Puts a failed service call into the context: the message at the top (role=alert) and, under
// errors.<field>, beside the field it names.
void SetError(json::object& ctx, const Page& page, const Status& st) {
  std::string msg = st.Message(page.locale);
  ctx["error"] = msg;
  json::object errors;
  if (!st.field().empty()) errors[ErrorKey(st.field())] = msg;
  ctx["errors"] = std::move(errors);
}

int HttpStatusOf(const Status& st) { return ::motcua::HttpStatusOf(st.code()); }

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string Trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::string TypeLabel(const Page& page, const std::string& type) {
  auto t = domain::ParseAgencyType(type);
  if (!t || page.en()) return type;
  return std::string(domain::AgencyTypeLabelVi(*t));
}

json::array AgencyTypes(const Page& page, const std::string& selected) {
  json::array out;
  for (auto t : {domain::AgencyType::kProvince, domain::AgencyType::kDepartment,
                 domain::AgencyType::kServiceCentre, domain::AgencyType::kCommune,
                 domain::AgencyType::kVerticalAgency, domain::AgencyType::kMinistry,
                 domain::AgencyType::kLegacyDistrict}) {
    std::string name(domain::AgencyTypeName(t));
    out.push_back(json::object{
        {"value", name}, {"label", TypeLabel(page, name)}, {"selected", name == selected}});
  }
  return out;
}

// Agencies of the admin's subtree (abolished ones left out) as <option>s.
json::array AgencyOptions(const Site& site, const Page& page, const std::string& selected,
                          bool include_abolished = false) {
  json::array out;
  auto list = site.services->agencies->List();
  if (!list.ok()) return out;
  for (const auto& a : *list) {
    if (!page.session->principal.CoversAgencyPath(a.path)) continue;
    if (a.abolished_at && !include_abolished && a.code != selected) continue;
    int depth = static_cast<int>(std::count(a.path.begin(), a.path.end(), '/')) - 2;
    std::string indent;
    for (int i = 0; i < depth; ++i) indent += "— ";
    out.push_back(json::object{{"value", a.code},
                               {"label", indent + a.name + " (" + a.code + ")"},
                               {"selected", a.code == selected}});
  }
  return out;
}

json::array RoleOptions(const Page& page, const std::string& selected) {
  json::array out;
  for (Role r :
       {Role::kReceptionOfficer, Role::kSpecialist, Role::kLeader, Role::kMonitor, Role::kAdmin}) {
    std::string name(domain::RoleName(r));
    out.push_back(json::object{
        {"value", name}, {"label", RoleLabel(page.locale, r)}, {"selected", name == selected}});
  }
  return out;
}

http::Response CsrfFailed(const Site& site, const Page& page) {
  return ErrorPage(site, page, 403, Message(page.locale, "csrf_failed"));
}

// What an admin form's handler does once the request is known to be allowed: the page (with
// the request and session) and the parsed form body.
using AdminFormHandler = std::function<http::Response(const Page&, const Form&)>;

// Registers POST `pattern` with the checks every administration form shares, in this order:
// log-in (else redirect), admin role (else 403), the session's CSRF token in the form (else
// 403). `fn` only runs when all three pass, so nothing is read from the form before the token
// is checked.
void AdminForm(http::Router& router, const Site* s, std::string pattern, AdminFormHandler fn) {
  router.Post(std::move(pattern), [s, fn = std::move(fn)](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    Form f = FormBody(req);
    if (!SessionCsrfOk(page, f)) return CsrfFailed(*s, page);
    return fn(page, f);
  });
}

// ---- Agencies -------------------------------------------------------------------------------

json::object AgencyFormValues(const Form& f) {
  return json::object{{"code", FormValue(f, "code")},
                      {"name", FormValue(f, "name")},
                      {"short_name", FormValue(f, "short_name")},
                      {"address", FormValue(f, "address")},
                      {"centre", !FormValue(f, "is_one_stop_centre").empty()},
                      {"abolished", !FormValue(f, "abolished").empty()}};
}

http::Response AgencyList(const Site& site, const Page& page, json::object values,
                          const std::string& parent, const std::string& type,
                          const Status& error = Status::Ok(), const std::string& notice = "") {
  json::object ctx = BaseContext(site, page, Message(page.locale, "admin_title"));
  json::array agencies;
  auto list = site.services->agencies->List();
  if (list.ok()) {
    for (const auto& a : *list) {
      agencies.push_back(json::object{
          {"code", a.code},
          {"name", a.name},
          {"type", TypeLabel(page, a.type)},
          {"centre", a.is_one_stop_centre},
          {"abolished", a.abolished_at.has_value()},
          {"editable", page.session->principal.CoversAgencyPath(a.path)},
          {"href", "/quan-tri/co-quan/" + UrlEncode(a.code)},
          {"depth", static_cast<int64_t>(std::count(a.path.begin(), a.path.end(), '/')) - 2}});
    }
  }
  ctx["agencies"] = std::move(agencies);
  ctx["form"] = std::move(values);
  ctx["types"] = AgencyTypes(page, type.empty() ? "department" : type);
  ctx["parents"] = AgencyOptions(site, page, parent);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) SetError(ctx, page, error);
  return Render(site, page, "admin", std::move(ctx), error.ok() ? 200 : HttpStatusOf(error));
}

// ---- Counters of a one-stop centre ----------------------------------------------------------

// A counter form sent back with an error: which form ("new" or the counter's number), what the
// admin typed, and the service's refusal (shown at the top and beside the field it names).
struct CounterForm {
  std::string target;
  json::object values;
  Status error;
};

std::vector<std::string> SplitCodes(const std::string& codes) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < codes.size()) {
    size_t end = codes.find(',', start);
    if (end == std::string::npos) end = codes.size();
    if (end > start) out.push_back(codes.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Every <select multiple name="fields"> value of the form, joined as the service stores them.
std::string FormFields(const Form& f) {
  std::string out;
  auto [begin, end] = f.equal_range("fields");
  for (auto it = begin; it != end; ++it) {
    if (it->second.empty()) continue;
    out += (out.empty() ? "" : ",") + it->second;
  }
  return out;
}

// The catalogue's fields as <option>s, those in `selected` marked; codes the catalogue no longer
// knows stay listed (by code) so saving the form does not silently drop them.
json::array FieldOptions(const Site& site, const std::string& selected) {
  std::vector<std::string> chosen = SplitCodes(selected);
  json::array out;
  for (const auto& f : site.services->catalogue->Fields()) {
    bool on = std::find(chosen.begin(), chosen.end(), f.code) != chosen.end();
    if (on) chosen.erase(std::find(chosen.begin(), chosen.end(), f.code));
    out.push_back(
        json::object{{"value", f.code}, {"label", f.name + " (" + f.code + ")"}, {"selected", on}});
  }
  for (const auto& code : chosen) {
    out.push_back(json::object{{"value", code}, {"label", code}, {"selected", true}});
  }
  return out;
}

json::object CounterFormValues(const Form& f) {
  return json::object{{"number", FormValue(f, "number")},
                      {"name", FormValue(f, "name")},
                      {"fields", FormFields(f)}};
}

// The counters section of a centre's page: one form per counter (name, fields; take out of use
// or back) and the form to add one. `sent` is the form that failed, if any.
json::object CountersContext(const Site& site, const Page& page, const storage::AgencyRecord& a,
                             const CounterForm* sent) {
  const std::string base = "/quan-tri/co-quan/" + UrlEncode(a.code) + "/quay";
  auto errors_of = [&](const std::string& target) {
    json::object errors;
    if (sent && sent->target == target && !sent->error.ok() && !sent->error.field().empty())
      errors[ErrorKey(sent->error.field())] = sent->error.Message(page.locale);
    return errors;
  };
  json::array items;
  auto list = site.services->agencies->ListCounters(page.session->principal, a.code);
  if (list.ok()) {
    for (const auto& k : *list) {
      std::string target = std::to_string(k.number);
      bool resent = sent && sent->target == target;
      std::string name = resent ? std::string(sent->values.at("name").as_string()) : k.name;
      std::string fields = resent ? std::string(sent->values.at("fields").as_string()) : k.fields;
      items.push_back(json::object{{"number", k.number},
                                   {"name", name},
                                   {"fields", FieldOptions(site, fields)},
                                   {"fields_text", k.fields},
                                   {"active", k.active},
                                   {"action", base + "/" + target},
                                   {"state_action", base + "/" + target + "/trang-thai"},
                                   {"kerrors", errors_of(target)}});
    }
  }
  bool resent = sent && sent->target == "new";
  json::object add{
      {"action", base},
      {"number", resent ? sent->values.at("number") : json::value("")},
      {"name", resent ? sent->values.at("name") : json::value("")},
      {"fields", FieldOptions(site, resent ? std::string(sent->values.at("fields").as_string())
                                           : std::string())},
      {"kerrors", errors_of("new")}};
  const bool has_items = !items.empty();
  return json::object{
      {"items", std::move(items)}, {"has_items", has_items}, {"add", std::move(add)}};
}

http::Response AgencyEdit(const Site& site, const Page& page, const storage::AgencyRecord& a,
                          std::optional<json::object> values, const std::string& parent,
                          const std::string& type, const Status& error = Status::Ok(),
                          const std::string& notice = "", const CounterForm* counter = nullptr) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "ad_edit_agency"));
  if (!values) {
    values = json::object{{"code", a.code},
                          {"name", a.name},
                          {"short_name", a.short_name},
                          {"address", a.address},
                          {"centre", a.is_one_stop_centre},
                          {"abolished", a.abolished_at.has_value()}};
  }
  (*values)["code"] = a.code;
  ctx["form"] = std::move(*values);
  ctx["action"] = "/quan-tri/co-quan/" + UrlEncode(a.code);
  ctx["types"] = AgencyTypes(page, type);
  // The agency's current parent, looked up by id.
  json::array parents;
  for (auto& o : AgencyOptions(site, page, parent)) {
    if (o.as_object().at("value").as_string() != a.code) parents.push_back(o);
  }
  ctx["parents"] = std::move(parents);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) SetError(ctx, page, error);
  ctx["counters"] = false;
  if (a.is_one_stop_centre) ctx["counters"] = CountersContext(site, page, a, counter);
  int status = error.ok() ? 200 : HttpStatusOf(error);
  if (counter && !counter->error.ok()) {
    // Only the message at the top: the field errors belong to the counter's own form.
    ctx["error"] = counter->error.Message(page.locale);
    status = HttpStatusOf(counter->error);
  }
  return Render(site, page, "admin_agency", std::move(ctx), status);
}

std::string ParentCode(const Site& site, const storage::AgencyRecord& a) {
  if (!a.parent_id) return "";
  auto list = site.services->agencies->List();
  if (!list.ok()) return "";
  for (const auto& p : *list) {
    if (p.id == *a.parent_id) return p.code;
  }
  return "";
}

// ---- Users ----------------------------------------------------------------------------------

http::Response UserList(const Site& site, const Page& page, json::object values,
                        const Status& error = Status::Ok(), const std::string& notice = "") {
  json::object ctx = BaseContext(site, page, Message(page.locale, "ad_users"));
  const service::Principal& me = page.session->principal;
  json::array users;
  auto list = site.services->agencies->ListUsers(me, me.agency_code);
  if (list.ok()) {
    for (const auto& u : *list) {
      auto role = domain::ParseRole(u.role);
      users.push_back(json::object{{"username", u.username},
                                   {"full_name", u.full_name},
                                   {"role", role ? RoleLabel(page.locale, *role) : u.role},
                                   {"agency", u.agency_code},
                                   {"active", u.active},
                                   {"href", "/quan-tri/nguoi-dung/" + UrlEncode(u.username)}});
    }
  }
  ctx["users"] = std::move(users);
  std::string role = values.contains("role") ? std::string(values["role"].as_string()) : "";
  std::string agency =
      values.contains("agency_code") ? std::string(values["agency_code"].as_string()) : "";
  ctx["roles"] = RoleOptions(page, role.empty() ? "reception_officer" : role);
  ctx["agencies"] = AgencyOptions(site, page, agency);
  ctx["form"] = std::move(values);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) SetError(ctx, page, error);
  return Render(site, page, "admin_users", std::move(ctx), error.ok() ? 200 : HttpStatusOf(error));
}

// The account `username` as the admin may see it (listed in the admin's subtree).
std::optional<storage::UserRecord> FindManagedUser(const Site& site, const Page& page,
                                                   const std::string& username) {
  const service::Principal& me = page.session->principal;
  auto list = site.services->agencies->ListUsers(me, me.agency_code);
  if (!list.ok()) return std::nullopt;
  for (const auto& u : *list) {
    if (u.username == username) return u;
  }
  return std::nullopt;
}

http::Response UserEdit(const Site& site, const Page& page, const storage::UserRecord& u,
                        std::optional<json::object> values, const Status& error = Status::Ok(),
                        const std::string& notice = "") {
  json::object ctx = BaseContext(site, page, Message(page.locale, "ad_edit_user"));
  if (!values) {
    values = json::object{{"full_name", u.full_name},
                          {"role", u.role},
                          {"agency_code", u.agency_code},
                          {"active", u.active}};
  }
  (*values)["username"] = u.username;
  ctx["roles"] = RoleOptions(page, std::string(values->at("role").as_string()));
  ctx["agencies"] = AgencyOptions(site, page, std::string(values->at("agency_code").as_string()));
  ctx["form"] = std::move(*values);
  ctx["action"] = "/quan-tri/nguoi-dung/" + UrlEncode(u.username);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) SetError(ctx, page, error);
  return Render(site, page, "admin_user", std::move(ctx), error.ok() ? 200 : HttpStatusOf(error));
}

// ---- Procedures -----------------------------------------------------------------------------

// Empty rows the procedure form offers for adding workflow steps and component documents; a
// row left without a name adds nothing. Two of each cover the usual edit without JavaScript;
// more are added by saving and editing again.
constexpr size_t kNewStepRows = 2;
constexpr size_t kNewComponentRows = 2;

// Where a row of the saved version came from: a row of the current version (by its index
// there) or one of the form's empty rows. Validation names fields by their index in the saved
// version; this maps them back to the row the admin sees.
struct RowOrigin {
  bool added = false;
  size_t index = 0;
};
struct RowOrigins {
  std::vector<RowOrigin> steps;
  std::vector<RowOrigin> components;
};

// "workflow[4].quota_hours" of the saved version -> "new_steps[0].quota_hours" when step 4 is
// the first new row, or "workflow[5].quota_hours" when it is the current version's step 5
// (steps before it were removed). Fields of other parts pass through unchanged.
std::string FormFieldOf(const std::string& field, const RowOrigins& origins) {
  for (auto [list, rows, added_name] :
       {std::tuple{"workflow", &origins.steps, "new_steps"},
        std::tuple{"components", &origins.components, "new_components"}}) {
    std::string prefix = std::string(list) + "[";
    if (field.rfind(prefix, 0) != 0) continue;
    size_t close = field.find(']', prefix.size());
    if (close == std::string::npos) return field;
    auto k = ParseInt(field.substr(prefix.size(), close - prefix.size()));
    if (!k || *k < 0 || static_cast<size_t>(*k) >= rows->size()) return field;
    const RowOrigin& o = (*rows)[static_cast<size_t>(*k)];
    return fmt::format("{}[{}]{}", o.added ? added_name : list, o.index, field.substr(close + 1));
  }
  return field;
}

// The same refusal, naming the field as the form shows it (messages kept as they were).
Status InFormTerms(const Status& st, const RowOrigins& origins) {
  if (st.ok() || st.field().empty()) return st;
  std::string field = FormFieldOf(st.field(), origins);
  if (field == st.field()) return st;
  return Status(st.code(), st.reason(), field, st.Message("vi"), st.Message("en"));
}

bool Ticked(const Form& f, const std::string& name) { return !FormValue(f, name).empty(); }

// Who acts on a step, as the admin reads it: the four generic holders by name, an agency code
// with the agency's name when it is known.
std::string StepAgencyLabel(const Page& page, const std::map<std::string, std::string>& names,
                            const std::string& agency) {
  for (auto [value, key] : {std::pair{"reception", "ad_agency_reception"},
                            std::pair{"competent", "ad_agency_competent"},
                            std::pair{"department", "ad_agency_department"},
                            std::pair{"commune", "ad_agency_commune"}}) {
    if (agency == value) return Message(page.locale, key);
  }
  auto it = names.find(agency);
  return it == names.end() ? agency : it->second + " (" + agency + ")";
}

// The holders a new step may name: the generic ones first, then `agencies` (the admin's
// subtree as AgencyOptions lists it, for an inter-agency step). A code sent that is in neither
// stays listed, so a refused form shows what was sent.
json::array StepAgencyOptions(const Page& page, const json::array& agencies,
                              const std::string& selected) {
  json::array out;
  bool found = false;
  for (auto [value, key] : {std::pair{"reception", "ad_agency_reception"},
                            std::pair{"competent", "ad_agency_competent"},
                            std::pair{"department", "ad_agency_department"},
                            std::pair{"commune", "ad_agency_commune"}}) {
    found = found || selected == value;
    out.push_back(json::object{
        {"value", value}, {"label", Message(page.locale, key)}, {"selected", selected == value}});
  }
  for (const auto& o : agencies) {
    json::object option = o.as_object();
    bool on = option.at("value").as_string() == selected;
    found = found || on;
    option["selected"] = on;
    out.push_back(std::move(option));
  }
  if (!found)
    out.push_back(json::object{{"value", selected}, {"label", selected}, {"selected", true}});
  return out;
}

// The roles that act on steps.
json::array StepRoleOptions(const Page& page, const std::string& selected) {
  json::array out;
  for (Role r : {Role::kReceptionOfficer, Role::kSpecialist, Role::kLeader}) {
    std::string name(domain::RoleName(r));
    out.push_back(json::object{
        {"value", name}, {"label", RoleLabel(page.locale, r)}, {"selected", name == selected}});
  }
  return out;
}

std::string RoleText(const Page& page, const std::string& role) {
  auto r = domain::ParseRole(role);
  return r ? RoleLabel(page.locale, *r) : role;
}

// Where a new step goes, as a number of current steps it follows (0 = first). Unless the admin
// chooses, before the last step: that one returns the result, so new work belongs before it.
size_t DefaultStepPosition(size_t steps) { return steps >= 2 ? steps - 1 : steps; }

// The procedure form. `p` gives the publication fields shown (the admin's values after a
// refused save); `base` is the current version, whose steps, components and fees are the rows;
// `sent` is the refused form, whose row values (quotas, ticks, new rows) are shown again as
// typed. `error` names its field in form terms (see InFormTerms).
http::Response ProcedureEdit(const Site& site, const Page& page, const domain::Procedure& p,
                             const domain::Procedure& base, const Form* sent,
                             const Status& error = Status::Ok(), const std::string& notice = "") {
  json::object ctx = BaseContext(site, page, Message(page.locale, "ad_edit_procedure"));
  std::string err_key = error.ok() ? "" : ErrorKey(error.field());
  std::string err_msg = error.ok() ? "" : error.Message(page.locale);
  auto field_error = [&](const std::string& key) -> json::value {
    return !err_key.empty() && err_key == ErrorKey(key) ? json::value(err_msg) : json::value(false);
  };
  // Any error about the row (its name, agency, role, quota...), shown once beside it.
  auto row_error = [&](const std::string& row) -> json::value {
    std::string prefix = ErrorKey(row + ".");
    return !err_key.empty() && err_key.rfind(prefix, 0) == 0 ? json::value(err_msg)
                                                             : json::value(false);
  };
  auto sent_or = [&](const std::string& name, const std::string& current) {
    return sent ? FormValue(*sent, name) : current;
  };
  std::map<std::string, std::string> agency_names;
  if (auto list = site.services->agencies->List(); list.ok()) {
    for (const auto& a : *list) agency_names[a.code] = a.name;
  }

  json::array steps;
  for (size_t i = 0; i < base.workflow.size(); ++i) {
    const auto& w = base.workflow[i];
    steps.push_back(json::object{
        {"n", static_cast<int64_t>(i)},
        {"no", static_cast<int64_t>(i + 1)},
        {"name", w.name},
        {"agency", StepAgencyLabel(page, agency_names, w.agency)},
        {"role", RoleText(page, w.role)},
        {"quota_hours", sent_or(fmt::format("quota_{}", i), std::to_string(w.quota_hours))},
        {"removed", sent && Ticked(*sent, fmt::format("remove_step_{}", i))},
        {"error", row_error(fmt::format("workflow[{}]", i))}});
  }
  json::array new_steps;
  const json::array subtree = AgencyOptions(site, page, "");
  for (size_t j = 0; j < kNewStepRows; ++j) {
    std::string at = fmt::format("new_steps[{}]", j);
    std::string position = sent_or(fmt::format("new_step_after_{}", j),
                                   std::to_string(DefaultStepPosition(base.workflow.size())));
    json::array positions;
    for (size_t k = 0; k <= base.workflow.size(); ++k) {
      std::string label = k == 0
                              ? Message(page.locale, "ad_position_first")
                              : fmt::format("{} {}: {}", Message(page.locale, "ad_position_after"),
                                            k, base.workflow[k - 1].name);
      positions.push_back(json::object{{"value", std::to_string(k)},
                                       {"label", label},
                                       {"selected", std::to_string(k) == position}});
    }
    new_steps.push_back(json::object{
        {"j", static_cast<int64_t>(j)},
        {"no", static_cast<int64_t>(j + 1)},
        {"name", sent_or(fmt::format("new_step_name_{}", j), "")},
        {"quota_hours", sent_or(fmt::format("new_step_quota_{}", j), "")},
        {"agencies", StepAgencyOptions(page, subtree,
                                       sent_or(fmt::format("new_step_agency_{}", j), "competent"))},
        {"roles", StepRoleOptions(page, sent_or(fmt::format("new_step_role_{}", j), "specialist"))},
        {"positions", std::move(positions)},
        {"name_error", field_error(at + ".name")},
        {"agency_error", field_error(at + ".agency")},
        {"role_error", field_error(at + ".role")},
        {"quota_error", field_error(at + ".quota_hours")}});
  }

  json::array components;
  for (size_t i = 0; i < base.components.size(); ++i) {
    const auto& c = base.components[i];
    components.push_back(
        json::object{{"n", static_cast<int64_t>(i)},
                     {"name", c.name},
                     {"originals", c.originals},
                     {"copies", c.copies},
                     {"required", c.required},
                     {"removed", sent && Ticked(*sent, fmt::format("remove_component_{}", i))},
                     {"error", row_error(fmt::format("components[{}]", i))}});
  }
  json::array new_components;
  for (size_t j = 0; j < kNewComponentRows; ++j) {
    std::string at = fmt::format("new_components[{}]", j);
    new_components.push_back(json::object{
        {"j", static_cast<int64_t>(j)},
        {"no", static_cast<int64_t>(j + 1)},
        {"name", sent_or(fmt::format("new_component_name_{}", j), "")},
        {"originals", sent_or(fmt::format("new_component_originals_{}", j), "1")},
        {"copies", sent_or(fmt::format("new_component_copies_{}", j), "0")},
        {"required", sent ? Ticked(*sent, fmt::format("new_component_required_{}", j)) : true},
        {"name_error", field_error(at + ".name")},
        {"originals_error", field_error(at + ".originals")},
        {"copies_error", field_error(at + ".copies")}});
  }

  json::array fees;
  for (size_t i = 0; i < base.fees.size(); ++i) {
    std::string key = fmt::format("fees[{}].amount", i);
    fees.push_back(json::object{
        {"n", static_cast<int64_t>(i)},
        {"name", base.fees[i].name},
        {"amount", sent_or(fmt::format("fee_{}", i), std::to_string(p.fees[i].amount))},
        {"description", sent_or(fmt::format("fee_desc_{}", i), p.fees[i].description)},
        {"error", field_error(key)},
        {"description_error", field_error(fmt::format("fees[{}].description", i))}});
  }
  using Unit = domain::TimeLimit::Unit;
  json::array units;
  for (auto [u, key] : {std::pair{Unit::kWorkingDays, "ad_unit_days"},
                        std::pair{Unit::kWorkingHours, "ad_unit_hours"},
                        std::pair{Unit::kSameDay, "ad_unit_same_day"}}) {
    units.push_back(json::object{{"value", std::string(domain::TimeLimitUnitName(u))},
                                 {"label", Message(page.locale, key)},
                                 {"selected", p.time_limit.unit == u}});
  }
  using OL = domain::OnlineLevel;
  json::array levels;
  for (auto [l, key] :
       {std::pair{OL::kNone, "ad_ol_none"}, std::pair{OL::kPartial, "ad_ol_partial"},
        std::pair{OL::kFull, "ad_ol_full"}}) {
    levels.push_back(json::object{{"value", std::string(domain::OnlineLevelName(l))},
                                  {"label", Message(page.locale, key)},
                                  {"selected", p.online_level == l}});
  }
  ctx["procedure"] = json::object{{"code", p.code},
                                  {"name", p.name},
                                  {"field_name", p.field_name},
                                  {"amount", p.time_limit.amount},
                                  {"postal_submission", p.postal_submission},
                                  {"postal_return", p.postal_return},
                                  {"effective_from", p.effective_from},
                                  {"note", p.note}};
  ctx["action"] = "/quan-tri/thu-tuc/" + UrlEncode(p.code);
  ctx["steps"] = std::move(steps);
  ctx["new_steps"] = std::move(new_steps);
  ctx["has_components"] = !components.empty();
  ctx["components"] = std::move(components);
  ctx["new_components"] = std::move(new_components);
  ctx["has_fees"] = !fees.empty();
  ctx["fees"] = std::move(fees);
  ctx["units"] = std::move(units);
  ctx["levels"] = std::move(levels);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) {
    SetError(ctx, page, error);
    // Whole-workflow problems (quotas not adding up) belong beside the workflow table.
    if (error.reason() == "workflow_quota_mismatch")
      ctx["errors"].as_object()["workflow"] = err_msg;
  }
  return Render(site, page, "admin_procedure", std::move(ctx),
                error.ok() ? 200 : HttpStatusOf(error));
}

// A count typed in the form: whole number in [min, max], else invalid_field on `field`.
Result<int> FormCount(const Form& f, const std::string& name, int64_t min, int64_t max,
                      const std::string& field) {
  auto v = ParseInt(Trimmed(FormValue(f, name)));
  if (!v || *v < min || *v > max) return Status::Validation("invalid_field", field);
  return static_cast<int>(*v);
}

// Applies the form to a copy of the current version: publication fields, quotas, steps removed
// (remove_step_<i>) and added (new_step_*_<j>, placed after `new_step_after_<j>` current steps),
// components removed and added, fees. A malformed value fails on its field in form terms
// ("workflow[1].quota_hours", "new_steps[0].name"); `origins` says where each row of the result
// came from, to put the service's refusals in the same terms.
Status ApplyProcedureForm(const Form& f, domain::Procedure& p, RowOrigins& origins) {
  p.name = Trimmed(FormValue(f, "name"));
  if (p.name.empty()) return Status::Validation("missing_field", "name");
  auto level = domain::ParseOnlineLevel(FormValue(f, "online_level"));
  if (!level) return Status::Validation("invalid_field", "online_level");
  p.online_level = *level;
  auto unit = domain::ParseTimeLimitUnit(FormValue(f, "time_unit"));
  if (!unit) return Status::Validation("invalid_field", "time_limit.unit");
  p.time_limit.unit = *unit;
  if (*unit == domain::TimeLimit::Unit::kSameDay) {
    p.time_limit.amount = 0;
  } else {
    auto amount = ParseInt(Trimmed(FormValue(f, "time_amount")));
    if (!amount || *amount < 1 || *amount > 1000)
      return Status::Validation("invalid_field", "time_limit.amount");
    p.time_limit.amount = static_cast<int>(*amount);
  }
  p.postal_submission = Ticked(f, "postal_submission");
  p.postal_return = Ticked(f, "postal_return");

  // Steps: the current ones kept, with their quotas, and the new rows at their positions.
  const size_t current_steps = p.workflow.size();
  std::vector<std::vector<std::pair<size_t, domain::WorkflowStep>>> added(current_steps + 1);
  for (size_t j = 0; j < kNewStepRows; ++j) {
    std::string at = fmt::format("new_steps[{}]", j);
    domain::WorkflowStep w;
    w.name = Trimmed(FormValue(f, fmt::format("new_step_name_{}", j)));
    std::string quota = Trimmed(FormValue(f, fmt::format("new_step_quota_{}", j)));
    if (w.name.empty() && quota.empty()) continue;  // the row was left empty
    if (w.name.empty()) return Status::Validation("missing_field", at + ".name");
    MOTCUA_ASSIGN_OR_RETURN(w.quota_hours, FormCount(f, fmt::format("new_step_quota_{}", j), 0,
                                                     10000, at + ".quota_hours"));
    w.agency = FormValue(f, fmt::format("new_step_agency_{}", j));
    w.role = FormValue(f, fmt::format("new_step_role_{}", j));
    auto after = ParseInt(FormValue(f, fmt::format("new_step_after_{}", j)));
    size_t position = after && *after >= 0 && static_cast<size_t>(*after) <= current_steps
                          ? static_cast<size_t>(*after)
                          : DefaultStepPosition(current_steps);
    added[position].emplace_back(j, std::move(w));
  }
  std::vector<domain::WorkflowStep> workflow;
  origins.steps.clear();
  for (size_t k = 0; k <= current_steps; ++k) {
    for (auto& [j, w] : added[k]) {
      workflow.push_back(std::move(w));
      origins.steps.push_back({true, j});
    }
    if (k == current_steps || Ticked(f, fmt::format("remove_step_{}", k))) continue;
    domain::WorkflowStep w = p.workflow[k];
    MOTCUA_ASSIGN_OR_RETURN(w.quota_hours, FormCount(f, fmt::format("quota_{}", k), 0, 10000,
                                                     fmt::format("workflow[{}].quota_hours", k)));
    workflow.push_back(std::move(w));
    origins.steps.push_back({false, k});
  }
  p.workflow = std::move(workflow);

  // Components: the current ones not removed, then the new rows.
  std::vector<domain::Component> components;
  origins.components.clear();
  for (size_t i = 0; i < p.components.size(); ++i) {
    if (Ticked(f, fmt::format("remove_component_{}", i))) continue;
    components.push_back(p.components[i]);
    origins.components.push_back({false, i});
  }
  for (size_t j = 0; j < kNewComponentRows; ++j) {
    std::string at = fmt::format("new_components[{}]", j);
    domain::Component c;
    c.name = Trimmed(FormValue(f, fmt::format("new_component_name_{}", j)));
    if (c.name.empty()) continue;  // counts keep their defaults in an unused row
    MOTCUA_ASSIGN_OR_RETURN(c.originals, FormCount(f, fmt::format("new_component_originals_{}", j),
                                                   0, 99, at + ".originals"));
    MOTCUA_ASSIGN_OR_RETURN(
        c.copies, FormCount(f, fmt::format("new_component_copies_{}", j), 0, 99, at + ".copies"));
    c.required = Ticked(f, fmt::format("new_component_required_{}", j));
    components.push_back(std::move(c));
    origins.components.push_back({true, j});
  }
  p.components = std::move(components);

  for (size_t i = 0; i < p.fees.size(); ++i) {
    auto a = ParseInt(Trimmed(FormValue(f, fmt::format("fee_{}", i))));
    if (!a || *a < 0) return Status::Validation("invalid_field", fmt::format("fees[{}].amount", i));
    p.fees[i].amount = *a;
    // The published wording ("8.000 đồng/bản", exemptions) changes with the amount.
    if (f.count(fmt::format("fee_desc_{}", i))) {
      std::string desc = Trimmed(FormValue(f, fmt::format("fee_desc_{}", i)));
      if (desc.size() > 2000)
        return Status::Validation("invalid_field", fmt::format("fees[{}].description", i));
      p.fees[i].description = std::move(desc);
    }
  }
  p.effective_from = Trimmed(FormValue(f, "effective_from"));
  // The form has no note field yet: keep the current version's note rather than erase it.
  if (f.count("note")) p.note = Trimmed(FormValue(f, "note"));
  return domain::ValidateIsoDate(p.effective_from, "effective_from");
}

// ---- Calendar overrides ---------------------------------------------------------------------

http::Response CalendarPage(const Site& site, const Page& page, json::object values,
                            const Status& error = Status::Ok(), const std::string& notice = "") {
  json::object ctx = BaseContext(site, page, Message(page.locale, "calendar_overrides"));
  std::map<int64_t, std::string> agency_names;
  if (auto list = site.services->agencies->List(); list.ok()) {
    for (const auto& a : *list) agency_names[a.id] = a.name + " (" + a.code + ")";
  }
  std::map<int64_t, std::string> agency_codes;
  if (auto list = site.services->agencies->List(); list.ok()) {
    for (const auto& a : *list) agency_codes[a.id] = a.code;
  }
  json::array rows;
  if (auto list = site.services->calendar->ListOverrides(); list.ok()) {
    for (const auto& o : *list) {
      std::string scope = o.agency_id ? agency_names[*o.agency_id] : "";
      rows.push_back(json::object{
          {"day", o.day},
          {"day_text", HumanDate(o.day)},
          {"kind", Message(page.locale, o.kind == "workday" ? "ad_workday" : "ad_day_off")},
          {"name", o.name},
          {"scope", scope.empty() ? Message(page.locale, "ad_everywhere") : scope},
          {"agency_code", o.agency_id ? agency_codes[*o.agency_id] : ""}});
    }
  }
  ctx["has_overrides"] = !rows.empty();
  ctx["overrides"] = std::move(rows);
  std::string kind = values.contains("kind") ? std::string(values["kind"].as_string()) : "";
  std::string agency =
      values.contains("agency_code") ? std::string(values["agency_code"].as_string()) : "";
  ctx["kinds"] = json::array{json::object{{"value", "day_off"},
                                          {"label", Message(page.locale, "ad_day_off")},
                                          {"selected", kind != "workday"}},
                             json::object{{"value", "workday"},
                                          {"label", Message(page.locale, "ad_workday")},
                                          {"selected", kind == "workday"}}};
  ctx["agencies"] = AgencyOptions(site, page, agency);
  ctx["form"] = std::move(values);
  ctx["notice"] = notice.empty() ? json::value(false) : json::value(notice);
  ctx["error"] = false;
  ctx["errors"] = json::object{};
  if (!error.ok()) SetError(ctx, page, error);
  return Render(site, page, "admin_calendar", std::move(ctx),
                error.ok() ? 200 : HttpStatusOf(error));
}

}  // namespace

void RegisterAdminPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  // Agencies: the tree with a form to add one.
  router.Get("/quan-tri", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    std::string notice = req.Query("da-luu") ? Message(page.locale, "ad_saved") : "";
    return AgencyList(*s, page, json::object{}, page.session->principal.agency_code, "",
                      Status::Ok(), notice);
  });

  AdminForm(router, s, "/quan-tri/co-quan", [s](const Page& page, const Form& f) {
    service::AgencyInput in;
    in.code = Trimmed(FormValue(f, "code"));
    in.name = Trimmed(FormValue(f, "name"));
    in.short_name = Trimmed(FormValue(f, "short_name"));
    in.type = FormValue(f, "type");
    in.parent_code = FormValue(f, "parent_code");
    in.address = Trimmed(FormValue(f, "address"));
    in.is_one_stop_centre = !FormValue(f, "is_one_stop_centre").empty();
    auto created = s->services->agencies->Create(&page.session->principal, in);
    if (!created.ok())
      return AgencyList(*s, page, AgencyFormValues(f), in.parent_code, in.type, created.status());
    return Redirect("/quan-tri/co-quan/" + UrlEncode(created->code) + "?da-tao=1");
  });

  router.Get("/quan-tri/co-quan/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    auto a = s->services->agencies->Get(req.PathParam("code"));
    if (!a.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    if (!page.session->principal.CoversAgencyPath(a->path))
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    std::string notice = req.Query("da-tao")   ? Message(page.locale, "ad_created")
                         : req.Query("da-luu") ? Message(page.locale, "ad_saved")
                                               : "";
    return AgencyEdit(*s, page, *a, std::nullopt, ParentCode(*s, *a), a->type, Status::Ok(),
                      notice);
  });

  AdminForm(router, s, "/quan-tri/co-quan/{code}", [s](const Page& page, const Form& f) {
    auto a = s->services->agencies->Get(page.req.PathParam("code"));
    if (!a.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    service::AgencyPatch patch;
    patch.name = Trimmed(FormValue(f, "name"));
    patch.short_name = Trimmed(FormValue(f, "short_name"));
    patch.type = FormValue(f, "type");
    patch.address = Trimmed(FormValue(f, "address"));
    patch.is_one_stop_centre = !FormValue(f, "is_one_stop_centre").empty();
    patch.abolished = !FormValue(f, "abolished").empty();
    std::string parent = FormValue(f, "parent_code");
    // Only a real move is sent: roots stay roots when the admin leaves the field alone.
    if (parent != ParentCode(*s, *a)) patch.parent_code = parent;
    if (patch.name->empty()) {
      return AgencyEdit(*s, page, *a, AgencyFormValues(f), parent, *patch.type,
                        Status::Validation("missing_field", "name"));
    }
    auto updated = s->services->agencies->Update(page.session->principal, a->code, patch);
    if (!updated.ok())
      return AgencyEdit(*s, page, *a, AgencyFormValues(f), parent, *patch.type, updated.status());
    return Redirect("/quan-tri/co-quan/" + UrlEncode(a->code) + "?da-luu=1");
  });

  // Counters of a one-stop centre: add one, change its name and fields, take it out of use or
  // back. Each answers with the centre's page (the error beside the field of the form sent).
  auto counter_page = [s](const Page& page, const std::string& code, const Form& f,
                          const std::string& target,
                          const std::function<Status(const storage::AgencyRecord&)>& change) {
    auto a = s->services->agencies->Get(code);
    if (!a.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    if (!page.session->principal.CoversAgencyPath(a->path))
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    Status st = change(*a);
    if (st.ok()) return Redirect("/quan-tri/co-quan/" + UrlEncode(a->code) + "?da-luu=1#quay");
    if (st.code() == Code::kPermissionDenied)
      return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
    CounterForm sent{target, CounterFormValues(f), st};
    return AgencyEdit(*s, page, *a, std::nullopt, ParentCode(*s, *a), a->type, Status::Ok(), "",
                      &sent);
  };

  AdminForm(router, s, "/quan-tri/co-quan/{code}/quay",
            [s, counter_page](const Page& page, const Form& f) {
              return counter_page(page, page.req.PathParam("code"), f, "new", [&](const auto& a) {
                auto number = ParseInt(Trimmed(FormValue(f, "number")));
                if (!number || *number <= 0 || *number > 999)
                  return Status::Validation("invalid_field", "number");
                std::string name = Trimmed(FormValue(f, "name"));
                if (name.empty()) return Status::Validation("missing_field", "name");
                return s->services->agencies
                    ->AddCounter(&page.session->principal, a.code, static_cast<int>(*number), name,
                                 FormFields(f))
                    .status();
              });
            });

  AdminForm(router, s, "/quan-tri/co-quan/{code}/quay/{number}",
            [s, counter_page](const Page& page, const Form& f) {
              auto number = ParseInt(page.req.PathParam("number"));
              if (!number) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
              return counter_page(page, page.req.PathParam("code"), f, std::to_string(*number),
                                  [&](const auto& a) {
                                    service::CounterPatch patch;
                                    patch.name = Trimmed(FormValue(f, "name"));
                                    patch.fields = FormFields(f);
                                    return s->services->agencies
                                        ->UpdateCounter(page.session->principal, a.code,
                                                        static_cast<int>(*number), patch)
                                        .status();
                                  });
            });

  AdminForm(router, s, "/quan-tri/co-quan/{code}/quay/{number}/trang-thai",
            [s, counter_page](const Page& page, const Form& f) {
              auto number = ParseInt(page.req.PathParam("number"));
              if (!number) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
              return counter_page(
                  page, page.req.PathParam("code"), f, std::to_string(*number), [&](const auto& a) {
                    const auto& me = page.session->principal;
                    if (FormValue(f, "active") == "1") {
                      service::CounterPatch patch;
                      patch.active = true;
                      return s->services->agencies
                          ->UpdateCounter(me, a.code, static_cast<int>(*number), patch)
                          .status();
                    }
                    return s->services->agencies->DeactivateCounter(me, a.code,
                                                                    static_cast<int>(*number));
                  });
            });

  // Users and roles.
  router.Get("/quan-tri/nguoi-dung", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    std::string notice = req.Query("da-tao") ? Message(page.locale, "ad_created") : "";
    return UserList(*s, page, json::object{}, Status::Ok(), notice);
  });

  AdminForm(router, s, "/quan-tri/nguoi-dung", [s](const Page& page, const Form& f) {
    service::NewUser u{Trimmed(FormValue(f, "username")), FormValue(f, "password"),
                       Trimmed(FormValue(f, "full_name")), FormValue(f, "role"),
                       FormValue(f, "agency_code")};
    std::string email = FormValue(f, "email");
    auto created = s->services->auth->CreateUser(&page.session->principal, u, email);
    if (!created.ok()) {
      json::object values{{"username", u.username},
                          {"full_name", u.full_name},
                          {"email", email},
                          {"role", u.role},
                          {"agency_code", u.agency_code}};
      return UserList(*s, page, std::move(values), created.status());
    }
    return Redirect("/quan-tri/nguoi-dung/" + UrlEncode(created->username) + "?da-tao=1");
  });

  router.Get("/quan-tri/nguoi-dung/{username}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    auto u = FindManagedUser(*s, page, req.PathParam("username"));
    if (!u) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    std::string notice = req.Query("da-tao")     ? Message(page.locale, "ad_created")
                         : req.Query("da-luu")   ? Message(page.locale, "ad_saved")
                         : req.Query("mat-khau") ? Message(page.locale, "ad_password_reset_done")
                                                 : "";
    return UserEdit(*s, page, *u, std::nullopt, Status::Ok(), notice);
  });

  AdminForm(router, s, "/quan-tri/nguoi-dung/{username}", [s](const Page& page, const Form& f) {
    auto u = FindManagedUser(*s, page, page.req.PathParam("username"));
    if (!u) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    service::UserPatch patch;
    patch.full_name = FormValue(f, "full_name");
    patch.role = FormValue(f, "role");
    patch.agency_code = FormValue(f, "agency_code");
    patch.active = !FormValue(f, "active").empty();
    auto updated = s->services->auth->UpdateUser(page.session->principal, u->username, patch);
    if (!updated.ok()) {
      json::object values{{"full_name", *patch.full_name},
                          {"role", *patch.role},
                          {"agency_code", *patch.agency_code},
                          {"active", *patch.active}};
      return UserEdit(*s, page, *u, std::move(values), updated.status());
    }
    return Redirect("/quan-tri/nguoi-dung/" + UrlEncode(u->username) + "?da-luu=1");
  });

  AdminForm(router, s, "/quan-tri/nguoi-dung/{username}/mat-khau",
            [s](const Page& page, const Form& f) {
              auto u = FindManagedUser(*s, page, page.req.PathParam("username"));
              if (!u) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
              Status st = s->services->auth->ResetPassword(page.session->principal, u->username,
                                                           FormValue(f, "password"));
              if (!st.ok()) return UserEdit(*s, page, *u, std::nullopt, st);
              return Redirect("/quan-tri/nguoi-dung/" + UrlEncode(u->username) + "?mat-khau=1");
            });

  // Procedures and workflows: search, then edit a new version's publication fields, its steps
  // (quotas; remove, add) and its component documents (remove, add).
  router.Get("/quan-tri/thu-tuc", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    json::object ctx = BaseContext(*s, page, Message(page.locale, "ad_procedures"));
    std::string q = req.Query("q").value_or("");
    if (q.size() > 200) q.resize(200);
    ctx["q"] = q;
    domain::ProcedureQuery query;
    query.text = q;
    query.page_size = 50;
    auto found = s->services->catalogue->Search(query);
    json::array hits;
    for (const auto& h : found.page.items) {
      const auto& p = h.entry->procedure;
      hits.push_back(json::object{{"code", p.code},
                                  {"name", p.name},
                                  {"field", p.field_name},
                                  {"href", "/quan-tri/thu-tuc/" + UrlEncode(p.code)}});
    }
    ctx["has_hits"] = !hits.empty();
    ctx["hits"] = std::move(hits);
    return Render(*s, page, "admin_procedures", std::move(ctx));
  });

  router.Get("/quan-tri/thu-tuc/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    auto detail = s->services->catalogue->Get(req.PathParam("code"));
    if (!detail.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    // No edit form for a procedure the admin may not change (decision 0011); it stays readable
    // on the public catalogue page.
    if (Status may = s->services->catalogue->MayChange(page.session->principal,
                                                       detail->entry.procedure.code);
        !may.ok())
      return ErrorPage(*s, page, HttpStatusOf(may), may.Message(page.locale));
    domain::Procedure p = detail->entry.procedure;
    // The new version applies from today unless the current one starts later.
    std::string today = domain::LocalDateOf(s->services->clock->NowSeconds()).ToString();
    if (p.effective_from < today) p.effective_from = today;
    std::string notice = req.Query("da-luu") ? Message(page.locale, "ad_saved") : "";
    return ProcedureEdit(*s, page, p, detail->entry.procedure, nullptr, Status::Ok(), notice);
  });

  AdminForm(router, s, "/quan-tri/thu-tuc/{code}", [s](const Page& page, const Form& f) {
    auto detail = s->services->catalogue->Get(page.req.PathParam("code"));
    if (!detail.ok()) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    // Refused before the form is read, as the GET refuses the form itself (decision 0011).
    if (Status may = s->services->catalogue->MayChange(page.session->principal,
                                                       detail->entry.procedure.code);
        !may.ok())
      return ErrorPage(*s, page, HttpStatusOf(may), may.Message(page.locale));
    const domain::Procedure& current = detail->entry.procedure;
    domain::Procedure p = current;
    RowOrigins origins;
    Status st = ApplyProcedureForm(f, p, origins);
    if (st.ok()) {
      auto updated = s->services->catalogue->Update(page.session->principal, p.code, p);
      st = InFormTerms(updated.status(), origins);
    }
    if (!st.ok()) return ProcedureEdit(*s, page, p, current, &f, st);
    return Redirect("/quan-tri/thu-tuc/" + UrlEncode(p.code) + "?da-luu=1");
  });

  // Calendar overrides.
  router.Get("/quan-tri/lich", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = Guard(*s, page, {Role::kAdmin})) return *denied;
    std::string notice = req.Query("da-luu") ? Message(page.locale, "ad_saved") : "";
    return CalendarPage(*s, page, json::object{}, Status::Ok(), notice);
  });

  AdminForm(router, s, "/quan-tri/lich", [s](const Page& page, const Form& f) {
    service::CalendarOverrideInput in;
    in.day = Trimmed(FormValue(f, "day"));
    in.kind = FormValue(f, "kind");
    in.name = Trimmed(FormValue(f, "name"));
    in.agency_code = FormValue(f, "agency_code");
    auto added = s->services->calendar->AddOverride(&page.session->principal, in);
    if (!added.ok()) {
      json::object values{
          {"day", in.day}, {"kind", in.kind}, {"name", in.name}, {"agency_code", in.agency_code}};
      return CalendarPage(*s, page, std::move(values), added.status());
    }
    return Redirect("/quan-tri/lich?da-luu=1");
  });

  AdminForm(router, s, "/quan-tri/lich/xoa", [s](const Page& page, const Form& f) {
    Status st = s->services->calendar->RemoveOverride(&page.session->principal, FormValue(f, "day"),
                                                      FormValue(f, "agency_code"));
    if (!st.ok()) return CalendarPage(*s, page, json::object{}, st);
    return Redirect("/quan-tri/lich?da-luu=1");
  });
}

}  // namespace motcua::web
