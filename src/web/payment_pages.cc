#include "web/payment_pages.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "domain/dossier_state.h"
#include "domain/local_date.h"
#include "domain/payment_gateway.h"
#include "forms/e_receipt.h"
#include "service/payment_service.h"
#include "web/i18n.h"
#include "web/page_registry.h"

namespace motcua::web {
namespace json = boost::json;
using domain::Role;

namespace {

std::string S(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_int64()) return std::to_string(v->get_int64());
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int64_t I(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

bool Allowed(const json::object& d, std::string_view action) {
  if (const json::value* av = d.if_contains("allowed_actions"); av && av->is_array())
    for (const auto& a : av->get_array())
      if (a.is_string() && a.get_string() == action) return true;
  return false;
}

int IntField(const std::multimap<std::string, std::string>& form, const std::string& key,
             int fallback) {
  const std::string v = FormValue(form, key);
  if (v.empty() || v.size() > 6) return v.empty() ? fallback : -1;
  for (char c : v)
    if (c < '0' || c > '9') return -1;
  return std::stoi(v);
}

int64_t Version(const std::multimap<std::string, std::string>& form) {
  const std::string v = FormValue(form, "version");
  if (v.empty() || v.size() > 18) return 0;
  for (char c : v)
    if (c < '0' || c > '9') return 0;
  return std::stoll(v);
}

std::string Money(const Page& page, int64_t amount) { return FormatMoney(amount, page.en()); }

json::array FeeLines(const Page& page, const json::value& fee) {
  json::array out;
  if (!fee.is_object()) return out;
  if (const json::value* ls = fee.get_object().if_contains("lines"); ls && ls->is_array()) {
    for (const auto& l : ls->get_array()) {
      if (!l.is_object()) continue;
      const json::object& lo = l.get_object();
      const std::string basis = S(lo, "basis");
      std::string qty = std::to_string(I(lo, "quantity"));
      if (basis == "per_copy") qty += page.en() ? " copies" : " bản";
      if (basis == "per_page") qty += page.en() ? " pages" : " trang";
      out.push_back(json::object{{"name", S(lo, "name")},
                                 {"quantity", basis == "flat" ? std::string() : qty},
                                 {"unit", Money(page, I(lo, "unit_amount"))},
                                 {"amount", Money(page, I(lo, "amount"))}});
    }
  }
  return out;
}

std::string PaymentStatusLabel(const Page& page, const std::string& status) {
  if (status == "paid") return Message(page.locale, "pay_status_paid");
  if (status == "pending") return Message(page.locale, "pay_status_pending");
  if (status == "failed") return Message(page.locale, "pay_status_failed");
  return status;
}

std::string MethodLabel(const Page& page, const std::string& method) {
  if (method == "cash") return Message(page.locale, "pay_cash");
  if (method == "pos") return Message(page.locale, "pay_pos");
  if (method == "gateway") return Message(page.locale, "pay_online");
  return method;
}

// The gateway's parameters as received (query or form), decoded.
domain::GatewayParams GatewayParamsOf(const std::multimap<std::string, std::string>& kv) {
  domain::GatewayParams out;
  for (const auto& [k, v] : kv)
    if (k.rfind("vnp_", 0) == 0 && k.size() < 64 && v.size() < 1024) out[k] = v;
  return out;
}

http::Response IpnResponse(const Site& site, const domain::GatewayParams& params) {
  service::IpnAnswer a = site.services->payments->HandleIpn(params);
  http::Response r = http::Response::Json(200, a.ToJson());
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos &&
      (s.empty() || (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@')))
    return s;
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

json::value PaymentBox(const Site& site, const Page& page, const json::object& d,
                       const FeeFormInput* form) {
  service::PaymentService* payments = site.services->payments;
  if (!payments || !page.principal()) return false;
  const service::Principal& me = *page.principal();
  const std::string code = S(d, "code");
  auto info = payments->DossierPayments(me, code, /*already_read=*/true);
  if (!info.ok()) return false;
  const json::object& pi = *info;
  const bool waiting = S(d, "status") == "waiting_payment";
  const bool can_request =
      Allowed(d, "request_payment") && (me.role == Role::kSpecialist || me.role == Role::kLeader);
  const bool can_pay = Allowed(d, "pay");
  const bool has_fee = pi.contains("fee");
  const bool has_rows =
      !pi.at("payments").as_array().empty() || !pi.at("refunds").as_array().empty();
  if (!can_request && !has_fee && !has_rows) return false;

  json::object box{{"code", code}, {"version", S(d, "version")}, {"waiting", waiting}};
  if (has_fee) {
    const json::value& fee = pi.at("fee");
    box["fee"] = json::object{
        {"lines", FeeLines(page, fee)},
        {"total", Money(page, I(fee.as_object(), "total"))},
        {"gross", Money(page, I(fee.as_object(), "gross"))},
        {"free", I(fee.as_object(), "gross") == 0},
        {"exempt", fee.as_object().contains("exemption")},
        {"exemption", fee.as_object().contains("exemption")
                          ? S(fee.as_object().at("exemption").as_object(), "label") + " (" +
                                S(fee.as_object().at("exemption").as_object(), "legal_basis") + ")"
                          : std::string()},
        {"exemption_reason", S(fee.as_object(), "exemption_reason")}};
  } else {
    box["fee"] = false;
  }
  box["amount_due"] = Money(page, I(pi, "amount_due"));
  json::array ps;
  for (const auto& pv : pi.at("payments").as_array()) {
    const json::object& p = pv.as_object();
    json::object row{{"method", MethodLabel(page, S(p, "method"))},
                     {"amount", Money(page, I(p, "amount"))},
                     {"status", PaymentStatusLabel(page, S(p, "status"))},
                     {"paid", S(p, "status") == "paid"},
                     {"paid_at", p.contains("paid_at_unix") ? HumanInstant(I(p, "paid_at_unix"))
                                                            : std::string()},
                     {"reference", p.contains("gateway_txn_no") ? S(p, "gateway_txn_no")
                                                                : S(p, "counter_receipt_no")},
                     {"receipt_no", S(p, "receipt_no")}};
    if (p.contains("receipt_no"))
      row["receipt_href"] =
          "/ho-so/" + UrlEncode(code) + "/bien-lai/" + UrlEncode(S(p, "receipt_no")) + ".pdf";
    ps.push_back(std::move(row));
  }
  box["has_payments"] = !ps.empty();
  box["payments"] = std::move(ps);
  const bool refund_staff = me.role == Role::kReceptionOfficer || me.role == Role::kLeader;
  json::array rs;
  for (const auto& rv : pi.at("refunds").as_array()) {
    const json::object& r = rv.as_object();
    const bool pending = S(r, "status") == "pending";
    rs.push_back(json::object{
        {"id", I(r, "id")},
        {"amount", Money(page, I(r, "amount"))},
        {"status", Message(page.locale, pending ? "pay_refund_pending" : "pay_refund_done")},
        {"reason", S(r, "reason")},
        {"reference", S(r, "reference")},
        {"can_mark", pending && refund_staff}});
  }
  box["has_refunds"] = !rs.empty();
  box["refunds"] = std::move(rs);

  // Staff with the step: the request form, with the amount for the counts entered.
  if (can_request) {
    FeeFormInput in = form ? *form : FeeFormInput{};
    json::object req{
        {"pages", in.pages}, {"copies", in.copies}, {"exemption_reason", in.exemption_reason}};
    json::array options;
    for (const auto& e : payments->exemptions())
      options.push_back(json::object{{"code", e.code},
                                     {"label", e.label + " — " + e.legal_basis},
                                     {"selected", e.code == in.exemption}});
    req["exemptions"] = std::move(options);
    auto a = payments->Assess(me, code, {in.pages, in.copies}, in.exemption,
                              in.exemption.empty() ? std::string() : in.exemption_reason,
                              /*already_read=*/true);
    if (a.ok()) {
      req["computed"] = Money(page, a->total);
      req["lines"] = FeeLines(page, domain::ToJson(*a));
    } else if (!in.exemption.empty() && a.status().reason() == "exemption_reason_required") {
      req["computed"] = Money(page, 0);
    } else {
      req["computed_error"] = ErrorWithField(page.locale, a.status());
    }
    box["request"] = std::move(req);
  } else {
    box["request"] = false;
  }
  box["counter"] = can_pay && me.role == Role::kReceptionOfficer && I(pi, "amount_due") > 0;
  box["online"] =
      can_pay && me.role == Role::kCitizen && payments->online_enabled() && I(pi, "amount_due") > 0;
  box["counter_hint"] = can_pay && me.role == Role::kCitizen && !payments->online_enabled();
  return box;
}

// A signed-in form posted from a dossier's page: the session and the form's CSRF token are
// checked alike for every payment action before `act` sees the form and the dossier's code.
using DossierFormAction = std::function<http::Response(
    http::Request&, Page&, const std::multimap<std::string, std::string>&, const std::string&)>;

http::Handler DossierForm(const Site* s, DossierFormAction act) {
  return [s, act = std::move(act)](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap");
    auto form = FormBody(req);
    const std::string& code = req.PathParam("code");
    if (!SessionCsrfOk(page, form))
      return RenderDossierPage(*s, page, code, Message(page.locale, "csrf_failed"), "", 403);
    return act(req, page, form, code);
  };
}

// The dossier's page again, with the refusal and its field.
http::Response Refused(const Site& s, const Page& page, const std::string& code, const Status& st) {
  return RenderDossierPage(s, page, code, ErrorWithField(page.locale, st), "", st.http_status());
}

void RegisterPaymentPages(http::Router& router, const Site& site) {
  const Site* s = &site;
  service::PaymentService* payments = site.services->payments;

  // Staff: request the fee (or recompute the amount for other counts, changing nothing).
  router.Post(
      "/ho-so/{code}/phi",
      DossierForm(
          s,
          [s, payments](http::Request&, Page& page, const auto& form, const std::string& code) {
            FeeFormInput in;
            in.pages = IntField(form, "pages", 1);
            in.copies = IntField(form, "copies", 1);
            in.exemption = FormValue(form, "exemption");
            in.exemption_reason = FormValue(form, "exemption_reason");
            in.preview = !FormValue(form, "preview").empty();
            if (in.preview) return RenderDossierPage(*s, page, code, "", "", 200, &in);
            auto r = payments->RequestPayment(page.session->principal, code, Version(form),
                                              {in.pages, in.copies}, in.exemption,
                                              in.exemption.empty() ? "" : in.exemption_reason);
            if (!r.ok())
              return RenderDossierPage(*s, page, code, ErrorWithField(page.locale, r.status()), "",
                                       r.status().http_status(), &in);
            return Redirect("/ho-so/" + UrlEncode(code) + "?da-yeu-cau-phi=1");
          }),
      SmallForm());

  // Reception officer: the fee paid at the counter (cash or POS) with the slip's number.
  router.Post("/ho-so/{code}/nop-phi-tai-quay",
              DossierForm(s,
                          [s, payments](http::Request&, Page& page, const auto& form,
                                        const std::string& code) {
                            auto r = payments->RecordCounterPayment(
                                page.session->principal, code, Version(form),
                                FormValue(form, "method"), FormValue(form, "counter_receipt_no"));
                            if (!r.ok()) return Refused(*s, page, code, r.status());
                            return Redirect("/ho-so/" + UrlEncode(code) + "?da-nop-phi=1");
                          }),
              SmallForm());

  // The applicant: a pending order, then a page with the way to the gateway. The page's own
  // link leaves the site (a form's redirect to another origin would break form-action 'self').
  router.Post(
      "/ho-so/{code}/thanh-toan",
      DossierForm(
          s,
          [s, payments](http::Request& req, Page& page, const auto&, const std::string& code) {
            auto url =
                payments->StartOnlinePayment(page.session->principal, code, req.remote_address);
            if (!url.ok()) return Refused(*s, page, code, url.status());
            json::object ctx = BaseContext(*s, page, Message(page.locale, "pay_confirm_title"));
            auto info = payments->DossierPayments(page.session->principal, code);
            ctx["code"] = code;
            ctx["amount"] = info.ok() ? Money(page, I(*info, "amount_due")) : std::string();
            ctx["gateway_url"] = *url;
            ctx["back_href"] = "/ho-so/" + UrlEncode(code);
            return Render(*s, page, "payment_redirect", std::move(ctx));
          }),
      SmallForm());

  // The gateway brings the browser back: the signature is checked, nothing is marked paid.
  router.Get("/thanh-toan/ket-qua", [s, payments](http::Request& req) {
    Page page = MakePage(*s, req);
    service::ReturnView v = payments->VerifyReturn(GatewayParamsOf(req.query));
    json::object ctx = BaseContext(*s, page, Message(page.locale, "pay_result_title"));
    std::string message, kind = "alert";
    if (!v.signature_ok) {
      message = Message(page.locale, "pay_result_invalid");
    } else if (v.confirmed) {
      message = Message(page.locale, "pay_result_confirmed");
      kind = "notice";
    } else if (v.success) {
      message = Message(page.locale, "pay_result_awaiting");
      kind = "notice";
    } else {
      message = Message(page.locale, "pay_result_failed");
    }
    ctx["message"] = message;
    ctx["is_notice"] = kind == "notice";
    ctx["confirmed"] = v.confirmed;
    ctx["amount"] = v.signature_ok ? Money(page, v.amount) : std::string();
    ctx["txn_ref"] = v.signature_ok ? v.txn_ref : std::string();
    ctx["back_href"] =
        v.dossier_code.empty() ? std::string("/ca-nhan") : "/ho-so/" + UrlEncode(v.dossier_code);
    return Render(*s, page, "payment_result", std::move(ctx), v.signature_ok ? 200 : 400);
  });

  // The gateway's server-to-server notification (GET as the protocol has it; POST accepted).
  router.Get("/thanh-toan/ipn",
             [s](http::Request& req) { return IpnResponse(*s, GatewayParamsOf(req.query)); });
  router.Post(
      "/thanh-toan/ipn",
      [s](http::Request& req) {
        auto params = GatewayParamsOf(req.query);
        for (const auto& [k, v] : GatewayParamsOf(FormBody(req))) params[k] = v;
        return IpnResponse(*s, params);
      },
      SmallForm());

  // The e-receipt of one of the dossier's payments, for whoever may see the dossier.
  router.Get("/ho-so/{code}/bien-lai/{file}", [s, payments](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    const std::string& code = req.PathParam("code");
    std::string file = req.PathParam("file");
    if (file.size() < 5 || file.substr(file.size() - 4) != ".pdf")
      return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
    auto pdf = payments->ReceiptPdf(page.session->principal, code, file.substr(0, file.size() - 4));
    if (!pdf.ok()) {
      const int status = pdf.status().code() == Code::kPermissionDenied ? 403 : 404;
      return ErrorPage(*s, page, status, Message(page.locale, "pay_check_invalid"));
    }
    http::Response r = http::Response::Text(200, std::move(pdf->bytes), "application/pdf");
    r.headers.Set("Content-Disposition", "inline; filename=\"" + pdf->file_name + "\"");
    r.headers.Set("Cache-Control", "no-store");
    return r;
  });

  // The QR code's public check: throttled like the lookup, nothing personal.
  router.Get("/bien-lai/{number}", [s, payments](http::Request& req) {
    Page page = MakePage(*s, req);
    if (int64_t wait = s->services->dossiers->LookupRetryAfter(req.remote_address); wait > 0)
      return ErrorPage(*s, page, 429, Message(page.locale, "lookup_rate_limited"));
    auto check = payments->CheckReceipt(req.PathParam("number"), req.Query("k").value_or(""));
    json::object ctx = BaseContext(*s, page, Message(page.locale, "pay_check_title"));
    ctx["valid"] = check.ok();
    if (check.ok()) {
      ctx["receipt_no"] = check->receipt_no;
      ctx["agency"] = check->agency_name;
      ctx["amount"] = Money(page, check->amount);
      ctx["paid_at"] = HumanInstant(check->paid_at);
      ctx["refunded"] = check->refunded;
    }
    http::Response r = Render(*s, page, "receipt_check", std::move(ctx), check.ok() ? 200 : 404);
    r.headers.Set("Referrer-Policy", "no-referrer");  // the check code stays out of logs
    return r;
  });

  // Staff: a pending refund was paid back.
  router.Post("/ho-so/{code}/hoan-phi/{id}",
              DossierForm(s,
                          [s, payments](http::Request& req, Page& page, const auto& form,
                                        const std::string& code) {
                            int64_t id = 0;
                            const std::string& raw = req.PathParam("id");
                            if (raw.empty() || raw.size() > 18 ||
                                raw.find_first_not_of("0123456789") != std::string::npos)
                              return ErrorPage(*s, page, 404, Message(page.locale, "not_found"));
                            id = std::stoll(raw);
                            Status st = payments->MarkRefunded(page.session->principal, code, id,
                                                               FormValue(form, "reference"));
                            if (!st.ok()) return Refused(*s, page, code, st);
                            return Redirect("/ho-so/" + UrlEncode(code) + "?da-hoan-phi=1");
                          }),
              SmallForm());

  // Reconciliation: online payments vs the gateway's notifications, as a page or CSV.
  router.Get("/dieu-hanh/doi-soat", [s, payments](http::Request& req) {
    Page page = MakePage(*s, req);
    if (!page.session) return Redirect("/dang-nhap?next=" + UrlEncode(req.path));
    const service::Principal& me = page.session->principal;
    const std::string today = domain::LocalDateOf(s->services->clock->NowSeconds()).ToString();
    const std::string from = req.Query("tu").value_or(today);
    const std::string to = req.Query("den").value_or(from);
    auto rec = payments->Reconcile(me, from, to);
    if (!rec.ok()) {
      if (rec.status().code() == Code::kPermissionDenied)
        return ErrorPage(*s, page, 403, Message(page.locale, "forbidden"));
      return ErrorPage(*s, page, rec.status().http_status(),
                       ErrorWithField(page.locale, rec.status()));
    }
    auto flag = [&](const std::string& f) { return Message(page.locale, "pay_flag_" + f); };
    if (req.Query("dinh-dang").value_or("") == "csv") {
      std::string csv =
          "txn_ref,dossier_code,recorded_amount,recorded_status,gateway_amount,gateway_code,"
          "notifications,flag,flag_label,at\r\n";
      for (const auto& r : rec->rows) {
        csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", CsvCell(r.txn_ref),
                           CsvCell(r.dossier_code), r.recorded_amount, r.recorded_status,
                           r.gateway_amount ? std::to_string(*r.gateway_amount) : std::string(),
                           CsvCell(r.gateway_code), r.notifications, r.flag, CsvCell(flag(r.flag)),
                           domain::FormatLocalDateTime(r.at));
      }
      http::Response resp =
          http::Response::Text(200, "\xEF\xBB\xBF" + csv, "text/csv; charset=utf-8");
      resp.headers.Set("Content-Disposition",
                       "attachment; filename=\"doi-soat-" + from + "-" + to + ".csv\"");
      resp.headers.Set("Cache-Control", "no-store");
      return resp;
    }
    json::object ctx = BaseContext(*s, page, Message(page.locale, "pay_recon_title"));
    json::array rows;
    for (const auto& r : rec->rows)
      rows.push_back(json::object{
          {"txn_ref", r.txn_ref},
          {"dossier_code", r.dossier_code},
          {"dossier_href",
           r.dossier_code.empty() ? std::string() : "/ho-so/" + UrlEncode(r.dossier_code)},
          {"recorded_amount",
           r.recorded_status.empty() ? std::string() : Money(page, r.recorded_amount)},
          {"recorded_status", PaymentStatusLabel(page, r.recorded_status)},
          {"gateway_amount", r.gateway_amount ? Money(page, *r.gateway_amount) : std::string()},
          {"gateway_code", r.gateway_code},
          {"notifications", r.notifications},
          {"flag", flag(r.flag)},
          {"flag_class", r.flag},
          {"mismatch", r.flag != "ok" && r.flag != "abandoned" && r.flag != "failed"},
          {"at", HumanInstant(r.at)}});
    ctx["from"] = from;
    ctx["to"] = to;
    ctx["has_rows"] = !rows.empty();
    ctx["rows"] = std::move(rows);
    ctx["recorded_total"] = Money(page, rec->recorded_total);
    ctx["gateway_total"] = Money(page, rec->gateway_total);
    ctx["mismatches"] = rec->mismatches;
    ctx["csv_href"] =
        "/dieu-hanh/doi-soat?tu=" + UrlEncode(from) + "&den=" + UrlEncode(to) + "&dinh-dang=csv";
    return Render(*s, page, "reconciliation", std::move(ctx));
  });
}

}  // namespace motcua::web
