#include "storage/payment_store.h"

#include <fmt/format.h>

namespace motcua::storage {
namespace {

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
Value Opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }

constexpr const char* kPaymentSelect =
    "SELECT id, dossier_id, agency_id, channel, method, amount, status, txn_ref, gateway_txn_no, "
    "bank_code, counter_receipt_no, receipt_no, receipt_token, payer_name, recorded_by, "
    "created_at, paid_at FROM payments";

PaymentRecord PaymentFromRow(const Row& r) {
  PaymentRecord p;
  p.id = r.Int(0);
  p.dossier_id = r.Int(1);
  p.agency_id = r.Int(2);
  p.channel = r.Text(3);
  p.method = r.Text(4);
  p.amount = r.Int(5);
  p.status = r.Text(6);
  p.txn_ref = r.OptText(7);
  p.gateway_txn_no = r.Text(8);
  p.bank_code = r.Text(9);
  p.counter_receipt_no = r.Text(10);
  p.receipt_no = r.OptText(11);
  p.receipt_token = r.Text(12);
  p.payer_name = r.Text(13);
  p.recorded_by = r.OptInt(14);
  p.created_at = r.Int(15);
  p.paid_at = r.OptInt(16);
  return p;
}

Result<std::vector<PaymentRecord>> Payments(Connection& c, const std::string& where,
                                            const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(fmt::format("{} {}", kPaymentSelect, where), params));
  std::vector<PaymentRecord> out;
  for (const auto& r : rows) out.push_back(PaymentFromRow(r));
  return out;
}

Result<std::optional<PaymentRecord>> OnePayment(Connection& c, const std::string& where,
                                                const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto all, Payments(c, where, params));
  if (all.empty()) return std::optional<PaymentRecord>();
  return std::optional<PaymentRecord>(std::move(all.front()));
}

}  // namespace

Result<PaymentRecord> InsertPayment(Connection& c, PaymentRecord p) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO payments (dossier_id, agency_id, channel, method, amount, status, "
          "txn_ref, gateway_txn_no, bank_code, counter_receipt_no, receipt_no, "
          "receipt_token, payer_name, recorded_by, created_at, paid_at) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {p.dossier_id, p.agency_id, p.channel, p.method, p.amount, p.status, Opt(p.txn_ref),
           p.gateway_txn_no, p.bank_code, p.counter_receipt_no, Opt(p.receipt_no), p.receipt_token,
           p.payer_name, Opt(p.recorded_by), p.created_at, Opt(p.paid_at)}));
  if (!row) return Status::Internal("INSERT INTO payments returned no id");
  p.id = row->Int(0);
  return p;
}

Result<bool> UpdatePaymentFrom(Connection& c, const PaymentRecord& p,
                               const std::string& expected_status) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n,
      c.Exec("UPDATE payments SET status = ?, gateway_txn_no = ?, bank_code = ?, receipt_no = ?, "
             "receipt_token = ?, paid_at = ? WHERE id = ? AND status = ?",
             {p.status, p.gateway_txn_no, p.bank_code, Opt(p.receipt_no), p.receipt_token,
              Opt(p.paid_at), p.id, expected_status}));
  return n == 1;
}

Result<std::optional<PaymentRecord>> FindPaymentByTxnRef(Connection& c, const std::string& ref) {
  return OnePayment(c, "WHERE txn_ref = ?", {ref});
}

Result<std::optional<PaymentRecord>> FindPaymentByReceiptNo(Connection& c, const std::string& no) {
  return OnePayment(c, "WHERE receipt_no = ?", {no});
}

Result<std::optional<PaymentRecord>> FindPayment(Connection& c, int64_t id) {
  return OnePayment(c, "WHERE id = ?", {id});
}

Result<std::vector<PaymentRecord>> ListPayments(Connection& c, int64_t dossier_id) {
  return Payments(c, "WHERE dossier_id = ? ORDER BY id", {dossier_id});
}

Result<std::vector<PaymentRecord>> ListOnlinePaymentsBetween(Connection& c, int64_t from,
                                                             int64_t to) {
  return Payments(c,
                  "WHERE channel = 'online' AND ((created_at >= ? AND created_at < ?) OR "
                  "(paid_at >= ? AND paid_at < ?)) ORDER BY id",
                  {from, to, from, to});
}

