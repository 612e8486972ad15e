#include "service/notification_channels.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/result.h"
#include "service/outbound_http.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

// POSTs a JSON body; kUnavailable on a transport failure (the cause, never the recipient).
Result<OutboundAnswer> PostJson(const std::string& url, const std::string& body,
                                const std::string& header, int64_t timeout_seconds) {
  OutboundRequest r;
  r.url = url;
  r.headers = {"Content-Type: application/json; charset=utf-8", header};
  r.body = body;
  r.timeout_seconds = timeout_seconds;
  return SendOutbound(r);
}

std::string StringOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

bool SignatureMatches(std::string_view key, std::string_view data, std::string_view signature) {
  std::string expected = HmacSha256Hex(key, data);
  if (signature.size() != expected.size()) return false;
  std::string lower(signature);
  for (char& c : lower)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return ConstantTimeEquals(lower, expected);
}

std::string InternationalPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.size() >= 10 && digits[0] == '0') return "84" + digits.substr(1);
  return digits.empty() ? std::string(phone) : digits;
}

Status EmailChannel::Send(const ChannelMessage& m) {
  return mailer_.Send(
      MailMessage{m.recipient, StringOf(m.payload, "subject"), StringOf(m.payload, "body")});
}

Status SmsGatewayChannel::Send(const ChannelMessage& m) {
  std::string body = json::serialize(json::object{
      {"brandname", options_.brandname},
      {"phone", InternationalPhone(m.recipient)},
      {"message", StringOf(m.payload, "text")},
      {"request_id", "motcua-" + std::to_string(m.outbox_id)},
  });
  MOTCUA_ASSIGN_OR_RETURN(
      auto reply, PostJson(options_.url, body, "X-Signature: " + HmacSha256Hex(options_.key, body),
                           options_.timeout_seconds));
  if (reply.status < 200 || reply.status >= 300)
    return Status(Code::kUnavailable, "sms gateway answered HTTP " + std::to_string(reply.status));
  return Status::Ok();
}

Status ZaloZnsChannel::Send(const ChannelMessage& m) {
  json::object data;
  if (const json::value* d = m.payload.if_contains("template_data"); d && d->is_object())
    data = d->get_object();
  std::string body = json::serialize(json::object{
      {"phone", InternationalPhone(m.recipient)},
      {"template_id", StringOf(m.payload, "template_id")},
      {"template_data", std::move(data)},
      {"tracking_id", "motcua-" + std::to_string(m.outbox_id)},
  });
  MOTCUA_ASSIGN_OR_RETURN(auto reply, PostJson(options_.url, body, "access_token: " + options_.key,
                                               options_.timeout_seconds));
  if (reply.status < 200 || reply.status >= 300)
    return Status(Code::kUnavailable, "zalo answered HTTP " + std::to_string(reply.status));
  boost::system::error_code ec;
  json::value v = json::parse(reply.body, ec);
  if (ec || !v.is_object()) return Status(Code::kUnavailable, "zalo reply is not JSON");
  const json::value* err = v.get_object().if_contains("error");
  if (!err || !err->is_int64() || err->get_int64() != 0)
    return Status(Code::kUnavailable, "zalo refused: " + StringOf(v.get_object(), "message"));
  return Status::Ok();
}

}  // namespace motcua::service
