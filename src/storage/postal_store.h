// The rows of postal hand-over (migration 23): shipments (one parcel each, inbound or outbound)
// and the carrier's delivery events. No personal data: the address stays in the dossier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/database.h"
#include "storage/query_batch.h"

namespace motcua::storage {

struct PostalShipmentRecord {
  int64_t id = 0;
  int64_t dossier_id = 0;
  std::string direction;  // domain::PostalDirectionName
  std::string carrier;    // the adapter's name, e.g. "vnpost"
  std::string tracking_number;
  std::string status;  // "recorded", "registered", or the last event's code (domain/postal.h)
  std::optional<int64_t> recorded_by;
  int64_t recorded_at = 0;
  std::optional<int64_t> registered_at;  // the carrier accepted the registration
  std::optional<int64_t> last_event_at;
};

struct PostalEventRecord {
  int64_t id = 0;
  int64_t shipment_id = 0;
  std::string carrier_event_id;
  std::string event_code;
  std::string description;
  std::string location;
  int64_t occurred_at = 0;
  int64_t received_at = 0;
};

// Already-used (carrier, tracking_number): kConflict "already_exists" (the caller checks first).
Result<PostalShipmentRecord> InsertPostalShipment(Connection& c, PostalShipmentRecord record);
Result<std::optional<PostalShipmentRecord>> FindPostalShipment(Connection& c,
                                                               const std::string& carrier,
                                                               const std::string& tracking_number);
// The dossier's shipments in the order they were recorded.
Result<std::vector<PostalShipmentRecord>> ListPostalShipments(Connection& c, int64_t dossier_id);
// The same read added to `batch`: `*out` is filled when the batch runs.
void ListPostalShipments(QueryBatch& batch, int64_t dossier_id,
                         std::vector<PostalShipmentRecord>* out);
// Shipments the carrier has not accepted yet (oldest first), for the registration job.
Result<std::vector<PostalShipmentRecord>> ListUnregisteredShipments(Connection& c,
                                                                    const std::string& carrier,
                                                                    int limit);
// Registered shipments whose journey is not over (no terminal status), oldest event first, for
// the tracking poll.
Result<std::vector<PostalShipmentRecord>> ListOpenShipments(
    Connection& c, const std::string& carrier, const std::vector<std::string>& terminal, int limit);
Status MarkShipmentRegistered(Connection& c, int64_t shipment_id, int64_t at);
Status UpdateShipmentStatus(Connection& c, int64_t shipment_id, const std::string& status,
                            int64_t last_event_at);
// Stores the event unless the shipment already has one with its carrier_event_id: true when it
// was new. ON CONFLICT DO NOTHING, so a duplicate does not abort the transaction.
Result<bool> InsertPostalEvent(Connection& c, const PostalEventRecord& record);
// The shipment's events, latest occurrence first.
Result<std::vector<PostalEventRecord>> ListPostalEvents(Connection& c, int64_t shipment_id);

}  // namespace motcua::storage