Result<int64_t> NextReceiptNumber(Connection& c, int64_t agency_id, int year) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t bumped,
      c.Exec("UPDATE receipt_series SET last_number = last_number + 1 WHERE agency_id = ? AND "
             "year = ?",
             {agency_id, int64_t{year}}));
  if (bumped == 0) {
    MOTCUA_RETURN_IF_ERROR(
        c.Exec("INSERT INTO receipt_series (agency_id, year, last_number) VALUES (?, ?, 1)",
               {agency_id, int64_t{year}})
            .status());
    return int64_t{1};
  }
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("SELECT last_number FROM receipt_series WHERE agency_id = ? AND year = ?",
                 {agency_id, int64_t{year}}));
  if (!row) return Status::Internal("receipt series vanished");
  return row->Int(0);
}

Result<GatewayNotificationRecord> InsertGatewayNotification(Connection& c,
                                                            GatewayNotificationRecord n) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO gateway_notifications (received_at, txn_ref, amount, "
                 "response_code, gateway_txn_no, signature_ok, answer) VALUES (?, ?, ?, ?, ?, ?, "
                 "?) RETURNING id",
                 {n.received_at, n.txn_ref, Opt(n.amount), n.response_code, n.gateway_txn_no,
                  int64_t{n.signature_ok ? 1 : 0}, n.answer}));
  if (!row) return Status::Internal("INSERT INTO gateway_notifications returned no id");
  n.id = row->Int(0);
  return n;
}

Result<std::vector<GatewayNotificationRecord>> ListGatewayNotificationsBetween(Connection& c,
                                                                               int64_t from,
                                                                               int64_t to) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, received_at, txn_ref, amount, response_code, gateway_txn_no, "
              "signature_ok, answer FROM gateway_notifications WHERE received_at >= ? AND "
              "received_at < ? ORDER BY id",
              {from, to}));
  std::vector<GatewayNotificationRecord> out;
  for (const auto& r : rows)
    out.push_back(
        {r.Int(0), r.Int(1), r.Text(2), r.OptInt(3), r.Text(4), r.Text(5), r.Bool(6), r.Text(7)});
  return out;
}

Result<RefundRecord> InsertRefund(Connection& c, RefundRecord r) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO refunds (payment_id, dossier_id, amount, status, reason, "
                 "created_at, refunded_at, refunded_by, reference) VALUES (?, ?, ?, ?, ?, ?, ?, "
                 "?, ?) RETURNING id",
                 {r.payment_id, r.dossier_id, r.amount, r.status, r.reason, r.created_at,
                  Opt(r.refunded_at), Opt(r.refunded_by), r.reference}));
  if (!row) return Status::Internal("INSERT INTO refunds returned no id");
  r.id = row->Int(0);
  return r;
}

Result<bool> MarkRefunded(Connection& c, int64_t id, int64_t at, int64_t by,
                          const std::string& reference) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n, c.Exec("UPDATE refunds SET status = 'refunded', refunded_at = ?, refunded_by = ?, "
                        "reference = ? WHERE id = ? AND status = 'pending'",
                        {at, by, reference, id}));
  return n == 1;
}

Result<std::vector<RefundRecord>> ListRefunds(Connection& c, int64_t dossier_id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, payment_id, dossier_id, amount, status, reason, created_at, "
              "refunded_at, refunded_by, reference FROM refunds WHERE dossier_id = ? ORDER BY id",
              {dossier_id}));
  std::vector<RefundRecord> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Text(4), r.Text(5), r.Int(6),
                   r.OptInt(7), r.OptInt(8), r.Text(9)});
  return out;
}

Status OpenRefundsForPaidPayments(Connection& c, int64_t dossier_id, const std::string& reason,
                                  int64_t now) {
  MOTCUA_ASSIGN_OR_RETURN(auto payments, ListPayments(c, dossier_id));
  MOTCUA_ASSIGN_OR_RETURN(auto refunds, ListRefunds(c, dossier_id));
  for (const auto& p : payments) {
    if (p.status != "paid" || p.amount <= 0) continue;
    bool open = false;
    for (const auto& r : refunds) open = open || r.payment_id == p.id;
    if (open) continue;
    RefundRecord r;
    r.payment_id = p.id;
    r.dossier_id = dossier_id;
    r.amount = p.amount;
    r.status = "pending";
    r.reason = reason;
    r.created_at = now;
    MOTCUA_RETURN_IF_ERROR(InsertRefund(c, r).status());
  }
  return Status::Ok();
}

}  // namespace motcua::storage
