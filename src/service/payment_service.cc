#include "service/payment_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/crypto.h"
#include "domain/amount_words.h"
#include "domain/dossier_state.h"
#include "domain/local_date.h"
#include "forms/e_receipt.h"
#include "storage/agency_store.h"
#include "storage/dossier_store.h"

namespace motcua::service {
namespace json = boost::json;
using domain::Role;
using storage::Connection;
using storage::DossierRecord;
using storage::PaymentRecord;

namespace {

Result<std::optional<json::value>> ReadJsonFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<json::value>();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code jec;
  json::value v = json::parse(ss.str(), jec);
  if (jec) return Status::Validation("invalid_json", path);
  return std::optional<json::value>(std::move(v));
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

json::object ParseObject(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_object() ? v.get_object() : json::object();
}

domain::Channel ChannelOf(const std::string& channel) {
  if (channel == "online") return domain::Channel::kOnline;
  if (channel == "postal") return domain::Channel::kPostal;
  return domain::Channel::kInPerson;
}

// The amount due recorded by request_payment, if any.
std::optional<int64_t> AmountDue(const json::object& result) {
  const json::value* fee = result.if_contains("fee");
  if (!fee || !fee->is_object()) return std::nullopt;
  const json::value* total = fee->get_object().if_contains("total");
  if (!total || !total->is_int64()) return std::nullopt;
  return total->get_int64();
}

Result<DossierRecord> FindDossier(Connection& c, const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
  if (!d) return Status::NotFound("dossier_not_found", "code");
  return std::move(*d);
}

Result<storage::AgencyRecord> Agency(Connection& c, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyById(c, id));
  if (!a) return Status::Internal("payment refers to a missing agency");
  return std::move(*a);
}

std::string ApplicantName(const DossierRecord& d) {
  return Str(ParseObject(d.applicant), "full_name");
}

json::object PaymentJson(const PaymentRecord& p) {
  json::object o{{"id", p.id},
                 {"channel", p.channel},
                 {"method", p.method},
                 {"method_label", PaymentMethodLabelVi(p.method)},
                 {"amount", p.amount},
                 {"status", p.status},
                 {"created_at_unix", p.created_at}};
  if (p.txn_ref) o["txn_ref"] = *p.txn_ref;
  if (!p.gateway_txn_no.empty()) o["gateway_txn_no"] = p.gateway_txn_no;
  if (!p.counter_receipt_no.empty()) o["counter_receipt_no"] = p.counter_receipt_no;
  if (p.receipt_no) o["receipt_no"] = *p.receipt_no;
  if (p.paid_at) o["paid_at_unix"] = *p.paid_at;
  return o;
}

}  // namespace

std::string PaymentMethodLabelVi(const std::string& method) {
  if (method == "cash") return "Tiền mặt";
  if (method == "pos") return "Thẻ qua máy POS";
  if (method == "gateway") return "Thanh toán trực tuyến qua cổng thanh toán";
  return method;
}

json::object IpnAnswer::ToJson() const {
  return json::object{{"RspCode", rsp_code}, {"Message", message}};
}

Result<FeeConfig> LoadFeeConfig(const std::string& data_dir, const std::string& province_path) {
  FeeConfig cfg;
  const std::string base = data_dir.empty() ? std::string(".") : data_dir;
  const std::string province =
      province_path.empty() ? base + "/data/fees/province.json" : province_path;
  MOTCUA_ASSIGN_OR_RETURN(auto pv, ReadJsonFile(province));
  if (!province_path.empty() && !pv) return Status::NotFound("file_not_found", province_path);
  if (pv) {
    auto parsed = domain::ProvinceFeesFromJson(*pv);
    if (!parsed.ok())
      return Status::Validation("invalid_field", province + ": " + parsed.status().field());
    cfg.province = std::move(parsed).value();
  }
  const std::string exemptions = base + "/data/fees/exemptions.json";
  MOTCUA_ASSIGN_OR_RETURN(auto ev, ReadJsonFile(exemptions));
  if (ev) {
    auto parsed = domain::FeeExemptionsFromJson(*ev);
    if (!parsed.ok())
      return Status::Validation("invalid_field", exemptions + ": " + parsed.status().field());
    cfg.exemptions = std::move(parsed).value();
  }
  return cfg;
}

