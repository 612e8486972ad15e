// The notification pages (issue 16): the deliveries on the staff dossier page, the citizen's
// channel choices on the account page (POST /ca-nhan/thong-bao), and the unsubscribe link of the
// e-mails (/ngung-nhan-thong-bao?ma=...: GET shows what it stops, POST stops it).
#include <boost/json.hpp>

#include "service/notification_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

http::Response UnsubscribePage(const Site& site, const Page& page, const std::string& token,
                               const std::string& masked, bool done, int status) {
  json::object ctx = BaseContext(site, page, Message(page.locale, "nt_unsub_title"));
  ctx["token"] = token;
  ctx["recipient"] = masked;
  ctx["done"] = done;
  std::string form_token = FormToken(page, nullptr);
  ctx["form_token"] = form_token;
  http::Response r = Render(site, page, "unsubscribe", std::move(ctx), status);
  r.headers.Add("Set-Cookie", std::string(kFormCookie) + "=" + form_token +
                                  "; Path=/; HttpOnly; SameSite=Strict");
  // The link's secret is in the address: never pass it on to another site.
  r.headers.Set("Referrer-Policy", "no-referrer");
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace

json::value DossierNotifications(const Site& site, const Page& page, const std::string& code) {
  if (!site.services->notifications || !page.principal() || !page.principal()->IsStaff())
    return false;
  auto sent = site.services->notifications->ForDossier(*page.principal(), code);
  if (!sent.ok()) return false;
  json::array items;
  for (const auto& n : *sent) {
    items.push_back(json::object{
        {"event", Message(page.locale, "nt_event_" + n.event)},
        {"channel", Message(page.locale, "nt_channel_" + n.channel)},
        {"recipient", n.recipient_masked},
        {"status", Message(page.locale, "nt_status_" + n.status)},
        {"status_class", n.status},
        {"attempts", n.attempts},
        {"created_at", HumanInstant(n.created_at)},
        {"sent_at", n.sent_at ? HumanInstant(*n.sent_at) : std::string()},
        {"next_attempt_at", n.status == "failed" || n.status == "queued"
                                ? HumanInstant(n.next_attempt_at)
                                : std::string()},
        {"last_error", n.last_error},
    });
  }
  return json::object{{"has_items", !items.empty()}, {"items", std::move(items)}};
}

json::value NotificationChoices(const Site& site, const Page& page) {
  if (!site.services->notifications || !page.principal() ||
      page.principal()->role != domain::Role::kCitizen)
    return false;
  auto p = site.services->notifications->Preferences(*page.principal());
  if (!p.ok()) return false;
  return json::object{{"email", p->email},
                      {"sms", p->sms},
                      {"zalo", p->zalo},
                      {"saved", page.req.Query("da-luu-thong-bao").has_value()}};
}

void RegisterNotificationPages(http::Router& router, const Site& site) {
  const Site* s = &site;
  router.Post(
      "/ca-nhan/thong-bao",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        if (!page.session) return Redirect("/dang-nhap?next=/ca-nhan");
        auto form = FormBody(req);
        if (!SessionCsrfOk(page, form))
          return ErrorPage(*s, page, 403, Message(page.locale, "csrf_failed"));
        if (page.session->principal.role != domain::Role::kCitizen)
          return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
        storage::NotificationPreferencesRecord p;
        p.email = !FormValue(form, "email").empty();
        p.sms = !FormValue(form, "sms").empty();
        p.zalo = !FormValue(form, "zalo").empty();
        Status st = s->services->notifications->SetPreferences(page.session->principal, p);
        if (!st.ok()) return ErrorPage(*s, page, st.http_status(), st.Message(page.locale));
        return Redirect("/ca-nhan?da-luu-thong-bao=1");
      },
      SmallForm());

  router.Get("/ngung-nhan-thong-bao", [s](http::Request& req) {
    Page page = MakePage(*s, req);
    std::string token = req.Query("ma").value_or("");
    auto masked = s->services->notifications->CheckUnsubscribe(token);
    if (!masked.ok())
      return ErrorPage(*s, page, masked.status().http_status(),
                       masked.status().Message(page.locale));
    return UnsubscribePage(*s, page, token, *masked, false, 200);
  });

  router.Post(
      "/ngung-nhan-thong-bao",
      [s](http::Request& req) {
        Page page = MakePage(*s, req);
        auto form = FormBody(req);
        std::string token = FormValue(form, "ma");
        auto masked = s->services->notifications->CheckUnsubscribe(token);
        if (!masked.ok())
          return ErrorPage(*s, page, masked.status().http_status(),
                           masked.status().Message(page.locale));
        if (!FormTokenOk(page, form))
          return ErrorPage(*s, page, 403, Message(page.locale, "csrf_failed"));
        Status st = s->services->notifications->Unsubscribe(token);
        if (!st.ok()) return ErrorPage(*s, page, st.http_status(), st.Message(page.locale));
        return UnsubscribePage(*s, page, token, *masked, true, 200);
      },
      SmallForm());
}

}  // namespace motcua::web
