// Public pages: home, catalogue search and browse, a procedure's publication, dossier lookup
// (also the target of the receipt's QR code), and the kiosk. All work without JavaScript.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "domain/dossier_code.h"
#include "domain/dossier_state.h"
#include "domain/procedure.h"
#include "domain/procedure_search.h"
#include "domain/timeliness.h"
#include "service/agency_service.h"
#include "service/catalogue_service.h"
#include "web/electronic_result.h"
#include "web/i18n.h"
#include "web/page_registry.h"
#include "web/postal_view.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Procedure;

constexpr int kPageSize = 20;
constexpr int kKioskIdleSeconds = 120;

std::string LevelLabel(const Page& page, domain::ProcedureLevel level) {
  if (!page.en()) return std::string(domain::ProcedureLevelLabelVi(level));
  switch (level) {
    case domain::ProcedureLevel::kCentral:
      return "Central";
    case domain::ProcedureLevel::kProvince:
      return "Province";
    case domain::ProcedureLevel::kCommune:
      return "Commune";
    case domain::ProcedureLevel::kLegacyDistrict:
      return "District (former)";
  }
  return {};
}

std::string OnlineLabel(const Page& page, domain::OnlineLevel level) {
  if (!page.en()) return std::string(domain::OnlineLevelLabelVi(level));
  switch (level) {
    case domain::OnlineLevel::kNone:
      return "Not available online";
    case domain::OnlineLevel::kPartial:
      return "Partly online";
    case domain::OnlineLevel::kFull:
      return "Fully online";
  }
  return {};
}

std::string LimitLabel(const Page& page, const domain::TimeLimit& limit) {
  if (!page.en()) return limit.LabelVi();
  switch (limit.unit) {
    case domain::TimeLimit::Unit::kWorkingDays:
      return fmt::format("{} working days", limit.amount);
    case domain::TimeLimit::Unit::kWorkingHours:
      return fmt::format("{} working hours", limit.amount);
    case domain::TimeLimit::Unit::kSameDay:
      return "Within the working day";
    case domain::TimeLimit::Unit::kCalendarDays:
    case domain::TimeLimit::Unit::kMonths:
    case domain::TimeLimit::Unit::kNotPublished:
      return limit.LabelEn();
  }
  return {};
}

std::map<std::string, std::string> AgencyNames(const Site& site) {
  std::map<std::string, std::string> names;
  auto list = site.services->agencies->List();
  if (list.ok()) {
    for (const auto& a : *list) names[a.code] = a.name;
  }
  return names;
}

std::string CatalogueHref(const std::string& base, const std::string& q, const std::string& field,
                          const std::string& agency, int page) {
  std::string href = base + "?q=" + UrlEncode(q);
  if (!field.empty()) href += "&linh-vuc=" + UrlEncode(field);
  if (!agency.empty()) href += "&co-quan=" + UrlEncode(agency);
  if (page > 1) href += "&trang=" + std::to_string(page);
  return href;
}