PaymentService::PaymentService(storage::Database& db, const Clock& clock,
                               CatalogueService& catalogue, DossierService& dossiers,
                               FeeConfig config, PaymentOptions options)
    : db_(db),
      clock_(clock),
      catalogue_(catalogue),
      dossiers_(dossiers),
      config_(std::move(config)),
      options_(std::move(options)) {}

void PaymentService::SetPublicUrl(std::string url) {
  std::lock_guard lock(url_mu_);
  options_.public_url = std::move(url);
}

std::string PaymentService::VerifyUrl(const PaymentRecord& p) const {
  std::lock_guard lock(url_mu_);
  return options_.public_url + "/bien-lai/" + p.receipt_no.value_or("") + "?k=" + p.receipt_token;
}

Result<domain::FeeAssessment> PaymentService::Assess(
    const Principal& caller, const std::string& code, const domain::FeeCount& count,
    const std::string& exemption_code, const std::string& exemption_reason, bool already_read) {
  if (caller.role != Role::kSpecialist && caller.role != Role::kLeader)
    return Status::PermissionDenied("role_cannot_act");
  if (!already_read) MOTCUA_RETURN_IF_ERROR(dossiers_.Get(&caller, code).status());
  std::optional<DossierRecord> d;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, FindDossier(c, code));
    return Status::Ok();
  }));
  const domain::FeeExemption* exemption = nullptr;
  if (!exemption_code.empty()) {
    exemption = domain::FindExemption(config_.exemptions, exemption_code);
    if (!exemption) return Status::Validation("invalid_exemption", "exemption");
  }
  MOTCUA_ASSIGN_OR_RETURN(auto detail, catalogue_.Get(d->procedure_code));
  for (const auto& v : detail.versions) {
    if (v.version != d->procedure_version) continue;
    boost::system::error_code ec;
    json::value doc = json::parse(v.document, ec);
    if (ec) return Status::Internal("stored procedure document is not JSON");
    MOTCUA_ASSIGN_OR_RETURN(auto p, domain::ProcedureFromJson(doc));
    return domain::AssessFees(p, ChannelOf(d->channel), count, config_.province, exemption,
                              exemption_reason);
  }
  return Status::Internal("dossier refers to a missing procedure version");
}

Result<Reply> PaymentService::RequestPayment(const Principal& caller, const std::string& code,
                                             int64_t version, const domain::FeeCount& count,
                                             const std::string& exemption_code,
                                             const std::string& exemption_reason) {
  MOTCUA_ASSIGN_OR_RETURN(auto a, Assess(caller, code, count, exemption_code, exemption_reason));
  const int64_t now = clock_.NowSeconds();
  ActionInput in;
  in.action = "request_payment";
  in.version = version;
  in.settled = a.total == 0;
  in.within = [&](Connection&, const DossierRecord&, json::object& result,
                  json::object& detail) -> Status {
    json::object fee = domain::ToJson(a);
    fee["requested_at_unix"] = now;
    fee["requested_by"] = caller.full_name;
    // A further request (an additional fee) keeps the earlier ones: their receipts print them.
    if (const json::value* earlier = result.if_contains("fee")) {
      json::array history;
      if (const json::value* h = result.if_contains("fee_history"); h && h->is_array())
        history = h->get_array();
      history.push_back(*earlier);
      result["fee_history"] = std::move(history);
    }
    result["fee"] = std::move(fee);
    detail["amount"] = a.total;
    if (a.exemption) detail["exemption"] = a.exemption->code;
    return Status::Ok();
  };
  return dossiers_.Act(caller, code, in);
}

