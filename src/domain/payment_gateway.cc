#include "domain/payment_gateway.h"

#include <fmt/format.h>

#include "common/crypto.h"

namespace motcua::domain {

std::string GatewayEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string CanonicalQuery(const GatewayParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (name.rfind("vnp_", 0) != 0 || name == "vnp_SecureHash" || name == "vnp_SecureHashType" ||
        value.empty())
      continue;
    if (!out.empty()) out += '&';
    out += GatewayEncode(name);
    out += '=';
    out += GatewayEncode(value);
  }
  return out;
}

std::string SignGatewayParams(const GatewayParams& params, std::string_view secret) {
  return HmacSha512Hex(secret, CanonicalQuery(params));
}

bool VerifyGatewayParams(const GatewayParams& params, std::string_view secret) {
  auto it = params.find("vnp_SecureHash");
  if (it == params.end() || it->second.empty()) return false;
  std::string given = it->second;
  for (char& c : given)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c + 32);
  return ConstantTimeEquals(given, SignGatewayParams(params, secret));
}

GatewayParams PaymentOrderParams(const PaymentOrder& o) {
  return GatewayParams{
      {"vnp_Version", "2.1.0"},         {"vnp_Command", "pay"},
      {"vnp_TmnCode", o.merchant},      {"vnp_Amount", std::to_string(o.amount_vnd * 100)},
      {"vnp_CurrCode", "VND"},          {"vnp_TxnRef", o.txn_ref},
      {"vnp_OrderInfo", o.order_info},  {"vnp_OrderType", "other"},
      {"vnp_Locale", o.locale},         {"vnp_ReturnUrl", o.return_url},
      {"vnp_IpAddr", o.ip_address},     {"vnp_CreateDate", o.create_date},
      {"vnp_ExpireDate", o.expire_date}};
}

std::string PaymentRedirectUrl(std::string_view gateway_url, const PaymentOrder& order,
                               std::string_view secret) {
  GatewayParams params = PaymentOrderParams(order);
  std::string query = CanonicalQuery(params);
  return std::string(gateway_url) + (gateway_url.find('?') == std::string_view::npos ? "?" : "&") +
         query + "&vnp_SecureHash=" + SignGatewayParams(params, secret);
}

namespace {
int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::string FormDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace

GatewayParams ParseGatewayQuery(std::string_view query) {
  GatewayParams out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string name = FormDecode(pair.substr(0, eq));
      std::string value =
          eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
      out[std::move(name)] = std::move(value);
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

std::string GatewayDate(int64_t unix_seconds) {
  // Civil date from days since the epoch (Howard Hinnant's algorithm), in UTC+7.
  int64_t t = unix_seconds + 7 * 3600;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", y, m, d, secs / 3600, (secs / 60) % 60,
                     secs % 60);
}

std::optional<int64_t> GatewayAmountVnd(std::string_view vnp_amount) {
  if (vnp_amount.empty() || vnp_amount.size() > 15) return std::nullopt;
  int64_t v = 0;
  for (char c : vnp_amount) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v % 100 != 0) return std::nullopt;
  return v / 100;
}

}  // namespace motcua::domain
