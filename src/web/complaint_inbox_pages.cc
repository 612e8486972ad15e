// /dieu-hanh/phan-anh: the staff inbox of complaints and requests (PAKN). Leaders, monitors and
// administrators list the complaints about their agency's subtree, assign one to a staff member
// of that subtree and answer it; a staff member sees and answers the complaints assigned to
// them. Plain forms with the session's CSRF token: it works without JavaScript. The rules
// (scope, who may answer, answer once) are the report service's, as for /api/v1/complaints.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>

#include "domain/local_date.h"
#include "service/agency_service.h"
#include "service/report_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;
using domain::Role;
using Form = std::multimap<std::string, std::string>;

constexpr int kListLimit = 500;

bool IsReader(const Page& page) {
  const Role r = page.session->principal.role;
  return r == Role::kLeader || r == Role::kMonitor || r == Role::kAdmin;
}

// The log-in redirect or 403 when the caller is not staff; nullopt when the page may be shown.
std::optional<http::Response> StaffOnly(const Site& site, const Page& page) {
  if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(page.req.path));
  if (!page.session->principal.IsStaff())
    return ErrorPage(site, page, 403, Message(page.locale, "forbidden"));
  return std::nullopt;
}

http::Response StatusPage(const Site& site, const Page& page, const Status& st) {
  return ErrorPage(site, page, st.http_status(), st.Message(page.locale));
}

// "open", "overdue" or "answered": overdue once the due instant has passed without an answer.
std::string StateOf(const storage::ComplaintRecord& k, int64_t now) {
  if (k.answered_at) return "answered";
  return now > k.due_at ? "overdue" : "open";
}

struct Directory {
  std::map<int64_t, storage::AgencyRecord> agencies;  // by id
  std::map<int64_t, storage::UserRecord> staff;       // in the caller's scope, by id
};

// The agencies (all) and the staff of the caller's subtree; readers only for the staff.
Directory LoadDirectory(const Site& site, const Page& page) {
  Directory d;
  if (auto list = site.services->agencies->List(); list.ok()) {
    for (auto& a : *list) d.agencies.emplace(a.id, std::move(a));
  }
  const auto& me = page.session->principal;
  if (IsReader(page) && !me.agency_code.empty()) {
    if (auto users = site.services->agencies->ListUsers(me, me.agency_code); users.ok()) {
      for (auto& u : *users) {
        if (u.active && u.role != "citizen") d.staff.emplace(u.id, std::move(u));
      }
    }
  }
  return d;
}

std::string AgencyName(const Directory& d, std::optional<int64_t> id) {
  if (!id) return {};
  auto it = d.agencies.find(*id);
  return it == d.agencies.end() ? std::string() : it->second.name;
}

std::string AssigneeName(const Directory& d, const Page& page, const storage::ComplaintRecord& k) {
  if (!k.assigned_user_id) return {};
  if (*k.assigned_user_id == page.session->principal.user_id)
    return page.session->principal.full_name;
  auto it = d.staff.find(*k.assigned_user_id);
  return it == d.staff.end() ? Message(page.locale, "pk_assigned_other") : it->second.full_name;
}

json::object Row(const Directory& d, const Page& page, const storage::ComplaintRecord& k,
                 int64_t now) {
  const std::string state = StateOf(k, now);
  std::string excerpt = k.content;
  if (excerpt.size() > 160) {
    size_t cut = 160;
    while (cut > 0 && (static_cast<unsigned char>(excerpt[cut]) & 0xC0) == 0x80) --cut;
    excerpt = excerpt.substr(0, cut) + "…";
  }
  return json::object{{"id", k.id},
                      {"href", "/dieu-hanh/phan-anh/" + std::to_string(k.id)},
                      {"received_at", HumanInstant(k.received_at)},
                      {"due_at", HumanInstant(k.due_at)},
                      {"channel", ChannelLabel(page.locale, k.channel)},
                      {"agency", AgencyName(d, k.agency_id)},
                      {"excerpt", excerpt},
                      {"assignee", AssigneeName(d, page, k)},
                      {"state", state},
                      {"state_label", Message(page.locale, "pk_state_" + state)},
                      {"overdue", state == "overdue"},
                      {"answered", state == "answered"}};
}