Result<PaymentRecord> PaymentService::Settle(Connection& c, PaymentRecord p, int64_t now) {
  MOTCUA_ASSIGN_OR_RETURN(auto agency, Agency(c, p.agency_id));
  const int year = domain::LocalDateOf(now).year;
  MOTCUA_ASSIGN_OR_RETURN(int64_t n, storage::NextReceiptNumber(c, p.agency_id, year));
  p.receipt_no = fmt::format("BL{:02}-{}-{:07}", year % 100, agency.code, n);
  p.receipt_token = RandomToken(16);
  p.status = "paid";
  p.paid_at = now;
  return p;
}

Result<Reply> PaymentService::RecordCounterPayment(const Principal& caller, const std::string& code,
                                                   int64_t version, const std::string& method,
                                                   const std::string& counter_receipt_no) {
  if (caller.role != Role::kReceptionOfficer) return Status::PermissionDenied("role_cannot_act");
  const int64_t now = clock_.NowSeconds();
  ActionInput in;
  in.action = "pay";
  in.version = version;
  std::string slip = counter_receipt_no;
  slip.erase(0, slip.find_first_not_of(" \t"));
  while (!slip.empty() && (slip.back() == ' ' || slip.back() == '\t')) slip.pop_back();
  // Checked once the caller's scope is (inside the action), so strangers learn nothing.
  in.within = [&](Connection& c, const DossierRecord& d, json::object& result,
                  json::object& detail) -> Status {
    if (method != "cash" && method != "pos") return Status::Validation("invalid_method", "method");
    if (slip.empty()) return Status::Validation("missing_field", "counter_receipt_no");
    if (slip.size() > 64) return Status::Validation("invalid_field", "counter_receipt_no");
    auto due = AmountDue(result);
    if (!due) return Status::Conflict("no_amount_due", "action");
    PaymentRecord p;
    p.dossier_id = d.id;
    p.agency_id = d.agency_id;
    p.channel = "counter";
    p.method = method;
    p.amount = *due;
    p.counter_receipt_no = slip;
    p.payer_name = ApplicantName(d);
    p.recorded_by = caller.user_id;
    p.created_at = now;
    MOTCUA_ASSIGN_OR_RETURN(p, Settle(c, std::move(p), now));
    MOTCUA_ASSIGN_OR_RETURN(p, storage::InsertPayment(c, p));
    detail["payment"] = PaymentJson(p);
    return Status::Ok();
  };
  return dossiers_.Act(caller, code, in);
}

Result<std::string> PaymentService::StartOnlinePayment(const Principal& caller,
                                                       const std::string& code,
                                                       const std::string& client_address) {
  if (caller.role != Role::kCitizen) return Status::PermissionDenied("not_applicant");
  const int64_t now = clock_.NowSeconds();
  PaymentRecord p;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, FindDossier(c, code));
    if (!d.applicant_user_id || *d.applicant_user_id != caller.user_id)
      return Status::NotFound("dossier_not_found", "code");
    if (d.status != domain::DossierStateName(domain::DossierState::kWaitingPayment))
      return Status::Conflict("not_waiting_payment", "code");
    auto due = AmountDue(ParseObject(d.result));
    if (!due || *due <= 0) return Status::Conflict("no_amount_due", "code");
    if (!online_enabled()) return Status::NotFound("online_payment_off");
    p.dossier_id = d.id;
    p.agency_id = d.agency_id;
    p.channel = "online";
    p.method = "gateway";
    p.amount = *due;
    p.status = "pending";
    p.payer_name = ApplicantName(d);
    p.recorded_by = caller.user_id;
    p.created_at = now;
    // Unique, unguessable enough not to enumerate, and free of characters gateways reject.
    p.txn_ref = fmt::format("{}{}", now, RandomHex(5));
    MOTCUA_ASSIGN_OR_RETURN(p, storage::InsertPayment(c, p));
    return Status::Ok();
  }));
  domain::PaymentOrder order;
  order.merchant = options_.merchant;
  order.amount_vnd = p.amount;
  order.txn_ref = *p.txn_ref;
  order.order_info = "Thanh toan phi, le phi ho so " + code;
  {
    std::lock_guard lock(url_mu_);
    order.return_url = options_.public_url + "/thanh-toan/ket-qua";
  }
  order.create_date = domain::GatewayDate(now);
  order.expire_date = domain::GatewayDate(now + int64_t{options_.expire_minutes} * 60);
  order.ip_address = client_address.empty() ? "127.0.0.1" : client_address;
  return domain::PaymentRedirectUrl(options_.gateway_url, order, options_.secret);
}