// The catalogue search page; `base` is "/thu-tuc" or "/kiosk/thu-tuc".
http::Response CataloguePage(const Site& site, Page& page, const std::string& base, bool kiosk) {
  const http::Request& req = page.req;
  std::string q = req.Query("q").value_or("");
  std::string field = req.Query("linh-vuc").value_or("");
  std::string agency = req.Query("co-quan").value_or("");
  int page_no = 1;
  try {
    page_no = std::max(1, std::stoi(req.Query("trang").value_or("1")));
  } catch (...) {
    page_no = 1;
  }
  if (q.size() > 200) q.resize(200);

  domain::ProcedureQuery query;
  query.text = q;
  query.field_code = field;
  query.agency_code = agency;
  query.page = page_no;
  query.page_size = kPageSize;
  auto found = site.services->catalogue->Search(query);

  json::object ctx = BaseContext(site, page, Message(page.locale, "catalogue_title"));
  ctx["action"] = base;
  ctx["q"] = q;
  json::array fields;
  for (const auto& f : site.services->catalogue->Fields()) {
    fields.push_back(json::object{
        {"code", f.code}, {"name", f.name}, {"count", f.count}, {"selected", f.code == field}});
  }
  ctx["fields"] = std::move(fields);
  auto stats = site.services->catalogue->Stats();
  json::array agencies;
  for (const auto& [code, name] : AgencyNames(site)) {
    if (!stats.by_agency.count(code)) continue;
    agencies.push_back(json::object{{"code", code}, {"name", name}, {"selected", code == agency}});
  }
  ctx["agencies"] = std::move(agencies);

  json::array items;
  for (const auto& hit : found.page.items) {
    const Procedure& p = hit.entry->procedure;
    json::object item{{"code", p.code},
                      {"name", p.name},
                      {"href", base + "/" + UrlEncode(p.code)},
                      {"field", p.field_name},
                      {"level", LevelLabel(page, p.level)},
                      {"time_limit", LimitLabel(page, p.time_limit)}};
    item["online"] = p.online_level == domain::OnlineLevel::kNone
                         ? json::value(false)
                         : json::value(OnlineLabel(page, p.online_level));
    // Why it matched, in Vietnamese: the words are the citizen's and the catalogue's.
    std::string why = domain::DescribeMatchVi(hit.why);
    item["why"] = why.empty() ? json::value(false) : json::value(why);
    items.push_back(std::move(item));
  }
  if (!found.page.ignored.empty()) {
    std::string words;
    for (const auto& w : found.page.ignored) words += (words.empty() ? "“" : ", “") + w + "”";
    std::string ignored = Message(page.locale, "search_ignored");
    ignored.replace(ignored.find("{words}"), 7, words);
    ctx["ignored"] = ignored;
  }
  if (!found.page.items.empty() && !found.page.items[0].why.life_event.empty()) {
    std::string event = Message(page.locale, "search_life_event");
    event.replace(event.find("{event}"), 7, found.page.items[0].why.life_event);
    ctx["life_event"] = event;
  }
  ctx["has_items"] = !items.empty();
  ctx["items"] = std::move(items);
  ctx["first"] = (page_no - 1) * kPageSize + 1;
  std::string summary = Message(page.locale, "results_summary");
  summary.replace(summary.find("{total}"), 7, std::to_string(found.page.total));
  ctx["summary"] = summary;
  ctx["prev"] = page_no > 1 ? json::value(CatalogueHref(base, q, field, agency, page_no - 1))
                            : json::value(false);
  ctx["next"] = static_cast<size_t>(page_no) * kPageSize < found.page.total
                    ? json::value(CatalogueHref(base, q, field, agency, page_no + 1))
                    : json::value(false);
  if (kiosk) {
    ctx["layout"] = "kiosk_layout";
    ctx["idle_seconds"] = kKioskIdleSeconds;
  }
  return Render(site, page, "catalogue", std::move(ctx));
}

std::string WorkflowAgency(const Page& page, const std::string& agency,
                           const std::map<std::string, std::string>& names) {
  if (agency == "reception" || agency == "competent" || agency == "department" ||
      agency == "commune") {
    return Message(page.locale, "wf_" + agency);
  }
  auto it = names.find(agency);
  return it == names.end() ? agency : it->second;
}

// A fee as the procedure page shows it. Nothing published (or 0 with no text at all) is "Chưa
// công bố", never "Miễn phí": the portal's silence is not a promise that nothing is charged.
std::string FeeText(const Page& page, const domain::Fee& f) {
  const std::string not_published = Message(page.locale, "not_published");
  if (f.not_published) return not_published;
  std::string text;
  if (f.amount > 0) {
    text = FormatMoney(f.amount, page.en());
    if (f.per_page) text += Message(page.locale, "fee_per_page");
    if (f.per_copy) text += Message(page.locale, "fee_per_copy");
  } else if (f.set_by_province) {
    text = Message(page.locale, "fee_set_by_province");
  }
  if (!f.description.empty()) text += (text.empty() ? "" : " — ") + f.description;
  return text.empty() ? not_published : text;
}

