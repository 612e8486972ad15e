// The channels a notification leaves by (issue 16, decision 0015), each behind one interface so
// that the worker neither knows nor cares how a provider is spoken to:
//   e-mail — SMTP through service::Mailer (libcurl; STARTTLS when the server offers it);
//   SMS    — a brand-name SMS gateway's HTTP API: POST <url> with the JSON document
//            {"brandname", "phone", "message", "request_id"} and the header
//            X-Signature: hex(HMAC-SHA256(key, body)); any 2xx is accepted;
//   Zalo   — the ZNS template API: POST <url> with {"phone", "template_id", "template_data",
//            "tracking_id"} and the header access_token: <key>; accepted when the reply's
//            "error" is 0.
// request_id / tracking_id is "motcua-<outbox id>", so a provider can drop the duplicate that
// at-least-once delivery may produce after a crash.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "service/mailer.h"

namespace motcua::service {

struct ChannelMessage {
  int64_t outbox_id = 0;
  std::string recipient;        // e-mail address or phone number as stored
  boost::json::object payload;  // the rendered message (email: subject, body; sms: text;
                                // zalo: template_id, template_data)
};

class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  // OK once the provider accepted the message; kUnavailable with the cause otherwise.
  virtual Status Send(const ChannelMessage& message) = 0;
};

struct HttpProviderOptions {
  std::string url;        // empty: the channel is off
  std::string key;        // SMS: the HMAC key; Zalo: the access token
  std::string brandname;  // SMS: the registered brand name the message shows as sender
  int64_t timeout_seconds = 15;
};

class EmailChannel : public NotificationChannel {
 public:
  explicit EmailChannel(Mailer& mailer) : mailer_(mailer) {}
  Status Send(const ChannelMessage& message) override;

 private:
  Mailer& mailer_;
};

class SmsGatewayChannel : public NotificationChannel {
 public:
  explicit SmsGatewayChannel(HttpProviderOptions options) : options_(std::move(options)) {}
  Status Send(const ChannelMessage& message) override;

 private:
  HttpProviderOptions options_;
};

class ZaloZnsChannel : public NotificationChannel {
 public:
  explicit ZaloZnsChannel(HttpProviderOptions options) : options_(std::move(options)) {}
  Status Send(const ChannelMessage& message) override;

 private:
  HttpProviderOptions options_;
};

// Constant-time comparison of a received signature with hex(HMAC-SHA256(key, data)) (the SMS
// gateway's signature, HmacSha256Hex in common/crypto.h, both ways).
bool SignatureMatches(std::string_view key, std::string_view data, std::string_view signature);

// "0912345678" / "+84912345678" -> "84912345678", as the providers want it; other text as is.
std::string InternationalPhone(std::string_view phone);

}  // namespace motcua::service
