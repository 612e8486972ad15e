// SQL for fees and payment (migration 21): payments with their electronic receipt numbers, the
// per-agency yearly receipt series, the gateway's notifications as received, and refunds.
// Every function runs on the caller's Connection so the service makes one transaction of a
// payment and the dossier's transition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct PaymentRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  int64_t agency_id = 0;  // the receiving agency: it collects and owns the receipt series
  std::string channel;    // "counter", "online"
  std::string method;     // "cash", "pos", "gateway"
  int64_t amount = 0;     // đồng
  std::string status;     // "pending", "paid", "failed"
  std::optional<std::string> txn_ref;  // online: vnp_TxnRef
  std::string gateway_txn_no;
  std::string bank_code;
  std::string counter_receipt_no;         // counter: the cash receipt book's / POS slip's number
  std::optional<std::string> receipt_no;  // the e-receipt's number once paid
  std::string receipt_token;              // the public check's secret
  std::string payer_name;
  std::optional<int64_t> recorded_by;
  int64_t created_at = 0;
  std::optional<int64_t> paid_at;
};

Result<PaymentRecord> InsertPayment(Connection& c, PaymentRecord p);
// Updates the mutable columns of `p` (status, gateway fields, receipt, paid_at) only while the
// stored status is still `expected_status`; false when it is not (a concurrent confirmation).
Result<bool> UpdatePaymentFrom(Connection& c, const PaymentRecord& p,
                               const std::string& expected_status);
Result<std::optional<PaymentRecord>> FindPaymentByTxnRef(Connection& c, const std::string& ref);
Result<std::optional<PaymentRecord>> FindPaymentByReceiptNo(Connection& c, const std::string& no);
Result<std::optional<PaymentRecord>> FindPayment(Connection& c, int64_t id);
Result<std::vector<PaymentRecord>> ListPayments(Connection& c, int64_t dossier_id);
// Online payments created or paid within [from, to).
Result<std::vector<PaymentRecord>> ListOnlinePaymentsBetween(Connection& c, int64_t from,
                                                             int64_t to);

// The next number of `agency_id`'s receipt series for `year` (1, 2, ...), taken in the caller's
// transaction.
Result<int64_t> NextReceiptNumber(Connection& c, int64_t agency_id, int year);

struct GatewayNotificationRecord {
  int64_t id = 0;
  int64_t received_at = 0;
  std::string txn_ref;
  std::optional<int64_t> amount;  // đồng, as the gateway reported it
  std::string response_code;
  std::string gateway_txn_no;
  bool signature_ok = false;
  std::string answer;  // our RspCode
};
Result<GatewayNotificationRecord> InsertGatewayNotification(Connection& c,
                                                            GatewayNotificationRecord n);
Result<std::vector<GatewayNotificationRecord>> ListGatewayNotificationsBetween(Connection& c,
                                                                               int64_t from,
                                                                               int64_t to);

struct RefundRecord {
  int64_t id = 0;
  int64_t payment_id = 0;
  int64_t dossier_id = 0;
  int64_t amount = 0;
  std::string status;  // "pending", "refunded"
  std::string reason;
  int64_t created_at = 0;
  std::optional<int64_t> refunded_at;
  std::optional<int64_t> refunded_by;
  std::string reference;  // the transfer's or the cash voucher's number
};
Result<RefundRecord> InsertRefund(Connection& c, RefundRecord r);
// Marks a pending refund refunded; false when it was not pending.
Result<bool> MarkRefunded(Connection& c, int64_t id, int64_t at, int64_t by,
                          const std::string& reference);
Result<std::vector<RefundRecord>> ListRefunds(Connection& c, int64_t dossier_id);
// A pending refund of the full amount for every paid payment of the dossier that has none yet
// (the dossier was refused or stopped); `reason` is the decision's.
Status OpenRefundsForPaidPayments(Connection& c, int64_t dossier_id, const std::string& reason,
                                  int64_t now);

}  // namespace motcua::storage