// A legal basis written as text ("Luật Cư trú số 68/2020/QH14", "Nghị định số 154/2024/NĐ-CP
// quy định…"): the document number after "số " set apart, the text around it kept.
json::object LegalLine(const std::string& text) {
  constexpr std::string_view kSo = "số ";
  size_t at = text.find(kSo);
  while (at != std::string::npos) {
    size_t begin = at + kSo.size();
    size_t end = text.find_first_of(" ,;", begin);
    std::string number = text.substr(begin, end == std::string::npos ? end : end - begin);
    if (number.find('/') != std::string::npos && !number.empty() && number[0] >= '0' &&
        number[0] <= '9')
      return json::object{{"before", text.substr(0, begin)},
                          {"number", number},
                          {"after", end == std::string::npos ? std::string() : text.substr(end)}};
    at = text.find(kSo, at + 1);
  }
  return json::object{{"before", text}, {"number", ""}, {"after", ""}};
}

// A form's download link only when it is a web address or a path of this site.
std::string SafeLink(const std::string& url) {
  if (url.starts_with("https://") || url.starts_with("http://") ||
      (url.starts_with("/") && !url.starts_with("//")))
    return url;
  return {};
}

bool FeeApplies(const domain::Fee& f, domain::Channel c) {
  return f.channels.empty() ||
         std::find(f.channels.begin(), f.channels.end(), c) != f.channels.end();
}

// The channels a procedure takes dossiers through: as published, else from its flags.
std::vector<domain::Channel> OfferedChannels(const Procedure& p) {
  if (!p.channels.empty()) return p.channels;
  std::vector<domain::Channel> out;
  if (p.received_at_centre) out.push_back(domain::Channel::kInPerson);
  if (p.postal_submission) out.push_back(domain::Channel::kPostal);
  if (p.online_level != domain::OnlineLevel::kNone) out.push_back(domain::Channel::kOnline);
  for (const auto& cl : p.channel_time_limits)
    if (std::find(out.begin(), out.end(), cl.channel) == out.end()) out.push_back(cl.channel);
  return out;
}

std::string ChannelShortLabel(const Page& page, domain::Channel c) {
  switch (c) {
    case domain::Channel::kInPerson:
      return Message(page.locale, "chs_in_person");
    case domain::Channel::kPostal:
      return Message(page.locale, "chs_postal");
    case domain::Channel::kOnline:
      return Message(page.locale, "chs_online");
  }
  return {};
}

// One row per channel: the time limit with its unit and the fees that apply to it.
json::array ChannelRows(const Page& page, const Procedure& p) {
  json::array rows;
  for (domain::Channel c : OfferedChannels(p)) {
    std::string note;
    for (const auto& cl : p.channel_time_limits)
      if (cl.channel == c) note = cl.description;
    json::array fees;
    for (const auto& f : p.fees)
      if (FeeApplies(f, c))
        fees.push_back(json::object{{"name", f.name}, {"text", FeeText(page, f)}});
    if (fees.empty())
      fees.push_back(json::object{{"name", ""}, {"text", Message(page.locale, "not_published")}});
    rows.push_back(json::object{{"channel", ChannelShortLabel(page, c)},
                                {"time", LimitLabel(page, p.LimitFor(c))},
                                {"note", note},
                                {"fees", std::move(fees)}});
  }
  return rows;
}

