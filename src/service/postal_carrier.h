// The carrier adapter (issue 16, part 4; decision 0018): what MotCua asks of a postal carrier
// and how it reads what the carrier pushes. One adapter per carrier; `motcua serve` configures
// the HTTP one (http_postal_carrier.h) with --carrier-url and --carrier-key. Nothing sent to a
// carrier names a person: the tracking number, the direction and the dossier code are enough
// for a parcel whose address is printed on its envelope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::service {

// A delivery event as the carrier reports it, mapped to MotCua's codes (domain/postal.h).
struct CarrierEvent {
  std::string event_id;  // the carrier's own id: the same event pushed twice is stored once
  std::string tracking_number;
  std::string code;  // domain::FindPostalEvent code
  std::string description;
  std::string location;  // the post office, never the addressee's address
  int64_t occurred_at = 0;
};

struct CarrierRegistration {
  std::string tracking_number;
  std::string direction;  // "inbound" | "outbound"
  std::string reference;  // the dossier code
};

class PostalCarrier {
 public:
  virtual ~PostalCarrier() = default;
  // Stored with every shipment, e.g. "vnpost".
  virtual const std::string& name() const = 0;
  // The carrier's tracking number format: its canonical text, or Validation
  // "invalid_tracking_number" on `field`.
  virtual Result<std::string> NormalizeTrackingNumber(std::string_view text,
                                                      const std::string& field) const = 0;
  // Tells the carrier about a parcel handed over, so that it pushes the parcel's events.
  // Unavailable when the carrier cannot be reached or refuses.
  virtual Status Register(const CarrierRegistration& shipment) = 0;
  // The parcel's events so far (the poll, for pushes that never came).
  virtual Result<std::vector<CarrierEvent>> Track(const std::string& tracking_number) = 0;
  // Whether a pushed body is the carrier's: `signature` is its signature header's value.
  virtual bool VerifyPush(std::string_view body, std::string_view signature) const = 0;
  // The events of a pushed body: Validation naming "events[i].<field>" when one is malformed.
  virtual Result<std::vector<CarrierEvent>> ParsePush(std::string_view body) const = 0;
};

// The header carrying a push's signature: "sha256=" and the lower-case hex HMAC-SHA256 of the
// raw body keyed with the shared carrier key.
inline constexpr const char* kCarrierSignatureHeader = "X-Carrier-Signature";
// The header carrying the key on MotCua's calls to the carrier.
inline constexpr const char* kCarrierKeyHeader = "X-Carrier-Key";

// "sha256=<hex HMAC-SHA256(key, body)>".
std::string CarrierSignature(std::string_view key, std::string_view body);

}  // namespace motcua::service
