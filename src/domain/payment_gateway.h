// The online payment gateway's protocol (the VNPay-style redirect protocol most Vietnamese
// gateways and the national portal's payment platform follow): the citizen's browser is sent to
// the gateway with signed parameters, comes back to the return URL with signed parameters, and
// the gateway calls the IPN URL server to server; only the IPN confirms a payment.
//
// Signature: HMAC-SHA512 (key = the merchant's secret), lower-case hex, over the canonical query:
// every vnp_ parameter except vnp_SecureHash and vnp_SecureHashType, with a non-empty value,
// sorted by name, each as name=value form-encoded (GatewayEncode) and joined with '&'.
// Amounts travel as VND × 100 (vnp_Amount=1600000 for 16.000 đồng).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

using GatewayParams = std::map<std::string, std::string>;  // sorted by name

// application/x-www-form-urlencoded as the gateways' reference code does it: A-Z a-z 0-9 and
// "-_." as they are, space as '+', every other byte (UTF-8 included) as %XX in capitals.
std::string GatewayEncode(std::string_view text);
// The canonical query that is signed (see above).
std::string CanonicalQuery(const GatewayParams& params);
// HMAC-SHA512 of CanonicalQuery(params) under `secret`, lower-case hex.
std::string SignGatewayParams(const GatewayParams& params, std::string_view secret);
// vnp_SecureHash is present and equals the signature of the other parameters (constant time,
// case-insensitive hex).
bool VerifyGatewayParams(const GatewayParams& params, std::string_view secret);

struct PaymentOrder {
  std::string merchant;  // vnp_TmnCode
  int64_t amount_vnd = 0;
  std::string txn_ref;      // vnp_TxnRef: our transaction reference, unique
  std::string order_info;   // vnp_OrderInfo: "Thanh toan le phi ho so <code>"
  std::string return_url;   // vnp_ReturnUrl
  std::string create_date;  // yyyyMMddHHmmss, Vietnam time
  std::string expire_date;  // yyyyMMddHHmmss, Vietnam time
  std::string ip_address;   // vnp_IpAddr: the citizen's address
  std::string locale = "vn";
};
// The gateway's URL for the citizen's browser: `gateway_url` + "?" + the order's parameters and
// vnp_SecureHash. Version 2.1.0, command "pay", currency "VND", order type "other".
std::string PaymentRedirectUrl(std::string_view gateway_url, const PaymentOrder& order,
                               std::string_view secret);
GatewayParams PaymentOrderParams(const PaymentOrder& order);

// Parses a query string (a=b&c=d, form-decoded) into parameters; the last of repeated names wins.
GatewayParams ParseGatewayQuery(std::string_view query);

// "yyyyMMddHHmmss" of a Unix instant in Vietnam time (UTC+7, no daylight saving).
std::string GatewayDate(int64_t unix_seconds);
// vnp_Amount as đồng: digits only and a multiple of 100; nullopt otherwise.
std::optional<int64_t> GatewayAmountVnd(std::string_view vnp_amount);

// The IPN's answer codes (RspCode).
inline constexpr const char* kIpnConfirmed = "00";
inline constexpr const char* kIpnOrderNotFound = "01";
inline constexpr const char* kIpnAlreadyConfirmed = "02";
inline constexpr const char* kIpnInvalidAmount = "04";
inline constexpr const char* kIpnInvalidSignature = "97";
inline constexpr const char* kIpnOther = "99";

}  // namespace motcua::domain