http::Response ProcedurePage(const Site& site, Page& page, const std::string& back, bool kiosk) {
  const std::string& code = page.req.PathParam("code");
  auto detail = site.services->catalogue->Get(code);
  if (!detail.ok()) {
    return ErrorPage(site, page, 404, Message(page.locale, "not_found"));
  }
  const Procedure& p = detail->entry.procedure;
  json::object ctx = BaseContext(site, page, p.name);
  ctx["p"] = domain::ToJson(p);
  ctx["p"].as_object()["effective_from"] = HumanDate(p.effective_from);
  ctx["back"] = back;
  ctx["version"] = detail->entry.version;
  ctx["retired"] = detail->entry.retired;
  ctx["level_label"] = LevelLabel(page, p.level);
  ctx["online_label"] = OnlineLabel(page, p.online_level);
  ctx["time_limit"] = LimitLabel(page, p.time_limit);
  ctx["can_submit"] =
      !kiosk && !detail->entry.retired && p.online_level != domain::OnlineLevel::kNone;
  auto names = AgencyNames(site);
  json::array implementing;
  for (const auto& a : p.implementing_agencies) {
    auto it = names.find(a);
    implementing.push_back(json::value(it == names.end() ? a : it->second));
  }
  ctx["has_implementing"] = !implementing.empty();
  ctx["implementing"] = std::move(implementing);
  json::array channel_limits;
  for (const auto& cl : p.channel_time_limits) {
    const char* key = cl.channel == domain::Channel::kOnline   ? "ch_online"
                      : cl.channel == domain::Channel::kPostal ? "ch_postal_submission"
                                                               : "ch_in_person";
    channel_limits.push_back(
        json::value(Message(page.locale, key) + ": " + LimitLabel(page, cl.limit)));
  }
  ctx["channel_limits"] = std::move(channel_limits);
  json::array channels;
  auto add = [&](const char* key) { channels.push_back(json::value(Message(page.locale, key))); };
  if (p.received_at_centre) add("ch_in_person");
  if (p.postal_submission) add("ch_postal_submission");
  if (p.postal_return) add("ch_postal_return");
  if (p.online_level != domain::OnlineLevel::kNone) add("ch_online");
  if (p.decided_at_centre) add("ch_decided_at_centre");
  if (p.inter_agency) add("ch_inter_agency");
  ctx["channels"] = std::move(channels);
  std::string applicants;
  for (const auto& a : p.applicants) {
    if (!applicants.empty()) applicants += "; ";
    applicants += Message(page.locale, "applicant_" + a);
  }
  ctx["applicants"] = applicants;
  json::array components;
  int n = 0;
  for (const auto& c : p.components) {
    components.push_back(json::object{{"n", ++n},
                                      {"name", c.name},
                                      {"originals", c.originals},
                                      {"copies", c.copies},
                                      {"required", c.required},
                                      {"template_name", c.template_name},
                                      {"template_url", SafeLink(c.template_url)}});
  }
  ctx["has_components"] = !components.empty();
  ctx["components"] = std::move(components);
  ctx["channel_rows"] = ChannelRows(page, p);
  json::array cases;
  for (const auto& c : p.case_time_limits)
    cases.push_back(json::object{{"code", c.case_code},
                                 {"time", LimitLabel(page, c.limit)},
                                 {"description", c.description}});
  ctx["has_cases"] = !cases.empty();
  ctx["cases"] = std::move(cases);
  json::array exemptions;
  for (const auto& f : p.fees)
    for (const auto& e : f.exemptions)
      if (std::find(exemptions.begin(), exemptions.end(), json::value(e)) == exemptions.end())
        exemptions.push_back(json::value(e));
  ctx["has_exemptions"] = !exemptions.empty();
  ctx["exemptions"] = std::move(exemptions);
  // Legal documents with their numbers; older publications only have the titles.
  json::array legal;
  for (const auto& l : p.legal_documents)
    legal.push_back(json::object{{"before", ""}, {"number", l.number}, {"after", " — " + l.title}});
  if (legal.empty())
    for (const auto& l : p.legal_bases) legal.push_back(LegalLine(l));
  ctx["has_legal"] = !legal.empty();
  ctx["legal"] = std::move(legal);
  json::array workflow;
  n = 0;
  for (const auto& s : p.workflow) {
    workflow.push_back(json::object{
        {"n", ++n},
        {"name", s.name},
        {"condition", s.condition},
        {"agency", WorkflowAgency(page, s.agency, names)},
        {"hours", fmt::format("{} {}", s.quota_hours, Message(page.locale, "hours"))}});
  }
  ctx["workflow"] = std::move(workflow);
  ctx["scripts"] = json::array{json::value(site.Asset("app.js"))};
  if (kiosk) {
    ctx["layout"] = "kiosk_layout";
    ctx["idle_seconds"] = kKioskIdleSeconds;
  }
  return Render(site, page, "procedure", std::move(ctx));
}

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

