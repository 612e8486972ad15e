#include "service/postal_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "service/dossier_service.h"
#include "storage/dossier_store.h"
#include "storage/postal_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

// Events shown per parcel: the latest ones; the full list stays in postal_events.
constexpr size_t kShownEvents = 20;

std::string CarrierDisplayName(const std::string& carrier) {
  if (carrier == "vnpost") return "Bưu điện Việt Nam";
  return "Đơn vị bưu chính " + carrier;
}

std::vector<std::string> TerminalCodes() {
  std::vector<std::string> out;
  for (const char* code : {"delivered", "returned"}) out.emplace_back(code);
  return out;
}

}  // namespace

Status RecordPostalShipment(storage::Connection& c, int64_t dossier_id,
                            domain::PostalDirection direction, const std::string& carrier,
                            const std::string& tracking_number, std::optional<int64_t> recorded_by,
                            int64_t now, const std::string& field) {
  MOTCUA_ASSIGN_OR_RETURN(auto existing, storage::FindPostalShipment(c, carrier, tracking_number));
  if (existing) return Status::Conflict("tracking_number_in_use", field);
  storage::PostalShipmentRecord s;
  s.dossier_id = dossier_id;
  s.direction = std::string(domain::PostalDirectionName(direction));
  s.carrier = carrier;
  s.tracking_number = tracking_number;
  s.status = "recorded";
  s.recorded_by = recorded_by;
  s.recorded_at = now;
  return storage::InsertPostalShipment(c, std::move(s)).status();
}

Result<json::array> PostalShipmentsView(storage::Connection& c,
                                        const std::vector<storage::PostalShipmentRecord>& shipments,
                                        bool full) {
  json::array out;
  for (const auto& s : shipments) {
    auto direction = domain::ParsePostalDirection(s.direction);
    json::object o{{"direction", s.direction},
                   {"direction_text",
                    direction ? json::value(domain::PostalDirectionLabelVi(*direction)) : nullptr},
                   {"tracking_number", s.tracking_number},
                   {"status", s.status},
                   {"status_text", domain::ShipmentStatusLabelVi(s.status)}};
    if (full) {
      o["carrier"] = s.carrier;
      o["recorded_at"] = IsoVietnam(s.recorded_at);
      o["registered_at"] = s.registered_at ? json::value(IsoVietnam(*s.registered_at)) : nullptr;
      o["last_event_at"] = s.last_event_at ? json::value(IsoVietnam(*s.last_event_at)) : nullptr;
    }
    MOTCUA_ASSIGN_OR_RETURN(auto events, storage::ListPostalEvents(c, s.id));
    json::array ea;
    for (size_t i = 0; i < events.size() && i < kShownEvents; ++i) {
      const auto& e = events[i];
      auto kind = domain::FindPostalEvent(e.event_code);
      json::object eo{{"code", e.event_code},
                      {"label", kind ? json::value(kind->label_vi) : json::value(e.event_code)},
                      {"occurred_at", IsoVietnam(e.occurred_at)},
                      {"occurred_at_unix", e.occurred_at}};
      if (full) {
        eo["description"] = e.description;
        eo["location"] = e.location;
      }
      ea.push_back(std::move(eo));
    }
    o["events"] = std::move(ea);
    out.push_back(std::move(o));
  }
  return out;
}

json::object PostalPushResult::ToJson() const {
  return json::object{{"accepted", accepted}, {"duplicate", duplicate}, {"unknown", unknown}};
}

PostalService::PostalService(storage::Database& db, const Clock& clock, PostalCarrier* carrier,
                             PostalServiceOptions options)
    : db_(db),
      clock_(clock),
      carrier_(carrier),
      options_(options),
      limiter_(clock, options.pushes_per_minute) {}

Result<PostalPushResult> PostalService::ReceivePush(std::string_view body,
                                                    std::string_view signature) {
  if (!carrier_) return Status(Code::kUnavailable, "postal_carrier_not_configured");
  if (!carrier_->VerifyPush(body, signature))
    return Status(Code::kUnauthenticated, "invalid_signature", kCarrierSignatureHeader);
  MOTCUA_ASSIGN_OR_RETURN(auto events, carrier_->ParsePush(body));
  return Apply(events);
}