IpnAnswer PaymentService::HandleIpn(const domain::GatewayParams& params) {
  const int64_t now = clock_.NowSeconds();
  auto get = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  storage::GatewayNotificationRecord log;
  log.received_at = now;
  log.txn_ref = get("vnp_TxnRef").substr(0, 64);
  log.amount = domain::GatewayAmountVnd(get("vnp_Amount"));
  log.response_code = get("vnp_ResponseCode").substr(0, 8);
  log.gateway_txn_no = get("vnp_TransactionNo").substr(0, 64);
  log.signature_ok =
      !options_.secret.empty() && domain::VerifyGatewayParams(params, options_.secret);
  // Answers that change nothing but the log, in their own small transaction.
  auto answer = [&](const char* code, const char* message) {
    log.answer = code;
    Status st = db_.Write(
        [&](Connection& c) { return storage::InsertGatewayNotification(c, log).status(); });
    if (!st.ok()) spdlog::warn("gateway notification not logged: {}", st.ToString());
    return IpnAnswer{code, message};
  };
  if (!log.signature_ok) return answer(domain::kIpnInvalidSignature, "Invalid signature");

  for (int attempt = 0; attempt < 3; ++attempt) {
    std::optional<PaymentRecord> p;
    std::optional<DossierRecord> d;
    Status read = db_.Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(p, storage::FindPaymentByTxnRef(c, log.txn_ref));
      if (!p) return Status::Ok();
      MOTCUA_ASSIGN_OR_RETURN(d, storage::FindDossierById(c, p->dossier_id));
      return Status::Ok();
    });
    if (!read.ok()) return answer(domain::kIpnOther, "Unknown error");
    if (!p || !d) return answer(domain::kIpnOrderNotFound, "Order not found");
    if (!log.amount || *log.amount != p->amount)
      return answer(domain::kIpnInvalidAmount, "Invalid amount");
    if (p->status != "pending")
      return answer(domain::kIpnAlreadyConfirmed, "Order already confirmed");

    const std::string tstatus = get("vnp_TransactionStatus");
    const bool paid = log.response_code == "00" && (tstatus.empty() || tstatus == "00");
    PaymentRecord update = *p;
    update.gateway_txn_no = log.gateway_txn_no;
    update.bank_code = get("vnp_BankCode").substr(0, 32);
    log.answer = domain::kIpnConfirmed;
    if (!paid) {
      update.status = "failed";
      bool changed = false;
      Status st = db_.Write([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(changed, storage::UpdatePaymentFrom(c, update, "pending"));
        if (!changed) return Status::Ok();
        return storage::InsertGatewayNotification(c, log).status();
      });
      if (!st.ok()) return answer(domain::kIpnOther, "Unknown error");
      if (!changed) return answer(domain::kIpnAlreadyConfirmed, "Order already confirmed");
      return IpnAnswer{domain::kIpnConfirmed, "Confirm Success"};
    }

    // The payment, its receipt number, the log row and the dossier's "pay" as one transaction,
    // acting for the applicant who paid.
    Principal applicant;
    applicant.user_id = d->applicant_user_id.value_or(0);
    applicant.full_name = ApplicantName(*d) + " (thanh toán trực tuyến)";
    applicant.role = Role::kCitizen;
    ActionInput in;
    in.action = "pay";
    in.version = d->version;
    in.within = [&](Connection& c, const DossierRecord&, json::object&,
                    json::object& detail) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto settled, Settle(c, update, now));
      MOTCUA_ASSIGN_OR_RETURN(bool changed, storage::UpdatePaymentFrom(c, settled, "pending"));
      if (!changed) return Status::Conflict("already_confirmed", "vnp_TxnRef");
      MOTCUA_RETURN_IF_ERROR(storage::InsertGatewayNotification(c, log).status());
      detail["payment"] = PaymentJson(settled);
      return Status::Ok();
    };
    auto acted = dossiers_.Act(applicant, d->code, in);
    if (acted.ok()) return IpnAnswer{domain::kIpnConfirmed, "Confirm Success"};
    const Status& st = acted.status();
    if (st.reason() == "already_confirmed")
      return answer(domain::kIpnAlreadyConfirmed, "Order already confirmed");
    if (st.reason() == "stale_version") continue;  // the dossier moved meanwhile: read again
    if (st.reason() == "invalid_transition" || st.reason() == "role_cannot_act" ||
        st.reason() == "not_applicant") {
      // The money was taken but the dossier no longer waits for it (withdrawn, stopped, paid at
      // the counter meanwhile): the payment is recorded with its receipt and owed back.
      bool changed = false;
      Status late = db_.Write([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(auto settled, Settle(c, update, now));
        MOTCUA_ASSIGN_OR_RETURN(changed, storage::UpdatePaymentFrom(c, settled, "pending"));
        if (!changed) return Status::Ok();
        storage::RefundRecord r;
        r.payment_id = settled.id;
        r.dossier_id = settled.dossier_id;
        r.amount = settled.amount;
        r.status = "pending";
        r.reason = "Thanh toán đến khi hồ sơ không còn chờ thực hiện nghĩa vụ tài chính";
        r.created_at = now;
        MOTCUA_RETURN_IF_ERROR(storage::InsertRefund(c, r).status());
        return storage::InsertGatewayNotification(c, log).status();
      });
      if (!late.ok()) return answer(domain::kIpnOther, "Unknown error");
      if (!changed) return answer(domain::kIpnAlreadyConfirmed, "Order already confirmed");
      return IpnAnswer{domain::kIpnConfirmed, "Confirm Success"};
    }
    spdlog::warn("IPN for {} not applied: {}", log.txn_ref, st.ToString());
    return answer(domain::kIpnOther, "Unknown error");
  }
  return answer(domain::kIpnOther, "Unknown error");
}

