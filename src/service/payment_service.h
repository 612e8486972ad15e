// Fees and payment (issue 16, decision 0016): the amount due for a dossier, the financial
// obligation step of the workflow, payment at the counter and online through the gateway,
// the electronic receipt, refunds and the daily reconciliation with the gateway.
//
// The amount due is computed (domain/fee) from the procedure version the dossier was received
// under, the counts the officer enters (pages, copies), the province's configured amounts and an
// optional exemption with its reason, and stored in the dossier's result document ("fee") by the
// request_payment transition itself. "pay" is only ever taken here, in the same transaction as
// the payment row and the receipt number: at the counter by a reception officer (cash or POS,
// with the slip's number), online when the gateway's IPN arrives with a valid signature and the
// exact amount. The browser's return from the gateway never marks anything paid; it shows what
// the IPN recorded (or that confirmation is on its way).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/fee.h"
#include "domain/payment_gateway.h"
#include "service/catalogue_service.h"
#include "service/dossier_service.h"
#include "service/principal.h"
#include "storage/database.h"
#include "storage/payment_store.h"

namespace motcua::service {

struct FeeConfig {
  domain::ProvinceFees province;
  std::vector<domain::FeeExemption> exemptions;
};
// <data_dir>/data/fees/exemptions.json, and the province amounts from `province_path` (empty:
// <data_dir>/data/fees/province.json). Missing files give empty configuration; a file that is
// there but wrong is an error naming it.
Result<FeeConfig> LoadFeeConfig(const std::string& data_dir, const std::string& province_path);

struct PaymentOptions {
  std::string gateway_url;  // the gateway's payment page; empty: no online payment
  std::string merchant;     // vnp_TmnCode
  std::string secret;       // the HMAC key the gateway shares with us
  std::string public_url;   // our site as the gateway's callers reach it (return URL, receipts)
  int expire_minutes = 15;  // vnp_ExpireDate after vnp_CreateDate
};

// The IPN's JSON answer.
struct IpnAnswer {
  std::string rsp_code;
  std::string message;
  boost::json::object ToJson() const;
};

// What the return page shows.
struct ReturnView {
  bool signature_ok = false;
  bool success = false;    // the gateway says the citizen paid (vnp_ResponseCode 00)
  bool confirmed = false;  // our record is paid (the IPN came)
  std::string dossier_code;
  int64_t amount = 0;
  std::string txn_ref;
  std::string response_code;
};

struct ReceiptFile {
  std::string bytes;
  std::string file_name;
};

// The public check of a receipt: nothing personal.
struct ReceiptCheck {
  std::string receipt_no;
  std::string agency_name;
  int64_t amount = 0;
  int64_t paid_at = 0;
  bool refunded = false;
};

struct ReconciliationRow {
  std::string txn_ref;
  std::string dossier_code;
  int64_t recorded_amount = 0;  // our payment row (0 when unknown)
  std::string recorded_status;  // pending / paid / failed, or "" when we have no such order
  std::optional<int64_t> gateway_amount;
  std::string gateway_code;  // the last notification's vnp_ResponseCode
  int notifications = 0;
  // "ok", "not_confirmed" (gateway paid, we did not record it), "no_notification" (recorded
  // paid with no successful notification), "amount_mismatch", "invalid_signature",
  // "unknown_order", "abandoned" (started, never notified), "failed" (gateway said unpaid).
  std::string flag;
  int64_t at = 0;
};
struct Reconciliation {
  std::string from, to;  // YYYY-MM-DD, both included
  std::vector<ReconciliationRow> rows;
  int64_t recorded_total = 0;  // paid online, our side
  int64_t gateway_total = 0;   // successful notifications, their side
  int mismatches = 0;
};

class PaymentService {
 public:
  PaymentService(storage::Database& db, const Clock& clock, CatalogueService& catalogue,
                 DossierService& dossiers, FeeConfig config, PaymentOptions options);

  bool online_enabled() const { return !options_.gateway_url.empty(); }
  const std::vector<domain::FeeExemption>& exemptions() const { return config_.exemptions; }
  // With --port 0 the return URL is known only once the port is bound.
  void SetPublicUrl(std::string url);

  // The amount the dossier would owe with these counts (no change); for the specialists and
  // leaders who may see it (PermissionDenied "role_cannot_act" for other roles). `already_read`:
  // the caller has just been allowed DossierService::Get of it (the page), not checked again.
  Result<domain::FeeAssessment> Assess(const Principal& caller, const std::string& code,
                                       const domain::FeeCount& count,
                                       const std::string& exemption_code,
                                       const std::string& exemption_reason,
                                       bool already_read = false);
  // request_payment with the assessed amount (the exemption code "" for none); an amount of 0
  // settles at once and the dossier stays in process. The dossier as DossierService::Act.
  Result<Reply> RequestPayment(const Principal& caller, const std::string& code, int64_t version,
                               const domain::FeeCount& count, const std::string& exemption_code,
                               const std::string& exemption_reason);
  // "pay" at the counter: a reception officer, method "cash" or "pos", the receipt book's or
  // POS slip's number (required). Issues the e-receipt number in the same transaction.
  Result<Reply> RecordCounterPayment(const Principal& caller, const std::string& code,
                                     int64_t version, const std::string& method,
                                     const std::string& counter_receipt_no);
  // The applicant starts paying online: a pending payment and the gateway URL to send the
  // browser to. Conflict "not_waiting_payment" unless the dossier waits for payment.
  Result<std::string> StartOnlinePayment(const Principal& caller, const std::string& code,
                                         const std::string& client_address);
  // The gateway's server-to-server notification. Idempotent; every call is logged for the
  // reconciliation, whatever the answer.
  IpnAnswer HandleIpn(const domain::GatewayParams& params);
  // The browser's return: checks the signature, reports what is recorded, changes nothing.
  ReturnView VerifyReturn(const domain::GatewayParams& params);

  // Fees, payments and refunds of the dossier for its page (caller must be able to Get it;
  // `already_read` as for Assess): {fee, payments: [...], refunds: [...], amount_due, paid}.
  Result<boost::json::object> DossierPayments(const Principal& caller, const std::string& code,
                                              bool already_read = false);
  // The e-receipt PDF of the dossier's payment `receipt_no`.
  Result<ReceiptFile> ReceiptPdf(const Principal& caller, const std::string& code,
                                 const std::string& receipt_no);
  // The public check behind the QR code: NotFound unless the number and token match.
  Result<ReceiptCheck> CheckReceipt(const std::string& receipt_no, const std::string& token);
  // Staff record that a pending refund was paid back (the transfer's or voucher's number).
  Status MarkRefunded(const Principal& caller, const std::string& code, int64_t refund_id,
                      const std::string& reference);
  // Online payments vs the gateway's notifications, per local day in [from, to] (YYYY-MM-DD),
  // for reception officers, leaders and monitors, within their agency subtree.
  Result<Reconciliation> Reconcile(const Principal& caller, const std::string& from,
                                   const std::string& to);

 private:
  Result<storage::PaymentRecord> Settle(storage::Connection& c, storage::PaymentRecord p,
                                        int64_t now);
  std::string VerifyUrl(const storage::PaymentRecord& p) const;

  storage::Database& db_;
  const Clock& clock_;
  CatalogueService& catalogue_;
  DossierService& dossiers_;
  FeeConfig config_;
  PaymentOptions options_;
  mutable std::mutex url_mu_;
};

// "Tiền mặt", "Thẻ (POS)", "Cổng thanh toán trực tuyến".
std::string PaymentMethodLabelVi(const std::string& method);

}  // namespace motcua::service