http::Response LookupPage(const Site& site, Page& page, const std::string& action, bool kiosk) {
  std::string code = page.req.path_params.count("code") ? page.req.PathParam("code")
                                                        : page.req.Query("ma").value_or("");
  // Blanks that come with a copied code and lower case typed on a phone are forgiven.
  code = domain::NormalizeDossierCode(code);
  if (code.size() > 64) code.resize(64);
  json::object ctx = BaseContext(site, page, Message(page.locale, "lookup_title"));
  ctx["action"] = action;
  ctx["code"] = code;
  ctx["dossier"] = false;
  ctx["error"] = false;
  int status = 200;
  if (!code.empty()) {
    ApiReply r = CallApi(site, page, "/api/v1/lookup/" + UrlEncode(code));
    if (r.status == 200 && r.body.is_object()) {
      const json::object& d = r.body.get_object();
      const std::string status_name = Str(d, "status");
      json::object view{{"code", Str(d, "code")},
                        {"procedure", Str(d, "procedure")},
                        {"status_text", status_name.empty() ? Str(d, "status_text")
                                                            : StateLabel(page.locale, status_name)},
                        {"received_at", HumanTime(Str(d, "received_at"))},
                        {"due_at", HumanTime(Str(d, "due_at"))},
                        {"current_agency", Str(d, "current_agency")}};
      // The procedure may come as an object {code,name}; show its name.
      if (const json::value* pv = d.if_contains("procedure"); pv && pv->is_object()) {
        view["procedure"] = Str(pv->get_object(), "name");
      }
      view["applicant"] =
          Str(d, "applicant_name").empty() ? Str(d, "applicant") : Str(d, "applicant_name");
      json::array steps;
      if (const json::value* sv = d.if_contains("steps"); sv && sv->is_array()) {
        for (const auto& s : sv->get_array()) {
          if (!s.is_object()) continue;
          const json::object& so = s.get_object();
          steps.push_back(json::object{
              {"name", Str(so, "name")},
              {"agency",
               Str(so, "agency_name").empty() ? Str(so, "agency") : Str(so, "agency_name")},
              {"state", Str(so, "state_text").empty() ? Str(so, "state") : Str(so, "state_text")},
              {"timeliness", TimelinessLabel(page.locale, Str(so, "timeliness"))},
              {"current", so.contains("current") && so.at("current").is_bool() &&
                              so.at("current").get_bool()}});
        }
      }
      // A dossier with its result may be rated: at the kiosk, or on the portal by code.
      auto state = domain::ParseDossierState(status_name);
      if (site.services->reports && state && domain::HasResult(*state)) {
        view["rate_href"] = kiosk ? "/kiosk/danh-gia?ma=" + UrlEncode(view["code"].as_string())
                                  : "/danh-gia/" + UrlEncode(view["code"].as_string());
      } else {
        view["rate_href"] = false;
      }
      view["complaint_href"] =
          std::string(kiosk ? "/kiosk/phan-anh?ma=" : "/phan-anh?ma=") + UrlEncode(Str(d, "code"));
      view["has_steps"] = !steps.empty();
      view["steps"] = std::move(steps);
      json::array parcels = PostalForPage(page.locale, d, false);
      view["has_postal"] = !parcels.empty();
      view["postal"] = std::move(parcels);
      view["electronic_result"] = ElectronicResultBox(page, d, false);  // how to check it
      ctx["dossier"] = std::move(view);
    } else if (r.status == 404 && r.error_code() == "route_not_found") {
      ctx["error"] = Message(page.locale, "lookup_unavailable");
      status = 503;
    } else if (r.status == 429) {
      ctx["error"] = Message(page.locale, "lookup_rate_limited");
      status = 429;
    } else {
      ctx["error"] = Message(page.locale, "lookup_not_found");
      status = 404;
    }
  }
  if (kiosk) {
    ctx["layout"] = "kiosk_layout";
    ctx["idle_seconds"] = kKioskIdleSeconds;
  }
  http::Response resp = Render(site, page, "lookup", std::move(ctx), status);
  // Dossier data is personal even when masked: never store it in shared caches.
  resp.headers.Set("Cache-Control", "no-store");
  return resp;
}

}  // namespace