ReturnView PaymentService::VerifyReturn(const domain::GatewayParams& params) {
  ReturnView v;
  v.signature_ok = !options_.secret.empty() && domain::VerifyGatewayParams(params, options_.secret);
  if (!v.signature_ok) return v;
  auto get = [&](const char* name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  v.txn_ref = get("vnp_TxnRef");
  v.response_code = get("vnp_ResponseCode");
  v.success = v.response_code == "00";
  v.amount = domain::GatewayAmountVnd(get("vnp_Amount")).value_or(0);
  (void)db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto p, storage::FindPaymentByTxnRef(c, v.txn_ref));
    if (!p) return Status::Ok();
    v.confirmed = p->status == "paid";
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierById(c, p->dossier_id));
    if (d) v.dossier_code = d->code;
    return Status::Ok();
  });
  return v;
}

Result<json::object> PaymentService::DossierPayments(const Principal& caller,
                                                     const std::string& code, bool already_read) {
  if (!already_read) MOTCUA_RETURN_IF_ERROR(dossiers_.Get(&caller, code).status());
  json::object out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, FindDossier(c, code));
    json::object result = ParseObject(d.result);
    if (const json::value* fee = result.if_contains("fee")) out["fee"] = *fee;
    MOTCUA_ASSIGN_OR_RETURN(auto payments, storage::ListPayments(c, d.id));
    MOTCUA_ASSIGN_OR_RETURN(auto refunds, storage::ListRefunds(c, d.id));
    json::array ps, rs;
    int64_t paid = 0;
    for (const auto& p : payments) {
      if (p.status == "paid") paid += p.amount;
      ps.push_back(PaymentJson(p));
    }
    for (const auto& r : refunds)
      rs.push_back(json::object{{"id", r.id},
                                {"payment_id", r.payment_id},
                                {"amount", r.amount},
                                {"status", r.status},
                                {"reason", r.reason},
                                {"created_at_unix", r.created_at},
                                {"reference", r.reference}});
    out["payments"] = std::move(ps);
    out["refunds"] = std::move(rs);
    out["paid"] = paid;
    out["amount_due"] = AmountDue(result).value_or(0);
    out["status"] = d.status;
    out["online_enabled"] = online_enabled();
    return Status::Ok();
  }));
  return out;
}