Result<PostalPushResult> PostalService::Apply(const std::vector<CarrierEvent>& events) {
  PostalPushResult r;
  if (events.empty()) return r;
  const std::string& carrier = carrier_->name();
  const int64_t now = clock_.NowSeconds();
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    r = {};
    for (const auto& e : events) {
      MOTCUA_ASSIGN_OR_RETURN(auto shipment,
                              storage::FindPostalShipment(c, carrier, e.tracking_number));
      if (!shipment) {
        ++r.unknown;
        continue;
      }
      auto kind = domain::FindPostalEvent(e.code);
      if (!kind) return Status::Internal("carrier adapter passed an unknown event code");
      storage::PostalEventRecord rec;
      rec.shipment_id = shipment->id;
      rec.carrier_event_id = e.event_id;
      rec.event_code = e.code;
      rec.description = e.description;
      rec.location = e.location;
      rec.occurred_at = e.occurred_at;
      rec.received_at = now;
      MOTCUA_ASSIGN_OR_RETURN(bool inserted, storage::InsertPostalEvent(c, rec));
      if (!inserted) {
        ++r.duplicate;
        continue;
      }
      ++r.accepted;
      // Events may arrive out of order: the latest occurrence sets the status, and a terminal
      // event (delivered, returned) holds it whenever it arrives.
      const int64_t last = shipment->last_event_at.value_or(0);
      std::string status = shipment->status;
      if (e.occurred_at >= last || kind->terminal)
        status = domain::NextShipmentStatus(shipment->status, e.code);
      MOTCUA_RETURN_IF_ERROR(
          storage::UpdateShipmentStatus(c, shipment->id, status, std::max(last, e.occurred_at)));

      MOTCUA_ASSIGN_OR_RETURN(auto dossier, storage::FindDossierById(c, shipment->dossier_id));
      if (!dossier) return Status::Internal("postal shipment of a missing dossier");
      storage::DossierHistoryRecord h;
      h.dossier_id = dossier->id;
      h.at = now;
      h.actor_name = CarrierDisplayName(carrier);
      h.actor_role = "carrier";
      h.action = "postal_event";
      h.from_status = dossier->status;
      h.to_status = dossier->status;
      h.comment = domain::PostalHistoryComment(*kind);
      json::object detail{{"carrier", carrier},
                          {"tracking_number", shipment->tracking_number},
                          {"direction", shipment->direction},
                          {"event_code", e.code},
                          {"occurred_at", IsoVietnam(e.occurred_at)}};
      if (!e.location.empty()) detail["location"] = e.location;
      h.detail = json::serialize(detail);
      MOTCUA_RETURN_IF_ERROR(storage::AppendDossierHistory(c, h).status());

      // The result sent by post reached the applicant (or came back): the dossier says so.
      if (kind->terminal && shipment->direction == "outbound" && status == e.code) {
        boost::system::error_code ec;
        json::value parsed = json::parse(dossier->result, ec);
        json::object result = !ec && parsed.is_object() ? parsed.as_object() : json::object();
        result["postal_return"] = json::object{{"tracking_number", shipment->tracking_number},
                                               {"status", e.code},
                                               {"status_text", kind->label_vi},
                                               {"at", IsoVietnam(e.occurred_at)},
                                               {"at_unix", e.occurred_at}};
        dossier->result = json::serialize(result);
        dossier->updated_at = now;
        MOTCUA_ASSIGN_OR_RETURN(bool updated, storage::UpdateDossier(c, *dossier));
        if (!updated) return Status::Conflict("stale_version", "version");
      }
    }
    return Status::Ok();
  }));
  return r;
}

Result<PostalSyncResult> PostalService::Sync(bool poll) {
  PostalSyncResult out;
  if (!carrier_) return out;
  const std::string carrier = carrier_->name();
  std::vector<storage::PostalShipmentRecord> pending;
  std::vector<std::string> references;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(pending,
                            storage::ListUnregisteredShipments(c, carrier, options_.batch));
    references.clear();
    for (const auto& s : pending) {
      MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierById(c, s.dossier_id));
      references.push_back(d ? d->code : std::string());
    }
    return Status::Ok();
  }));
  // The carrier is called outside any transaction: a slow carrier never holds the writer.
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto& s = pending[i];
    Status st = carrier_->Register({s.tracking_number, s.direction, references[i]});
    if (!st.ok()) {
      ++out.registration_failures;
      // A carrier that cannot be reached will not be reached for the next parcel either: the
      // round ends rather than waiting out every timeout (and holding up a shutdown).
      if (st.reason() == "postal_carrier_unreachable") return out;
      continue;
    }
    MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) {
      return storage::MarkShipmentRegistered(c, s.id, clock_.NowSeconds());
    }));
    ++out.registered;
  }
  if (!poll) return out;
  std::vector<storage::PostalShipmentRecord> open;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        open, storage::ListOpenShipments(c, carrier, TerminalCodes(), options_.batch));
    return Status::Ok();
  }));
  for (const auto& s : open) {
    auto events = carrier_->Track(s.tracking_number);
    if (!events.ok()) {
      if (events.status().reason() == "postal_carrier_unreachable") break;
      continue;
    }
    ++out.polled;
    MOTCUA_ASSIGN_OR_RETURN(auto applied, Apply(*events));
    out.events.accepted += applied.accepted;
    out.events.duplicate += applied.duplicate;
    out.events.unknown += applied.unknown;
  }
  return out;
}

}  // namespace motcua::service
