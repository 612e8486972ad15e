// Postal hand-over (issue 16, part 4; decision 0018). The tracking number is recorded by the
// dossier's own transactions (DossierService: a postal submission's registration, the return
// of a result by post) through RecordPostalShipment; this service takes what the carrier says
// afterwards: its pushed events (the webhook POST /api/v1/postal/events) and, from the
// background job of `motcua serve`, the registration of new parcels and the poll of open ones.
// Each event is stored once per (shipment, carrier event id) and leaves one history entry on
// the dossier ("Bưu điện: đã phát thành công"); a terminal event of a result sent by post is
// also recorded in the dossier's result ("postal_return").
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/postal.h"
#include "service/lookup_limiter.h"
#include "service/postal_carrier.h"
#include "storage/database.h"
#include "storage/postal_store.h"

namespace motcua::service {

// Inside the caller's write transaction: a shipment row for the dossier, status "recorded".
// Conflict "tracking_number_in_use" (field `field`) when the carrier's number is already
// recorded for a parcel.
Status RecordPostalShipment(storage::Connection& c, int64_t dossier_id,
                            domain::PostalDirection direction, const std::string& carrier,
                            const std::string& tracking_number, std::optional<int64_t> recorded_by,
                            int64_t now, const std::string& field);

// A dossier's shipments (as read) for its views. `full` (staff, the applicant): carrier, dates,
// each event's description and post office. Otherwise (public lookup): the tracking number, the
// direction and status and the events' labels and instants only.
Result<boost::json::array> PostalShipmentsView(
    storage::Connection& c, const std::vector<storage::PostalShipmentRecord>& shipments, bool full);

struct PostalPushResult {
  int accepted = 0;   // new events stored
  int duplicate = 0;  // already stored (the carrier retried)
  int unknown = 0;    // no shipment with that tracking number
  boost::json::object ToJson() const;
};

struct PostalSyncResult {
  int registered = 0;
  int registration_failures = 0;
  int polled = 0;
  PostalPushResult events;
};

struct PostalServiceOptions {
  int pushes_per_minute = 120;  // webhook calls per client address; <= 0: unlimited
  int batch = 50;               // shipments registered or polled per sync round
};

class PostalService {
 public:
  // `carrier` may be null: then the webhook is unavailable and Sync does nothing.
  PostalService(storage::Database& db, const Clock& clock, PostalCarrier* carrier,
                PostalServiceOptions options = {});

  bool enabled() const { return carrier_ != nullptr; }

  // The webhook: `signature` is the X-Carrier-Signature header. Unavailable
  // "postal_carrier_not_configured" without a carrier; Unauthenticated "invalid_signature"
  // unless the body is signed with the carrier key; Validation on a malformed event (nothing
  // stored). All events of one push are stored in one transaction.
  Result<PostalPushResult> ReceivePush(std::string_view body, std::string_view signature);

  // One round of the background job: registers parcels the carrier has not accepted yet, then
  // (with `poll`) asks for the events of registered parcels whose journey is not over.
  Result<PostalSyncResult> Sync(bool poll);

  // The webhook's rate limit: 0 to go on, else seconds to wait.
  int64_t PushRetryAfter(const std::string& address) { return limiter_.Acquire(address); }

 private:
  Result<PostalPushResult> Apply(const std::vector<CarrierEvent>& events);

  storage::Database& db_;
  const Clock& clock_;
  PostalCarrier* carrier_;
  PostalServiceOptions options_;
  LookupLimiter limiter_;
};

}  // namespace motcua::service