Result<ReceiptFile> PaymentService::ReceiptPdf(const Principal& caller, const std::string& code,
                                               const std::string& receipt_no) {
  MOTCUA_RETURN_IF_ERROR(dossiers_.Get(&caller, code).status());
  forms::EReceipt r;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, FindDossier(c, code));
    MOTCUA_ASSIGN_OR_RETURN(auto p, storage::FindPaymentByReceiptNo(c, receipt_no));
    if (!p || p->dossier_id != d.id || p->status != "paid" || !p->paid_at)
      return Status::NotFound("receipt_not_found", "receipt_no");
    MOTCUA_ASSIGN_OR_RETURN(auto agency, Agency(c, p->agency_id));
    if (agency.parent_id) {
      MOTCUA_ASSIGN_OR_RETURN(auto parent, Agency(c, *agency.parent_id));
      r.parent_agency = parent.name;
    }
    r.agency_name = agency.name;
    const std::string& no = *p->receipt_no;
    const size_t cut = no.rfind('-');
    r.series = no.substr(0, cut);
    r.number = no.substr(cut + 1);
    const domain::LocalDate day = domain::LocalDateOf(*p->paid_at);
    r.place_date = fmt::format("ngày {:02} tháng {:02} năm {}", day.day, day.month, day.year);
    r.payer_name = p->payer_name;
    r.dossier_code = d.code;
    auto detail = catalogue_.Get(d.procedure_code);
    r.procedure_name = detail.ok() ? detail->entry.procedure.name : d.procedure_code;
    json::object result = ParseObject(d.result);
    // The assessment this payment paid: the latest one of its amount.
    const json::value* fee = nullptr;
    auto matches = [&](const json::value* f) {
      return f && f->is_object() && f->get_object().if_contains("total") &&
             f->get_object().at("total") == json::value(p->amount);
    };
    if (const json::value* latest = result.if_contains("fee"); matches(latest)) fee = latest;
    if (const json::value* h = result.if_contains("fee_history"); !fee && h && h->is_array())
      for (const auto& f : h->get_array())
        if (matches(&f)) fee = &f;
    if (fee) {
      auto a = domain::FeeAssessmentFromJson(*fee);
      if (a.ok())
        for (const auto& l : a->lines)
          r.lines.push_back({l.name,
                             l.basis == "per_copy"   ? fmt::format("{} bản", l.quantity)
                             : l.basis == "per_page" ? fmt::format("{} trang", l.quantity)
                                                     : std::string("1"),
                             l.amount});
    }
    if (r.lines.empty()) r.lines.push_back({"Phí, lệ phí", "1", p->amount});
    r.amount = p->amount;
    r.amount_words = domain::AmountInWordsVi(p->amount);
    r.method = PaymentMethodLabelVi(p->method);
    r.reference = p->method == "gateway" ? p->gateway_txn_no : p->counter_receipt_no;
    const std::string local = domain::FormatLocalDateTime(*p->paid_at);  // YYYY-MM-DD HH:MM
    r.paid_at = local.substr(11) + " " + local.substr(8, 2) + "/" + local.substr(5, 2) + "/" +
                local.substr(0, 4);
    r.verify_url = VerifyUrl(*p);
    r.check_code = p->receipt_token;
    if (p->method == "gateway") {
      r.collector = "Thu tự động qua cổng thanh toán";
    } else if (p->recorded_by) {
      MOTCUA_ASSIGN_OR_RETURN(
          auto row, c.QueryOne("SELECT full_name FROM users WHERE id = ?", {*p->recorded_by}));
      r.collector = row ? row->Text(0) : std::string();
    }
    return Status::Ok();
  }));
  MOTCUA_ASSIGN_OR_RETURN(auto pdf, forms::RenderEReceiptPdf(r));
  return ReceiptFile{std::move(pdf), "bien-lai-" + receipt_no + ".pdf"};
}

