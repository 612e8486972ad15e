#include "service/http_postal_carrier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "common/json_util.h"
#include "common/percent_encode.h"
#include "domain/postal.h"
#include "service/dossier_service.h"
#include "service/outbound_http.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

// What MotCua keeps of a carrier's free text: enough for a post office's name or a note.
constexpr size_t kMaxText = 300;
constexpr size_t kMaxEvents = 100;

Result<std::string> Text(const json::object& o, std::string_view name, const std::string& at,
                         bool required) {
  const json::value* v = o.if_contains(name);
  if (!v || v->is_null()) {
    if (required) return Status::Validation("missing_field", at + "." + std::string(name));
    return std::string();
  }
  if (!v->is_string() || v->as_string().size() > kMaxText)
    return Status::Validation("invalid_field", at + "." + std::string(name));
  return std::string(v->as_string());
}

Result<std::vector<CarrierEvent>> EventsFrom(const json::object& body,
                                             const HttpPostalCarrier& carrier) {
  const json::value* ev = body.if_contains("events");
  if (!ev || !ev->is_array()) return Status::Validation("missing_field", "events");
  const json::array& arr = ev->as_array();
  if (arr.size() > kMaxEvents) return Status::Validation("too_many_events", "events");
  std::vector<CarrierEvent> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = fmt::format("events[{}]", i);
    if (!arr[i].is_object()) return Status::Validation("invalid_field", at);
    const json::object& o = arr[i].as_object();
    CarrierEvent e;
    MOTCUA_ASSIGN_OR_RETURN(e.event_id, Text(o, "event_id", at, true));
    if (e.event_id.empty() || e.event_id.size() > 100)
      return Status::Validation("invalid_field", at + ".event_id");
    MOTCUA_ASSIGN_OR_RETURN(auto tracking, Text(o, "tracking_number", at, true));
    MOTCUA_ASSIGN_OR_RETURN(e.tracking_number,
                            carrier.NormalizeTrackingNumber(tracking, at + ".tracking_number"));
    MOTCUA_ASSIGN_OR_RETURN(e.code, Text(o, "code", at, true));
    if (!domain::FindPostalEvent(e.code))
      return Status::Validation("unknown_postal_event", at + ".code");
    MOTCUA_ASSIGN_OR_RETURN(e.description, Text(o, "description", at, false));
    MOTCUA_ASSIGN_OR_RETURN(e.location, Text(o, "location", at, false));
    const json::value* when = o.if_contains("occurred_at");
    if (!when || when->is_null()) return Status::Validation("missing_field", at + ".occurred_at");
    if (when->is_int64()) {
      e.occurred_at = when->as_int64();
    } else if (when->is_string()) {
      auto parsed = ParseInstant(std::string_view(when->as_string()));
      if (!parsed) return Status::Validation("invalid_field", at + ".occurred_at");
      e.occurred_at = *parsed;
    } else {
      return Status::Validation("invalid_field", at + ".occurred_at");
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status Refused(const std::string& carrier, const std::string& why) {
  spdlog::warn("postal carrier {} refused: {}", carrier, why);
  return Status(Code::kUnavailable, "postal_carrier_refused");
}

}  // namespace

std::string CarrierSignature(std::string_view key, std::string_view body) {
  return "sha256=" + HmacSha256Hex(key, body);
}

HttpPostalCarrier::HttpPostalCarrier(HttpCarrierOptions options) : options_(std::move(options)) {}

void HttpPostalCarrier::SetCallbackUrl(std::string url) {
  std::lock_guard lock(mu_);
  options_.callback_url = std::move(url);
}

Result<std::string> HttpPostalCarrier::NormalizeTrackingNumber(std::string_view text,
                                                               const std::string& field) const {
  if (options_.name == "vnpost") return domain::NormalizeS10(text, field);
  return domain::NormalizeTrackingNumber(text, field);
}

Result<std::pair<long, std::string>> HttpPostalCarrier::Call(const std::string& method,
                                                             const std::string& url,
                                                             const std::string& body) {
  if (options_.url.empty()) return Status(Code::kUnavailable, "postal_carrier_not_configured");
  OutboundRequest r;
  r.method = method;
  r.url = url;
  r.headers = {std::string(kCarrierKeyHeader) + ": " + options_.key, "Accept: application/json"};
  if (method == "POST") r.headers.push_back("Content-Type: application/json");
  r.body = body;
  r.connect_timeout_seconds = 5;
  r.timeout_seconds = options_.timeout_seconds;
  auto answer = SendOutbound(r);
  if (!answer.ok()) {
    spdlog::warn("postal carrier {}: {}", options_.name, answer.status().reason());
    return Status(Code::kUnavailable, "postal_carrier_unreachable");
  }
  return std::pair{answer->status, std::move(answer->body)};
}

Status HttpPostalCarrier::Register(const CarrierRegistration& shipment) {
  std::string callback;
  {
    std::lock_guard lock(mu_);
    callback = options_.callback_url;
  }
  json::object body{{"tracking_number", shipment.tracking_number},
                    {"direction", shipment.direction},
                    {"reference", shipment.reference},
                    {"callback_url", callback}};
  MOTCUA_ASSIGN_OR_RETURN(auto got,
                          Call("POST", options_.url + "/shipments", json::serialize(body)));
  if (got.first < 200 || got.first >= 300)
    return Refused(options_.name, fmt::format("HTTP {}", got.first));
  return Status::Ok();
}

Result<std::vector<CarrierEvent>> HttpPostalCarrier::Track(const std::string& tracking_number) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto got,
      Call("GET", options_.url + "/shipments/" + PercentEncode(tracking_number) + "/events", ""));
  if (got.first < 200 || got.first >= 300)
    return Refused(options_.name, fmt::format("HTTP {}", got.first));
  auto body = ParseJsonObject(got.second);
  if (!body.ok()) return Refused(options_.name, "an answer that is not a JSON object");
  return EventsFrom(*body, *this);
}

bool HttpPostalCarrier::VerifyPush(std::string_view body, std::string_view signature) const {
  if (options_.key.empty()) return false;
  const std::string expected = CarrierSignature(options_.key, body);
  return ConstantTimeEquals(signature, expected);
}

Result<std::vector<CarrierEvent>> HttpPostalCarrier::ParsePush(std::string_view body) const {
  MOTCUA_ASSIGN_OR_RETURN(auto o, ParseJsonObject(body));
  return EventsFrom(o, *this);
}

}  // namespace motcua::service