http::Response ListPage(const Site& site, const Page& page) {
  const auto& me = page.session->principal;
  const int64_t now = site.services->clock->NowSeconds();
  const bool reader = IsReader(page);
  std::string agency = page.req.Query("co-quan").value_or("");
  std::string state = page.req.Query("tinh-trang").value_or("");
  if (state != "open" && state != "overdue" && state != "answered") state.clear();
  Result<std::vector<storage::ComplaintRecord>> list =
      reader ? site.services->reports->ListComplaints(
                   me, agency.empty() ? std::nullopt : std::optional<std::string>(agency), 0,
                   int64_t{1} << 40, kListLimit)
             : site.services->reports->AssignedComplaints(me, kListLimit);
  if (!list.ok()) return StatusPage(site, page, list.status());
  Directory d = LoadDirectory(site, page);
  json::object ctx = BaseContext(site, page, Message(page.locale, "pk_title"));
  json::array rows;
  int64_t open = 0, overdue = 0, answered = 0;
  for (const auto& k : *list) {
    const std::string s = StateOf(k, now);
    (s == "answered" ? answered : s == "overdue" ? overdue : open)++;
    // "Open" in the filter means every unanswered complaint, overdue ones included.
    if (!state.empty() && s != state && !(state == "open" && s == "overdue")) continue;
    rows.push_back(Row(d, page, k, now));
  }
  json::array agencies;
  if (reader) {
    for (const auto& [id, a] : d.agencies) {
      if (!me.CoversAgencyPath(a.path) || a.abolished_at) continue;
      agencies.push_back(
          json::object{{"code", a.code}, {"name", a.name}, {"selected", a.code == agency}});
    }
    std::sort(agencies.begin(), agencies.end(), [](const json::value& a, const json::value& b) {
      return a.at("code").as_string() < b.at("code").as_string();
    });
  }
  json::array states;
  for (const char* s : {"open", "overdue", "answered"}) {
    states.push_back(json::object{{"value", s},
                                  {"label", Message(page.locale, std::string("pk_state_") + s)},
                                  {"selected", state == s}});
  }
  ctx["reader"] = reader;
  ctx["agencies"] = std::move(agencies);
  ctx["states"] = std::move(states);
  ctx["counts"] = json::object{{"open", open}, {"overdue", overdue}, {"answered", answered}};
  ctx["has_rows"] = !rows.empty();
  ctx["rows"] = std::move(rows);
  return Render(site, page, "complaint_inbox", std::move(ctx));
}

// The detail page with its assignment and answer forms; `error` is shown above them.
http::Response DetailPage(const Site& site, const Page& page, int64_t id,
                          const std::string& error = "", int status = 200,
                          const std::string& draft = "") {
  const auto& me = page.session->principal;
  auto k = site.services->reports->GetComplaint(me, id);
  if (!k.ok()) return StatusPage(site, page, k.status());
  const int64_t now = site.services->clock->NowSeconds();
  Directory d = LoadDirectory(site, page);
  json::object ctx =
      BaseContext(site, page, fmt::format("{} {}", Message(page.locale, "pk_complaint_no"), k->id));
  json::object c = Row(d, page, *k, now);
  c["content"] = k->content;
  c["answer"] = k->answer;
  c["answered_at"] = k->answered_at ? HumanInstant(*k->answered_at) : std::string();
  c["substantiated"] = k->substantiated.value_or(false);
  c["due_working_days"] = k->due_working_days;
  c["assigned_agency"] = AgencyName(d, k->assigned_agency_id);
  ctx["c"] = std::move(c);
  const bool reader = IsReader(page);
  const bool open = !k->answered_at;
  // Staff of the complaint's own agency come first, then the rest of the caller's subtree.
  json::array staff;
  if (reader && open) {
    std::vector<const storage::UserRecord*> users;
    for (const auto& [uid, u] : d.staff) users.push_back(&u);
    std::stable_sort(users.begin(), users.end(), [&](const auto* a, const auto* b) {
      const bool ia = a->agency_path.rfind(k->agency_path, 0) == 0;
      const bool ib = b->agency_path.rfind(k->agency_path, 0) == 0;
      if (ia != ib) return ia;
      return a->agency_code < b->agency_code;
    });
    for (const auto* u : users) {
      staff.push_back(json::object{
          {"username", u->username},
          {"label", fmt::format("{} — {} ({})", u->full_name,
                                RoleLabel(page.locale,
                                          domain::ParseRole(u->role).value_or(Role::kSpecialist)),
                                AgencyName(d, u->agency_id))},
          {"selected", k->assigned_user_id && *k->assigned_user_id == u->id}});
    }
  }
  ctx["can_assign"] = reader && open && !staff.empty();
  ctx["staff"] = std::move(staff);
  ctx["can_answer"] = open;  // the service allowed the read: reader in scope or assignee
  ctx["draft"] = draft;
  ctx["error"] = error;
  if (page.req.Query("da-giao")) ctx["notice"] = Message(page.locale, "pk_assigned_done");
  if (page.req.Query("da-tra-loi")) ctx["notice"] = Message(page.locale, "pk_answered_done");
  return Render(site, page, "complaint_detail", std::move(ctx), status);
}

