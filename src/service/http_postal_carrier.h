// The carrier adapter over HTTP with JSON (libcurl), the protocol of decision 0018:
//   POST {url}/shipments  {tracking_number, direction, reference, callback_url}   -> 2xx
//   GET  {url}/shipments/{tracking_number}/events -> {"events": [event, ...]}
// both with the key in X-Carrier-Key; and pushes to MotCua's POST /api/v1/postal/events with
// {"events": [event, ...]} signed in X-Carrier-Signature. An event is {event_id,
// tracking_number, code, description, location, occurred_at (Unix seconds or ISO 8601)}.
// Vietnam Post ("vnpost", the default) numbers parcels in the UPU S10 format, checked with its
// check digit; any other carrier name takes domain::NormalizeTrackingNumber's floor.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "service/postal_carrier.h"

namespace motcua::service {

struct HttpCarrierOptions {
  std::string name = "vnpost";
  std::string url;           // base URL, e.g. https://carrier.example/api
  std::string key;           // shared secret: sent on calls, keys the push signatures
  std::string callback_url;  // where the carrier pushes (MotCua's webhook)
  int64_t timeout_seconds = 10;
};

class HttpPostalCarrier : public PostalCarrier {
 public:
  explicit HttpPostalCarrier(HttpCarrierOptions options);

  const std::string& name() const override { return options_.name; }
  Result<std::string> NormalizeTrackingNumber(std::string_view text,
                                              const std::string& field) const override;
  Status Register(const CarrierRegistration& shipment) override;
  Result<std::vector<CarrierEvent>> Track(const std::string& tracking_number) override;
  bool VerifyPush(std::string_view body, std::string_view signature) const override;
  Result<std::vector<CarrierEvent>> ParsePush(std::string_view body) const override;

  // The webhook address, known once the server has bound its port.
  void SetCallbackUrl(std::string url);

 private:
  // One HTTP exchange: the status and the body, or Unavailable.
  Result<std::pair<long, std::string>> Call(const std::string& method, const std::string& url,
                                            const std::string& body);

  HttpCarrierOptions options_;
  mutable std::mutex mu_;  // guards callback_url
};

}  // namespace motcua::service
