#include "forms/form_catalog.h"

#include <array>

namespace motcua::forms {
namespace {

struct Entry {
  Regime regime;
  FormKind kind;
  std::string_view number;
  std::string_view title;
  std::string_view heading;
};

constexpr std::array kEntries = {
    Entry{Regime::kCircular01_2018, FormKind::kReceipt, "01",
          "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
    Entry{Regime::kCircular01_2018, FormKind::kSupplementRequest, "02",
          "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
    Entry{Regime::kCircular01_2018, FormKind::kRefusal, "03",
          "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
    Entry{Regime::kCircular01_2018, FormKind::kApology, "04",
          "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
    Entry{Regime::kCircular01_2018, FormKind::kControlSheet, "05",
          "Phiếu kiểm soát quá trình giải quyết hồ sơ",
          "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
    Entry{Regime::kCircular01_2018, FormKind::kRegister, "06", "Sổ theo dõi hồ sơ",
          "SỔ THEO DÕI HỒ SƠ"},
    Entry{Regime::kCircular03_2025, FormKind::kReceipt, "01",
          "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
    Entry{Regime::kCircular03_2025, FormKind::kSupplementRequest, "02",
          "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
    Entry{Regime::kCircular03_2025, FormKind::kRefusal, "03",
          "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
    Entry{Regime::kCircular03_2025, FormKind::kApology, "04",
          "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
          "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"},
    Entry{Regime::kCircular03_2025, FormKind::kStopNotice, "05", "Thông báo dừng giải quyết hồ sơ",
          "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"},
    Entry{Regime::kCircular03_2025, FormKind::kControlSheet, "06",
          "Phiếu kiểm soát quá trình giải quyết hồ sơ",
          "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
    Entry{Regime::kCircular03_2025, FormKind::kRegister, "07", "Sổ theo dõi hồ sơ",
          "SỔ THEO DÕI HỒ SƠ"},
};

const Entry* Find(Regime regime, FormKind kind) {
  for (const Entry& e : kEntries)
    if (e.regime == regime && e.kind == kind) return &e;
  return nullptr;
}

constexpr std::array<std::pair<FormKind, std::string_view>, 7> kNames = {{
    {FormKind::kReceipt, "receipt"},
    {FormKind::kSupplementRequest, "supplement_request"},
    {FormKind::kRefusal, "refusal"},
    {FormKind::kApology, "apology"},
    {FormKind::kStopNotice, "stop_notice"},
    {FormKind::kControlSheet, "control_sheet"},
    {FormKind::kRegister, "register"},
}};

}  // namespace

const std::vector<RegimeInfo>& Regimes() {
  // Circular 03/2025/TT-VPCP applies to dossiers received from 1 July 2025, the day the two-tier
  // local government started (domain.md §1); earlier dossiers keep the 2018 forms.
  static const auto* regimes = new std::vector<RegimeInfo>{
      {Regime::kCircular01_2018, domain::LocalDate{2018, 8, 21}, "Thông tư số 01/2018/TT-VPCP",
       "2018"},
      {Regime::kCircular03_2025, domain::LocalDate{2025, 7, 1}, "Thông tư số 03/2025/TT-VPCP",
       "2025"},
  };
  return *regimes;
}

const RegimeInfo& InfoOf(Regime regime) {
  for (const RegimeInfo& r : Regimes())
    if (r.regime == regime) return r;
  return Regimes().front();
}

Regime RegimeFor(int64_t received_at) {
  const domain::LocalDate day = domain::LocalDateOf(received_at);
  Regime chosen = Regimes().front().regime;
  for (const RegimeInfo& r : Regimes())
    if (r.effective_from <= day) chosen = r.regime;
  return chosen;
}

std::optional<Regime> ParseRegime(std::string_view key) {
  for (const RegimeInfo& r : Regimes())
    if (r.key == key) return r.regime;
  return std::nullopt;
}

std::vector<FormKind> FormsOf(Regime regime) {
  std::vector<FormKind> kinds;
  for (const Entry& e : kEntries)
    if (e.regime == regime) kinds.push_back(e.kind);
  return kinds;
}

std::optional<std::string_view> FormNumber(Regime regime, FormKind kind) {
  const Entry* e = Find(regime, kind);
  if (!e) return std::nullopt;
  return e->number;
}

Result<FormKind> FormKindOf(Regime regime, std::string_view number) {
  if (number.size() == 1) {
    for (const Entry& e : kEntries)
      if (e.regime == regime && e.number[0] == '0' && e.number[1] == number[0]) return e.kind;
  }
  for (const Entry& e : kEntries)
    if (e.regime == regime && e.number == number) return e.kind;
  return Status(Code::kNotFound, "form_not_found", "form",
                "Không có mẫu biểu này trong bộ mẫu áp dụng cho hồ sơ.",
                "No such form in the set of forms that applies to this dossier.");
}

std::string_view FormTitle(Regime regime, FormKind kind) {
  const Entry* e = Find(regime, kind);
  return e ? e->title : std::string_view{};
}

std::string_view FormHeading(Regime regime, FormKind kind) {
  const Entry* e = Find(regime, kind);
  return e ? e->heading : std::string_view{};
}

std::string_view FormKindName(FormKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return {};
}

std::optional<FormKind> ParseFormKind(std::string_view name) {
  for (const auto& [k, n] : kNames)
    if (n == name) return k;
  return std::nullopt;
}

}  // namespace motcua::forms