std::optional<int64_t> IdOf(const http::Request& req) {
  const std::string& text = req.PathParam("id");
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

// The checks every form of the inbox shares: log-in, staff, a well-formed id, the CSRF token.
using InboxFormHandler = std::function<http::Response(const Page&, int64_t, const Form&)>;
void InboxForm(http::Router& router, const Site* s, std::string pattern, InboxFormHandler fn) {
  router.Post(
      std::move(pattern),
      [s, fn = std::move(fn)](http::Request& req) {
        Page page = MakePage(*s, req);
        if (auto denied = StaffOnly(*s, page)) return *denied;
        auto id = IdOf(req);
        if (!id) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
        Form f = FormBody(req);
        if (!SessionCsrfOk(page, f))
          return ErrorPage(*s, page, 403, Message(page.locale, "csrf_failed"));
        return fn(page, *id, f);
      },
      SmallForm());
}

}  // namespace

void RegisterComplaintInboxPages(http::Router& router, const Site& site) {
  const Site* s = &site;

  router.Get("/dieu-hanh/phan-anh", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = StaffOnly(*s, page)) return *denied;
    return ListPage(*s, page);
  });

  router.Get("/dieu-hanh/phan-anh/{id}", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    if (auto denied = StaffOnly(*s, page)) return *denied;
    auto id = IdOf(req);
    if (!id) return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    return DetailPage(*s, page, *id);
  });

  InboxForm(router, s, "/dieu-hanh/phan-anh/{id}/giao",
            [s](const Page& page, int64_t id, const Form& f) {
              std::string username = FormValue(f, "username");
              if (username.empty())
                return DetailPage(*s, page, id, Message(page.locale, "pk_choose_staff"), 422);
              auto r = s->services->reports->AssignComplaint(page.session->principal, id,
                                                             std::nullopt, username);
              if (!r.ok())
                return DetailPage(*s, page, id, r.status().Message(page.locale),
                                  r.status().http_status());
              return Redirect("/dieu-hanh/phan-anh/" + std::to_string(id) + "?da-giao=1");
            });

  InboxForm(router, s, "/dieu-hanh/phan-anh/{id}/tra-loi",
            [s](const Page& page, int64_t id, const Form& f) {
              std::string answer = FormValue(f, "answer");
              auto r = s->services->reports->AnswerComplaint(
                  page.session->principal, id, answer, !FormValue(f, "substantiated").empty());
              if (!r.ok())
                return DetailPage(*s, page, id, r.status().Message(page.locale),
                                  r.status().http_status(), answer);
              return Redirect("/dieu-hanh/phan-anh/" + std::to_string(id) + "?da-tra-loi=1");
            });
}

}  // namespace motcua::web