Result<ReceiptCheck> PaymentService::CheckReceipt(const std::string& receipt_no,
                                                  const std::string& token) {
  ReceiptCheck out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto p, storage::FindPaymentByReceiptNo(c, receipt_no));
    if (!p || p->status != "paid" || token.empty() || !ConstantTimeEquals(token, p->receipt_token))
      return Status::NotFound("receipt_not_found", "receipt_no");
    MOTCUA_ASSIGN_OR_RETURN(auto agency, Agency(c, p->agency_id));
    MOTCUA_ASSIGN_OR_RETURN(auto refunds, storage::ListRefunds(c, p->dossier_id));
    out.receipt_no = receipt_no;
    out.agency_name = agency.name;
    out.amount = p->amount;
    out.paid_at = p->paid_at.value_or(0);
    for (const auto& r : refunds)
      if (r.payment_id == p->id && r.status == "refunded") out.refunded = true;
    return Status::Ok();
  }));
  return out;
}

Status PaymentService::MarkRefunded(const Principal& caller, const std::string& code,
                                    int64_t refund_id, const std::string& reference) {
  if (caller.role != Role::kReceptionOfficer && caller.role != Role::kLeader)
    return Status::PermissionDenied("role_cannot_act");
  std::string ref = reference;
  ref.erase(0, ref.find_first_not_of(" \t"));
  while (!ref.empty() && (ref.back() == ' ' || ref.back() == '\t')) ref.pop_back();
  const int64_t now = clock_.NowSeconds();
  return db_.Write([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, FindDossier(c, code));
    MOTCUA_ASSIGN_OR_RETURN(auto agency, Agency(c, d.agency_id));
    if (!caller.CoversAgencyPath(agency.path)) return Status::PermissionDenied("agency_scope");
    if (ref.empty()) return Status::Validation("missing_field", "reference");
    if (ref.size() > 64) return Status::Validation("invalid_field", "reference");
    MOTCUA_ASSIGN_OR_RETURN(auto refunds, storage::ListRefunds(c, d.id));
    bool mine = false;
    for (const auto& r : refunds) mine = mine || r.id == refund_id;
    if (!mine) return Status::NotFound("refund_not_found", "refund");
    MOTCUA_ASSIGN_OR_RETURN(bool changed,
                            storage::MarkRefunded(c, refund_id, now, caller.user_id, ref));
    if (!changed) return Status::Conflict("already_refunded", "refund");
    storage::DossierHistoryRecord h;
    h.dossier_id = d.id;
    h.at = now;
    h.actor_user_id = caller.user_id;
    h.actor_name = caller.full_name;
    h.actor_role = std::string(domain::RoleName(caller.role));
    h.agency_id = caller.agency_id;
    h.action = "refund";
    h.from_status = d.status;
    h.to_status = d.status;
    h.comment = "Đã hoàn trả phí, lệ phí: " + ref;
    h.detail = json::serialize(json::object{{"refund_id", refund_id}, {"reference", ref}});
    return storage::AppendDossierHistory(c, h).status();
  });
}

