// Postal hand-over (issue 16, part 4): the tracking number (số hiệu bưu gửi) of a dossier sent
// to the one-stop point by post (inbound) or of a result returned by post (outbound), and the
// carrier's delivery events. Vietnam Post numbers registered items and EMS in the UPU S10 format
// (two letters, eight digits, a check digit, "VN"); other carriers' formats are checked by their
// adapter (service/postal_carrier.h) with CheckTrackingNumberShape as the floor.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace motcua::domain {

enum class PostalDirection {
  kInbound,   // hồ sơ gửi qua bưu chính công ích
  kOutbound,  // trả kết quả qua bưu chính công ích
};
std::string_view PostalDirectionName(PostalDirection d);  // "inbound", "outbound"
std::optional<PostalDirection> ParsePostalDirection(std::string_view name);
std::string_view PostalDirectionLabelVi(PostalDirection d);

// The UPU S10 check digit of an eight-digit serial number (weights 8 6 4 2 3 5 9 7; 11 - sum
// mod 11, with 10 -> 0 and 11 -> 5); nullopt unless `serial` is exactly eight digits.
std::optional<int> S10CheckDigit(std::string_view serial);

// An S10 identifier as typed: blanks dropped, letters upper-cased, then two service letters,
// eight digits, the right check digit and a two-letter country code. Validation
// "invalid_tracking_number" on `field` otherwise.
Result<std::string> NormalizeS10(std::string_view text, const std::string& field);

// The floor every carrier's number must pass: blanks dropped, upper-cased, 6 to 40 characters
// of A-Z, 0-9 and '-'. Validation "invalid_tracking_number" on `field` otherwise.
Result<std::string> NormalizeTrackingNumber(std::string_view text, const std::string& field);

// A carrier delivery event as MotCua knows it. Carriers map their own codes to these.
struct PostalEventKind {
  std::string_view code;
  std::string_view label_vi;  // shown after "Bưu điện: " in the dossier's history
  std::string_view label_en;
  bool terminal;  // the parcel's journey is over (delivered, or back with the sender)
};

// The known event codes: accepted, in_transit, arrived, out_for_delivery, delivery_failed,
// delivered (terminal), returning, returned (terminal). nullopt for anything else.
std::optional<PostalEventKind> FindPostalEvent(std::string_view code);

// The shipment's status after an event: a terminal status is never left (a late "in_transit"
// replayed after "delivered" changes nothing); otherwise the event's code.
std::string NextShipmentStatus(std::string_view current, std::string_view event_code);

// Label of a shipment status: an event code's label, or "recorded" (số hiệu đã ghi nhận) and
// "registered" (đã đăng ký với đơn vị bưu chính).
std::string_view ShipmentStatusLabelVi(std::string_view status);
std::string_view ShipmentStatusLabelEn(std::string_view status);

// The history line an event leaves on the dossier, e.g. "Bưu điện: đã phát thành công".
std::string PostalHistoryComment(const PostalEventKind& kind);

}  // namespace motcua::domain