std::string HumanTime(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') return HumanDate(iso);
  if (iso.size() < 16 || iso[4] != '-' || (iso[10] != 'T' && iso[10] != ' ')) return iso;
  return iso.substr(11, 5) + " " + iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" +
         iso.substr(0, 4);
}

std::string HumanDate(const std::string& iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string FormatMoney(int64_t amount, bool en) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  std::string out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (n > 0 && n % 3 == 0) out.insert(out.begin(), en ? ',' : '.');
    out.insert(out.begin(), *it);
    ++n;
  }
  if (amount < 0) out.insert(out.begin(), '-');
  return en ? out + " VND" : out + " đồng";
}

void RegisterPublicPages(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Get("/", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    json::object ctx = BaseContext(*s, page, Message(page.locale, "home_title"));
    auto stats = s->services->catalogue->Stats();
    auto fields = s->services->catalogue->Fields();
    ctx["stats"] = json::object{{"total", stats.total},
                                {"online", stats.online_full + stats.online_partial},
                                {"fields", static_cast<int64_t>(fields.size())}};
    json::array list;
    for (const auto& f : fields) {
      list.push_back(json::object{{"code", f.code}, {"name", f.name}, {"count", f.count}});
    }
    ctx["fields"] = std::move(list);
    return Render(*s, page, "home", std::move(ctx));
  });
  router.Get("/thu-tuc", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return CataloguePage(*s, page, "/thu-tuc", false);
  });
  router.Get("/thu-tuc/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return ProcedurePage(*s, page, "/thu-tuc", false);
  });
  router.Get("/tra-cuu", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return LookupPage(*s, page, "/tra-cuu", false);
  });
  router.Get("/tra-cuu/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return LookupPage(*s, page, "/tra-cuu", false);
  });

  // Kiosk: big targets, no JavaScript, back to the start screen when idle.
  router.Get("/kiosk", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    json::object ctx = BaseContext(*s, page, Message(page.locale, "kiosk_title"));
    json::array list;
    for (const auto& f : s->services->catalogue->Fields()) {
      list.push_back(json::object{{"code", f.code}, {"name", f.name}});
    }
    ctx["fields"] = std::move(list);
    ctx["layout"] = "kiosk_layout";
    ctx["idle_seconds"] = kKioskIdleSeconds;
    return Render(*s, page, "kiosk", std::move(ctx));
  });
  router.Get("/kiosk/thu-tuc", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return CataloguePage(*s, page, "/kiosk/thu-tuc", true);
  });
  router.Get("/kiosk/thu-tuc/{code}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return ProcedurePage(*s, page, "/kiosk/thu-tuc", true);
  });
  router.Get("/kiosk/tra-cuu", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    return LookupPage(*s, page, "/kiosk/tra-cuu", true);
  });
}

}  // namespace motcua::web