Result<Reconciliation> PaymentService::Reconcile(const Principal& caller, const std::string& from,
                                                 const std::string& to) {
  if (caller.role != Role::kReceptionOfficer && caller.role != Role::kLeader &&
      caller.role != Role::kMonitor)
    return Status::PermissionDenied("role_cannot_act");
  auto f = domain::LocalDate::Parse(from);
  if (!f) return Status::Validation("invalid_date", "from");
  auto t = domain::LocalDate::Parse(to);
  if (!t) return Status::Validation("invalid_date", "to");
  if (*t < *f) return Status::Validation("invalid_range", "to");
  if (t->DayNumber() - f->DayNumber() > 92) return Status::Validation("range_too_long", "to");
  const int64_t start = domain::StartOfLocalDay(*f);
  const int64_t end = domain::StartOfLocalDay(t->AddDays(1));
  Reconciliation out;
  out.from = from;
  out.to = to;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto payments, storage::ListOnlinePaymentsBetween(c, start, end));
    MOTCUA_ASSIGN_OR_RETURN(auto notes, storage::ListGatewayNotificationsBetween(c, start, end));
    std::map<std::string, std::vector<const storage::GatewayNotificationRecord*>> by_ref;
    for (const auto& n : notes) by_ref[n.txn_ref].push_back(&n);
    std::map<int64_t, storage::AgencyRecord> agencies;
    for (const auto& p : payments) {
      if (!agencies.count(p.agency_id)) {
        MOTCUA_ASSIGN_OR_RETURN(agencies[p.agency_id], Agency(c, p.agency_id));
      }
      const bool covered = caller.CoversAgencyPath(agencies[p.agency_id].path);
      const std::string ref = p.txn_ref.value_or("");
      auto it = by_ref.find(ref);
      std::vector<const storage::GatewayNotificationRecord*> mine;
      if (it != by_ref.end()) {
        mine = std::move(it->second);
        by_ref.erase(it);
      }
      if (!covered) continue;
      ReconciliationRow row;
      row.txn_ref = ref;
      MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierById(c, p.dossier_id));
      row.dossier_code = d ? d->code : std::string();
      row.recorded_amount = p.amount;
      row.recorded_status = p.status;
      row.notifications = static_cast<int>(mine.size());
      row.at = p.paid_at.value_or(p.created_at);
      bool gateway_paid = false, amount_bad = false, bad_sig = false;
      for (const auto* n : mine) {
        if (!n->signature_ok) {
          bad_sig = true;
          continue;
        }
        row.gateway_code = n->response_code;
        row.gateway_amount = n->amount;
        if (n->amount && *n->amount != p.amount) amount_bad = true;
        if (n->response_code == "00" && n->amount == p.amount) gateway_paid = true;
      }
      if (amount_bad) {
        row.flag = "amount_mismatch";
      } else if (gateway_paid && p.status != "paid") {
        row.flag = "not_confirmed";
      } else if (!gateway_paid && p.status == "paid") {
        row.flag = "no_notification";
      } else if (p.status == "paid") {
        row.flag = "ok";
      } else if (p.status == "failed") {
        row.flag = "failed";
      } else if (bad_sig) {
        row.flag = "invalid_signature";
      } else {
        row.flag = "abandoned";
      }
      if (p.status == "paid") out.recorded_total += p.amount;
      if (gateway_paid) out.gateway_total += p.amount;
      out.rows.push_back(std::move(row));
    }
    // Notifications of no order of ours (forged, or another merchant's): the province's staff.
    if (caller.AtRootAgency()) {
      for (const auto& [ref, list] : by_ref) {
        for (const auto* n : list) {
          // A notification of an order created before the period belongs to that order's day.
          MOTCUA_ASSIGN_OR_RETURN(auto known, storage::FindPaymentByTxnRef(c, ref));
          if (known) continue;
          ReconciliationRow row;
          row.txn_ref = ref;
          row.gateway_amount = n->amount;
          row.gateway_code = n->response_code;
          row.notifications = 1;
          row.at = n->received_at;
          row.flag = n->signature_ok ? "unknown_order" : "invalid_signature";
          out.rows.push_back(std::move(row));
        }
      }
    }
    return Status::Ok();
  }));
  for (const auto& r : out.rows)
    if (r.flag != "ok" && r.flag != "abandoned" && r.flag != "failed") ++out.mismatches;
  return out;
}

}  // namespace motcua::service
