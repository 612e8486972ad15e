#include "domain/postal.h"

#include <array>

namespace motcua::domain {
namespace {

constexpr std::array<PostalEventKind, 8> kEvents{{
    {"accepted", "đã nhận bưu gửi", "item accepted", false},
    {"in_transit", "đang vận chuyển", "in transit", false},
    {"arrived", "đã đến bưu cục phát", "arrived at the delivery office", false},
    {"out_for_delivery", "đang phát", "out for delivery", false},
    {"delivery_failed", "phát không thành công", "delivery attempt failed", false},
    {"delivered", "đã phát thành công", "delivered", true},
    {"returning", "đang chuyển hoàn", "being returned to sender", false},
    {"returned", "đã chuyển hoàn cho người gửi", "returned to sender", true},
}};

// Blanks dropped, ASCII letters upper-cased: "ev 123 456 785 vn" is how people copy numbers.
std::string Compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view PostalDirectionName(PostalDirection d) {
  return d == PostalDirection::kInbound ? "inbound" : "outbound";
}

std::optional<PostalDirection> ParsePostalDirection(std::string_view name) {
  if (name == "inbound") return PostalDirection::kInbound;
  if (name == "outbound") return PostalDirection::kOutbound;
  return std::nullopt;
}

std::string_view PostalDirectionLabelVi(PostalDirection d) {
  return d == PostalDirection::kInbound ? "Hồ sơ gửi qua bưu chính" : "Trả kết quả qua bưu chính";
}

std::optional<int> S10CheckDigit(std::string_view serial) {
  static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  if (serial.size() != 8) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    if (!Digit(serial[i])) return std::nullopt;
    sum += (serial[i] - '0') * kWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 0;
  if (check == 11) return 5;
  return check;
}

Result<std::string> NormalizeS10(std::string_view text, const std::string& field) {
  std::string s = Compact(text);
  auto bad = [&] { return Status::Validation("invalid_tracking_number", field); };
  if (s.size() != 13) return bad();
  if (!Upper(s[0]) || !Upper(s[1]) || !Upper(s[11]) || !Upper(s[12])) return bad();
  for (size_t i = 2; i < 11; ++i)
    if (!Digit(s[i])) return bad();
  auto check = S10CheckDigit(std::string_view(s).substr(2, 8));
  if (!check || *check != s[10] - '0') return bad();
  return s;
}

Result<std::string> NormalizeTrackingNumber(std::string_view text, const std::string& field) {
  std::string s = Compact(text);
  if (s.size() < 6 || s.size() > 40) return Status::Validation("invalid_tracking_number", field);
  for (char c : s)
    if (!Upper(c) && !Digit(c) && c != '-')
      return Status::Validation("invalid_tracking_number", field);
  return s;
}

std::optional<PostalEventKind> FindPostalEvent(std::string_view code) {
  for (const auto& e : kEvents)
    if (e.code == code) return e;
  return std::nullopt;
}

std::string NextShipmentStatus(std::string_view current, std::string_view event_code) {
  if (auto cur = FindPostalEvent(current); cur && cur->terminal) return std::string(current);
  return std::string(event_code);
}

std::string_view ShipmentStatusLabelVi(std::string_view status) {
  if (auto e = FindPostalEvent(status)) return e->label_vi;
  if (status == "registered") return "đã đăng ký với đơn vị bưu chính";
  return "đã ghi nhận số hiệu bưu gửi";
}

std::string_view ShipmentStatusLabelEn(std::string_view status) {
  if (auto e = FindPostalEvent(status)) return e->label_en;
  if (status == "registered") return "registered with the carrier";
  return "tracking number recorded";
}

std::string PostalHistoryComment(const PostalEventKind& kind) {
  return "Bưu điện: " + std::string(kind.label_vi);
}

}  // namespace motcua::domain
