#include "storage/postal_store.h"

#include <fmt/format.h>

#include <string_view>

namespace motcua::storage {
namespace {

constexpr std::string_view kShipmentColumns =
    "id, dossier_id, direction, carrier, tracking_number, status, recorded_by, recorded_at, "
    "registered_at, last_event_at";

PostalShipmentRecord ShipmentFrom(const Row& r) {
  PostalShipmentRecord s;
  s.id = r.Int(0);
  s.dossier_id = r.Int(1);
  s.direction = r.Text(2);
  s.carrier = r.Text(3);
  s.tracking_number = r.Text(4);
  s.status = r.Text(5);
  s.recorded_by = r.OptInt(6);
  s.recorded_at = r.Int(7);
  s.registered_at = r.OptInt(8);
  s.last_event_at = r.OptInt(9);
  return s;
}

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

Result<std::vector<PostalShipmentRecord>> Shipments(Connection& c, std::string_view rest,
                                                    const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT {} FROM postal_shipments {}", kShipmentColumns, rest), params));
  std::vector<PostalShipmentRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ShipmentFrom(r));
  return out;
}

}  // namespace

Result<PostalShipmentRecord> InsertPostalShipment(Connection& c, PostalShipmentRecord rec) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO postal_shipments (dossier_id, direction, carrier, tracking_number, "
          "status, recorded_by, recorded_at, registered_at, last_event_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {rec.dossier_id, rec.direction, rec.carrier, rec.tracking_number, rec.status,
           Opt(rec.recorded_by), rec.recorded_at, Opt(rec.registered_at), Opt(rec.last_event_at)}));
  if (!row) return Status::Internal("INSERT INTO postal_shipments returned no id");
  rec.id = row->Int(0);
  return rec;
}

Result<std::optional<PostalShipmentRecord>> FindPostalShipment(Connection& c,
                                                               const std::string& carrier,
                                                               const std::string& tracking) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows, Shipments(c, "WHERE carrier = ? AND tracking_number = ?", {carrier, tracking}));
  if (rows.empty()) return std::optional<PostalShipmentRecord>();
  return std::optional<PostalShipmentRecord>(std::move(rows.front()));
}

void ListPostalShipments(QueryBatch& batch, int64_t dossier_id,
                         std::vector<PostalShipmentRecord>* out) {
  // Formatted once: every dossier view reads this.
  static const std::string sql = fmt::format(
      "SELECT {} FROM postal_shipments WHERE dossier_id = ? ORDER BY id", kShipmentColumns);
  batch.Add(sql, {dossier_id}, [out](Rows& rows) {
    out->clear();
    out->reserve(rows.size());
    for (const auto& r : rows) out->push_back(ShipmentFrom(r));
    return Status::Ok();
  });
}

Result<std::vector<PostalShipmentRecord>> ListPostalShipments(Connection& c, int64_t dossier_id) {
  return ReadAlone<std::vector<PostalShipmentRecord>>(
      c, [&](QueryBatch& batch, auto* out) { ListPostalShipments(batch, dossier_id, out); });
}

Result<std::vector<PostalShipmentRecord>> ListUnregisteredShipments(Connection& c,
                                                                    const std::string& carrier,
                                                                    int limit) {
  return Shipments(c, "WHERE carrier = ? AND registered_at IS NULL ORDER BY id LIMIT ?",
                   {carrier, int64_t{limit}});
}

Result<std::vector<PostalShipmentRecord>> ListOpenShipments(
    Connection& c, const std::string& carrier, const std::vector<std::string>& terminal,
    int limit) {
  std::string rest = "WHERE carrier = ? AND registered_at IS NOT NULL";
  Params params{carrier};
  for (const auto& t : terminal) {
    rest += " AND status <> ?";
    params.emplace_back(t);
  }
  rest += " ORDER BY COALESCE(last_event_at, registered_at), id LIMIT ?";
  params.emplace_back(int64_t{limit});
  return Shipments(c, rest, params);
}

Status MarkShipmentRegistered(Connection& c, int64_t shipment_id, int64_t at) {
  return c
      .Exec(
          "UPDATE postal_shipments SET registered_at = ?, status = CASE WHEN status = 'recorded' "
          "THEN 'registered' ELSE status END WHERE id = ? AND registered_at IS NULL",
          {at, shipment_id})
      .status();
}

Status UpdateShipmentStatus(Connection& c, int64_t shipment_id, const std::string& status,
                            int64_t last_event_at) {
  return c
      .Exec("UPDATE postal_shipments SET status = ?, last_event_at = ? WHERE id = ?",
            {status, last_event_at, shipment_id})
      .status();
}

Result<bool> InsertPostalEvent(Connection& c, const PostalEventRecord& e) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n,
      c.Exec("INSERT INTO postal_events (shipment_id, carrier_event_id, event_code, description, "
             "location, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT (shipment_id, carrier_event_id) DO NOTHING",
             {e.shipment_id, e.carrier_event_id, e.event_code, e.description, e.location,
              e.occurred_at, e.received_at}));
  return n > 0;
}

Result<std::vector<PostalEventRecord>> ListPostalEvents(Connection& c, int64_t shipment_id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, shipment_id, carrier_event_id, event_code, description, location, "
              "occurred_at, received_at FROM postal_events WHERE shipment_id = ? "
              "ORDER BY occurred_at DESC, id DESC",
              {shipment_id}));
  std::vector<PostalEventRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    PostalEventRecord e;
    e.id = r.Int(0);
    e.shipment_id = r.Int(1);
    e.carrier_event_id = r.Text(2);
    e.event_code = r.Text(3);
    e.description = r.Text(4);
    e.location = r.Text(5);
    e.occurred_at = r.Int(6);
    e.received_at = r.Int(7);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace motcua::storage
